"""Values are input (issue #26, items 4 and 7): every field of every kind of file, and every
setting, either passes the schema or gets a `file:line: what. Fix: how.` message; never a
traceback. One-line fields are one line, no value or body carries a character XML 1.0
forbids, titles carry no direction controls, dates, counts and nesting have limits."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scf.content import body_rules, characters, yamlfile
from scf.content.frontmatter import parse
from scf.content.model import read_site
from scf.content.schema import SCHEMAS, Field, page_kind
from scf.content.settings import read_settings
from scf.integrations.newsletter.digest import parse_month
from scf.integrations.wordpress.html_to_markdown import plain_text
from scf.pages import share
from site_project import REPO, Project
from test_mistakes import same

NOW = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)
MESSAGE = re.compile(r"^[^:\n]+:\d+: [^\n]+\. Fix: [^\n]+$")
POST = "posts/2024-05-01-a-post.md"
FILES = {  # a file of each kind, as the fixture site has it
    "post": POST, "page": "docs/about.md", "case-study": "docs/story.md", "page:event": "docs/events/zoom.md",
    "page:publication": "docs/publications/report.md", "page:pledge": "docs/pledge.md",
    "easy-read": "easyread/about.md", "scf.yml": "scf.yml", "data/authors.yml": "data/authors.yml",
    "data/glossary.yml": "data/glossary.yml", "data/signatories.yml": "data/signatories.yml",
    "data/theory-of-change.yml": "data/theory-of-change.yml",
}


def make_site(root: Path) -> Project:
    project = Project(root)
    project.settings["page_types"] = ["home", "case-study", "event", "publication", "pledge", "letter",
                                       "theory-of-change"]
    project.post("2024-05-01-a-post", title="A post", summary="A summary.")
    project.write("docs/about.md", "---\ntitle: About\nsummary: Who we are.\n---\n\nUs.\n")
    project.write("docs/story.md", "---\ntitle: A story\nsummary: A case study.\ntype: case-study\nplace: Leeds\n"
                  "organisation: Someone\nthemes: [Homes]\n---\n\nStory.\n")
    project.write("docs/events/zoom.md", "---\ntitle: A call\nsummary: Talk.\ntype: event\nuid: zoom-2021\n"
                  "start: 2021-01-22 14:30\nend: 2021-01-22 16:00\nonline: Zoom\n---\n\nJoin.\n")
    project.write("docs/publications/report.md", "---\ntitle: The report\nsummary: Found.\ntype: publication\n"
                  "published: 2024-05-01\n---\n\nRead it.\n")
    project.write("docs/pledge.md", "---\ntitle: The pledge\nsummary: Take it.\ntype: pledge\n"
                  "pledge: \"I pledge #socialcarefuture\"\n---\n\nShare.\n")
    project.write("docs/letter.md", "---\ntitle: Letter\nsummary: Signed.\ntype: letter\n---\n\nSigned.\n")
    project.write("docs/toc.md", "---\ntitle: Theory\nsummary: Change.\ntype: theory-of-change\n---\n\nT.\n")
    project.write("easyread/about.md", "---\ntitle: About us\nsummary: Easy.\n---\n\n![A house](symbol:house)\nWe help.\n")
    project.write("data/glossary.yml", "Social care: Help to live your life.\n")
    project.settings["editor"] = {"repo": "owner/name", "branch": "main"}
    project.save_config()
    return project


def problems_of(root: Path) -> list:
    found_settings, problems = read_settings(root)
    _, found = read_site(found_settings, NOW)
    return problems + found


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_site(tmp_path / "project")


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Project:
    project = make_site(tmp_path_factory.mktemp("values") / "project")
    assert problems_of(project.root) == []
    return project


# -- every field of every kind of file ---------------------------------------------------------

def _paths(field: Field, data: Any, at: tuple) -> list[tuple[tuple, Field]]:
    """Each scalar field the file has (the first item of each list, the first value of each map)."""
    if field.type == "object" and isinstance(data, dict):
        return [p for f in field.fields for p in _paths(f, data.get(f.name), (*at, f.name))]
    if field.type == "list" and field.item and isinstance(data, list) and data:
        return _paths(field.item, data[0], (*at, 0))
    if field.type == "map" and field.item and isinstance(data, dict) and data:
        return _paths(field.item, next(iter(data.values())), (*at, next(iter(data))))
    return [] if field.type in ("object", "list", "map") else [(at, field)]


def _read(root: Path, rel: str) -> tuple[Any, str]:
    text = (root / rel).read_text(encoding="utf-8")
    if rel.endswith(".md"):
        source, _ = parse(rel, text)
        return source.meta, source.body
    return yamlfile.load(rel, text).data, ""


def _fields(root: Path) -> list[tuple[str, tuple, Field]]:
    found = []
    for kind, rel in FILES.items():
        data, _ = _read(root, rel)
        schema = SCHEMAS[page_kind(data.get("type")) if rel.startswith("docs/") else kind]
        top = schema.root.fields if schema.root.type == "object" else ()
        for field in top:  # every top-level field, present or not
            if data.get(field.name) is None and field.type not in ("object", "list", "map"):
                found.append((rel, (field.name,), field))
        found += [(rel, at, field) for at, field in _paths(schema.root, data, ())]
    return found


FIELDS: list = []  # filled once from the fixture's files (the same for every run)
ODD = st.sampled_from([
    "Hi\r\nBcc: x@example.org", "a\nb", "a\x0bb", "a\x0cb", "a\x85b", "a\u2028b", "a\u2029b", "x\x01y", "\x7f",
    "\x9b", "Hi \u202eereht", "\u2066isolate", "\u200fmark", "\u061c", "<b>bold</b>", "<![x y]>", "9" * 23,
    "-" * 3, "9999-12-31", "0000-01-01", "0001-01-01 00:00", "2021-02-30", "2024-05-01 25:00", "javascript:x",
    "https://example.org/a\tb", "https://old.example/*", "Europe/Nowhere", "../../etc/passwd", "", " ",
    "--scf-boundary", "\ufeff", "\u00a0", "é", "#tag", "a: b"])
VALUES = st.one_of(ODD, st.text(st.characters(blacklist_categories=("Cs",)), max_size=24),
                   st.integers(min_value=-(10 ** 25), max_value=10 ** 25), st.booleans(), st.none())


@settings(deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_any_value_in_any_field_is_accepted_or_named_with_its_file_and_line(base, tmp_path_factory, data):
    FIELDS[:] = FIELDS or _fields(base.root)
    rel, at, field = data.draw(st.sampled_from(FIELDS), label="field")
    value = data.draw(VALUES, label="value")
    root = tmp_path_factory.mktemp("v") / "project"
    shutil.copytree(base.root, root)
    content, body = _read(root, rel)
    parent = content
    for key in at[:-1]:
        parent = parent[key]
    parent[at[-1]] = value
    dumped = yaml.safe_dump(content, sort_keys=False, allow_unicode=False, width=10000)
    (root / rel).write_text(f"---\n{dumped}---\n{body}" if rel.endswith(".md") else dumped, encoding="utf-8")
    problems = problems_of(root)  # never raises
    for problem in problems:
        assert "\n" not in str(problem) and "Fix: " in str(problem), str(problem)
        if problem.file == rel:
            assert MESSAGE.match(str(problem)), str(problem)
    text = value.strip() if isinstance(value, str) else ""
    refused = characters.text_problem(text) if field.type == "text" else characters.one_line_problem(text)
    if refused:
        assert any(p.file == rel and p.line for p in problems), (rel, at, value, problems)


# -- one line means one line -------------------------------------------------------------------

@pytest.mark.parametrize("value, said", [
    ('"Hi\\r\\nBcc: x"', "line break (CR)"), ('"Hi\\nthere"', "line break"),
    ('"Hi\\vthere"', "vertical tab"), ('"Hi\\fthere"', "form feed"), ('"Hi\\Nthere"', "NEL"),
    ('"Hi\\Lthere"', "U+2028"), ('"Hi\\Pthere"', "U+2029"), ('"Hi\\x01there"', "U+0001"),
    ('"Hi \\u202Eereht"', "U+202E right-to-left override"), ('"\\u2067Hi"', "U+2067"),
    ('"Hi\\u200F"', "U+200F"), ('"Hi\\u061C"', "U+061C")])
def test_regression_a_title_is_one_line_without_controls(project, value, said):
    project.write(POST, f"---\ntitle: {value}\ndate: 2024-05-01\nauthors: [ann-author]\n"
                        "categories: [Campaigning]\nsummary: A summary.\n---\n\nWords.\n")
    problems = problems_of(project.root)
    assert [(p.file, p.line) for p in problems] == [(POST, 2)]
    assert said in problems[0].message and "'title' has" in problems[0].message
    assert MESSAGE.match(str(problems[0])) and "\r" not in str(problems[0])


def test_regression_event_values_and_settings_strings_are_one_line(project):
    project.write("docs/events/zoom.md", '---\ntitle: "A\\ncall"\nsummary: Talk.\ntype: event\nuid: zoom\n'
                  'start: 2021-01-22\nlocation: "Le\\x0beds"\n---\n\nJoin.\n')
    project.settings["categories"].append("Camp\u202eaigning")
    project.save_config()
    problems = problems_of(project.root)
    assert sorted((p.file, p.line) for p in problems if p.file != POST) == [
        ("docs/events/zoom.md", 2), ("docs/events/zoom.md", 7), ("scf.yml", 6)]


def test_regression_a_glossary_word_is_one_line(project):
    project.write("data/glossary.yml", '"Social\\x0bcare": Help.\nCare: "Help\\u202e."\n')
    problems = problems_of(project.root)
    assert [(p.file, p.line) for p in problems] == [("data/glossary.yml", 1), ("data/glossary.yml", 2)]


@pytest.mark.parametrize("char", ["\x01", "\x0b", "\x0c", "\x1f", "\ufffe"])
def test_regression_a_body_never_carries_what_xml_forbids(project, char):
    project.post("2024-05-01-a-post", body=f"First line.\n\nPasted{char}from Word.\n", title="A post")
    problems = problems_of(project.root)
    assert [(p.file, p.line) for p in problems] == [(POST, 11)]
    assert characters.code(char) in problems[0].message


def test_the_share_link_subject_stays_one_line():
    links = dict(share.links("https://example.org/a/", "Hi\r\nBcc: x@example.org\u202e", "Hi\nthere"))
    subject = links["Email"].split("subject=", 1)[1].split("&", 1)[0]
    assert subject == "Hi%20Bcc%3A%20x%40example.org"
    assert "%0D" not in links["Email"] and "%E2%80%AE" not in links["Email"]


def test_regression_share_link_title_with_crlf():
    address = dict(share.links("https://example.org/a/", "A\r\nB", "t"))["Email"]
    assert address.startswith("mailto:?subject=A%20B&body=")


# -- bounds ------------------------------------------------------------------------------------

@pytest.mark.parametrize("start", ["9999-12-31 23:00", "0000-01-01", "0001-01-01", "2200-01-01", "1899-12-31"])
def test_regression_an_event_year_out_of_range_is_a_message(project, start):
    project.write("docs/events/zoom.md", f"---\ntitle: A call\nsummary: Talk.\ntype: event\nuid: zoom\n"
                  f"start: {start}\nonline: Zoom\n---\n\nJoin.\n")
    problems = problems_of(project.root)
    assert [(p.file, p.line) for p in problems] == [("docs/events/zoom.md", 6)]
    assert "is not between 1900 and 2199" in problems[0].message


@pytest.mark.parametrize("value, said", [("9" * 23, "a number of 23 digits"), ("21", "21"), ("-1", "-1")])
def test_regression_related_posts_has_bounds(project, value, said):
    text = (project.root / "scf.yml").read_text() + f"related_posts: {value}\n"
    (project.root / "scf.yml").write_text(text)
    _, problems = read_settings(project.root)
    assert len(problems) == 1 and problems[0].file == "scf.yml" and problems[0].line == text.count("\n")
    assert said in problems[0].message


def test_every_integer_field_has_a_maximum():
    def integers(field: Field):
        if field.type == "integer":
            yield field
        for child in (*field.fields, *([field.item] if field.item else [])):
            yield from integers(child)
    found = [f for schema in SCHEMAS.values() for f in integers(schema.root)]
    assert found and all(f.maximum is not None for f in found)


@pytest.mark.parametrize("month", ["0000-01", "0001-12", "9999-12", "2200-01"])
def test_regression_a_newsletter_month_out_of_range_is_refused(month):
    assert parse_month(month) is None
    assert parse_month("2021-01") == dt.date(2021, 1, 1)


@pytest.mark.parametrize("body, line", [
    ("".join("    " * i + "- x\n" for i in range(300)), 9 + 21),
    ("".join("    " * i + "1. x\n" for i in range(300)), 9 + 21),
    (">" * 500 + " x\n", 9), ("> " * 30 + "x\n", 9),
    ("*" * 3000 + "x" + "*" * 3000 + "\n", 9),
])
def test_regression_nesting_has_a_limit(project, body, line):
    project.post("2024-05-01-a-post", body=body, title="A post")
    problems = problems_of(project.root)
    assert [(p.file, p.line) for p in problems] == [(POST, line)]  # the body starts on line 9
    assert "20" in problems[0].message


@pytest.mark.parametrize("body", ["<![x y]>\n", "Text <![foo[ bar ]]> more\n", "<div><![if !supportLists]>x</div>\n"])
def test_regression_a_marked_section_is_a_message(project, body):
    project.post("2024-05-01-a-post", body="Intro.\n\n" + body, title="A post")
    problems = problems_of(project.root)
    assert [(p.file, p.line) for p in problems] == [(POST, 11)]
    assert "marked section" in problems[0].message


def test_marked_sections_in_code_are_text(project):
    project.post("2024-05-01-a-post", body="Write `<![CDATA[` like this.\n\n```\n<![x y]>\n```\n", title="A post")
    assert problems_of(project.root) == []


def test_body_rules_know_code_blocks_as_markdown_does():
    body = "````\n```\n<![x y]>\n````\n> ```\n> <![x y]>\n> ```\nNow <![x y]>\n"  # a shorter fence closes nothing
    assert [p.line for p in body_rules.problems("x.md", body, 1)] == [8]
    body = "```x```\n<![x y]>\n```\n```python\n<![x y]>\n```\n"  # a code span; a fence with words closes none
    assert [p.line for p in body_rules.problems("x.md", body, 1)] == [2]


def test_regression_imported_html_with_a_marked_section_is_read():
    assert plain_text("a <![x y]> b <![if !supportLists]>c<![endif]>") == "a b c"


def test_nothing_readable_nests_as_deep_as_the_limit():
    text = "".join("    " * i + "- level\n" for i in range(body_rules.MAX_DEPTH)) + "> > > quoted\n"
    assert body_rules.problems("x.md", text, 1) == []


def test_the_sites_own_content_passes_the_rules():
    problems = problems_of(REPO)
    assert problems == [], "\n".join(map(str, problems))


@pytest.mark.parametrize("rel, text", [
    (POST, "---\ntitle: \"Hi\\r\\nBcc: x\"\ndate: 2024-05-01\nauthors: [ann-author]\ncategories: [Campaigning]\n"
           "summary: \"\\u202eS.\"\n---\n\nPasted\x0bfrom Word.\n\n" + ">" * 300 + " deep\n\n<![x y]>\n"),
    ("docs/events/zoom.md", "---\ntitle: A call\nsummary: Talk.\ntype: event\nuid: zoom\nstart: 9999-12-31 23:00\n"
                            "location: \"Leeds\\x01\"\n---\n\nJoin.\n"),
    ("scf.yml", None),
])
def test_check_and_build_give_the_same_messages(project, rel, text):
    if text is None:
        project.settings["related_posts"] = 10 ** 22
    else:
        project.write(rel, text)
    found = same(project)
    assert found and all(line.startswith(f"{rel}:") for line in found)


@pytest.mark.parametrize("original", ["<b>bold</b>", "a/b", "..", "x\\u202e"])
def test_an_odd_original_on_an_easy_read_page_is_a_message(project, original):
    """Found by the property test above: the rename the message suggested raised ValueError."""
    project.write("easyread/about.md", f"---\ntitle: About us\nsummary: Easy.\noriginal: \"{original}\"\n---\n\n"
                  "![A house](symbol:house)\nWe help.\n")
    problems = problems_of(project.root)
    assert problems and all(p.file == "easyread/about.md" and p.line == 4 for p in problems)
