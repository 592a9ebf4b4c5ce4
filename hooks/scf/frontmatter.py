"""Split a Markdown file into its YAML front matter and body, keeping line numbers."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem

try:  # the C loader is several times faster; the pure one gives the same result
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_FENCE = re.compile(r"^---[ \t]*$")


@dataclass
class Source:
    """One Markdown file, read once: its front matter with the line of each key, and its body."""

    path: str  # relative to the project root, as editors see it
    meta: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # key -> line in the file
    body: str = ""
    body_line: int = 1  # line of the file where the body starts
    has_front_matter: bool = False


def decode(path: str, raw: bytes) -> tuple[str | None, Problem | None]:
    try:
        return raw.decode("utf-8").lstrip("\ufeff"), None
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, Problem(path, line, "the file is not saved as UTF-8 text",
                             "save it again as UTF-8 (in most editors: 'Save with encoding', UTF-8)")


def parse(path: str, text: str) -> tuple[Source, list[Problem]]:
    """Read front matter between `---` lines at the top of the file."""
    source = Source(path)
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0].rstrip("\n")):
        source.body = text
        return source, []
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i].rstrip("\n"))), None)
    if end is None:
        return source, [Problem(path, 1, "the front matter starts with '---' but never ends",
                                "add a line with just '---' after the last front matter field")]
    source.has_front_matter = True
    source.body = "".join(lines[end + 1:])
    source.body_line = end + 2
    meta, key_lines, problem = _load_yaml(path, "".join(lines[1:end]), first_line=2)
    if problem:
        return source, [problem]
    source.meta, source.lines = meta, key_lines
    return source, []


def _load_yaml(path: str, text: str, first_line: int) -> tuple[dict, dict, Problem | None]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = first_line + mark.line if mark else first_line
        reason = getattr(err, "problem", None) or "it is not valid YAML"
        return {}, {}, Problem(path, line, f"the front matter cannot be read ({reason})",
                               "check this line: each field is 'name: value'; put quotes "
                               "around a value that contains a colon")
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return {}, {}, Problem(path, first_line, "the front matter is not a list of 'name: value' fields",
                               "write one 'name: value' field per line between the '---' lines")
    key_lines = {str(k.value): first_line + k.start_mark.line for k, _ in node.value}
    return {str(k): v for k, v in data.items()}, key_lines, None


def load_yaml_file(path: str, text: str) -> tuple[Any, Problem | None]:
    """Read a whole YAML data file (authors, signatories...) with a clear message on error."""
    data, _, problem = load_yaml_lines(path, text)
    return data, problem


def load_yaml_lines(path: str, text: str) -> tuple[Any, dict[str, int], Problem | None]:
    """A YAML data file read once, with the line of each mapping key (top-level keys first,
    then nested ones), so a problem can name its line."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        return None, {}, Problem(path, mark.line + 1 if mark else None,
                                 f"this file is not valid YAML ({getattr(err, 'problem', '') or err})",
                                 "check the indentation and quotes on this line")
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    level = [node] if node is not None else []
    while level:  # one depth at a time, in file order
        below = []
        for item in level:
            if isinstance(item, yaml.MappingNode):
                for key, value in item.value:
                    lines.setdefault(str(key.value), key.start_mark.line + 1)
                    below.append(value)
            elif isinstance(item, yaml.SequenceNode):
                below += item.value
        level = below
    return data, lines, None
