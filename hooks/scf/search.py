"""Site search: a Pagefind index of every post, page and easy read page, written once per build.

Pagefind splits the index into small chunks. A reader's browser fetches nothing until they
search, then only the chunks their words need, so the first view of a page weighs the same
however many posts the site has (Material's own search fetches the whole index, 2 MB at
2,000 posts, on every page). The search page (overrides/search.html) loads it when used.
"""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from pagefind.index import IndexConfig, PagefindIndex

if TYPE_CHECKING:
    from .build import SiteBuild

OUTPUT = "pagefind"  # folder of the index in the built site
CONFIG = IndexConfig(
    # Links to the other version, to older and newer posts and to related posts would make
    # every page match the titles of its neighbours.
    exclude_selectors=[".scf-switch", ".scf-pager", ".scf-related"],
    force_language="en",  # one index for standard and easy read pages alike
)
_ARTICLE = '<article class="md-content__inner md-typeset"'


def mark_documents(build: SiteBuild):
    """A page step: only posts, pages and easy read pages are indexed (listings would only
    repeat them), and only their text, without the menus around it."""

    def mark(html: str, src_uri: str | None) -> str:
        if src_uri in build.documents:
            return html.replace(_ARTICLE, _ARTICLE + " data-pagefind-body", 1)
        return html

    return mark


def write_index(build: SiteBuild, site_dir: Path) -> None:
    asyncio.run(_index(site_dir))


async def _index(site_dir: Path) -> None:
    # One request for the whole folder: Pagefind reads and indexes the files itself, much
    # faster than sending it each page. Leaving the block writes the index.
    async with PagefindIndex(config={**CONFIG, "output_path": str(site_dir / OUTPUT)}) as index:
        await index.add_directory(str(site_dir))


def register(build: SiteBuild) -> None:
    build.page_steps.append(mark_documents(build))
    build.writers.append(write_index)
