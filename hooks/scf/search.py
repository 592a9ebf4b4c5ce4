"""Site search: a Pagefind index of every post, page and easy read page, written once per build.

Pagefind splits the index into small chunks. A reader's browser fetches nothing until they
search, then only the chunks their words need, so the first view of a page weighs the same
however many posts the site has (Material's own search fetches the whole index, 2 MB at
2,000 posts, on every page). The search page (overrides/search.html) loads it when used.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .problems import ContentError, Problem

if TYPE_CHECKING:
    from .build import SiteBuild

OUTPUT = "pagefind"  # folder of the index in the built site
# Links to the other version, to older and newer posts and to related posts would make
# every page match the titles of its neighbours.
EXCLUDE = (".scf-switch", ".scf-pager", ".scf-related")
_ARTICLE = '<article class="md-content__inner md-typeset"'


def mark_documents(build: SiteBuild) -> Callable[[str, str | None], str]:
    """A page step: only posts, pages and easy read pages are indexed (listings would only
    repeat them), and only their text, without the menus around it."""

    def mark(html: str, src_uri: str | None) -> str:
        if src_uri in build.documents:
            return html.replace(_ARTICLE, _ARTICLE + " data-pagefind-body", 1)
        return html

    return mark


def write_index(build: SiteBuild, site_dir: Path) -> None:
    # Pagefind's own command reads the built folder in one pass and has written every file
    # when it exits (its Python API left files half-written now and then).
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", OUTPUT,
               "--force-language", "en", "--silent"]  # one index for standard and easy read
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode:
        raise ContentError([Problem("hooks/scf/search.py", None, "the search index could not be built: "
                                    + (result.stderr or result.stdout).strip(), "run ./dev build again")])


def register(build: SiteBuild) -> None:
    build.page_steps.append(mark_documents(build))
    build.writers.append(write_index)
