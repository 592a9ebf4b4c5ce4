"""Reject active content (scripts, frames, forms, styles) in Markdown from contributors.

Pull requests may come from outside the team; the built pages must never run code
or load anything a contributor smuggled in. Code blocks and inline code are allowed
to *show* such text, since Markdown escapes them.
"""
from __future__ import annotations

import re

from .problems import Problem
from .prose import prose_lines

_RULES = [
    (re.compile(r"<\s*(script|iframe|object|embed|form|style)\b", re.I),
     "the <{0}> tag is not allowed in content",
     "remove it; to show the tag as text, put it in `backticks`"),
    (re.compile(r"<[a-z][^>]*\s(on[a-z]+)\s*=", re.I),
     "the '{0}' attribute (an inline script) is not allowed in content", "remove the attribute"),
    (re.compile(r"\b(javascript|vbscript)\s*:", re.I),
     "'{0}:' links are not allowed in content", "link to a normal https:// address"),
    (re.compile(r"(?:\]\(|=\s*[\"']?|<)\s*(data)\s*:", re.I),
     "'{0}:' addresses are not allowed in content",
     "save the image as a file in the repository and link to the file"),
]


def unsafe_content(path: str, body: str, first_line: int = 1) -> list[Problem]:
    problems = []
    for number, visible in prose_lines(body, first_line):
        for pattern, message, fix in _RULES:
            for match in pattern.finditer(visible):
                problems.append(Problem(path, number, message.format(match.group(1).lower()), fix))
    return problems
