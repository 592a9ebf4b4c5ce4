"""The pictures the web editor offers: every symbol of the set, and the theme's icons that rows use.

The public site carries only the symbols its pages use (symbols.py); editors choose from the
whole set, so /admin/ gets its own copy: `admin/symbols/<file>` for each symbol, the same file
name the site uses under `assets/symbols/`, and `admin/pictures.json`, the index the picker
searches (name, tags, address) and the preview draws from. The picker fetches a picture only
when it shows it. Theme icons: the site inlines them, so the preview gets the SVG of each icon
an easy read row uses, under `admin/icons/`.
"""
from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from scf.content.model import Site
from scf.content.symbols import Catalogue
from scf.outputs.writer import Output, copy, text
from scf.views.easyread import Icons, icon_name, parse

INDEX = "pictures.json"
SYMBOLS, ICONS = "symbols", "icons"


def used_icons(site: Site, icons: Icons) -> dict[str, Path]:
    """name -> SVG of every theme icon a row of an easy read page shows."""
    found: dict[str, Path] = {}
    for doc in site.easy_read:
        for block in parse(doc.body):
            name = icon_name(block.picture or "") if block.kind == "row" else None
            path = icons.path(name) if name else None
            if name and path:
                found[name] = path
    return dict(sorted(found.items()))


def file_name(symbols: Catalogue, name: str) -> str:
    """The same file name as on the site (`assets/symbols/talk_1-to.svg`), in admin/symbols/."""
    return PurePosixPath(symbols.public_path(name)).name


def index(symbols: Catalogue, icons: dict[str, Path]) -> dict[str, Any]:
    """The picker's index: every symbol of the set with what its search compares (the
    catalogue's name, tags and category, as editor_symbol_search.js reads them) and, for each
    one the site can publish, its picture's address relative to admin/ (`src`); then the icons."""
    entries = []
    for name in sorted(symbols.names):
        symbol = symbols.by_name[name]
        entry = {"name": name, "tags": " ".join(symbol.tags), "category": symbol.category}
        if symbols.publishable(name):
            entry["src"] = f"{SYMBOLS}/{file_name(symbols, name)}"
        entries.append(entry)
    return {"symbols": entries, "icons": {name: f"{ICONS}/{name}.svg" for name in sorted(icons)}}


def outputs(folder: str, symbols: Catalogue, icons: dict[str, Path]) -> list[Output]:
    """The pictures and their index, under the editor's folder: the same bytes for the same set."""
    listed = index(symbols, icons)
    made = [copy(f"{folder}/{entry['src']}", symbols.svg_path(entry["name"]))
            for entry in listed["symbols"] if "src" in entry]
    made += [copy(f"{folder}/{ICONS}/{name}.svg", path) for name, path in icons.items()]
    made.append(text(f"{folder}/{INDEX}", json.dumps(listed, ensure_ascii=False, separators=(",", ":")) + "\n"))
    return made
