"""Old addresses: what a post's WordPress permalink says, and links between old posts.

A permalink of the form /YYYY/MM/DD/slug/ is ours too, so such a post keeps it exactly.
Any other form (/slug/, /?p=N, /archives/123) gets the post's dated address, and the
build sends the old path on (redirect_pages.py); query addresses cannot be served by a
static host and are only reported.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from scf.content.validate import FIRST_YEAR, LAST_YEAR

_DATED = re.compile(r"^/(\d{4})/(\d{2})/(\d{2})/([^/]+)/?$")


def dated_permalink(link: str) -> tuple[dt.date, str] | None:
    """(day, slug as WordPress wrote it) when the permalink is /YYYY/MM/DD/slug/."""
    match = _DATED.match(urlparse(link.strip()).path)
    if not match:
        return None
    try:
        day = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return None  # not a date the site can have: the post keeps the date of its export
    return day, unquote(match[4])


def is_query_address(link: str) -> bool:
    """'https://old.example/?p=12': the path alone is the home page, so it can never be sent on."""
    parts = urlparse(link.strip())
    return bool(parts.query) and parts.path.strip("/") == ""


class Links:
    """How a link to an old post or page is recognised, and the imported file it now points at."""

    def __init__(self, hosts: set[str]):
        self.hosts = hosts  # the old site's host names
        self.files: dict[tuple[str, str], Path] = {}  # old address -> the file it was imported to

    def keys(self, address: str) -> list[tuple[str, str]]:
        """Its path on the old site, or ?p=ID."""
        parts = urlparse(address.strip())
        if parts.netloc and parts.netloc.lower() not in self.hosts:
            return []
        query = dict(q.split("=", 1) for q in parts.query.split("&") if "=" in q)
        keys = [("id", query[k]) for k in ("p", "page_id") if k in query]
        path = unquote(parts.path).strip("/").lower()
        return keys + [("path", path)] if path and not keys else keys

    def file(self, href: str) -> tuple[Path | None, str]:
        """The imported file an old-site link points at, and the #part to keep."""
        fragment = urlparse(href).fragment
        fragment = "" if not fragment or re.fullmatch(r"more-\d+", fragment) else "#" + fragment
        return next((self.files[k] for k in self.keys(href) if k in self.files), None), fragment
