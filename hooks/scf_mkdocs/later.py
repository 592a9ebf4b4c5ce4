"""The preview server reloads the browser before it splices the posts whose related block alone changed.

A title edit changes the block naming other posts under every post that names the edited one
(scf.redraw: about 700 of 2,000 posts, for the newest post of a category). Splicing them was a
quarter of a save's time at 2,000 posts, and the page being edited is never one of them. So,
like Hugo's server (which draws again at once only the pages a browser has open), the
rebuild ends, and the browser reloads, once every page drawn again is written; the splices
are then made in the background, while the server answers no request (`serving`). A page
asked for before its splice is made is spliced first (`settle_first`), so the server never
serves an old block. A save never waits for
the last one's splices: the next rebuild stops them after the one being made (`stop`), and
the pages left are spliced by it instead (scf.redraw: `unspliced`).
"""
from __future__ import annotations

import logging
import posixpath
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

Job = Callable[[], None]

# What a splice that failed says, printed as MkDocs prints, but not through MkDocs's logger: a
# record there while MkDocs finishes the rebuild would be counted in that build's warnings.
errors = logging.getLogger("scf.preview")
errors.propagate = False
if not errors.handlers:
    _console = logging.StreamHandler()
    _console.setFormatter(logging.Formatter("ERROR    -  %(message)s"))
    errors.addHandler(_console)


class Later:
    """Splices to make after the rebuild, by the address of the page each writes."""

    def __init__(self) -> None:
        self.lock = threading.Lock()  # one splice at a time: the background's or a request's
        self.jobs: dict[str, Job] = {}
        self.making: str | None = None  # the address whose splice is being made
        self.thread: threading.Thread | None = None
        self.asking = 0  # requests being served (`serving`): the background waits for none
        self.quiet = threading.Condition()

    def start(self, jobs: Iterable[tuple[str, Job]]) -> None:
        """Make `jobs` in the background, in their order, each once."""
        self.finish()
        with self.lock:
            self.jobs = dict(jobs)
        self.thread = threading.Thread(target=self._drain, args=(True,), name="scf-splices", daemon=True)
        self.thread.start()

    def _drain(self, background: bool = False) -> None:
        while True:
            if background:  # the browser's requests first: it is reloading (never waits once stopped)
                with self.quiet:
                    self.quiet.wait_for(lambda: not self.asking or not self.jobs)
            with self.lock:
                if not self.jobs:
                    return
                self._make(next(iter(self.jobs)))

    def _make(self, url: str) -> None:
        """The splice of `url`, if still to be made (under the lock). `making` names it before it
        leaves `jobs`: a request that finds it in neither has nothing to wait for."""
        job = self.jobs.get(url)
        if job is None:
            return
        self.making = url
        del self.jobs[url]
        try:
            job()
        finally:
            self.making = None

    def settle(self, url: str) -> None:
        """The page at `url` ("2024/01/08/post-8/") as the last rebuild leaves it: spliced now if not yet.
        Any other page is served at once: the lock favours no one, and the background takes it
        back after each of its 700 splices (at 2,000 posts), so a reload of the page being edited
        waited for up to a third of them."""
        if url not in self.jobs and url != self.making:
            return
        with self.lock:
            self._make(url)

    @contextmanager
    def serving(self) -> Iterator[None]:
        """A request being served: splices in the background wait for it. Each splice and each
        request hold Python's one lock on the interpreter by turns; at 2,000 posts the 700
        splices after a save made the reload's requests wait for it most of the time."""
        with self.quiet:
            self.asking += 1
        try:
            yield
        finally:
            with self.quiet:
                self.asking -= 1
                self.quiet.notify_all()

    def stop(self) -> list[str]:
        """Stop after the splice being made: the addresses of those not made, which are dropped."""
        with self.lock:
            left, self.jobs = list(self.jobs), {}
        with self.quiet:  # a request may wait for the rebuild that stops the splices
            self.quiet.notify_all()
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        return left

    def finish(self) -> None:
        """Every splice made (before a rebuild reads the pages they write)."""
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        self._drain()  # any the background did not make (it never stops early: this is the guarantee)

    def pending(self) -> set[str]:
        with self.lock:
            return set(self.jobs)


def page_url(path: str, mount_path: str) -> str:
    """The page a request's path asks for, read as MkDocs's server reads it:
    "/2024/01/08/post-8/" and "/2024/01/08/post-8/index.html" -> "2024/01/08/post-8/"."""
    if not (path + "/").startswith(mount_path):
        return ""
    rel = posixpath.normpath("/" + path[len(mount_path):]).lstrip("/")
    if rel == "index.html" or rel.endswith("/index.html"):
        return rel[:-len("index.html")]
    return rel + "/" if rel else ""


def settle_first(server: LiveReloadServer, later: Later) -> None:
    """Each request to `server` waits for its page's splice, if one is still to be made. A
    request that comes during a rebuild waits for it first, as MkDocs's server does before it
    serves a page: the rebuild queues its splices as it ends, and a page asked for before then
    was served with its old block."""
    serve = server._serve_request  # MkDocs 1.6's: what its WSGI app calls for each request

    def _serve_request(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")  # as MkDocs reads it
        if path.startswith("/livereload/"):  # the browser's wait for the next rebuild, not a page
            return serve(environ, start_response)
        url = page_url(path, server.mount_path)
        with later.serving():
            while True:
                epoch = _rebuilt(server)
                later.settle(url)
                if server._wanted_epoch == epoch:  # else a rebuild began meanwhile: its splices, then
                    return serve(environ, start_response)

    server._serve_request = _serve_request  # type: ignore[method-assign]  # an instance's, looked up per request


def _rebuilt(server: LiveReloadServer) -> int:
    """The version of the site once no rebuild is going on (MkDocs 1.6's server's own wait)."""
    with server._epoch_cond:
        server._epoch_cond.wait_for(lambda: server._visible_epoch == server._wanted_epoch)
        return server._visible_epoch
