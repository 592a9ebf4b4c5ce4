"""Easy read pages: rows of picture and text, words to know, and staying in easy read.

An easy read body is a series of rows (see CONTRIBUTING.md, "Easy read"):

    ![A person speaking to a group of people](:material-account-voice:)
    We want people to say what they think.

The picture is an icon shortcode from the sets bundled with Material for MkDocs or
an image file; the lines after it are the text. `parse` splits a body into
blocks for the lint and the renderer; the markdown steps below turn rows into
accessible HTML, and the page step keeps easy read links inside easy read.
"""
from __future__ import annotations

import html
import importlib.util
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from .glossary import Word
from .links import relative_url
from .model import Document, EasyRead, Post, Site

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_PICTURE = re.compile(r"""^\s{0,3}!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]*)>?(?:\s+["'][^"']*["'])?\s*\)\s*(?P<rest>.*)$""")
_ICON = re.compile(r"^:(?P<name>[a-z0-9]+(?:-[a-z0-9]+)+):$")
_COMMENT_START, _COMMENT_END = "<!--", "-->"


@dataclass
class Block:
    """A heading, a row (picture and text) or a paragraph with no picture."""

    kind: str  # "heading", "row" or "text"
    line: int  # line in the body where it starts (1 = first line of the body)
    lines: list[tuple[int, str]] = field(default_factory=list)  # (line, text) of its words
    alt: str | None = None
    picture: str | None = None

    @property
    def text(self) -> str:
        return " ".join(text.strip() for _, text in self.lines if text.strip())


def parse(body: str) -> list[Block]:
    """Split an easy read body into blocks, keeping the line each starts on."""
    blocks: list[Block] = []
    current: Block | None = None
    in_comment = False
    for number, line in enumerate(body.splitlines(), 1):
        stripped = line.strip()
        if in_comment or stripped.startswith(_COMMENT_START):
            in_comment = _COMMENT_END not in stripped
            current = None
            continue
        if not stripped:
            current = None
            continue
        if _HEADING.match(line):
            blocks.append(Block("heading", number, [(number, stripped.lstrip("#").strip())]))
            current = None
            continue
        picture = _PICTURE.match(line)
        if picture:  # a picture starts a new row, even without a blank line before it
            current = Block("row", number, alt=picture["alt"].strip(), picture=picture["src"])
            if picture["rest"].strip():
                current.lines.append((number, picture["rest"]))
            blocks.append(current)
            continue
        if current is None:
            current = Block("text", number)
            blocks.append(current)
        current.lines.append((number, line))
    return blocks


# -- pictures --------------------------------------------------------------------------------

def icons_folder() -> Path:
    """Material for MkDocs' bundled icons (found without importing MkDocs)."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("mkdocs-material is not installed; run ./dev build to set it up")
    return Path(next(iter(spec.submodule_search_locations))) / "templates" / ".icons"


def icon_name(picture: str) -> str | None:
    """`:material-home:` -> "material-home"; None if the picture is a file."""
    match = _ICON.match(picture)
    return match["name"] if match else None


class Icons:
    """Icon SVGs, each read from disk once per build."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder or icons_folder()
        self._svg: dict[str, str | None] = {}

    def path(self, name: str) -> Path | None:
        # Material's shortcodes: the first part is the set, then (for Font Awesome) the
        # style folder; `octicons-heart-16` keeps its size in the file name.
        set_name, _, rest = name.partition("-")
        candidates = [self.folder / set_name / f"{rest}.svg"]
        style, _, icon = rest.partition("-")
        if icon:
            candidates.append(self.folder / set_name / style / f"{icon}.svg")
        return next((p for p in candidates if p.is_file()), None)

    def svg(self, name: str) -> str | None:
        if name not in self._svg:
            path = self.path(name)
            self._svg[name] = path.read_text(encoding="utf-8").strip() if path else None
        return self._svg[name]

    def exists(self, name: str) -> bool:
        return self.svg(name) is not None
