"""What a build needs from the theme that draws its pages, without knowing the theme.

The builder's side describes its theme (hooks/scf_mkdocs/material_html.py, for Material for MkDocs)
and hands it to SiteBuild. A command that runs without a builder (`scf easyread-lint`) is handed
the same one by scf.cli, which finds it by name (cli.THEME); tests make one (tests/site_project.py).
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol


class Scripts(Protocol):
    """The inline scripts the theme's templates write, as Content-Security-Policy sources."""

    def sources(self, page_url: str | None) -> list[str]:
        """For the page at `page_url` (None: a page with no source, like 404.html)."""
        ...


class Theme(Protocol):
    icons: Path  # the folder of icon sets easy read pictures name, `:set-name:` -> set/name.svg
    article: str  # how the theme opens the element holding a page's own text (what search reads)

    def repair(self, html: str, src_uri: str | None) -> str:
        """A page step: fixes to the theme's HTML that its templates do not let us make."""
        ...

    def long_lived(self, path: str) -> bool:
        """Whether the theme's asset at `path` (from the site's root) has its content's hash in
        its name, so a host may keep it for a year."""
        ...

    def stylesheets(self, under: Callable[[str], list[str]]) -> list[str]:
        """The site's stylesheets (from the site's root), in the order its pages load them, the
        theme's own first; `under(folder)` gives the built files in a folder. For the web
        editor's preview, which styles its pages as the site does."""
        ...

    def scripts(self, template_dirs: list[str], site_url: str) -> Scripts:
        """Its templates' inline scripts (`template_dirs`: the builder's, the first found first)."""
        ...

