"""The preview's reading of the site made from the last one when a save changed only posts.

Under `./dev serve` each save reads the site again (scf.content.model.read_site). Each file's
reading is kept (scf.content.file_reads), but the loop over every file, to look at its stamp
and take its kept reading and post, was most of a save's reading: 25 ms at 2,000 posts and
0.2 s at 10,000, for one changed file. Here, when the last reading found no problem and
nothing changed but the text of posts, each changed post is read and judged as the full
reading would (the loader's own steps) and put in the place of the old one; the rest of the
site is the last reading's. Anything else makes a full reading: a file added, removed or
renamed, a page or easy read file changed, the settings, data or templates changed, a post
that moved (its date, address, feed id, categories, authors or state), a problem, or the
clock passing a scheduled post's date (or going back). A changed post's easy read version is
made again by the loader's own step, the others kept. `tests/test_model_kept.py` compares
the two readings, field by field, after sequences of edits.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar
from weakref import WeakKeyDictionary

from . import content_files
from .data import load_data
from .file_reads import FileReads, path_of
from .markdown_files import MarkdownRead
from .model import DOCS, EASY_READ, POSTS, Document, Post, Site, _Loader
from .problems import Problem
from .settings import Settings

U = TypeVar("U")


@dataclass
class _Reading:
    """What a reading without problems gave, and what it was made from."""

    settings: Settings
    files: dict[str, list[str]]  # content folder -> its files
    paths: list[str]  # every Markdown file's absolute path
    known: frozenset[str]  # the same, to look up
    choices: dict[str, Any]  # what the loader judged values by
    judged_by: bytes | None
    feed_ids: dict[str, str]
    site: Site
    site_paths: dict[str, str]  # the site's paths as read (the build adds to them)
    index: dict[str, int]  # a post's file -> its place in the posts
    read_at: dt.datetime  # the reading's clock: whether each post is scheduled holds from then...
    until: dt.datetime | None  # ...until the clock reaches the first scheduled post's date


class Saves(Protocol):
    """What the preview server's observer saw (scf_mkdocs.watch.Saved)."""

    def take(self) -> set[str] | None:
        """The Markdown files saved since the last reading (None: not known, look at all)."""


@dataclass
class MadeFrom:
    """The site a kept reading made the new one from, and what it put in the old one's places:
    the same structure, so what is made of it (listings, neighbours, claims, the sitemap) may
    be taken from that site's, with these put in (scf.views.blog.views) or unchanged (FromLast)."""

    site: Site
    replaced: dict[int, Post]  # the id of each post replaced -> the new one
    changed: list[tuple[Document, Document]]  # (old, new): those posts and their easy read versions


class FromLast(Generic[U]):
    """What was made of a whole site (its claims, its sitemap), with that site and what else it
    was made from (`key`): a site a kept reading made from it takes it again while `key` is
    equal and each changed document gives what its old one gave (`part`). So a save that
    changed a post's text costs what that post gives, not a loop over 2,000 others."""

    def __init__(self) -> None:
        self._kept: tuple[Site, object, U] | None = None

    def since(self, made_from: MadeFrom | None, key: object = None) -> U | None:
        """What was kept, with an equal `key`, for the site `made_from` names (what a kept reading
        made the new one from), whatever changed in it: for what the structure alone decides."""
        kept = self._kept
        if kept is None or made_from is None or kept[0] is not made_from.site or kept[1] != key:
            return None
        return kept[2]

    def get(self, site: Site, made_from: MadeFrom | None, part: Callable[[Document], object],
            key: object = None) -> U | None:
        if made_from is None or (kept := self.since(made_from, key)) is None:
            return None
        if any(part(was) != part(now) for was, now in made_from.changed):
            return None
        self._kept = (site, key, kept)
        return kept

    def keep(self, site: Site, value: U, key: object = None) -> U:
        self._kept = (site, key, value)
        return value


# The last reading, kept with the file reads of the server that made it (and gone with them).
_LAST: WeakKeyDictionary[FileReads[MarkdownRead], _Reading] = WeakKeyDictionary()


def read_kept(settings: Settings, now: dt.datetime, reads: FileReads[MarkdownRead],
              saved: Saves | None = None) -> tuple[Site, list[Problem], MadeFrom | None]:
    """What `model.read_site(settings, now, include_unpublished=True, reads=reads)` gives, made
    from the last reading with `reads` when only posts changed since (and then what it was
    made from). `saved`: which files were saved since, if known; else each file's stamp says."""
    last = _LAST.pop(reads, None)
    seen = saved.take() if saved is not None else None
    reads.begin()
    if last is not None and (again := _again(last, settings, now, reads, seen)) is not None:
        site, made_from = again
        return site, [], made_from
    loader = _Loader(settings, now, reads)  # as model.read_site reads (after the attempt, if any: its reads stay listed)
    site = loader.load(include_unpublished=True)
    if not loader.problems:
        _LAST[reads] = _kept(loader, site, now)
    return site, loader.problems, None


def _kept(loader: _Loader, site: Site, now: dt.datetime) -> _Reading:
    paths = [path_of(loader.root, f"{folder}/{rel}") for folder in (DOCS, POSTS, EASY_READ)
             for rel in loader.files[folder] if rel.endswith(".md")]
    return _Reading(loader.settings, loader.files, paths, frozenset(paths), loader.choices, loader.judged_by,
                    loader.feed_ids, site, dict(site.paths), {post.source: n for n, post in enumerate(site.posts)},
                    now, min((post.date for post in site.posts if post.scheduled), default=None))


def _place(post: Post) -> tuple[Any, ...]:
    """What decides where a post is and who names it: kept, it may take the old one's place."""
    return post.src_uri, post.date, post.draft, post.scheduled, post.categories, post.authors, post.feed_id


def _changed(last: _Reading, reads: FileReads[MarkdownRead], seen: set[str] | None) -> list[str]:
    """The Markdown files to read again: those saved, and those read too soon after a save to be
    kept; every file whose stamp changed when what was saved is not known, or names a file the
    last reading did not have (a path written otherwise than it was read)."""
    if seen is None or not seen <= last.known:
        return reads.changed(last.paths)
    return sorted(seen.union(reads.unkept(last.paths)))


def _again(last: _Reading, settings: Settings, now: dt.datetime, reads: FileReads[MarkdownRead],
           seen: set[str] | None) -> tuple[Site, MadeFrom] | None:
    """The site made from the last reading's, and what it was made from; None: read it all."""
    if settings != last.settings or last.judged_by is None or now < last.read_at or (last.until and now >= last.until):
        return None  # (the clock has passed a scheduled post's date, or gone back)
    listing = content_files.listing(settings.root, reads)
    if listing.problems or listing.files != last.files:  # a file added, removed or renamed
        return None
    changed = _changed(last, reads, seen)
    prefix = path_of(settings.root, POSTS + "/")
    if any(not path.startswith(prefix) for path in changed):
        return None
    site = last.site
    data, problems = load_data(settings, {page.type for page in site.pages if page.type is not None},
                               with_authors=True)
    if problems or data != site.data or content_files.templates(settings.root) != last.choices["templates"]:
        return None
    loader = _Loader(settings, now, reads)
    loader.choices, loader.judged_by, loader.feed_ids = last.choices, last.judged_by, dict(last.feed_ids)
    loader.files = {POSTS: [path[len(prefix):] for path in changed]}
    posts, replaced = list(site.posts), {}
    pairs: list[tuple[Document, Document]] = []  # (old, new) of each document put in its place
    for source in loader._markdown(POSTS):  # the loader's own steps, for the changed files alone
        n = last.index[source.path]
        post = loader._post(source, site.authors)
        if post is None or loader.problems or _place(post) != _place(posts[n]):
            return None
        replaced[id(posts[n])] = post
        if post is not posts[n]:  # (a file read again for being saved too recently may give the same)
            pairs.append((posts[n], post))
        posts[n] = post
    if loader.problems or len(replaced) != len(changed):  # a file that could not be read
        return None
    easy_read = site.easy_read
    paired = [page.source[len(EASY_READ) + 1:] for page in easy_read if id(page.standard) in replaced]
    if paired:  # the easy read versions of changed posts, made again by the loader's own step
        loader.files[EASY_READ] = paired
        made = {page.source: page for page in loader._easy_read(site.pages, posts, posts) if not page.generated}
        if loader.problems or len(made) != len(paired):
            return None
        pairs += [(page, made[page.source]) for page in easy_read if made.get(page.source, page) is not page]
        easy_read = [made.get(page.source, page) for page in easy_read]
    again = Site(settings, posts, site.pages, easy_read, site.authors, site.categories, site.assets,
                 dict(last.site_paths), site.data, {**site.bodies, **loader.bodies})
    _LAST[reads] = _Reading(settings, last.files, last.paths, last.known, last.choices, last.judged_by,
                            last.feed_ids, again, last.site_paths, last.index, now, last.until)
    return again, MadeFrom(site, replaced, pairs)
