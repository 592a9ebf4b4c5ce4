"""Hostile text in front matter, data/ and authors stays text: the built pages' DOM keeps its shape."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_project import REPO, Project

PIECES = ['"', "'", "<", ">", "&", "&amp;", "&lt;", " ", "x", '" onmouseover="alert(1)', "' autofocus onfocus='alert(1)",
          "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</title><svg/onload=alert(1)>",
          "<!--", "]]>", "{{ 7*7 }}", "\\", "</script>"]
hostile = st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join).map(lambda s: f"A{s}Z")


def plain(text: str) -> str:
    """The schema refuses tags in these fields (a protection of its own); they get every
    other hostile character: quotes, ampersands, `<` and `>`."""
    return re.sub(r"<(?=[a-zA-Z/!])", "< ", text)


def _strings(node, value: str, count: list[int]):
    """The data file with every string replaced by `value` and a number (lists refuse twins)."""
    if isinstance(node, dict):
        return {k: _strings(v, value, count) for k, v in node.items()}
    if isinstance(node, list):
        return [_strings(v, value, count) for v in node]
    if not isinstance(node, str):
        return node
    count[0] += 1
    return f"{value} {count[0]}"


def _site(root: Path, text: str) -> Project:
    project = Project(root)
    project.settings["page_types"] = ["home", "vision", "letter", "theory-of-change", "case-study"]
    title, summary = plain(text), plain(text)
    for name in ("signatories.yml", "theory-of-change.yml"):
        data = yaml.safe_load((REPO / "data" / name).read_text(encoding="utf-8"))
        project.write(f"data/{name}", yaml.safe_dump(_strings(data, plain(text), [0]), allow_unicode=True))
    authors = {"authors": [{"key": "ann-author", "name": plain(text), "role": plain(text), "bio": plain(text)}]}
    project.write("data/authors.yml", yaml.safe_dump(authors, allow_unicode=True))
    project.write("posts/picture.png", b"\x89PNG\r\n\x1a\n")
    front = {"title": title, "summary": summary, "image": "picture.png", "image_alt": plain(text)}
    project.post("2024-05-01-one", body="Words.\n\n<!-- more -->\n\nMore words.\n", **front)
    for name, kind in (("letter", "letter"), ("theory", "theory-of-change")):
        project.write(f"docs/{name}.md", "---\n" + yaml.safe_dump({"title": title, "summary": summary, "type": kind},
                                                                   allow_unicode=True) + "---\n\nText.\n")
    study = {"title": title, "summary": summary, "type": "case-study", "place": plain(text),
             "organisation": plain(text), "themes": [plain(text)]}
    project.write("docs/study.md", "---\n" + yaml.safe_dump(study, allow_unicode=True) + "---\n\nText.\n")
    project.write("easyread/posts/2024-05-01-one.md", "---\n" + yaml.safe_dump({"title": title, "summary": summary},
                                                                               allow_unicode=True)
                  + "---\n\n![A house](:material-home:)\nWe all need a home.\n")
    return project


class _Shape(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag + "".join(sorted(f" {name}" for name, _ in attrs)))


def shape(site: Path) -> dict[str, list[str]]:
    found = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Shape()
        parser.feed(page.read_text(encoding="utf-8"))
        found[page.relative_to(site).as_posix()] = parser.tags
    return found


_baseline: dict[str, list[str]] = {}


@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=hostile)
def test_hostile_values_leave_the_pages_shape_unchanged(tmp_path_factory, text):
    if not _baseline:
        _baseline.update(shape(_site(tmp_path_factory.mktemp("plain"), "Plain words").build()))
    project = _site(tmp_path_factory.mktemp("hostile"), text)
    built = shape(project.build())
    assert built.keys() == _baseline.keys()
    for page, tags in built.items():
        assert tags == _baseline[page], (text, page, [t for t in tags if t not in _baseline[page]])
