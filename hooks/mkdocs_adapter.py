"""MkDocs adapter: hands each build event to scf.build.SiteBuild, and tells a dirty build
(`./dev serve`) which pages scf.incremental says must be drawn again.

The day the site moves to another builder, this file and mkdocs_render.py are what change.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

import material
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from scf.build import SiteBuild
from scf.incremental import Redraw
from scf.problems import ContentError

from mkdocs_render import ModelPage, Renderer  # beside this file

_serving = False
_dirty = False  # `serve --dirty` (./dev serve): draw again only the pages that changed
_redraw: Redraw | None = None
_build: SiteBuild | None = None
_in_nav: set[str] = set()  # src_uri of the pages in the menu
_nav_depth = 0  # folders in the deepest menu address
_cache: dict = {}  # HTML drawn once per build and key: the menu (partials/nav.html), blocks (main.html)
_renderer: Renderer | None = None


def _nav_sources(items) -> set[str]:
    """The Markdown files named in mkdocs.yml's nav (they keep the titles given there)."""
    if isinstance(items, str):
        return {items}
    if isinstance(items, dict):
        return set().union(*map(_nav_sources, items.values()))
    return set().union(*map(_nav_sources, items or []))


class _ModelFile(File):
    """A page of the model. MkDocs counts generated files as always modified; in a dirty
    build, ours are modified when scf.incremental says the page must be drawn again."""

    def is_modified(self) -> bool:
        # Pages in the menu are always drawn: MkDocs has no title for a page it did not read.
        return _redraw is None or self.src_uri in _in_nav or _redraw.needed(self.src_uri)


class _ExactDirtyBuilds(logging.Filter):
    """MkDocs warns that a dirty build leaves navigation and links stale, which strict mode
    turns into an error. Ours redraw every page whose links or lists changed."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "A 'dirty' build is being performed" not in record.getMessage()


def on_startup(command: str, dirty: bool) -> None:
    global _serving, _dirty
    _serving = command == "serve"
    _dirty = dirty
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_ExactDirtyBuilds())


def on_files(files: Files, config) -> Files:
    global _build, _renderer, _redraw, _in_nav
    root = os.path.dirname(config.config_file_path)
    try:
        _build = SiteBuild(root, site_url=config.site_url or "", site_name=config.site_name,
                           serving=_serving, site_dir=config.site_dir)
    except ContentError as error:
        raise PluginError(error.report()) from None
    for file in [f for f in files if f.src_uri.endswith(".md")]:
        files.remove(file)  # the model has read them; MkDocs must not read them again
    for item in _build.mounted():
        if item.content is not None:
            file = _ModelFile.generated(config, item.src_uri, content=item.content,
                                        inclusion=InclusionLevel.NOT_IN_NAV)
        else:
            file = File.generated(config, item.src_uri, abs_src_path=item.abs_path)
        files.append(file)
    if _dirty:  # every page is drawn with these too
        watched = [config.config_file_path, config.theme.custom_dir, os.path.dirname(__file__)]
        _redraw = Redraw(_build, config.site_dir, [Path(p) for p in watched if p])
    else:
        _redraw = None
    _renderer = Renderer(config, files)
    # Without a nav in mkdocs.yml, MkDocs puts every page in the menu.
    _in_nav = {f.src_uri for f in files.documentation_pages()} if config.nav is None else _nav_sources(config.nav)
    for file in files.documentation_pages():
        if file.src_uri not in _in_nav:  # those keep the titles mkdocs.yml gives them
            ModelPage(None, file, config).renderer = _renderer
    return files


def _with_material_originals(env):
    """Let our overrides include the theme's own template they wrap as `material/<path>`
    (an override shadows the original's name), so they wrap it instead of copying it."""
    originals = PrefixLoader({"material": FileSystemLoader(Path(material.__file__).parent / "templates")})
    env.loader = ChoiceLoader([env.loader, originals])


def on_env(env, config, files):
    global _cache
    _cache = {}
    _with_material_originals(env)
    env.globals["scf"] = {"cache": _cache}  # for pages MkDocs renders without a page (404.html)
    return env


def on_nav(nav, config, files):
    global _nav_depth
    _nav_depth = max(page.url.count("/") for page in nav.pages)
    if not (_dirty or _serving):  # a second process converts part of the posts' Markdown meanwhile
        _renderer.start_helper([f for f in files.documentation_pages() if f.src_uri in _build.documents
                                and isinstance(f.page, ModelPage)], _build.markdown)
    return nav


def _nav_key(page) -> tuple | None:
    """Pages outside the menu whose menu HTML is the same: its relative links depend only on
    the page's depth and on the folders it shares with the menu's addresses."""
    if page.file.src_uri in _in_nav:
        return None  # the menu marks this page as the current one
    folders = page.url.split("/")
    return (len(folders), *folders[:_nav_depth])


def on_page_markdown(markdown: str, page, config, files) -> str:
    page.meta = _build.meta(page.file.src_uri)
    return _build.markdown(page.file.src_uri, markdown)


def on_page_content(html: str, page, config, files) -> str:
    return _build.content(page.file.src_uri, html)


def on_page_context(context: dict, page, config, nav) -> dict:
    context["scf"] = {**_build.context(page.file.src_uri),
                      "nav_key": _nav_key(page), "cache": _cache}
    return context


def on_post_page(output: str, page, config) -> str:
    return _build.page(page.file.src_uri, output)


def on_post_template(output: str, template_name: str, config) -> str:
    return _build.page(None, output) if template_name.endswith(".html") else output


def on_post_build(config) -> None:
    try:
        _build.finish(config.site_dir)
    except ContentError as error:
        raise PluginError(error.report()) from None
    if _redraw:
        _redraw.finished()


def on_serve(server, config, builder):
    root = os.path.dirname(config.config_file_path)
    for path in ("posts", "easyread", "data", "scf.yml"):
        if os.path.exists(os.path.join(root, path)):
            server.watch(os.path.join(root, path))
    return server
