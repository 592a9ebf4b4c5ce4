"""A build of a proposed change, for reviewers only (`SCF_PREVIEW=1`, set by the pull-request
workflow): every page says so in a banner and asks search engines not to index it, and
robots.txt turns crawlers away, so a preview never competes with the live site.
A normal build has none of this.
"""
from __future__ import annotations

import os
import re

NOINDEX = '<meta name="robots" content="noindex">'
# No link or button inside: the skip link stays the first Tab stop. Styled in site.css
# (.scf-preview), in colours of its own that read the same on light and dark pages.
BANNER = ('<p class="scf-preview" role="note" data-pagefind-ignore="all"><strong>Preview of a proposed '
          'change.</strong> This is not the live site: nothing here is published yet.</p>')
ROBOTS = "User-agent: *\nDisallow: /\n"
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_BODY = re.compile(r"<body\b[^>]*>", re.I)


def wanted() -> bool:
    return os.environ.get("SCF_PREVIEW", "") not in ("", "0")


def mark_page(html: str, src_uri: str | None = None) -> str:
    """The noindex tag first in <head>, the banner first in <body>."""
    html = _HEAD.sub(lambda m: m[0] + NOINDEX, html, count=1)
    return _BODY.sub(lambda m: m[0] + BANNER, html, count=1)
