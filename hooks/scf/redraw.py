"""Redraw only what changed when the preview server (`./dev serve`) rebuilds the site.

`mkdocs serve` rebuilds the whole site on every save. Each post, easy read page and listing
gets a key: a digest of everything its HTML is made from. A rebuild into the same folder
draws again only the pages whose key changed since the last build there; the other pages
and the posts' HTML (which feeds and listings reuse) are kept from that build.

What a key holds:
- the site's structure: every document's address, date, authors, categories, state and
  pairing, and the front matter of pages and easy read pages (titles in menus and indexes),
  with the templates, hooks, data and settings (of the symbol set, the drawings the pages
  show). A change to any of it redraws everything;
- the page's own text, the text of every post a listing shows, and the title of each post
  a post links to (its newer, older and related posts: overrides/post.html shows their
  title, address and date, and addresses and dates are in the structure).
Editing a post's text redraws that post and the listings it is on. Editing its title also
changes the posts that link to it (the newest post of a category is related to all of that
category's posts: about 700 of 2,000), but only in the block under them that names other
posts (overrides/partials/scf-near.html): a post whose own key (its key without those
titles) is unchanged is not drawn again, its new block is put in place of the old one in
the page the last build wrote (`splices`). Pages from docs/ are few and always drawn.
Whether a page still holds its old block is known without reading it while its stamp is the
one it had when this process wrote it: a save reads only the pages it splices.
While the structure is the same, so are every post's neighbours and every listing's posts: a
save then makes again only the keys of the pages that show a text it changed (`Shows`).
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Collection, Hashable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scf.content.file_reads import FileReads, PerObject, Stamp, path_of, stamp
from scf.content.kept_reading import FromLast, MadeFrom
from scf.content.model import Document, EasyRead, Post, Site
from scf.content.symbols import SET
from scf.views.blog import showing

if TYPE_CHECKING:
    from .build import SiteBuild


@dataclass
class Drawn:
    keys: dict[str, str]  # src_uri -> key of the page drawn
    rendered: dict[str, tuple[str, str]]  # src_uri -> (digest of its text, HTML of its text)
    written: set[str]  # the address of every file the build made, to remove those the next one does not
    own: dict[str, str]  # post's src_uri -> its key without its neighbours' titles
    near: dict[str, str]  # post's src_uri -> its block naming other posts, as its page holds it once
    structure: str = ""  # what every page was drawn with
    # post's src_uri -> its page's stamp when this process wrote it with its block in `near`
    stamps: dict[str, Stamp] = field(default_factory=dict)
    digests: dict[tuple[Hashable, ...], str] = field(default_factory=dict)  # the keys' parts -> their digest
    texts: dict[str, str] = field(default_factory=dict)  # src_uri -> the text digest its keys were made of
    shows: Shows | None = None  # which pages show which texts, in this structure


def _holds_once(path: str, block: str) -> bool:
    """Whether the page at `path` holds `block` exactly once (read: its stamp is not ours)."""
    try:
        return Path(path).read_text(encoding="utf-8").count(block) == 1
    except OSError:
        return False


def digest(*parts: object) -> str:
    """A short digest of the parts' text (also used by hooks/scf_mkdocs/render.py)."""
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()


def text_digest(doc: Document) -> str:
    """Everything written in the document's file."""
    return digest(doc.source, doc.title, doc.summary, sorted(doc.meta.items(), key=str), doc.body)


def _file_stamps(paths: Iterable[Path], skip: Path | None = None) -> Iterable[str]:
    for path in paths:
        if path.is_file():
            yield f"{path}:{path.stat().st_mtime_ns}"
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__" and Path(folder, d) != skip)
            for file in sorted(files):
                yield f"{folder}/{file}:{os.stat(os.path.join(folder, file)).st_mtime_ns}"


def _structure(build: SiteBuild, watched: Iterable[Path]) -> str:
    site = build.site
    root = site.settings.root
    # Of the symbol set's 3,440 drawings, those the pages show (their sizes, their copies).
    parts: list[object] = [build.serving, *_file_stamps([root / "scf.yml", root / "data", *watched], root / SET),
                           *_file_stamps(Path(path) for path in build.symbol_files.values())]
    return digest(*parts, _parts(site, build.made_from))


# The digest of the last site's parts: a kept reading's site has the same unless a changed post's differs.
_LAST_PARTS: FromLast[str] = FromLast()


def _parts(site: Site, made_from: MadeFrom | None) -> str:
    kept = _LAST_PARTS.get(site, made_from, _part)
    return kept if kept is not None else _LAST_PARTS.keep(site, digest(*map(_part, site.documents)))


# What is made from a document alone is kept with it (a post kept between rebuilds is the same object).
_PARTS: PerObject[str] = PerObject()
_TEXTS: PerObject[str] = PerObject()


def _part(doc: Document) -> str:
    """What the document gives the site's structure: its address, and what other pages show of it."""
    return _PARTS.get(doc, None, _made_part, doc)


def _made_part(doc: Document) -> str:
    parts: list[object] = [doc.src_uri, type(doc).__name__]
    if isinstance(doc, Post):
        parts.append((doc.date, [a.key for a in doc.authors], [c.name for c in doc.categories],
                      doc.draft, doc.scheduled))
    else:
        parts.append((doc.title, doc.meta))
    if isinstance(doc, EasyRead) and doc.standard is not None:
        parts.append(doc.standard.src_uri)
    return repr(parts)


def _text(doc: Document, reads: FileReads[Any], root: Path) -> str:
    """The document's text_digest: kept with it, and by `reads` while its file is unchanged."""
    return _TEXTS.get(doc, None, _made_text, doc, reads, root)


def _made_text(doc: Document, reads: FileReads[Any], root: Path) -> str:
    return reads.derived(path_of(root, doc.source), "text digest", (doc.title, doc.summary, doc.meta, doc.body),
                         partial(text_digest, doc))


class Digests:
    """`digest`, remembering what it made: given what the last build made (`last`), a rebuild
    digests again only the parts that changed. Parts must be hashable."""

    def __init__(self, last: dict[tuple[Hashable, ...], str] | None = None, kept: bool = False):
        self.last = last or {}
        # What this build digested, the next one's `last`; `kept`: with the last build's, for a
        # build that makes only some keys again (`Shows`).
        self.made: dict[tuple[Hashable, ...], str] = dict(self.last) if kept else {}

    def drop_unused(self, *used: dict[str, str]) -> None:
        """Forget the parts of digests no longer in `used` (kept ones grow by each edit's)."""
        if len(self.made) > 2 * sum(map(len, used)) + 100:
            live = {key for keys in used for key in keys.values()}
            self.made = {parts: made for parts, made in self.made.items() if made in live}

    def __call__(self, *parts: Hashable) -> str:
        made = self.last.get(parts)
        self.made[parts] = made = made if made is not None else digest(*parts)
        return made


def own_keys(build: SiteBuild, text: dict[str, str], structure: str,
             keyed: Callable[..., str] = digest, only: Collection[str] | None = None) -> dict[str, str]:
    """Each post's key without the titles of the posts it names (`only`: of those posts)."""
    posts = build.site.posts if only is None else [  # (a few of 2,000 posts)
        doc for uri in only if isinstance(doc := build.documents.get(uri), Post)]
    return {post.src_uri: keyed(structure, text[post.src_uri]) for post in posts}


def page_keys(build: SiteBuild, text: dict[str, str], watched: Iterable[Path] = (),
              structure: str | None = None, own: dict[str, str] | None = None,
              keyed: Callable[..., str] = digest, only: Collection[str] | None = None) -> dict[str, str]:
    """The key of every post, easy read page and listing (docs/ pages have none). `text`: each
    document's text_digest; `watched`: the builder's files every page is drawn with (its
    configuration, templates, hooks); `structure`: their digest with the site's, if known;
    `own`: the posts' own_keys, if known; `keyed`: what digests their parts (Digests); `only`:
    the pages whose keys are wanted, if not all."""
    structure = structure or _structure(build, watched)
    own = own or own_keys(build, text, structure, keyed, only)
    keys = {}
    neighbours = build.neighbours
    for post in build.site.posts:
        if only is None or post.src_uri in only:
            near = neighbours[id(post)]
            keys[post.src_uri] = keyed(own[post.src_uri],
                                       *[p.title for p in (near.newer, near.older, *near.related) if p])
    for page in build.site.easy_read:
        if only is None or page.src_uri in only:
            keys[page.src_uri] = keyed(structure, text[page.src_uri])
    for listing in build.listings:
        if only is None or listing.src_uri in only:
            keys[listing.src_uri] = keyed(structure, listing.title, listing.summary, listing.number, listing.pages,
                                          listing.previous, listing.next, tuple(listing.groups),
                                          *(text[p.src_uri] for p in listing.posts))
    return keys


@dataclass
class Shows:
    """Which keyed pages show each document's text (its own page, the posts naming it, the
    listings holding it), and every keyed page: the same while the structure is."""

    pages: dict[str, list[str]]  # a document's src_uri -> the pages whose key holds its text or title
    keyed: frozenset[str]  # every page with a key

    @classmethod
    def of(cls, build: SiteBuild) -> Shows:
        holders, namers = showing(build.site.posts, build.listings, build.neighbours)
        pages: dict[str, list[str]] = {doc.src_uri: [doc.src_uri] for doc in build.site.documents}
        for uri, shown_in in pages.items():
            shown_in += namers.get(uri, ())
            shown_in += [build.listings[n].src_uri for n in holders.get(uri, ())]
        keyed = frozenset([*(p.src_uri for p in build.site.posts), *(e.src_uri for e in build.site.easy_read),
                           *(listing.src_uri for listing in build.listings)])
        return cls(pages, keyed)

    def changed(self, text: dict[str, str], last: Drawn) -> set[str]:
        """The pages whose key may differ from the last build's: those showing a text that
        changed since, and those the last build has no key for (drawn again: `unspliced`)."""
        redo = set(self.keyed.difference(last.keys))
        for uri, was in text.items():
            if last.texts.get(uri) != was:
                redo.update(self.pages.get(uri, ()))
        return redo


class Redraw:
    """Which pages a build into `site_dir` must draw, given what the last build there drew.
    `drawn` (site folder -> what the last finished build drew there) is kept by the caller
    for the whole process, and updated when the build has finished."""

    def __init__(self, build: SiteBuild, site_dir: str, drawn: dict[str, Drawn], watched: Iterable[Path] = ()):
        self.build = build
        self.site_dir = site_dir
        self.drawn = drawn
        self.last = drawn.get(site_dir)
        self.text = {doc.src_uri: _text(doc, build.reads, build.settings.root) for doc in build.site.documents}
        self.structure = _structure(build, watched)  # what every page is drawn with
        last = self.last
        if last is not None and last.shows is not None and last.structure == self.structure:
            self.shows = last.shows  # the same pages show the same texts
            keyed = Digests(last.digests, kept=True)
            redo = self.shows.changed(self.text, last)
            self.own = {**last.own, **own_keys(build, self.text, self.structure, keyed, redo)}
            self.keys = {**last.keys, **page_keys(build, self.text, structure=self.structure, own=self.own,
                                                  keyed=keyed, only=redo)}
            keyed.drop_unused(self.keys, self.own)
        else:
            self.shows = Shows.of(build)
            keyed = Digests(last.digests if last else None)
            self.own = own_keys(build, self.text, self.structure, keyed)
            self.keys = page_keys(build, self.text, structure=self.structure, own=self.own, keyed=keyed)
        self.digests = keyed.made
        last_keys = self.last.keys if self.last else {}
        self.unchanged = {uri for uri, key in self.keys.items() if last_keys.get(uri) == key}  # kept as drawn
        self.near: dict[str, str] = {}  # the blocks naming other posts of the posts drawn or spliced now
        self.stamps: dict[str, Stamp] = {}  # of the pages spliced now, once written (`wrote`)
        # Posts whose block naming other posts is all that changed -> the page the last build wrote.
        self.splices: dict[str, str] = {}
        if self.last:  # the HTML of texts that did not change, for feeds and excerpts
            for uri, text in self.text.items():
                was, html = self.last.rendered.get(uri, ("", ""))
                if was == text:
                    build.rendered[uri] = html
            self.splices = self._spliceable()

    def _changed(self, src_uri: str) -> bool:
        return src_uri not in self.unchanged  # a page without a key (docs/) is always drawn

    def _spliceable(self) -> dict[str, str]:
        """The posts whose own key (its text, and the structure: its address) is unchanged and
        whose page, where the last build wrote it, holds its old block exactly once: the
        paths of those pages. A page is read only if it changed since this process wrote it."""
        last, pages = self.last, {}
        assert last is not None
        for post in self.build.site.posts:
            uri = post.src_uri
            if uri in self.unchanged or not (old := last.near.get(uri)) or last.own.get(uri) != self.own[uri]:
                continue  # own: its address too
            path = path_of(self.site_dir, post.url + "index.html")  # (joined once: 700 a save)
            found = stamp(path)
            if found is not None and (last.stamps.get(uri) == found or _holds_once(path, old)):
                pages[uri] = path
        return pages

    def same_structure(self) -> bool:
        """Whether every page is drawn with what the last build drew with: a page with no source
        of its own (404.html: the menu, the templates, the settings) is as the last build left it."""
        return self.last is not None and self.last.structure == self.structure

    def needed(self, src_uri: str) -> bool:
        """Whether the page must be drawn (a post whose block alone changed is spliced instead)."""
        return src_uri not in self.splices and self._changed(src_uri)

    def drew(self, src_uri: str, html: str, block: str) -> None:
        """A post was drawn as `html`, with `block` naming other posts: kept if found there once."""
        if html.count(block) == 1:
            self.near[src_uri] = block

    def spliced(self, src_uri: str, block: str) -> str:
        """The page the last build wrote for this post, with `block` in place of its old one."""
        assert self.last is not None
        old, html = self.last.near[src_uri], Path(self.splices[src_uri]).read_text(encoding="utf-8")
        if html.count(old) != 1:
            raise ValueError(f"{self.splices[src_uri]} was changed by another program while the site was built")
        self.near[src_uri] = block
        return html.replace(old, block)

    def wrote(self, src_uri: str) -> None:
        """The post's page, spliced, is written: while it keeps this stamp it holds its block once."""
        found = stamp(self.splices[src_uri])
        if found is not None:
            self.stamps[src_uri] = found

    def finished(self) -> None:
        """Remember what was drawn, and remove the files the last build made and this one did not
        (the pages of deleted posts, a symbol no page shows now, a deleted picture): the registry
        of addresses has every file a build makes."""
        rendered = {uri: (self.text[uri], html) for uri, html in self.build.rendered.items() if uri in self.text}
        registry = self.build.registry
        written = {address for address in registry.files if address not in registry.dropped}
        for address in self.last.written - written if self.last else ():
            Path(self.site_dir, address).unlink(missing_ok=True)
        near = {} if self.last is None else {uri: block for uri, block in self.last.near.items()
                                             if uri in self.own and not self._changed(uri)}
        stamps = {} if self.last is None else {uri: kept for uri, kept in self.last.stamps.items() if uri in near}
        for uri in self.near.keys() - self.stamps.keys():  # drawn now: written by the builder
            found = stamp(os.path.join(self.site_dir, self.build.documents[uri].url, "index.html"))
            if found is not None:
                stamps[uri] = found
        near.update(self.near)
        stamps.update(self.stamps)
        # A splice made later (scf_mkdocs.later) adds its block and its page's stamp to what is kept.
        self.near, self.stamps = near, stamps
        self.drawn[self.site_dir] = Drawn(self.keys, rendered, written, self.own, near, self.structure, stamps,
                                          self.digests, self.text, self.shows)

    def unspliced(self, urls: set[str]) -> None:
        """The splices of the pages at `urls` were not made (a newer save came first): each page
        holds the block the last build left there, and the next build splices it again."""
        assert self.last is not None, "only a build after another splices"
        for src_uri in [uri for uri in self.splices if self.build.documents[uri].url in urls]:
            self.keys.pop(src_uri, None)
            self.near[src_uri] = self.last.near[src_uri]
            if src_uri in self.last.stamps:
                self.stamps[src_uri] = self.last.stamps[src_uri]

    def forget(self, src_uri: str) -> None:
        """A page whose splice failed after `finished`: drawn again by the next build."""
        self.keys.pop(src_uri, None)
        self.stamps.pop(src_uri, None)
