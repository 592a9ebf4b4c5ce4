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
    root_selector="article",  # the text of the page, without the menus around it
    # Links to the other version, to older and newer posts and to related posts would make
    # every page match the titles of its neighbours.
    exclude_selectors=[".scf-switch", ".scf-pager", ".scf-related"],
    force_language="en",  # one index for standard and easy read pages alike
)


def write_index(build: SiteBuild, site_dir: Path) -> None:
    """Index the built HTML of every document the model knows (listings would only repeat them)."""
    pages = [(doc.url, site_dir / doc.url / "index.html") for doc in build.site.documents]
    asyncio.run(_index([(url, path) for url, path in sorted(pages) if path.is_file()],
                       site_dir / OUTPUT))


async def _index(pages: list[tuple[str, Path]], output: Path) -> None:
    # Leaving the block writes the index into `output`.
    async with PagefindIndex(config={**CONFIG, "output_path": str(output)}) as index:
        for url, path in pages:
            await index.add_html_file(content=path.read_text(encoding="utf-8"), url="/" + url)


def register(build: SiteBuild) -> None:
    build.writers.append(write_index)
