"""What reading one Markdown file gives: the model reads each once per build, or, under the
preview server, once per change (file_reads.FileReads keeps it between rebuilds)."""
from __future__ import annotations

from pathlib import Path

from . import body_rules
from .frontmatter import Source, parse
from .problems import Problem
from .yamlfile import read_text

# Its source (None if unreadable), the problems reading and parsing it, those in its body.
MarkdownRead = tuple[Source | None, list[Problem], list[Problem]]


def read_markdown(root: Path, path: str) -> MarkdownRead:
    """A Markdown file: its source (None if unreadable), the problems reading and parsing it,
    and those body_rules finds in its body."""
    text, problem = read_text(root, path)
    if problem:
        return None, [problem], []
    assert text is not None, "read_text gives the text whenever it gives no problem"
    source, problems = parse(path, text)
    return source, problems, body_rules.problems(path, source.body, source.body_line)
