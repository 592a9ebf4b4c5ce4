"""Fuzzing the readers: real posts, pages and data files, mutated as editors and tools might
(keys deleted, duplicated or retyped, odd scalars, tabs, line endings, encodings), either
pass or fail with `file:line: what. Fix: how.` messages, and never raise.

The default run tries SCF_FUZZ_EXAMPLES (2,000) mutations; `scripts/fuzz` runs 10,000.
Each example checks the model's reading and validation of one file directly (a full build
per example would take hours); a few examples run a whole `SiteBuild`.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scf.build import SiteBuild
from scf.content import data, model
from scf.content.frontmatter import parse
from scf.content.problems import ContentError
from scf.content.settings import read_settings
from scf.content.yamlfile import decode
from site_project import REPO, THEME

EXAMPLES = int(os.environ.get("SCF_FUZZ_EXAMPLES", "2000"))
# 2,000 readings of the real site's content take as long as the builds: not in the quick unit
# tier (tests/tiers.py cannot tell that from the code).
pytestmark = pytest.mark.build
NOW = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)
MESSAGE = re.compile(r"^[^:\n]+(:\d+)?: [^\n]+\. Fix: [^\n]+$", re.S)
POSTS = ["posts/2021-03-01-making-the-case-for-care-workers.md", "posts/2019-11-25-all-together-better.md"]
FILES = [*POSTS, *POSTS, *POSTS,
         "docs/about.md", "docs/case-studies/index.md", "easyread/vision.md", "scf.yml", "data/authors.yml",
         "data/signatories.yml", "data/theory-of-change.yml", "data/glossary.yml"]
ODD = ["~", "''", '""', "[]", "{}", "2021-02-30", "2020-13-45 25:61", "2021-06-01 10:00+25:00", "yes", "no",
       "0b_", "0x_", ".nan", "-.inf", "12e999", "1:2:3", "!!python/object/apply:os.system [ls]", "!custom x",
       "!!binary aGk=", "&a [*a]", "*nope", "|", ">-", "[unclosed", "{a: b", "'", '"\\x00"', "- item", "? a",
       "<b>bold</b>", "<script>x</script>", "@at", "`tick`", "%percent", "a: b: c", "caf\u00e9", "\u2028",
       "9" * 40, "-1", "0", "true", "null", "[[[[[[[[[[1]]]]]]]]]]", "{<<: {a: 1}}", "=", "\t"]


SETTINGS: dict = {}  # the real settings, read once


DATES = st.from_regex(r"\A[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2})?( ?[+-][0-9]{1,2}(:[0-9]{2})?|Z)?)?\Z")


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    """The real site's content, once; each example rewrites one file and puts it back."""
    root = tmp_path_factory.mktemp("site")
    for name in ("docs", "posts", "easyread", "data", "overrides"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "scf.yml", root / "scf.yml")
    return root


@st.composite
def mutated(draw):
    """(file name, mutated bytes) from one of the real files."""
    name = draw(st.sampled_from(FILES))
    lines = (REPO / name).read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 3))):
        keys = [i for i, text in enumerate(lines[:60]) if re.match(r"^\s*-?\s*[\w\"'#]+:", text)]
        if keys and draw(st.booleans()):  # most mistakes are in the fields, not the text
            at = draw(st.sampled_from(keys))
        else:
            at = draw(st.integers(0, max(0, len(lines) - 1)))
        line = lines[at] if lines else ""
        key, colon, _ = line.partition(":")
        odd = draw(st.one_of(st.sampled_from(ODD), DATES, st.text(max_size=12)))
        action = draw(st.sampled_from(["delete", "duplicate", "odd value", "odd value", "odd value",
                                       "retype list", "retype map", "tab", "insert", "indent", "rename key"]))
        if action == "delete" and lines:
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, line)
        elif action == "odd value" and colon:
            lines[at] = f"{key}: {odd}"
        elif action == "retype list" and colon:
            lines[at] = f"{key}:\n  - {odd}"
        elif action == "retype map" and colon:
            lines[at] = f"{key}: {{value: {odd}}}"
        elif action == "tab":
            lines[at] = "\t" + line
        elif action == "insert":
            lines.insert(at, odd)
        elif action == "indent":
            lines[at] = "  " + line
        elif action == "rename key" and colon:
            lines[at] = f"{odd}:{line[len(key) + 1:]}"
    text = "\n".join(lines)
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    return name, text.replace("\n", ending).encode(encoding, errors="replace")


def problems_of(root, name: str) -> list[str]:
    """What the model says about `name` alone: read, parse and validate it as the build does."""
    if name == "scf.yml":
        return [str(p) for p in read_settings(root)[1]]
    settings = SETTINGS.get(root) or SETTINGS.setdefault(root, read_settings(root)[0])
    if name.startswith("data/"):
        return [str(p) for p in data.load_data(settings, {"letter", "theory-of-change"}, with_authors=True)[1]]
    loader = model._Loader(settings, NOW)
    loader.choices = {"categories": settings.categories, "page_types": settings.page_types,
                      "templates": ["home.html", "post.html"], "authors": ["neil-crowther"]}
    text, problem = decode(name, (root / name).read_bytes())
    if problem:
        return [str(problem)]
    source, found = parse(name, text)
    loader.problems += found
    if not found or source.meta:
        if name.startswith("posts/"):
            loader._post(source, {})
        elif name.startswith("docs/"):
            loader._page(source)
        else:
            loader.problems += loader._validate("easy-read", source)[1].problems
    return [str(p) for p in loader.problems]


@contextmanager
def written(copy: Path, change: tuple[str, bytes]):
    """The mutated file in place for one example, the original back afterwards."""
    name, raw = change
    original = (copy / name).read_bytes()
    (copy / name).write_bytes(raw)
    try:
        yield name
    finally:
        (copy / name).write_bytes(original)


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(change=mutated())
def test_mutated_files_give_messages_never_exceptions(copy, change):
    with written(copy, change) as name:
        for message in problems_of(copy, name):
            assert MESSAGE.match(message), message


@settings(max_examples=8, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(change=mutated())
def test_a_whole_build_with_a_mutated_file_gives_messages(copy, change):
    with written(copy, change):
        try:
            SiteBuild(copy, now=NOW, theme=THEME)
        except ContentError as error:
            for problem in error.problems:
                assert MESSAGE.match(str(problem)), str(problem)
