"""The theme's files, listed once per process.

Before `on_files`, MkDocs lists every file in the theme's folders to find the assets it
copies (`Files.add_files_from_theme`, through the Jinja loader's `list_templates`). Material
has about 14,000 files, nearly all of them its icon sets under `.icons/`, so every rebuild of
the preview server walked them all and matched each against MkDocs's patterns: 0.3 s a save,
whatever the size of the site. The installed theme does not change while the server runs, so
its folders are walked once; the site's own overrides (`custom_dir`) are walked every time.
Paths with a part beginning with "." are left out of the list: MkDocs never copies them (its
patterns `.*` and `*/.*`), and templates are still found by name (`get_source` is Jinja's).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader

if TYPE_CHECKING:
    from mkdocs.theme import Theme


class _Listed(FileSystemLoader):
    """Jinja's loader for the same folders, with `list_templates` from `listed`."""

    def __init__(self, folders: list[str], listed: Callable[[str], list[str]]):
        super().__init__(folders)
        self.listed = listed

    def list_templates(self) -> list[str]:
        return sorted({name for folder in self.searchpath for name in self.listed(folder)})


def _walk(folder: str) -> list[str]:
    return [name for name in FileSystemLoader(folder).list_templates()
            if not any(part.startswith(".") for part in name.split("/"))]


def list_once(theme: Theme, kept: dict[str, list[str]]) -> None:
    """Make `theme.get_env` (called by MkDocs once a build) give an environment whose loader lists
    the installed theme's folders from `kept` (folder -> its files, kept by the caller for the
    process), and the site's overrides afresh."""
    get_env = theme.get_env
    overrides = theme.custom_dir

    def listed(folder: str) -> list[str]:
        if folder == overrides:
            return _walk(folder)
        if folder not in kept:
            kept[folder] = _walk(folder)
        return kept[folder]

    def env_listing_once() -> Environment:
        env = get_env()
        assert isinstance(env.loader, FileSystemLoader), "MkDocs's Theme.get_env makes one"
        env.loader = _Listed(list(map(str, env.loader.searchpath)), listed)
        return env

    theme.get_env = env_listing_once  # type: ignore[method-assign]  # this build's theme only
