"""The same sources give byte-identical output, so hosts and feed readers see no false changes."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def digest(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def build(site: Path) -> None:
    env = {**os.environ, "SCF_NOW": "2026-11-23T12:00:00+00:00", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict",
                             "--site-dir", str(site)], cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_two_builds_of_the_real_site_are_byte_identical(tmp_path):
    build(tmp_path / "one")
    time.sleep(1.1)  # a timestamp in seconds would now differ
    build(tmp_path / "two")
    one, two = digest(tmp_path / "one"), digest(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
