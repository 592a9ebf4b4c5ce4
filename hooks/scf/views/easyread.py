"""Easy read pages: rows of picture and text, words to know, and staying in easy read.

An easy read body is a series of rows (see CONTRIBUTING.md, "Easy read"):

    ![A person speaking to a group of people](symbol:talk_1_,_to)
    We want people to say what they think.

The picture is a symbol of the Mulberry set by its name (symbols.py), an image
file, or an icon shortcode from the sets bundled with the theme (for labels, not
ideas); the lines after it are the text. `parse` splits a body into
blocks for the lint and the renderer; the markdown steps below turn rows into
accessible HTML, and the page step keeps easy read links inside easy read. The lint
(easyread_lint.py) checks the pages against the rules first.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from scf.content.glossary import Word
from scf.content.model import EASY_READ_URL, Document, EasyRead, Post, Site, page_url
from scf.pages.links import relative_url
from scf.views.easyread_rows import html_row, markdown_row

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_PICTURE = re.compile(r"""^\s{0,3}!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]*)>?(?:\s+["'][^"']*["'])?\s*\)\s*(?P<rest>.*)$""")
_ICON = re.compile(r"^:(?P<name>[a-z0-9]+(?:-[a-z0-9]+)+):$")
_SYMBOL = re.compile(r"^symbol:(?P<name>.*)$")
EAGER_ROWS = 2  # rows whose symbol loads at once: the first screen; the others load lazily
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
            blocks.append(Block("heading", number, [(number, stripped)]))
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

def icon_name(picture: str) -> str | None:
    """`:material-home:` -> "material-home"; None if the picture is a file."""
    match = _ICON.match(picture)
    return match["name"] if match else None


def symbol_name(picture: str) -> str | None:
    """`symbol:family` -> "family"; None if the picture is not a symbol."""
    match = _SYMBOL.match(picture)
    return match["name"] if match else None


class Icons:
    """Icon SVGs, each read from disk once per build, from the theme's icon folder."""

    def __init__(self, folder: Path):
        self.folder = folder  # the theme's (Theme.icons)
        self._svg: dict[str, str | None] = {}

    def path(self, name: str) -> Path | None:
        # The shortcodes: the first part is the set, then (for Font Awesome) the
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


# -- rendering ---------------------------------------------------------------------------------

_A_TAG = re.compile(r"<a\b[^>]*>", re.I)
_HREF = re.compile(r"""(\shref\s*=\s*)(["'])([^"']*)\2""", re.I)
_OTHER_ORIGIN = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.I)
_SKIP_INLINE = re.compile(r"!?\[[^\]]*\]\([^)]*\)|<[^>]+>|`[^`]*`")  # links, tags, code: leave alone
INDEX = EASY_READ_URL + "index.md"


class EasyReadPages:
    """Turns easy read Markdown into rows and keeps easy read readers in easy read.

    Built once per build: the link map, the glossary pattern and the icon cache are
    shared by every page.
    """

    def __init__(self, site: Site, glossary: list[Word], icons: Icons,
                 symbol: Callable[[str], tuple[str, int, int]] | None = None):
        self.site = site
        self.glossary = glossary
        self.icons = icons
        self.symbol = symbol  # name -> (site address, width, height), for `symbol:NAME` pictures
        # standard address -> easy read address, for the links on easy read pages
        self.easy_url = {e.standard.url: e.url for e in site.easy_read if e.standard}
        self.easy_uris = {e.src_uri for e in site.easy_read}

    # -- markdown steps (str -> str, EasyRead documents only) ------------------------------

    def rows(self, markdown: str, doc: Document) -> str:
        """Rows become a picture beside the text; words to know are marked and explained."""
        if not isinstance(doc, EasyRead):
            return markdown
        used: list[Word] = []
        out = []
        blocks = parse(markdown)
        rows = 0
        for block in blocks:
            if block.kind == "heading":
                out.append(block.lines[0][1])
                continue
            text = "\n".join(self._mark(line, used) for _, line in block.lines)
            if block.kind == "text":
                out.append(text)
            else:
                rows += 1
                out.append(self._row(block, text, doc.url, lazy=rows > EAGER_ROWS))
        used += [w for w in self.glossary if w not in used and any(
            w.pattern.search(b.text) for b in blocks if b.kind == "heading")]
        if used:
            out.append(self._words_box(used))
        return "\n\n".join(out) + "\n"

    def index(self, markdown: str, doc: Document) -> str:
        """The "Easy read" page lists every easy read page, pages then blog posts."""
        if doc.src_uri != INDEX:
            return markdown
        pages = sorted((e for e in self.site.easy_read
                        if e.src_uri != INDEX and not isinstance(e.standard, Post)),
                       key=lambda e: e.title.lower())
        by_post = {id(e.standard): e for e in self.site.easy_read if isinstance(e.standard, Post)}
        posts = [(p, by_post[id(p)]) for p in self.site.posts if id(p) in by_post]
        parts = [markdown.rstrip()]
        if pages:
            parts.append('<h2 id="scf-easy-read-pages">Pages in easy read</h2>\n\n'
                         + "\n".join(f"- [{_escape_md(e.title)}]({_from_index(e)})" for e in pages))
        if posts:
            parts.append('<h2 id="scf-easy-read-posts">Blog posts in easy read</h2>\n\n'
                         + "\n".join(f"- [{_escape_md(e.title)}]({_from_index(e)}) ({p.date_label})"
                                     for p, e in posts))
        return "\n\n".join(part for part in parts if part) + "\n"

    # -- page step --------------------------------------------------------------------------

    def stay_in_easy_read(self, html_text: str, src_uri: str | None) -> str:
        """On easy read pages, links to standard pages with an easy read version go to it.

        Done on the final HTML, so it covers the navigation, the content and the footer
        without JavaScript. Links marked `data-scf-keep` ("Standard version") stay.
        """
        if src_uri not in self.easy_uris:
            return html_text
        here = page_url(src_uri)

        def swap(match: re.Match[str]) -> str:
            start, quote, href = match.groups()
            if _OTHER_ORIGIN.match(href):
                return match.group(0)
            target = urljoin("/" + here, href.split("#")[0].split("?")[0])[1:]
            easy = self.easy_url.get(target.removesuffix("index.html"))
            if easy is None:
                return match.group(0)
            return f"{start}{quote}{html.escape(relative_url(easy, here))}{quote}"

        def tag(match: re.Match[str]) -> str:
            a = match.group(0)
            return a if "data-scf-keep" in a else _HREF.sub(swap, a, count=1)

        return _A_TAG.sub(tag, html_text)

    # -- helpers ----------------------------------------------------------------------------

    def _row(self, block: Block, text: str, page: str, lazy: bool) -> str:
        alt = html.escape(block.alt or "", quote=True)
        name = icon_name(block.picture or "")
        symbol = symbol_name(block.picture or "")
        if symbol is not None and self.symbol is not None:
            address, width, height = self.symbol(symbol)
            src = html.escape(relative_url(address, page), quote=True)
            loading = ' loading="lazy"' if lazy else ""
            return html_row(f'<img class="scf-row__symbol" src="{src}" alt="{alt}" width="{width}" '
                            f'height="{height}"{loading} decoding="async">', text)
        if name:
            svg = self.icons.svg(name) or ""
            return html_row(svg.replace("<svg ", f'<svg class="scf-row__icon" role="img" aria-label="{alt}" '
                                        'focusable="false" ', 1), text)
        # Markdown, so the builder fixes the image's address for the page
        return markdown_row(f"![{_escape_md(block.alt or '')}]({block.picture})", text)

    def _mark(self, line: str, used: list[Word]) -> str:
        """Mark the first use on the page of each word to know, outside links, tags and code."""
        pieces, last = [], 0
        for skip in _SKIP_INLINE.finditer(line):
            pieces += [self._mark_plain(line[last:skip.start()], used), skip.group(0)]
            last = skip.end()
        pieces.append(self._mark_plain(line[last:], used))
        return "".join(pieces)

    def _mark_plain(self, text: str, used: list[Word]) -> str:
        out, position = [], 0
        while True:
            found = [(m.start(), i, w, m) for i, w in enumerate(self.glossary) if w not in used
                     for m in [w.pattern.search(text, position)] if m]
            if not found:
                break
            _, _, word, match = min(found, key=lambda f: f[:2])  # earliest; longest word on a tie
            used.append(word)
            out += [text[position:match.start()],
                    f'<a class="scf-word" href="#{word.anchor}">{match.group(0)}</a>']
            position = match.end()
        out.append(text[position:])
        return "".join(out)

    @staticmethod
    def _words_box(words: list[Word]) -> str:
        items = "\n".join(f'<dt id="{w.anchor}">{html.escape(w.word)}</dt>\n<dd>{html.escape(w.explanation)}</dd>'
                          for w in sorted(words, key=lambda w: w.word.lower()))
        return ('<aside class="scf-words" aria-labelledby="scf-words-title">\n'
                '<h2 id="scf-words-title">Words to know</h2>\n'
                f'<dl>\n{items}\n</dl>\n</aside>')


def _from_index(doc: EasyRead) -> str:
    # A link to the Markdown file, so the builder checks it and writes the address.
    return doc.src_uri[len(EASY_READ_URL):]


def _escape_md(text: str) -> str:
    return re.sub(r"([\\\[\]*_`<>])", r"\\\1", text)
