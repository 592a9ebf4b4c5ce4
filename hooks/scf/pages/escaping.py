"""Every value from content, data/ and scf.yml reaches the page escaped for where it goes.

Our templates (overrides/) are compiled with autoescaping on, so a title with a quote or a
tag stays text in an attribute or an element; HTML we trust is marked as such where it
enters (`page.content`, sanitized; excerpts; JSON-LD built with json.dumps). Material's own
templates are compiled as the theme expects (autoescaping off), so the two front matter
values they print, the title and the description, are escaped before they reach them.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from markupsafe import escape

THEME_PRINTS = ("title", "description")  # page.meta keys Material's base.html prints as they are


def autoescape_for(custom_dir: Path | str | None) -> Callable[[str | None], bool]:
    """For Jinja's `autoescape`: on for the templates in our overrides folder."""
    folder = Path(custom_dir) if custom_dir else None
    ours = {p.relative_to(folder).as_posix() for p in folder.rglob("*.html")} if folder else set()
    return lambda name: name in ours


def for_theme(meta: dict[str, Any]) -> dict[str, Any]:
    """The page's metadata with the values the theme prints escaped (as Markup, so our own
    templates do not escape them twice)."""
    return {key: escape(value) if key in THEME_PRINTS and isinstance(value, str) else value
            for key, value in meta.items()}
