"""Every editor mistake gives one clear message naming the file, the line and the fix."""
from __future__ import annotations

import datetime as dt
import os

import pytest

NOW = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)


def problems(project) -> list[str]:
    """What `scf check` reports: the build's own pipeline, writing nothing (tests/test_check.py
    shows that `mkdocs build` reports the same)."""
    project.save_config()
    from scf_mkdocs.check import check

    os.environ["SCF_NOW"] = NOW.isoformat()
    try:
        return [str(p) for p in check(project.root)]
    finally:
        del os.environ["SCF_NOW"]


def only(project) -> str:
    found = problems(project)
    assert len(found) == 1, found
    return found[0]


def test_valid_content_has_no_problems(project):
    project.post("2024-05-01-fine")
    assert problems(project) == []


def test_broken_yaml_names_file_and_line(project):
    project.write("posts/broken.md", "---\ntitle: Fine\nsummary: a: b: c\n---\nText\n")
    message = only(project)
    assert message.startswith("posts/broken.md:3:")
    assert "cannot be read" in message and "Fix:" in message


def test_front_matter_that_never_ends(project):
    project.write("posts/open.md", "---\ntitle: Fine\n\nText\n")
    assert only(project).startswith("posts/open.md:1:")


@pytest.mark.parametrize("field", ["title", "date", "authors", "categories", "summary"])
def test_missing_required_field(project, field):
    project.post("2024-05-01-missing", **{field: None})
    message = only(project)
    assert message.startswith("posts/2024-05-01-missing.md")
    assert f"required field '{field}' is missing" in message and f"'{field}: ...'" in message


def test_empty_required_field_gives_its_line(project):
    project.post("2024-05-01-empty", title="")
    assert only(project).startswith("posts/2024-05-01-empty.md:2: the required field 'title' is empty")


def test_date_that_is_not_a_date(project):
    project.post("2024-05-01-baddate", date="31/02/2024")
    message = only(project)
    assert message.startswith("posts/2024-05-01-baddate.md:3:") and "not a date" in message
    assert "YYYY-MM-DD" in message


def test_unknown_author_suggests_the_closest(project):
    project.post("2024-05-01-who", authors=["ann-autor"])
    message = only(project)
    assert message.startswith("posts/2024-05-01-who.md:4: unknown author 'ann-autor'")
    assert "did you mean 'ann-author'" in message and "data/authors.yml" in message


def test_unknown_category(project):
    project.post("2024-05-01-cat", categories=["Campaigns"])
    message = only(project)
    assert message.startswith("posts/2024-05-01-cat.md:5: unknown category 'Campaigns'")
    assert "Campaigning" in message and "scf.yml" in message


def test_draft_must_be_true_or_false(project):
    project.post("2024-05-01-draft", draft="yes please")
    message = only(project)
    assert message.startswith("posts/2024-05-01-draft.md:7:") and "true or false" in message


def test_two_posts_with_the_same_address(project):
    project.post("2024-05-01-same")
    project.post("other", slug="same")
    message = only(project)  # one message, from the registry of addresses, naming both
    assert "this post has the address /2024/05/01/same/, which this post" in message
    assert "posts/2024-05-01-same.md" in message and "posts/other.md" in message
    assert message.endswith("Fix: give one of them a different 'slug:' or date")


def test_image_that_does_not_exist(project):
    project.post("2024-05-01-pic", image="images/missing.jpg", image_alt="A picture")
    message = only(project)
    assert message.startswith("posts/2024-05-01-pic.md:7:") and "does not exist" in message


def test_image_without_alt_text(project):
    project.write("posts/images/photo.jpg", b"\xff\xd8\xff")
    project.post("2024-05-01-pic", image="images/photo.jpg")
    message = only(project)
    assert message.startswith("posts/2024-05-01-pic.md:7:") and "image_alt" in message


def test_unknown_key_is_not_ignored(project):
    project.post("2024-05-01-typo", titel="Oops")
    message = only(project)
    assert message.startswith("posts/2024-05-01-typo.md:7: unknown front matter field 'titel'")
    assert "did you mean 'title'" in message


def test_file_that_is_not_utf8(project):
    project.write("posts/latin.md", "---\ntitle: Caf\xe9\n---\n".encode("latin-1"))
    message = only(project)
    assert message.startswith("posts/latin.md:2:") and "UTF-8" in message


def test_slug_from_a_file_name_with_capitals(project):
    project.post("2024-05-01-My Post")
    message = only(project)
    assert message.startswith("posts/2024-05-01-My Post.md") and message.endswith("rename it to 2024-05-01-my-post.md")


def test_page_needs_title_and_summary(project):
    project.write("docs/about.md", "---\ntitle: About\n---\n\nText.\n")
    assert only(project).startswith("docs/about.md:1: the required field 'summary' is missing")


def test_page_type_must_be_known(project):
    project.write("docs/about.md", "---\ntitle: About\nsummary: S.\ntype: letterr\n---\n")
    assert only(project).startswith("docs/about.md:4: unknown page type 'letterr'")


def test_easy_read_file_without_a_standard_page(project):
    project.write("easyread/nothing.md", "---\ntitle: Easy\nsummary: Easy.\n---\n\nText.\n")
    message = only(project)
    assert message.startswith("easyread/nothing.md") and "no standard version" in message
    assert "docs/nothing.md" in message and "standalone: true" in message


def test_authors_file_entry_without_bio(project):
    project.write("data/authors.yml", "authors:\n  - key: ann-author\n    name: Ann\n    role: Writer\n")
    project.post("2024-05-01-fine")
    assert only(project).startswith("data/authors.yml:2: item 1 of 'authors' in the authors file ('Ann') has no 'bio'")


@pytest.mark.parametrize("snippet, what", [
    ("<script>alert(1)</script>", "<script>"),
    ('<iframe src="https://example.org"></iframe>', "<iframe>"),
    ('<object data="x.swf"></object>', "<object>"),
    ('<embed src="x.swf">', "<embed>"),
    ('<form action="/x"><input></form>', "<form>"),
    ("<style>body { display: none }</style>", "<style>"),
    ('<img src="a.png" onerror="alert(1)" alt="">', "'onerror'"),
    ("[click](javascript:alert(1))", "'javascript:'"),
    ("![x](data:image/png;base64,AAAA)", "'data:'"),
])
def test_active_content_is_rejected_with_its_line(project, snippet, what):
    project.post("2024-05-01-unsafe", body=f"First line.\n\n{snippet}\n")
    message = next(m for m in problems(project) if what in m)  # a missing a.png is reported too
    # Front matter is 7 lines plus a blank line; the snippet is on the body's third line.
    assert message.startswith("posts/2024-05-01-unsafe.md:11:"), message
    assert what in message


def test_code_may_show_active_content(project):
    # The check judges what the build's converter makes: with the site's extensions, as here.
    project.config["markdown_extensions"] += ["pymdownx.superfences"]
    project.post("2024-05-01-code", body="Use `<script>` tags.\n\n```html\n<script></script>\n```\n")
    project.post("2024-05-02-quote", date="2024-05-02", body="> Quoted code:\n>\n> ```html\n> <script></script>\n> ```\n")
    assert problems(project) == []


def test_active_content_after_quoted_code_is_still_found(project):
    project.post("2024-05-01-quote", body="> ```\n> <b>code</b>\n> ```\n\n<script></script>\n")
    [message] = problems(project)
    assert message.startswith("posts/2024-05-01-quote.md:") and "<script>" in message


def test_all_problems_are_reported_in_one_run(project):
    project.post("2024-05-01-a", title=None)
    project.post("2024-05-01-b", categories=["Nope"])
    project.post("2024-05-01-c", body="<script></script>\n")
    project.write("posts/d.md", "---\ntitle: [unclosed\n---\n")
    found = problems(project)
    files = {m.split(":")[0] for m in found}
    assert files == {"posts/2024-05-01-a.md", "posts/2024-05-01-b.md", "posts/2024-05-01-c.md", "posts/d.md"}


def test_build_fails_with_the_messages_and_no_traceback(project):
    project.post("2024-05-01-a", categories=["Nope"])
    project.post("2024-05-01-b", body="<iframe></iframe>\n")
    result = project.run("mkdocs", "build", "--strict")
    assert result.returncode != 0
    assert "posts/2024-05-01-a.md:5: unknown category 'Nope'" in result.stderr
    assert "posts/2024-05-01-b.md:9: the <iframe> tag is not allowed" in result.stderr
    assert "Traceback" not in result.stderr


def test_scf_check_reports_the_same_and_fails(project):
    project.post("2024-05-01-a", categories=["Nope"])
    result = project.run("scf", "check")
    assert result.returncode == 1
    assert "posts/2024-05-01-a.md:5: unknown category 'Nope'" in result.stdout
    assert "Traceback" not in result.stderr


def test_scf_check_passes_on_good_content(project):
    project.post("2024-05-01-fine")
    result = project.run("scf", "check")
    assert result.returncode == 0, result.stdout
    assert "All content is fine" in result.stdout


def test_broken_settings_file_is_a_clear_error(project):
    project.save_config()
    project.write("scf.yml", "categories: [unclosed\n")
    project.save_config = lambda: None  # type: ignore[method-assign]  # keep the broken file
    result = project.run("scf", "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.startswith("scf.yml:2: this file is not valid YAML")


def test_link_to_a_missing_file_names_the_source_line(project):
    project.post("2024-05-01-links", body="Intro.\n\nSee [vision](../docs/vision.md) and [home](../docs/index.md).\n")
    result = project.run("scf", "check")
    assert result.returncode == 1
    assert ("posts/2024-05-01-links.md:11: the link '../docs/vision.md' points to docs/vision.md, "
            "which does not exist") in result.stdout
    assert "index.md" not in result.stdout
    build = project.run("mkdocs", "build", "--strict")
    assert build.returncode == 1 and "posts/2024-05-01-links.md:11" in build.stderr


def test_link_to_a_draft_is_reported(project):
    project.post("2024-05-01-draft", draft=True)
    project.post("2024-05-02-public", date="2024-05-02", body="See [the draft](2024-05-01-draft.md).\n")
    build = project.run("mkdocs", "build", "--strict")
    assert "posts/2024-05-02-public.md:9: the link '2024-05-01-draft.md'" in build.stderr


def test_case_study_needs_place_organisation_and_a_list_of_themes(project):
    project.settings["page_types"] = ["case-study"]
    project.write("docs/a.md", "---\ntitle: A\nsummary: S.\ntype: case-study\nplace: Leeds\n"
                               "organisation: Org\nthemes: Housing\n---\n")
    project.write("docs/b.md", "---\ntitle: B\nsummary: S.\ntype: case-study\nthemes: [Housing]\n---\n")
    found = problems(project)
    assert found == [
        "docs/a.md:7: 'themes' must be a list. Fix: write 'themes: [First theme, Second theme]'",
        "docs/b.md:1: the required field 'place' is missing. Fix: add a line 'place: ...': where the work happens",
        "docs/b.md:1: the required field 'organisation' is missing. Fix: add a line 'organisation: ...': "
        "who does the work",
    ]


def test_unknown_setting_in_scf_yml_is_reported(project):
    project.settings["per_pag"] = 5
    result = project.run("scf", "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "scf.yml:10: unknown setting 'per_pag'. Fix: did you mean 'per_page'? the fields allowed here are:" \
        in result.stdout
