"""A fork draws the listing pages of a full build (hooks/scf_mkdocs/draw_helper.py): the site
is byte for byte what one process draws, this process draws none of them, and what the fork
finds (problems, warnings) is reported as if this process had drawn them."""
from __future__ import annotations

import logging
import os

import pytest
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

import scf.build
import scf_mkdocs.draw_helper
from scf_mkdocs.draw_helper import Drawer

MENU = ("blog/index.md", "blog/categories/index.md", "blog/authors/index.md", "blog/archive/index.md")  # Project's nav


def _posts(project) -> None:
    project.settings["per_page"] = 2  # many listing pages from a few posts
    for n in range(1, 13):
        project.post(f"2024-05-{n:02d}-post-{n}", date=f"2024-05-{n:02d}",
                     body=f"Words about care, number {n}.\n\n<!-- more -->\n\nMore words.\n")
    project.save_config()


def _build(project, site: str, monkeypatch, *, forked: bool | None) -> tuple[dict[str, bytes], list[str]]:
    """Build in this process, with or without the fork (None: as a build decides); every file
    made, and the src_uri of each page this process drew."""
    here: list[str] = []
    real = mkdocs_build._build_page

    def counting(page, *args, **kwargs):
        if os.getpid() == parent:
            here.append(page.file.src_uri)
        return real(page, *args, **kwargs)

    parent = os.getpid()
    with monkeypatch.context() as patch:
        if forked is not None:
            patch.setattr(scf_mkdocs.draw_helper, "MIN_PAGES", 1 if forked else 10**9)
        patch.setattr(mkdocs_build, "_build_page", counting)
        config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(project.root / site))
        mkdocs_build.build(config)
    root = project.root / site
    files = {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    return files, here


def _is_listing(files: dict[str, bytes], src_uri: str) -> bool:
    """Whether the page drawn from `src_uri` is a blog listing (its template's own menu)."""
    return b'class="scf-blog-nav"' in files[src_uri.removesuffix("index.md").removesuffix(".md") + "/index.html"
                                             if not src_uri.endswith("index.md") else src_uri[:-2] + "html"]


def test_the_fork_draws_the_listings_byte_for_byte(project, monkeypatch):
    monkeypatch.setenv("SCF_NOW", "2026-11-23T12:00:00+00:00")
    _posts(project)
    alone, drawn_alone = _build(project, "alone", monkeypatch, forked=False)
    forked, drawn_here = _build(project, "forked", monkeypatch, forked=True)
    assert forked == alone
    # This process drew every page but the listings outside the menu (the blog's pages,
    # categories, authors, months); the fork drew those.
    listings = [uri for uri in drawn_alone if _is_listing(alone, uri) and uri not in MENU]
    assert len(listings) > 10, listings
    assert sorted(drawn_here) == sorted(set(drawn_alone) - set(listings))
    assert set(MENU) <= set(drawn_here)


def test_a_fork_that_fails_leaves_its_pages_to_this_process(project, monkeypatch):
    monkeypatch.setenv("SCF_NOW", "2026-11-23T12:00:00+00:00")
    _posts(project)
    alone, _ = _build(project, "alone", monkeypatch, forked=False)
    parent, planned = os.getpid(), Drawer.planned.__func__

    def failing(cls, *args):
        drawer = planned(cls, *args)
        found = drawer.found

        def broken():
            if os.getpid() != parent:
                os._exit(3)  # the fork dies before it draws anything
            return found()

        drawer.found = broken
        return drawer

    monkeypatch.setattr(Drawer, "planned", classmethod(failing))
    forked, drawn_here = _build(project, "forked", monkeypatch, forked=True)
    assert forked == alone
    assert sum(_is_listing(alone, uri) for uri in drawn_here) > 10  # drawn here after all


def test_problems_and_warnings_found_in_the_fork_are_reported(project, monkeypatch, caplog):
    monkeypatch.setenv("SCF_NOW", "2026-11-23T12:00:00+00:00")
    _posts(project)
    real = scf.build.SiteBuild.excerpt

    def excerpt(self, post, page_url):  # drawn on listing pages only
        logging.getLogger("mkdocs.plugins").warning("a warning while drawing %s", page_url)
        if post.title.endswith(" 7"):
            raise RuntimeError("a bug drawing a teaser")
        return real(self, post, page_url)

    monkeypatch.setattr(scf.build.SiteBuild, "excerpt", excerpt)
    reports = {}
    for forked in (False, True):
        caplog.clear()
        with pytest.raises(Abort):
            _build(project, f"site-{forked}", monkeypatch, forked=forked)
        errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        warned = sorted(r.getMessage() for r in caplog.records if r.getMessage().startswith("a warning"))
        reports[forked] = (errors, warned)
    assert "a bug drawing a teaser" in reports[True][0][0]
    assert reports[True] == reports[False]
    assert reports[True][1], "the fork's warnings are logged here"


def test_a_small_site_draws_in_one_process(project, monkeypatch):
    monkeypatch.setenv("SCF_NOW", "2026-11-23T12:00:00+00:00")
    _posts(project)
    files, drawn_here = _build(project, "site", monkeypatch, forked=None)  # fewer than MIN_PAGES listings
    assert sum(_is_listing(files, uri) for uri in drawn_here) > 10
