"""The Pagefind index: built in the background from the drawn documents, complete when the build ends."""
from __future__ import annotations

import json
import os
import tempfile
import zlib
from pathlib import Path

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
