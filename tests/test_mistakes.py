"""Issue #14's examples: ordinary mistakes end in one clear message each, from the build
and from `scf check` alike, never in a traceback, in silence or in knock-on messages."""
from __future__ import annotations

import datetime as dt
import io
import os
from contextlib import redirect_stderr, redirect_stdout

import pytest

from scf import cli
from scf.content.settings import read_settings

NOW = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)


def build_problems(project) -> list[str]:
    """What the build (`mkdocs build --strict`, through the adapter) stops with."""
    status, problems = project.build_problems()
    assert (status == 1) == bool(problems), status
    return problems


def check_problems(project) -> list[str]:
    """What `scf check` prints, one problem a line."""
    project.save_config()
    out = io.StringIO()
    os.environ["SCF_NOW"] = NOW.isoformat()  # as project.run gives the build
    try:
        with redirect_stdout(out), redirect_stderr(io.StringIO()):
            code = cli.main(["--root", str(project.root), "check", "--format", "text"])
    finally:
        del os.environ["SCF_NOW"]
    lines = [line for line in out.getvalue().splitlines() if line and line != "All content is fine."]
    assert (code == 1) == bool(lines)
    return lines


def same(project) -> list[str]:
    """The problems, after asserting that the build and `scf check` report exactly the same."""
    found = check_problems(project)
    assert found == build_problems(project)
    for line in found:
        assert ". Fix: " in line, line
    return found


# -- dates --------------------------------------------------------------------------------------

@pytest.mark.parametrize("date, reason", [
    ("2020-13-45", "there is no month 13"),
    ("2021-02-30", "February 2021 has 28 days"),
    ("2021-06-01 10:00:00+25:00", "the time zone offset +25:00 is more than a day"),
])
def test_an_impossible_date_is_our_message_with_its_line(project, date, reason):
    project.write("posts/2021-06-01-odd.md", f"---\ntitle: Odd\ndate: {date}\nauthors: [ann-author]\n"
                  "categories: [Campaigning]\nsummary: S.\n---\n\nText.\n")
    [message] = same(project)
    assert message.startswith(f"posts/2021-06-01-odd.md:3: 'date' is not a date: '{date}' ({reason})")


def test_the_file_name_date_and_date_must_agree(project):
    project.post("2021-06-01-moved", date="2019-01-01")
    [message] = same(project)
    assert message.startswith("posts/2021-06-01-moved.md:3: the file name says 2021-06-01 but 'date:' says 2019-01-01")
    assert "change 'date:' to 2021-06-01" in message and "rename the file to 2019-01-01-moved.md" in message
    assert "guid: tag:" in message  # so feed readers keep knowing a published post


# -- easy read symbols ----------------------------------------------------------------------------

def test_a_symbol_outside_an_easy_read_row_is_named_with_its_line(project):
    """A symbol shows only as an easy read row's picture; anywhere else the sanitizer removes it,
    and the editor is told where (a row's own picture is fine)."""
    project.post("2024-05-01-home", body="A post about homes.\n\n![A house](symbol:house)\n")
    project.write("easyread/posts/2024-05-01-home.md", "---\ntitle: Home\nsummary: Homes.\n---\n\n"
                  "![A house](symbol:house)\nWe want a home.\n\n![A family](symbol:family)\n"
                  "A home ![A house](symbol:house) is good.\n")
    found = same(project)
    assert [m.split(":")[:2] for m in found] == [["easyread/posts/2024-05-01-home.md", "10"],
                                               ["posts/2024-05-01-home.md", "11"]], found
    assert "the picture 'symbol:house' is inside a sentence" in found[0]
    assert "Fix: move it to the start of its own line, with its sentence after it" in found[0]
    assert "the picture 'symbol:house' is an easy read symbol, which shows only on easy read pages" in found[1]


# -- settings -----------------------------------------------------------------------------------

@pytest.mark.parametrize("key, value, expected", [
    ("per_page", "ten", "scf.yml:9: 'per_page' must be a whole number, not 'ten'"),
    ("per_page", 0, "scf.yml:9: 'per_page' must be 1 or more, not 0"),
    ("related_posts", "many", "scf.yml:10: 'related_posts' must be a whole number, not 'many'"),
    ("timezone", "Europe/Londn", "scf.yml:1: 'Europe/Londn' is not a time zone"),
    ("feed_items", -1, "scf.yml:10: 'feed_items' must be 1 or more, not -1"),
    ("categories", "Campaigning", "scf.yml:2: 'categories' must be a list"),
])
def test_every_setting_is_validated(project, key, value, expected):
    project.settings[key] = value
    project.post("2024-05-01-fine")
    found = same(project)
    assert any(m.startswith(expected) for m in found), found
    assert not any("Traceback" in m for m in found)


def test_a_missing_settings_file(project):
    project.save_config()
    (project.root / "scf.yml").unlink()
    project.save_config = lambda: project.write("mkdocs.yml", __import__("yaml").safe_dump(project.config))
    settings, problems = read_settings(project.root)
    assert [str(p).split(" in ")[0] for p in problems] == ["scf.yml: there is no scf.yml"]
    result = project.run("mkdocs", "build", "--strict")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "scf.yml: there is no scf.yml" in result.stderr


# -- how files are written ----------------------------------------------------------------------

def test_windows_line_endings_and_a_bom_are_fine(project):
    path = project.post("2024-05-01-windows")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    project.write("data/authors.yml", b"\xef\xbb\xbf" + (project.root / "data/authors.yml").read_bytes()
                  .replace(b"\n", b"\r\n"))
    assert same(project) == []


def test_a_key_given_twice_is_reported_with_both_lines(project):
    project.post("2024-05-01-twice", draft=True, body="Text.\n")
    path = project.root / "posts/2024-05-01-twice.md"
    path.write_text(path.read_text().replace("draft: true\n", "draft: true\ndraft: false\n"))
    [message] = same(project)
    assert message.startswith("posts/2024-05-01-twice.md:8: 'draft' is given twice, on lines 7 and 8")


def test_a_tab_gets_a_tab_hint(project):
    project.write("posts/2024-05-01-tab.md", "---\ntitle: Tab\n\tdate: 2024-05-01\n---\n")
    [message] = same(project)
    assert message.startswith("posts/2024-05-01-tab.md:3: this line has a tab character in it")
    assert "spaces" in message


def test_a_name_twice_in_a_list(project):
    project.post("2024-05-01-twice", authors=["ann-author", "ann-author"], categories=["Campaigning", "Campaigning"])
    assert same(project) == [
        "posts/2024-05-01-twice.md:4: 'authors' has 'ann-author' twice. Fix: remove one of them",
        "posts/2024-05-01-twice.md:5: 'categories' has 'Campaigning' twice. Fix: remove one of them"]


def test_an_author_key_given_twice(project):
    text = (project.root / "data/authors.yml").read_text()
    assert text.splitlines()[1] == "- key: ann-author"
    project.write("data/authors.yml", text + "- key: ann-author\n  name: Ann\n  role: R\n  bio: B.\n")
    [message] = same(project)
    assert message.startswith("data/authors.yml:10: the author key 'ann-author' is given twice, on lines 2 and 10. "
                              "Fix: give each author a key of their own"), message


@pytest.mark.parametrize("key, fix", [
    ("Ann Author", "write for example 'key: ann-author'; posts name the author by it in 'authors:', so never "
                   "change it once a post uses it"),
    ("", "add a line '- key: jane-smith' (their name in lower-case-with-hyphens) above the name: posts name the "
         "author by it in 'authors:', so never change it once a post uses it"),
])
def test_an_author_key_that_is_not_lower_case_with_hyphens_or_missing(project, key, fix):
    text = (project.root / "data/authors.yml").read_text()
    project.write("data/authors.yml", text + f"- key: {key}\n  name: Cy New\n  role: R\n  bio: B.\n")
    if key:  # a post naming the author by the refused key: no second message about the same key
        project.post("2024-05-01-by-cy", authors=[key])
    [message] = same(project)
    assert message.startswith("data/authors.yml:10: ") and message.endswith(f"Fix: {fix}"), message
    assert "item 3 of 'authors' in the authors file ('Cy New')" in message


def test_the_authors_as_key_blocks_as_they_were_before_the_web_editor(project):
    old = "# Who writes.\nann-author:\n  name: Ann Author\n  role: Writer\n  bio: Ann writes.\n" \
          "bob-writer:\n  name: Bob Writer\n  role: Researcher\n  bio: Bob studies.\n"
    project.write("data/authors.yml", old)
    project.post("2024-05-01-by-bob", authors=["bob-writer"])  # still known: no knock-on message
    [message] = same(project)
    assert message.startswith("data/authors.yml:2: the authors are written as 'key:' blocks, the shape used before "
                              "the web editor. Fix: write 'authors:' on a line of its own above the first author, "
                              "then make each author a list item: '- key: jane-smith' (the old key)"), message
    # Their fields are still checked, at their own lines.
    project.write("data/authors.yml", old.replace("  bio: Bob studies.\n", ""))
    assert same(project)[1].startswith("data/authors.yml:6: item 2 of 'authors' in the authors file ('Bob Writer') "
                                       "has no 'bio'")


def test_the_signatories_as_a_bare_list_as_they_were_before_the_web_editor(project):
    project.settings["page_types"] = ["home", "letter"]
    text = (project.root / "data/signatories.yml").read_text()
    old = text.replace("signatories:\n", "")
    assert old != text and old.splitlines()[4].startswith("- {name: ")  # the comment is 4 lines
    project.write("data/signatories.yml", old)
    [message] = same(project)
    assert message.startswith("data/signatories.yml:5: the list of signatories has no 'signatories:' line above it. "
                              "Fix: write 'signatories:' on a line of its own before the first '- ' line"), message


# -- what the build refuses, `scf check` reports ------------------------------------------------

def test_a_link_to_a_draft(project):
    project.post("2024-05-01-draft", draft=True)
    project.post("2024-05-02-public", body="See [the draft](2024-05-01-draft.md).\n")
    [message] = same(project)
    assert message.startswith("posts/2024-05-02-public.md:9: the link '2024-05-01-draft.md'")


def test_a_link_to_a_scheduled_post(project):
    project.post("2027-01-01-later")
    project.post("2024-05-02-public", body="See [later](2027-01-01-later.md).\n")
    [message] = same(project)
    assert message.startswith("posts/2024-05-02-public.md:9: the link '2027-01-01-later.md'")


def test_a_template_that_does_not_exist(project):
    project.write("docs/about.md", "---\ntitle: About\nsummary: S.\ntemplate: nope.html\n---\n")
    [message] = same(project)
    assert message.startswith("docs/about.md:4: unknown template 'nope.html'") and "post.html" in message


@pytest.mark.parametrize("path, address, listing", [("docs/blog/index.md", "/blog/", "Blog"),
                                                   ("docs/2024/index.md", "/2024/", "2024")])
def test_a_page_at_the_address_of_a_generated_page(project, path, address, listing):
    project.post("2024-05-01-fine")
    project.write(path, "---\ntitle: Mine\nsummary: S.\n---\n")
    [message] = same(project)
    assert message.startswith(f"{path}: this page has the address {address}, which the '{listing}' listing")


def test_a_page_in_the_easy_read_folder_of_the_site(project):
    project.write("docs/easy-read/x.md", "---\ntitle: X\nsummary: S.\n---\n")
    [message] = same(project)
    assert message.startswith("docs/easy-read/x.md:1: pages in docs/easy-read/ would be hidden")


# -- all problems, no knock-ons -----------------------------------------------------------------

def test_a_typo_in_one_post_does_not_hide_a_missing_image_in_another(project):
    project.post("2024-05-01-a", titel="Oops")
    project.post("2024-05-02-b", image="missing.jpg", image_alt="A picture")
    assert [m.split(":")[0] for m in same(project)] == ["posts/2024-05-01-a.md", "posts/2024-05-02-b.md"]


def test_a_broken_link_does_not_hide_the_easy_read_lint(project):
    project.post("2024-05-01-a", body="See [nothing](nothing.md).\n")
    project.write("easyread/posts/2024-05-01-a.md", "---\ntitle: A\nsummary: S.\n---\n\n"
                  "This sentence is far too long for easy read because it goes on and on and on and on and "
                  "on without a single stop, which is hard for every reader.\n")
    found = same(project)
    assert any(m.startswith("posts/2024-05-01-a.md:9: the link 'nothing.md'") for m in found), found
    assert any(m.startswith("easyread/posts/2024-05-01-a.md:") for m in found), found


def test_an_easy_read_original_that_disagrees_with_the_file_name(project):
    project.post("2024-05-01-a")
    project.post("2024-05-02-b")
    project.write("easyread/posts/2024-05-01-a.md", "---\noriginal: 2024-05-02-b\ntitle: A\nsummary: S.\n---\n\n"
                  "![A heart](:material-heart:)\nWe care.\n")
    assert same(project) == [
        "easyread/posts/2024-05-01-a.md:2: 'original' says '2024-05-02-b' but this file's name pairs it with "
        "posts/2024-05-01-a.md. Fix: write 'original: 2024-05-01-a' (the file's name without .md); or, to simplify "
        "'2024-05-02-b', rename the file to easyread/posts/2024-05-02-b.md"]
    project.write("easyread/posts/2024-05-01-a.md", "---\noriginal: 2024-05-01-a\ntitle: A\nsummary: S.\n---\n\n"
                  "![A heart](:material-heart:)\nWe care.\n")
    assert same(project) == []


def test_a_broken_authors_file_is_one_problem_and_a_summary(project):
    for day in range(1, 6):
        project.post(f"2024-05-0{day}-post")
    project.write("data/authors.yml", "ann-author: [unclosed\n")
    found = same(project)
    assert len(found) == 2, found
    assert found[0].startswith("data/authors.yml: and 5 posts name authors that could not be checked")
    assert found[1].startswith("data/authors.yml:2: this file is not valid YAML")


# -- scf new-post -------------------------------------------------------------------------------

@pytest.mark.parametrize("title", ["Path C:\\new folder", 'He said "hi" \\o/', "It's # not: a comment",
                                   "Café society", "- a list? no", "yes", "2024-05-01", "[1, 2]"])
def test_new_post_titles_round_trip(project, title):
    result = project.run("scf", "new-post", title)
    assert result.returncode == 0, result.stderr
    [path] = (project.root / "posts").glob("*.md")
    from scf.content.frontmatter import parse
    source, problems = parse("x.md", path.read_text(encoding="utf-8"))
    assert problems == [] and source.meta["title"] == title


def test_new_post_refuses_a_title_on_two_lines(project):
    result = project.run("scf", "new-post", "two\nlines")
    assert result.returncode == 1 and "one line" in result.stderr
    assert not list((project.root / "posts").glob("*.md"))


def test_new_post_slugs_transliterate_like_the_importer(project):
    result = project.run("scf", "new-post", "Café")
    assert result.returncode == 0
    assert [p.name for p in (project.root / "posts").glob("*.md")] == ["2026-11-23-cafe.md"]


def test_a_hashtag_after_a_plain_value_is_not_silently_cut_off(project):
    """YAML reads ' #...' after an unquoted value as a comment: the summary became 'What'."""
    project.write("posts/2021-06-01-tag.md", "---\ntitle: Tag\ndate: 2021-06-01\nauthors: [ann-author]\n"
                  "categories: [Campaigning]\nsummary: What #socialcarefuture wants\n---\n\nText.\n")
    [message] = same(project)
    assert message.startswith("posts/2021-06-01-tag.md:6: the text after ' #' on this line is left out")
    project.write("posts/2021-06-01-tag.md", "---\ntitle: Tag\ndate: 2021-06-01\nauthors: [ann-author]\n"
                  "categories: [Campaigning]\nsummary: \"What #socialcarefuture wants\"\n---\n\nText.\n")
    assert same(project) == []


def test_a_hashtag_after_a_plain_value_in_a_data_file_is_reported_but_a_comment_is_not(project):
    """Data files have real comments ('# like this'); '#word' after a value is a hashtag cut off."""
    authors = ("authors:\n  - key: ann-author\n    name: Ann Author  # as she signs\n"
               "    role: Writer for #socialcarefuture\n    bio: Ann writes.\n")
    project.write("data/authors.yml", authors)
    [message] = same(project)
    assert message.startswith("data/authors.yml:4: the text after ' #' on this line is left out")
    project.write("data/authors.yml", authors.replace("Writer for #socialcarefuture", '"Writer for #socialcarefuture"'))
    assert same(project) == []


def test_a_line_break_that_only_yaml_counts_does_not_upset_the_hashtag_check(project):
    """YAML also breaks lines at U+2028 (found by the fuzz test): a plain title continued
    after one is read, never an IndexError."""
    project.write("posts/2021-06-01-tag.md", "---\ntitle: Tag\u2028  more\ndate: 2021-06-01\n"
                  "authors: [ann-author]\ncategories: [Campaigning]\nsummary: S.\n---\n\nText.\n")
    for line in same(project):
        assert "Traceback" not in line
