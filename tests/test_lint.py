"""The code passes its linter and its type checker, as configured in pyproject.toml.

ruff: pyflakes, pycodestyle, import order, bugbear and pyupgrade over hooks/, tests/ and
scripts/. mypy: strict on every module of hooks/scf (#30 item 6 took the last ones off the
not-yet-checked list). Both read only the files, so this is a unit test of seconds.
"""
from __future__ import annotations

import subprocess
import sys
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
