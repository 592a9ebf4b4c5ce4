"""MkDocs adapter: hands each build event to scf.build.SiteBuild, and tells a dirty build
(`./dev serve`) which pages scf.preview_redraw says must be drawn again.

The day the site moves to another builder, this file, mkdocs_render.py and mkdocs_theme.py
(what we know of Material's HTML) are what change. MkDocs calls the module's hook functions; they are the methods of one object,
`_adapter`, which holds what lasts the whole process and, fresh for each build, the rest.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from jinja2 import pass_context
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from scf.build import SiteBuild
from scf import url_filter
from scf.escaping import autoescape_for, for_theme
from scf.preview_redraw import Redraw
from scf.problems import ContentError, internal_error

from mkdocs_render import ModelPage, Renderer  # beside this file
from mkdocs_theme import Material, with_material_originals


def _nav_sources(items) -> set[str]:
    """The Markdown files named in mkdocs.yml's nav (they keep the titles given there)."""
    if isinstance(items, str):
        return {items}
    if isinstance(items, dict):
        return set().union(*map(_nav_sources, items.values()))
    return set().union(*map(_nav_sources, items or []))


class _OneBuild:
    """What the adapter holds for one build, made in on_files."""

    def __init__(self, site: SiteBuild, renderer: Renderer, redraw: Redraw | None, in_nav: set[str]):
        self.site = site
        self.renderer = renderer
        self.redraw = redraw  # in a dirty build: which pages to draw again
        self.in_nav = in_nav  # src_uri of the pages in the menu
        self.nav_depth = 0  # folders in the deepest menu address, known at on_nav
        self.cache: dict = {}  # HTML drawn once per build and key: the menu (partials/nav.html), blocks

    def nav_key(self, page) -> tuple | None:
        """Pages outside the menu whose menu HTML is the same: its relative links depend only on
        the page's depth and on the folders it shares with the menu's addresses."""
        if page.file.src_uri in self.in_nav:
            return None  # the menu marks this page as the current one
        folders = page.url.split("/")
        return (len(folders), *folders[:self.nav_depth])


class _ModelFile(File):
    """A page of the model. MkDocs counts generated files as always modified; in a dirty
    build, ours are modified when scf.preview_redraw says the page must be drawn again."""

    build: _OneBuild

    def is_modified(self) -> bool:
        # Pages in the menu are always drawn: MkDocs has no title for a page it did not read.
        redraw = self.build.redraw
        return redraw is None or self.src_uri in self.build.in_nav or redraw.needed(self.src_uri)


class _ExactDirtyBuilds(logging.Filter):
    """MkDocs warns that a dirty build leaves navigation and links stale, which strict mode
    turns into an error. Ours redraw every page whose links or lists changed."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "A 'dirty' build is being performed" not in record.getMessage()


def only_site_paths(mkdocs_url):
    """MkDocs's `url` filter (paths made relative to the page), for the site's own paths only."""
    @pass_context
    def url(context, value):
        return mkdocs_url(context, url_filter.site_path(value))
    return url


class Adapter:
    def __init__(self) -> None:
        self.serving = False
        self.dirty = False  # `serve --dirty` (./dev serve): draw again only the pages that changed
        self.build: _OneBuild | None = None
        self.theme = Material()
        # MkDocs loads this file once per process: the filter is added once.
        logging.getLogger("mkdocs.commands.build").addFilter(_ExactDirtyBuilds())

    def on_startup(self, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    def on_files(self, files: Files, config) -> Files:
        root = os.path.dirname(config.config_file_path)
        try:
            # What MkDocs copies of the theme's own (docs/ files are the model's): claimed like the rest.
            theme_files = [f.dest_uri for f in files if f.src_dir != config.docs_dir]
            site = SiteBuild(root, site_url=config.site_url or "", site_name=config.site_name,
                             serving=self.serving, site_dir=config.site_dir, theme=self.theme,
                             theme_dirs=config.theme.dirs, builder_files=theme_files)
        except ContentError as error:
            raise PluginError(error.report()) from None
        except Exception as error:  # a bug of ours: one line naming the file, never a traceback
            raise PluginError(internal_error(error)) from None
        for file in [f for f in files if f.src_uri.endswith(".md")]:
            files.remove(file)  # the model has read them; MkDocs must not read them again
        model_files = []
        for item in site.mounted():
            if item.content is not None:
                file = _ModelFile.generated(config, item.src_uri, content=item.content,
                                            inclusion=InclusionLevel.NOT_IN_NAV)
                model_files.append(file)
            else:
                file = File.generated(config, item.src_uri, abs_src_path=item.abs_path)
            files.append(file)
        redraw = None
        if self.dirty:  # every page is drawn with these too
            watched = [config.config_file_path, config.theme.custom_dir, os.path.dirname(__file__)]
            redraw = Redraw(site, config.site_dir, [Path(p) for p in watched if p])
        renderer = Renderer(config, files)
        # Without a nav in mkdocs.yml, MkDocs puts every page in the menu.
        in_nav = ({f.src_uri for f in files.documentation_pages()} if config.nav is None
                  else _nav_sources(config.nav))
        self.build = build = _OneBuild(site, renderer, redraw, in_nav)
        for file in model_files:
            file.build = build
        for file in files.documentation_pages():
            if file.src_uri not in in_nav:  # those keep the titles mkdocs.yml gives them
                ModelPage(None, file, config).renderer = renderer
        return files

    def on_env(self, env, config, files):
        with_material_originals(env)
        # Every URL a template writes passes one filter (scf.url_filter): `url` takes the site's own paths only.
        env.filters["url"] = only_site_paths(env.filters["url"])
        env.filters["link"] = url_filter.link
        env.filters["site_path"] = url_filter.site_path  # a path written after the page's root
        env.autoescape = autoescape_for(config.theme.custom_dir)  # our templates escape what they print
        # For pages MkDocs renders without a page (404.html).
        env.globals["scf"] = {"cache": self.build.cache, "newsletter": self.build.site.settings.newsletter}
        return env

    def on_nav(self, nav, config, files):
        build = self.build
        build.nav_depth = max(page.url.count("/") for page in nav.pages)
        if not (self.dirty or self.serving):  # a second process converts part of the posts' Markdown meanwhile
            build.renderer.start_helper([f for f in files.documentation_pages() if f.src_uri in build.site.documents
                                         and isinstance(f.page, ModelPage)], build.site.markdown)
        return nav

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        page.meta = for_theme(self.build.site.meta(page.file.src_uri))
        return self.build.site.markdown(page.file.src_uri, markdown)

    def on_page_content(self, html: str, page, config, files) -> str:
        return self.build.site.content(page.file.src_uri, html)

    def on_page_context(self, context: dict, page, config, nav) -> dict:
        build = self.build
        context["scf"] = {**build.site.context(page.file.src_uri), "nav_key": build.nav_key(page), "cache": build.cache}
        return context

    def on_post_page(self, output: str, page, config) -> str:
        return self.build.site.page(page.file.src_uri, output)

    def on_post_template(self, output: str, template_name: str, config) -> str:
        return self.build.site.page(None, output) if template_name.endswith(".html") else output

    def on_post_build(self, config) -> None:
        try:
            self.build.site.finish(config.site_dir)
        except ContentError as error:
            raise PluginError(error.report()) from None
        if self.build.redraw:
            self.build.redraw.finished()

    def on_serve(self, server, config, builder):
        root = os.path.dirname(config.config_file_path)
        for path in ("posts", "easyread", "data", "scf.yml"):
            if os.path.exists(os.path.join(root, path)):
                server.watch(os.path.join(root, path))
        return server


_adapter = Adapter()
# The hooks MkDocs looks for in this module.
on_startup = _adapter.on_startup
on_files = _adapter.on_files
on_env = _adapter.on_env
on_nav = _adapter.on_nav
on_page_markdown = _adapter.on_page_markdown
on_page_content = _adapter.on_page_content
on_page_context = _adapter.on_page_context
on_post_page = _adapter.on_post_page
on_post_template = _adapter.on_post_template
on_post_build = _adapter.on_post_build
on_serve = _adapter.on_serve
