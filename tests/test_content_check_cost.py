"""The content check's work grows linearly with the text: counted, never timed.

A pasted table of 1,200 styled rows once took minutes to check: each problem's line was
found by rendering the page again without each line that might hold it. Now the build's
own HTML is judged and lines are found in one pass; `scf.checks.unsafe_content.WORK` counts the
characters scanned and the renders.
"""
from __future__ import annotations

from scf.checks import unsafe_content as safety


def _table(rows: int) -> str:
    lines = ["| Name | Value |", "|---|---|"]
    lines += [f'| <b style="color:red" class="x{n % 7}">row {n}</b> | {n} |' for n in range(rows)]
    return "\n".join(lines) + "\n"


def _work(rows: int) -> tuple[int, int, list]:
    body = _table(rows)
    html = safety.render(body)  # what the build's converter makes (the check never renders: html= given)
    safety.WORK.clear()
    problems = safety.removed_content("posts/x.md", body, 1, html=html)
    return safety.WORK["scanned"], safety.WORK["renders"], problems


def test_the_content_checks_work_grows_linearly_and_it_renders_nothing():
    small, small_renders, small_problems = _work(300)
    large, large_renders, large_problems = _work(1200)
    assert len(small_problems) == 2 * 300 and len(large_problems) == 2 * 1200  # a style and a class a row
    assert small_renders == large_renders == 0
    assert large / small < 4 * 1.1, (small, large)  # 4 times the rows: about 4 times the work


def test_every_problem_is_on_its_own_row():
    _, _, problems = _work(50)
    assert [p.line for p in problems] == [n for row in range(3, 53) for n in (row, row)]


def test_a_tag_named_in_prose_or_code_before_it_does_not_take_its_line():
    body = "A lifestyle choice.\n\nUse `<b style>` here.\n\n<p style=\"x\">styled</p>\n"
    [problem] = safety.removed_content("posts/x.md", body)
    assert problem.line == 5
