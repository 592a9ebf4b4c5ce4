"""ProperDocs, the maintained fork of MkDocs 1.6, builds the site exactly as MkDocs does.

Material and MkDocs 1.x are end of life (MAINTAINING.md, "Platform"); this test keeps the
move to ProperDocs a one-command change: same files, same bytes, one accepted difference.
"""
from __future__ import annotations

import re
from pathlib import Path

from site_project import build_repo

# The only accepted difference: the generator tag names the builder that made the page
# ("mkdocs-1.6.1, ..." against "mkdocs-ProperDocs 1.6.7, ..."). Nothing reads it.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): GENERATOR.sub(b"", p.read_bytes())
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_properdocs_builds_the_same_site_as_mkdocs(real_site, tmp_path):
    """The suite's shared build (MkDocs, the same SCF_NOW) against one by ProperDocs."""
    mkdocs, properdocs = files(real_site), files(build_repo(tmp_path / "properdocs", "properdocs"))
    assert mkdocs.keys() == properdocs.keys()
    assert [name for name in mkdocs if mkdocs[name] != properdocs[name]] == []
    generator = (tmp_path / "properdocs" / "index.html").read_text(encoding="utf-8")
    assert "ProperDocs" in generator  # the second build really ran ProperDocs
