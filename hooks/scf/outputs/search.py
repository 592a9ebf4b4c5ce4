"""Site search: a Pagefind index of every post, page and easy read page, written once per build.

Pagefind splits the index into small chunks. A reader's browser fetches nothing until they
search, then only the chunks their words need, so the first view of a page weighs the same
however many posts the site has (Material's own search fetches the whole index on every
page; MAINTAINING.md, "Search", has the sizes). The search page (overrides/search.html) loads it when used.

Pagefind runs in the background, on the second core, while the builder draws the site.
It reads a folder of one small file per document. Posts, the bulk, are written there from
the model as soon as their Markdown is converted (their title, details and text: what their
article shows). Pages and easy read pages are copied as they are drawn, since their
templates add text (the letter's signatories, the list of case studies); they are drawn
before the posts, so Pagefind starts long before the builder is done. Under the preview
server the folder is kept between rebuilds, and Pagefind writes into the served site when
it is done instead of making the reload wait.

Pagefind holds every document it indexes in memory, so a site of more than `PART_SIZE`
documents is indexed in parts: the documents in the model's order, `PART_SIZE` to a part,
each part its own folder of copies and its own Pagefind bundle (`pagefind/` for the first,
`pagefind/part-2/`... inside it), one Pagefind after the other, never two at once. The
search page merges the other bundles into the first in the reader's browser (Pagefind's
`mergeIndex`). Under the preview server only the parts whose copies changed are indexed again.
"""
from __future__ import annotations

import atexit
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from functools import lru_cache, partial
from html import escape
from pathlib import Path

from scf.content.file_reads import PerObject
from scf.content.model import Document, Post, Site
from scf.content.problems import ContentError, Problem
from scf.outputs.writer import Output

OUTPUT = "pagefind"  # folder of the index in the built site (the other parts' bundles are in it)
# Documents per part of the index. Pagefind's peak memory grows with the documents of a run,
# about 127 KB each: 1.36 GB for the 12,000 documents of 10,000 posts in one run; runs of
# 1,000, 2,500 and 5,000 of them peaked at 130, 317 and 635 MB (MAINTAINING.md, "Memory at
# 10,000 posts"). 2,500 keeps a run well below the build's own peak there (450 to 510 MB)
# without many runs (each writes Pagefind's scripts again), and the real site (about 150
# documents) keeps one index.
PART_SIZE = 2_500
PART_SIZE_ENV = "SCF_SEARCH_PART_SIZE"  # another size for this run (tests make parts of a few documents)
# The copies Pagefind reads go to memory where the system has room for them (Linux's /dev/shm;
# containers often give it only 64 MB): thousands of small files on a busy disk cost seconds.
SCRATCH = ("/dev/shm" if os.access("/dev/shm", os.W_OK) and shutil.disk_usage("/dev/shm").free >= 2**29
           else None)
# Links to the other version, to older and newer posts and to related posts would make
# every page match the titles of its neighbours.
EXCLUDE = (".scf-switch", ".scf-pager", ".scf-related")


def part_size() -> int:
    """`PART_SIZE`, or the whole number above 0 in SCF_SEARCH_PART_SIZE."""
    value = os.environ.get(PART_SIZE_ENV, "")
    if not value:
        return PART_SIZE
    if not re.fullmatch(r"[0-9]+", value) or int(value) < 1:
        raise ContentError([Problem(PART_SIZE_ENV, None, f"this environment variable is '{value}', "
                                    "not a whole number of documents above 0",
                                    f"unset it (the size is then {PART_SIZE:,}) or give a number like 2000")])
    return int(value)


def bundles(documents: int, size: int) -> list[str]:
    """The addresses of the index's bundles for this many documents, `size` to a part: the
    first is `pagefind`, whose script the search page loads; it merges the others."""
    return [OUTPUT] + [f"{OUTPUT}/part-{n}" for n in range(2, -(-documents // size) + 1)]


@lru_cache(maxsize=1)
def _pagefind() -> list[str]:
    """Pagefind's program, found as `python -m pagefind` finds it (PAGEFIND_BINARY_PATH, else
    the installed binary) and started directly: that Python only looked for it and ran it, in
    0.08 s of CPU a run. If it is not found, `python -m pagefind` says so in its own words."""
    try:
        from pagefind.service import get_executable
        found = get_executable()
    except (ImportError, OSError):
        found = None
    return [str(found)] if found is not None else [sys.executable, "-m", "pagefind"]


def _scratch_folder() -> tempfile.TemporaryDirectory[str]:
    """A folder for Pagefind's input, named after this process. Folders of processes that are
    gone are removed first: a preview stopped by a signal leaves its folder behind, and in
    /dev/shm that is memory."""
    base = Path(SCRATCH or tempfile.gettempdir())
    for old in base.glob("scf-search-*-*"):
        pid = old.name.split("-")[2]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    return tempfile.TemporaryDirectory(prefix=f"scf-search-{os.getpid()}-", dir=base)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        return True
    return True


class Runs:
    """Pagefind on each part in turn, from a thread that only starts each process and waits
    for it, so the builder goes on drawing. Each part's number goes to `done` when its bundle
    is written; what a failed run printed is kept in `failures`. `after`: runs stopped by this
    rebuild, waited for here before the first part starts (never two Pagefinds at once)."""

    def __init__(self, commands: list[tuple[int, list[str]]], done: set[int], after: Runs | None = None) -> None:
        self.failures: list[str] = []
        self._process: subprocess.Popen[str] | None = None
        self._stopped = False
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, args=(commands, done, after), daemon=True)
        self._thread.start()

    def _run(self, commands: list[tuple[int, list[str]]], done: set[int], after: Runs | None) -> None:
        if after is not None:
            after.stop()
        for part, command in commands:
            with self._lock:
                if self._stopped:
                    return
                # Pagefind's own command reads the folder in one pass and has written every
                # file when it exits (its Python API left files half-written now and then).
                self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                                 text=True)
            output, _ = self._process.communicate()
            with self._lock:  # once stopped, a run says nothing: its parts are indexed again
                if self._stopped:
                    return
                if self._process.returncode:
                    self.failures.append(output.strip())
                else:
                    done.add(part)

    def wait(self) -> list[str]:
        self._thread.join()
        return self.failures

    def stop(self, wait: bool = True) -> None:
        """Kill the running part and start no other; `wait` for the thread to end."""
        with self._lock:
            self._stopped = True
            if self._process and self._process.poll() is None:
                self._process.kill()
        if wait:
            self._thread.join()


class Preview:
    """What the preview server's index keeps between rebuilds (held by whoever serves)."""

    def __init__(self) -> None:
        self.folder = _scratch_folder()
        self.runs: Runs | None = None
        # Each copy in the folder, by its part and address -> a hash of what it is made of:
        # unchanged copies are not made or written again.
        self.written: dict[tuple[int, str], int] = {}
        self.indexed: set[int] = set()  # the parts whose bundle was made from the copies as they are
        # id of each post whose copy is as written -> the post, its HTML and its part: a post kept
        # between rebuilds with the same HTML is not looked at again (2,000 a save).
        self.posts: dict[int, tuple[Post, str, int]] = {}
        self.site: Site | None = None  # the site whose copies are in the folder
        atexit.register(self.stop)

    def stale(self) -> None:
        """A rebuild has begun: the runs the last one started index what is about to change.
        They are stopped now, not when the first copy is written (half way through), and not
        waited for; their parts are indexed again (SearchIndex._folder)."""
        if self.runs:
            self.runs.stop(wait=False)

    def stop(self) -> None:
        if self.runs:
            self.runs.stop()
        self.folder.cleanup()


class SearchIndex:
    def __init__(self, site: Site, rendered: dict[str, str], *, article: str, serving: bool,
                 site_dir: Path | None, preview: Preview | None = None, size: int | None = None,
                 made_from: Site | None = None):
        """`size`: documents per part of the index (`part_size()` when not given); `made_from`:
        the site a kept reading made `site` from, with changed posts in their places."""
        self.site = site
        self.made_from = made_from
        self.article = article  # how the theme opens the element with a page's own text
        self.documents: dict[str, Document] = {doc.src_uri: doc for doc in site.documents}
        # Each document's part: the model's order, `size` to a part (the same sources, the same parts).
        size = size or part_size()
        self.part = {doc.src_uri: n // size for n, doc in enumerate(site.documents)}
        self.bundles = bundles(len(self.part), size)
        self.rendered = rendered  # src_uri -> HTML of the posts' text, filled in as they are converted
        self.serving = serving
        self.preview = (preview or Preview()) if serving else None  # kept between rebuilds
        self.site_dir = site_dir  # where the builder writes, when known
        self.waiting = {uri for uri, doc in self.documents.items() if not isinstance(doc, Post)}  # to copy
        self.posts_kept = False
        self.runs: Runs | None = None
        self.changed: set[int] = set()  # the parts a copy was written to or taken from
        self.folder: tempfile.TemporaryDirectory[str] | None = None  # made when the first page is kept

    def mark(self, html: str, src_uri: str | None) -> str:
        """A page step: only posts, pages and easy read pages are indexed (listings would only
        repeat them), and only their text, without the menus around it."""
        self._keep_posts()  # every page's Markdown is converted before the first is drawn
        doc = self.documents.get(src_uri) if src_uri is not None else None
        if doc is None:
            return html
        html = html.replace(self.article, self.article + " data-pagefind-body", 1)
        if not isinstance(doc, Post):
            article = html[html.find(self.article):html.rfind("</article>") + len("</article>")]
            self._keep(doc, hash(article), lambda: article)
            self.waiting.discard(doc.src_uri)
        if not self.waiting and self.runs is None and not self.serving:
            self.runs = self._start(range(len(self.bundles)), set())
        return html

    def _keep_posts(self) -> None:
        if not self.posts_kept:
            self.posts_kept = True
            last = self.preview.posts if self.preview else {}
            now: dict[int, tuple[Post, str, int]] = {}
            for post in self.site.posts:
                # An unchanged post's conversion is the string the last rebuild had: under the
                # preview server an unchanged post costs no copy, not even in memory.
                seen = (post, self.rendered.get(post.src_uri, ""), self.part[post.src_uri])
                was = last.get(id(post))
                if was is None or was[0] is not post or was[1] is not seen[1] or was[2] != seen[2]:
                    self._keep(post, hash(self._parts(post)), partial(self._article, post))
                now[id(post)] = seen
            if self.preview:
                self.preview.posts = now

    def _parts(self, post: Post) -> tuple[str, str, str]:
        """What the post's article shows, but the links around it (overrides/post.html): its
        title, its details line and its HTML."""
        return post.title, _details(post), self.rendered.get(post.src_uri, "")

    def _article(self, post: Post) -> str:
        """The post's copy for Pagefind: its `_parts`, as its page shows them."""
        title, details, html = self._parts(post)
        return (f"<article data-pagefind-body>\n<h1>{escape(title)}</h1>\n<p>{escape(details)}\n</p>\n"
                f"{html}\n</article>")

    def _keep(self, doc: Document, made_of: int, article: Callable[[], str]) -> None:
        """The document's copy for Pagefind, `article()`, unless the preview's from the last
        rebuild was made of the same (`made_of`)."""
        part = self.part[doc.src_uri]
        written = self.preview.written if self.preview else None
        if written is not None and written.get((part, doc.url)) == made_of:
            return
        path = self._input(part) / doc.url / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'<!doctype html>\n<html lang="en-GB"><body>{article()}</body></html>\n', encoding="utf-8")
        self.changed.add(part)
        if written is not None:
            written[(part, doc.url)] = made_of

    def _folder(self) -> Path:
        """The folder of Pagefind's input. The preview's is kept between rebuilds; a run the
        last rebuild started and that has not finished is stopped, not waited for (a save
        never waits for the last one's index, not even for its process to end: the next runs
        wait for that): its parts are indexed again (`_preview`)."""
        if self.folder is None:
            if self.preview:
                self.preview.stale()  # the adapter's rebuild did so first (on_pre_build)
                self.folder = self.preview.folder
            else:
                self.folder = _scratch_folder()
        return Path(self.folder.name)

    def _input(self, part: int) -> Path:
        """The copies of one part's documents: `pages`, then `pages-2`..."""
        return self._folder() / ("pages" if part == 0 else f"pages-{part + 1}")

    def _output(self, part: int) -> Path:
        # Straight into the site when the builder says where it is; else moved there at the end.
        return (self.site_dir or self._folder()) / self.bundles[part]

    def _start(self, parts: range | list[int], done: set[int], after: Runs | None = None) -> Runs:
        commands = []
        # Under the preview server the index is made after the reload, while the browser asks for
        # the page and the splices are made: those come first (a lower priority, where `nice` is).
        lower = ["nice", "-n", "10"] if self.serving and shutil.which("nice") else []
        for part in parts:
            command = [*lower, *_pagefind(), "--site", str(self._input(part)),
                       "--output-path", str(self._output(part)),
                       "--force-language", "en", "--silent"]  # one index for standard and easy read
            for selector in EXCLUDE:
                command += ["--exclude-selectors", selector]
            commands.append((part, command))
        return Runs(commands, done, after)

    def outputs(self) -> list[Output]:
        """Wait for Pagefind: its index is a folder the writer moves into the site (where
        Pagefind wrote it already, when the builder said where the site is)."""
        self._keep_posts()
        if self.serving:
            return self._preview()
        runs = self.runs or self._start(range(len(self.bundles)), set())
        assert self.folder is not None, "starting Pagefind made the folder it reads (_input)"
        failures = runs.wait()
        if failures:
            self.folder.cleanup()
            raise ContentError([Problem("hooks/scf/outputs/search.py", None, "the search index could not be built: "
                                        + "\n".join(failures), "run ./dev build again")])
        if self.site_dir:  # the index is in the site already: the pages Pagefind read can go
            self.folder.cleanup()  # (else the scratch folder goes when the build object does)
        return [Output(OUTPUT, source=self._output(0), folder=True)]

    def _preview(self) -> list[Output]:
        """Drop the copies of documents that are gone (or in another part now) and the bundles
        of parts the site no longer has; then index again, in the background, only the parts
        whose copies changed (or whose bundle is not there)."""
        assert self.preview is not None  # serving
        folder = self._folder()  # after the last rebuild's runs
        # A site made from the one the copies were last made for has the same documents in their places.
        if self.made_from is None or self.made_from is not self.preview.site:
            kept = {(self.part[doc.src_uri], doc.url) for doc in self.site.documents}
            for part, url in self.preview.written.keys() - kept:
                (self._input(part) / url / "index.html").unlink(missing_ok=True)
                del self.preview.written[(part, url)]
                self.changed.add(part)
        self.preview.site = self.site
        for bundle in (self.site_dir or folder).glob(f"{OUTPUT}/part-*"):
            if f"{OUTPUT}/{bundle.name}" not in self.bundles:
                shutil.rmtree(bundle)
        indexed = self.preview.indexed
        indexed.intersection_update(part for part in range(len(self.bundles)) if part not in self.changed
                                    and (self._output(part) / "pagefind-entry.json").exists())
        self.preview.runs = self._start([part for part in range(len(self.bundles)) if part not in indexed], indexed,
                                        after=self.preview.runs)
        return [Output(OUTPUT, source=self._output(0), folder=True)]


_DETAILS: PerObject[str] = PerObject()  # a post kept between rebuilds keeps its line


def _details(post: Post) -> str:
    """The post's details line, as its page shows it under its title."""
    return _DETAILS.get(post, None, _made_details, post)


def _made_details(post: Post) -> str:
    return (f"{post.date_label} · By {', '.join(a.name for a in post.authors)} · "
            f"In {', '.join(c.name for c in post.categories)} · {post.reading_minutes} min read")
