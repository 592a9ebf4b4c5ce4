"""Reading text and YAML written by editors: nothing in a file can make this code fail.

PyYAML builds Python values in its own constructors, which raise plain exceptions with no
file or line (`date: 2021-02-30` is a ValueError inside PyYAML). So we let PyYAML only
compose the document into nodes and turn the nodes into values ourselves: dates stay text
until the schema reads them (with our message and the line), a key given twice is reported
with both lines, and every other surprise is a `Problem`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .problems import Problem

try:  # the C composer is several times faster; the pure one gives the same nodes
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

Where = tuple[Any, ...]  # keys and list positions from the top of the document, e.g. ("authors", 0)

_CORE = "tag:yaml.org,2002:"
_SCALARS = SafeConstructor()  # used only for its int and float parsing, inside try
_YAML_LINES = re.compile("\n|\x85|\u2028|\u2029")  # the line breaks YAML counts (CR is gone by then)
_HASHTAG = re.compile(r"#\w")  # '#socialcarefuture', where a comment is '# like this'
_MAX_DEPTH = 50  # nothing editors write is nested this deep; deeper is a mistake or an attack


@dataclass
class Loaded:
    """A YAML document as plain values (dict, list, str, int, float, bool, None)."""

    data: Any = None
    lines: dict[Where, int] = field(default_factory=dict)  # where -> line in the file
    problems: list[Problem] = field(default_factory=list)

    def line(self, where: Where) -> int | None:
        """The line of `where`, or of the nearest enclosing value that has one."""
        while where not in self.lines and where:
            where = where[:-1]
        return self.lines.get(where)


def decode(path: str, raw: bytes) -> tuple[str | None, Problem | None]:
    """UTF-8 text with any BOM removed and Windows or old Mac line endings made `\\n`."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, Problem(path, line, "the file is not saved as UTF-8 text",
                             "save it again as UTF-8 (in most editors: 'Save with encoding', UTF-8)")
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), None


def read_text(root: Path, rel: str) -> tuple[str | None, Problem | None]:
    """The text of `root/rel`, or the problem that stops it being read."""
    try:
        raw = (root / rel).read_bytes()
    except OSError as err:
        return None, Problem(rel, None, f"the file cannot be read ({err.strerror or err})",
                             "check that it is a normal file that you are allowed to read")
    return decode(rel, raw)


def load(path: str, text: str, first_line: int = 1, what: str = "this file") -> Loaded:
    """Read `text` (which starts at `first_line` of the file `path`) into plain values."""
    loaded = Loaded()
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as err:
        loaded.problems.append(_syntax(path, text, first_line, what, err))
        return loaded
    except RecursionError:
        loaded.problems.append(Problem(path, first_line, f"{what} is nested too deeply to read",
                                       "check the brackets and indentation"))
        return loaded
    finally:
        loader.dispose()
    if node is not None:
        # In front matter a ' #' after a plain value is text cut short ("What #socialcarefuture
        # wants..." reads as "What"), never a comment the editor meant. Data and settings files
        # have real comments ('# like this'), so there only a hashtag ('#word') is a mistake.
        loaded.data = _Values(path, first_line, loaded, _YAML_LINES.split(text),
                              every_comment=what == "the front matter").read(node, (), 0)
    return loaded


def _syntax(path: str, text: str, first_line: int, what: str, err: yaml.YAMLError) -> Problem:
    mark = getattr(err, "problem_mark", None)
    if mark is not None:
        index = mark.line
    elif (position := getattr(err, "position", None)) is not None:  # a character YAML does not allow
        index = text[:position].count("\n")
    else:
        index = 0
    lines = text.split("\n")
    here = lines[index] if index < len(lines) else ""
    if "\t" in here or "'\\t'" in str(err):
        return Problem(path, first_line + index, "this line has a tab character in it",
                       "YAML needs spaces, not tabs: replace the tab with spaces")
    reason = getattr(err, "problem", None) or getattr(err, "reason", None) or "it is not valid YAML"
    if what == "the front matter":
        return Problem(path, first_line + index, f"the front matter cannot be read ({reason})",
                       "check this line: each field is 'name: value'; put quotes "
                       "around a value that contains a colon")
    return Problem(path, first_line + index, f"this file is not valid YAML ({reason})",
                   "check the indentation, brackets and quotes on this line")


class _Values:
    """Turns composed nodes into values; each surprise becomes a problem, never an exception."""

    def __init__(self, path: str, first_line: int, loaded: Loaded, text_lines: list[str],
                 every_comment: bool = False):
        self.path, self.first, self.loaded = path, first_line, loaded
        self.text_lines = text_lines  # to see what follows a value on its line
        self.every_comment = every_comment  # any comment after a value is a mistake, not only '#word'
        self.seen: set[int] = set()

    def line(self, node: yaml.Node) -> int:
        return self.first + node.start_mark.line

    def add(self, node: yaml.Node, message: str, fix: str) -> None:
        self.loaded.problems.append(Problem(self.path, self.line(node), message, fix))

    def read(self, node: yaml.Node, where: Where, depth: int) -> Any:
        if where == ():
            self.loaded.lines[()] = self.line(node)
        if id(node) in self.seen:  # `*alias`: the same node again, maybe inside itself
            self.add(node, "this value is repeated with YAML's '&' and '*' signs, which are not used here",
                     "write the value out in full instead of '*name'")
            return None
        if depth > _MAX_DEPTH:
            self.add(node, "this value is nested too deeply", "check the brackets and indentation")
            return None
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        self.seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            values = []
            for index, item in enumerate(node.value):
                self.loaded.lines[(*where, index)] = self.line(item)
                values.append(self.read(item, (*where, index), depth + 1))
            return values
        assert isinstance(node, yaml.MappingNode)  # the third kind of node PyYAML composes
        return self.mapping(node, where, depth)

    def mapping(self, node: yaml.MappingNode, where: Where, depth: int) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                self.add(key, "a field name here is a list or a set of fields",
                         "write each field as 'name: value', with a plain name before the colon")
                continue
            name = str(key.value).strip()
            if (*where, name) in self.loaded.lines:
                first = self.loaded.lines[(*where, name)]
                self.add(key, f"'{name}' is given twice, on lines {first} and {self.line(key)}",
                         "keep one of them: only one value can be used")
                continue
            self.loaded.lines[(*where, name)] = self.line(key)
            values[name] = self.read(value, (*where, name), depth + 1)
        return values

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag, text = node.tag, node.value
        if not node.style:  # plain, not quoted
            end = node.end_mark
            rest = self.text_lines[end.line][end.column:] if end.line < len(self.text_lines) else ""
            rest = rest.lstrip()
            if rest.startswith("#") and (self.every_comment or _HASHTAG.match(rest)):
                self.add(node, "the text after ' #' on this line is left out: YAML reads it as a comment",
                         'put the whole value in double quotes: name: "text with #hashtag"')
        if tag in (_CORE + "str", _CORE + "timestamp", _CORE + "merge", _CORE + "value"):
            return text  # dates are read by the schema, which knows the field and the line
        if tag == _CORE + "null":
            return None
        if tag == _CORE + "bool":
            return text.lower() in ("yes", "true", "on", "y")
        if tag in (_CORE + "int", _CORE + "float"):
            try:
                if tag.endswith("int"):
                    return _SCALARS.construct_yaml_int(node)
                return _SCALARS.construct_yaml_float(node)
            except (ValueError, TypeError, OverflowError):
                return text
        self.add(node, f"the tag '{tag.replace(_CORE, '!!')}' is not used here",
                 "remove the word starting with '!' before the value")
        return text
