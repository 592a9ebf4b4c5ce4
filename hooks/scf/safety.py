"""Tell the editor, with the file and line, what the sanitizer will remove from their text.

The build publishes only what passes the allowlist in sanitize.py; this check makes
sure nothing is dropped silently. It does not guess what is code with patterns of its
own: it renders the Markdown with the site's extensions (what Markdown shows as code
is text, never an element), reads the HTML and judges each element, attribute and
address with sanitize.py's tables. A problem's line is the source line whose removal
makes the problem go away, found by Markdown again; when none does, the file is named.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown

from . import sanitize as allow
from .problems import Problem
from .symbols import PREFIX as SYMBOL

# As in mkdocs.yml (tests/test_safety.py keeps them equal).
EXTENSIONS = ["toc", "attr_list", "md_in_html", "admonition", "tables", "pymdownx.superfences",
              "sane_lists", "def_list", "footnotes", "pymdownx.tilde", "pymdownx.caret"]

# Only a body with one of these can hold markup Markdown passes through, an image or an
# address with a scheme; the others (most) are not rendered a second time.
_MAYBE = re.compile(r"<(?!!-- more -->)|&|\{|!\[|(?<![\w+.-])(?!(?:https?|mailto):)[a-z][\w+.-]*:(?=\S)", re.I)
_ACTIVE = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
           "button", "textarea", "select", "style", "link", "meta", "base", "svg", "math", "template"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
         "track", "wbr"}
_NAME = re.compile(r"[a-z_:][a-z0-9_:.-]*")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_ATTRIBUTES = {"href", "src"}
_LOWER = {tag: {name.lower() for name in names} for tag, names in allow.ATTRIBUTES.items()}
_BACKTICKS = "remove it; to show the tag as text, put it in `backticks`"
_OTHER_HTML = "remove it; CONTRIBUTING.md, 'HTML in posts and pages', lists the HTML you may use"


@dataclass(frozen=True)
class Removal:
    key: str  # what is removed, e.g. "tag:script", "attr:onerror"
    needle: str  # text that the line holding it contains
    message: str
    fix: str
    code: bool = True  # could run code; False: an image from elsewhere, or only the look changes


class _Judge(HTMLParser):
    """Every removal the allowlist makes in one rendered page, in page order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
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
            return  # an easy read symbol by name: easyread_lint.py checks the name
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


class Checker:
    """Renders bodies with one Markdown converter, as the site does."""

    def __init__(self) -> None:
        self.md = markdown.Markdown(extensions=EXTENSIONS)

    def removals(self, body: str) -> list[Removal]:
        self.md.reset()
        judge = _Judge()
        judge.feed(self.md.convert(body))
        judge.close()
        return judge.found

    def problems(self, path: str, body: str, first_line: int = 1, code_only: bool = False) -> list[Problem]:
        if not _MAYBE.search(body):
            return []
        found = [r for r in self.removals(body) if r.code or not code_only]
        if not found:
            return []
        lines = body.split("\n")
        counts = Counter(r.key for r in found)
        placed: dict[str, list[int]] = {}
        for key in counts:
            needle = next(r.needle for r in found if r.key == key).split("\n")[0].strip().lower()
            placed[key] = [n for n in self._lines(lines, key, needle, counts[key])]
        problems = []
        for removal in found:
            where = placed[removal.key]
            line = where.pop(0) + first_line if where else None
            problems.append(Problem(path, line, removal.message, removal.fix))
        return problems

    def _lines(self, lines: list[str], key: str, needle: str, count: int) -> list[int]:
        """The lines (0-based) holding `key`: those whose blanking removes one."""
        found = []
        for number, line in enumerate(lines):
            if len(found) == count:
                break
            if needle and needle not in line.lower():
                continue
            without = "\n".join(lines[:number] + [""] + lines[number + 1:])
            left = sum(r.key == key for r in self.removals(without))
            found += [number] * max(0, count - left)
        return found[:count]


_checker: Checker | None = None


def removed_content(path: str, body: str, first_line: int = 1, code_only: bool = False) -> list[Problem]:
    """Problems for everything in `body` the sanitizer would remove (file:line: what. Fix: how);
    with `code_only`, only what could run code."""
    global _checker
    if _checker is None:  # made once: setting up Markdown's extensions is not free
        _checker = Checker()
    return _checker.problems(path, body, first_line, code_only)


def unsafe_content(path: str, body: str, first_line: int = 1) -> list[Problem]:
    """What could run code: the WordPress importer shows those lines as text."""
    return removed_content(path, body, first_line, code_only=True)
