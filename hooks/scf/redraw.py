"""Redraw only what changed when the preview server (`./dev serve`) rebuilds the site.

`mkdocs serve` rebuilds the whole site on every save. Each post, easy read page and listing
gets a key: a digest of everything its HTML is made from. A rebuild into the same folder
draws again only the pages whose key changed since the last build there; the other pages
and the posts' HTML (which feeds and listings reuse) are kept from that build.

What a key holds:
- the site's structure: every document's address, date, authors, categories, state and
  pairing, and the front matter of pages and easy read pages (titles in menus and indexes),
  with the templates, hooks, data and settings. A change to any of it redraws everything;
- the page's own text, the text of every post a listing shows, and the title of each post
  a post links to (its newer, older and related posts: overrides/post.html shows their
  title, address and date, and addresses and dates are in the structure).
Editing a post's text redraws that post and the listings it is on; editing its title also
redraws the posts that link to it (the newest post of a category is related to all of
that category's posts). Pages from docs/ are few and always drawn.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scf.content.model import Document, EasyRead, Post

if TYPE_CHECKING:
    from .build import SiteBuild


@dataclass
class Drawn:
    keys: dict[str, str]  # src_uri -> key of the page drawn
    rendered: dict[str, tuple[str, str]]  # src_uri -> (digest of its text, HTML of its text)
    urls: dict[str, str]  # src_uri -> address, to remove pages that are gone




def digest(*parts: object) -> str:
    """A short digest of the parts' text (also used by hooks/scf_mkdocs/render.py)."""
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()


def text_digest(doc: Document) -> str:
    """Everything written in the document's file."""
    return digest(doc.source, doc.title, doc.summary, sorted(doc.meta.items(), key=str), doc.body)


def _file_stamps(paths: Iterable[Path]) -> Iterable[str]:
    for path in paths:
        if path.is_file():
            yield f"{path}:{path.stat().st_mtime_ns}"
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for file in sorted(files):
                yield f"{folder}/{file}:{os.stat(os.path.join(folder, file)).st_mtime_ns}"


def _structure(build: SiteBuild, watched: Iterable[Path]) -> str:
    site = build.site
    root = site.settings.root
    parts: list[object] = [build.serving, *_file_stamps([root / "scf.yml", root / "data", *watched])]
    for doc in site.documents:
        parts.append((doc.src_uri, type(doc).__name__))
        if isinstance(doc, Post):
            parts.append((doc.date, [a.key for a in doc.authors], [c.name for c in doc.categories],
                          doc.draft, doc.scheduled))
        else:
            parts.append((doc.title, doc.meta))
        if isinstance(doc, EasyRead) and doc.standard is not None:
            parts.append(doc.standard.src_uri)
    return digest(*parts)


def page_keys(build: SiteBuild, text: dict[str, str], watched: Iterable[Path] = (),
              structure: str | None = None) -> dict[str, str]:
    """The key of every post, easy read page and listing (docs/ pages have none). `text`: each
    document's text_digest; `watched`: the builder's files every page is drawn with (its
    configuration, templates, hooks); `structure`: their digest with the site's, if known."""
    structure = structure or _structure(build, watched)
    keys = {}
    for post in build.site.posts:
        near = build.neighbours[id(post)]
        shown = [near.newer, near.older, *near.related]
        keys[post.src_uri] = digest(structure, text[post.src_uri], *(p.title for p in shown if p))
    for page in build.site.easy_read:
        keys[page.src_uri] = digest(structure, text[page.src_uri])
    for listing in build.listings:
        keys[listing.src_uri] = digest(structure, listing.title, listing.summary, listing.number, listing.pages,
                                       listing.previous, listing.next, listing.groups,
                                       *(text[p.src_uri] for p in listing.posts))
    return keys


class Redraw:
    """Which pages a build into `site_dir` must draw, given what the last build there drew.
    `drawn` (site folder -> what the last finished build drew there) is kept by the caller
    for the whole process, and updated when the build has finished."""

    def __init__(self, build: SiteBuild, site_dir: str, drawn: dict[str, Drawn], watched: Iterable[Path] = ()):
        self.build = build
        self.site_dir = site_dir
        self.drawn = drawn
        self.text = {doc.src_uri: text_digest(doc) for doc in build.site.documents}
        self.structure = _structure(build, watched)  # what every page is drawn with
        self.keys = page_keys(build, self.text, structure=self.structure)
        self.last = drawn.get(site_dir)
        if self.last:  # the HTML of texts that did not change, for feeds and excerpts
            for uri, text in self.text.items():
                was, html = self.last.rendered.get(uri, ("", ""))
                if was == text:
                    build.rendered[uri] = html

    def needed(self, src_uri: str) -> bool:
        key = self.keys.get(src_uri)
        return key is None or self.last is None or self.last.keys.get(src_uri) != key

    def finished(self) -> None:
        """Remember what was drawn, and remove the pages of files that are gone."""
        rendered = {uri: (self.text[uri], html) for uri, html in self.build.rendered.items() if uri in self.text}
        urls = {**{d.src_uri: d.url for d in self.build.site.documents},
                **{item.src_uri: item.url for item in self.build.listings}}
        if self.last:
            for uri in self.last.urls.keys() - urls.keys():
                Path(self.site_dir, self.last.urls[uri], "index.html").unlink(missing_ok=True)
        self.drawn[self.site_dir] = Drawn(self.keys, rendered, urls)
