"""Structured content kept in data/: the CSR letter's signatories and the theory of change.

Each file is read once per build, checked against a small shape, and handed to
templates as `scf.data`. Every mistake becomes one Problem naming the file, the line
and the fix; all of them are reported together.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Union

import yaml

from .problems import Problem

SIGNATORIES = "data/signatories.yml"
THEORY_OF_CHANGE = "data/theory-of-change.yml"

# A shape is `str` (one line of text), a one-item list (a non-empty list of that shape)
# or a dict (exactly these fields, all required).
Shape = Union[type, list, dict]

_SIGNATORY: Shape = {"name": str, "organisation": str}
_TITLED: Shape = {"title": str, "text": str}
_THEORY: Shape = {
    "change": {"summary": str, "usual_story": [str], "our_story": [str]},
    "obstacles": [{"title": str, "points": [str]}],
    "persuade": [str],
    "strategies": [_TITLED],
    "research_stages": [str],
    "caring_society_themes": [_TITLED],
}
# Which page type shows each file: a missing file is a problem only if such a page exists.
_SHOWN_BY = {SIGNATORIES: "letter", THEORY_OF_CHANGE: "theory-of-change"}
_EXAMPLES = {
    SIGNATORIES: "write one line per signatory, like: - {name: Jane Smith, organisation: Her Organisation}",
    THEORY_OF_CHANGE: "compare with the sections described at the top of the file",
}


@dataclass(frozen=True)
class Signatory:
    name: str
    organisation: str


def load_data(root: Path | str, page_types: Iterable[str] = ()) -> tuple[dict[str, Any], list[Problem]]:
    """Everything in data/ that pages show: `signatories` and `theory_of_change`.

    `page_types` are the types of the site's pages; they decide which files must exist.
    """
    root, types = Path(root), set(page_types)
    problems: list[Problem] = []
    rows = _Reader(root, SIGNATORIES, problems, types).read([_SIGNATORY], "the signatories") or []
    theory = _Reader(root, THEORY_OF_CHANGE, problems, types).read(_THEORY, "the theory of change") or {}
    signatories = [Signatory(row["name"], row["organisation"]) for row in rows
                   if row.get("name") and row.get("organisation")]
    return {"signatories": signatories, "theory_of_change": theory}, problems


class _Reader:
    """Checks one YAML file against a shape, keeping the line of every mistake."""

    def __init__(self, root: Path, name: str, problems: list[Problem], page_types: set[str]):
        self.root, self.name, self.problems, self.page_types = root, name, problems, page_types

    def read(self, shape: Shape, what: str) -> Any:
        path = self.root / self.name
        if not path.is_file():
            shown_by = _SHOWN_BY[self.name]
            if shown_by in self.page_types:
                self._add(None, f"the file is missing, but a page with 'type: {shown_by}' shows it",
                          f"create it; {_EXAMPLES[self.name]}")
            return None
        try:
            node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            self._add(mark.line + 1 if mark else None,
                      f"this file is not valid YAML ({getattr(err, 'problem', '') or err})",
                      "check the indentation, brackets and quotes on this line")
            return None
        if node is None:
            self._add(None, "the file is empty", _EXAMPLES[self.name])
            return None
        return self._check(node, shape, what)

    def _add(self, line: int | None, message: str, fix: str) -> None:
        self.problems.append(Problem(self.name, line, message, fix))

    def _check(self, node: yaml.Node, shape: Shape, what: str) -> Any:
        line = node.start_mark.line + 1
        if shape is str:
            if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
                self._add(line, f"{what} must be one line of text", "write the text after the colon or dash")
                return None
            return str(node.value).strip()
        if isinstance(shape, list):
            if not isinstance(node, yaml.SequenceNode) or not node.value:
                self._add(line, f"{what} must be a list with at least one item",
                          "start each item on its own line with '- '")
                return []
            items = [self._check(item, shape[0], _item(what, i, item)) for i, item in enumerate(node.value, 1)]
            return [item for item in items if item is not None]
        if not isinstance(node, yaml.MappingNode):
            self._add(line, f"{what} must be a set of 'field: value' lines",
                      f"give it the fields {', '.join(shape)}; {_EXAMPLES[self.name]}")
            return None
        fields = {str(key.value): value for key, value in node.value}
        result = {}
        for key in fields:
            if key not in shape:
                guess = difflib.get_close_matches(key, list(shape), n=1)
                hint = f"did you mean '{guess[0]}'? " if guess else ""
                self._add(_line(node, key), f"{what} has an unknown field '{key}'",
                          f"{hint}the fields allowed are: {', '.join(shape)}")
        for key, inner in shape.items():
            if key not in fields:
                self._add(line, f"{what} has no '{key}'", f"add '{key}: ...'; {_EXAMPLES[self.name]}")
                continue
            result[key] = self._check(fields[key], inner, f"'{key}' in {what}")
        return result


def _item(what: str, number: int, node: yaml.Node) -> str:
    """Name an item by its name or title when it has one: editors search for that."""
    label = ""
    if isinstance(node, yaml.MappingNode):
        label = next((str(v.value) for k, v in node.value
                      if k.value in ("name", "title") and isinstance(v, yaml.ScalarNode)), "")
    return f"item {number} of {what}" + (f" ('{label}')" if label else "")


def _line(node: yaml.MappingNode, key: str) -> int:
    return next(k.start_mark.line + 1 for k, _ in node.value if k.value == key)
