"""data/authors.yml, data/signatories.yml and data/theory-of-change.yml: checked with clear messages, shown by the templates."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml

from scf.content.data import AUTHORS, SIGNATORIES, THEORY_OF_CHANGE, Author, load_data
from site_project import REPO

THEORY = yaml.safe_load((REPO / THEORY_OF_CHANGE).read_text(encoding="utf-8"))
SIGNED = yaml.safe_load((REPO / SIGNATORIES).read_text(encoding="utf-8"))["signatories"]

LETTER_PAGE = """\
---
title: Our letter
summary: The letter.
type: letter
template: letter.html
---

The letter's text.
"""
THEORY_PAGE = """\
---
title: Theory of change
summary: How change happens.
type: theory-of-change
template: theory-of-change.html
---

How we think change happens.
"""


def data_problems(root, page_types=("letter", "theory-of-change")) -> list[str]:
    return [str(p) for p in load_data(root, page_types)[1]]


class Outline(HTMLParser):
    """Headings and list items of the part of a page inside `selector_class`, in order."""

    def __init__(self, selector_class: str):
        super().__init__()
        self.cls, self.depth, self.current = selector_class, 0, None
        self.headings: list[tuple[str, str]] = []
        self.items: list[str] = []
        self.terms: list[str] = []
        self.hidden: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            self.depth += tag not in ("br", "img", "meta", "link", "input", "hr")
        elif self.cls in (attrs.get("class") or "").split():
            self.depth = 1
        if self.depth and tag in ("h2", "h3", "h4", "li", "dt", "dd"):
            self.current, self._text = tag, []
        if self.depth and attrs.get("aria-hidden") == "true":
            self.hidden.append(tag)

    def handle_endtag(self, tag):
        if self.depth and tag == self.current:
            text = re.sub(r"\s+", " ", "".join(self._text)).strip()
            if tag.startswith("h"):
                self.headings.append((tag, text))
            elif tag == "dt":
                self.terms.append(text)
            else:
                self.items.append(text)
            self.current = None
        if self.depth and tag not in ("br", "img", "meta", "link", "input", "hr"):
            self.depth -= 1

    def handle_data(self, data):
        if self.current:
            self._text.append(data)


def outline(html: str, selector_class: str) -> Outline:
    parser = Outline(selector_class)
    parser.feed(html)
    return parser


# -- the checks ---------------------------------------------------------------------------

def test_the_site_data_has_no_problems():
    assert data_problems(REPO) == []


def test_the_list_of_authors_is_read_into_authors_by_key():
    listed = yaml.safe_load((REPO / AUTHORS).read_text(encoding="utf-8"))["authors"]
    authors, problems = load_data(REPO, with_authors=True)
    assert problems == []
    assert list(authors.authors) == [a["key"] for a in listed]
    neil = authors.authors["neil-crowther"]
    assert neil == Author("neil-crowther", "Neil Crowther", "Writer for #socialcarefuture", listed[0]["bio"])
    assert neil.url == "blog/author/neil-crowther/"
    # A ' #' in a value left unquoted is read as the start of a comment: no bio is cut short.
    assert all(a.bio.endswith(".") for a in authors.authors.values())


def test_a_missing_organisation_names_file_line_and_fix(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / SIGNATORIES).write_text("signatories:\n- {name: Ann Smith, organisation: TLAP}\n- {name: Bob Jones}\n")
    (tmp_path / THEORY_OF_CHANGE).write_text((REPO / THEORY_OF_CHANGE).read_text())
    [message] = data_problems(tmp_path)
    assert message.startswith("data/signatories.yml:3: ")
    assert "'Bob Jones'" in message and "no 'organisation'" in message
    assert "Fix: add 'organisation: ...'" in message and "{name: Jane Smith, organisation:" in message


def test_a_misspelt_field_suggests_the_right_one(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / SIGNATORIES).write_text("signatories:\n- {name: Ann Smith, organisaton: TLAP}\n")
    messages = data_problems(tmp_path, ["letter"])
    assert any("unknown field 'organisaton'" in m and "did you mean 'organisation'?" in m for m in messages)


def test_a_wrongly_shaped_theory_of_change_points_at_the_line(tmp_path):
    (tmp_path / "data").mkdir()
    broken = dict(THEORY, persuade="Politicians")  # one line of text instead of a list
    del broken["research_stages"]
    text = yaml.safe_dump(broken, sort_keys=False, width=1000)
    (tmp_path / THEORY_OF_CHANGE).write_text(text)
    line = text.splitlines().index("persuade: Politicians") + 1
    messages = data_problems(tmp_path, ["theory-of-change"])
    assert any(m.startswith(f"data/theory-of-change.yml:{line}: 'persuade' in the theory of change must be a list")
               for m in messages), messages
    assert any("has no 'research_stages'" in m for m in messages)
    assert len(messages) == 2, messages


def test_invalid_yaml_gives_the_line(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / SIGNATORIES).write_text("signatories:\n- {name: Ann Smith, organisation: TLAP}\n- {name: Bob: Jones\n")
    [message] = data_problems(tmp_path, ["letter"])
    assert message.startswith("data/signatories.yml:") and "not valid YAML" in message


def test_a_missing_file_matters_only_when_a_page_shows_it(tmp_path):
    assert data_problems(tmp_path, []) == []
    [message] = data_problems(tmp_path, ["letter"])
    assert message.startswith("data/signatories.yml: the file is missing") and "type: letter" in message


def test_the_build_reports_data_and_content_problems_together(project):
    project.settings["page_types"] = ["home", "letter"]
    project.write("docs/letter.md", LETTER_PAGE)
    project.write("data/signatories.yml", "signatories:\n- {name: Bob Jones}\n")
    project.post("2024-05-01-broken", categories=["No such category"])
    result = project.run("scf", "check")
    assert result.returncode == 1
    assert ("data/signatories.yml:2: item 1 of 'signatories' in the signatories file ('Bob Jones') "
            "has no 'organisation'") in result.stdout
    assert "posts/2024-05-01-broken.md" in result.stdout
    assert "Traceback" not in result.stderr


# -- the pages ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from site_project import Project

    project = Project(tmp_path_factory.mktemp("data") / "project")
    project.settings["page_types"] = ["home", "letter", "theory-of-change"]
    project.write("docs/letter.md", LETTER_PAGE)
    project.write("docs/theory-of-change.md", THEORY_PAGE)
    # Adding a signatory is a one-line change to the YAML.
    signatories = (REPO / SIGNATORIES).read_text(encoding="utf-8") + "- {name: Dee Newname, organisation: A New Group}\n"
    project.write("data/signatories.yml", signatories)
    project.build()
    return project


def test_the_letter_lists_every_signatory_from_the_yaml(built):
    page = outline(built.html("letter"), "scf-signatories")
    assert ("h2", "Who signed the letter") in page.headings
    expected = [f"{row['name']}, {row['organisation']}" for row in SIGNED] + ["Dee Newname, A New Group"]
    assert page.items == expected


def test_the_theory_of_change_has_its_headings_and_lists(built):
    page = outline(built.html("theory-of-change"), "scf-toc")
    headings = [text for _, text in page.headings]
    for part in ("What stands in the way", "What we will do", "Who we must persuade", "The change we seek"):
        assert any(part in h for h in headings), (part, headings)
    for obstacle in THEORY["obstacles"]:
        assert ("h4", obstacle["title"]) in page.headings
        assert all(point in page.items for point in obstacle["points"])
    assert all(audience in page.items for audience in THEORY["persuade"])
    assert page.terms == [s["title"] for s in THEORY["strategies"]]
    assert all(s["text"] in page.items for s in THEORY["strategies"])  # each <dd>
    assert all(p in page.items for p in THEORY["change"]["usual_story"] + THEORY["change"]["our_story"])
    stages = [item for item in page.items if item.startswith("Stage ")]
    assert stages == [f"Stage {n} {text}" for n, text in enumerate(THEORY["research_stages"], 1)]
    assert all(("h3", t["title"]) in page.headings for t in THEORY["caring_society_themes"])


def test_the_diagram_arrows_are_hidden_from_screen_readers(built):
    page = outline(built.html("theory-of-change"), "scf-toc")
    assert len(page.hidden) == 4  # three arrows between the boxes, one from the usual story to ours
    assert all(tag == "div" for tag in page.hidden)
