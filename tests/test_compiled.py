"""The adapter's compiled templates (scf_mkdocs.kept.Compiled): kept in memory for the preview
server's rebuilds, and on disk for the next process, where Jinja's own cache keeps them. A
changed template is compiled again; a cache that cannot be read or written is left alone."""
from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, Environment, FileSystemBytecodeCache, FileSystemLoader, PrefixLoader

from scf_mkdocs.kept import Compiled, compiled_on_disk


class Counted(Environment):
    """An environment that counts the templates it compiles from source."""

    compiled = 0

    def _compile(self, source, filename):  # type: ignore[no-untyped-def]
        Counted.compiled += 1
        return super()._compile(source, filename)


def _render(templates: Path, cache: Compiled) -> str:
    """A new environment, as MkDocs makes one for every build, drawing page.html."""
    env = Counted(loader=FileSystemLoader(str(templates)), bytecode_cache=cache)
    return env.get_template("page.html").render(name="you")


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("Hello {{ name }}", encoding="utf-8")
    Counted.compiled = 0
    return folder


def test_a_template_is_compiled_once_per_process(templates):
    kept = Compiled()
    assert [_render(templates, kept) for _ in range(3)] == ["Hello you"] * 3
    assert Counted.compiled == 1


def test_the_next_process_reads_it_from_disk_and_a_changed_template_is_compiled_again(templates, tmp_path):
    disk = tmp_path / "cache"
    disk.mkdir()
    assert _render(templates, Compiled(FileSystemBytecodeCache(str(disk)))) == "Hello you"
    assert Counted.compiled == 1 and len(list(disk.iterdir())) == 1
    assert _render(templates, Compiled(FileSystemBytecodeCache(str(disk)))) == "Hello you"  # a new process
    assert Counted.compiled == 1
    (templates / "page.html").write_text("Goodbye {{ name }}", encoding="utf-8")
    assert _render(templates, Compiled(FileSystemBytecodeCache(str(disk)))) == "Goodbye you"
    assert Counted.compiled == 2


def test_two_templates_of_one_name_are_each_compiled_once(tmp_path):
    """Ours includes the theme's template of the same name (overrides/partials/header.html
    and Material's, which a prefix loader gives Jinja by its name without the prefix): each
    compiled the other out of the cache, on every rebuild of the preview."""
    ours, theirs = tmp_path / "overrides", tmp_path / "material"
    for folder, text in ((ours, "[{% include 'material/header.html' %}]"), (theirs, "header")):
        folder.mkdir()
        (folder / "header.html").write_text(text, encoding="utf-8")
    kept = Compiled()
    Counted.compiled = 0
    for _ in range(3):  # a new environment each rebuild, as MkDocs makes
        loader = ChoiceLoader([FileSystemLoader(str(ours)), PrefixLoader({"material": FileSystemLoader(str(theirs))})])
        assert Counted(loader=loader, bytecode_cache=kept).get_template("header.html").render() == "[header]"
    assert Counted.compiled == 2


def test_a_broken_or_unwritable_cache_only_costs_a_compile(templates, tmp_path):
    disk = tmp_path / "cache"
    disk.mkdir()
    _render(templates, Compiled(FileSystemBytecodeCache(str(disk))))
    for file in disk.iterdir():
        file.write_bytes(b"not a template")
    assert _render(templates, Compiled(FileSystemBytecodeCache(str(disk)))) == "Hello you"
    assert Counted.compiled == 2

    class Full(FileSystemBytecodeCache):
        def dump_bytecode(self, bucket):  # type: ignore[no-untyped-def]
            raise OSError(28, "No space left on device")

    assert _render(templates, Compiled(Full(str(tmp_path / "none")))) == "Hello you"


def test_the_cache_on_disk_is_jinjas_own_private_folder():
    cache = compiled_on_disk()
    assert isinstance(cache, FileSystemBytecodeCache)
    folder = Path(cache.directory)
    assert folder.is_dir() and folder.stat().st_mode & 0o077 == 0  # Jinja makes it the user's alone


def test_code_compiled_without_escaping_is_never_run_where_templates_escape(templates, tmp_path):
    """Jinja bakes escaping into a template's code; its own cache keys a template by name and
    source alone, so an environment that escapes must not load code compiled for one that did not."""
    disk = tmp_path / "cache"
    disk.mkdir()

    def drawn(autoescape: bool) -> str:
        env = Counted(loader=FileSystemLoader(str(templates)), autoescape=autoescape,
                      bytecode_cache=Compiled(FileSystemBytecodeCache(str(disk))))
        return env.get_template("page.html").render(name="<b>you</b>")

    assert drawn(False) == "Hello <b>you</b>"
    assert drawn(True) == "Hello &lt;b&gt;you&lt;/b&gt;"
    assert drawn(True) == "Hello &lt;b&gt;you&lt;/b&gt;" and Counted.compiled == 2  # each kept on disk


def test_the_cache_keeps_a_template_once_wherever_its_project_is(templates, tmp_path):
    """Each test's project is a new folder: keyed by file, the cache would grow with every run."""
    disk = tmp_path / "cache"
    disk.mkdir()
    for n in range(3):
        elsewhere = tmp_path / f"project-{n}"
        elsewhere.mkdir()
        (elsewhere / "page.html").write_text("Hello {{ name }}", encoding="utf-8")
        assert _render(elsewhere, Compiled(FileSystemBytecodeCache(str(disk)))) == "Hello you"
    assert Counted.compiled == 1 and len(list(disk.iterdir())) == 1


def test_a_template_read_from_the_cache_names_its_own_file_in_its_errors(templates, tmp_path):
    """The cache keeps one code per template name: code compiled in another project's folder is
    named for this one's file, which Jinja's errors and tracebacks give."""
    import traceback

    disk = tmp_path / "cache"
    disk.mkdir()
    projects = [tmp_path / "one", tmp_path / "two"]
    for folder in projects:
        folder.mkdir()
        (folder / "page.html").write_text("Hello\n{% macro m(n) %}{{ 1 // n }}{% endmacro %}{{ m(n) }}",
                                          encoding="utf-8")
    for folder in projects:
        env = Counted(loader=FileSystemLoader(str(folder)), bytecode_cache=Compiled(FileSystemBytecodeCache(str(disk))))
        template = env.get_template("page.html")
        assert template.filename == str(folder / "page.html")
        with pytest.raises(ZeroDivisionError) as error:
            template.render(n=0)
        frames = [(frame.filename, frame.lineno) for frame in traceback.extract_tb(error.value.__traceback__)]
        assert (str(folder / "page.html"), 2) in frames
    assert Counted.compiled == 1
