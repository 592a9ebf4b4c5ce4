"""Split a Markdown file into its YAML front matter and body, keeping line numbers."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import yamlfile
from .problems import Problem
from .yamlfile import Where, decode  # noqa: F401  (decode: where readers of Markdown look for it)

_FENCE = re.compile(r"^---[ \t]*$")


@dataclass
class Source:
    """One Markdown file, read once: its front matter with the line of each key, and its body."""

    path: str  # relative to the project root, as editors see it
    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line of the file where the body starts
    has_front_matter: bool = False
    where: dict[Where, int] = field(default_factory=dict)  # every key and item -> line


def parse(path: str, text: str) -> tuple[Source, list[Problem]]:
    """Read front matter between `---` lines at the top of the file (text as `decode` gives it)."""
    source = Source(path)
    lines = text.split("\n")
    if not _FENCE.match(lines[0]):
        source.body = text
        return source, []
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
    if end is None:
        return source, [Problem(path, 1, "the front matter starts with '---' but never ends",
                                "add a line with just '---' after the last front matter field")]
    source.has_front_matter = True
    source.body = "\n".join(lines[end + 1:])
    source.body_line = end + 2
    loaded = yamlfile.load(path, "\n".join(lines[1:end]), first_line=2, what="the front matter")
    if loaded.data is None:  # empty, or YAML that cannot be read at all
        return source, loaded.problems
    if not isinstance(loaded.data, dict):
        return source, loaded.problems + [Problem(path, 2, "the front matter is not a list of 'name: value' fields",
                                "write one 'name: value' field per line between the '---' lines")]
    source.meta, source.where = loaded.data, loaded.lines
    return source, loaded.problems  # a key given twice, an unknown tag: the rest is still read


def load_yaml_file(path: str, text: str) -> tuple[Any, Problem | None]:
    """Read a whole YAML data file with a clear message on error (the first, if several)."""
    data, _, problem = load_yaml_lines(path, text)
    return data, problem


def load_yaml_lines(path: str, text: str) -> tuple[Any, dict[str, int], Problem | None]:
    """A YAML data file read once, with the line of each mapping key (its first place at the
    shallowest depth), so a problem can name its line."""
    loaded = yamlfile.load(path, decode(path, text.encode("utf-8"))[0] or "")
    if loaded.problems:
        return None, {}, loaded.problems[0]
    lines: dict[str, int] = {}
    for where, line in sorted(loaded.lines.items(), key=lambda item: (len(item[0]), item[1])):
        if where and isinstance(where[-1], str):
            lines.setdefault(where[-1], line)
    return loaded.data, lines, None
