"""The front matter each kind of file may have, and how each field is checked.

Editors' documentation of these fields: CONTRIBUTING.md, "Front matter".
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any, Callable
from zoneinfo import ZoneInfo

from .frontmatter import Source
from .problems import Problem

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TAG = re.compile(r"<[a-zA-Z/!]")

POST_REQUIRED = ("title", "date", "authors", "categories", "summary")
POST_OPTIONAL = ("slug", "draft", "updated", "image", "image_alt", "original_url", "guid")
PAGE_REQUIRED = ("title", "summary")
# `hide` and `template` are Material for MkDocs settings some pages need (the home page).
PAGE_OPTIONAL = ("type", "hide", "template", "original_url", "place", "organisation", "themes")
CASE_STUDY_REQUIRED = ("place", "organisation", "themes")
EASY_READ_REQUIRED = ("title", "summary")
EASY_READ_OPTIONAL = ("standalone", "hide")


class Checker:
    """Collects problems for one file, so every problem is reported in one run."""

    def __init__(self, source: Source):
        self.source = source
        self.problems: list[Problem] = []

    def line(self, key: str | None) -> int | None:
        if key and key in self.source.lines:
            return self.source.lines[key]
        return 1 if self.source.has_front_matter else None

    def add(self, key: str | None, message: str, fix: str = "") -> None:
        self.problems.append(Problem(self.source.path, self.line(key), message, fix))

    def keys(self, required: tuple[str, ...], optional: tuple[str, ...]) -> None:
        meta = self.source.meta
        allowed = required + optional
        for key in meta:
            if key not in allowed:
                guess = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean '{guess[0]}'? " if guess else ""
                self.add(key, f"unknown front matter field '{key}'",
                         f"{hint}The fields allowed here are: {', '.join(allowed)}")
        for key in required:
            value = meta.get(key)
            if value is None or value == "" or value == []:
                what = "missing" if key not in meta else "empty"
                self.add(key if key in meta else None, f"the required field '{key}' is {what}",
                         f"add a line '{key}: ...' to the front matter")

    def text(self, key: str, *, plain: bool = False) -> str | None:
        value = self.source.meta.get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.add(key, f"'{key}' must be text", f"write '{key}: some text' on one line")
            return None
        value = str(value).strip()
        if plain and _TAG.search(value):
            self.add(key, f"'{key}' must be plain text, without HTML", "remove the tags")
        return value

    def boolean(self, key: str) -> bool:
        value = self.source.meta.get(key, False)
        if not isinstance(value, bool):
            self.add(key, f"'{key}' must be true or false, not '{value}'",
                     f"write '{key}: true' or '{key}: false'")
            return False
        return value

    def strings(self, key: str) -> list[str]:
        value = self.source.meta.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(key, f"'{key}' must be a list of names", f"write '{key}: [first, second]'")
            return []
        return [v.strip() for v in value]

    def one_of(self, key: str, values: list[str], allowed: list[str] | tuple[str, ...],
               what: str, where: str) -> list[str]:
        good = []
        for value in values:
            if value in allowed:
                good.append(value)
                continue
            guess = difflib.get_close_matches(value, list(allowed), n=1)
            hint = f"did you mean '{guess[0]}'? " if guess else ""
            self.add(key, f"unknown {what} '{value}'",
                     f"{hint}use one of: {', '.join(allowed)}; or add it to {where}")
        return good

    def moment(self, key: str, tz: ZoneInfo) -> dt.datetime | None:
        """An ISO date or date-time; without an offset it is local time in `tz`."""
        value = self.source.meta.get(key)
        if value is None or value == "":
            return None
        parsed = _to_datetime(value, tz)
        if parsed is None:
            self.add(key, f"'{key}' is not a date: '{value}'",
                     f"write it as YYYY-MM-DD, for example '{key}: 2024-05-01', "
                     "or with a time: 2024-05-01 09:30")
        return parsed


def _to_datetime(value: Any, tz: ZoneInfo) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    elif isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz)
    return moment.astimezone(tz)


Check = Callable[[Checker], None]
