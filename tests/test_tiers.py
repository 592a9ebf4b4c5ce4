"""Test tiers and CI's shards: every test has exactly one tier, the tier follows what the test
uses, a unit test that builds a site is stopped, and the shards together are the whole suite."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from pytest_split.plugin import PytestSplitPlugin

from shards import ScopeSplit, scope, shard_count, split
from site_project import REPO, THEME, Project
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
    SiteBuild(tmp_path, theme=THEME)


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


def test_the_shards_together_are_the_whole_suite_and_keep_each_class_and_module_whole(suite):
    """CI runs `--splits N --group i` for i in 1..N (tests/shards.py, with the recorded
    durations): every test is in exactly one shard, and the tests of one class (or of one
    module, outside classes) in the same shard, so no class or module fixture is made twice."""
    durations = json.loads(DURATIONS.read_text(encoding="utf-8"))
    splits = shard_count()
    assert splits >= 2
    shards = split(splits, suite, durations)
    ids = [item.nodeid for shard in shards for item in shard.selected]
    assert sorted(ids) == sorted(item.nodeid for item in suite), "a test is in no shard, or in two"
    assert all(shard.selected for shard in shards), "a shard with no test"
    for shard in shards:
        assert {item.nodeid for item in shard.selected}.isdisjoint(item.nodeid for item in shard.deselected)
    owners = {scope(item.nodeid): number for number, shard in enumerate(shards) for item in shard.selected}
    assert all(owners[scope(item.nodeid)] == number for number, shard in enumerate(shards) for item in shard.selected)


def _item(nodeid: str) -> SimpleNamespace:
    return SimpleNamespace(nodeid=nodeid)


@pytest.mark.unit
def test_a_split_weighs_whole_scopes_and_gives_the_heaviest_first_to_the_idlest_worker():
    items = [_item(n) for n in ("a.py::TestX::t1", "a.py::TestX::t2", "a.py::t3", "b.py::t4", "b.py::t5",
                                "c.py::t6", "d.py::t7")]
    durations = {"a.py::TestX::t1": 50.0, "a.py::TestX::t2": 1.0, "a.py::t3": 2.0, "b.py::t4": 30.0,
                 "b.py::t5": 5.0, "c.py::t6": 40.0, "gone.py::t0": 999.0}  # d.py::t7 has none: the average of this run's, 21.3
    assert [scope(i.nodeid) for i in items] == ["a.py::TestX"] * 2 + ["a.py", "b.py", "b.py", "c.py", "d.py"]
    first, second = split(2, items, durations)
    # Two shards of two workers: TestX (51) and c.py (40) to shard 1's idle workers, b.py (35)
    # and d.py (21.3) to shard 2's, then a.py (2) to the idlest, d.py's.
    assert [i.nodeid for i in first.selected] == ["a.py::TestX::t1", "a.py::TestX::t2", "c.py::t6"]
    assert [i.nodeid for i in second.selected] == ["a.py::t3", "b.py::t4", "b.py::t5", "d.py::t7"]
    assert first.duration == 51.0 and second.duration == 35.0
    assert [i.nodeid for i in first.deselected] == [i.nodeid for i in second.selected]


@pytest.mark.unit
def test_split_runs_replace_pytest_splits_own_algorithm():
    """`--splits N --group i` runs ScopeSplit, not pytest-split's per-test algorithms."""
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                             "-n", "0", "--splits", "2", "--group", "1", "tests/test_units.py"],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[shards] Running group 1/2, whole modules and classes" in result.stdout
    assert issubclass(ScopeSplit, PytestSplitPlugin)


def test_the_durations_file_is_times_by_test_id():
    """New tests have no time until scripts/test-durations runs again: tests/shards.py counts
    them as the average, so the shards still cover them (above)."""
    durations = json.loads(DURATIONS.read_text(encoding="utf-8"))
    assert durations and all("::" in test and isinstance(t, float) and t >= 0 for test, t in durations.items())
