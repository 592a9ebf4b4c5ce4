"""Tell the editor, with the file and line, what the sanitizer will remove from their text.

The build publishes only what passes the allowlist in sanitize.py; this check makes
sure nothing is dropped silently. It does not guess what is code with patterns of its
own: it judges the HTML the build's own Markdown converter made of the page (what
Markdown shows as code is text, never an element), each element, attribute and address
with sanitize.py's tables. The page is rendered once, by the build; only the WordPress
importer, outside the build, renders here (with the same extensions as mkdocs.yml).

A problem's line is found in one pass over the source, in page order: the next line, at
or after the previous problem's, that holds what is removed (a tag, attribute, class or
address) outside code spans and fenced code. When none does, the file is named. The cost
is linear in the text: a `Scanned` the caller passes in counts the characters scanned
(tests/test_content_check_cost.py reads it).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from enum import Enum
from functools import cache
from html.parser import HTMLParser

import markdown

from scf.content.problems import Problem
from scf.content.prose import body_lines
from scf.content.symbols import PREFIX as SYMBOL
from scf.pages import sanitize as allow

# As in mkdocs.yml (tests/test_sanitize.py keeps them equal).
EXTENSIONS = ["toc", "attr_list", "md_in_html", "admonition", "tables", "pymdownx.superfences",
              "sane_lists", "def_list", "footnotes", "pymdownx.tilde", "pymdownx.caret"]

_MAYBE = re.compile(r"<(?!!-- more -->)|&|\{|!\[|(?<![\w+.-])(?!(?:https?|mailto):)[a-z][\w+.-]*:(?=\S)", re.I)
_ACTIVE = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
           "button", "textarea", "select", "style", "link", "meta", "base", "svg", "math", "template"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
         "track", "wbr"}
_NAME = re.compile(r"[a-z_:][a-z0-9_:.-]*")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_ATTRIBUTES = {"href", "src"}
_LOWER = {tag: {name.lower() for name in names} for tag, names in allow.ATTRIBUTES.items()}
_IN_TEXT = "symbol-in-text:"  # a removal's key: an easy read symbol inside a row's text
_BACKTICKS = "remove it; to show the tag as text, put it in `backticks`"
_OTHER_HTML = "remove it; CONTRIBUTING.md, 'HTML in posts and pages', lists the HTML you may use"


class Rows(Enum):
    """What a body's `symbol:` pictures (easy read rows' pictures, by name) are to the check."""

    NONE = "not an easy read body: the sanitizer removes a symbol picture"
    DRAWN = "an easy read page as the build draws it: a symbol left is inside a row's sentence"
    UNDRAWN = "an easy read body converted without the rows step: its symbols are rows' pictures"


@dataclass(frozen=True)
class Removal:
    key: str  # what is removed, e.g. "tag:script", "attr:onerror"
    needle: str  # text that the line holding it contains
    message: str
    fix: str
    code: bool = True  # could run code; False: an image from elsewhere, or only the look changes


class _Judge(HTMLParser):
    """Every removal the allowlist makes in one rendered page, in page order."""

    def __init__(self, rows: Rows = Rows.NONE) -> None:
        super().__init__(convert_charrefs=True)
        self.rows = rows
        self.found: list[Removal] = []
        self.inside: list[str] = []  # removed elements open around this point (a form's fields)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.inside:
            del self.inside[self.inside.index(tag):]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        if self.inside:
            return  # removed with the element around it, which is reported
        if tag not in allow.TAGS:
            if tag in _ACTIVE and not raw.endswith("/>") and tag not in _VOID:
                self.inside.append(tag)
            why = "is not allowed in content" if tag in _ACTIVE else "is removed (its text is kept)"
            self.found.append(Removal(f"tag:{tag}", f"<{tag}", f"the <{tag}> tag {why}",
                                      _BACKTICKS if tag in _ACTIVE else _OTHER_HTML, tag in _ACTIVE))
            return
        allowed = _LOWER["*"] | _LOWER.get(tag, set())
        if any(not _NAME.fullmatch(name) for name, _ in attrs):
            self.found.append(Removal(f"junk:{tag}", f"<{tag}", f"a <{tag}> tag holds text that is not an "
                                      "attribute (a stray quote or backtick?); it is removed",
                                      "check the quotes in the tag, or put it in `backticks` to show it as text"))
        for name, value in attrs:
            value = value or ""
            if not _NAME.fullmatch(name):
                continue
            if name == "class":
                self._classes(tag, value)
            elif name not in allowed:
                self.found.append(_attribute(tag, name))
            elif name == "id" and not allow.allowed_id(value):
                self.found.append(Removal(f"id:{value}", value, f"the id '{value}' is the theme's own",
                                          "choose another id", False))
            elif name in _URL_ATTRIBUTES:
                self._address(tag, name, value, raw)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        inside = list(self.inside)
        self.handle_starttag(tag, attrs)
        self.inside = inside  # `<x/>` opens nothing

    def _classes(self, tag: str, value: str) -> None:
        if tag == "span":
            return  # Pygments' token classes: code colouring, never written by hand
        for name in value.split():
            if name not in allow.CLASSES.get(tag, set()):
                self.found.append(Removal(f"class:{name}", name, f"the class '{name}' on <{tag}> is removed",
                                          "remove it; CONTRIBUTING.md lists the classes you may use", False))

    def _address(self, tag: str, name: str, value: str, raw: str) -> None:
        plain = re.sub(r"[\x00-\x20]", "", value)
        needle = _raw_value(raw, name) or value
        scheme = _SCHEME.match(plain)
        if tag == "img" and name == "src" and plain.startswith(SYMBOL):
            if self.rows is Rows.DRAWN:
                self.found.append(Removal(f"{_IN_TEXT}{needle}", needle, f"the picture '{plain}' is inside a "
                                          "sentence: a symbol shows only at the start of a row, so here it is "
                                          "removed", "move it to the start of its own line, with its sentence "
                                          "after it", False))
            elif self.rows is Rows.NONE:
                self.found.append(Removal(f"url:{needle}", needle, f"the picture '{plain}' is an easy read symbol, "
                                          "which shows only on easy read pages, as a row's picture: here it is "
                                          "removed", "use an image file saved in the repository, or put the "
                                          "sentence on the easy read version of this page", False))
            return
        if scheme and scheme[1].lower() not in allow.URL_SCHEMES:
            scheme_name = scheme[1].lower()
            fix = ("save the file in the repository and link to it" if scheme_name == "data"
                   else "link to a normal https:// address")
            self.found.append(Removal(f"url:{needle}", needle, f"'{scheme_name}:' addresses are not allowed "
                                      "in content", fix))
        elif tag == "img" and name == "src" and allow.other_origin(value):
            self.found.append(Removal(f"url:{needle}", needle, f"the image {value} is on another site: "
                                      "the site loads nothing from other sites, so it is removed",
                                      "save the image in the repository and link to the file", False))


def _attribute(tag: str, name: str) -> Removal:
    if name.startswith("on"):
        return Removal(f"attr:{name}", name, f"the '{name}' attribute (an inline script) is not allowed "
                       "in content", "remove the attribute")
    if name == "style":
        return Removal("attr:style", name, "'style' attributes are removed: the site's look comes from "
                       "its stylesheets", "remove it; for emphasis use **bold** or *italics*", False)
    return Removal(f"attr:{name}", name, f"the '{name}' attribute on <{tag}> is removed", _OTHER_HTML, False)


def _raw_value(start_tag: str, name: str) -> str:
    """The attribute's value as written (entities and all): the text to look for in the source."""
    match = re.search(rf"""\b{re.escape(name)}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", start_tag, re.I)
    if not match:
        return ""
    return next(group for group in match.groups() if group is not None)


def judge(html: str, rows: Rows = Rows.NONE) -> list[Removal]:
    """Every removal the allowlist makes in one rendered page, in page order."""
    found = _Judge(rows)
    found.feed(html)
    found.close()
    return found.found


# An easy read row's picture (`![A house](symbol:house)` starting a line: easyread.py) is drawn by
# the rows step, so an easy read body whose only pictures are those (most) may hold nothing
# to remove. (None in its alt text or name of brackets, backslash or the starts of markup: so
# that Markdown reads the same picture.)
_ROW_PICTURE = re.compile(rf"^ {{0,3}}!\[[^][\\<&{{]*\]\({SYMBOL}[^()\s\\<&{{]*\)", re.M)


# Only a body with one of these can hold markup Markdown passes through, an image or an
# address with a scheme: the others (most) are not judged at all.
def may_hold_removals(body: str, rows: Rows = Rows.NONE) -> bool:
    if rows is not Rows.NONE and SYMBOL in body:
        body = _ROW_PICTURE.sub("", body)
    if (":" not in body and "&" not in body and "{" not in body and "![" not in body
            and body.count("<") == body.count(allow.MORE)):
        return False  # none of the characters _MAYBE starts from (most posts): not worth its scan
    return bool(_MAYBE.search(body))


@dataclass
class Scanned:
    """The characters scanned to place problems, counted for the caller that passes it in (the
    cost tests): the module itself keeps no count."""

    characters: int = 0

_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")


def _masked(body: str) -> str:
    """The body in lower case, with what Markdown shows as code (fenced blocks, code spans)
    blanked: the same length, so offsets and lines stay those of the source."""
    text = body.lower()
    lines = text.split("\n")
    for number, line, code in body_lines(text, first_line=0):
        if code:
            lines[number] = " " * len(line)
        elif "`" in line:
            lines[number] = _CODE_SPAN.sub(lambda m: " " * len(m[0]), line)
    return "\n".join(lines)


def _pattern(removal: Removal) -> re.Pattern[str] | None:
    """What the source holds where `removal` is: a whole tag, attribute or class name, or the
    address as written."""
    needle = removal.needle.split("\n")[0].strip().lower()
    if not needle:
        return None
    if removal.key.startswith(_IN_TEXT):  # after something else on its line: not a row's own picture
        return re.compile(rf"\S[^\n]*?!\[[^\]\n]*\]\(\s*<?{re.escape(needle)}")
    if removal.key.startswith(("url:", "id:")):
        return re.compile(re.escape(needle))
    return re.compile(rf"(?<![\w-]){re.escape(needle)}(?![\w-])")


class _Placer:
    """Source lines for the removals of one page, in one pass (see the module's docstring)."""

    def __init__(self, body: str, scanned: Scanned | None = None):
        self.scanned = scanned if scanned is not None else Scanned()
        self.text = _masked(body)
        self.starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        self.cursor = 0  # where the line of the last placed removal starts
        self.after: dict[str, int] = {}  # per pattern: where its next search starts
        self.patterns: dict[str, re.Pattern[str] | None] = {}
        self.scanned.characters += len(body)

    def line(self, removal: Removal) -> int | None:
        """The 0-based line holding `removal`, or None."""
        key = removal.key + "\0" + removal.needle
        if key not in self.patterns:
            self.patterns[key] = _pattern(removal)
        pattern = self.patterns[key]
        if pattern is None:
            return None
        own = self.after.get(key, 0)
        found = self._search(pattern, max(self.cursor, own))
        if found is None and own < self.cursor:  # out of page order (a footnote, a reference link)
            found = self._search(pattern, own)
        if found is None:
            self.after[key] = len(self.text)  # none left: later ones are not searched for again
            return None
        self.after[key] = found.end()
        number = bisect_right(self.starts, found.start()) - 1
        self.cursor = max(self.cursor, self.starts[number])
        return number

    def _search(self, pattern: re.Pattern[str], start: int) -> re.Match[str] | None:
        found = pattern.search(self.text, start)
        self.scanned.characters += (found.end() if found else len(self.text)) - start
        return found


def placed(path: str, body: str, first_line: int, removals: list[Removal],
           scanned: Scanned | None = None) -> list[Problem]:
    """A problem for each removal, on the line of `body` (which starts at `first_line`) holding it;
    the characters scanned are added to `scanned` when given."""
    if not removals:
        return []
    placer = _Placer(body, scanned)
    problems = []
    for removal in removals:
        number = placer.line(removal)
        problems.append(Problem(path, None if number is None else number + first_line, removal.message, removal.fix))
    return problems


def removed_content(path: str, body: str, first_line: int = 1, code_only: bool = False,
                    html: str | None = None, scanned: Scanned | None = None,
                    rows: Rows = Rows.NONE) -> list[Problem]:
    """Problems for everything in `body` the sanitizer would remove (file:line: what. Fix: how),
    judged from `html`, what the build's converter made of the body; with `code_only`, only
    what could run code. Without `html` (the importer), the body is rendered here (by `render`).
    `scanned`, when given, counts the characters scanned to place the problems. `rows`: what
    the body's symbol pictures are."""
    if not may_hold_removals(body, rows):
        return []
    if html is None:
        html = render(body)
    return placed(path, body, first_line, [r for r in judge(html, rows) if r.code or not code_only],
                  scanned)


@cache
def _converter() -> markdown.Markdown:
    """Made once: setting up Markdown's extensions is not free."""
    return markdown.Markdown(extensions=EXTENSIONS)


def render(body: str) -> str:
    """The body as HTML, with the extensions mkdocs.yml lists: for what the build does not render."""
    converter = _converter()
    converter.reset()
    return converter.convert(body)


def unsafe_content(path: str, body: str, first_line: int = 1) -> list[Problem]:
    """What could run code: the WordPress importer shows those lines as text."""
    return removed_content(path, body, first_line, code_only=True)
