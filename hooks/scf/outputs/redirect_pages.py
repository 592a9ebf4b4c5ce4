"""Old addresses of imported posts and pages, kept working on every host.

`_redirects` (host_files.py) serves hosts that read it (Netlify, Cloudflare Pages); GitHub
Pages reads no rules, so each old path also gets a small static page that sends readers
on, as mkdocs-redirects makes: a meta refresh and rel=canonical, no script. The old paths
are checked and claimed in the registry of addresses first (old_addresses.py), so a page
here never takes the place of a page of the site.
"""
from __future__ import annotations

import html

from scf.outputs.host_files import csp
from scf.outputs.writer import Output, text

from .old_addresses import Moved

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<title>This page has moved</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{canonical}">
<meta http-equiv="refresh" content="0; url={new}">
</head>
<body>
<p>This page has moved to <a href="{new}">{new}</a>.</p>
</body>
</html>
"""


def outputs(moved: list[Moved], site_url: str) -> list[Output]:
    """A page at each old path of a post or page (claimed in the registry: nothing else is there)."""
    policy = csp([], header=False)  # the page runs nothing
    pages = []
    for item in moved:
        canonical = site_url.rstrip("/") + item.new if site_url else item.new
        pages.append(text(item.address, _PAGE.format(new=html.escape(item.new), canonical=html.escape(canonical),
                                                      policy=policy)))
    return pages
