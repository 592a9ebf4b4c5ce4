"""Repairs to the theme's HTML, so every page passes the Nu Html Checker.

Material for MkDocs writes these in base.html and partials/nav-item.html, outside any block
an override can replace, so they are fixed in the final page instead of copying those files.
"""
from __future__ import annotations

import re

# `autocomplete` is not allowed on checkboxes (the theme's drawer and search toggles).
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input [^>]*type="checkbox"[^>]*?) autocomplete="off"')
# An empty tabindex is not a number (section labels in the navigation); absent means the same.
_EMPTY_TABINDEX = re.compile(r' tabindex=""')


def repair(html: str, src_uri: str | None) -> str:
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    if 'id="__toc"' not in html:
        # The table of contents' title names a toggle only pages in the navigation have.
        html = html.replace(' for="__toc"', "")
    return _EMPTY_TABINDEX.sub("", html)
