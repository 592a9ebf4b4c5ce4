"""Markdown to HTML for the pages of the content model, under MkDocs 1.6.

MkDocs sets up a new Markdown converter, with all its extensions, for every page (what that
costs: MAINTAINING.md, "Performance"). Our pages share one, reset between pages. On a big
site a helper process (a fork, so it has the same files and model) converts the second half
of the documents (the posts, which come last) while this process converts the first half:
the builder uses one core, and the machines have two. The HTML is the same as MkDocs's own
Page.render gives with the easy read rows' extension, which `site_markdown` adds
(tests/test_render.py); a result is used only for exactly the Markdown MkDocs passes.
"""
from __future__ import annotations

import logging
import multiprocessing
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from multiprocessing.connection import Connection
from types import FrameType
from typing import Any

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta

from scf.redraw import digest
from scf.views.easyread_rows import RowsExtension

MIN_PAGES = 400  # below this, forking costs more than it saves
HELPER_SHARE = 0.5  # of the documents
STACK = 900  # frames Markdown may use for a page, however deep the caller: nesting that needs
# more fails the same way in the build and in `scf check` (their callers' depths differ)


def site_markdown(config: MkDocsConfig) -> markdown.Markdown:
    """A converter with mkdocs.yml's extensions and the easy read rows' (the rows step writes
    its blocks: scf.views.easyread_rows)."""
    return markdown.Markdown(extensions=[*config.markdown_extensions, RowsExtension()],
                             extension_configs=config.mdx_configs or {})


@contextmanager
def _stack_budget() -> Iterator[None]:
    frame: FrameType | None
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + STACK)
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


@dataclass
class Rendered:
    digest: str  # of the Markdown converted
    content: str
    toc_tokens: list[Any]  # MkDocs's _TocToken dictionaries, for get_toc
    title: str | None
    anchors: set[str]
    links_to_anchors: dict[str, dict[str, str]]  # src_uri of the linked file -> anchors
    logged: tuple[tuple[str, int, str], ...] = ()  # MkDocs's warnings converting it, logged again when it is reused


class Logged(logging.Handler):
    """MkDocs's warnings (a link to nothing), kept: with a conversion, to be logged again
    wherever it is used (the helper's in the parent, a kept one in a later rebuild), and in
    scf_mkdocs.draw_helper's fork for its parent; so that --strict always counts them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def log_again(records: Iterable[tuple[str, int, str]]) -> None:
    """Log what a `Logged` kept, each by the logger that first logged it."""
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)


class Renderer:
    def __init__(self, config: MkDocsConfig, files: Files, kept: dict[str, tuple[str, Rendered]] | None = None,
                 context: str = ""):
        """`kept` (`./dev serve`): src_uri -> (context, result) of the conversions of the last
        build that went through; a page whose Markdown and `context` (a digest of what else
        a conversion depends on: the site's files, the configuration) are unchanged reuses
        its result instead of being converted again."""
        self.config = config
        self.files = files
        self.kept = kept
        self.context = context
        self.converted: dict[str, Rendered] = {}  # this build's results, for `kept`
        self.conversions = 0  # pages converted by this process in this build (tests count them)
        self.md = site_markdown(config)
        self.helper_pages: set[str] = set()
        self.results: dict[str, Rendered] | None = None  # from the helper, once received
        self.connection: Connection | None = None
        self.process: multiprocessing.process.BaseProcess | None = None

    def convert(self, file: File, text: str) -> Rendered:
        """What MkDocs's Page.render does, with the shared converter."""
        md = self.md
        md.reset()
        self.conversions += 1
        raw_html = _RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = _ExtractAnchorsTreeprocessor(file, self.files, self.config)
        anchors._register(md)
        relative = _RelativePathTreeprocessor(file, self.files, self.config)
        relative._register(md)
        title = _ExtractTitleTreeprocessor()
        title._register(md)
        logged, log = Logged(), logging.getLogger("mkdocs")
        log.addHandler(logged)
        try:
            with _stack_budget():
                content = md.convert(text)
        finally:
            log.removeHandler(logged)
        links = {linked.src_uri: found for linked, found in relative.links_to_anchors.items()}
        return Rendered(digest(text), content, getattr(md, "toc_tokens", []), title.title,
                        anchors.present_anchor_ids | raw_html.present_anchor_ids, links, tuple(logged.records))

    def start_helper(self, files: list[File], prepare: Callable[[str, str], str]) -> None:
        """Convert the last part of `files` in a forked process. `prepare(src_uri, markdown)`
        is what the build does to a page's Markdown before converting it."""
        if len(files) < MIN_PAGES or "fork" not in multiprocessing.get_all_start_methods():
            return  # small, or Windows: one process does it all
        theirs = files[len(files) - int(len(files) * HELPER_SHARE):]
        self.helper_pages = {f.src_uri for f in theirs}
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)

        def work() -> None:
            results: dict[str, Rendered] = {}
            logging.getLogger("mkdocs").handlers = [logging.NullHandler()]  # the parent logs them, if it uses them
            for file in theirs:
                text, _ = meta.get_data(file.content_string)  # as Page.read_source does
                results[file.src_uri] = self.convert(file, prepare(file.src_uri, text))
            sender.send(results)

        process = context.Process(target=work, daemon=True)
        process.start()
        sender.close()
        self.connection, self.process = receiver, process

    def render(self, page: Page) -> None:
        result = None
        if page.file.src_uri in self.helper_pages:
            if self.results is None:
                assert self.connection is not None and self.process is not None  # start_helper named helper_pages
                try:
                    self.results = self.connection.recv()
                except (EOFError, OSError):  # the helper failed: convert here instead
                    self.results = {}
                self.process.join()
            result = self.results.pop(page.file.src_uri, None)
        elif self.kept is not None:
            context, result = self.kept.get(page.file.src_uri, ("", None))
            result = result if context == self.context else None
        assert page.markdown is not None  # MkDocs reads a page's source before rendering it
        if result is None or result.digest != digest(page.markdown):
            result = self.convert(page.file, page.markdown)  # logs its warnings itself
        else:  # the helper's, or the last rebuild's: its warnings again, as converting it would log them
            log_again(result.logged)
        if self.kept is not None:
            self.converted[page.file.src_uri] = result
        page.content = result.content
        page.toc = get_toc(result.toc_tokens)
        page._title_from_render = result.title
        page.present_anchor_ids = set(result.anchors)
        page.links_to_anchors = {self.files.src_uris[uri]: found for uri, found in result.links_to_anchors.items()}

    def keep(self) -> None:
        """The build went through: the next one may reuse its results (and log their warnings)."""
        if self.kept is not None:
            for uri in self.kept.keys() - self.files.src_uris.keys():
                del self.kept[uri]
            self.kept.update((uri, (self.context, result)) for uri, result in self.converted.items())


def converter(config: MkDocsConfig) -> Callable[[str], str]:
    """Markdown to HTML with the extensions and settings of `config`, for what the build
    converts without drawing a page (drafts, and every body when the content has problems):
    the content check judges it. Made on first use."""
    md: list[markdown.Markdown] = []

    def convert(text: str) -> str:
        if not md:
            md.append(site_markdown(config))
        md[0].reset()
        with _stack_budget():
            return md[0].convert(text)

    return convert


class ModelPage(Page):
    """A page whose Markdown the Renderer converts (MkDocs 1.6 supports Page subclasses set
    in on_files), under the adapter's guard."""

    renderer: Renderer
    guard: Callable[..., Any]  # guard(page, fallback, step, *args): see scf_mkdocs/adapter.py

    # A page is made for every file on every rebuild of the preview server, which draws few of
    # them: its canonical address (MkDocs's _set_canonical_url, most of the cost of making a
    # page: its file's address, urljoin and urlsplit) is made when first read, by MkDocs's own
    # method, the same values (tests/test_render.py compares them with MkDocs's Page's).
    def _set_canonical_url(self, base: str | None) -> None:
        self._canonical_base = base

    @cached_property
    def canonical_url(self) -> str | None:  # type: ignore[override]  # set by Page's method, read here
        Page._set_canonical_url(self, self._canonical_base)  # sets canonical_url and abs_url on the page
        return self.__dict__["canonical_url"]  # type: ignore[no-any-return]

    @cached_property
    def abs_url(self) -> str | None:  # type: ignore[override]
        return self.canonical_url and self.__dict__["abs_url"]

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.guard(self, None, self.renderer.render, self)
        if self.content is None:  # left out for an error, reported by the guard
            self.content = ""
