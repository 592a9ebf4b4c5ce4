"""What the MkDocs adapter holds for one build, and which of the site's files MkDocs is given.

A rebuild under `./dev serve` draws few pages (scf.redraw), but MkDocs's build loops over
every file it is given several times, and makes a Page for each: at 2,000 posts, 3,500 of
them a save. So a dirty build after another gives MkDocs only the pages it must draw, with
every file that is not a page; the adapter's renderer keeps all of them, so links to the
other pages resolve as before (`shown`), and the splices make their own pages. And the
file objects themselves are kept between rebuilds (`KeptFiles`).
"""
from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from mkdocs.structure.files import File, Files, InclusionLevel

from scf.build import Mounted, SiteBuild
from scf.redraw import Redraw
from scf_mkdocs.draw_helper import Drawer
from scf_mkdocs.frames import Frames
from scf_mkdocs.render import Renderer

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


def nav_titles(items: object) -> dict[str, str | None]:
    """The Markdown files named in mkdocs.yml's nav, with the titles given there (None: the page's own)."""
    found: dict[str, str | None] = {}
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, str):
            found[item] = None
        elif isinstance(item, dict):
            for title, value in item.items():
                found.update({value: title} if isinstance(value, str) else nav_titles(value))
    return found


def menu_urls(items: list[Any]) -> list[str]:
    """The address of every page and link in the menu (sections' children included)."""
    return [url for item in items for url in (menu_urls(item.children) if item.children else [item.url])
            if url is not None]


class OneBuild:
    """What the adapter holds for one build, made in on_files."""

    def __init__(self, site: SiteBuild, renderer: Renderer, redraw: Redraw | None, titles: dict[str, str | None]):
        self.site = site
        self.renderer = renderer
        self.redraw = redraw  # in a dirty build: which pages to draw again
        self.in_nav = set(titles)  # src_uri of the pages in the menu
        self.untitled = {uri for uri, title in titles.items() if title is None}  # in the menu by their own title
        self.menu_folders: set[tuple[str, ...]] = set()  # each menu address's folders and their beginnings, at on_nav
        self.cache: dict[Hashable, str] = {}  # HTML drawn once per build and key: the menu (partials/nav.html), blocks
        self.failed: set[str | None] = set()  # pages left out for an error (reported once each)
        self.drawing = False  # a template is being drawn: the templates it draws are not guarded again
        self.env: Environment | None = None  # the templates, known at on_env
        self.files: Files | None = None
        self.drawer = Drawer()  # a fork drawing the listings (scf_mkdocs/draw_helper.py): planned at on_nav
        self.frames: Frames | None = None  # pages drawn from frames (scf_mkdocs/frames.py): full builds only

    def nav_key(self, page: Page) -> tuple[int | str, ...] | None:
        """Pages outside the menu whose menu HTML is the same: its relative links depend only on
        the page's depth and on the folders it shares with the menu's addresses (which are
        those of its folders' longest beginning that begins a menu address)."""
        if page.file.src_uri in self.in_nav:
            return None  # the menu marks this page as the current one
        folders = page.url.split("/")
        shared = 0
        while shared < len(folders) and tuple(folders[:shared + 1]) in self.menu_folders:
            shared += 1
        return (len(folders), *folders[:shared])


class ModelFile(File):
    """A page of the model. MkDocs counts generated files as always modified; in a dirty
    build, ours are modified when scf.redraw says the page must be drawn again."""

    build: OneBuild

    def is_modified(self) -> bool:
        # A page in the menu without a title there is always drawn: MkDocs has no title for a
        # page it did not read. The others' titles are mkdocs.yml's.
        redraw = self.build.redraw
        return redraw is None or self.src_uri in self.build.untitled or redraw.needed(self.src_uri)


def shown(files: Files, build: OneBuild) -> Files:
    """What MkDocs is given of `files`: in a dirty build after another, only the pages it draws,
    those in the menu (its entries need their files) and every file that is not a page (the
    adapter makes the pages of its splices itself)."""
    redraw = build.redraw
    if redraw is None or redraw.last is None:
        return files
    return Files([f for f in files if not isinstance(f, ModelFile) or f.src_uri in build.in_nav or f.is_modified()])


class KeptFiles:
    """The files MkDocs is given for the site's pages and assets, kept between the preview
    server's rebuilds: making a File normalises its address with pathlib, and making 3,500 of
    them was a tenth of a save at 2,000 posts. A file is given again while its address, its
    text (the model's, the same object while its file is unchanged) or source path, and where
    the site is written are the same; what a build sets on it (its page, a listing left to the
    fork) is set back to what a new one has."""

    def __init__(self) -> None:
        self.kept: dict[tuple[object, ...], File] = {}

    def files(self, config: MkDocsConfig, mounted: list[Mounted], keep: bool) -> list[File]:
        """A file for each of `mounted` (those with text are ModelFiles); kept for the next call if `keep`."""
        made: dict[tuple[object, ...], File] = {}
        site_dir, directory_urls = config.site_dir, config.use_directory_urls  # a config read costs as much as a file
        for item in mounted:
            key = (item.src_uri, item.content, item.abs_path, site_dir, directory_urls)
            file = self.kept.get(key)
            inclusion = InclusionLevel.UNDEFINED if item.content is None else InclusionLevel.NOT_IN_NAV
            if file is not None:
                file.page, file.inclusion = None, inclusion
            elif item.content is not None:
                file = ModelFile.generated(config, item.src_uri, content=item.content, inclusion=inclusion)
            else:
                assert item.abs_path is not None  # a Mounted has content or a path
                file = File.generated(config, item.src_uri, abs_src_path=item.abs_path)
            made[key] = file
        self.kept = made if keep else {}
        return list(made.values())
