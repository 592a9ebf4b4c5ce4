"""`pip install .` (not editable) gives everything the build runs: the wheel alone builds the site.

The wheel is built from a copy of pyproject.toml and hooks/ (setuptools writes build/ and
egg-info beside its sources) without network (`--no-build-isolation`: the lock's setuptools),
and installed with `--no-deps` into a fresh venv that reaches the project's own dependencies
through a .pth file. The site's sources are copied without hooks/, and mkdocs.yml's `hooks:`
entry names the installed scf_mkdocs/adapter.py, so nothing can be imported from the repository:
the test also asserts where every module of ours came from. The site it builds must be the
suite's shared build (`real_site`), byte for byte.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from site_project import NOW, REPO
from test_properdocs import files

pytestmark = pytest.mark.build

# What a build reads besides hooks/ (node_modules: the web editor; data: the symbols too).
SOURCES = ("docs", "posts", "easyread", "overrides", "mkdocs.yml", "scf.yml")
LINKED = ("data", "node_modules")
OURS = ("scf", "scf_mkdocs")
# Runs MkDocs's own command in the fresh venv, finds `scf check`'s builder and the theme `scf
# easyread-lint` reads, then says where each module of ours came from.
DRIVER = """
import json, sys
from mkdocs.__main__ import cli
cli(["build", "--strict", "-q", "--site-dir", sys.argv[1]], standalone_mode=False)
from scf.cli import builder_check, builder_theme
builder_check()  # `scf check`'s builder, found by name
assert builder_theme().icons.is_dir()  # the theme's icon sets, found by name too
import scf.integrations.wordpress.importer  # `scf import-wordpress`, which no build imports
ours = {n: m.__file__ for n, m in sorted(sys.modules.items())
        if n.split(".")[0] in OURS and getattr(m, "__file__", None)}
print(json.dumps(ours))
""".replace("OURS", repr(OURS))


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(SCF_NOW=NOW, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{args[:4]} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _wheel(tmp: Path) -> Path:
    source = tmp / "source"
    source.mkdir()
    shutil.copy(REPO / "pyproject.toml", source)
    shutil.copytree(REPO / "hooks", source / "hooks",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
          "-w", str(tmp / "wheel"), str(source)], tmp)
    return next((tmp / "wheel").glob("*.whl"))


def _venv(tmp: Path, wheel: Path) -> tuple[Path, Path]:
    """A fresh venv with the wheel installed; the project's dependencies through a .pth file."""
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp)
    python = venv / "bin" / "python"
    purelib = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                        tmp).stdout.strip())
    # Appended after the venv's own folder, and its .pth files (the editable install's path to
    # hooks/) are not read: the wheel's modules come first and only they exist.
    (purelib / "project-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
          "--no-index", str(wheel)], tmp)
    return python, purelib


def _site_sources(tmp: Path, adapter: Path) -> Path:
    site = tmp / "site-sources"
    site.mkdir()
    for name in SOURCES:
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, site / name)
    for name in LINKED:
        if (REPO / name).exists():
            (site / name).symlink_to(REPO / name)
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - hooks/scf_mkdocs/adapter.py\n" in config
    (site / "mkdocs.yml").write_text(config.replace("hooks/scf_mkdocs/adapter.py", str(adapter)), encoding="utf-8")
    return site


def test_the_installed_wheel_builds_the_site(real_site: Path, tmp_path: Path) -> None:
    wheel = _wheel(tmp_path)
    python, purelib = _venv(tmp_path, wheel)
    scf = python.parent / "scf"
    assert scf.is_file(), "the wheel installs no `scf` command"
    assert "import-wordpress" in _run([str(scf), "--help"], tmp_path).stdout
    for name in ("editor_preview.js", "editor_picker.js", "editor_picker.css", "editor_symbol_search.js"):
        assert (purelib / "scf/integrations" / name).is_file(), f"the wheel lacks scf/integrations/{name}"
    site = _site_sources(tmp_path, purelib / "scf_mkdocs/adapter.py")
    out = tmp_path / "built"
    ours = json.loads(_run([str(python), "-c", DRIVER, str(out)], site).stdout.splitlines()[-1])
    assert {"scf", "scf.integrations.wordpress", "scf.integrations.newsletter", "scf_mkdocs.check",
            "scf_mkdocs.render", "scf_mkdocs.material_html"} <= ours.keys()
    assert [name for name, file in ours.items() if not Path(file).is_relative_to(purelib)] == []
    built, shared = files(out), files(real_site)
    assert built.keys() == shared.keys()
    assert [name for name in built if built[name] != shared[name]] == []
