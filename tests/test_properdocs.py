"""ProperDocs, the maintained fork of MkDocs 1.6, builds the site exactly as MkDocs does.

Material and MkDocs 1.x are end of life (MAINTAINING.md, "Platform"); this test keeps the
move to ProperDocs a one-command change: same files, same bytes, one accepted difference.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

# The only accepted difference: the generator tag names the builder that made the page
# ("mkdocs-1.6.1, ..." against "mkdocs-ProperDocs 1.6.7, ..."). Nothing reads it.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def build(command: list[str], site: Path) -> dict[str, bytes]:
    env = {**os.environ, "SCF_NOW": "2026-11-23T12:00:00+00:00", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([*command, "build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(site)],
                            cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return {str(p.relative_to(site)): GENERATOR.sub(b"", p.read_bytes())
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path):
    mkdocs = build([str(BIN / "mkdocs")], tmp_path / "mkdocs")
    properdocs = build([str(BIN / "properdocs")], tmp_path / "properdocs")
    assert mkdocs.keys() == properdocs.keys()
    assert [name for name in mkdocs if mkdocs[name] != properdocs[name]] == []
    generator = (tmp_path / "properdocs" / "index.html").read_text(encoding="utf-8")
    assert "ProperDocs" in generator  # the second build really ran ProperDocs
