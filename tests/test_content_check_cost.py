"""The content check's work grows linearly with the text: counted, never timed.

A pasted table of 1,200 styled rows once took minutes to check: each problem's line was
found by rendering the page again without each line that might hold it. Now the build's
own HTML is judged and lines are found in one pass; a `Scanned` the test passes in counts the
characters scanned, and a wrapper around `render` counts the renders.
"""
from __future__ import annotations

import pytest

from scf.checks import unsafe_content
from scf.checks.unsafe_content import Scanned


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The bodies the check renders itself, in order."""
    rendered: list[str] = []
    render = unsafe_content.render

    def counted(body: str) -> str:
        rendered.append(body)
        return render(body)

    monkeypatch.setattr(unsafe_content, "render", counted)
    return rendered


def _table(rows: int) -> str:
    lines = ["| Name | Value |", "|---|---|"]
    lines += [f'| <b style="color:red" class="x{n % 7}">row {n}</b> | {n} |' for n in range(rows)]
    return "\n".join(lines) + "\n"


def _work(rows: int, renders: list[str]) -> tuple[int, int, list]:
    body = _table(rows)
    html = unsafe_content.render(body)  # what the build's converter makes (the check never renders: html= given)
    renders.clear()
    scanned = Scanned()
    problems = unsafe_content.removed_content("posts/x.md", body, 1, html=html, scanned=scanned)
    return scanned.characters, len(renders), problems


def test_the_content_checks_work_grows_linearly_and_it_renders_nothing(renders):
    small, small_renders, small_problems = _work(300, renders)
    large, large_renders, large_problems = _work(1200, renders)
    assert len(small_problems) == 2 * 300 and len(large_problems) == 2 * 1200  # a style and a class a row
    assert small_renders == large_renders == 0
    assert large / small < 4 * 1.1, (small, large)  # 4 times the rows: about 4 times the work


def test_every_problem_is_on_its_own_row(renders):
    _, _, problems = _work(50, renders)
    assert [p.line for p in problems] == [n for row in range(3, 53) for n in (row, row)]


def test_a_tag_named_in_prose_or_code_before_it_does_not_take_its_line():
    body = "A lifestyle choice.\n\nUse `<b style>` here.\n\n<p style=\"x\">styled</p>\n"
    [problem] = unsafe_content.removed_content("posts/x.md", body)
    assert problem.line == 5


def test_without_the_builds_html_the_check_renders_the_body_once(renders):
    """The importer's case; it shows the render counter above counts what it should."""
    body = '<b style="color:red">x</b>\n'
    assert len(unsafe_content.removed_content("posts/x.md", body)) == 1
    assert renders == [body]
