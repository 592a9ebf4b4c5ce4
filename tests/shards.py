"""CI's shards, `--splits N --group i` (pytest-split's options), cut so that no module or class
is in two shards (MAINTAINING.md, "Shards balanced by recorded times").

pytest-split's own algorithms place single tests (jerry-git/pytest-split#61, #82, #106), but our
costs are in module and class fixtures, recorded in the time of the test that made them: the
site audit's class fixture audits a sixth of the site, the editor's module fixture starts
decap-server and signs in. A test of such a class placed in another shard makes its fixture
again there, time that no recorded duration shows, and the shards came out 189 s to 53 s. Here
the unit is the scope pytest-xdist's `--dist loadscope` keeps on one worker (a class, else the
module), weighed as the sum of its tests' recorded times (the average for a test without one,
as pytest-split does); the heaviest unit goes first to the least loaded of the shards' workers
(each shard runs WORKERS), and a shard takes as long as its busier worker.
"""
from __future__ import annotations

import heapq
import json
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace
from typing import NamedTuple

import pytest
import yaml
from pytest_split.plugin import PytestSplitPlugin

REPO = Path(__file__).resolve().parent.parent

# pytest-xdist workers in a shard: `./dev test` runs one per core, and the targets are for 2 cores.
WORKERS = 2


class Shard(NamedTuple):
    selected: list[pytest.Item]
    deselected: list[pytest.Item]
    duration: float  # estimated: the busier worker's recorded seconds


def scope(nodeid: str) -> str:
    """The unit pytest-xdist's loadscope sends to one worker: `path::Class`, else `path`."""
    return nodeid.rsplit("::", 1)[0]


def split(splits: int, items: list[pytest.Item], durations: dict[str, float]) -> list[Shard]:
    """`items` in `splits` shards, each scope whole, balanced by `durations` (seconds by test id)."""
    known = [durations[item.nodeid] for item in items if item.nodeid in durations]
    average = sum(known) / len(known) if known else 1.0
    weight: dict[str, float] = defaultdict(float)
    for item in items:
        weight[scope(item.nodeid)] += durations.get(item.nodeid, average)
    workers = [(0.0, index) for index in range(splits * WORKERS)]  # (seconds, worker); shard = worker // WORKERS
    shard_of: dict[str, int] = {}
    for unit in sorted(weight, key=lambda unit: (-weight[unit], unit)):  # the same order on every machine
        seconds, index = heapq.heappop(workers)
        shard_of[unit] = index // WORKERS
        heapq.heappush(workers, (seconds + weight[unit], index))
    busiest = [0.0] * splits
    for seconds, index in workers:
        busiest[index // WORKERS] = max(busiest[index // WORKERS], seconds)
    return [Shard([item for item in items if shard_of[scope(item.nodeid)] == number],
                  [item for item in items if shard_of[scope(item.nodeid)] != number], busiest[number])
            for number in range(splits)]


class ScopeSplit(PytestSplitPlugin):
    """pytest-split's plugin (its options, its durations file) with `split` choosing the shards."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        splits, group = config.option.splits, config.option.group
        shard = split(splits, items, self.cached_durations)[group - 1]
        items[:] = shard.selected
        config.hook.pytest_deselected(items=shard.deselected)
        self.writer.line(f"\n[shards] Running group {group}/{splits}, whole modules and classes "
                         f"(estimated duration: {shard.duration:.2f}s)")


def use(config: pytest.Config) -> None:
    """Put ScopeSplit in the place of pytest-split's plugin, which its pytest_configure registers
    when --splits and --group are given (tests/conftest.py calls this after it)."""
    manager = config.pluginmanager
    plugin = manager.get_plugin("pytestsplitplugin")
    if plugin is not None and not isinstance(plugin, ScopeSplit):
        manager.unregister(plugin)
        manager.register(ScopeSplit(config), "pytestsplitplugin")


def shard_count() -> int:
    """How many shards CI runs: the test job's matrix in site.yml."""
    site = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    return len(site["jobs"]["test"]["strategy"]["matrix"]["shard"])


def main() -> None:
    """`python tests/shards.py`: each shard's estimate from .test_durations, for N shards and two
    more, so that scripts/test-durations can say whether site.yml has shards enough."""
    durations = json.loads((REPO / ".test_durations").read_text(encoding="utf-8"))
    count = shard_count()
    items = [SimpleNamespace(nodeid=nodeid) for nodeid in sorted(durations)]
    print(f"Estimated seconds of each shard's busier worker, from .test_durations (site.yml has {count}; target 100):")
    for splits in (count, count + 2):
        estimates = [f"{shard.duration:.0f}" for shard in split(splits, items, durations)]
        print(f"  {splits} shards: {', '.join(estimates)}")


if __name__ == "__main__":
    main()
