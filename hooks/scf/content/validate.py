"""Check values read from a file against its schema (scf.content.schema), one problem per mistake.

`validate` returns the values converted to what the code uses (dates become aware
datetimes, lone names one-item lists) and the problems, each with its file and line.
A field with a problem comes back as its default, so the caller can go on and find
every other problem in the same run.
"""
from __future__ import annotations

import calendar
import datetime as dt
import difflib
import os
import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from . import characters
from .problems import Problem
from .schema import CHOICES, SLUG, Field, Schema
from .yamlfile import Where

TAG = re.compile(r"<[a-zA-Z/!]")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ]|$)")
_OFFSET = re.compile(r"([+-])(\d{1,2})(?::?(\d{2}))?$")
# Every date the site shows lies in these years: outside them is a typo (or an attack on the
# calendars and feeds, whose arithmetic would leave the years Python can hold).
FIRST_YEAR, LAST_YEAR = 1900, 2199
UNKNOWN = None  # a list of choices that could not be read (its file is broken): not checked


class Validator:
    def __init__(self, path: str, lines: Mapping[Where, int], *, choices: Mapping[str, Sequence[str] | None] = {},
                 tz: ZoneInfo | None = None, root: Any = None, default_line: int | None = None):
        self.path, self.lines, self.choices = path, lines, choices
        self.tz, self.root, self.default_line = tz or dt.UTC, root, default_line
        self.problems: list[Problem] = []
        self.unchecked: dict[str, int] = {}  # choices name -> values not checked because unknown

    def line(self, where: Where) -> int | None:
        while where and where not in self.lines:
            where = where[:-1]
        return self.lines.get(where, self.default_line) if where else self.default_line

    def add(self, where: Where, message: str, fix: str = "") -> None:
        self.problems.append(Problem(self.path, self.line(where), message, fix))

    # -- shapes ---------------------------------------------------------------------------

    def value(self, field: Field, value: Any, where: Where, name: str, top: bool = False) -> Any:
        """`value` checked against `field`; `name` is how messages call it."""
        if field.type == "object":
            if field.check is not None:
                return field.check(Block(self, field, value, where, name))
            return self.object(field, value, where, name, top)
        if field.type == "list":
            return self.list(field, value, where, name)
        if field.type == "map":
            if not isinstance(value, dict):
                self.add(where, f"{name} must be 'key: value' lines", field.fix or "write one 'key: value' per line")
                return None
            label = field.item.name if field.item else "key"
            result = {}
            for key, item in value.items():
                wrong = characters.one_line_problem(str(key))
                if wrong:
                    self.add((*where, key), f"the {label} '{characters.shown(str(key))}' {wrong[0]}", wrong[1])
                    continue
                checked = self.item(field.item, item, (*where, key), f"{label} '{key}'")
                if checked is not None:
                    result[key] = checked
            return result
        return self.scalar(field, value, where, name)

    def object(self, field: Field, value: Any, where: Where, name: str, top: bool = False) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.add(where, f"{name} must be a set of 'field: value' lines",
                     field.fix or f"give it the fields {', '.join(f.name for f in field.fields)}")
            return None
        return self.fields(field.fields, value, where, None if top else name)

    def fields(self, fields: Sequence[Field], data: dict[str, Any], where: Where, owner: str | None,
               skip: Collection[str] = ()) -> dict[str, Any]:
        """An object's fields; `owner` None means the top of a front matter or settings file.
        The keys in `skip` are not checked (a block's own check has spoken of them)."""
        known = {f.name: f for f in fields}
        for key in data:
            if key not in known and key not in skip:
                guess = difflib.get_close_matches(key, list(known), n=1)
                hint = f"did you mean '{guess[0]}'? " if guess else ""
                said = characters.shown(key)
                message = f"{owner} has an unknown field '{said}'" if owner else f"unknown {self.field_word} '{said}'"
                self.add((*where, key), message, f"{hint}the fields allowed here are: {', '.join(known)}")
        result = {}
        for field in fields:
            if field.name in skip:
                result[field.name] = field.default
                continue
            value = data.get(field.name)
            here = (*where, field.name)
            name = f"'{field.name}'" if owner is None else f"'{field.name}' in {owner}"
            if value is None or value == "" or value == []:
                if field.required:
                    self.missing(field, here if field.name in data else where, owner, field.name in data)
                result[field.name] = field.default
                continue
            checked = self.value(field, value, here, name)
            result[field.name] = field.default if checked is None else checked
        return result

    field_word = "front matter field"  # "setting" for scf.yml

    def missing(self, field: Field, where: Where, owner: str | None, present: bool) -> None:
        if owner is None:
            what = "empty" if present else "missing"
            self.add(where, f"the required field '{field.name}' is {what}",
                     f"add a line '{field.name}: ...'" + (f": {field.help}" if field.help else ""))
        else:
            self.add(where, f"{owner} has no '{field.name}'", field.fix or f"add '{field.name}: ...'; {self.example}")

    example = ""

    def item(self, field: Field | None, value: Any, where: Where, name: str) -> Any:
        if field is None:
            return value
        if value is None and field.type == "list":
            return []
        if value is None or value == "":
            self.add(where, f"{name} is empty", field.fix or f"write {field.help} after the colon")
            return None
        return self.value(field, value, where, name)

    def list(self, field: Field, value: Any, where: Where, name: str) -> list[Any] | None:
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and field.item \
                and field.item.type == "select":
            value = [value]  # `authors: ann` is a list of one
        if not isinstance(value, list):
            self.add(where, f"{name} must be a list", field.fix or "start each item on its own line with '- '")
            return None
        if field.minimum and len(value) < field.minimum:
            self.add(where, f"{name} must be a list with at least {field.minimum} item"
                     f"{'s' if field.minimum > 1 else ''}", "start each item on its own line with '- '")
        result, seen = [], set()
        for index, item in enumerate(value):
            checked = self.item(field.item, item, (*where, index), _item_name(name, index, item))
            if checked is None:
                continue
            key = repr(checked)
            if key in seen and not isinstance(checked, (dict, list)):
                self.add((*where, index), f"{name} has '{checked}' twice", "remove one of them")
                continue
            seen.add(key)
            result.append(checked)
        return result

    # -- scalars --------------------------------------------------------------------------

    def scalar(self, field: Field, value: Any, where: Where, name: str) -> Any:
        kind = field.type
        if kind == "boolean":
            if isinstance(value, bool):
                return value
            self.add(where, f"{name} must be true or false, not '{characters.shown(str(value))}'",
                     f"write '{field.name}: true' or '{field.name}: false'")
            return None
        if kind == "integer":
            if isinstance(value, bool) or not isinstance(value, int):
                self.add(where, f"{name} must be a whole number, not '{characters.shown(str(value))}'",
                         f"write for example '{field.name}: {field.default if field.default is not None else 1}'")
                return None
            said = str(value) if len(str(value)) <= 12 else f"a number of {len(str(value))} digits"
            if field.minimum is not None and value < field.minimum:
                self.add(where, f"{name} must be {field.minimum} or more, not {said}",
                         f"write a number of at least {field.minimum}")
                return None
            if field.maximum is not None and value > field.maximum:
                self.add(where, f"{name} must be {field.maximum} or less, not {said}",
                         f"write a number from {field.minimum or 0} to {field.maximum}")
                return None
            return value
        if isinstance(value, (dict, list)) or isinstance(value, bool) or value is None:
            self.add(where, f"{name} must be {'text' if kind in ('string', 'text') else 'one value'}",
                     field.fix or f"write '{field.name}: ...' with the value on the same line")
            return None
        if kind == "date":
            return self.date(field, value, where, name)
        text = str(value).strip()
        wrong = characters.text_problem(text) if kind == "text" else characters.one_line_problem(text)
        if wrong:  # one place for every field of every file: the schema says which are one line
            self.add(where, f"{name} {wrong[0]}", wrong[1])
            return None
        if kind in ("string", "text"):
            if kind == "string" and TAG.search(text):
                self.add(where, f"{name} must be plain text, without HTML", "remove the tags")
            return text
        check = getattr(self, "_" + kind)
        return check(field, text, where, name)

    def _select(self, field: Field, text: str, where: Where, name: str) -> str | None:
        allowed = field.choices if isinstance(field.choices, tuple) else self.choices.get(field.choices or "")
        if allowed is UNKNOWN:
            self.unchecked[str(field.choices)] = self.unchecked.get(str(field.choices), 0) + 1
            return text
        if text in allowed:
            return text
        guess = difflib.get_close_matches(text, list(allowed), n=1)
        hint = f"did you mean '{guess[0]}'? " if guess else ""
        where_listed = f"; or add it to {CHOICES[field.choices]}" if field.choices in CHOICES else ""
        self.add(where, f"unknown {_choice_word(field)} '{text}'",
                 f"{hint}use one of: {', '.join(allowed)}{where_listed}")
        return None

    def _slug(self, field: Field, text: str, where: Where, name: str) -> str | None:
        if SLUG.match(text):
            return text
        from .slug import slugify
        self.add(where, f"{name} '{text}' may only have lower-case letters, digits and hyphens",
                 f"write for example '{field.name}: {slugify(text) or 'my-post'}'"
                 + (f"; {field.rule}" if field.rule else ""))
        return None

    def _url(self, field: Field, text: str, where: Where, name: str) -> str | None:
        if re.match(r"^https?://\S+$", text):
            return text
        self.add(where, f"{name} must be a full address, not '{text}'",
                 "copy the whole address from the browser, starting with https://")
        return None

    def _timezone(self, field: Field, text: str, where: Where, name: str) -> str | None:
        try:
            ZoneInfo(text)
            return text
        except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError
            self.add(where, f"'{text}' is not a time zone", "write a name such as 'Europe/London'")
            return None

    def _path(self, field: Field, text: str, where: Where, name: str) -> str | None:
        normal = os.path.normpath(text).replace(os.sep, "/")
        if os.path.isabs(text) or normal.startswith("../") or normal == "..":
            self.add(where, f"{name} must be a path inside the project, not '{text}'",
                     f"write it like '{field.default or 'data/file.yml'}'")
            return None
        return normal

    def _image(self, field: Field, text: str, where: Where, name: str) -> str | None:
        """The image's path in the repository; it must exist beside the file that names it."""
        relative = os.path.normpath(os.path.join(os.path.dirname(self.path), text)).replace(os.sep, "/")
        if self.root is not None and (relative.startswith("../") or not (self.root / relative).is_file()):
            self.add(where, f"the image '{text}' does not exist (looked for {relative})",
                     "check the file name and that the image is committed; the path is relative to this file")
            return None
        return relative

    def date(self, field: Field, value: Any, where: Where, name: str) -> dt.datetime | None:
        moment, reason = parse_date(value, self.tz)
        if moment is None:
            self.add(where, f"{name} is not a date: '{characters.shown(str(value))}'" + (f" ({reason})" if reason else ""),
                     field.fix or f"write it as YYYY-MM-DD, for example '{field.name}: 2024-05-01', "
                     "or with a time: 2024-05-01 09:30")
        return moment


class Block:
    """The value of an object field that has its own check (`schema.Field.check`), as the check
    sees it: it reads `raw`, reports by key (`add`), and asks for the schema's checks of the rest
    (`values`), which say nothing more of a key it has spoken of."""

    def __init__(self, validator: Validator, field: Field, raw: Any, where: Where, name: str):
        self.validator, self.field, self.raw, self.where, self.name = validator, field, raw, where, name
        self.names = tuple(f.name for f in field.fields)
        self.spoken: set[str] = set()  # keys the check has reported a problem with
        self.failed = False

    def add(self, key: str | None, message: str, fix: str = "", about: str | None = None) -> None:
        """A problem on `key`'s line (None: the block's own), about `about` (or `key`)."""
        self.validator.add((*self.where, key) if key else self.where, message, fix)
        self.spoken.add(about or key or "")
        self.failed = True

    def values(self) -> dict[str, Any] | None:
        """The block's values as the schema converts them, or None when it has a problem."""
        before = len(self.validator.problems)
        values: dict[str, Any] | None
        if isinstance(self.raw, dict):
            values = self.validator.fields(self.field.fields, self.raw, self.where, self.name, self.spoken)
        else:
            values = self.validator.object(self.field, self.raw, self.where, self.name)
        self.failed |= len(self.validator.problems) > before
        return None if self.failed else values


def _choice_word(field: Field) -> str:
    return {"authors": "author", "categories": "category", "page_types": "page type",
            "templates": "template"}.get(str(field.choices), field.name)


def _item_name(name: str, index: int, value: Any) -> str:
    """Name an item by its name or title when it has one: editors search for that."""
    label = value.get("name") or value.get("title") if isinstance(value, dict) else None
    return f"item {index + 1} of {name}" + (f" ('{characters.shown(label)}')" if isinstance(label, str) and label else "")


def parse_date(value: Any, tz: Any) -> tuple[dt.datetime | None, str]:
    """An ISO date or date-time (a time without an offset is local time in `tz`), or the reason."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    elif isinstance(value, str):
        text = value.strip()
        match = _DATE.match(text)
        if not match:
            return None, ""
        year, month, day = map(int, match.groups())
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return None, f"the year {year} is not between {FIRST_YEAR} and {LAST_YEAR}"
        if not 1 <= month <= 12:
            return None, f"there is no month {month}"
        days = calendar.monthrange(year, month)[1]  # the year is in range (above)
        if not 1 <= day <= days:
            return None, f"{calendar.month_name[month]} {year} has {days} days"
        offset = _OFFSET.search(text[10:]) if len(text) > 10 else None
        if offset and (int(offset.group(2)) > 23 or int(offset.group(3) or 0) > 59):
            return None, f"the time zone offset {offset.group(0)} is more than a day"
        try:
            moment = dt.datetime.fromisoformat(re.sub(r"[Zz]$", "+00:00", text))
        except ValueError:
            return None, ""
    else:
        return None, ""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        return None, f"the year {moment.year} is not between {FIRST_YEAR} and {LAST_YEAR}"
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz), ""
    try:
        return moment.astimezone(tz), ""
    except (OverflowError, ValueError):
        return None, "it is too close to the start or end of time"


def validate(schema: Schema, data: Any, path: str, lines: Mapping[Where, int], **options: Any
             ) -> tuple[Any, Validator]:
    """`data` (read from `path`) checked against `schema`: (converted values, the validator)."""
    check = Validator(path, lines, **options)
    check.example = schema.example
    if schema.kind == "scf.yml":
        check.field_word = "setting"
    if data is None and schema.root.type == "object":
        data = {}
    return check.value(schema.root, data, (), schema.what or "the front matter", top=schema.what is None
                       or schema.kind == "scf.yml"), check


class Checker:
    """A page's front matter, already checked against its schema, for the modules that read
    their page type's fields (events, publications, share): they add what types cannot say."""

    def __init__(self, source: Any, values: dict[str, Any], validator: Validator):
        self.source, self.values, self.validator = source, values, validator

    @property
    def problems(self) -> list[Problem]:
        return self.validator.problems

    def line(self, key: str | None) -> int | None:
        return self.validator.line((key,) if key else ())

    def add(self, key: str | None, message: str, fix: str = "") -> None:
        self.validator.add((key,) if key else (), message, fix)

    def text(self, key: str) -> str | None:
        value = self.values.get(key)
        return value if isinstance(value, str) and value else None

    def moment(self, key: str) -> dt.datetime | None:
        value = self.values.get(key)
        return value if isinstance(value, dt.datetime) else None


def knock_ons(unchecked: Mapping[str, int], authors_file: str) -> list[Problem]:
    """One line for the values no file could be checked against (choices name -> files naming
    them), not one per file."""
    where = {"authors": (authors_file, "posts name authors"), "categories": ("scf.yml", "posts name categories"),
             "page_types": ("scf.yml", "pages name a type")}
    problems = []
    for name, count in sorted(unchecked.items()):
        file, what = where.get(name, ("scf.yml", f"files name {name}"))
        if count == 1:
            what = what.replace("posts", "post").replace("pages", "page").replace(" name ", " names ")
        problems.append(Problem(file, None, f"and {count} {what} that could not be checked because of the "
                                "problem above", "fix the problem above first"))
    return problems
