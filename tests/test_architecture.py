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


# The folders of scf by role, lowest first: a module imports its own folder's and lower ones'.
# What the top holds (build.py, cli.py, redraw.py, site_addresses.py, symbols_command.py)
# composes them; the adapter (scf_mkdocs) stands above all of scf, and scf never imports it.
LAYERS = ["scf.content", "scf.pages", "scf.views", "scf.checks", "scf.outputs", "scf.integrations", "scf", "scf_mkdocs"]


def _layer(module: str) -> int:
    return max(i for i, layer in enumerate(LAYERS) if module == layer or module.startswith(layer + "."))


# The top of scf: what a build, the preview's redraw and the command do, and what they compose.
TOP = {"scf", "scf.build", "scf.cli", "scf.redraw", "scf.site_addresses", "scf.symbols_command"}


def test_every_module_has_a_folder_by_role():
    """Every module of hooks/ is in a role's folder, the adapter, or the few at the top of scf
    (a new module finds its folder, rather than joining the top)."""
    folders = tuple(layer + "." for layer in LAYERS if layer != "scf")
    unplaced = [m for m in _imports() if not m.startswith(folders) and m not in TOP and m not in LAYERS]
    assert not unplaced, unplaced


def test_imports_run_one_way_down_the_layers():
    """No arrow up, no exception: what a module needs from above (the theme, the builder) is
    handed to it by its caller."""
    graph = _imports()
    upward = sorted((module, imported) for module, imports in graph.items() for imported in imports
                    if imported != "scf" and _layer(imported) > _layer(module))
    assert not upward, upward


def test_only_the_command_line_names_the_adapter():
    """scf names the adapter's modules only where the command line finds them by name (the
    builder for `scf check`, mkdocs.yml's reader, the theme for `scf easyread-lint`): no other
    module of scf reaches it, by an import or by a name."""
    named = {f"{path.relative_to(REPO)}: {node.value}"
             for path in _scf_files() for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Constant) and isinstance(node.value, str)
             and re.fullmatch(r"scf_mkdocs(\.\w+)*", node.value)}
    assert named == {"hooks/scf/cli.py: scf_mkdocs.check", "hooks/scf/cli.py: scf_mkdocs.site_config",
                     "hooks/scf/cli.py: scf_mkdocs.material_html"}, named


def test_features_never_import_the_orchestrator():
    """build.py lists what a build does; the steps it lists know nothing of it. Only the
    builders use it: the adapter, `scf check`, and the preview's redraw (for the adapter).
    Nothing imports the command line."""
    graph = _imports()
    importers = {module for module, imported in graph.items() if "scf.build" in imported}
    assert importers <= {"scf_mkdocs.adapter", "scf_mkdocs.one_build", "scf.cli", "scf.redraw"}, importers
    assert not [module for module, imported in graph.items() if "scf.cli" in imported]


def _scf_files() -> list[Path]:
    return sorted((HOOKS / "scf").rglob("*.py"))


def test_only_the_adapter_imports_mkdocs_or_material():
    """Every module of scf, in every folder: no import of MkDocs (or its fork), Material or
    their plugins; the adapter package is the one place that knows the builder."""
    builder = ("mkdocs", "material", "properdocs")
    found = []
    for path in _scf_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            found += [f"{path.relative_to(REPO)}:{node.lineno}: {n}" for n in names
                      if n.split(".")[0] in builder]
    assert not found, found


def test_only_the_adapter_knows_materials_html():
    """What Material's templates write (its classes, ids and files) is in
    hooks/scf_mkdocs/material_html.py; scf asks a theme for it (scf/pages/theme.py). Every
    module of scf, in every folder, is read. Material's icon shortcodes, in texts telling
    editors what to write, are the content's syntax, not the theme's HTML."""
    markup = re.compile(r"""md-[a-z]|"__[a-z]+"|__toc|["']\.icons["']|find_spec\("material"\)|templates/"""
                        r"""|assets/(?:stylesheets|javascripts)|min\\\.(?:css|js)""")
    found = [f"{path.relative_to(REPO)}:{number}: {line.strip()}"
             for path in _scf_files()
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if markup.search(line)]
    assert not found, found
    theme = (HOOKS / "scf_mkdocs/material_html.py").read_text(encoding="utf-8")
    assert "md-content" in theme and "__toc" in theme and ".icons" in theme


def test_domain_modules_do_not_need_mkdocs():
    modules = sorted(".".join(p.relative_to(HOOKS).with_suffix("").parts).removesuffix(".__init__")
                     for p in _scf_files())
    code = ("import importlib, sys\n"
            f"for name in {modules!r}: importlib.import_module(name)\n"
            "loaded = [m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material', 'properdocs')]\n"
            "assert not loaded, loaded\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_no_file_over_400_lines_and_no_function_over_60():
    """DEVELOPERS.md: small modules named for what they do; #30: no function over 60 lines."""
    long_files, long_functions = [], []
    for path in sorted(HOOKS.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > 400:
            long_files.append(f"{path.relative_to(REPO)}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 60:
                long_functions.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.name}, "
                                      f"{node.end_lineno - node.lineno + 1} lines")
    assert not long_files and not long_functions, long_files + long_functions


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
