"""Design rules that keep the site cheap to move: plain domain code, one read per file."""
from __future__ import annotations

import builtins
import io
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_domain_modules_do_not_need_mkdocs():
    modules = sorted(p.stem for p in (REPO / "hooks/scf").glob("*.py") if p.stem != "__init__")
    code = ("import importlib, sys\n"
            f"for name in {modules!r}: importlib.import_module('scf.' + name)\n"
            "loaded = [m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')]\n"
            "assert not loaded, loaded\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_content_file_is_read_once_per_build(project, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project.post("2024-05-01-one", body="See [two](2024-05-02-two.md).\n")
    project.post("2024-05-02-two", date="2024-05-02")
    project.write("easyread/posts/2024-05-02-two.md", "---\ntitle: Two\nsummary: Easy.\n---\n\n![A house](:material-home:)\nWe all need a home.\n")
    project.save_config()
    content = {str(p.resolve()) for folder in ("docs", "posts", "easyread")
               for p in (project.root / folder).rglob("*.md")}
    reads: Counter[str] = Counter()
    real_open = builtins.open

    def counting_open(file, *args, **kwargs):
        path = str(Path(file).resolve()) if isinstance(file, (str, Path)) else None
        if path in content:
            reads[path] += 1
        return real_open(file, *args, **kwargs)

    monkeypatch.setenv("SCF_NOW", "2026-11-23T12:00:00+00:00")
    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(io, "open", counting_open)  # what pathlib uses
    config = load_config(str(project.root / "mkdocs.yml"))
    build(config)
    assert set(reads) == content and set(reads.values()) == {1}, reads
