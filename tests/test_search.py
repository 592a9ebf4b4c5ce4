"""The Pagefind index: built in the background from the drawn documents, complete when the build ends."""
from __future__ import annotations

import json
import os
import tempfile
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from test_preview import preview  # noqa: F401  (the fixture)

EASY = "---\ntitle: One\nsummary: Easy.\n---\n\n![A house](:material-home:)\nWe all need a home.\n"


def _scratch() -> set[Path]:
    """Scratch folders of builds that have ended. A build still running (on another pytest-xdist
    worker, or another checkout's tests) is using its own, named after its process."""
    from scf.outputs.search import SCRATCH

    def ended(folder: Path) -> bool:
        try:
            os.kill(int(folder.name.split("-")[2]), 0)
        except ProcessLookupError:
            return True
        except (PermissionError, ValueError, IndexError):
            pass
        return False

    return {f for f in Path(SCRATCH or tempfile.gettempdir()).glob("scf-search-*") if ended(f)}


def test_every_document_and_no_listing_is_indexed(project):
    before = _scratch()
    project.post("2024-05-01-one", body="Words about gardens.\n")
    project.post("2024-05-02-two", date="2024-05-02", body="Words about kitchens.\n")
    project.write("easyread/posts/2024-05-01-one.md", EASY)
    site = project.build()

    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text())
    # The home page, two posts, the easy read index and page; never the blog's listings.
    urls = set()
    for fragment in (site / "pagefind/fragment").iterdir():
        data = json.loads(zlib.decompress(fragment.read_bytes(), 16 + zlib.MAX_WBITS)[12:])
        urls.add(data["url"])
    assert entry["languages"]["en"]["page_count"] == len(urls)
    assert urls == {"/", "/2024/05/01/one/", "/2024/05/02/two/", "/easy-read/", "/easy-read/2024/05/01/one/"}
    assert _scratch() <= before, "the copies Pagefind read were left behind"


def _fragments(index: Path) -> dict[str, dict]:
    found = {}
    for fragment in (index / "fragment").iterdir():
        data = json.loads(zlib.decompress(fragment.read_bytes(), 16 + zlib.MAX_WBITS)[12:])
        found[data["url"]] = data
    return found


def test_posts_are_indexed_with_what_their_drawn_page_shows(project, tmp_path):
    """Posts go to Pagefind from the model, before they are drawn: the text indexed must be
    what Pagefind reads in the drawn page (title, date, authors, categories, reading time, text)."""
    import subprocess
    import sys

    from scf.outputs.search import EXCLUDE

    project.post("2024-05-01-one", title="Gardens & kitchens", authors=["ann-author", "bob-writer"],
                 categories=["Campaigning", "Gatherings"], body="## A heading\n\nWords about *gardens*.\n")
    project.write("easyread/posts/2024-05-01-one.md", EASY)
    site = project.build()
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(tmp_path / "drawn"),
               "--force-language", "en", "--silent"]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    subprocess.run(command, check=True)
    ours, drawn = _fragments(site / "pagefind"), _fragments(tmp_path / "drawn")
    assert set(ours) == set(drawn)
    for url in ours:
        for field in ("content", "meta", "word_count", "anchors"):
            assert ours[url][field] == drawn[url][field], (url, field)
    assert "Ann Author, Bob Writer" in ours["/2024/05/01/one/"]["content"]


def test_folders_left_by_stopped_previews_are_removed(project, tmp_path):
    """A preview stopped by a signal cannot clean up; the next build removes its folder."""
    import os
    import subprocess
    import sys

    from scf.outputs.search import SCRATCH

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    left = Path(SCRATCH or tempfile.gettempdir()) / f"scf-search-{gone}-abc"
    (left / "pages").mkdir(parents=True)
    mine = Path(SCRATCH or tempfile.gettempdir()) / f"scf-search-{os.getpid()}-abc"
    mine.mkdir()
    try:
        project.build()
        assert not left.exists()
        assert mine.exists()  # a live process's folder stays
    finally:
        mine.rmdir()


def _bundle_urls(index: Path) -> list[str]:
    """The addresses of the documents in one Pagefind bundle, by address."""
    return sorted(_fragments(index))


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_site_over_the_part_size_is_indexed_in_parts(project, monkeypatch):
    """Each part of the index holds the next documents in the model's order (pages, posts,
    easy read pages); every document is in exactly one bundle; the same sources give the
    same bundles, byte for byte; the search page lists the bundles it merges."""
    from scf.outputs.search import PART_SIZE_ENV

    monkeypatch.setenv(PART_SIZE_ENV, "2")
    for day in range(1, 5):
        project.post(f"2024-05-0{day}-post-{day}", date=f"2024-05-0{day}", body=f"Words of post {day}.\n")
    project.write("easyread/posts/2024-05-01-post-1.md", EASY)
    project.write("docs/search.md", "---\ntitle: Search\nsummary: Search the site.\ntemplate: search.html\n---\n")
    site = project.build()

    parts = [site / "pagefind", site / "pagefind/part-2", site / "pagefind/part-3", site / "pagefind/part-4"]
    assert sorted(p for p in (site / "pagefind").glob("part-*")) == parts[1:]
    found = [_bundle_urls(part) for part in parts]
    assert found == [["/", "/search/"], ["/2024/05/03/post-3/", "/2024/05/04/post-4/"],  # newest post first
                     ["/2024/05/01/post-1/", "/2024/05/02/post-2/"],
                     ["/easy-read/", "/easy-read/2024/05/01/post-1/"]]
    for part, urls in zip(parts, found):
        entry = json.loads((part / "pagefind-entry.json").read_text())
        assert entry["languages"]["en"]["page_count"] == len(urls)
    assert 'data-parts="../pagefind/part-2/ ../pagefind/part-3/ ../pagefind/part-4/"' in project.html("search")

    first = _tree(site / "pagefind")
    assert _tree(project.build() / "pagefind") == first


def test_a_site_within_the_part_size_keeps_one_index(project):
    project.post("2024-05-01-one", body="Words about gardens.\n")
    project.write("docs/search.md", "---\ntitle: Search\nsummary: Search the site.\ntemplate: search.html\n---\n")
    site = project.build()
    assert not list((site / "pagefind").glob("part-*"))
    assert "data-parts" not in project.html("search")


def test_a_part_size_that_is_not_a_number_is_one_clear_problem(project, monkeypatch):
    from scf.outputs.search import PART_SIZE_ENV

    monkeypatch.setenv(PART_SIZE_ENV, "many")
    project.post("2024-05-01-one")
    status, problems = project.build_problems()
    assert status != 0
    assert problems == [f"{PART_SIZE_ENV}: this environment variable is 'many', not a whole number of documents "
                        "above 0. Fix: unset it (the size is then 2,500) or give a number like 2000"]


@given(st.text(max_size=8).filter(lambda value: "\0" not in value))  # no environment variable holds NUL
def test_a_part_size_is_a_whole_number_above_0_or_one_problem(value):
    from scf.content.problems import ContentError
    from scf.outputs.search import PART_SIZE, PART_SIZE_ENV, part_size

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PART_SIZE_ENV, value)
        try:
            size = part_size()
        except ContentError as error:
            assert len(error.problems) == 1 and error.problems[0].file == PART_SIZE_ENV
        else:
            assert size == (int(value) if value else PART_SIZE) and size >= 1


@given(st.integers(0, 10_000), st.integers(1, 3_000))
def test_bundles_hold_every_document_once(documents, size):
    from scf.outputs.search import OUTPUT, bundles

    found = bundles(documents, size)
    assert found[0] == OUTPUT and len(set(found)) == len(found)
    assert (len(found) - 1) * size < max(documents, 1) <= len(found) * size


def test_the_preview_indexes_again_only_the_parts_that_changed(preview, monkeypatch):
    """Under `./dev serve` in parts of 4 (the home page, 15 posts newest first, 2 easy read
    pages): a saved post's part is indexed again, the others are kept; when the site has
    fewer parts, the bundles of the parts it no longer has go."""
    from scf.outputs.search import PART_SIZE_ENV
    from test_preview_cost import _aged_preview, _save
    from test_preview_cost import _build as build

    monkeypatch.setenv(PART_SIZE_ENV, "4")
    served = _aged_preview(preview, indexed=True)  # every fragment read below is whole
    adapter = build(preview, "served", dirty=True)
    adapter.search_preview.runs.wait()
    index = served / "pagefind"
    bundles = [index, *(index / f"part-{n}" for n in range(2, 6))]
    assert sorted(index.glob("part-*")) == bundles[1:]
    assert _bundle_urls(bundles[1]) == [f"/2024/01/{day:02d}/post-{day}/" for day in (9, 10, 11, 12)]
    for bundle in bundles:
        os.utime(bundle / "pagefind-entry.json", ns=(0, 0))

    rel = "posts/2024-01-10-post-10.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("The rest.", "The rest, with marigolds."))
    build(preview, "served", dirty=True).search_preview.runs.wait()
    assert [bool((b / "pagefind-entry.json").stat().st_mtime_ns) for b in bundles] == [False, True, False, False, False]
    # (Pagefind leaves the old fragments beside the new ones: the new entry file names the new.)
    assert any(b"marigolds" in zlib.decompress(f.read_bytes(), 16 + zlib.MAX_WBITS)
               for f in (bundles[1] / "fragment").iterdir())

    for day in (1, 2):
        (preview.root / f"posts/2024-01-0{day}-post-{day}.md").unlink()
    build(preview, "served", dirty=True).search_preview.runs.wait()
    assert sorted(index.glob("part-*")) == bundles[1:4]
    copies = Path(adapter.search_preview.folder.name, "pages-4")
    assert sorted(p.parent.relative_to(copies).as_posix() for p in copies.rglob("index.html")) == [
        "2024/01/03/post-3", "2024/01/04/post-4", "easy-read", "easy-read/2024/01/03/post-3"]
    assert json.loads((bundles[3] / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"] == 4


def test_a_save_stops_the_last_saves_unfinished_index_rather_than_wait_for_it(preview):  # noqa: F811
    """Under `./dev serve` a rebuild never waits for Pagefind: a run still going is stopped, and
    the parts it had not finished are indexed again."""
    import sys

    from scf.outputs.search import Runs
    from test_preview_cost import _aged_preview, _save
    from test_preview_cost import _build as build

    served = _aged_preview(preview, indexed=True)  # every fragment read below is whole
    adapter = build(preview, "served", dirty=True)
    adapter.search_preview.runs.wait()
    adapter.search_preview.indexed.discard(0)  # as if this run had not made part 0 yet
    slow = Runs([(0, [sys.executable, "-c", "import time; time.sleep(120)"])], adapter.search_preview.indexed)
    adapter.search_preview.runs = slow
    rel = "posts/2024-01-10-post-10.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("The rest.", "The rest, with marigolds."))

    build(preview, "served", dirty=True).search_preview.runs.wait()

    # Stopped, not waited for (it may have been stopped before its process began).
    assert slow._stopped and (slow._process is None or slow._process.returncode < 0) and not slow.failures
    assert 0 in adapter.search_preview.indexed
    assert any(b"marigolds" in zlib.decompress(f.read_bytes(), 16 + zlib.MAX_WBITS)
               for f in (served / "pagefind/fragment").iterdir())


def test_a_save_stops_the_last_index_first_and_leaves_the_wait_for_it_to_the_next_one(preview):  # noqa: F811
    """The save kills the last save's Pagefind before it reads anything (it would share the
    cores with the rebuild), without waiting for it to end; the runs it starts wait for that
    before their first part, so two never run at once."""
    from test_preview_cost import _aged_preview, _save
    from test_preview_cost import _build as build

    class Last:
        stops: list[tuple[bool, bool]] = []  # (waited, before the rebuild read the site)

        def stop(self, wait: bool = True) -> None:
            self.stops.append((wait, adapter.build is before))

    _aged_preview(preview)
    adapter = build(preview, "served", dirty=True)
    adapter.search_preview.runs.wait()
    last, before = Last(), adapter.build
    adapter.search_preview.runs = last  # type: ignore[assignment]
    rel = "posts/2024-01-10-post-10.md"
    _save(preview, rel, (preview.root / rel).read_text().replace("The rest.", "The rest, with marigolds."))
    build(preview, "served", dirty=True).search_preview.runs.wait()
    assert last.stops[0] == (False, True) and last.stops[-1] == (True, False)
    assert all(not waited for waited, _ in last.stops[:-1])


def test_a_stopped_run_never_counts_its_part_as_indexed():
    """A part whose Pagefind was killed is indexed again by the next runs."""
    import sys
    import time

    from scf.outputs.search import Runs

    done: set[int] = set()
    runs = Runs([(0, [sys.executable, "-c", "import time; time.sleep(120)"])], done)
    while runs._process is None:
        time.sleep(0.01)
    runs.stop()
    assert runs._process.returncode < 0 and done == set() and not runs.failures


def test_the_previews_index_waits_for_the_page_being_reloaded(preview, monkeypatch):  # noqa: F811
    """Under `./dev serve` Pagefind runs at a lower priority (nice 10): the browser's reload of
    the page being edited, and its splices, come first. A full build's runs are as they were."""
    import shutil

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import scf.outputs.search
    from test_preview import _build

    if not shutil.which("nice"):
        pytest.skip("no nice(1) on this system")
    started: list[list[str]] = []
    runs = scf.outputs.search.Runs
    monkeypatch.setattr(scf.outputs.search, "Runs",
                        lambda commands, done, after=None: started.extend(c for _, c in commands)
                        or runs(commands, done, after))
    _build(preview, "served", dirty=True)
    served = list(started)
    started.clear()
    config = load_config(str(preview.root / "mkdocs.yml"), site_dir=str(preview.root / "built"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)

    assert served and all(command[:3] == ["nice", "-n", "10"] for command in served)
    assert started and all(command[0] != "nice" for command in started)


def test_pagefind_is_started_as_its_own_program(monkeypatch):
    """Not through `python -m pagefind`, a Python that only looks for the program and runs it;
    found as that does (PAGEFIND_BINARY_PATH first), and by it where it is not found."""
    import sys

    from scf.outputs import search

    search._pagefind.cache_clear()
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    (program,) = search._pagefind()
    assert Path(program).name == "pagefind" and os.access(program, os.X_OK)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/opt/pagefind/pagefind")
    search._pagefind.cache_clear()
    assert search._pagefind() == ["/opt/pagefind/pagefind"]
    monkeypatch.setattr("pagefind.service.get_executable", lambda: None)
    search._pagefind.cache_clear()
    assert search._pagefind() == [sys.executable, "-m", "pagefind"]
    search._pagefind.cache_clear()
