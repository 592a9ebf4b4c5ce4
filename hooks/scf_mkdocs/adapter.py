"""MkDocs adapter: hands each build event to scf.build.SiteBuild, and tells a dirty build
(`./dev serve`) which pages scf.redraw says must be drawn again.

Each page's steps (its Markdown, its render, its HTML, its template) run under a guard: an
unexpected error is one message naming the page's file, the page is left out, and the
build goes on, so that every problem is reported at the end, at once (`on_post_build`).
`scf check` runs this same build without writing anything (hooks/scf_mkdocs/check.py sets
`checking`): pages are drawn and then dropped, and no file is copied.

The day the site moves to another builder, this file, scf_mkdocs/render.py and scf_mkdocs/material_html.py
(what we know of Material's HTML) are what change. MkDocs calls the module's hook functions; they are the methods of one object,
`_adapter`, which holds what lasts the whole process and, fresh for each build, the rest.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, cast

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url, write_file

from scf.build import SiteBuild
from scf.content.file_reads import FileReads
from scf.content.markdown_files import MarkdownRead
from scf.content.model import Post
from scf.content.problems import ContentError, Problem, Unexpected, crashed
from scf.outputs.host_files import SITEMAP
from scf.outputs.search import Preview
from scf.pages import url_filter
from scf.pages.escaping import autoescape_for, for_theme
from scf.redraw import Drawn, Redraw, digest
from scf_mkdocs import collect
from scf_mkdocs.draw_helper import Drawer
from scf_mkdocs.frames import Frames
from scf_mkdocs.kept import Compiled, OnPurpose, compiled_on_disk
from scf_mkdocs.later import Job, Later, errors, settle_first
from scf_mkdocs.material_html import Material, with_material_originals
from scf_mkdocs.one_build import KeptFiles, ModelFile, OneBuild, menu_urls, nav_titles, shown
from scf_mkdocs.render import ModelPage, Rendered, Renderer, converter  # beside this file
from scf_mkdocs.theme_listing import list_once
from scf_mkdocs.watch import Saved, watch_natively

if TYPE_CHECKING:  # for the hooks' types only: a build imports no more than it did (livereload: watchdog)
    from jinja2 import Environment, Template
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

T = TypeVar("T")

NOT_FOUND = "404.html"  # the theme's page for addresses that are not there
NEAR = "partials/scf-near.html"  # a post's block naming other posts (scf.redraw: splices)


class _NoCopies(Files):
    """`scf check`'s files: MkDocs copies none of them."""

    def copy_static_files(self, *args: Any, **kwargs: Any) -> None:
        pass


class Adapter:
    def __init__(self) -> None:
        self.serving = False
        self.dirty = False  # `serve --dirty` (./dev serve): draw again only the pages that changed
        self.checking = False  # `scf check`: draw everything, write nothing (hooks/scf_mkdocs/check.py)
        self.build: OneBuild | None = None
        self.problems: list[Problem] = []  # of the last build that stopped, for `scf check`
        self.warnings: list[Problem] = []  # of the last build (printed, and annotated by `scf check`)
        self.theme = Material()
        # Kept between the preview server's rebuilds, so that a save costs what it changes:
        self.reads: FileReads[MarkdownRead] = FileReads()  # what each content file gave when last read
        self.saved: Saved | None = None  # the Markdown files saved since, as the server's observer saw them
        self.drawn: dict[str, Drawn] = {}  # site folder -> what the last finished build drew there
        self.search_preview: Preview | None = None  # the preview's search index, made when serving
        self.conversions: dict[str, tuple[str, Rendered]] = {}  # each page's last conversion (render.py)
        self.compiled = Compiled(compiled_on_disk())  # the templates, compiled
        self.theme_files: dict[str, list[str]] = {}  # the installed theme's folders -> their files (theme_listing)
        self.later = Later()  # the splices a rebuild leaves to after the browser's reload
        self.kept_files = KeptFiles()  # the files MkDocs was given, kept under serve (one_build.py)
        # MkDocs loads this file once per process: the filter is added once.
        logging.getLogger("mkdocs.commands.build").addFilter(OnPurpose())

    @property
    def _this(self) -> OneBuild:
        """This build's: on_files makes it, and MkDocs calls the other hooks after on_files."""
        assert self.build is not None, "on_files comes first"
        return self.build

    def on_startup(self, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.saved = None  # until this server's observer is made (on_serve)
        collect.serving(self.serving)
        if self.serving and self.search_preview is None:
            self.search_preview = Preview()
        self.dirty = dirty

    def on_pre_build(self, config: MkDocsConfig) -> None:
        collect.build_started(self.serving)
        unmade = self.later.stop()  # the last rebuild's splices not made yet: this one makes them
        if self.search_preview:  # the last rebuild's index, now out of date, leaves the cores to this one
            self.search_preview.stale()
        if unmade and self.build and self.build.redraw:
            self.build.redraw.unspliced(set(unmade))
        list_once(config.theme, self.theme_files)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        root = os.path.dirname(config.config_file_path)
        self.problems, self.warnings = [], []
        try:
            # What MkDocs copies of the theme's own (docs/ files are the model's): claimed like the rest.
            theme_files = [f.dest_uri for f in files if f.src_dir != config.docs_dir]
            site = SiteBuild(root, site_url=config.site_url or "", site_name=config.site_name,
                             serving=self.serving, site_dir=config.site_dir, theme=self.theme,
                             theme_dirs=config.theme.dirs, builder_files=theme_files, convert=converter(config),
                             dry_run=self.checking, warnings=self.warnings,
                             reads=self.reads if self.serving else None, saved=self.saved,
                             search_preview=self.search_preview if self.serving else None)
        except ContentError as error:
            self._stop(error)
        except Exception as error:  # a bug of ours: one message, never a traceback
            source, cause = (error.file, error.error) if isinstance(error, Unexpected) else ("scf.yml", error)
            self._stop(ContentError([crashed(source, "reading the content", cause)]))
        for file in [f for f in files if f.src_uri.endswith(".md")]:
            files.remove(file)  # the model has read them; MkDocs must not read them again
        model_files: list[ModelFile] = []
        for file in self.kept_files.files(config, site.mounted(), keep=self.serving):
            files.append(file)
            if isinstance(file, ModelFile):
                model_files.append(file)
        redraw = None
        if self.dirty:  # every page is drawn with these too
            watched = [config.config_file_path, config.theme.custom_dir, os.path.dirname(os.path.dirname(__file__))]
            redraw = Redraw(site, config.site_dir, self.drawn, [Path(p) for p in watched if p])
        if redraw:  # a conversion depends on the Markdown, the configuration and the files linked to
            renderer = Renderer(config, files, self.conversions, digest(redraw.structure, *sorted(files.src_uris)))
        else:
            renderer = Renderer(config, files)
        # Without a nav in mkdocs.yml, MkDocs puts every page in the menu.
        titles = (nav_titles(config.nav) if config.nav is not None
                  else dict.fromkeys(f.src_uri for f in files.documentation_pages()))
        self.build = build = OneBuild(site, renderer, redraw, titles)
        build.files = files
        for model_file in model_files:
            model_file.build = build
        given = shown(files, build)  # a rebuild is given the pages it draws or splices; the renderer, all
        for file in given.documentation_pages():  # with the menu's title if it has one
            page = ModelPage(titles.get(file.src_uri), file, config)
            page.renderer, page.guard = renderer, self._guard
        return _NoCopies(given) if self.checking else given

    # -- guards ---------------------------------------------------------------------------

    def _guard(self, page: Page | None, fallback: T, step: Callable[..., T], *args: Any) -> T:
        """step(*args) for `page`; an error is one message naming the page's file, and `fallback`
        stands for the page from then on (it is left out of the site, which is not published)."""
        build = self._this
        src_uri = page.file.src_uri if page is not None else None
        if src_uri in build.failed:
            return fallback
        try:
            return step(*args)
        except ContentError as error:
            build.site.problems += error.problems
        except Exception as error:  # noqa: BLE001  a bug of ours, set off by this page
            file = build.site.source_of(page.file.src_uri) if page is not None else "overrides"
            what = f"drawing the page /{page.url}" if page is not None else "drawing the theme's pages"
            build.site.problems.append(crashed(file, what, error))
        build.failed.add(src_uri)
        return fallback

    def _guarded_templates(self, env: Environment) -> None:
        """Templates whose drawing is guarded like the other steps of a page."""
        adapter, base = self, env.template_class

        def render(template: Template, *args: Any, **kwargs: Any) -> str:
            build = adapter._this
            if template.name == SITEMAP:  # the theme's: scf.outputs.host_files writes the site's in its place
                return ""  # empty: MkDocs writes nothing (nor its .gz)
            if template.name == NOT_FOUND and build.redraw and build.redraw.same_structure():
                return ""  # the last build's is kept
            if build.drawing:  # drawn by another template: that one is guarded
                return base.render(template, *args, **kwargs)
            context = args[0] if args and isinstance(args[0], dict) else kwargs
            build.drawing = True
            draw = partial(build.frames.draw, base.render) if build.frames else base.render
            try:
                return adapter._guard(context.get("page"), "", partial(draw, **kwargs), template, *args)
            finally:
                build.drawing = False

        # A subclass of the environment's own template class (made with type(): a class
        # statement cannot name a base known only at run time to the type checker).
        env.template_class = cast("type[Template]", type("Guarded", (base,), {"render": render}))

    def _stop(self, error: ContentError) -> NoReturn:
        self.problems = error.problems
        raise PluginError(error.report()) from None

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        with_material_originals(env)
        env.bytecode_cache = self.compiled
        self.compiled.writes = not self.checking  # `scf check` reads compiled templates, writes none
        self._guarded_templates(env)
        # Every URL a template writes passes one filter (scf.pages.url_filter): `url` takes the site's own paths only.
        env.filters["url"] = url_filter.only_site_paths(env.filters["url"])  # MkDocs's: relative to the page
        env.filters["link"] = url_filter.link
        env.filters["site_path"] = url_filter.site_path  # a path written after the page's root
        env.autoescape = autoescape_for(config.theme.custom_dir)  # our templates escape what they print
        # For pages MkDocs renders without a page (404.html).
        env.globals["scf"] = {"cache": self._this.cache, "newsletter": self._this.site.settings.newsletter}
        self._this.env = env
        return env

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        build = self._this
        build.menu_folders = {tuple(folders[:n]) for folders in (url.split("/")[:-1] for url in menu_urls(nav.items))
                              for n in range(1, len(folders) + 1)}
        if not (self.dirty or self.serving):  # a second process converts part of the posts' Markdown meanwhile
            build.renderer.start_helper([f for f in files.documentation_pages() if f.src_uri in build.site.documents
                                         and isinstance(f.page, ModelPage)], build.site.markdown)
            build.drawer = Drawer.planned(build, config, files, nav)  # a fork draws the listings meanwhile
            build.frames = Frames()  # listings, posts and easy read pages drawn from frames
        return nav

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self._guard(page, "", self._markdown, page, markdown)

    def _markdown(self, page: Page, markdown: str) -> str:
        page.meta = for_theme(self._this.site.meta(page.file.src_uri))
        return self._this.site.markdown(page.file.src_uri, markdown)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self._guard(page, "", self._this.site.content, page.file.src_uri, html)

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig,
                        nav: Navigation) -> dict[str, Any]:
        return self._guard(page, context, self._context, context, page)

    def _context(self, context: dict[str, Any], page: Page) -> dict[str, Any]:
        build = self._this
        context["scf"] = {**build.site.context(page.file.src_uri), "nav_key": build.nav_key(page), "cache": build.cache}
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        build = self._this
        output = self._guard(page, "", build.site.page, page.file.src_uri, output)
        build.drawer.start(page)  # once, after this process's first page (its steps have prepared what they share)
        if build.redraw and output and isinstance(build.site.documents.get(page.file.src_uri), Post):
            block = self._guard(page, None, self._near, page, config)
            if block is not None:
                build.redraw.drew(page.file.src_uri, output, block)
        return "" if self.checking else output  # empty: MkDocs writes nothing

    def _near(self, page: Page, config: MkDocsConfig) -> str:
        """A post's block naming other posts, drawn alone (scf.redraw: splices), with what its
        template gives it: the page, its way back to the site's root, scf.neighbours."""
        build = self._this
        assert build.env is not None, "on_env comes before any page is drawn"
        context = self._context({"page": page, "config": config, "base_url": get_relative_url(".", page.url)}, page)
        return build.env.get_template(NEAR).render(context)

    def _splices(self, config: MkDocsConfig, redraw: Redraw) -> list[tuple[str, Job]]:
        """The posts whose block naming other posts alone changed: that block put in place of
        the old one in their pages, each by a call, with the page's address."""
        files = self._this.files
        assert files is not None, "set at on_files"
        spliced = [files.src_uris[src_uri] for src_uri in redraw.splices]
        return [(file.url, partial(self._splice, file, config, redraw, self.serving)) for file in spliced]

    def _splice(self, file: File, config: MkDocsConfig, redraw: Redraw, after: bool) -> None:
        """`after`: made after the rebuild (scf_mkdocs.later), whose problems are reported already.
        The page is made here: MkDocs is given only the pages it draws (one_build.shown)."""
        build, src_uri, page = self._this, file.src_uri, file.page or ModelPage(None, file, config)
        problems = len(build.site.problems)  # those this splice adds are said now, when `after`
        block = self._guard(page, None, self._near, page, config)
        html = None if block is None else self._guard(page, None, redraw.spliced, src_uri, block)
        if html is not None:
            write_file(html.encode("utf-8", errors="xmlcharrefreplace"), file.abs_dest_path)
            redraw.wrote(src_uri)
        elif after:  # said now, and drawn by the next rebuild
            redraw.forget(src_uri)
            for problem in build.site.problems[problems:]:
                errors.error(str(problem))

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        if template_name.endswith(".html") and output:  # empty: not drawn, MkDocs writes nothing
            output = self._guard(None, "", self._this.site.page, None, output)
        return "" if self.checking else output

    def on_post_build(self, config: MkDocsConfig) -> None:
        build = self._this
        splices = self._splices(config, build.redraw) if build.redraw else []
        if not self.serving:  # else after the browser's reload (scf_mkdocs.later)
            for _, splice in splices:
                splice()
        build.drawer.finish()
        try:
            build.site.finish(None if self.checking else config.site_dir)  # check: made, not written
        except ContentError as error:
            self._stop(error)
        if build.redraw:
            build.redraw.finished()
            build.renderer.keep()
        if self.serving:
            self.later.start(splices)
        collect.build_ended(self.serving)

    def on_build_error(self, error: Exception) -> None:
        collect.build_ended(self.serving, failed=True)

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
        root = os.path.dirname(config.config_file_path)
        ours = [os.path.join(root, path) for path in ("posts", "easyread", "data", "scf.yml")]
        # The site's overrides too: MkDocs watches the theme only with --watch-theme.
        self.saved = watch_natively(server, [config.docs_dir, config.config_file_path, *config.theme.dirs],
                                    [*ours, *([config.theme.custom_dir] if config.theme.custom_dir else [])],
                                    [os.path.join(root, path) for path in ("docs", "posts", "easyread")])
        settle_first(server, self.later)
        collect.server_started()
        return server


_adapter = Adapter()
# The hooks MkDocs looks for in this module.
on_startup = _adapter.on_startup
on_pre_build = _adapter.on_pre_build
on_files = _adapter.on_files
on_env = _adapter.on_env
on_nav = _adapter.on_nav
on_page_markdown = _adapter.on_page_markdown
on_page_content = _adapter.on_page_content
on_page_context = _adapter.on_page_context
on_post_page = _adapter.on_post_page
on_post_template = _adapter.on_post_template
on_post_build = _adapter.on_post_build
on_build_error = _adapter.on_build_error
on_serve = _adapter.on_serve
