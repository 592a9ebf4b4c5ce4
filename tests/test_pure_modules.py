"""Unit tests of small pure modules that were tested only through whole builds: the slug, the
prose lines the lints read, the values escaped for Material's templates, and the HTML tree the
importer reads. They run in the quick tier (`./dev test -m unit`)."""
from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from scf.content.prose import prose_lines
from scf.content.slug import slugify
from scf.pages.escaping import autoescape_for, for_theme
from scf.pages.html_tree import Node, TreeBuilder, descendants, raw_text


def test_a_slug_keeps_letters_and_digits_of_any_script_it_can_spell():
    assert slugify("Café society") == "cafe-society"
    assert slugify("  Straße & Søren: Œuvre 2024!  ") == "strasse-soren-oeuvre-2024"
    assert slugify("---") == "" and slugify("日本") == ""


@given(st.text())
def test_a_slug_is_always_lower_case_ascii_words_joined_by_hyphens(text):
    slug = slugify(text)
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", slug)
    assert slugify(slug) == slug  # a slug is its own slug


def test_prose_lines_skip_fenced_code_and_code_spans_keeping_line_numbers():
    body = ("Words `code` here.\n````python\n```\nstill code\n````\nprose\n"
            "> ~~~\n> quoted code\n> ~~~\nEnd.")  # a shorter fence does not close a longer one
    assert list(prose_lines(body, first_line=5)) == [(5, "Words  here."), (10, "prose"), (14, "End.")]


def test_prose_lines_count_lines_as_markdown_does():
    """Only '\\n' ends a line: a U+2028 or a form feed pasted into one does not shift the next."""
    assert list(prose_lines("a\u2028b\x0cc\nd", first_line=3)) == [(3, "a\u2028b\x0cc"), (4, "d")]


@given(st.lists(st.text(alphabet="ab `~>\n", max_size=12), max_size=8))
def test_prose_lines_are_lines_of_the_body_in_order(lines):
    body = "\n".join(lines)
    numbers = [number for number, _ in prose_lines(body)]
    assert numbers == sorted(set(numbers)) and all(1 <= n <= len(body.splitlines()) for n in numbers)


def test_only_the_values_the_theme_prints_are_escaped_once():
    meta = for_theme({"title": 'A "quote" <b>', "description": "x & y", "tags": ["<i>"], "other": "<s>"})
    assert meta["title"] == Markup("A &#34;quote&#34; &lt;b&gt;") and isinstance(meta["title"], Markup)
    assert meta["description"] == "x &amp; y" and meta["tags"] == ["<i>"] and meta["other"] == "<s>"


def test_autoescape_is_on_for_our_templates_only(tmp_path: Path):
    (tmp_path / "partials").mkdir()
    (tmp_path / "main.html").write_text("", encoding="utf-8")
    (tmp_path / "partials/footer.html").write_text("", encoding="utf-8")
    ours = autoescape_for(tmp_path)
    assert ours("main.html") and ours("partials/footer.html") and not ours("base.html") and not ours(None)
    assert not autoescape_for(None)("main.html")


def tree(html: str, autop: bool = False) -> tuple[Node, list[str]]:
    dropped: list[str] = []
    return TreeBuilder(autop, dropped).build(html), dropped


def test_the_tree_closes_what_browsers_close_and_drops_active_content():
    root, dropped = tree('<p>One<div>Two</div><ul><li>a<li>b</ul><script>x()</script>'
                         '<a href="/" onclick="y()">link</a><!-- more -->')
    assert [child.tag for child in root.children if isinstance(child, Node)] == ["p", "div", "ul", "a", "more"]
    assert len(descendants(root, "li")) == 2
    assert dropped == ["<script>", "the onclick attribute of <a>"]
    assert root.children[3].attrs == {"href": "/"}
    assert raw_text(root).split() == ["One", "Two", "a", "b", "link"]


def test_a_line_break_then_a_new_line_is_one_break_with_autop():
    root, _ = tree("a<br />\nb", autop=True)
    assert raw_text(root) == "a\nb"


@given(st.text(alphabet="<>/pdivulsrcpt =\"'ab\n", max_size=80))
def test_any_markup_gives_a_tree_never_an_error(html):
    root, _ = tree(html)
    assert isinstance(raw_text(root), str)
