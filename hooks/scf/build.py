"""One build of the site, independent of the builder that renders it.

The MkDocs adapter (hooks/scf_mkdocs/adapter.py) calls these methods at the matching build
events; another builder would call the same ones. The constructor is the list of what a
build does, in order: it reads and checks the content, then names the steps every page
goes through and the writers of the files made from the whole site. Work that depends
only on the content is done there, once, never per page. The features are plain modules
that never import this one.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, TypeVar

from scf.checks import easyread_symbols
from scf.checks.easyread_lint import lint_site
from scf.checks.site_links import site_links
from scf.checks.unsafe_content import Rows, may_hold_removals, removed_content, render
from scf.content.file_reads import FileReads, PerObject
from scf.content.kept_reading import MadeFrom, Saves, read_kept
from scf.content.markdown_files import MarkdownRead
from scf.content.model import EASY_READ, Document, EasyRead, Page, Post, Site, read_site
from scf.content.problems import ContentError, Problem, crashed
from scf.content.settings import Settings, clock, read_settings
from scf.content.symbols import SET, catalogue
from scf.integrations import editor
from scf.integrations.newsletter import archive as newsletter_archive
from scf.integrations.newsletter import easy_rows
from scf.outputs import calendars, feeds, host_files, old_addresses, redirect_pages
from scf.outputs.addresses import Registry
from scf.outputs.host_files import Publisher
from scf.outputs.old_addresses import Moved
from scf.outputs.search import Preview, SearchIndex
from scf.outputs.writer import Output, Writer
from scf.pages import proposed_change, share
from scf.pages.links import from_depth, rebase_html, rebase_markdown_links
from scf.pages.sanitize import sanitize
from scf.pages.theme import Theme
from scf.views import blog, events, publications
from scf.views.easyread import EasyReadPages, Icons

from .site_addresses import Claims, claim_site

T = TypeVar("T")


def _checked(problems: list[Problem], step: Callable[..., T], *args: Any) -> T:
    """step(*args); a step that finds problems adds them to `problems`, so that a build reports
    all of them at once (the build stops before anything reads its result)."""
    try:
        return step(*args)
    except ContentError as error:
        problems += error.problems
        return None  # type: ignore[return-value]


def _judged(bodies: dict[str, tuple[str, int]], drawn: set[str], convert: Callable[[str], str],
            reported: list[Problem]) -> list[Problem]:
    """The content check of the bodies not `drawn` as pages, converted by `convert`; an error
    converting one is one message naming its file, unless `reported` has one for it already."""
    problems: list[Problem] = []
    for path, (body, line) in bodies.items():
        rows = Rows.UNDRAWN if path.startswith(EASY_READ + "/") else Rows.NONE  # converted without the rows step
        if path in drawn or not may_hold_removals(body, rows):
            continue
        try:
            html = convert(body)
        except Exception as error:  # noqa: BLE001  a bug of ours, set off by this file
            if not any(p.file == path for p in reported):  # else what is reported may well be why
                problems.append(crashed(path, "converting its Markdown", error))
            continue
        problems += removed_content(path, body, line, html=html, rows=rows)
    return problems


@dataclass
class Mounted:
    """A file the builder must add: generated text, or a file outside docs/."""

    src_uri: str
    content: str | None = None
    abs_path: str | None = None


# A document's, kept with it (and a listing's, by its address): a save mounts 3,500 of them.
_MOUNTED: PerObject[Mounted] = PerObject()


@lru_cache(maxsize=1 << 16)
def _listing_file(src_uri: str) -> Mounted:
    return Mounted(src_uri, content="")  # drawn from the model: no text of its own


class SiteBuild:
    def __init__(self, root: Path | str, *, site_url: str = "", site_name: str = "", serving: bool = False,
                 now: dt.datetime | None = None, settings: Settings | None = None,
                 site_dir: Path | str | None = None, theme: Theme,
                 theme_dirs: list[str] | None = None, builder_files: list[str] | None = None,
                 convert: Callable[[str], str] | None = None, dry_run: bool = False,
                 warnings: list[Problem] | None = None, reads: FileReads[MarkdownRead] | None = None,
                 saved: Saves | None = None, search_preview: Preview | None = None):
        """`convert`: the builder's Markdown converter, for the bodies it does not draw as pages
        (drafts, files with problems), which the content check judges too. `dry_run` (`scf check`):
        the builder writes nothing, so nothing is indexed for search. `warnings`: what the build
        prints and goes on after is also added here (even when the build stops). `reads`: what
        the last reading of the content gave (`./dev serve`): only changed files are read again;
        `saved`: the Markdown files saved since the last reading, as the server's observer saw them;
        `search_preview`: the preview's search index, kept by the server between rebuilds."""
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
        self.theme = theme  # what the build needs to know of the theme drawing the pages (the builder's)
        # What a build does, in order: read, check (every problem reported at once, before
        # anything is drawn), then each page's steps, then the files made from the whole site.
        self.reads = reads or FileReads()  # what reading and checking each file gave (kept under `serve`)
        problems += self._read(now, serving, saved)
        icons = Icons(theme.icons)
        web_editor, moved, redirects = self._check(problems, now, icons, builder_files or [], warnings)
        # The content check judges each page's HTML as it is drawn (`content`); bodies that are
        # not drawn (all of them, when the build stops here) are converted for it now.
        drawn = set() if problems else {d.source for d in self.documents.values()}
        problems += _judged(self.site.bodies, drawn, convert or render, problems)
        if problems:
            raise ContentError(problems)
        self.problems: list[Problem] = []  # found while drawing and writing, reported by `finish`
        # Past monthly emails under /newsletter/, when scf.yml asks (`archive: true`).
        self.generated = {page.src_uri: page for page in newsletter_archive.pages(self.site, now, site_name)}
        search_index = SearchIndex(self.site, self.rendered, article=theme.article, serving=serving,
                                   site_dir=self.site_dir, preview=search_preview,
                                   made_from=self.made_from.site if self.made_from else None)
        self.search_bundles = search_index.bundles  # the search page merges the others into the first
        # The theme's inline scripts, from its templates (`theme_dirs`, the first found first): the CSP.
        publisher = Publisher(self.site, self.listings, self.site_url, serving,
                              theme.scripts(theme_dirs or [], self.site_url), theme.long_lived, self.made_from)
        self._page_steps(EasyReadPages(self.site, self.site.data.glossary, icons, self._symbol), theme,
                         None if dry_run else search_index, publisher)
        self._outputs(None if dry_run else search_index, publisher, web_editor, icons, moved, redirects)

    def _read(self, now: dt.datetime, serving: bool, saved: Saves | None) -> list[Problem]:
        """Every content file, read once into the model; the blog's listings made from it."""
        self.site: Site
        self.made_from: MadeFrom | None = None  # the last site, when only posts changed in their places
        if serving:  # made from the last reading when only posts changed (./dev serve)
            self.site, problems, self.made_from = read_kept(self.settings, now, self.reads, saved)
        else:
            self.site, problems = read_site(self.settings, now, reads=self.reads)
        self.data = self.site.data.for_templates()  # signatories and theory of change
        # Under the preview, taken from the last site's when only posts changed in their places.
        self.listings, self.neighbours = blog.views(self.site, self.made_from, kept=serving)
        self.site.paths.update({f"docs/{item.src_uri}": item.src_uri for item in self.listings})
        self.documents: dict[str, Document] = {d.src_uri: d for d in self.site.documents}
        self.listing_by_uri = {listing.src_uri: listing for listing in self.listings}
        self.rendered: dict[str, str] = {}  # src_uri -> HTML of posts and easy read pages, for feeds
        return problems

    def _check(self, problems: list[Problem], now: dt.datetime, icons: Icons, builder_files: list[str],
               warnings: list[Problem] | None) -> tuple[Any, list[Moved], list[Moved]]:
        """What pages show, checked, and every address the site gives out, claimed once, before
        anything is written: the problems are added to `problems`, all reported together."""
        problems += site_links(self.site, self.reads, self.made_from)  # a published page may not link to a draft
        # Easy read; warnings are printed.
        problems += lint_site(self.site, self.site.data.glossary, icons, warnings, self.reads)
        # The symbols easy read pages name (checked by the lint), and those of the sign-up form
        # the pages show: only these are published.
        symbol_uses = easyread_symbols.uses(self.site, self.reads)
        form_symbols = easy_rows.symbols() if self.settings.newsletter and self.site.easy_read else []
        self.symbols = catalogue(self.settings.root) if symbol_uses or form_symbols else None
        self.symbol_files = (easyread_symbols.files(self.symbols, [*symbol_uses, *form_symbols])
                             if self.symbols else {})
        self.signup_rows = [self._signup_row(row) for row in easy_rows.ROWS] if form_symbols else []
        self.site.paths.update({f"{SET.as_posix()}/svg/{Path(path).name}": uri  # claimed with the files
                                for uri, path in self.symbol_files.items()})
        self.events = _checked(problems, events.schedule, self.site, now)  # in order by the build's clock
        self.publications = _checked(problems, publications.for_site, self.site)  # listed on /publications/
        web_editor = _checked(problems, editor.for_site, self.site)  # /admin/, for editors only
        # RSS, Atom and JSON Feed: which feeds exist and what they hold, from the model.
        self.feeds = _checked(problems, feeds.site_feeds, self.site, self.site_name, self.site_url)
        # Old addresses sent on (`original_url`), each a plain path, or a problem.
        moved, found = old_addresses.moved(self.site, self.site_url, self.made_from)
        problems += found
        # Every address the site gives out, claimed once, before anything is written.
        self.registry = Registry()
        redirects: list[Moved] = []
        if self.feeds is not None and self.events is not None:
            redirects = old_addresses.rules(self.site, self.feeds, self.site_url)
            self.registry = claim_site(Claims(
                self.site, self.listings, self.feeds, self.events.pages, builder_files, web_editor is not None,
                bool(self.settings.newsletter and self.settings.newsletter.archive), redirects, moved,
                self.made_from))
            problems += self.registry.problems
        return web_editor, moved, redirects

    def _page_steps(self, easy_read: EasyReadPages, theme: Theme, search_index: SearchIndex | None,
                    publisher: Publisher) -> None:
        """What each page goes through: its Markdown, its body as Markdown made it, its final HTML."""
        # Each page's Markdown, before the builder converts it.
        self.markdown_steps: list[Callable[[str, Document], str]] = [
            self._rebase_links,
            easy_read.rows,  # rows of picture and text, words to know
            easy_read.index,  # the list of easy read pages
        ]
        # Each page's body as Markdown made it.
        self.content_steps: list[Callable[[str], str]] = [
            sanitize,  # the allowlist: only the HTML the site publishes
        ]
        # Each page's final HTML, src_uri None for pages with no source, like 404.html.
        self.page_steps: list[Callable[[str, str | None], str]] = [
            easy_read.stay_in_easy_read,  # links from easy read pages go to easy read versions
            theme.repair,  # so the theme's HTML is valid
            *([search_index.mark] if search_index else []),  # what search indexes; starts Pagefind once the pages are drawn
            publisher.add_csp_meta,  # the policy: the theme's scripts, never the page's
        ]
        if proposed_change.wanted():  # SCF_PREVIEW=1: a banner and noindex on every page, crawlers turned away
            self.page_steps.append(proposed_change.mark_page)

    def _outputs(self, search_index: SearchIndex | None, publisher: Publisher, web_editor: Any, icons: Icons,
                 moved: list[Moved], redirects: list[Moved]) -> None:
        """The files made from the whole site, once the pages are drawn: each returns what it
        makes, and one writer (outputs.Writer) writes it at the addresses claimed by `_check`."""
        robots = proposed_change.ROBOTS if proposed_change.wanted() else host_files.robots(self.site_url)
        self.writers: list[Callable[[], list[Output]]] = [
            partial(calendars.outputs, self.events.pages, self.site, self.site_name, self.site_url),
            partial(feeds.outputs, self.feeds, self.site, self.rendered),
            *([search_index.outputs] if search_index else []),  # waits for Pagefind
            partial(redirect_pages.outputs, moved, self.site_url),  # old addresses, for GitHub Pages
            publisher.sitemap,
            partial(host_files.robots_txt, robots),
            partial(publisher.redirects, old_addresses.host_rules(redirects + moved)),
        ]
        if web_editor:
            self.writers.append(partial(web_editor.outputs, self.registry, icons, self.theme))
        if not self.serving:  # the preview server reads no _headers, and a rebuild there may draw few pages
            # Last: the site's rules for every address, then the editor's own for /admin/.
            self.writers.append(partial(publisher.headers, self.registry,
                                        web_editor.header_rules() if web_editor else []))

    # -- what to build ------------------------------------------------------------------

    def mounted(self) -> list[Mounted]:
        """Every Markdown page (from the model, never re-read) and every asset outside docs/."""
        # Posts last: the search index starts once the other documents are drawn (search.py).
        site = self.site
        files = [_MOUNTED.get(d, None, Mounted, d.src_uri, d.body) for d in [*site.pages, *site.easy_read, *site.posts]]
        files += [_listing_file(listing.src_uri) for listing in self.listings]
        files += [Mounted(uri, content=page.markdown) for uri, page in sorted(self.generated.items())]
        files += [Mounted(uri, abs_path=path) for uri, path in sorted(self.site.assets.items())]
        files += [Mounted(uri, abs_path=path) for uri, path in self.symbol_files.items()]
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
        page = self.generated.get(src_uri)
        return {"title": page.title, "description": page.summary} if page else {}

    # -- per page -------------------------------------------------------------------------

    def markdown(self, src_uri: str, markdown: str) -> str:
        doc = self.documents.get(src_uri)
        if doc is None:
            return markdown
        for step in self.markdown_steps:
            markdown = step(markdown, doc)
        return markdown

    def content(self, src_uri: str, html: str) -> str:
        doc = self.documents.get(src_uri)
        rows = Rows.DRAWN if isinstance(doc, EasyRead) else Rows.NONE
        if doc is not None and may_hold_removals(doc.body, rows):  # the content check judges the build's HTML
            self.problems += removed_content(doc.source, doc.body, doc.body_line, html=html, rows=rows)
        for step in self.content_steps:
            html = step(html)
        if isinstance(doc, (Post, EasyRead)):
            self.rendered[src_uri] = html
        return html

    def page(self, src_uri: str | None, html: str) -> str:
        """The final HTML of a page (src_uri None for pages with no source, like 404.html)."""
        for step in self.page_steps:
            html = step(html, src_uri)
        return html

    def finish(self, site_dir: Path | str | None) -> list[str]:
        """Make the files made from the whole site (feeds, sitemap...), once per build, and write
        them into `site_dir` (None: only make them, as `scf check` does); then report every
        problem found while drawing the pages and making these. Each step runs under a guard: an
        error in one is one message naming it, and the others still run. Their addresses, in order."""
        writer = Writer(self.registry, Path(site_dir) if site_dir is not None else None)
        for make in self.writers:
            step = getattr(make, "func", make)
            try:
                writer.write(make())
            except ContentError as error:
                self.problems += error.problems
            except Exception as error:  # noqa: BLE001  a bug of ours: one message naming the step
                self.problems.append(crashed(f"hooks/{step.__module__.replace('.', '/')}.py",
                                             f"making the files of {step.__module__}.{step.__qualname__}", error))
        if self.problems:
            raise ContentError(self.problems)
        return writer.made

    def source_of(self, src_uri: str) -> str:
        """The file (or setting) a page of the build comes from, for messages."""
        doc = self.documents.get(src_uri)
        if doc is not None and not getattr(doc, "generated", False):
            return doc.source
        if src_uri in self.listing_by_uri or src_uri in self.generated or doc is not None:
            return "scf.yml"  # the listings come from its categories, the newsletter archive from its settings
        return f"docs/{src_uri}"

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
        context.update(events.context(self.events, doc, self.site_url, self.site_name))
        context.update(calendars.context(doc, self.site_url))
        context["publications"] = self.publications
        context["search_bundles"] = self.search_bundles
        context["share"] = share.for_document(doc, self.site_url)
        context["all_feeds"] = self.feeds
        context["newsletter"] = self.settings.newsletter  # the sign-up form's settings, or None
        context["signup_rows"] = self.signup_rows  # its rows on easy read pages, each with its symbol
        context["easy_read_page"] = isinstance(doc, EasyRead)
        # Easy read pages show symbols (rows, the sign-up form): their footer credits the set.
        context["symbols_credit"] = isinstance(doc, EasyRead) and bool(self.symbol_files)
        return context

    def excerpt(self, post: Post, page_url: str) -> str | None:
        """The post's text up to `<!-- more -->`, with links fixed for the listing page."""
        html = self.rendered.get(post.src_uri, "")
        head, more, _ = html.partition("<!-- more -->")
        return rebase_html(head, post.url, page_url) if more else None

    # -- steps --------------------------------------------------------------------------

    def _symbol(self, name: str) -> tuple[str, int, int]:
        """A symbol's address in the site, width and height (the lint has checked its name)."""
        assert self.symbols is not None
        return (self.symbols.public_path(name), *easyread_symbols.size(self.symbols, name))

    def _signup_row(self, row: easy_rows.Row) -> dict[str, Any]:
        """A row of the easy read sign-up form, as its template draws it."""
        address, width, height = self._symbol(row.symbol)
        return {"src": address, "width": width, "height": height, "alt": row.alt, "words": row.words}

    def _rebase_links(self, markdown: str, doc: Document) -> str:
        return rebase_markdown_links(markdown, doc.source, doc.src_uri, self.site.paths)
