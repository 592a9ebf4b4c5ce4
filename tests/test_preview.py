"""The preview server (`./dev serve`, i.e. `mkdocs serve --dirty`) draws again only what changed,
and what it serves is then exactly what a full build of the same files gives."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from site_project import REPO, Project

CATS = ["Campaigning", "Research and framing", "Gatherings"]
EASY = "---\ntitle: Post 3 in easy read\nsummary: Easy.\n---\n\n![A house](:material-home:)\n{text}\n"


@pytest.fixture
def preview(project: Project, monkeypatch):
    monkeypatch.setenv("SCF_NOW", "2026-11-23T12:00:00+00:00")
    for n in range(1, 16):
        day = f"2024-01-{n:02d}"
        project.post(f"{day}-post-{n}", title=f"Post {n}", date=day, categories=[CATS[n % 3]],
                     authors=["ann-author" if n % 2 else "bob-writer"], summary=f"Summary of post {n}.",
                     body=f"Intro of post {n}.\n\n<!-- more -->\n\nThe rest.\n")
    project.write("easyread/posts/2024-01-03-post-3.md", EASY.format(text="We all need a home."))
    project.save_config()
    return project


def _build(project: Project, site: str, dirty: bool) -> Path:
    config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(project.root / site))
    config.plugins.on_startup(command="serve", dirty=dirty)
    try:
        build(config, dirty=dirty)
    finally:
        config.plugins.on_startup(command="build", dirty=False)
    for hook in config.hooks.values():  # the splices left to after the browser's reload (scf_mkdocs.later)
        if hasattr(hook, "_adapter"):
            hook._adapter.later.finish()
    return project.root / site


def _files(site: Path) -> dict[str, bytes]:
    # The search index is written in the background under serve; tests/test_search.py checks it.
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and "pagefind" not in p.parts}


def _age_all(site: Path) -> None:
    for page in site.rglob("index.html"):
        os.utime(page, ns=(0, 0))


def _redrawn(site: Path) -> set[str]:
    return {str(p.parent.relative_to(site)) for p in site.rglob("index.html") if p.stat().st_mtime_ns}


def _same_as_full_build(project: Project, served: Path) -> None:
    full = _build(project, "full", dirty=False)
    assert _files(served) == _files(full)


def test_editing_a_title_redraws_the_post_its_neighbours_and_its_listings_only(preview):
    served = _build(preview, "served", dirty=True)
    _age_all(served)
    text = (preview.root / "posts/2024-01-08-post-8.md").read_text()
    preview.write("posts/2024-01-08-post-8.md", text.replace("title: Post 8", "title: Edited title"))

    _build(preview, "served", dirty=True)

    redrawn = _redrawn(served)
    assert "2024/01/08/post-8" in redrawn
    assert {"2024/01/07/post-7", "2024/01/09/post-9"} <= redrawn  # older and newer post link to it
    assert {"blog", "blog/category/gatherings", "blog/author/bob-writer", "2024/01"} <= redrawn
    assert "2024/01/01/post-1" not in redrawn and "blog/category/campaigning" not in redrawn
    assert "Edited title" in (served / "2024/01/08/post-8/index.html").read_text()
    _same_as_full_build(preview, served)


def test_moving_a_post_to_another_category_redraws_what_lists_it(preview):
    served = _build(preview, "served", dirty=True)
    text = (preview.root / "posts/2024-01-08-post-8.md").read_text()
    assert "categories: [Gatherings]" in text
    preview.write("posts/2024-01-08-post-8.md", text.replace("[Gatherings]", "[Campaigning]"))
    _build(preview, "served", dirty=True)
    _same_as_full_build(preview, served)


def test_a_deleted_post_leaves_the_preview(preview):
    served = _build(preview, "served", dirty=True)
    (preview.root / "posts/2024-01-08-post-8.md").unlink()
    _build(preview, "served", dirty=True)
    assert not (served / "2024/01/08/post-8/index.html").exists()
    _same_as_full_build(preview, served)


def test_editing_an_easy_read_page_and_a_template_redraws_them(preview, tmp_path):
    served = _build(preview, "served", dirty=True)
    preview.write("easyread/posts/2024-01-03-post-3.md", EASY.format(text="We all need a safe home."))
    _build(preview, "served", dirty=True)
    assert "a safe home" in (served / "easy-read/2024/01/03/post-3/index.html").read_text()
    _same_as_full_build(preview, served)

    # A copy of the templates with one change: every page must show it.
    shutil.copytree(REPO / "overrides", tmp_path / "overrides")
    main = tmp_path / "overrides/main.html"
    main.write_text(main.read_text().replace("{% block container %}", "{% block container %}<!-- changed -->", 1))
    preview.config["theme"]["custom_dir"] = str(tmp_path / "overrides")
    preview.save_config()
    _age_all(served)
    _build(preview, "served", dirty=True)
    assert "<!-- changed -->" in (served / "2024/01/01/post-1/index.html").read_text()
    _same_as_full_build(preview, served)


def test_a_new_symbol_on_an_easy_read_page_is_published_and_the_old_one_removed(preview):
    rows = "---\ntitle: Post 3 in easy read\nsummary: Easy.\n---\n\n![A house](symbol:{name})\nWe all need a home.\n"
    preview.write("easyread/posts/2024-01-03-post-3.md", rows.format(name="house"))
    served = _build(preview, "served", dirty=True)
    assert (served / "assets/symbols/house.svg").is_file()
    preview.write("easyread/posts/2024-01-03-post-3.md", rows.format(name="family"))
    _build(preview, "served", dirty=True)
    assert (served / "assets/symbols/family.svg").is_file() and not (served / "assets/symbols/house.svg").exists()
    _same_as_full_build(preview, served)


def test_a_deleted_picture_leaves_the_preview(preview):
    preview.write("docs/pictures/group.png", "not really a picture")
    served = _build(preview, "served", dirty=True)
    assert (served / "pictures/group.png").is_file()
    (preview.root / "docs/pictures/group.png").unlink()
    _build(preview, "served", dirty=True)
    assert not (served / "pictures/group.png").exists()
    _same_as_full_build(preview, served)


def test_the_preview_writes_no_host_headers(preview):
    # The preview server reads no _headers; the published build always has it (test_publish.py).
    assert not (_build(preview, "served", dirty=True) / "_headers").exists()


def test_rebuilds_reuse_one_search_folder(preview):
    from scf.outputs.search import SCRATCH

    def mine() -> set[Path]:
        return set(Path(SCRATCH or tempfile.gettempdir()).glob(f"scf-search-{os.getpid()}-*"))

    _build(preview, "served", dirty=True)
    first = mine()
    _build(preview, "served", dirty=True)
    _build(preview, "served", dirty=True)
    assert mine() == first
