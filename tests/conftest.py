"""Fixtures for the tests outside tests/browser. Helpers live in site_project.py: test modules
import them from there, since `conftest` names two modules in this suite."""
from __future__ import annotations

from pathlib import Path

import pytest

from site_project import Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "project")
