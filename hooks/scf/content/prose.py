"""The lines of a Markdown body that are prose, not code."""
from __future__ import annotations

import re
from collections.abc import Iterator

_FENCE = re.compile(r"^(?:\s*>)*\s*(`{3,}|~{3,})(.*)$")  # also inside block quotes ("> ```")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def body_lines(body: str, first_line: int = 1) -> Iterator[tuple[int, str, bool]]:
    """(line number, text, whether it is fenced code) for every line of `body`. Lines end at
    '\\n' only, as Markdown reads them (a U+2028 or a form feed inside a line starts no new one)."""
    lines = body.split("\n")
    if lines[-1] == "":
        lines.pop()  # what follows the last line break is no line
    fence = None
    for number, line in enumerate(lines, start=first_line):
        # A fence holds three backticks or tildes: most lines need no pattern (every body is read so).
        opened = _FENCE.match(line) if "```" in line or "~~~" in line else None
        if fence:  # closed by a fence as long or longer, with nothing after it
            if opened and opened[1][0] == fence[0] and len(opened[1]) >= len(fence) and not opened[2].strip():
                fence = None
            yield number, line, True
        elif opened and not (opened[1][0] == "`" and "`" in opened[2]):  # ```x``` is a code span
            fence = opened.group(1)
            yield number, line, True
        else:
            yield number, line, False


def without_code_spans(line: str) -> str:
    return _CODE_SPAN.sub("", line) if "`" in line else line


def prose_lines(body: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """(line number, text) for every line outside fenced code, with `code spans` removed."""
    for number, line, code in body_lines(body, first_line):
        if not code:
            yield number, without_code_spans(line)
