"""Test tiers and CI's shards: every test has exactly one tier, the tier follows what the test
uses, a unit test that builds a site is stopped, and the shards together are the whole suite."""
from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from pytest_split import algorithms

from site_project import REPO, Project
from tiers import COLLECTED, TIERS, BuiltInUnit, detected, tiers_of

DURATIONS = REPO / ".test_durations"


@pytest.fixture
def suite(request) -> list[pytest.Item]:
    """Every test of the suite, as collected before `-m` or a shard chose some."""
    items = request.config.stash[COLLECTED]
    if {Path(str(item.path)) for item in items} != set((REPO / "tests").rglob("test_*.py")):
        pytest.skip("only a part of the suite was collected: run `./dev test tests/` to check every test")
    return items


def test_every_collected_test_has_exactly_one_tier(suite):
    items = suite
    wrong = [f"{item.nodeid}: {tiers_of(item) or 'none'}" for item in items if len(tiers_of(item)) != 1]
    assert not wrong, "each test needs exactly one of unit, build, browser:\n" + "\n".join(wrong)
    assert {tiers_of(item)[0] for item in items} == set(TIERS)


def test_the_tiers_follow_the_place_and_the_fixtures(suite):
    for item in suite:
        (tier,) = tiers_of(item)
        if "browser" in Path(str(item.path)).parts:
            assert tier == "browser", item.nodeid
        elif {"project", "real_site"} & set(item.fixturenames):
            assert tier in ("build", "browser"), item.nodeid


def _write_a_site(root: Path) -> Project:  # a helper of tests/ that builds: its callers are `build`
    return Project(root)


def _a_test_through_a_helper(tmp_path):
    _write_a_site(tmp_path).build()


def _a_test_in_process(tmp_path):
    from scf.build import SiteBuild
    SiteBuild(tmp_path)


def _a_pure_test():
    assert sorted([2, 1]) == [1, 2]


def _fake(function, *fixtures: str, path: Path = Path(__file__)) -> SimpleNamespace:
    return SimpleNamespace(path=path, function=function, fixturenames=list(fixtures), _fixtureinfo=None)


@pytest.mark.unit  # it names Project and SiteBuild only to show that detection finds them
def test_detection_follows_helpers_imports_and_fixtures():
    assert detected(_fake(_a_test_through_a_helper, "tmp_path")) == "build"
    assert detected(_fake(_a_test_in_process, "tmp_path")) == "build"
    assert detected(_fake(_a_pure_test)) == "unit"
    assert detected(_fake(_a_pure_test, "project")) == "build"
    assert detected(_fake(_a_pure_test, "site_url")) == "browser"
    assert detected(_fake(_a_pure_test, path=REPO / "tests/browser/test_x.py")) == "browser"


@pytest.mark.unit  # it builds on purpose, to show that the guard stops it
def test_a_unit_test_that_builds_a_site_is_told_which_marker_it_needs(request, tmp_path):
    assert tiers_of(request.node) == ["unit"]
    with pytest.raises(BuiltInUnit, match=r"mark it @pytest.mark.build"):
        Project(tmp_path)
    with pytest.raises(BuiltInUnit, match=request.node.name):
        _a_test_in_process(tmp_path)


def shard_count() -> int:
    site = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    return len(site["jobs"]["test"]["strategy"]["matrix"]["shard"])


def test_the_shards_together_are_the_whole_suite(request, suite):
    """CI runs `--splits N --group i` for i in 1..N (pytest-split, with the recorded durations):
    every test is in exactly one shard."""
    items = suite
    durations = json.loads(DURATIONS.read_text(encoding="utf-8"))
    splits = shard_count()
    assert splits >= 2
    algorithm = algorithms.Algorithms[request.config.getoption("splitting_algorithm")].value
    groups = algorithm(splits, items, durations)
    ids = [item.nodeid for group in groups for item in group.selected]
    assert sorted(ids) == sorted(item.nodeid for item in items), "a test is in no shard, or in two"
    assert all(group.selected for group in groups), "a shard with no test"


def test_the_durations_file_is_times_by_test_id():
    """New tests have no time until scripts/test-durations runs again: pytest-split counts them
    as the average, so the shards still cover them (above); scripts/measure_tiers.py says how
    many lack one."""
    durations = json.loads(DURATIONS.read_text(encoding="utf-8"))
    assert durations and all("::" in test and isinstance(t, float) and t >= 0 for test, t in durations.items())
