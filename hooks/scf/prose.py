"""The lines of a Markdown body that are prose, not code."""
from __future__ import annotations

import re
from typing import Iterator

_FENCE = re.compile(r"^(?:\s*>)*\s*(`{3,}|~{3,})")  # also inside block quotes ("> ```")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def prose_lines(body: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """(line number, text) for every line outside fenced code, with `code spans` removed."""
    fence = None
    for number, line in enumerate(body.splitlines(), start=first_line):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        yield number, _CODE_SPAN.sub("", line)
