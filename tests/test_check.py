"""`scf check` is the build: the same pipeline, the same messages, the same exit status.

Each page's steps and each writer run under a guard: an error in one is one message naming
the file it was working on, and every other problem is still reported in the same run.
"""
from __future__ import annotations

import builtins
import io
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_project import NOW, Project

DEEP_LIST = "- a\n" + "".join("    " * depth + "- b\n" for depth in range(1, 300))  # Markdown recurses
SCRIPT = "Text.\n\n<script>alert(1)</script>\n"


def check_messages(project: Project) -> tuple[int, list[str]]:
    """`scf check`: its exit status and the problems it lists."""
    result = project.run("scf", "check")
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    lines = [line for line in result.stdout.splitlines() if line and line != "All content is fine."]
    return result.returncode, lines


def same_in_both(project: Project) -> list[str]:
    status, messages = check_messages(project)
    assert (status, messages) == project.build_problems()
    assert (status == 0) == (not messages)
    return messages


def _build_in_process(project: Project, monkeypatch, caplog) -> list[str]:
    """The problems `mkdocs build --strict` stops with, built in this process (so a test can
    break a step of ours)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    project.save_config()
    monkeypatch.setenv("SCF_NOW", NOW)
    config = load_config(str(project.root / "mkdocs.yml"), strict=True)
    with caplog.at_level("ERROR", logger="mkdocs"), pytest.raises(Abort):
        build(config)
    report = "\n".join(r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    assert "Traceback" not in report and "Error reading page" not in report, report
    return [line.strip() for line in report.split("problems in the content:\n")[1].split("\nSee ")[0].splitlines()]


def test_a_page_whose_render_fails_is_named_and_every_other_problem_still_reported(project, monkeypatch, caplog):
    import scf.build

    real = scf.build.sanitize

    def failing(html: str) -> str:  # a bug of ours that some text sets off
        if "BOOM" in html:
            raise TypeError("unexpected text")
        return real(html)

    monkeypatch.setattr(scf.build, "sanitize", failing)
    project.post("2024-05-01-boom", body="It goes BOOM.\n")
    project.post("2024-05-02-boom-again", date="2024-05-02", body="BOOM again.\n")
    project.post("2024-05-03-script", date="2024-05-03", body=SCRIPT)
    messages = _check_in_process(project, monkeypatch)
    assert messages == _build_in_process(project, monkeypatch, caplog)
    assert len(messages) == 3, messages
    assert messages[0].startswith("posts/2024-05-01-boom.md: internal error while drawing the page /2024/05/01/boom/ "
                                  "(TypeError: unexpected text). Fix: this is a bug in the site's code")
    assert messages[1].startswith("posts/2024-05-02-boom-again.md: internal error while drawing the page")
    assert messages[2].startswith("posts/2024-05-03-script.md:11: the <script> tag is not allowed")


def test_nesting_too_deep_for_the_converter_is_one_message_in_both(project):
    project.post("2024-05-01-deep", body=DEEP_LIST)
    project.post("2024-05-02-deeper", date="2024-05-02", body=DEEP_LIST)
    messages = same_in_both(project)
    assert [m.split(":")[0] for m in messages] == ["posts/2024-05-01-deep.md", "posts/2024-05-02-deeper.md"]


def test_a_clean_site_is_fine_in_both(project):
    project.post("2024-05-01-one")
    assert same_in_both(project) == []


def test_problems_in_a_draft_and_in_a_file_with_other_problems_are_found_too(project):
    project.post("2024-05-01-draft", body=SCRIPT, draft=True)  # never drawn: converted for the check
    project.post("2024-05-02-broken", date="2024-05-02", body=SCRIPT, categories=["Nope"])
    messages = same_in_both(project)
    assert [re.sub(r":\d+$", ":N", m.split(": ")[0]) for m in messages] == [
        "posts/2024-05-01-draft.md:N", "posts/2024-05-02-broken.md:N", "posts/2024-05-02-broken.md:N"], messages
    assert "<script>" in messages[0] and "unknown category 'Nope'" in messages[1] and "<script>" in messages[2]


def _check_in_process(project: Project, monkeypatch, save: bool = True) -> list[str]:
    from scf_mkdocs.check import check

    if save:
        project.save_config()
    monkeypatch.setenv("SCF_NOW", NOW)
    return [str(p) for p in check(project.root)]


def test_a_writer_that_fails_is_one_message_and_the_pages_are_still_checked(project, monkeypatch):
    import scf.outputs.feeds

    def broken(*args, **kwargs):
        raise ValueError("All strings must be XML compatible")

    broken.__module__, broken.__qualname__ = "scf.outputs.feeds", "outputs"
    monkeypatch.setattr(scf.outputs.feeds, "outputs", broken)
    project.post("2024-05-01-script", body=SCRIPT)
    messages = _check_in_process(project, monkeypatch)
    assert messages[0].startswith("hooks/scf/outputs/feeds.py: internal error while making the files of scf.outputs.feeds.outputs")
    assert "XML compatible" in messages[0]
    assert messages[1].startswith("posts/2024-05-01-script.md:11: the <script> tag")
    assert len(messages) == 2


def test_check_draws_every_page_once_and_writes_none(project, monkeypatch, tmp_path):
    import tempfile

    import markdown

    import scf.checks.unsafe_content

    (tmp_path / "temporary").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temporary"))  # no compiled templates kept there yet

    project.post("2024-05-01-one", body="A <span style='color:red'>red</span> word.\n")
    project.post("2024-05-02-two", date="2024-05-02")
    written: list[str] = []
    real_open = builtins.open

    def recording_open(file, mode="r", *args, **kwargs):
        if any(m in mode for m in "wax+"):
            written.append(str(file))
        return real_open(file, mode, *args, **kwargs)

    converted: list[str] = []
    real_convert = markdown.Markdown.convert
    monkeypatch.setattr(markdown.Markdown, "convert", lambda self, text: converted.append(text) or real_convert(self, text))
    monkeypatch.setattr(scf.checks.unsafe_content, "render", lambda body: pytest.fail("the content check rendered a body again"))
    project.save_config()
    monkeypatch.setattr(builtins, "open", recording_open)
    monkeypatch.setattr(io, "open", recording_open)
    messages = _check_in_process(project, monkeypatch, save=False)
    assert messages == ["posts/2024-05-01-one.md:9: 'style' attributes are removed: the site's look comes from its "
                        "stylesheets. Fix: remove it; for emphasis use **bold** or *italics*"]
    assert written == [] and not (project.root / "site").exists()
    assert sum("A <span" in text for text in converted) == 1  # one render of the page, by the build


# -- property: generated content gives the same messages and status in both ----------------

PIECES = ["Plain words about care.", "<script>alert(1)</script>", '<p style="color:red">x</p>', "`<script>`",
          "```\n<script></script>\n```", "[a](javascript:alert(1))", "![x](https://tracker.example/p.gif)",
          "<b onclick='x()'>b</b>", "## Heading {onclick='alert(1)'}", "| a | b |\n|---|---|\n| <span style='x'>1</span> | 2 |",
          "&amp; &#x61; &colon;", "<!-- more -->", DEEP_LIST, "<div class='md-typeset'>x</div>", "[^1]\n\n[^1]: <i style='x'>n</i>"]


@settings(max_examples=int(os.environ.get("SCF_CHECK_EXAMPLES", "8")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(bodies=st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=4), min_size=1, max_size=3),
       title=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=12),
       draft=st.booleans())
def test_build_and_check_agree_on_generated_content(tmp_path_factory, bodies, title, draft):
    project = Project(tmp_path_factory.mktemp("generated") / "project")
    for number, pieces in enumerate(bodies, start=1):
        project.post(f"2024-05-0{number}-post-{number}", date=f"2024-05-0{number}", body="\n\n".join(pieces) + "\n",
                     title=title if number == 1 else None, draft=draft if number == 2 else None)
    same_in_both(project)


def test_what_strict_mode_makes_an_error_stops_both(project):
    project.config["nav"].append({"About": "about.md"})  # no such page: MkDocs warns, --strict stops
    build = project.run("mkdocs", "build", "--strict")
    check_status, messages = check_messages(project)
    assert build.returncode == check_status == 1
    [message] = messages
    assert message.startswith("mkdocs.yml: A reference to 'about.md' is included in the 'nav' configuration")
    assert message.removeprefix("mkdocs.yml: ").rstrip(".") in build.stderr


def test_a_bug_met_while_reading_a_file_names_that_file(project, monkeypatch):
    """What names the file is the call that reads it (problems.about), not a record of the last
    file opened: the post read after the failing one is not blamed. Such a bug stops the
    reading, so it is the one message."""
    import scf.content.model

    real = scf.content.model.validate

    def failing(schema, meta, *args, **kwargs):  # a bug of ours that some value sets off
        if "BOOM" in str(meta.get("title")):
            raise TypeError("unexpected text")
        return real(schema, meta, *args, **kwargs)

    monkeypatch.setattr(scf.content.model, "validate", failing)  # runs once every post has been read
    project.post("2024-05-01-boom", title="It goes BOOM")
    project.post("2024-05-02-fine", date="2024-05-02")
    messages = _check_in_process(project, monkeypatch)
    assert len(messages) == 1 and messages[0].startswith(
        "posts/2024-05-01-boom.md: internal error while reading the content (TypeError: unexpected text)"), messages
