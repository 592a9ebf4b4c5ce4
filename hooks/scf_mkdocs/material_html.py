"""Everything our Python knows about Material for MkDocs' HTML and files, in one place.

scf (hooks/scf/pages/theme.py) describes what it asks of a theme; this is Material's answer,
which the adapter hands to each build. The adapter also lets our template overrides include
Material's own templates. This module imports neither MkDocs nor Material (`scf easyread-lint`
takes `site_theme()` from it, by name: scf.cli.THEME), so it finds Material's files the way
Python would import it.
"""
from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader

from scf_mkdocs.template_scripts import ThemeScripts, kept

# `autocomplete` is not allowed on checkboxes (the theme's drawer and search toggles).
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input [^>]*type="checkbox"[^>]*?) autocomplete="off"')
# Material's fingerprinted assets, e.g. assets/javascripts/bundle.a5f9d56c.min.js
_FINGERPRINTED = re.compile(r"^assets/.+\.[0-9a-f]{8}\.min\.(js|css)$")
# An empty tabindex is not a number (section labels in the navigation); absent means the same.
_EMPTY_TABINDEX = ' tabindex=""'


def material_folder() -> Path:
    """The installed package's folder (found without importing it)."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("mkdocs-material is not installed; run ./dev build to set it up")
    return Path(next(iter(spec.submodule_search_locations)))


class Material:
    """Material for MkDocs, as scf.pages.theme.Theme describes a theme."""

    # The article of main.html: a page's own text, without the menus around it.
    article = '<article class="md-content__inner md-typeset"'

    def __init__(self) -> None:
        self.icons = material_folder() / "templates" / ".icons"  # the sets its shortcodes name

    @staticmethod
    def long_lived(path: str) -> bool:
        return bool(_FINGERPRINTED.match(path))

    @staticmethod
    def stylesheets(under: Callable[[str], list[str]]) -> list[str]:
        """Material's own (fingerprinted) stylesheets first, ours (extra_css) after them, as its
        base.html links them."""
        return sorted((a for a in under("assets/stylesheets") if a.endswith(".css")),
                      key=lambda name: (not _FINGERPRINTED.match(name), name))

    @staticmethod
    def scripts(template_dirs: list[str], site_url: str) -> ThemeScripts:
        return kept(list(template_dirs), site_url)

    @staticmethod
    def repair(html: str, src_uri: str | None) -> str:
        """So every page passes the Nu Html Checker. Material writes these in base.html and
        partials/nav-item.html, outside any block an override can replace, so they are fixed
        in the final page instead of copying those files."""
        html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
        if 'id="__toc"' not in html:
            # The table of contents' title names a toggle only pages in the navigation have.
            html = html.replace(' for="__toc"', "")
        return html.replace(_EMPTY_TABINDEX, "")  # a plain text: no pattern to run over the page


def site_theme() -> Material:
    """The site's theme, for scf's commands that run without a builder (scf.cli.THEME)."""
    return Material()


def with_material_originals(env: Environment) -> None:
    """Let our overrides include the theme's own template they wrap as `material/<path>`
    (an override shadows the original's name), so they wrap it instead of copying it."""
    assert env.loader is not None  # MkDocs's theme gives its environment a loader
    originals = PrefixLoader({"material": FileSystemLoader(material_folder() / "templates")})
    env.loader = ChoiceLoader([env.loader, originals])
