"""The Mulberry Symbols: the set in data/, the catalogue, rows naming symbols, and the files built."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scf.content.content_files import active_svg
from scf.content.symbols import SET, Catalogue, public_name, refused_by_svg_check
from scf.content.symbols import UNPUBLISHABLE as RECORDED
from site_project import THEME, Project

REPO = Path(__file__).resolve().parent.parent
UNPUBLISHABLE = {"candy_hearts", "eighth", "extra_2", "fifty_percent", "half", "one_third", "quarter",
                 "seventy_five_percent", "three_quarters", "twenty_five_percent", "two_thirds"}


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return Catalogue.load(REPO)


# -- the set -------------------------------------------------------------------------------

def test_the_whole_set_with_its_licence_and_provenance(cat):
    folder = REPO / SET
    with (folder / "symbol-info-en.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(cat.names) == 3436
    assert sorted(p.stem for p in (folder / "svg").glob("*.svg")) == sorted(r["symbol"] for r in rows)
    assert "creativecommons.org/licenses/by-sa/4.0/" in (folder / "LICENSE.txt").read_text(encoding="utf-8")
    provenance = (folder / "PROVENANCE.md").read_text(encoding="utf-8")
    assert "3.6.1" in provenance and "SVGO 4.1.0" in provenance and "mulberrysymbols.org" in provenance


def test_public_names_are_url_safe_and_never_meet(cat):
    public = [public_name(n) for n in cat.names]
    assert all(re.fullmatch(r"[a-z0-9_-]+\.svg", p) for p in public)
    assert len(set(public)) == len(public)
    assert cat.public_path("talk_1_,_to") == "assets/symbols/talk_1-to.svg"
    assert public_name("close_to") != public_name("close_,_to")


def test_only_the_drawings_the_svg_check_refuses_are_unpublishable(cat):
    refused = refused_by_svg_check(REPO / SET, cat.names)  # every drawing through active_svg
    assert set(refused) == UNPUBLISHABLE  # PROVENANCE.md lists them
    # The import records them, so builds never read the whole set; the record must say what the check says.
    assert (REPO / SET / RECORDED).read_text(encoding="utf-8") == "".join(f"{n}\n" for n in refused)
    assert sorted(cat.unpublishable) == refused
    assert all(not cat.publishable(n) for n in UNPUBLISHABLE)
    assert all(cat.publishable(n) for n in set(cat.names) - UNPUBLISHABLE)
    assert not cat.publishable("no_such_symbol")


# -- the catalogue -------------------------------------------------------------------------------

@pytest.mark.parametrize("words, first", [
    ("my family", "family"), ("Family", "family"), (["my", "families"], "family"), ("money", "money"),
    ("a house", "house"), ("talk", "talk_1_,_to"), ("the Houses of Parliament", "Houses_of_Parliament"),
    ("email", "email"),
])
def test_search_finds_the_plain_symbol_first(cat, words, first):
    found = cat.search(words, 5)
    assert found[0].name == first
    assert found[0].tags == cat.by_name[first].tags
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)


def test_search_never_offers_a_symbol_the_site_cannot_publish(cat):
    assert not {m.name for m in cat.search("half quarter percent", 50)} & UNPUBLISHABLE


def test_closest_names_by_spelling_then_words(cat):
    assert cat.closest("famly", 3)[0] == "family"
    assert cat.closest("FAMILY", 3)[0] == "family"
    assert cat.closest("care assistant", 3)[0].startswith("care_assistant")
    assert len(cat.closest("zzzzqx", 3)) == 3


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40), st.integers(min_value=1, max_value=8))
def test_search_and_closest_take_any_text(cat, text, limit):
    found = cat.search(text, limit)
    assert len(found) <= limit and all(m.name in cat for m in found)
    assert all(n in cat for n in cat.closest(text, 3))


# -- rows naming symbols, in a build -------------------------------------------------------------

ROWS = """\
---
title: About us in easy read
summary: Who we are.
standalone: true
---

![A family at home](symbol:family)
We are a group of families.

![People talking](symbol:talk_1_,_to)
We talk about social care.

![A house](symbol:house)
Everyone needs a good home.
"""


def project(root: Path, body: str = ROWS) -> Project:
    p = Project(root)
    p.write("easyread/about.md", body)
    return p


def test_rows_draw_symbols_as_same_origin_images_and_only_used_ones_are_copied(tmp_path):
    p = project(tmp_path / "p")
    site = p.build()
    html = p.html("easy-read/about")
    images = re.findall(r'<img class="scf-row__symbol"[^>]*>', html)
    assert images == [
        '<img class="scf-row__symbol" src="../../assets/symbols/family.svg" alt="A family at home" '
        'width="96" height="96" decoding="async">',
        '<img class="scf-row__symbol" src="../../assets/symbols/talk_1-to.svg" alt="People talking" '
        'width="96" height="96" decoding="async">',
        '<img class="scf-row__symbol" src="../../assets/symbols/house.svg" alt="A house" '
        'width="96" height="96" loading="lazy" decoding="async">']
    copied = sorted(q.name for q in (site / "assets" / "symbols").iterdir())
    assert copied == ["family.svg", "house.svg", "talk_1-to.svg"]
    for name in copied:
        text = (site / "assets" / "symbols" / name).read_text(encoding="utf-8")
        assert not active_svg(text)
    assert (site / "assets/symbols/family.svg").read_bytes() == (REPO / SET / "svg/family.svg").read_bytes()


def test_an_unknown_symbol_names_the_file_line_and_the_closest(tmp_path):
    p = project(tmp_path / "p", ROWS.replace("symbol:family", "symbol:famly").replace("symbol:house", "symbol:half"))
    for command in (["mkdocs", "build", "--strict"], ["scf", "check"]):
        result = p.run(*command)
        said = result.stdout + result.stderr
        assert result.returncode != 0
        assert ("easyread/about.md:7: there is no symbol 'famly'. Fix: write a symbol's name exactly as the "
                "set spells it, or find one with: scf symbols WORDS (for example: scf symbols my family); "
                "closest: family, family_2, fly") in said
        assert "easyread/about.md:13: the symbol 'half' holds a font or pattern" in said
        assert "Traceback" not in said


def test_a_theme_icon_as_the_picture_of_an_idea_is_a_warning(tmp_path):
    p = project(tmp_path / "p", ROWS.replace("symbol:house", ":material-home:"))
    result = p.run("scf", "check")
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert ("easyread/about.md:13: warning: the picture ':material-home:' is a theme icon: icons are for "
            "labels, not for the idea of a sentence. Fix: use a symbol that shows what the sentence says, "
            "![A house](symbol:NAME)") in said
    assert "closest: house," in said


def test_scf_symbols_finds_family_for_my_family_and_says_where_it_is_used(tmp_path):
    p = project(tmp_path / "p")
    result = p.run("scf", "symbols", "my", "family")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"family    \s*[\d.]+ KB  tags: celebration  used in: easyread/about.md:7", lines[0])
    assert lines[1].startswith("family_2") and "tags: family relationship relatives" in lines[1]
    assert "![what the picture shows](symbol:family)" in result.stderr
    nothing = p.run("scf", "symbols", "qqqzz")
    assert nothing.returncode == 1 and "No symbol fits 'qqqzz'" in nothing.stderr


def test_the_first_view_counts_the_rows_the_browser_fetches():
    """As measured in Chromium at 1280 x 800 (tests/browser/test_easyread_symbols.py checks it on
    every easy read page): headings push rows down, a symbol shown twice is fetched once, and a
    row with another picture still takes its place."""
    from scf.checks.easyread_symbols import first_view

    def page(shape: str) -> list[tuple[str, int, str | None]]:  # "h" a heading, "r" a row, "o" another picture
        return [("heading", i, None) if c == "h" else ("row", i, f"s{i}" if c == "r" else None)
                for i, c in enumerate(shape)]

    def fetched(shape: str) -> int:
        return len(first_view(page(shape)))

    assert fetched("hrrrhrrrrhrrrrrr") == 9  # the easy read home: its 10th row is not fetched
    assert fetched("hrrrrrrrhrrrrrr") == 10  # get involved: one heading fewer, one row more
    assert fetched("r" * 20) == 11 and fetched("o" + "r" * 20) == 10
    assert first_view([("row", 1, "house"), ("row", 2, "house"), ("row", 3, "family")]) == [(1, "house"), (3, "family")]


def test_heavy_symbols_in_the_first_view_are_a_warning_naming_the_heaviest(tmp_path):
    from scf.checks.easyread_symbols import FIRST_VIEW_SHARE, first_view_problem

    cat = Catalogue.load(REPO)
    heavy = sorted(cat.names, key=lambda n: -cat.weight(n) if cat.publishable(n) else 0)[:9]
    problem = first_view_problem(cat, [("row", 10 + i, n) for i, n in enumerate(heavy)], "easyread/x.md")
    assert problem is not None and problem.line == 10
    assert "the 9 symbols a browser fetches for this page's first view weigh" in problem.message
    assert "more than the 27.4 KB the site's page-weight budget leaves them" in problem.message
    assert problem.fix.startswith(f"where a lighter symbol fits as well, use it; the heaviest: {heavy[0]} (line 10,")
    light = [("row", i, "house") for i in range(11)] + [("row", 20, heavy[0])]  # fetched once; heavy one below
    assert cat.weight("house") < FIRST_VIEW_SHARE and first_view_problem(cat, light, "easyread/x.md") is None
    p = project(tmp_path / "p", ROWS.replace("symbol:house", f"symbol:{heavy[0]}")
                + "".join(f"\n![A picture](symbol:{n})\nWe like it.\n" for n in heavy))
    said = p.run("scf", "easyread-lint").stdout
    assert "easyread/about.md:13: warning: the 10 symbols a browser fetches for this page's first view weigh" in said


@settings(max_examples=25, deadline=None)
@given(st.one_of(st.sampled_from(["family", "half", "talk_1_,_to", "Family", "famly"]),
                 st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Z"), blacklist_characters="()[]<>"),
                         min_size=1, max_size=30)))
def test_any_symbol_name_in_a_row_is_fine_or_one_message_with_its_line(cat, name):
    from scf.checks.easyread_lint import ERROR, Linter
    from scf.views.easyread import Icons

    body = f"![A picture](symbol:{name})\nWe like it.\n"
    found = [f for f in Linter(REPO, [], Icons(THEME.icons)).lint("easyread/x.md", body, 5) if f.level == ERROR]
    if name in cat and cat.publishable(name):
        assert found == []
    else:
        assert len(found) == 1 and found[0].problem.line == 5
        assert "closest: " in found[0].problem.fix and found[0].problem.fix.count(",") >= 2
