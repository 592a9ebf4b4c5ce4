"""Easy read rows as Markdown blocks of their own (scf.views.easyread_rows): the same HTML
md_in_html made of the rows when they were HTML, and no HTML left for Markdown to parse."""
from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from scf.checks.unsafe_content import EXTENSIONS
from scf.content.characters import XML_FORBIDDEN
from scf.content.model import EasyRead
from scf.views.easyread import EasyReadPages, Icons
from scf.views.easyread_rows import MARK, SEPARATOR, RowsExtension, html_row, markdown_row
from site_project import THEME

IMG = ('<img class="scf-row__symbol" src="../../assets/symbols/house.svg" alt="A &quot;house&quot; &amp; a door" '
       'width="96" height="96" loading="lazy" decoding="async">')
SVG = ('<svg class="scf-row__icon" role="img" aria-label="A heart" focusable="false" '
       'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M1 2z"/></svg>')
IMAGE = r"![Two people \*holding\* hands](pictures/hands.png)"


def _md_in_html(picture: str, text: str, kind: str) -> str:
    """A row as easyread.py wrote it until 5 December 2026: HTML for md_in_html."""
    span = ' markdown="span"' if kind == "md" else ""
    return (f'<div class="scf-row" markdown="1">\n<div class="scf-row__picture"{span}>{picture}</div>\n'
            f'<div class="scf-row__text" markdown="block">\n{text}\n</div>\n</div>')


def _convert(text: str) -> str:
    md = markdown.Markdown(extensions=[*EXTENSIONS, RowsExtension()])
    return md.convert(text)


# A row's text: lines of words, Markdown's inline and block marks, the words-to-know links.
_WORD = st.sampled_from(["We", "want", "good", "care.", "*help*", "_you_", "**all**", "`code`", "[a link](x.md)",
                         '<a class="scf-word" href="#scf-word-care">care</a>', "&", "<", ">", "#", "-", "1.",
                         ">", "  ", "\\*", "H~2~O", "[^1]", ":", "!"])
_LINE = st.lists(_WORD, min_size=1, max_size=8).map(" ".join).filter(str.strip)
_TEXT = st.lists(_LINE, max_size=4).map("\n".join)


@settings(max_examples=150, deadline=None)
@given(text=_TEXT, picture=st.sampled_from([("html", IMG), ("html", SVG), ("md", IMAGE)]),
       before=st.sampled_from(["", "# A heading\n\nA paragraph.\n\n"]))
def test_a_row_is_what_md_in_html_made_of_it(text, picture, before):
    kind, html = picture
    row = html_row(html, text) if kind == "html" else markdown_row(html, text)
    assert _convert(before + row + "\n\nAfter.\n") == _convert(before + _md_in_html(html, text, kind) + "\n\nAfter.\n")


@given(field=st.text())
def test_a_field_stays_on_the_row_line(field):
    head = html_row(field, "The text.").split("\n")[0]
    assert head.startswith(MARK) and head[len(MARK):].count(SEPARATOR) == 1


def test_rows_leave_no_html_for_markdown_to_parse():
    """The point of the blocks: Markdown's HTML parser and MkDocs's anchor finder read no row."""
    pages = EasyReadPages(_Site(), [], Icons(THEME.icons), symbol=lambda name: (f"assets/symbols/{name}.svg", 96, 96))
    doc = EasyRead(source="easyread/vision.md", src_uri="easy-read/vision.md", title="Vision", summary="Vision.",
                   body="", body_line=1, meta={})
    body = "![A house](symbol:house)\nWe want a home.\n\n![A heart](:octicons-heart-16:)\nWe care.\n"
    rows = pages.rows(body, doc)
    assert rows.count(MARK) == 2
    assert all(line.startswith(MARK) or "<" not in line for line in rows.splitlines())
    html = _convert(rows)
    assert html.count('<div class="scf-row">') == 2
    assert ('<div class="scf-row__picture"><img class="scf-row__symbol" src="../../assets/symbols/house.svg" '
            'alt="A house" width="96" height="96" decoding="async"></div>') in html
    assert '<svg class="scf-row__icon" role="img" aria-label="A heart"' in html


def test_the_separator_is_refused_in_a_body():
    """An editor cannot write a row line: no body may hold the separator."""
    assert XML_FORBIDDEN.search(f"{MARK}html{SEPARATOR}<img src=x>")


class _Site:
    easy_read: list[EasyRead] = []
