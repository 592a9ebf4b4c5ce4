"""One build of the site, independent of the builder that renders it.

The MkDocs adapter (hooks/mkdocs_adapter.py) calls these methods at the matching build
events; another builder would call the same ones. Work that depends only on the
content is done once here, in the constructor, never per page.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from . import blog, change_preview, easyread, events, feeds, publications, publish, search, share, valid_html
from .links import broken_links, from_depth, rebase_html, rebase_markdown_links
from .model import Document, EasyRead, Page, Post, Site, read_site
from .problems import ContentError, Problem
from .sanitize import sanitize
from .settings import Settings, clock, read_settings


@dataclass
class Mounted:
    """A file the builder must add: generated text, or a file outside docs/."""

    src_uri: str
    content: str | None = None
    abs_path: str | None = None


class SiteBuild:
    def __init__(self, root: Path | str, *, site_url: str = "", site_name: str = "", serving: bool = False,
                 now: dt.datetime | None = None, settings: Settings | None = None,
                 site_dir: Path | str | None = None):
        problems: list[Problem] = []  # every problem, from every step, reported once at the end
        if settings is None:
            settings, problems = read_settings(root)
        self.settings = settings
        now = now or clock()
        if now.tzinfo is None:
            now = now.replace(tzinfo=self.settings.tz)
        self.now = now
        self.serving = serving
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.site_name = site_name
        self.site_dir = Path(site_dir) if site_dir else None  # where the builder writes, when known
        self.site: Site
        self.site, found = read_site(self.settings, now, include_unpublished=serving)
        problems += found
        self.data = self.site.data.for_templates()  # signatories and theory of change
        self.listings = blog.listings(self.site)
        problems += self._clashes()
        self.site.paths.update({f"docs/{item.src_uri}": item.src_uri for item in self.listings})
        # A published page may not link to a draft or scheduled post, even in the preview.
        hidden = {p.source for p in self.site.posts if not p.published}
        published = {k: v for k, v in self.site.paths.items() if k not in hidden}
        problems += [p for d in self.site.documents for p in broken_links(
            d.source, d.body, d.body_line, self.site.paths if d.source in hidden else published)]
        self.neighbours = blog.neighbours(self.site)
        self.documents: dict[str, Document] = {d.src_uri: d for d in self.site.documents}
        self.listing_by_uri = {listing.src_uri: listing for listing in self.listings}
        self.rendered: dict[str, str] = {}  # src_uri -> HTML of posts and easy read pages, for feeds
        # Each step is a small str -> str function; other modules append theirs.
        self.markdown_steps: list[Callable[[str, Document], str]] = [self._rebase_links]
        self.content_steps: list[Callable[[str], str]] = [sanitize]  # the body Markdown made: allowlist
        self.page_steps: list[Callable[[str, str | None], str]] = []  # (html, src_uri) -> whole page
        self.writers: list[Callable[[SiteBuild, Path], None]] = []  # files made from the whole site
        steps = (easyread.register,  # lint easy read pages (errors stop the build), then render rows
                 events.register,  # events in order by the build's clock; their calendars
                 publications.register)  # the reports listed on /publications/
        for step in steps:  # each checks what it shows: all their problems are reported together
            try:
                step(self)
            except ContentError as error:
                problems += error.problems
        if problems:
            raise ContentError(problems)
        feeds.register(self)  # RSS, Atom and JSON Feed, and their autodiscovery links
        valid_html.register(self)  # repairs to the theme's HTML
        search.register(self)  # the Pagefind index of the built pages
        publish.register(self)  # keep last: _headers lists the files the other writers make
        change_preview.register(self)  # SCF_PREVIEW=1: banner, noindex, robots.txt says no

    def _clashes(self) -> list[Problem]:
        """Pages at the address of a page the build makes would silently replace it."""
        pages = {page.src_uri: page for page in self.site.pages}
        return [Problem(pages[item.src_uri].source, None, f"this page has the address /{item.url}, where the "
                        f"build makes the '{item.title}' listing", "rename the file or move it to another folder")
                for item in self.listings if item.src_uri in pages]

    # -- what to build ------------------------------------------------------------------

    def mounted(self) -> list[Mounted]:
        """Every Markdown page (from the model, never re-read) and every asset outside docs/."""
        # Posts last: the search index starts once the other documents are drawn (search.py).
        site = self.site
        files = [Mounted(d.src_uri, content=d.body) for d in [*site.pages, *site.easy_read, *site.posts]]
        files += [Mounted(listing.src_uri, content="") for listing in self.listings]
        files += [Mounted(uri, abs_path=path) for uri, path in sorted(self.site.assets.items())]
        return files

    def meta(self, src_uri: str) -> dict[str, Any]:
        """Front matter for the page, as validated by the model (MkDocs reads none)."""
        doc = self.documents.get(src_uri)
        if doc is not None:
            meta = dict(doc.meta)
            meta["title"] = doc.title
            if isinstance(doc, Post):
                meta["template"] = "post.html"
            elif isinstance(doc, EasyRead):
                meta["template"] = "easy-read.html"
            elif isinstance(doc, Page) and doc.type in events.TEMPLATES:
                meta.setdefault("template", events.TEMPLATES[doc.type])
            return meta
        listing = self.listing_by_uri.get(src_uri)
        if listing is not None:
            return {"title": listing.title, "description": listing.summary, "template": "listing.html"}
        return {}

    # -- per page -------------------------------------------------------------------------

    def markdown(self, src_uri: str, markdown: str) -> str:
        doc = self.documents.get(src_uri)
        if doc is None:
            return markdown
        for step in self.markdown_steps:
            markdown = step(markdown, doc)
        return markdown

    def content(self, src_uri: str, html: str) -> str:
        for step in self.content_steps:
            html = step(html)
        doc = self.documents.get(src_uri)
        if isinstance(doc, (Post, EasyRead)):
            self.rendered[src_uri] = html
        return html

    def page(self, src_uri: str | None, html: str) -> str:
        """The final HTML of a page (src_uri None for pages with no source, like 404.html)."""
        for step in self.page_steps:
            html = step(html, src_uri)
        return html

    def finish(self, site_dir: Path | str) -> None:
        """Write the files made from the whole site (feeds, sitemap...), once per build."""
        for write in self.writers:
            write(self, Path(site_dir))

    def context(self, src_uri: str) -> dict[str, Any]:
        doc = self.documents.get(src_uri)
        listing = self.listing_by_uri.get(src_uri)
        context: dict[str, Any] = {"site": self.site, "data": self.data, "document": doc, "listing": listing,
                                   "serving": self.serving}
        if isinstance(doc, Post):
            context["post"] = doc
            context["neighbours"] = self.neighbours.get(id(doc))
        if isinstance(doc, (Page, Post)):
            context["easy_read"] = self.site.easy_read_for(doc)
        if isinstance(doc, EasyRead):
            context["standard"] = doc.standard
        if listing is not None:
            context["excerpt"] = lambda post: self.excerpt(post, from_depth(listing.url))
        context["feeds"] = feeds.alternates(self.feeds, doc, listing)
        context.update(events.context(self, doc))
        context["publications"] = self.publications
        context["share"] = share.for_document(doc, self.site_url)
        context["all_feeds"] = self.feeds
        return context

    def excerpt(self, post: Post, page_url: str) -> str | None:
        """The post's text up to `<!-- more -->`, with links fixed for the listing page."""
        html = self.rendered.get(post.src_uri, "")
        head, more, _ = html.partition("<!-- more -->")
        return rebase_html(head, post.url, page_url) if more else None

    # -- steps --------------------------------------------------------------------------

    def _rebase_links(self, markdown: str, doc: Document) -> str:
        return rebase_markdown_links(markdown, doc.source, doc.src_uri, self.site.paths)
