"""Fixtures for the whole suite. Helpers live in site_project.py: test modules import them from
there, since `conftest` names two modules in this suite."""
from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import shards
import tiers
from site_project import Project, build_repo

# Every test's tier (unit, build, browser), given from what it uses: tests/tiers.py.
from tiers import pytest_collection_modifyitems, pytest_runtest_call, pytest_runtest_setup  # noqa: F401


@pytest.hookimpl(trylast=True)  # after pytest-split's own, whose plugin shards.use replaces
def pytest_configure(config: pytest.Config) -> None:
    tiers.pytest_configure(config)
    shards.use(config)  # CI's shards keep each module and class whole: tests/shards.py

# Property and fuzz tests (hypothesis): the default run tries each property 50 times, with no
# time limit per example (a shared machine is slow at times); `HYPOTHESIS_PROFILE=fuzz` tries
# 5,000 (MAINTAINING.md, "Pull-request loop"). A test may ask for fewer, never for more.
settings.register_profile("suite", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

# Inside GitHub Actions `scf check` writes annotations and the job's summary unless told
# otherwise: each test starts as on an editor's machine, and sets these itself where it wants
# them (test_annotations.py).
GITHUB_ENVIRONMENT = ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE")


@pytest.fixture(autouse=True)
def not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in GITHUB_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "project")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's site, built once per run (`mkdocs build --strict`, SCF_NOW fixed) and
    only read by the tests. pytest-xdist's workers share the one build: the first to ask
    builds it under a lock, the others wait and read it."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # this run's folder, the workers' own folders inside it
    site_dir, done = base / "real-site", base / "real-site.done"
    with open(base / "real-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            build_repo(site_dir)
            done.touch()
    return site_dir
