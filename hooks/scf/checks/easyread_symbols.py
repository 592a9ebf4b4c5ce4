"""The symbols easy read pages use: where each is used, what is wrong, and the files the site gets.

Gathered once per build from the model's bodies (never from built pages): the build
publishes exactly these symbols under assets/symbols/, each at its own address, and the
pages draw each as an `<img>` with its width and height (from the drawing's viewBox).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

from scf.content.file_reads import FileReads, path_of
from scf.content.model import Site
from scf.content.problems import Problem
from scf.content.symbols import SIZE, Catalogue, svg_path
from scf.views.easyread import parse, symbol_name

_VIEWBOX = re.compile(r"""<svg\b[^>]*?\sviewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)""")
FIND = "find one with: scf symbols WORDS (for example: scf symbols my family)"
# The first view of an easy read page fetches the symbols of the rows near the screen: Chromium
# fetches a lazy image within its margin below the window. Measured at 1280 x 800 (MAINTAINING.md,
# Easy read, Weight): a row takes at least 171.5 px with the space after it, a heading 99.5 px, and
# a row is fetched when what comes before it in the body takes at most about 1,815 px (a post's
# body starts lower, under its date, so there this counts a row more than is fetched at most).
# The site's budget for a first view is 100 KB gzip-compressed (as tests/browser/site_audit.BUDGET);
# an easy read page without its symbols weighs at most PAGE_WEIGHT of it (the browser test holds
# it there), which leaves FIRST_VIEW_SHARE for the symbols.
ROW_PX = 171.5
HEADING_PX = 99.5
FIRST_VIEW_PX = 1815
BUDGET = 100 * 1024
PAGE_WEIGHT = round(72.6 * 1024)
FIRST_VIEW_SHARE = BUDGET - PAGE_WEIGHT


@dataclass(frozen=True)
class Use:
    file: str
    line: int


def uses(site: Site, reads: FileReads[Any] | None = None) -> dict[str, list[Use]]:
    """Each symbol named by an easy read page, with the files and lines naming it, by name.
    `reads` (the preview server's): a page's symbols are kept while its text is unchanged."""
    reads = reads or FileReads()
    found: defaultdict[str, list[Use]] = defaultdict(list)
    for doc in site.easy_read:
        if doc.generated:
            continue
        named = reads.derived(path_of(site.settings.root, doc.source), "symbols", (doc.source, doc.body, doc.body_line),
                              partial(_named, doc.source, doc.body, doc.body_line))
        for name, use in named:
            found[name].append(use)
    return dict(sorted(found.items()))


def _named(source: str, body: str, body_line: int) -> list[tuple[str, Use]]:
    """The symbol each row of `body` shows, with its use (the file and line naming it), in order."""
    return [(name, Use(source, body_line + block.line - 1)) for block in parse(body)
            if (name := symbol_name(block.picture or "")) is not None]


def problems(catalogue: Catalogue, name: str, file: str, line: int | None) -> list[Problem]:
    """What is wrong with naming this symbol: unknown (with the closest names) or not publishable."""
    if catalogue.publishable(name):
        return []
    closest = ", ".join([n for n in catalogue.closest(name, 6) if catalogue.publishable(n) and n != name][:3])
    if name not in catalogue:
        return [Problem(file, line, f"there is no symbol '{name}'",
                        f"write a symbol's name exactly as the set spells it, or {FIND}; closest: {closest}")]
    return [Problem(file, line, f"the symbol '{name}' holds a font or pattern the site cannot publish safely",
                    f"choose another symbol; closest: {closest}")]


def first_view(items: list[tuple[str, int, str | None]]) -> list[tuple[int, str]]:
    """The (line, name) of each symbol the first view fetches, in page order, each name once.
    `items` are the body's headings and rows in order: ("heading" or "row", line, the row's symbol
    name or None). A row with another picture still takes its place; paragraphs without a
    picture are not counted, so they can only make this count a row too many, never too few."""
    seen: dict[str, int] = {}
    above = 0.0
    for kind, line, name in items:
        if kind == "row":
            if above > FIRST_VIEW_PX:
                break
            if name is not None and name not in seen:  # the browser fetches a symbol once
                seen[name] = line
            above += ROW_PX
        elif kind == "heading":
            above += HEADING_PX
    return [(line, name) for name, line in seen.items()]


def first_view_problem(catalogue: Catalogue, items: list[tuple[str, int, str | None]],
                       file: str) -> Problem | None:
    """A problem if the symbols of the first view (see first_view) weigh more than the budget
    leaves them, naming the heaviest."""
    weights = [(catalogue.weight(name), line, name) for line, name in first_view(items) if name in catalogue]
    total = sum(w for w, _, _ in weights)
    if total <= FIRST_VIEW_SHARE:
        return None
    heaviest = sorted(weights, reverse=True)[:3]
    names = ", ".join(f"{n} (line {line}, {w / 1024:.1f} KB)" for w, line, n in heaviest)
    return Problem(file, heaviest[0][1], f"the {len(weights)} symbols a browser fetches for this page's first "
                   f"view weigh {total / 1024:.1f} KB gzip-compressed, more than the {FIRST_VIEW_SHARE / 1024:.1f} "
                   "KB the site's page-weight budget leaves them",
                   f"where a lighter symbol fits as well, use it; the heaviest: {names}; "
                   "scf symbols shows each symbol's weight")


@cache  # by name: every row asks, twice a build (the lint, the rows step)
def _size_of(folder: Path, name: str) -> tuple[int, int]:
    match = _VIEWBOX.search(svg_path(folder, name).read_text(encoding="utf-8")[:4000])
    width, height = (float(match[1]), float(match[2])) if match else (1.0, 1.0)
    scale = SIZE / max(width, height, 1e-9)
    return max(1, round(width * scale)), max(1, round(height * scale))


def size(catalogue: Catalogue, name: str) -> tuple[int, int]:
    """The width and height a page gives the symbol: its drawing's shape, the longer side SIZE."""
    return _size_of(catalogue.folder, name)


def files(catalogue: Catalogue, names: list[str]) -> dict[str, str]:
    """Site address -> file, for each symbol the pages use that the site can publish."""
    return {catalogue.public_path(n): str(catalogue.svg_path(n)) for n in sorted(names)
            if catalogue.publishable(n)}

