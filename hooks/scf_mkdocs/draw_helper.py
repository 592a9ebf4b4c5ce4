"""A second process draws the blog's listing pages while this one draws the rest.

MkDocs draws every page in one process, one after another, and wall time is that process's
CPU (MAINTAINING.md, "Performance"). While the pages are drawn, the second core runs only
Pagefind, for less than half that time. So, in a full build of a big site, a fork reads and
draws the listing pages outside the menu (a third of the pages at 2,000 posts; they are
drawn from the model and hold no Markdown) with MkDocs's own `_populate_page` and
`_build_page`, exactly as this process would, and writes them; this process leaves them out
of its loops (the builder's `EXCLUDED`, set before it reads the pages).

The fork is made after this process has drawn its first page, so that what a page's steps
prepare once (the search index's copies of the posts) is done, and it has the same model,
templates and caches. It sends back what was found while drawing (problems, pages left
out) and MkDocs's warnings, which this process logs again, so `--strict` counts them. If
it fails, this process draws the pages itself.
"""
from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any, Protocol

from mkdocs.structure.files import Files, InclusionLevel

from scf_mkdocs.render import Logged, log_again

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

Found = Callable[[], "tuple[list[Any], set[str | None]]"]  # the lists the page steps add to


class Site(Protocol):
    """scf.build.SiteBuild, as this module reads it (it does not import the orchestrator)."""

    @property
    def listing_by_uri(self) -> Mapping[str, Any]: ...
    @property
    def problems(self) -> list[Any]: ...


class Build(Protocol):
    """What the adapter holds for one build (scf_mkdocs.one_build.OneBuild), as this module reads it."""

    @property
    def site(self) -> Site: ...
    @property
    def in_nav(self) -> set[str]: ...
    @property
    def env(self) -> Environment | None: ...
    @property
    def failed(self) -> set[str | None]: ...


MIN_PAGES = 100  # fewer listing pages: forking costs more than it saves


@dataclass
class Drawn:
    """What the fork sends back: what the page steps found, and what MkDocs logged."""

    problems: list[Any] = field(default_factory=list)  # scf.content.problems.Problem
    failed: set[str | None] = field(default_factory=set)  # pages left out for an error
    logged: list[tuple[str, int, str]] = field(default_factory=list)  # logger, level, message


class Drawer:
    """The pages a fork draws: planned at the builder's `nav` event, started after this
    process's first page, waited for at the end."""

    def __init__(self, pages: list[Page] | None = None, draw: Callable[[Page], None] = lambda page: None,
                 found: Found = lambda: ([], set())):
        """`draw(page)`: MkDocs's drawing of one page, writing it; `found()`: the lists the
        page steps add to in this process (problems, pages left out). No pages: nothing to do."""
        self.pages = pages or []
        self.draw = draw
        self.found = found
        self.started = False
        self.connection: Connection | None = None
        self.process: multiprocessing.process.BaseProcess | None = None

    @classmethod
    def planned(cls, build: Build, config: MkDocsConfig, files: Files, nav: Navigation) -> Drawer:
        """A Drawer of the listing pages outside the menu (the menu's titles are read from the
        pages), if there are enough of them to be worth a fork, else one with none; they are
        left out of the builder's loops from now on."""
        from mkdocs.commands.build import _build_page, _populate_page  # MkDocs's own reading and drawing

        every = files.documentation_pages()  # what each page's context lists, as in the builder's loop
        listings, menu = build.site.listing_by_uri, build.in_nav
        pages = [f.page for f in every if f.src_uri in listings and f.src_uri not in menu and f.page is not None]
        if len(pages) < MIN_PAGES or "fork" not in multiprocessing.get_all_start_methods():
            return cls()  # small, or Windows: one process draws them all
        for page in pages:
            page.file.inclusion = InclusionLevel.EXCLUDED

        def draw(page: Page) -> None:
            assert build.env is not None, "pages are drawn after the env event"
            _populate_page(page, config, files)
            _build_page(page, config, every, nav, build.env)

        return cls(pages, draw, lambda: (build.site.problems, build.failed))

    def start(self, current: Page) -> None:
        """Fork, once; `current`: the page this process is drawing, which is not the fork's."""
        if self.started or not self.pages:
            return
        self.started = True
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)

        def work() -> None:
            current.active = False  # the menu marks the page being drawn; the fork draws others
            drawn = Drawn()
            logged = Logged()
            logging.getLogger("mkdocs").handlers = [logged]
            problems, failed = self.found()
            count, left_out = len(problems), set(failed)
            for page in self.pages:
                self.draw(page)
            drawn.problems, drawn.failed, drawn.logged = problems[count:], failed - left_out, logged.records
            sender.send(drawn)

        process = context.Process(target=work, daemon=True)
        process.start()
        sender.close()
        self.connection, self.process = receiver, process

    def finish(self) -> None:
        """Wait for the fork and add what it found to this process's; if it failed (or never
        started), draw its pages here."""
        drawn = None
        if self.connection is not None and self.process is not None:
            try:
                drawn = self.connection.recv()
            except (EOFError, OSError):  # the fork failed: drawn here instead
                drawn = None
            self.process.join()
        if drawn is None:
            for page in self.pages:
                self.draw(page)
            return
        log_again(drawn.logged)
        problems, failed = self.found()
        problems += drawn.problems
        failed |= drawn.failed
