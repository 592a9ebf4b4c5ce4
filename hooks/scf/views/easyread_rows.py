"""Easy read rows as Markdown blocks of their own: a picture beside its text, with no HTML to parse.

`EasyReadPages.rows` (easyread.py) writes each row as one Markdown block whose first line
holds the picture, after `MARK`, and whose other lines are the row's text:

    \\x1fscf-row\\x1fhtml\\x1f<img class="scf-row__symbol" src="../../assets/symbols/house.svg" ...>
    We will write this page soon.

`RowsExtension`, which the builder's Markdown converter is given (scf_mkdocs/render.py),
turns that block into the row's elements: the picture (HTML as it is, a symbol's `<img>` or
an icon's SVG; or a Markdown image, which the builder resolves like any other) and the
text, converted as Markdown blocks. The separator is a control character no body may hold
(scf.content.characters refuses it), so an editor cannot write a row line; and a row holds
only what the sanitizer allows anyway.

Rows were HTML with `markdown` attributes (Markdown's md_in_html) until 5 December 2026:
Markdown's HTML parser and MkDocs's anchor finder then read every row's tags (16,000 at
2,000 posts, about 0.7 s of the build's CPU: MAINTAINING.md, *Performance*). The HTML is
what md_in_html made of those rows (tests/test_easyread_rows.py compares them).
"""
from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor

SEPARATOR = "\x1f"
MARK = f"{SEPARATOR}scf-row{SEPARATOR}"
PRIORITY = 110  # before every block processor of Markdown's and its extensions' (md_in_html: 105)


def html_row(html: str, text: str) -> str:
    """A row whose picture is this HTML, as it is (an icon's SVG, one line)."""
    return _row("html", [html], text)


def markdown_row(image: str, text: str) -> str:
    """A row whose picture is a Markdown image (`![alt](file.png)`), converted as text is."""
    return _row("md", [image], text)


def _row(kind: str, fields: list[str], text: str) -> str:
    line = SEPARATOR.join([kind, *(" ".join(f.replace(SEPARATOR, " ").splitlines()) for f in fields)])
    return f"{MARK}{line}\n{text}"


class _Rows(BlockProcessor):
    def test(self, parent: etree.Element, block: str) -> bool:
        return block.startswith(MARK)

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        head, _, text = blocks.pop(0).partition("\n")
        kind, *fields = head[len(MARK):].split(SEPARATOR)
        row = etree.SubElement(parent, "div", {"class": "scf-row"})
        picture = etree.SubElement(row, "div", {"class": "scf-row__picture"})
        if kind == "html":
            picture.text = self.parser.md.htmlStash.store(fields[0])
        else:  # "md": the inline processors convert it, as they do the text
            picture.text = fields[0]
        words = etree.SubElement(row, "div", {"class": "scf-row__text"})
        if text:
            self.parser.parseBlocks(words, [text])


class RowsExtension(Extension):
    """Easy read rows (`image_row`, `html_row`, `markdown_row`) as elements."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802  Markdown's name
        md.parser.blockprocessors.register(_Rows(md.parser), "scf_rows", PRIORITY)
