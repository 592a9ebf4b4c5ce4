"""Old addresses of imported posts and pages, kept working on every host.

`_redirects` (publish.py) serves hosts that read it (Netlify, Cloudflare Pages); GitHub
Pages reads no rules, so each old path also gets a small static page that sends readers
on, as mkdocs-redirects makes: a meta refresh and rel=canonical, no script. A query
address (`/?p=12`) is the home page to a static host: it gets neither, ever (a rule for
`/` would send every visitor of the home page to one old post); publish.moved lists them.
"""
from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import unquote

from .model import Site
from .publish import csp, moved

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


def write(site: Site, site_url: str, site_dir: Path) -> None:
    """A page at each old path that no built file already answers."""
    policy = csp([], header=False)  # the page runs nothing
    for old, new in moved(site, site_url):
        folder = site_dir / unquote(old).strip("/")
        target = folder / "index.html"
        if site_dir.resolve() not in target.resolve().parents or folder.is_file() or target.exists():
            continue  # outside the site (a "../" path), or a real page is there: it wins
        canonical = site_url.rstrip("/") + new if site_url else new
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(_PAGE.format(new=html.escape(new), canonical=html.escape(canonical), policy=policy),
                          encoding="utf-8")
