"""The symbols easy read pages use: where each is used, what is wrong, and the files the site gets.

Gathered once per build from the model's bodies (never from built pages): the build
publishes exactly these symbols under assets/symbols/, each at its own address, and the
pages draw each as an `<img>` with its width and height (from the drawing's viewBox).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .easyread import parse, symbol_name
from .model import Site
from .problems import Problem
from .symbols import SIZE, Catalogue

_VIEWBOX = re.compile(r"""<svg\b[^>]*?\sviewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)""")
FIND = "find one with: scf symbols WORDS (for example: scf symbols my family)"


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
    if name in catalogue and catalogue.publishable(name):
        return []
    closest = ", ".join(n for n in catalogue.closest(name, 6) if catalogue.publishable(n) and n != name)
    closest = ", ".join(closest.split(", ")[:3])
    if name not in catalogue:
        return [Problem(file, line, f"there is no symbol '{name}'",
                        f"write a symbol's name exactly as the set spells it, or {FIND}; closest: {closest}")]
    return [Problem(file, line, f"the symbol '{name}' holds a font or pattern the site cannot publish safely",
                    f"choose another symbol; closest: {closest}")]


@lru_cache(maxsize=None)
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
            if n in catalogue and catalogue.publishable(n)}

