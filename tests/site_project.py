"""Small throwaway projects built with the real hooks and templates, for tests to fill."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import yaml

from build_server import run_tool
from scf_mkdocs.material_html import Material

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NOW = "2026-11-23T12:00:00+00:00"
# The site's theme, for tests that run SiteBuild, the easy read lint or its icons without a
# builder: the builder hands SiteBuild this same description of Material (scf_mkdocs/adapter.py).
THEME = Material()

AUTHORS = {
    "ann-author": {"name": "Ann Author", "role": "Writer", "bio": "Ann writes about care."},
    "bob-writer": {"name": "Bob Writer", "role": "Researcher", "bio": "Bob studies stories."},
}
CATEGORIES = ["Campaigning", "Research and framing", "Gatherings"]


def build_repo(site_dir: Path, builder: str = "mkdocs") -> Path:
    """Build this repository's site into `site_dir` as `./dev build` does, the clock fixed at NOW."""
    env = {**os.environ, "SCF_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    result = run_tool([builder, "build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(site_dir)], REPO, env)
    assert result.returncode == 0, f"the site does not build with {builder}:\n{result.stderr}"
    return site_dir


class Project:
    """A minimal copy of the site: our hooks and templates, with content the test writes."""

    def __init__(self, root: Path):
        self.root = root
        (root / "docs" / "assets" / "stylesheets").mkdir(parents=True)
        for name in ("site.css", "easy-read.css"):  # easy-read.css: easy read pages link it
            shutil.copy(REPO / "docs/assets/stylesheets" / name, root / "docs/assets/stylesheets" / name)
        for folder in ("posts", "easyread", "data"):
            (root / folder).mkdir()
        self.settings = {"timezone": "Europe/London", "categories": list(CATEGORIES),
                         "page_types": ["home", "vision"], "per_page": 10}
        self.config = {
            "site_name": "Test site", "site_url": "https://example.org/", "docs_dir": "docs",
            "strict": True, "theme": {"name": "material", "custom_dir": str(REPO / "overrides"),
                                      "language": "custom", "font": False},
            "extra_css": ["assets/stylesheets/site.css"],
            "hooks": [str(REPO / "hooks/scf_mkdocs/adapter.py")], "plugins": [],
            "markdown_extensions": ["attr_list", "md_in_html", "toc"],
            "nav": [{"Home": "index.md"}, {"Blog": ["blog/index.md", "blog/categories/index.md",
                                                   "blog/authors/index.md", "blog/archive/index.md"]}],
        }
        self.write("data/authors.yml", yaml.safe_dump({"authors": [{"key": k, **a} for k, a in AUTHORS.items()]},
                                                      sort_keys=False))
        for name in ("signatories.yml", "theory-of-change.yml", "glossary.yml"):
            if (REPO / "data" / name).exists():  # the site's own data files
                shutil.copy(REPO / "data" / name, root / "data" / name)
        self.write("docs/index.md", "---\ntitle: Home\nsummary: The home page.\n---\n\nWelcome.\n")

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def post(self, name: str, body: str = "Some words about care.\n", **front) -> Path:
        dated = re.match(r"\d{4}-\d{2}-\d{2}-", name)  # the file name's date and `date:` must agree
        meta = {"title": name.replace("-", " ").capitalize(), "date": name[:10] if dated else "2024-05-01",
                "authors": ["ann-author"], "categories": ["Campaigning"], "summary": "A short summary."}
        meta.update(front)
        meta = {k: v for k, v in meta.items() if v is not None}
        return self.write(f"posts/{name}.md", "---\n" + yaml.safe_dump(meta, sort_keys=False, default_flow_style=None, width=1000) + "---\n\n" + body)

    def save_config(self) -> None:
        self.write("scf.yml", yaml.safe_dump(self.settings, sort_keys=False))
        self.write("mkdocs.yml", yaml.safe_dump(self.config, sort_keys=False))

    def run(self, *args: str, now: str = NOW) -> subprocess.CompletedProcess:
        self.save_config()
        env = {**os.environ, "SCF_NOW": now, "NO_MKDOCS_2_WARNING": "1"}
        return run_tool(list(args), self.root, env)

    def build_problems(self, now: str = NOW) -> tuple[int, list[str]]:
        """`mkdocs build --strict`: its exit status and the problems its report lists."""
        result = self.run("mkdocs", "build", "--strict", now=now)
        assert "Traceback" not in result.stderr, result.stderr
        listed = re.search(r"problems? in the content:\n(.*?)\nSee CONTRIBUTING", result.stderr, re.S)
        return result.returncode, [line.strip() for line in listed[1].splitlines()] if listed else []

    def build(self, now: str = NOW) -> Path:
        result = self.run("mkdocs", "build", "--strict", now=now)
        assert result.returncode == 0, result.stderr
        return self.root / "site"

    def html(self, url: str) -> str:
        return (self.root / "site" / url / "index.html").read_text(encoding="utf-8")
