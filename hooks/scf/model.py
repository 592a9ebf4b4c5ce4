"""The content model: every post, page and easy read file, read once into plain objects.

Listings, feeds, easy read pairing, redirects and the sitemap all read a `Site`; no
other code opens a content file. `load_site` reports every problem it finds at once.
"""
from __future__ import annotations

import datetime as dt
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from . import events, publications, schema, share
from .frontmatter import Source, decode, load_yaml_file, parse
from .problems import ContentError, Problem
from .safety import removed_content
from .settings import Settings

DOCS, POSTS, EASY_READ = "docs", "posts", "easyread"
EASY_READ_URL = "easy-read/"
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")
_WORD = re.compile(r"[\w'’-]+")
_INDEX_SUMMARY = "All the pages of this website in easy read."
# Front matter fields that pages of these types may have besides a page's own.
_TYPE_FIELDS = {"event": events.FIELDS, "publication": publications.FIELDS, "pledge": share.PLEDGE_FIELDS}


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def feed_id(authority: str, source: str) -> str:
    """A file's permanent id in feeds: a `tag:` URI (RFC 4151) from its path without `.md`.

    It depends on neither the title, the date nor the site's name or address, so feed
    readers keep knowing the post whatever else changes, as long as the file keeps its name.
    """
    return f"tag:{authority}:{quote(source[:-3], safe='/-._~!$&()*+,;=:@')}"


def page_url(src_uri: str) -> str:
    """The directory-style address MkDocs gives a Markdown file (`use_directory_urls`)."""
    stem = src_uri[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


@dataclass(frozen=True)
class Author:
    key: str
    name: str
    role: str
    bio: str

    @property
    def url(self) -> str:
        return f"blog/author/{self.key}/"


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

    @property
    def url(self) -> str:
        return page_url(self.src_uri)


@dataclass(eq=False)
class Page(Document):
    type: str | None = None
    event: events.Event | None = None  # pages with `type: event`
    publication: publications.Publication | None = None  # pages with `type: publication`


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

    @property
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
    loader = _Loader(settings, now)
    site = loader.load(include_unpublished)
    if loader.problems:
        raise ContentError(loader.problems)
    return site


class _Loader:
    def __init__(self, settings: Settings, now: dt.datetime):
        self.settings = settings
        self.root = settings.root
        self.now = now
        self.problems: list[Problem] = []
        self.feed_ids: dict[str, str] = {}  # feed id -> the post file that has it

    def load(self, include_unpublished: bool) -> Site:
        authors = self._authors()
        categories = [Category(name) for name in self.settings.categories]
        pages = [p for p in map(self._page, self._markdown(DOCS)) if p]
        posts = [p for p in (self._post(s, authors) for s in self._markdown(POSTS)) if p]
        self._unique_urls(pages + posts)
        posts.sort(key=lambda p: (p.date, p.source), reverse=True)
        shown = [p for p in posts if include_unpublished or p.published]
        easy_read = self._easy_read(pages, posts, shown)
        assets = {**self._assets(POSTS, "posts/"), **self._assets(EASY_READ, EASY_READ_URL)}
        paths = {d.source: d.src_uri for d in [*pages, *shown, *easy_read]}
        paths.update({f"{DOCS}/{rel}": rel for rel in self._files(DOCS)})
        for uri, absolute in assets.items():
            paths[os.path.relpath(absolute, self.root).replace(os.sep, "/")] = uri
        return Site(self.settings, shown, pages, easy_read, authors, categories, assets, paths)

    # -- files ---------------------------------------------------------------------------

    def _files(self, folder: str) -> list[str]:
        base = self.root / folder
        found = []
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in filenames:
                if not name.startswith("."):
                    found.append(os.path.relpath(os.path.join(dirpath, name), base).replace(os.sep, "/"))
        return sorted(found)

    def _markdown(self, folder: str) -> list[Source]:
        sources = []
        for rel in self._files(folder):
            if not rel.endswith(".md"):
                continue
            path = f"{folder}/{rel}"
            text, problem = decode(path, (self.root / path).read_bytes())
            if problem:
                self.problems.append(problem)
                continue
            source, problems = parse(path, text)
            self.problems += problems
            self.problems += removed_content(path, source.body, source.body_line)
            if not problems:
                sources.append(source)
        return sources

    def _assets(self, folder: str, prefix: str) -> dict[str, str]:
        return {prefix + rel: str(self.root / folder / rel)
                for rel in self._files(folder) if not rel.endswith(".md")}

    # -- authors -------------------------------------------------------------------------

    def _authors(self) -> dict[str, Author]:
        name = self.settings.authors_file
        path = self.root / name
        if not path.exists():
            self.problems.append(Problem(name, None, "the authors file is missing",
                                         "create it; see CONTRIBUTING.md, 'Authors'"))
            return {}
        data, problem = load_yaml_file(name, path.read_text(encoding="utf-8"))
        if problem:
            self.problems.append(problem)
            return {}
        authors = {}
        for key, entry in (data or {}).items():
            entry = entry if isinstance(entry, dict) else {}
            missing = [f for f in ("name", "role", "bio") if not entry.get(f)]
            if missing:
                self.problems.append(Problem(name, None, f"author '{key}' has no {', '.join(missing)}",
                                             "give every author a name, a role and a short bio"))
            if not schema.SLUG.match(str(key)):
                self.problems.append(Problem(name, None, f"author key '{key}' is not lower-case-with-hyphens",
                                             "use a key such as 'jane-smith'"))
            authors[str(key)] = Author(str(key), str(entry.get("name", key)),
                                       str(entry.get("role", "")), str(entry.get("bio", "")).strip())
        return authors

    # -- pages and posts -------------------------------------------------------------------

    def _page(self, source: Source) -> Page | None:
        check = schema.Checker(source)
        declared = source.meta.get("type")
        check.keys(schema.PAGE_REQUIRED, schema.PAGE_OPTIONAL + _TYPE_FIELDS.get(str(declared), ()))
        title, summary = check.text("title", plain=True), check.text("summary", plain=True)
        kind = check.text("type")
        if kind:
            check.one_of("type", [kind], self.settings.page_types, "page type", "page_types in scf.yml")
        if kind == "case-study":  # the case studies index groups pages by these
            for key in schema.CASE_STUDY_REQUIRED:
                if not check.source.meta.get(key):
                    check.add(key if key in source.meta else None, f"a case study needs '{key}'",
                              f"add '{key}: ...' to the front matter")
            for key in ("place", "organisation"):
                check.text(key)
            if "themes" in source.meta and not isinstance(source.meta["themes"], list):
                check.add("themes", "'themes' must be a list", "write 'themes: [First theme, Second theme]'")
            else:
                check.strings("themes")
        tz = self.settings.tz
        event = events.read(check, tz) if kind == "event" else None
        publication = publications.read(check, tz, self.root) if kind == "publication" else None
        if kind == "pledge":
            share.read_pledge(check)
        self.problems += check.problems
        if check.problems:
            return None
        src_uri = source.path[len(DOCS) + 1:]
        meta = {**source.meta, "description": summary}
        return Page(source.path, src_uri, title, summary, source.body, source.body_line, meta, kind,
                    event, publication)

    def _post(self, source: Source, authors: dict[str, Author]) -> Post | None:
        check = schema.Checker(source)
        check.keys(schema.POST_REQUIRED, schema.POST_OPTIONAL)
        tz = self.settings.tz
        title, summary = check.text("title", plain=True), check.text("summary", plain=True)
        date, updated = check.moment("date", tz), check.moment("updated", tz)
        keys = check.one_of("authors", check.strings("authors"), list(authors), "author",
                            self.settings.authors_file)
        names = check.one_of("categories", check.strings("categories"), self.settings.categories,
                             "category", "categories in scf.yml")
        draft = check.boolean("draft")
        slug = self._slug(check, source)
        image, image_alt = self._image(check, source)
        original_url = check.text("original_url")
        if original_url and not re.match(r"^https?://", original_url):
            check.add("original_url", f"'original_url' must be a full address, not '{original_url}'",
                      "copy the whole address from the browser, starting with https://")
        if date and updated and updated < date:
            check.add("updated", "'updated' is earlier than 'date'", "set 'updated' to the day you changed the post")
        guid = check.text("guid")
        identity = guid or feed_id(self.settings.id_authority, source.path)
        first = self.feed_ids.setdefault(identity, source.path)
        if first != source.path:
            check.add("guid", f"this post has the same feed id '{identity}' as {first}, so feed readers "
                      "would show only one of them", "remove the 'guid:' line copied from the other post")
        self.problems += check.problems
        if check.problems:
            return None
        src_uri = f"{date:%Y/%m/%d}/{slug}.md"
        meta = {**source.meta, "description": summary}
        return Post(source.path, src_uri, title, summary, source.body, source.body_line, meta,
                    date=date, updated=updated, authors=tuple(authors[k] for k in keys),
                    categories=tuple(Category(n) for n in names), slug=slug, draft=draft,
                    scheduled=date > self.now, image=image, image_alt=image_alt,
                    original_url=original_url, guid=guid, feed_id=identity,
                    reading_minutes=max(1, math.ceil(len(_WORD.findall(source.body))
                                                     / self.settings.words_per_minute)))

    def _slug(self, check: schema.Checker, source: Source) -> str:
        given = check.text("slug")
        slug = given or _DATE_PREFIX.sub("", Path(source.path).stem)
        if not schema.SLUG.match(slug):
            if given:
                check.add("slug", f"the slug '{slug}' may only have lower-case letters, digits and hyphens",
                          f"write for example 'slug: {slugify(slug) or 'my-post'}'")
            else:
                check.add(None, f"the file name gives the address '{slug}', which may only have "
                          "lower-case letters, digits and hyphens",
                          f"rename the file to '{slugify(slug) or 'my-post'}.md' or add a 'slug:' field")
        return slug

    def _image(self, check: schema.Checker, source: Source) -> tuple[str | None, str | None]:
        image, alt = check.text("image"), check.text("image_alt", plain=True)
        if not image:
            if alt:
                check.add("image_alt", "'image_alt' is set but there is no 'image'", "add 'image:' or remove 'image_alt'")
            return None, None
        relative = os.path.normpath(os.path.join(os.path.dirname(source.path), image)).replace(os.sep, "/")
        if not (self.root / relative).is_file():
            check.add("image", f"the image '{image}' does not exist (looked for {relative})",
                      "check the file name and that the image is committed; the path is relative to this file")
        if not alt:
            check.add("image", "the image has no 'image_alt' text",
                      "add 'image_alt:' describing the picture for people who cannot see it")
        # Files in docs/ keep their place in the site; those in posts/ are mounted under posts/.
        return (relative[len(DOCS) + 1:] if relative.startswith(DOCS + "/") else relative), alt

    def _unique_urls(self, documents: list[Document]) -> None:
        seen: dict[str, Document] = {}
        for doc in documents:
            other = seen.setdefault(doc.url, doc)
            if other is not doc:
                self.problems.append(Problem(doc.source, None,
                                             f"this has the same address /{doc.url} as {other.source}",
                                             "give one of them a different 'slug:' or date"))

    # -- easy read -------------------------------------------------------------------------

    def _easy_read(self, pages: list[Page], posts: list[Post], shown: list[Post]) -> list[EasyRead]:
        by_source: dict[str, Document] = {d.source: d for d in [*pages, *posts]}
        visible = {id(p) for p in [*pages, *shown]}
        result = []
        for source in self._markdown(EASY_READ):
            check = schema.Checker(source)
            check.keys(schema.EASY_READ_REQUIRED, schema.EASY_READ_OPTIONAL)
            title, summary = check.text("title", plain=True), check.text("summary", plain=True)
            standalone = check.boolean("standalone")
            rel = source.path[len(EASY_READ) + 1:]
            original = f"{rel}" if rel.startswith(POSTS + "/") else f"{DOCS}/{rel}"
            standard = by_source.get(original)
            if standard is None and not standalone:
                check.add(None, f"this easy read file has no standard version: there is no {original}",
                          f"name it after the standard page it simplifies (easyread/{rel} pairs with "
                          f"{original}), or add 'standalone: true' if it has no standard page")
            self.problems += check.problems
            if check.problems or (standard is not None and id(standard) not in visible):
                continue
            src_uri = EASY_READ_URL + (standard.src_uri if standard else rel)
            meta = {**source.meta, "description": summary}
            result.append(EasyRead(source.path, src_uri, title, summary, source.body,
                                   source.body_line, meta, standard=standard,
                                   feed_id=feed_id(self.settings.id_authority, source.path)))
        self._unique_urls(result)
        if not any(e.src_uri == EASY_READ_URL + "index.md" for e in result):
            result.append(EasyRead(f"{EASY_READ}/index.md", EASY_READ_URL + "index.md", "Easy read",
                                   _INDEX_SUMMARY, "", 1, {"description": _INDEX_SUMMARY},
                                   standard=by_source.get(f"{DOCS}/index.md"), generated=True))
        return result
