"""When Python collects garbage (hooks/scf_mkdocs/collect.py): a build rarely, and Python's
thresholds again once it ends, failed or not; the preview between rebuilds, when idle."""
from __future__ import annotations

import gc
import threading

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from scf_mkdocs import collect
from site_project import Project
from test_preview import preview  # noqa: F401  # a fixture


def _build(project: Project, command: str, monkeypatch) -> list[tuple[int, ...]]:
    """Build as `command` does; the collector's thresholds when the build reads the content
    (`SiteBuild`, at on_files), once per build."""
    config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(project.root / "site"))
    [hook] = [hook for hook in config.hooks.values() if hasattr(hook, "_adapter")]
    seen: list[tuple[int, ...]] = []
    real = hook.SiteBuild

    def reading(*args, **kwargs):
        seen.append(gc.get_threshold())
        return real(*args, **kwargs)

    monkeypatch.setattr(hook, "SiteBuild", reading)
    config.plugins.on_startup(command=command, dirty=command == "serve")
    try:
        build(config, dirty=command == "serve")
    finally:
        seen.append(gc.get_threshold())
    return seen


def test_a_build_collects_rarely_then_as_python_does(preview, monkeypatch):  # noqa: F811
    assert _build(preview, "build", monkeypatch) == [collect.BUILD, collect.DEFAULT]


def test_a_failed_build_gives_python_its_thresholds_back(project: Project, monkeypatch):
    project.post("2024-05-01-broken", date="not a date")
    project.save_config()
    with pytest.raises(Abort):
        _build(project, "build", monkeypatch)
    assert gc.get_threshold() == collect.DEFAULT


def test_a_failed_rebuild_keeps_the_previews_thresholds(project: Project, monkeypatch):
    project.post("2024-05-01-broken", date="not a date")
    project.save_config()
    try:
        with pytest.raises(Abort):
            _build(project, "serve", monkeypatch)
        assert gc.get_threshold() == (*collect.DEFAULT[:2], collect.RARELY)
    finally:
        collect.serving(False)
    assert gc.get_threshold() == collect.DEFAULT


def test_the_preview_server_collects_garbage_between_rebuilds(preview):  # noqa: F811
    """Not in the middle of one: the full collection waits for the idle moment after it."""
    config = load_config(str(preview.root / "mkdocs.yml"))
    full = threading.Event()

    def seen(phase: str, info: dict) -> None:
        if phase == "stop" and info["generation"] == 2:
            full.set()

    gc.callbacks.append(seen)
    try:
        config.plugins.on_startup(command="serve", dirty=True)
        assert gc.get_threshold()[2] == collect.RARELY
        collect.after_rebuild()
        assert full.wait(10)
    finally:
        gc.callbacks.remove(seen)
        config.plugins.on_startup(command="build", dirty=False)
    assert gc.get_threshold() == collect.DEFAULT


def test_what_the_first_build_leaves_is_frozen_out_of_the_collector():
    """The preview server's idle collections walk only what the saves made (collect.server_started,
    called by on_serve once the first build is done)."""
    kept = [[n] for n in range(1000)]  # as the model the first build leaves
    try:
        collect.server_started()
        made = [[n] for n in range(10)]  # as a save makes
        walked = {id(o) for o in gc.get_objects()}
        assert id(kept[0]) not in walked and id(made[0]) in walked
    finally:
        gc.unfreeze()  # this process goes on with other tests
