"""The one filter every URL a template writes goes through.

A value from content that becomes an `href` or a `src` (a report's file, an event's calendar
or its online link, a share link) is checked where it enters; this is the last check, in
one place, where the page is drawn: the site's own paths, or an absolute address with a
scheme the field allows (`https` for an event's online link, `webcal` for subscribing,
`mailto` for sharing by email). `javascript:`, `data:` and every scheme not named are never
allowed, nor another origin written as a path (`//host`, `/\\host`), nor whitespace or
control characters anywhere. A refused value stops the build: it means a check at the entry
was missed, which is a bug to fix, never to publish.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from jinja2 import pass_context

_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\\\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_NEEDS_HOST = {"https", "http", "webcal"}


class RefusedURL(ValueError):
    pass


@lru_cache(maxsize=4096)  # the same few thousand paths, on every page
def is_site_path(value: str) -> bool:
    """A path of this site: relative (`blog/`, `../x.pdf`, `#part`) or from its root (`/blog/`),
    never with a scheme or another host."""
    return (not _UNSAFE.search(value) and not _SCHEME.match(value) and not value.startswith("//")
            and not urlsplit(value).netloc)


def site_path(value: object) -> str:
    """For `href`s and `src`s to the site's own files and pages."""
    text = "" if value is None else str(value)
    if not is_site_path(text):
        raise RefusedURL(f"not an address of this site: {text!r}")
    return text


def link(value: object, *schemes: str) -> str:
    """For links elsewhere: an absolute address with one of `schemes`, or a path of this site."""
    text = "" if value is None else str(value)
    if is_site_path(text):
        return text
    scheme = text.split(":", 1)[0].lower() if _SCHEME.match(text) else ""
    parts = urlsplit(text) if scheme else None
    if (not scheme or scheme not in schemes or _UNSAFE.search(text) or parts is None
            or (scheme in _NEEDS_HOST and not parts.netloc)):
        raise RefusedURL(f"not a link this field may have ({', '.join(schemes) or 'paths of this site'}): {text!r}")
    return text


def only_site_paths(url: Callable[[Any, str], str]) -> Callable[[Any, str], str]:
    """A template's `url` filter (a path made relative to the page drawn, from its context),
    for the site's own paths only."""
    @pass_context
    def site_url(context: Any, value: str) -> str:
        return url(context, site_path(value))
    return site_url
