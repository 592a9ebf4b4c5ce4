"""`scf check --format github`: each problem on its line of the pull request, all in the summary."""
from __future__ import annotations

from scf.checks.annotations import ERROR, WARNING, Annotation, command, summary
from scf.content.problems import Problem
from site_project import NOW
from test_easyread import ALONE

EASY = ALONE.replace("You can get help with money.", "You can't pay for it alone.")  # a warning


def test_message_and_properties_are_escaped_as_github_requires():
    problem = Problem("posts/my post, 2:1.md", 3, "100% sure: one, two\r\nthree", "write 'a: b'")
    line = command(Annotation(ERROR, problem, problem.file))
    assert line == ("::error file=posts/my post%2C 2%3A1.md,line=3,title=Blog post"
                    "::100%25 sure: one, two%0D%0Athree. Fix: write 'a: b'")


def test_a_problem_without_a_line_is_on_the_file_and_a_warning_is_a_warning():
    line = command(Annotation(WARNING, Problem("scf.yml", None, "odd"), "scf.yml"))
    assert line == "::warning file=scf.yml,title=Settings (scf.yml)::odd."


def test_summary_lists_changed_files_first_and_keeps_cells_inert():
    found = [Annotation(ERROR, Problem("posts/a.md", 2, "bad | <b>x</b>\nnext"), "posts/a.md"),
             Annotation(ERROR, Problem("posts/b.md", 9, "worse", "fix it"), "posts/b.md")]
    text = summary(found, {"posts/b.md"})
    rows = [line for line in text.splitlines() if line.startswith("| ❌")]
    assert rows == ["| ❌ error | posts/b.md | 9 | worse. Fix: fix it |",
                    "| ❌ error | posts/a.md | 2 | bad \\| &lt;b&gt;x&lt;/b&gt; next. |"]
    assert "### scf check: 2 problems, 0 warnings" in text
    assert "1 in files this pull request changes (listed first)." in text


def test_check_in_github_actions_annotates_every_problem_and_writes_the_summary(project, tmp_path, monkeypatch):
    project.post("2024-05-01-a", date="not a date")
    project.post("2024-05-02-b", authors=["nobody"])
    project.write("easyread/money.md", EASY)
    step_summary = tmp_path / "summary.md"
    step_summary.write_text("before\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(project.root))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(step_summary))
    monkeypatch.setenv("SCF_CHANGED_FILES", "posts/2024-05-02-b.md\neasyread/money.md\n")
    result = project.run("scf", "check")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(("::error file=", "::warning file=")) for line in lines), result.stdout
    assert any(line.startswith("::error file=posts/2024-05-01-a.md,line=3,title=Blog post::") for line in lines)
    assert any(line.startswith("::error file=posts/2024-05-02-b.md,line=4,title=Blog post::") for line in lines)
    assert any(line.startswith("::warning file=easyread/money.md,line=8,title=Easy read page::contractions")
               for line in lines), result.stdout
    text = step_summary.read_text(encoding="utf-8")
    assert text.startswith("before\n### scf check: 2 problems, 1 warning")
    files = [line.split(" | ")[1] for line in text.splitlines() if line.startswith("| ❌") or line.startswith("| ⚠")]
    assert files == ["easyread/money.md", "posts/2024-05-02-b.md", "posts/2024-05-01-a.md"]


def test_plain_lines_when_asked_and_annotations_when_asked(project, monkeypatch):
    project.post("2024-05-01-a", date="not a date")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    plain = project.run("scf", "check", "--format", "text")
    assert plain.stdout.startswith("posts/2024-05-01-a.md:3: ")
    monkeypatch.delenv("GITHUB_ACTIONS")
    asked = project.run("scf", "check", "--format", "github")
    assert asked.stdout.startswith("::error file=posts/2024-05-01-a.md,line=3,")


def test_the_warnings_annotated_are_the_builds_and_each_page_is_linted_once(project, monkeypatch):
    from scf.checks.easyread_lint import Linter
    from scf_mkdocs.check import check

    project.write("easyread/money.md", EASY)
    project.save_config()
    monkeypatch.setenv("SCF_NOW", NOW)
    linted: list[str] = []
    real_lint = Linter.lint
    monkeypatch.setattr(Linter, "lint", lambda self, path, *args: linted.append(path) or real_lint(self, path, *args))
    warnings: list = []
    assert check(project.root, warnings) == []
    assert [(w.file, w.line) for w in warnings] == [("easyread/money.md", 8)]
    assert "contractions" in warnings[0].message
    assert linted == ["easyread/money.md"]  # by the build; `scf check` does not lint again
