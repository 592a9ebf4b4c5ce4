"""The content model: every post, page and easy read file, read once into plain objects.

Listings, feeds, easy read pairing, redirects and the sitemap all read a `Site`; no
other code opens a content file. `load_site` reports every problem it finds at once.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import posixpath
import re
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

from . import content_files, event_fields, publication_fields
from .data import Author, Data, load_data
from .file_reads import FileReads, path_of
from .frontmatter import Source
from .markdown_files import MarkdownRead, read_markdown
from .problems import ContentError, Problem, about
from .schema import SCHEMAS, SLUG, page_kind
from .settings import Settings
from .slug import slugify
from .validate import UNKNOWN, Checker, Validator, knock_ons, validate

DOCS, POSTS, EASY_READ = "docs", "posts", "easyread"
EASY_READ_URL = "easy-read/"
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")
_WORD = re.compile(r"[\w'’-]+")
_INDEX_SUMMARY = "All the pages of this website in easy read."


def feed_id(authority: str, source: str) -> str:
    """A file's permanent id in feeds: a `tag:` URI (RFC 4151) from its path without `.md`.

    It depends on neither the title, the date nor the site's name or address, so feed
    readers keep knowing the post whatever else changes, as long as the file keeps its name.
    """
    return f"tag:{authority}:{quote(source[:-3], safe='/-._~!$&()*+,;=:@')}"


def _lines(source: Source) -> dict[str, int]:
    return {where[0]: line for where, line in source.where.items() if len(where) == 1 and isinstance(where[0], str)}


def page_url(src_uri: str) -> str:
    """The directory-style address MkDocs gives a Markdown file (`use_directory_urls`)."""
    stem = src_uri[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


@dataclass(frozen=True)
class Category:
    name: str

    @property
    def slug(self) -> str:
        return slugify(self.name)

    @property
    def url(self) -> str:
        return f"blog/category/{self.slug}/"


@dataclass(eq=False)
class Document:
    source: str  # path in the repository, e.g. "posts/2024-05-01-pledge.md"
    src_uri: str  # where the builder puts it, e.g. "2024/05/01/pledge.md"
    title: str
    summary: str
    body: str
    body_line: int
    meta: dict[str, Any]

    @cached_property
    def url(self) -> str:  # read thousands of times a build: listings, keys, claims, feeds
        return page_url(self.src_uri)


@dataclass(eq=False)
class Page(Document):
    type: str | None = None
    event: event_fields.Event | None = None  # pages with `type: event`
    publication: publication_fields.Publication | None = None  # pages with `type: publication`
    updated: dt.datetime | None = None  # when it was published or changed: the monthly email lists it
    lines: dict[str, int] = field(default_factory=dict)  # front matter key -> its line, for messages


@dataclass(eq=False)
class Post(Document):
    date: dt.datetime = None  # type: ignore[assignment]
    updated: dt.datetime | None = None
    authors: tuple[Author, ...] = ()
    categories: tuple[Category, ...] = ()
    slug: str = ""
    draft: bool = False
    scheduled: bool = False  # dated in the future; shown only under `serve`
    image: str | None = None  # src_uri of the image file
    image_alt: str | None = None
    original_url: str | None = None
    guid: str | None = None
    reading_minutes: int = 1
    feed_id: str = ""
    lines: dict[str, int] = field(default_factory=dict)  # front matter key -> its line, for messages

    @cached_property
    def date_label(self) -> str:
        return f"{self.date.day} {self.date:%B %Y}"

    @property
    def published(self) -> bool:
        return not (self.draft or self.scheduled)

    @property
    def last_modified(self) -> dt.datetime:
        return self.updated or self.date


@dataclass(eq=False)
class EasyRead(Document):
    standard: Document | None = None  # None when the file says `standalone: true`
    generated: bool = False  # the "Easy read" index made by the build when easyread/index.md is missing
    feed_id: str = ""  # in the easy read feed, for easy read versions of posts


@dataclass
class Site:
    settings: Settings
    posts: list[Post]  # newest first; drafts and scheduled posts only when asked for
    pages: list[Page]
    easy_read: list[EasyRead]
    authors: dict[str, Author]
    categories: list[Category]
    assets: dict[str, str]  # src_uri -> absolute path, for files outside docs/
    paths: dict[str, str] = field(default_factory=dict)  # repository path -> src_uri
    data: Data = field(default_factory=Data)  # everything in data/
    # Every Markdown file's body and first line, drawn or not (drafts, files with problems):
    # the content check judges what the builder's converter makes of those it does not draw.
    bodies: dict[str, tuple[str, int]] = field(default_factory=dict)

    @property
    def documents(self) -> list[Document]:
        return [*self.pages, *self.posts, *self.easy_read]

    @property
    def published_posts(self) -> list[Post]:
        return [p for p in self.posts if p.published]

    def easy_read_for(self, document: Document) -> EasyRead | None:
        return self._easy_read_by_standard.get(id(document))

    def __post_init__(self) -> None:
        self._easy_read_by_standard = {id(e.standard): e for e in self.easy_read if e.standard}


def load_site(settings: Settings, now: dt.datetime, include_unpublished: bool = False) -> Site:
    """Read and check all content. Raises ContentError listing every problem."""
    site, problems = read_site(settings, now, include_unpublished)
    if problems:
        raise ContentError(problems)
    return site


def read_site(settings: Settings, now: dt.datetime, include_unpublished: bool = False,
              reads: FileReads[MarkdownRead] | None = None) -> tuple[Site, list[Problem]]:
    """All content and every problem in it: a file with problems is left out of the site.
    `reads`: what the last reading gave of each Markdown file, reused where it is unchanged."""
    reads = reads or FileReads()
    reads.begin()
    loader = _Loader(settings, now, reads)
    site = loader.load(include_unpublished)
    return site, loader.problems


class _Loader:
    def __init__(self, settings: Settings, now: dt.datetime, reads: FileReads[MarkdownRead] | None = None):
        self.settings = settings
        self.reads = reads or FileReads()
        self.root = settings.root
        self.now = now
        self.problems: list[Problem] = []
        self.feed_ids: dict[str, str] = {}  # feed id -> the post file that has it
        self.unchecked: dict[str, int] = {}  # list of choices -> files naming values not checked
        self.failed: set[str] = set()  # documents left out for their problems (already reported)
        self.bodies: dict[str, tuple[str, int]] = {}  # every Markdown file's body and its first line
        self.files: dict[str, list[str]] = {}  # content folder -> its files (content_files.listing)
        self.folders: list[str] = []  # the folders walked
        self.judged_by: bytes | None = None  # what posts are judged by besides their files (load)

    def load(self, include_unpublished: bool) -> Site:
        listing = content_files.listing(self.root, self.reads)  # every folder walked once per reading
        self.problems += listing.problems  # links out of the project, unchecked file kinds, refused names
        self.files, self.folders = listing.files, listing.folders
        categories = [Category(name) for name in self.settings.categories]
        self.choices = {"categories": UNKNOWN if "categories" in self.settings.unreadable else self.settings.categories,
                        "page_types": UNKNOWN if "page_types" in self.settings.unreadable else self.settings.page_types,
                        "templates": content_files.templates(self.root)}
        pages = [p for p in (about(s.path, self._page, s) for s in self._markdown(DOCS)) if p]
        data, problems = load_data(self.settings, {page.type for page in pages if page.type is not None}, with_authors=True)
        self.problems += problems
        authors = data.authors or {}
        self.choices["authors"] = UNKNOWN if data.authors is None else list(authors)
        # What a post is judged by besides its file: kept posts are reused while it is unchanged.
        self.judged_by = None if UNKNOWN in self.choices.values() else hashlib.blake2b(repr((
            self.choices, self.settings.tz, self.settings.id_authority, self.settings.words_per_minute,
            authors)).encode()).digest()
        posts = [p for p in (about(s.path, self._post, s, authors) for s in self._markdown(POSTS)) if p]
        posts.sort(key=lambda p: (p.date, p.source), reverse=True)
        shown = [p for p in posts if include_unpublished or p.published]
        easy_read = self._easy_read(pages, posts, shown)
        self.problems += knock_ons(self.unchecked, self.settings.authors_file)
        assets = {**self._assets(POSTS, "posts/"), **self._assets(EASY_READ, EASY_READ_URL)}
        paths = {d.source: d.src_uri for d in [*pages, *shown, *easy_read]}
        paths.update({f"{DOCS}/{rel}": rel for rel in self.files[DOCS]})
        for uri, absolute in assets.items():
            paths[os.path.relpath(absolute, self.root).replace(os.sep, "/")] = uri
        self.reads.forget({*(path_of(self.root, path) for path in self.bodies), *self.folders})  # renamed, deleted
        return Site(self.settings, shown, pages, easy_read, authors, categories, assets, paths, data, self.bodies)

    # -- files ---------------------------------------------------------------------------

    def _markdown(self, folder: str) -> list[Source]:
        sources = []
        for rel in self.files[folder]:
            if not rel.endswith(".md"):
                continue
            path = f"{folder}/{rel}"
            read = partial(read_markdown, self.root, path)
            # A string, not a Path: thousands of files on every rebuild of the preview.
            source, problems, in_body = about(path, self.reads.get, path_of(self.root, path), read)
            self.problems += problems
            if source is None:
                continue
            self.bodies[path] = (source.body, source.body_line)
            self.problems += in_body
            if not problems or source.meta:  # a key given twice: still check the rest
                sources.append(source)
            else:
                self.failed.add(path)
        return sources

    def _assets(self, folder: str, prefix: str) -> dict[str, str]:
        return {prefix + rel: str(self.root / folder / rel)
                for rel in self.files[folder] if not rel.endswith(".md")}

    def _validate(self, kind: str, source: Source) -> tuple[dict[str, Any], Validator]:
        def judged() -> tuple[dict[str, Any], list[Problem], dict[str, int]]:
            values, check = validate(SCHEMAS[kind], source.meta, source.path, source.where, choices=self.choices,
                                     tz=self.settings.tz, root=self.root, default_line=check_line)
            return values or {}, check.problems, check.unchecked

        check_line = 1 if source.has_front_matter else None
        # Kept while the file and the choices are unchanged; an image's file may come or go.
        key = None if "image" in source.meta else (source, kind, dict(self.choices), self.settings.tz)
        values, problems, unchecked = self.reads.derived(path_of(self.root, source.path), "front matter", key,
                                                         judged)
        check = Validator(source.path, source.where, choices=self.choices, tz=self.settings.tz, root=self.root,
                          default_line=check_line)
        check.problems, check.unchecked = list(problems), dict(unchecked)
        for name in check.unchecked:  # counted once per file
            self.unchecked[name] = self.unchecked.get(name, 0) + 1
        return dict(values), check

    # -- pages and posts -------------------------------------------------------------------

    def _page(self, source: Source) -> Page | None:
        values, check = self._validate(page_kind(source.meta.get("type")), source)
        if source.path.startswith(f"{DOCS}/{EASY_READ_URL}"):
            check.add((), f"pages in docs/{EASY_READ_URL} would be hidden by the easy read pages the build makes",
                      "move the file to easyread/ (without 'easy-read/' in its path)")
        kind, fields = values.get("type"), Checker(source, values, check)
        event = event_fields.read(fields) if kind == "event" else None
        publication = publication_fields.read(fields, self.root) if kind == "publication" else None
        self.problems += check.problems
        if check.problems:
            self.failed.add(source.path)
            return None
        src_uri = source.path[len(DOCS) + 1:]
        meta = {**source.meta, "description": values["summary"]}
        return Page(source.path, src_uri, values["title"], values["summary"], source.body, source.body_line,
                    meta, kind, event, publication, values.get("updated"), _lines(source))

    def _post(self, source: Source, authors: dict[str, Author]) -> Post | None:
        """The post of this reading of its file: the last one made, while the file and what it is
        judged by are unchanged and its feed id is still its own (`./dev serve`: 2,000 posts)."""
        key = None if self.judged_by is None or "image" in source.meta else (source, self.judged_by)
        path = path_of(self.root, source.path)
        kept = self.reads.kept(path, "post", key)
        if isinstance(kept, Post) and self.feed_ids.setdefault(kept.feed_id, source.path) == source.path:
            scheduled = kept.date > self.now
            return kept if kept.scheduled == scheduled else replace(kept, scheduled=scheduled)
        post = self._made_post(source, authors)
        if post is not None and key is not None:
            self.reads.keep(path, "post", key, post)
        return post

    def _made_post(self, source: Source, authors: dict[str, Author]) -> Post | None:
        values, check = self._validate("post", source)
        date, updated = values["date"], values["updated"]
        slug = self._slug(check, source, values["slug"])
        image, image_alt = values["image"], values["image_alt"]
        if image_alt and not image and "image" not in source.meta:
            check.add(("image_alt",), "'image_alt' is set but there is no 'image'", "add 'image:' or remove 'image_alt'")
        if image and not image_alt:
            check.add(("image",), "the image has no 'image_alt' text",
                      "add 'image_alt:' describing the picture for people who cannot see it")
        if date and updated and updated < date:
            check.add(("updated",), "'updated' is earlier than 'date'", "set 'updated' to the day you changed the post")
        guid = values["guid"]
        identity = guid or feed_id(self.settings.id_authority, source.path)
        named = _DATE_PREFIX.match(posixpath.basename(source.path))
        if date and named and named.group(0)[:10] != f"{date:%Y-%m-%d}":
            check.add(("date",), f"the file name says {named.group(0)[:10]} but 'date:' says {date:%Y-%m-%d}",
                      f"change 'date:' to {named.group(0)[:10]}; or, if {date:%Y-%m-%d} is right, rename the "
                      f"file to {date:%Y-%m-%d}-{Path(source.path).name[11:]}"
                      + ("" if guid else f" and, if the post was published already, add 'guid: {identity}' "
                         "so feed readers do not show it as new"))
        first = self.feed_ids.setdefault(identity, source.path)
        if first != source.path:
            check.add(("guid",), f"this post has the same feed id '{identity}' as {first}, so feed readers "
                      "would show only one of them", "remove the 'guid:' line copied from the other post")
        self.problems += check.problems
        if check.problems:
            self.failed.add(source.path)
            return None
        src_uri = f"{date:%Y/%m/%d}/{slug}.md"
        meta = {**source.meta, "description": values["summary"]}
        if image:  # files in docs/ keep their place in the site; those in posts/ are mounted under posts/
            image = image[len(DOCS) + 1:] if image.startswith(DOCS + "/") else image
        words = self.reads.derived(path_of(self.root, source.path), "words", source.body,
                                   lambda: len(_WORD.findall(source.body)))
        return Post(source.path, src_uri, values["title"], values["summary"], source.body, source.body_line, meta,
                    date=date, updated=updated, authors=tuple(authors[k] for k in values["authors"] if k in authors),
                    categories=tuple(Category(n) for n in values["categories"]), slug=slug,
                    draft=values["draft"], scheduled=date > self.now, image=image, image_alt=image_alt,
                    original_url=values["original_url"], guid=guid, feed_id=identity, lines=_lines(source),
                    reading_minutes=max(1, math.ceil(words / self.settings.words_per_minute)))

    def _slug(self, check: Validator, source: Source, given: str | None) -> str:
        if given or source.meta.get("slug") not in (None, ""):  # an empty one (the web editor's) is none
            return given or ""
        slug = _DATE_PREFIX.sub("", posixpath.splitext(posixpath.basename(source.path))[0])
        if not SLUG.match(slug):
            check.add((), f"the file name gives the address '{slug}', which may only have "
                      "lower-case letters, digits and hyphens",
                      f"rename the file to '{slugify(slug) or 'my-post'}.md' or add a 'slug:' field")
        return slug

    # -- easy read -------------------------------------------------------------------------

    def _easy_read(self, pages: list[Page], posts: list[Post], shown: list[Post]) -> list[EasyRead]:
        by_source: dict[str, Document] = {d.source: d for d in [*pages, *posts]}
        visible = {id(p) for p in [*pages, *shown]}
        result = []
        for source in self._markdown(EASY_READ):
            rel = source.path[len(EASY_READ) + 1:]
            original = f"{rel}" if rel.startswith(POSTS + "/") else f"{DOCS}/{rel}"
            standard = by_source.get(original)
            # Kept while its file, its standard version (the same object while unchanged) and
            # what it is judged by are: 400 easy read pages at 2,000 posts, one saved.
            key = None if self.judged_by is None else (source, standard, original in self.failed, self.judged_by)
            page = self.reads.derived(path_of(self.root, source.path), "easy read", key,
                                      partial(self._easy_read_page, source, rel, original, standard))
            if page is not None and (standard is None or id(standard) in visible):
                result.append(page)
        if not any(e.src_uri == EASY_READ_URL + "index.md" for e in result):
            result.append(EasyRead(f"{EASY_READ}/index.md", EASY_READ_URL + "index.md", "Easy read",
                                   _INDEX_SUMMARY, "", 1, {"description": _INDEX_SUMMARY},
                                   standard=by_source.get(f"{DOCS}/index.md"), generated=True))
        return result

    def _easy_read_page(self, source: Source, rel: str, original: str, standard: Document | None) -> EasyRead | None:
        """The easy read page of this reading of its file, or None for its problems."""
        values, check = self._validate("easy-read", source)
        named = values.get("original")  # the web editor's field: it must say what the name says
        if named and named != Path(rel).stem:
            check.add(("original",), f"'original' says '{named}' but this file's name pairs it with {original}",
                      f"write 'original: {Path(rel).stem}' (the file's name without .md); or, to simplify "
                      f"'{named}', rename the file to {EASY_READ}/{(Path(rel).parent / (named + '.md')).as_posix()}")
        if standard is None and not values["standalone"] and original not in self.failed:
            check.add((), f"this easy read file has no standard version: there is no {original}",
                      f"name it after the standard page it simplifies (easyread/{rel} pairs with "
                      f"{original}), or add 'standalone: true' if it has no standard page")
        self.problems += check.problems
        if check.problems:
            return None
        src_uri = EASY_READ_URL + (standard.src_uri if standard else rel)
        meta = {**source.meta, "description": values["summary"]}
        return EasyRead(source.path, src_uri, values["title"], values["summary"], source.body,
                        source.body_line, meta, standard=standard,
                        feed_id=feed_id(self.settings.id_authority, source.path))
