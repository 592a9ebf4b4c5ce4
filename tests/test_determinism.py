"""The same sources give byte-identical output, so hosts and feed readers see no false changes."""
from __future__ import annotations

import hashlib
import time
from pathlib import Path

from site_project import build_repo


def digest(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_of_the_real_site_are_byte_identical(real_site, tmp_path):
    # The suite's shared build is the first; a timestamp in seconds must differ in the second.
    time.sleep(max(0.0, 1.1 - (time.time() - (real_site / "index.html").stat().st_mtime)))
    build_repo(tmp_path / "two")
    one, two = digest(real_site), digest(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
