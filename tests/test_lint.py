"""The code passes its linter and its type checker, as configured in pyproject.toml.

ruff: pyflakes, pycodestyle, import order, bugbear and pyupgrade over hooks/, tests/ and
scripts/. mypy: strict on every module of hooks/scf and of the adapter package, hooks/scf_mkdocs
(pyproject.toml's `packages`; no list of modules left out). Both read only the files, so this is
a unit test of seconds.
"""
from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=REPO, capture_output=True, text=True)


def test_ruff_finds_nothing() -> None:
    result = _run("ruff", "check", "--no-fix", "--output-format", "concise", "hooks", "tests", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing() -> None:
    result = _run("mypy", "--cache-dir", str(REPO / ".mypy_cache"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_checks_every_package() -> None:
    """Every package under hooks/ (the core and the adapter) is checked: none is left out."""
    packages = {p.parent.name for p in (REPO / "hooks").glob("*/__init__.py")}
    checked = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["mypy"]["packages"]
    assert packages == {"scf", "scf_mkdocs"} and set(checked) == packages
