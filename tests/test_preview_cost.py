"""Under `./dev serve` a save costs what it changes: counted, never timed.

A rebuild after one post changed reads that file only (the others come from the last
reading: scf.content.file_reads), converts that post's Markdown only (the others' conversions are
kept: scf_mkdocs.render.Renderer) and draws only the pages that show it; what it serves is then
byte for byte what a full build gives (tests/test_preview.py compares the same way). A full
build converts each page's Markdown once: the content check judges that HTML.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from mkdocs.config import load_config

import scf.build
import scf.outputs.search
from scf.checks import unsafe_content
from site_project import REPO, Project
from test_preview import (
    EASY,
    _files,
    _redrawn,
    preview,  # noqa: F401  (the fixture)
)
from test_preview import _build as build

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


def _aged_preview(project: Project, indexed: bool = False) -> Path:
    """The preview as a save finds it a while after its first build: its pages old; with
    `indexed`, its search index done (else the next build stops its Pagefind, which may leave a
    half-written fragment beside the bundle, named by no index)."""
    _age_sources(project)
    adapter = _build(project, "served", dirty=True)
    if indexed and adapter.search_preview and adapter.search_preview.runs:
        adapter.search_preview.runs.wait()
    served = project.root / "served"
    for page in served.rglob("index.html"):
        os.utime(page, ns=(0, 0))
    return served


def _full(project: Project) -> dict[str, bytes]:
    return _files(project.root / "full") if _build(project, "full", dirty=False) else {}


def _stopped(project: Project) -> list:
    """The problems of a preview rebuild that stops (MkDocs's own 'Aborted with a BuildError!')."""
    with pytest.raises(Exception):  # noqa: B017
        build(project, "served", True)
    config = load_config(str(project.root / "mkdocs.yml"))
    [adapter] = [hook._adapter for hook in config.hooks.values() if hasattr(hook, "_adapter")]
    return adapter.problems


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


def test_an_unchanged_post_makes_no_search_copy_even_in_memory(preview, monkeypatch):  # noqa: F811
    """Its copy is judged by what it is made of (scf.outputs.search.SearchIndex._keep_posts)."""
    _aged_preview(preview)
    rel = "posts/2024-01-05-post-5.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("The rest.", "The rest, edited."))
    made = _counted_articles(monkeypatch)

    build(preview, "served", True)

    assert made == ["2024/01/05/post-5.md"]


def test_a_kept_post_with_its_kept_html_is_not_looked_at_for_search(preview, monkeypatch):  # noqa: F811
    """What a post's copy is made of is worked out only for a post that is new, or whose HTML or
    part of the index is (scf.outputs.search.Preview.posts)."""
    _aged_preview(preview)
    rel = "posts/2024-01-05-post-5.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("The rest.", "The rest, edited."))
    looked: list[str] = []
    parts = scf.outputs.search.SearchIndex._parts
    monkeypatch.setattr(scf.outputs.search.SearchIndex, "_parts",
                        lambda self, post: looked.append(post.src_uri) or parts(self, post))

    build(preview, "served", True)

    assert set(looked) == {"2024/01/05/post-5.md"}  # (its copy is made of them too)
    assert _files(preview.root / "served") == _full(preview)


def _counted_articles(monkeypatch) -> list[str]:
    made: list[str] = []
    article = scf.outputs.search.SearchIndex._article

    def counted(self, post):
        made.append(post.src_uri)
        return article(self, post)

    monkeypatch.setattr(scf.outputs.search.SearchIndex, "_article", counted)
    return made


def _drawn_in_next_build(monkeypatch) -> list[str]:
    """The src_uri of every page the next builds draw (their final HTML goes through SiteBuild.page)."""
    drawn: list[str] = []
    page = scf.build.SiteBuild.page

    def counted(self, src_uri, html):
        drawn.append(src_uri)
        return page(self, src_uri, html)

    monkeypatch.setattr(scf.build.SiteBuild, "page", counted)
    return drawn


def test_a_title_edit_splices_the_block_under_the_posts_that_name_it(preview, monkeypatch):  # noqa: F811
    """Post 8's neighbours and the posts it is related to show its title under their text only:
    that block is put in their pages as the last build wrote them; none of them is drawn."""
    served = _aged_preview(preview)
    rel = "posts/2024-01-08-post-8.md"
    (served / "2024/01/09/post-9/index.html").unlink()  # a page that is not there is drawn
    _save(preview, rel, (preview.root / rel).read_text().replace("title: Post 8", "title: Edited title"))
    drawn = _drawn_in_next_build(monkeypatch)

    adapter = _build(preview, "served", dirty=True)

    spliced = set(adapter.build.redraw.splices)
    assert "2024/01/07/post-7.md" in spliced and "2024/01/09/post-9.md" not in spliced
    assert {"2024/01/08/post-8.md", "2024/01/09/post-9.md"} <= set(drawn) and not spliced & set(drawn)
    related = [p for p in spliced if "Edited title" in (served / p[:-3] / "index.html").read_text()]
    assert len(related) == len(spliced) >= 3  # the older post and the related ones, all showing the new title
    assert _files(served) == _full(preview)


def _counted(monkeypatch, module, name: str) -> list[str]:
    calls: list[str] = []
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(next((a for a in args if isinstance(a, str)), ""))
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_save_checks_only_the_saved_file_again(preview, monkeypatch):  # noqa: F811
    """Its front matter, its links and (for easy read) its lint and symbols; the others' results are kept."""
    import scf.checks.easyread_lint
    import scf.checks.easyread_symbols
    import scf.checks.site_links
    import scf.content.model

    preview.write("easyread/posts/2024-01-05-post-5.md", EASY.format(text="We talk."))  # not saved again
    _aged_preview(preview)
    judged = _counted(monkeypatch, scf.content.model, "validate")
    linked = _counted(monkeypatch, scf.checks.site_links, "broken_links")
    linted = _counted(monkeypatch, scf.checks.easyread_lint.Linter, "lint")
    rel = "easyread/posts/2024-01-03-post-3.md"
    named = _counted(monkeypatch, scf.checks.easyread_symbols, "_named")
    _save(preview, rel, (preview.root / rel).read_text().replace("a home", "a warm home"))

    _build(preview, "served", dirty=True)

    linked = [path for path in linked if (preview.root / path).exists()]  # not the easy read index the build makes
    assert (len(judged), linked, len(linted), len(named)) == (1, [rel], 1, 1)


def test_a_link_to_a_deleted_post_is_found_under_serve(preview):  # noqa: F811
    """The links of an unchanged file are checked again when the site's addresses change."""
    _aged_preview(preview)
    rel = "posts/2024-01-05-post-5.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("The rest.", "See [post 4](2024-01-04-post-4.md)."))
    _build(preview, "served", dirty=True)
    (preview.root / "posts/2024-01-04-post-4.md").unlink()

    assert [(p.file, p.message[:40]) for p in _stopped(preview)] == [
        (rel, "the link '2024-01-04-post-4.md' points t")]


def test_a_saved_posts_new_broken_link_is_found_by_a_kept_reading(preview):  # noqa: F811
    """A site a kept reading made keeps the last links' problems only while each changed post
    has the same (scf.content.kept_reading.FromLast): a save that adds a broken link is stopped."""
    _aged_preview(preview)
    rel = "posts/2024-01-05-post-5.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("The rest.", "See [a post](2024-01-04-no-post.md)."))

    assert [(p.file, p.message[:40]) for p in _stopped(preview)] == [
        (rel, "the link '2024-01-04-no-post.md' points ")]


def test_a_saved_posts_new_old_address_is_judged_by_a_kept_reading(preview):  # noqa: F811
    """The old addresses sent on are kept only while each changed post gives the same: a save
    that adds an `original_url` a host cannot send on is stopped, naming its line."""
    _aged_preview(preview)
    rel = "posts/2024-01-05-post-5.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("title: Post 5", "title: Post 5\n"
                                                                  "original_url: https://old.example/*"))

    assert [(p.file, "'/*' cannot be sent on" in p.message) for p in _stopped(preview)] == [(rel, True)]


def test_the_installed_theme_is_listed_once_and_the_overrides_every_time(preview, monkeypatch, tmp_path):  # noqa: F811
    import shutil

    from scf_mkdocs import theme_listing

    shutil.copytree(REPO / "overrides", tmp_path / "overrides")
    preview.config["theme"]["custom_dir"] = str(tmp_path / "overrides")
    preview.save_config()
    _build(preview, "served", dirty=True)
    walked = _counted(monkeypatch, theme_listing, "_walk")
    (tmp_path / "overrides/assets/new.txt").parent.mkdir(exist_ok=True)
    (tmp_path / "overrides/assets/new.txt").write_text("a new asset")

    _build(preview, "served", dirty=True)

    assert walked == [str(tmp_path / "overrides")]
    assert (preview.root / "served/assets/new.txt").read_text() == "a new asset"


def test_the_preview_server_watches_with_the_native_observer(preview):  # noqa: F811
    """A save is seen as it happens, not at the next of MkDocs's polls (every 0.5 s), and the
    Markdown files saved are told to the next reading. What the first build left is frozen out
    of the collector's passes (on_serve runs after that build)."""
    import gc
    import time

    from mkdocs.livereload import LiveReloadServer
    from watchdog.observers.polling import PollingObserver

    config = load_config(str(preview.root / "mkdocs.yml"))
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(preview.root / "site"))
    server.watch(config.docs_dir)  # as `mkdocs serve` does before on_serve
    server.watch(config.config_file_path)
    try:
        config.plugins.on_serve(server, config=config, builder=server.builder)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()  # this process goes on with other tests
    assert not isinstance(server.observer, PollingObserver) and server.build_delay < 0.1
    watched = {Path(e.watch.path).name for e in server.observer.emitters}
    # mkdocs.yml and scf.yml: watchdog watches a file's folder, passing on that file's events only
    assert {"docs", "posts", "easyread", "data", "overrides", preview.root.name} <= watched

    server.observer.start()
    [adapter] = [hook._adapter for hook in config.hooks.values() if hasattr(hook, "_adapter")]
    try:
        time.sleep(0.2)  # the watches are set up
        assert adapter.saved.take() is None  # the first reading looks at every file: before, nothing was seen
        for path in [*preview.root.rglob("*.md"), preview.root / "mkdocs.yml"]:
            path.read_bytes()  # as a build does: no rebuild for that
        time.sleep(0.5)
        assert not server._want_rebuild and adapter.saved.take() == set()
        _save(preview, "posts/2024-01-05-post-5.md", "edited")
        (preview.root / "posts/notes.txt").write_text("not content")
        deadline = time.monotonic() + 10
        while not server._want_rebuild and time.monotonic() < deadline:  # MkDocs 1.6's flag (pinned)
            time.sleep(0.01)
        assert server._want_rebuild
        time.sleep(0.2)
        # What the next reading reads again (scf.content.kept_reading): the Markdown file saved.
        assert adapter.saved.take() == {str(preview.root / "posts/2024-01-05-post-5.md")}
    finally:
        server.observer.stop()


def test_the_themes_sitemap_is_not_drawn(preview, monkeypatch):  # noqa: F811
    """scf.outputs.host_files writes the site's; the theme's listed all 3,500 pages of a big site on every build."""
    import jinja2

    drawn: list[str] = []
    render = jinja2.Template.render

    def counted(self, *args, **kwargs):
        drawn.append(self.name)
        return render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", counted)
    site = build(preview, "full", False)
    assert "404.html" in drawn and "sitemap.xml" not in drawn
    assert b"<loc>https://example.org/2024/01/05/post-5/</loc>" in (site / "sitemap.xml").read_bytes()


def test_a_posts_kept_checks_follow_the_settings(preview):  # noqa: F811
    """A category added to scf.yml makes an unchanged post that names it right again."""
    _aged_preview(preview)
    rel = "posts/2024-01-05-post-5.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("categories: [", "categories: [Housing, "))
    os.utime(preview.root / rel, ns=(OLD, OLD))  # saved long ago: its reading is kept
    with pytest.raises(Exception):  # noqa: B017  MkDocs's own: 'Aborted with a BuildError!'
        build(preview, "served", True)

    preview.settings["categories"].append("Housing")
    preview.save_config()
    adapter = _build(preview, "served", dirty=True)

    assert _read(adapter) == set() and not adapter.problems


def test_the_404_page_is_drawn_again_only_when_the_structure_changes(preview):  # noqa: F811
    served = _aged_preview(preview)
    page = served / "404.html"
    os.utime(page, ns=(0, 0))
    rel = "posts/2024-01-05-post-5.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("The rest.", "The rest, edited."))
    _build(preview, "served", dirty=True)
    assert page.stat().st_mtime_ns == 0  # kept

    preview.config["site_name"] = "Another name"  # in every page's header
    preview.save_config()
    _build(preview, "served", dirty=True)
    assert page.stat().st_mtime_ns and "Another name" in page.read_text()
    assert _files(served) == _full(preview)


def test_a_kept_conversion_logs_its_warning_again(preview):  # noqa: F811
    """A page in the menu is drawn on every rebuild from its kept conversion: MkDocs's warning
    about its link to nothing is logged each time (--strict counts it), converted or not."""
    import logging

    preview.config["strict"] = False  # counted here, not stopped at
    preview.save_config()
    text = (preview.root / "docs/index.md").read_text()
    preview.write("docs/index.md", text + "\nSee [the notes](notes.txt).\n")
    _age_sources(preview)
    messages: list[str] = []

    class Counted(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    counted = Counted(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(counted)
    try:
        _build(preview, "served", dirty=True)
        first = [m for m in messages if "notes.txt" in m]
        messages.clear()
        adapter = _build(preview, "served", dirty=True)
    finally:
        logging.getLogger("mkdocs").removeHandler(counted)
    assert len(first) == 1 and [m for m in messages if "notes.txt" in m] == first
    assert adapter.build.renderer.conversions == 0  # nothing converted again


def test_the_structure_stamps_the_symbols_the_pages_show_not_the_whole_set(tmp_path):
    """A save stats the drawings easy read pages show, not the 3,440 of the set; a change
    to one of those (or to any other data file) still redraws every page."""
    from types import SimpleNamespace

    from scf.content.symbols import SET
    from scf.redraw import _structure

    folder = tmp_path / SET / "svg"
    folder.mkdir(parents=True)
    for name in ("house", "family"):
        (folder / f"{name}.svg").write_text("<svg/>")
    (tmp_path / "data/authors.yml").write_text("{}")
    site = SimpleNamespace(settings=SimpleNamespace(root=tmp_path), documents=[])
    build = SimpleNamespace(site=site, serving=True, made_from=None, symbol_files={"assets/symbols/house.svg": str(folder / "house.svg")})
    first = _structure(build, [])

    def touched(path: Path) -> str:
        os.utime(path, ns=(OLD, path.stat().st_mtime_ns + 1))
        return _structure(build, [])

    assert touched(folder / "family.svg") == first  # not shown by any page
    shown = touched(folder / "house.svg")
    assert shown != first and touched(tmp_path / "data/authors.yml") != shown


def test_a_rebuild_gives_mkdocs_only_the_pages_it_draws(preview, monkeypatch):  # noqa: F811
    """A title edit: MkDocs makes the pages it draws; each splice makes its own page, after."""
    import scf_mkdocs.render
    from scf_mkdocs.later import Later

    _aged_preview(preview)
    made: list[str] = []
    init = scf_mkdocs.render.ModelPage.__init__
    monkeypatch.setattr(scf_mkdocs.render.ModelPage, "__init__",
                        lambda self, title, file, config: made.append(file.src_uri) or init(self, title, file, config))
    monkeypatch.setattr(Later, "start", lambda self, jobs: self.jobs.update(jobs))  # the splices wait
    rel = "posts/2024-01-08-post-8.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("title: Post 8", "title: Edited title"))

    adapter = _build(preview, "served", dirty=True)  # and then every splice

    files, spliced = adapter.build.files, set(adapter.build.redraw.splices)
    drawn = {uri for uri in files.src_uris if uri.endswith(".md") and files.src_uris[uri].is_modified()}
    assert "2024/01/08/post-8.md" in drawn and "2024/01/01/post-1.md" not in made and len(spliced) >= 3
    assert made == [*sorted(drawn, key=made.index), *sorted(spliced, key=made.index)]  # the splices' last
    assert _files(preview.root / "served") == _full(preview)


def test_a_rebuild_digests_only_what_changed(preview, monkeypatch):  # noqa: F811
    """The pages' keys come from the last build's digests while their parts are the same:
    an unchanged rebuild digests the structure only, a text edit a few keys more."""
    import scf.redraw

    _aged_preview(preview)
    digested: list[tuple[object, ...]] = []
    digest = scf.redraw.digest
    monkeypatch.setattr(scf.redraw, "digest", lambda *parts: digested.append(parts) or digest(*parts))

    adapter = _build(preview, "served", dirty=True)

    # The structure's only: the easy read index the build makes (no file keeps it) is the last
    # reading's too (scf.content.kept_reading), and so is its text's digest.
    assert len(digested) == 1 and len(adapter.build.redraw.keys) >= 30
    rel = "posts/2024-01-08-post-8.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("Intro of post 8.", "A new intro."))
    digested.clear()

    _build(preview, "served", dirty=True)

    assert 4 <= len(digested) <= 10  # and the post's text, own key and key, the listings it is on
    assert _files(preview.root / "served") == _full(preview)


def test_a_save_that_changes_no_address_claims_none_again(preview, monkeypatch):  # noqa: F811
    """The registry of the last rebuild is copied while the site claims the same addresses,
    and a copy the writer changes leaves the kept one as it was."""
    from scf.outputs.addresses import Registry

    _aged_preview(preview)
    claimed: list[str] = []
    claim = Registry.claim
    monkeypatch.setattr(Registry, "claim", lambda self, address, *args, **kwargs: claimed.append(address)
                        or claim(self, address, *args, **kwargs))
    rel = "posts/2024-01-08-post-8.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("Intro of post 8.", "A new intro."))

    first = _build(preview, "served", dirty=True).build.site.registry
    assert claimed == []
    first.dropped.add("2024/01/08/post-8/index.html")  # as a writer does
    _save(preview, rel, (preview.root / rel).read_text().replace("A new intro.", "Another intro."))
    second = _build(preview, "served", dirty=True).build.site.registry
    assert claimed == [] and "2024/01/08/post-8/index.html" not in second.dropped
    (preview.root / "posts/2024-01-16-post-16.md").write_text((preview.root / rel).read_text()
                                                              .replace("2024-01-08", "2024-01-16"))

    _build(preview, "served", dirty=True)

    assert "2024/01/16/post-16/index.html" in claimed
    assert _files(preview.root / "served") == _full(preview)


def test_a_save_makes_new_file_objects_only_for_what_changed(preview, monkeypatch):  # noqa: F811
    """MkDocs's File objects are kept between rebuilds (scf_mkdocs.one_build.KeptFiles): the
    saved post's is made again, and a kept one comes back as a new one would be, pageless."""
    from mkdocs.structure.files import File

    _aged_preview(preview)
    made: list[str] = []
    generated = File.generated.__func__
    monkeypatch.setattr(File, "generated", classmethod(
        lambda cls, config, src_uri, **kwargs: made.append(src_uri) or generated(cls, config, src_uri, **kwargs)))
    rel = "posts/2024-01-08-post-8.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("Intro of post 8.", "A new intro."))

    adapter = _build(preview, "served", dirty=True)

    [post] = [p for p in adapter.build.site.site.posts if p.source == rel]
    assert made == [post.src_uri]
    given = {f.src_uri for f in adapter.build.files if f.page is not None}
    assert post.src_uri in given and len(given) < len(adapter.build.files) / 4  # only the pages drawn now
    assert _files(preview.root / "served") == _full(preview)


def test_a_save_makes_again_only_the_feeds_its_post_is_in(preview, monkeypatch):  # noqa: F811
    """Each feed file is kept with everything it is made from (scf.outputs.feeds): a title edit
    makes again only the feeds that hold the post, and they say the new title."""
    from scf.outputs import feeds

    _aged_preview(preview)
    made: list[str] = []
    xml, json = feeds._xml, feeds._json
    monkeypatch.setattr(feeds, "_xml", lambda feed, *args: made.append(feed.id) or xml(feed, *args))
    monkeypatch.setattr(feeds, "_json", lambda feed, *args: made.append(feed.id) or json(feed, *args))
    rel = "posts/2024-01-08-post-8.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("title: Post 8", "title: Post eight"))

    adapter = _build(preview, "served", dirty=True)

    [post] = [p for p in adapter.build.site.site.posts if p.source == rel]
    holding = {feed.id for feed in adapter.build.site.feeds.values()
               if any(item.post is post for item in feed.items)}
    assert set(made) == holding and len(holding) < len(adapter.build.site.feeds)
    assert len(made) >= 3 * len(holding)  # RSS, Atom and JSON Feed of each
    assert "Post eight" in (preview.root / "served/feed.xml").read_text()
    assert _files(preview.root / "served") == _full(preview)


def test_a_save_of_a_posts_title_takes_the_listings_and_neighbours_with_the_post_put_in(preview, monkeypatch):  # noqa: F811
    """A save that changed only posts, in their places (scf.content.kept_reading), makes no
    listing or neighbours again (blog.Views.replaced); a new post makes them all again."""
    from scf.views import blog

    _aged_preview(preview)
    made: list[str] = []
    listings, neighbours = blog.listings, blog.neighbours
    monkeypatch.setattr(blog, "listings", lambda site: made.append("listings") or listings(site))
    monkeypatch.setattr(blog, "neighbours", lambda site: made.append("neighbours") or neighbours(site))
    rel = "posts/2024-01-08-post-8.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("title: Post 8", "title: Post eight"))
    adapter = _build(preview, "served", dirty=True)
    assert made == []
    [post] = [p for p in adapter.build.site.site.posts if p.source == rel]
    assert any(post in listing.posts for listing in adapter.build.site.listings)
    assert _files(preview.root / "served") == _full(preview)
    _save(preview, "posts/2024-01-08-a-new-post.md",
          (preview.root / rel).read_text().replace("title: Post eight", "title: A new post"))
    _build(preview, "served", dirty=True)
    assert made == ["listings", "neighbours"]


def test_the_kept_files_read_the_configuration_once_a_save(tmp_path):
    """Reading MkDocs's configuration costs as much as keeping a file: a rebuild that keeps
    every file reads where the site goes once, not once a file."""
    from scf.build import Mounted
    from scf_mkdocs.one_build import KeptFiles

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config.plugins._current_plugin = None  # as during MkDocs's events, where the adapter makes them
    mounted = [Mounted(f"post-{n}.md", content=f"Text {n}.") for n in range(50)]
    kept = KeptFiles()
    first = kept.files(config, mounted, keep=True)
    reads: list[str] = []

    class Counted:
        def __getattr__(self, name: str) -> object:
            reads.append(name)
            return getattr(config, name)

    assert kept.files(Counted(), mounted, keep=True) == first  # type: ignore[arg-type]
    assert sorted(reads) == ["site_dir", "use_directory_urls"]


def test_a_menu_page_titled_in_mkdocs_yml_is_drawn_only_when_its_key_changes(preview):  # noqa: F811
    """The easy read index lists every easy read page (72 KB at 2,000 posts): in the menu by
    a title of its own, it is drawn again only when what it shows changes. A menu page titled
    by its own text (the blog's) is drawn every time: MkDocs has no title for a page it did not read."""
    from test_preview import _redrawn

    preview.config["nav"].append({"Easy read": "easy-read/index.md"})
    preview.save_config()
    served = _aged_preview(preview)
    rel = "posts/2024-01-08-post-8.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("title: Post 8", "title: Post eight"))
    _build(preview, "served", dirty=True)
    assert "easy-read" not in _redrawn(served) and "blog/categories" in _redrawn(served)
    assert _files(served) == _full(preview)

    for page in served.rglob("index.html"):
        os.utime(page, ns=(0, 0))
    rel = "easyread/posts/2024-01-03-post-3.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("title: Post 3 in easy read", "title: Post three"))
    _build(preview, "served", dirty=True)
    assert "easy-read" in _redrawn(served) and "Post three" in (served / "easy-read/index.html").read_text()
    assert _files(served) == _full(preview)


def test_a_save_makes_again_only_the_sitemap_entry_of_what_changed(preview, monkeypatch):  # noqa: F811
    """A post kept between rebuilds keeps its sitemap entry, and so does an easy read page
    (scf.content.model keeps it while its file and its standard version are unchanged)."""
    from scf.outputs import host_files

    preview.config["site_url"] = "https://example.org/"
    preview.save_config()
    _aged_preview(preview)
    made: list[str] = []
    entry = host_files._entry
    monkeypatch.setattr(host_files, "_entry", lambda site_url, url, doc: made.append(url) or entry(site_url, url, doc))
    rel = "posts/2024-01-08-post-8.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("title: Post 8", "title: Post eight"))

    adapter = _build(preview, "served", dirty=True)

    # Pages from docs/ are read again each time (few, their count does not grow with the blog);
    # the blog's listings are made again each time too, and their entries kept by address.
    listings = {listing.url for listing in adapter.build.site.listings}
    # (the old and new entries of the changed post are compared: equal, the last sitemap is kept)
    assert {url for url in made if url.startswith(("20", "easy-read/20")) or url in listings} == {"2024/01/08/post-8/"}
    assert any(e.url.startswith("easy-read/20") for e in adapter.build.site.site.easy_read)
    assert _files(preview.root / "served") == _full(preview)


def test_a_save_that_changes_an_entry_makes_the_sitemap_again(preview):  # noqa: F811
    """A kept reading keeps the last sitemap only while each changed post's entry is the same:
    a new `updated:` date is a new <lastmod>, a new title is not (scf.content.kept_reading.FromLast)."""
    preview.config["site_url"] = "https://example.org/"
    preview.save_config()
    served = _aged_preview(preview)
    rel = "posts/2024-01-08-post-8.md"
    text = (preview.root / rel).read_text()
    _save(preview, rel, text.replace("title: Post 8", "title: Post eight"))
    sitemap = (served / "sitemap.xml").read_bytes()
    adapter = _build(preview, "served", dirty=True)
    assert adapter.build.site.made_from is not None  # the kept reading
    assert (served / "sitemap.xml").read_bytes() == sitemap
    _save(preview, rel, text.replace("title: Post 8", "title: Post eight\nupdated: 2025-03-04"))
    adapter = _build(preview, "served", dirty=True)
    assert adapter.build.site.made_from is not None
    assert "<lastmod>2025-03-04</lastmod>" in (served / "sitemap.xml").read_text()
    assert _files(served) == _full(preview)


def test_a_kept_document_keeps_its_claim(preview, monkeypatch):  # noqa: F811
    """What a post or an easy read page claims is made once per object: a save makes only the
    saved post's claim again (scf.site_addresses)."""
    import scf.site_addresses

    _aged_preview(preview)
    made: list[str] = []
    file_for = scf.site_addresses.file_for
    monkeypatch.setattr(scf.site_addresses, "file_for", lambda url: made.append(url) or file_for(url))
    rel = "posts/2024-01-08-post-8.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("Intro of post 8.", "A new intro."))

    _build(preview, "served", dirty=True)

    documents = [url for url in made if re.fullmatch(r"(easy-read/)?\d{4}/\d\d/\d\d/[^/]+/", url)]
    assert documents == ["2024/01/08/post-8/"]
    assert _files(preview.root / "served") == _full(preview)


def test_a_kept_document_is_not_looked_at_again_for_its_links(preview, monkeypatch):  # noqa: F811
    """Its links' check is kept with it while the site's addresses are the same
    (scf.checks.site_links): the file reads are asked only about the saved post."""
    from scf.content.file_reads import FileReads

    _aged_preview(preview)
    asked: list[str] = []
    derived = FileReads.derived
    monkeypatch.setattr(FileReads, "derived", lambda self, path, what, *args: (what == "links" and asked.append(path))
                        or derived(self, path, what, *args))
    rel = "posts/2024-01-08-post-8.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("Intro of post 8.", "A new intro."))

    _build(preview, "served", dirty=True)

    assert [Path(path).relative_to(preview.root).as_posix() for path in asked if "posts/" in path] == [rel]
    assert _files(preview.root / "served") == _full(preview)


def test_a_save_makes_no_symbol_use_of_an_unchanged_easy_read_page(preview, monkeypatch):  # noqa: F811
    """Which symbols an easy read page names, and where, is kept with its text
    (scf.checks.easyread_symbols.uses: 4,000 uses at 2,000 posts)."""
    import scf.checks.easyread_symbols

    preview.write("easyread/posts/2024-01-03-post-3.md", "---\ntitle: Post 3 in easy read\nsummary: Easy.\n---\n\n"
                  "![A house](symbol:house)\nWe all need a home.\n")
    _aged_preview(preview)
    made: list[object] = []
    use = scf.checks.easyread_symbols.Use
    monkeypatch.setattr(scf.checks.easyread_symbols, "Use", lambda *args: made.append(args) or use(*args))
    rel = "posts/2024-01-08-post-8.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("Intro of post 8.", "A new intro."))

    adapter = _build(preview, "served", dirty=True)

    assert made == [] and "assets/symbols/house.svg" in adapter.build.site.symbol_files
    assert _files(preview.root / "served") == _full(preview)
