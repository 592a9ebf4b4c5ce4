"""What a built site promises about its addresses, read from the built files and the sources.

The table is made without the build's own code for `_headers` and `_redirects`: the addresses
come from the sitemap, the old addresses from the sources' `original_url`, the feeds and
calendars from the files written, and the promises themselves from MAINTAINING.md's
publishing section (host_files.py's constants are the values it names). `_redirects` is read
only for its list of sources: each must lead, in one step, to a page that answers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import yaml

from scf.outputs.host_files import LONG_CACHE, SECURITY_HEADERS, SHORT_CACHE

MISSING = "/no-such-page-anywhere/"
FINGERPRINTED = re.compile(r"^assets/.+\.[0-9a-f]{8}\.min\.(js|css)$")  # as MAINTAINING.md describes them
# What each kind of file must be served as (the type before any parameter).
TYPES = {"page": ("text/html",), "admin": ("text/html",), "missing": ("text/html",),
         "feed": ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml"),
         "json": ("application/feed+json", "application/json"), "calendar": ("text/calendar",)}
# The old blog's feed addresses, kept by `/feed/` redirects (MAINTAINING.md, "Feeds").
OLD_FEEDS = {"/feed/": "/feed.xml", "/feed/atom/": "/atom.xml"}
_FRONT = re.compile(r"\A---\n(.*?)\n---", re.S)


@dataclass(frozen=True)
class Promise:
    """One address and what requesting it must give."""
    path: str
    kind: str  # page, admin, missing, feed, json, calendar, asset, redirect, old
    why: str  # where the promise comes from, for the message
    target: str | None = None  # redirect: where it must send readers (a path)
    cache: str | None = None  # the one Cache-Control value it must carry


@dataclass
class Table:
    site: Path
    promises: list[Promise] = field(default_factory=list)
    published: set[str] = field(default_factory=set)  # the sitemap's paths
    _kept: set[tuple[str, str]] = field(default_factory=set)  # (path, kind): the first promise stands

    def add(self, promise: Promise) -> None:
        if (promise.path, promise.kind) not in self._kept:
            self._kept.add((promise.path, promise.kind))
            self.promises.append(promise)

    @property
    def paths(self) -> list[str]:
        return sorted({p.path for p in self.promises} | {p.target for p in self.promises if p.target})


def url_path(path: str) -> str:
    """A path as a client sends it: characters outside ASCII escaped, escapes kept as written
    (a link to an old address has the old blog's own, in its own case)."""
    return quote(path, safe="/-._~!$&'()*+,;=:@%")


def sitemap_paths(site: Path) -> list[str]:
    xml = (site / "sitemap.xml").read_text(encoding="utf-8")
    return [url_path(urlsplit(loc).path) for loc in re.findall(r"<loc>([^<]+)</loc>", xml)]


def redirect_rules(site: Path) -> list[tuple[str, str, str]]:
    """(source, target, status) of each `_redirects` line, as the file says them."""
    rules = []
    for line in (site / "_redirects").read_text(encoding="utf-8").splitlines():
        parts = line.split("#", 1)[0].split()
        if parts:
            rules.append((parts[0], parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else "302"))
    return rules


def old_addresses(sources: Path) -> list[tuple[str, str]]:
    """(old path, source file) of every post and page the import kept an `original_url` for.
    A query address (`/?p=12`) is the home page to a static host: never a promise."""
    found = []
    for folder in ("posts", "docs"):
        for source in sorted((sources / folder).rglob("*.md")):
            front = _FRONT.match(source.read_text(encoding="utf-8"))
            meta = yaml.safe_load(front[1]) if front else None
            original = str(meta.get("original_url") or "") if isinstance(meta, dict) else ""
            old = urlsplit(original)
            if original and not old.query and old.path.strip("/") and meta.get("draft") is not True:
                found.append((url_path(old.path), source.relative_to(sources).as_posix()))
    return found


def feed_files(site: Path) -> list[tuple[str, str]]:
    """(path, kind) of every feed and calendar the build wrote, `feed/index.xml` copies included."""
    found = []
    for file in sorted(site.rglob("*")):
        rel = file.relative_to(site).as_posix()
        if not file.is_file() or rel.split("/")[0] in ("assets", "pagefind", "admin", "search") or rel == "sitemap.xml":
            continue
        kind = {".xml": "feed", ".json": "json", ".ics": "calendar"}.get(file.suffix)
        if kind:
            found.append(("/" + url_path(rel), kind))
    return found


def table(site: Path, sources: Path | None = None) -> Table:
    """Every promise of the site built into `site` (from `sources`, for its old addresses)."""
    result = Table(site)
    for path in sitemap_paths(site):
        result.published.add(path)
        result.add(Promise(path, "page", "listed in sitemap.xml", cache=SHORT_CACHE))
    for path, kind in feed_files(site):
        result.add(Promise(path, kind, "a feed or calendar the build wrote", cache=SHORT_CACHE))
    for old, new in OLD_FEEDS.items():
        result.add(Promise(old, "redirect", "the old blog's feed address (MAINTAINING.md, Feeds)", target=new))
    for source, target, _ in redirect_rules(site):  # after OLD_FEEDS: theirs is the promise named
        result.add(Promise(source, "redirect", "a source in _redirects", target=target))
    if sources is not None:
        for old, source in old_addresses(sources):
            result.add(Promise(old, "old", f"original_url of {source}"))
    if (site / "admin" / "index.html").is_file():
        result.add(Promise("/admin/", "admin", "the web editor (MAINTAINING.md, Publishing)", cache=SHORT_CACHE))
    result.add(Promise(MISSING, "missing", "a page that does not exist"))
    for file in sorted((site / "assets").rglob("*")):
        rel = file.relative_to(site).as_posix()
        if FINGERPRINTED.match(rel):
            result.add(Promise("/" + rel, "asset", "a fingerprinted asset of the theme", cache=LONG_CACHE))
    return result


SECURITY = {name.lower(): value for name, value in SECURITY_HEADERS.items()}
