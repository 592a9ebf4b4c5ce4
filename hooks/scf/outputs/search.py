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
"""
from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from html import escape
from pathlib import Path

from scf.content.model import Document, Post, Site
from scf.content.problems import ContentError, Problem
from scf.outputs.writer import Output

OUTPUT = "pagefind"  # folder of the index in the built site
# The copies Pagefind reads go to memory where the system has room for them (Linux's /dev/shm;
# containers often give it only 64 MB): thousands of small files on a busy disk cost seconds.
SCRATCH = ("/dev/shm" if os.access("/dev/shm", os.W_OK) and shutil.disk_usage("/dev/shm").free >= 2**29
           else None)
# Links to the other version, to older and newer posts and to related posts would make
# every page match the titles of its neighbours.
EXCLUDE = (".scf-switch", ".scf-pager", ".scf-related")


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


class Preview:
    """What the preview server's index keeps between rebuilds (held by whoever serves)."""

    def __init__(self) -> None:
        self.folder = _scratch_folder()
        self.process: subprocess.Popen[str] | None = None
        self.written: dict[Path, int] = {}  # each copy in the folder -> hash of its text: unchanged copies are not written again
        atexit.register(self.stop)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
        self.folder.cleanup()


class SearchIndex:
    def __init__(self, site: Site, rendered: dict[str, str], *, article: str, serving: bool,
                 site_dir: Path | None, preview: Preview | None = None):
        self.site = site
        self.article = article  # how the theme opens the element with a page's own text
        self.documents: dict[str, Document] = {doc.src_uri: doc for doc in site.documents}
        self.rendered = rendered  # src_uri -> HTML of the posts' text, filled in as they are converted
        self.serving = serving
        self.preview = (preview or Preview()) if serving else None  # kept between rebuilds
        self.site_dir = site_dir  # where the builder writes, when known
        self.waiting = {uri for uri, doc in self.documents.items() if not isinstance(doc, Post)}  # to copy
        self.posts_kept = False
        self.process: subprocess.Popen[str] | None = None
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
            self._keep(doc.url, html[html.find(self.article):html.rfind("</article>") + len("</article>")])
            self.waiting.discard(src_uri)
        if not self.waiting and self.process is None and not self.serving:
            self.process = self._start()
        return html

    def _keep_posts(self) -> None:
        if not self.posts_kept:
            self.posts_kept = True
            for post in self.site.posts:
                self._keep(post.url, self._article(post))

    def _article(self, post: Post) -> str:
        """What the post's article shows, but the links around it (overrides/post.html)."""
        details = (f"{post.date_label} · By {', '.join(a.name for a in post.authors)} · "
                   f"In {', '.join(c.name for c in post.categories)} · {post.reading_minutes} min read")
        return (f"<article data-pagefind-body>\n<h1>{escape(post.title)}</h1>\n<p>{escape(details)}\n</p>\n"
                f"{self.rendered.get(post.src_uri, '')}\n</article>")

    def _keep(self, url: str, article: str) -> None:
        path = self._input() / url / "index.html"
        written = self.preview.written if self.preview else None
        if written is not None and written.get(path) == hash(article):
            return  # the preview's copy from the last rebuild is this one
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'<!doctype html>\n<html lang="en-GB"><body>{article}</body></html>\n', encoding="utf-8")
        if written is not None:
            written[path] = hash(article)

    def _input(self) -> Path:
        """The folder Pagefind reads. The preview's is kept between rebuilds, after the last
        rebuild's Pagefind has read it."""
        if self.folder is None:
            if self.preview:
                if self.preview.process:
                    self.preview.process.wait()
                self.folder = self.preview.folder
            else:
                self.folder = _scratch_folder()
        return Path(self.folder.name, "pages")

    def _output(self) -> Path:
        # Straight into the site when the builder says where it is; else moved there at the end.
        return self.site_dir / OUTPUT if self.site_dir else Path(self._input().parent, OUTPUT)

    def _start(self, report: int = subprocess.PIPE) -> subprocess.Popen[str]:
        # Pagefind's own command reads the folder in one pass and has written every file when
        # it exits (its Python API left files half-written now and then).
        command = [sys.executable, "-m", "pagefind", "--site", str(self._input()),
                   "--output-path", str(self._output()),
                   "--force-language", "en", "--silent"]  # one index for standard and easy read
        for selector in EXCLUDE:
            command += ["--exclude-selectors", selector]
        return subprocess.Popen(command, stdout=report, stderr=subprocess.STDOUT, text=True)

    def outputs(self) -> list[Output]:
        """Wait for Pagefind: its index is a folder the writer moves into the site (where
        Pagefind wrote it already, when the builder said where the site is)."""
        self._keep_posts()
        if self.serving:
            return self._preview()
        process = self.process or self._start()
        assert self.folder is not None, "starting Pagefind made the folder it reads (_input)"
        output, _ = process.communicate()
        if process.returncode:
            self.folder.cleanup()
            raise ContentError([Problem("hooks/scf/outputs/search.py", None, "the search index could not be built: "
                                        + output.strip(), "run ./dev build again")])
        if self.site_dir:  # the index is in the site already: the pages Pagefind read can go
            self.folder.cleanup()  # (else the scratch folder goes when the build object does)
        return [Output(OUTPUT, source=self._output(), folder=True)]

    def _preview(self) -> list[Output]:
        """Drop the copies of documents that are gone, then index in the background."""
        assert self.preview is not None  # serving
        kept = {self._input() / doc.url / "index.html" for doc in self.site.documents}
        for path in self.preview.written.keys() - kept:
            path.unlink(missing_ok=True)
            del self.preview.written[path]
        self.preview.process = self._start(report=subprocess.DEVNULL)
        return [Output(OUTPUT, source=self._output(), folder=True)]
