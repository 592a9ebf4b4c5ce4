"""Design rules that keep the site cheap to move: plain domain code, one read per file."""
from __future__ import annotations

import ast
import builtins
import io
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HOOKS = REPO / "hooks"


def _imports() -> dict[str, set[str]]:
    """hooks/'s own modules ("scf.build", "scf_mkdocs.adapter") and those of them each imports,
    anywhere in its code (imports inside functions and for type checking count too)."""
    files = {p: ".".join(p.relative_to(HOOKS).with_suffix("").parts) for p in HOOKS.rglob("*.py")}
    ours = {name.removesuffix(".__init__") for name in files.values()}
    graph: dict[str, set[str]] = {}
    for path, name in files.items():
        package = name.rsplit(".", 1)[0] if "." in name else ""
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package if node.level else ""
                module = ".".join(filter(None, [base, node.module or ""]))
                found |= {m for m in (module, *(f"{module}.{a.name}" for a in node.names)) if m in ours}
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name in ours}
        graph[name.removesuffix(".__init__")] = found - {name, "scf"}
    return graph




def test_hooks_import_each_other_without_a_circle():
    graph, done, path = _imports(), set(), []

    def visit(module: str) -> None:
        if module in path:
            raise AssertionError("import circle: " + " -> ".join(path[path.index(module):] + [module]))
        if module not in done:
            path.append(module)
            for imported in sorted(graph[module]):
                visit(imported)
            path.pop()
            done.add(module)

    for module in sorted(graph):
        visit(module)


def test_features_never_import_the_orchestrator():
    """build.py lists what a build does; the steps it lists know nothing of it. Only the
    builders use it: the adapter, `scf check`, and the preview's redraw (for the adapter)."""
    importers = {module for module, imported in _imports().items() if "scf.build" in imported}
    assert importers <= {"scf_mkdocs.adapter", "scf.cli", "scf.redraw"}, importers


def test_only_the_theme_module_knows_materials_html():
    """What Material's templates write (its classes, ids and files) is in hooks/scf_mkdocs/material_html.py;
    scf asks a theme for it (scf/pages/theme.py). Material's icon shortcodes, in texts telling
    editors what to write, are the content's syntax, not the theme's HTML."""
    markup = re.compile(r"""md-[a-z]|"__[a-z]+"|__toc|["']\.icons["']|find_spec\("material"\)|templates/""")
    found = [f"{path.relative_to(REPO)}:{number}: {line.strip()}"
             for path in sorted((HOOKS / "scf").glob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if markup.search(line)]
    assert not found, found
    theme = (HOOKS / "scf_mkdocs/material_html.py").read_text(encoding="utf-8")
    assert "md-content" in theme and "__toc" in theme and ".icons" in theme


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
