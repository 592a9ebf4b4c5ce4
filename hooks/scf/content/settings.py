"""Project settings from `scf.yml`: the rules content is checked against.

Every setting is validated against `schema.SETTINGS` before any code sees it; a bad one is
reported and replaced by its default, so the rest of the content is still checked.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from scf.content import newsletter_settings as newsletter_settings

from . import yamlfile
from .editor_settings import EditorSettings
from .problems import ContentError, Problem, about
from .schema import SCHEMAS
from .validate import parse_date, validate

SETTINGS_FILE = "scf.yml"
# Every setting's default, as schema.SETTINGS declares it (the only place defaults are written).
_DEFAULT = {f.name: f.default for f in SCHEMAS[SETTINGS_FILE].root.fields}


@dataclass(frozen=True)
class Settings:
    """The settings: one attribute for each field of schema.SETTINGS, with its default there
    (tests/test_declared_once.py holds the two together), and what reading them found."""

    root: Path
    categories: tuple[str, ...]
    timezone: str = _DEFAULT["timezone"]
    authors_file: str = _DEFAULT["authors_file"]
    glossary_file: str = _DEFAULT["glossary_file"]
    page_types: tuple[str, ...] = _DEFAULT["page_types"]
    per_page: int = _DEFAULT["per_page"]
    related_posts: int = _DEFAULT["related_posts"]
    feed_items: int = _DEFAULT["feed_items"]
    words_per_minute: int = _DEFAULT["words_per_minute"]
    id_authority: str = _DEFAULT["id_authority"]
    editor: EditorSettings | None = _DEFAULT["editor"]  # the web editor's repository and sign-in
    newsletter: newsletter_settings.Newsletter | None = _DEFAULT["newsletter"]  # no sign-up form without it
    unreadable: frozenset[str] = frozenset()  # settings that had problems (their defaults are used)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def read_settings(root: Path | str) -> tuple[Settings, list[Problem]]:
    """The settings, and their problems (a setting with a problem takes its default)."""
    return about(SETTINGS_FILE, _read, Path(root).resolve())


def _read(root: Path) -> tuple[Settings, list[Problem]]:
    if not (root / SETTINGS_FILE).is_file():
        return Settings(root, (), unreadable=frozenset({"categories"})), [Problem(
            SETTINGS_FILE, None, f"there is no {SETTINGS_FILE} in {root}",
            "run this from the project folder (the one with scf.yml and mkdocs.yml), or give --root")]
    text, problem = yamlfile.read_text(root, SETTINGS_FILE)
    loaded = yamlfile.load(SETTINGS_FILE, text or "")
    problems = [problem] if problem else loaded.problems
    if problems and loaded.data is None:  # nothing could be read: every setting is unknown
        return Settings(root, (), unreadable=frozenset(f.name for f in SCHEMAS[SETTINGS_FILE].root.fields)), problems
    values, check = validate(SCHEMAS[SETTINGS_FILE], loaded.data, SETTINGS_FILE, loaded.lines, default_line=1)
    problems += check.problems
    values = values or {}
    bad = {p.line for p in check.problems}
    unreadable = {where[0] for where, line in loaded.lines.items() if len(where) == 1 and line in bad}
    if not values.get("categories"):
        unreadable.add("categories")
    fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items() if v is not None}
    fields.setdefault("categories", ())
    return Settings(root=root, **fields, unreadable=frozenset(unreadable)), problems


def load_settings(root: Path | str) -> Settings:
    """The settings, or ContentError listing every problem in them."""
    settings, problems = read_settings(root)
    if problems:
        raise ContentError(problems)
    return settings


def clock() -> dt.datetime:
    """Now, or the moment in SCF_NOW (ISO 8601) so tests and previews can set the date."""
    fixed = os.environ.get("SCF_NOW")
    if not fixed:
        return dt.datetime.now(dt.UTC)
    moment, reason = parse_date(fixed, dt.UTC)
    if moment is None:
        raise ContentError([Problem("SCF_NOW", None, f"'{fixed}' is not a date and time"
                                    + (f" ({reason})" if reason else ""),
                                    "set it like SCF_NOW=2026-11-23T12:00:00+00:00, or unset it")])
    return moment
