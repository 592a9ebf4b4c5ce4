"""Scans of every body that most bodies pass: a whole-body test first, with the same answers.

The body rules read a body line by line only when one of them could find something in it
(scf.content.body_rules._may_break); the content check's `may_hold_removals` runs its pattern
only on bodies holding a character it starts from."""
from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scf.checks import unsafe_content
from scf.content import body_rules, prose
from scf.content.model import EasyRead
from scf.pages import links
from scf.views.easyread import EasyReadPages, Icons
from scf.views.easyread_rows import RowsExtension
from site_project import THEME

DRAWN = unsafe_content.Rows.DRAWN

# What the rules look for, and what hides it (code spans and fences), with plain text between.
PIECES = st.sampled_from(["<![", "<", "!", "[", "`", "```", "~~~", ">", "> ", "    ", "\t", " ", "\n", "*", "_",
                          "~", "^", "word", "x", "\x0b", "\x01", "\ufffe", "-", "1."])
BODIES = st.lists(st.one_of(PIECES, PIECES.map(lambda p: p * 22), st.text(max_size=5)), max_size=40).map("".join)


def _every_line(body: str) -> list:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(body_rules, "_may_break", lambda body: True)
        return body_rules.problems("x.md", body, 3)


@given(BODIES)
def test_the_whole_body_test_misses_nothing(body):
    assert body_rules.problems("x.md", body, 3) == _every_line(body)


def test_a_plain_post_is_not_read_line_by_line(monkeypatch):
    read = []
    real = body_rules.body_lines
    monkeypatch.setattr(body_rules, "body_lines", lambda *args: read.append(args) or real(*args))
    post = "Words about care, with a [link](../posts/2024-05-01-other.md).\n\n<!-- more -->\n\n" * 50
    assert body_rules.problems("x.md", post, 3) == []
    assert read == []
    body_rules.problems("x.md", post + "<![CDATA[x]]>\n", 3)  # one rule could find something: read
    assert len(read) == 1


@given(BODIES | st.text(alphabet="<!-more&{[]():x \n", max_size=30), st.sampled_from(unsafe_content.Rows))
def test_may_hold_removals_answers_as_its_pattern(body, rows):
    rows_left = unsafe_content._ROW_PICTURE.sub("", body) if rows is not unsafe_content.Rows.NONE else body
    assert unsafe_content.may_hold_removals(body, rows) == bool(unsafe_content._MAYBE.search(rows_left))


# Symbol pictures, beside what the sanitizer removes and what only looks like it.
_PICTURES = st.sampled_from(["![A house](symbol:house)", "![x](symbol:talk_1_,_to)", "![a <b>c</b>](symbol:x)",
                             "![x](symbol:y){: onclick=z}", "![x](symbol:y)<script>", "![x](https://e.org/a.png)",
                             "![x](symbol:<script>)", "![&#60;](symbol:x)", "<script>x</script>", "{: .x}", "\n",
                             "\n\n", " text ", "symbol:", "javascript:x", "[a](symbol:x)", "![[a](symbol:x)",
                             "![a\\](symbol:x)", "\\", "\\![A house](symbol:house)", "![", "](", "(", ")", "[",
                             "!", "   ", "\n![A house](symbol:house) We", "<!-- ", " -->"])
_EASY_READ = EasyReadPages(type("Site", (), {"easy_read": []})(), [], Icons(THEME.icons),
                           symbol=lambda name: (f"assets/symbols/{name}.svg", 96, 96))
_PAGE = EasyRead(source="easyread/a.md", src_uri="easy-read/a.md", title="A", summary="A.", body="", body_line=1,
                 meta={})


@settings(max_examples=300, deadline=None)
@given(st.lists(_PICTURES, max_size=12).map("".join))
def test_a_body_not_judged_holds_nothing_to_remove(body):
    """Row pictures on easy read pages are left out of the test, and nothing the sanitizer
    removes with them; a post's symbol pictures are judged (the sanitizer removes them)."""
    if not unsafe_content.may_hold_removals(body):
        assert unsafe_content.judge(unsafe_content.render(body)) == []
    if not unsafe_content.may_hold_removals(body, DRAWN):  # the build's HTML: rows drawn
        html = markdown.markdown(_EASY_READ.rows(body, _PAGE), extensions=[*unsafe_content.EXTENSIONS,
                                                                           RowsExtension()])
        assert unsafe_content.judge(html, DRAWN) == []


def test_an_easy_read_page_of_symbol_rows_is_not_judged():
    rows = "![A house](symbol:house)\nWe want a home.\n\n![People talking](symbol:talk_1_,_to) We talk.\n"
    assert not unsafe_content.may_hold_removals(rows, DRAWN)
    assert unsafe_content.may_hold_removals(rows)  # in a post they are removed: judged
    assert unsafe_content.may_hold_removals("![A house](symbol:house)\nWe want <b>a home</b>.\n", DRAWN)
    assert unsafe_content.may_hold_removals("We want ![A house](symbol:house) a home.\n", DRAWN)


def test_a_plain_post_is_not_scanned_for_removals(monkeypatch):
    scanned = []

    class Pattern:
        def search(self, body):
            scanned.append(body)

    monkeypatch.setattr(unsafe_content, "_MAYBE", Pattern())
    assert not unsafe_content.may_hold_removals("Words about care.\n\n<!-- more -->\n\nMore words, [a link](x.md).\n")
    assert scanned == []


@given(BODIES | st.lists(st.sampled_from(["[a](x.md)", "[r]: z.pdf", ' href="w.md"', "]", "=", "`", "```", "~~~",
                                           " ", "\n", "> "]), max_size=30).map("".join))
def test_lines_skipped_by_the_fast_paths_are_those_no_pattern_matches(body):
    """Code spans, fences and links are looked for only in lines holding what each needs."""
    lines = body.split("\n")
    assert [prose.without_code_spans(line) for line in lines] == [prose._CODE_SPAN.sub("", line) for line in lines]
    assert [bool(prose._FENCE.match(line)) for line in lines] == [
        ("```" in line or "~~~" in line) and bool(prose._FENCE.match(line)) for line in lines]
    for line in lines:
        if "]" not in line and "=" not in line:
            assert not any(p.search(line) for p in (links._MD_LINK, links._MD_REF, links._HTML_ATTR))


@given(BODIES | st.lists(st.sampled_from(["[a](x.md)", "[a]( <../docs/v.md#h>)", "[r]: x.md", "  [r]:x.md", ' href="x.md"',
                                           " src='p.png'", "]", ":", "(", "=", "[", " ", "\n", "x.md"]), max_size=30).map("".join))
def test_rebasing_links_skips_only_bodies_no_pattern_matches(body):
    """A body is scanned for each kind of link only when it holds what that kind needs."""
    paths = {"posts/x.md": "2024/05/01/x.md", "docs/v.md": "v.md", "posts/p.png": "2024/05/01/p.png"}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(links, "_SCANS", tuple((pattern, "") for pattern, _ in links._SCANS))
        scanned_always = links.rebase_markdown_links(body, "posts/a.md", "2024/05/01/a.md", paths)
    assert links.rebase_markdown_links(body, "posts/a.md", "2024/05/01/a.md", paths) == scanned_always
