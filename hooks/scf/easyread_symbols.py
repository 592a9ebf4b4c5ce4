"""The symbols easy read pages use: where each is used, what is wrong, and the files the site gets.

Gathered once per build from the model's bodies (never from built pages): the build
publishes exactly these symbols under assets/symbols/, each at its own address, and the
pages draw each as an `<img>` with its width and height (from the drawing's viewBox).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .easyread import parse, symbol_name
from .model import Site
from .problems import Problem
from .symbols import SIZE, Catalogue

_VIEWBOX = re.compile(r"""<svg\b[^>]*?\sviewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)""")
FIND = "find one with: scf symbols WORDS (for example: scf symbols my family)"
# The first view of an easy read page fetches the symbols of about its first nine rows (the
# screen, and the 1,250 px below it where Chromium starts fetching lazy images); the page
# without them weighs 73-74 KB of the site's 100 KB budget (measured: MAINTAINING.md, Easy read).
FIRST_VIEW_ROWS = 9
FIRST_VIEW_SHARE = 26 * 1024


@dataclass(frozen=True)
class Use:
    file: str
    line: int


def uses(site: Site) -> dict[str, list[Use]]:
    """Each symbol named by an easy read page, with the files and lines naming it, by name."""
    found: dict[str, list[Use]] = {}
    for doc in site.easy_read:
        if doc.generated:
            continue
        for block in parse(doc.body):
            name = symbol_name(block.picture or "")
            if name is not None:
                found.setdefault(name, []).append(Use(doc.source, doc.body_line + block.line - 1))
    return dict(sorted(found.items()))


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


def first_view_problem(catalogue: Catalogue, rows: list[tuple[int, str]], file: str) -> Problem | None:
    """A problem if the symbols of the first rows ((line, name), in page order) weigh more than
    the budget leaves them, naming the heaviest."""
    first = [(line, name) for line, name in rows if name in catalogue][:FIRST_VIEW_ROWS]
    seen: set[str] = set()
    weights = []
    for line, name in first:
        if name not in seen:  # the browser fetches a symbol once
            seen.add(name)
            weights.append((catalogue.weight(name), line, name))
    total = sum(w for w, _, _ in weights)
    if total <= FIRST_VIEW_SHARE:
        return None
    heaviest = sorted(weights, reverse=True)[:3]
    names = ", ".join(f"{n} (line {line}, {w / 1024:.1f} KB)" for w, line, n in heaviest)
    return Problem(file, heaviest[0][1], f"the symbols of the first {len(first)} rows weigh {total / 1024:.1f} KB "
                   f"gzip-compressed, more than the {FIRST_VIEW_SHARE // 1024} KB the site's page-weight "
                   "budget leaves them", f"where a lighter symbol fits as well, use it; the heaviest: {names}; "
                   "scf symbols shows each symbol's weight")


@cache
def _size_of(path: Path) -> tuple[int, int]:
    match = _VIEWBOX.search(path.read_text(encoding="utf-8")[:4000])
    width, height = (float(match[1]), float(match[2])) if match else (1.0, 1.0)
    scale = SIZE / max(width, height, 1e-9)
    return max(1, round(width * scale)), max(1, round(height * scale))


def size(catalogue: Catalogue, name: str) -> tuple[int, int]:
    """The width and height a page gives the symbol: its drawing's shape, the longer side SIZE."""
    return _size_of(catalogue.svg_path(name))


def files(catalogue: Catalogue, names: list[str]) -> dict[str, str]:
    """Site address -> file, for each symbol the pages use that the site can publish."""
    return {catalogue.public_path(n): str(catalogue.svg_path(n)) for n in sorted(names)
            if catalogue.publishable(n)}

