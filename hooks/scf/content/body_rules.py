"""What a Markdown body may not hold, found before it is rendered, each with its line.

The converter and the steps after it (the table of contents, MkDocs's own HTML parser)
recurse on the page's structure and use Python's HTML parser, so some text they cannot
take ends in a traceback instead of a page. These rules refuse that text with a message:

- characters XML 1.0 forbids (scf.content.characters): feeds could not carry the page;
- nesting deeper than MAX_DEPTH: lists, quotes, admonitions, notes, or runs of emphasis
  signs (`*`, `_`, `~`, `^`) around a word. Nothing readable nests a fifth as deep;
- a marked section (`<![...`, left by Word or an HTML editor), outside code: it has no
  meaning in a web page, and Python's HTML parser stops at any it does not know.
"""
from __future__ import annotations

import re

from . import characters
from .problems import Problem
from .prose import body_lines, without_code_spans

MAX_DEPTH = 20
_QUOTES = re.compile(r"^[ \t]*(?:>[ \t]?)+")
_EMPHASIS_RUN = re.compile(rf"(?<=\w)([*_~^])\1{{{MAX_DEPTH},}}|([*_~^])\2{{{MAX_DEPTH},}}(?=\w)")
_MARKED = re.compile(r"<!\[")
# No line is deeper than MAX_DEPTH without more than MAX_DEPTH of these first (each level is
# a '>' or up to 4 columns of spaces and tabs).
_DEEP = re.compile(rf"^[ \t>]{{{MAX_DEPTH + 1},}}", re.M)
_RUNS = [sign * (MAX_DEPTH + 1) for sign in "*_~^"]  # what an emphasis run holds


def _may_break(body: str) -> bool:
    """Whether any rule could find something in `body`: each test is one the rule's own needs
    (a '<![' with code spans taken out was '<![', or had a backtick in its line), on the whole
    body at once. Most bodies pass all of them and are not read line by line."""
    return bool(characters.XML_FORBIDDEN.search(body) or any(run in body for run in _RUNS) or _DEEP.search(body)
                or "<![" in body or ("`" in body and "<" in body))


def problems(path: str, body: str, first_line: int) -> list[Problem]:
    """Every line of `body` (which starts at line `first_line` of `path`) that breaks a rule."""
    if not _may_break(body):
        return []
    found: list[Problem] = []
    deep = False  # the line before was too deep (already reported)
    for where, line, code in body_lines(body, first_line):

        def add(message: str, fix: str, where: int = where) -> None:
            found.append(Problem(path, where, message, fix))

        bad = characters.XML_FORBIDDEN.search(line)
        if bad:
            char = bad.group()
            add(f"this line has {characters.name(char)} (column {bad.start() + 1})",
                "replace it with a real line break (press Enter) or a space" if char in characters.LINE_BREAKS
                else characters.fix_for(char))
        if code:
            continue  # code shows text as it is: nothing in it nests or is parsed as HTML
        depth = _depth(line)
        if depth > MAX_DEPTH and not deep:  # once for each run of lines that deep
            add(f"this line is nested {depth} levels deep (lists, quotes or indented blocks); "
                f"the most a page can hold is {MAX_DEPTH}", "use fewer levels: start a new list or "
                "quote, or remove the spaces or '>' signs at the start of the line")
        deep = depth > MAX_DEPTH
        run = _EMPHASIS_RUN.search(line)
        if run:
            sign = run.group(1) or run.group(2)
            add(f"this line has a run of more than {MAX_DEPTH} '{sign}' signs next to a word, which "
                "would nest emphasis that deep", f"use one or two '{sign}' signs (or put a backslash "
                f"before each: \\{sign})")
        if _MARKED.search(without_code_spans(line)):
            add("this line opens a marked section ('<![', left by Word or an HTML editor), which a "
                "web page cannot use", "delete it from '<![' to the next ']>' (and any '<![endif]>'); "
                "to show those characters, put them in `backticks` or write &lt;![")
    return found


def _depth(line: str) -> int:
    """How many levels deep the line is: quote signs, then every 4 columns of indentation
    (a nested list item, an admonition's text, a note's text: Markdown nests by 4)."""
    quotes = _QUOTES.match(line)
    depth = quotes.group().count(">") if quotes else 0
    rest = line[quotes.end():] if quotes else line
    columns = len(rest.expandtabs(4)) - len(rest.expandtabs(4).lstrip(" "))
    return depth + columns // 4
