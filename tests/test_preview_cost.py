"""Under `./dev serve` a save costs what it changes: counted, never timed.

A rebuild after one post changed reads that file only (the others come from the last
reading: scf.content.file_reads), converts that post's Markdown only (the others' conversions are
kept: scf_mkdocs.render.Renderer) and draws only the pages that show it; what it serves is then
byte for byte what a full build gives (tests/test_preview.py compares the same way). A full
build converts each page's Markdown once: the content check judges that HTML.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.config import load_config

import scf.build
from scf.checks import unsafe_content
from site_project import Project
from test_preview import _build as build
from test_preview import (
    _files,
    _redrawn,
    preview,  # noqa: F401  (the fixture)
)

OLD = 1_600_000_000_000_000_000  # a time well before any reading (scf.content.file_reads.RACY_NS)


def _age_sources(project: Project) -> None:
    """Content saved long ago: a file saved just before a reading is always read again."""
    for folder in ("posts", "easyread", "docs"):
        for path in (project.root / folder).rglob("*.md"):
            os.utime(path, ns=(OLD, OLD))


def _save(project: Project, rel: str, text: str) -> None:
    project.write(rel, text)
    path = project.root / rel
    stamp = path.stat().st_mtime_ns
    os.utime(path, ns=(stamp, stamp))


def _build(project: Project, site: str, dirty: bool):
    """Build as the preview server does; the adapter (loaded once per project), to count what it did."""
    build(project, site, dirty)
    config = load_config(str(project.root / "mkdocs.yml"))
    [adapter] = [hook._adapter for hook in config.hooks.values() if hasattr(hook, "_adapter")]
    return adapter


def _read(adapter) -> set[str]:
    return {Path(p).relative_to(adapter.build.site.settings.root).as_posix() for p in adapter.reads.reads}


def _aged_preview(project: Project) -> Path:
    _age_sources(project)
    _build(project, "served", dirty=True)
    served = project.root / "served"
    for page in served.rglob("index.html"):
        os.utime(page, ns=(0, 0))
    return served


def _full(project: Project) -> dict[str, bytes]:
    return _files(project.root / "full") if _build(project, "full", dirty=False) else {}


def test_a_saved_post_is_the_only_file_read_and_converted_again(preview):  # noqa: F811
    served = _aged_preview(preview)
    rel = "posts/2024-01-05-post-5.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("The rest.", "The rest, edited."))

    adapter = _build(preview, "served", dirty=True)

    assert _read(adapter) == {rel}
    assert adapter.build.renderer.conversions == 1  # its own Markdown; every other page's is kept
    redrawn = _redrawn(served)
    assert "2024/01/05/post-5" in redrawn and "2024/01/01/post-1" not in redrawn
    assert "The rest, edited." in (served / "2024/01/05/post-5/index.html").read_text()
    assert _files(served) == _full(preview)


def test_an_unchanged_rebuild_reads_and_converts_nothing(preview):  # noqa: F811
    _aged_preview(preview)
    adapter = _build(preview, "served", dirty=True)
    assert _read(adapter) == set() and adapter.build.renderer.conversions == 0


@pytest.mark.parametrize("change", ["new", "renamed", "deleted"])
def test_a_new_renamed_or_deleted_post_under_serve(preview, change):  # noqa: F811
    served = _aged_preview(preview)
    rel = "posts/2024-01-05-post-5.md"
    text = (preview.root / rel).read_text()
    if change == "new":
        _save(preview, "posts/2024-01-20-new.md", text.replace("Post 5", "A new post").replace("01-05", "01-20"))
    elif change == "renamed":
        (preview.root / rel).rename(preview.root / "posts/2024-01-05-moved.md")
    else:
        (preview.root / rel).unlink()

    adapter = _build(preview, "served", dirty=True)

    assert _read(adapter) == {"new": {"posts/2024-01-20-new.md"}, "renamed": {"posts/2024-01-05-moved.md"},
                              "deleted": set()}[change]
    assert (served / "2024/01/05/post-5/index.html").exists() == (change == "new")
    assert (served / "2024/01/05/moved/index.html").exists() == (change == "renamed")
    assert _files(served) == _full(preview)


def test_a_full_build_converts_each_page_once(preview, monkeypatch):  # noqa: F811
    """One render per page: the content check judges the HTML the build converted, and
    converts only the bodies the build does not draw (here none)."""
    renders: list[str] = []
    render = unsafe_content.render

    def counted(body: str) -> str:
        renders.append(body)
        return render(body)

    for module in (scf.build, unsafe_content):  # the check's own renders, and the build's fallback
        monkeypatch.setattr(module, "render", counted)
    adapter = _build(preview, "full", dirty=False)
    renderer = adapter.build.renderer
    assert renderer.conversions == len(renderer.files.documentation_pages()) > 15
    assert renders == []


def test_the_search_copies_of_unchanged_documents_are_not_written_again(preview):  # noqa: F811
    _aged_preview(preview)
    adapter = _build(preview, "served", dirty=True)
    folder = Path(adapter.search_preview.folder.name, "pages")
    for copy in folder.rglob("index.html"):
        os.utime(copy, ns=(0, 0))
    rel = "posts/2024-01-05-post-5.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("The rest.", "The rest, edited."))
    (preview.root / "posts/2024-01-06-post-6.md").unlink()

    build(preview, "served", True)

    copies = {str(p.parent.relative_to(folder)) for p in folder.rglob("index.html")}
    assert "2024/01/06/post-6" not in copies and "2024/01/04/post-4" in copies
    rewritten = {str(p.parent.relative_to(folder)) for p in folder.rglob("index.html") if p.stat().st_mtime_ns}
    assert "2024/01/05/post-5" in rewritten and "2024/01/01/post-1" not in rewritten
