"""Under `./dev serve` the browser reloads before the posts whose related block alone changed are
spliced (scf_mkdocs.later): they are spliced right after, in the background, and a page asked
for before its splice is spliced first, so the server never serves an old block."""
from __future__ import annotations

import logging
import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

import scf.redraw
from scf_mkdocs.later import Later, page_url, settle_first
from scf_mkdocs.render import Logged
from test_preview import _build, _files, preview  # noqa: F401  (the fixture)
from test_preview_cost import _aged_preview, _drawn_in_next_build, _full, _save

TITLE_EDIT = ("posts/2024-01-08-post-8.md", "title: Post 8", "title: Edited title")


def _edit_title(project) -> None:
    rel, old, new = TITLE_EDIT
    _save(project, rel, (project.root / rel).read_text().replace(old, new))


def _serve_build(project):
    """One rebuild as `mkdocs serve --dirty` runs it, leaving its splices to whoever waits for them."""
    config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(project.root / "served"))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, dirty=True)
    finally:
        config.plugins.on_startup(command="build", dirty=False)
    [adapter] = [hook._adapter for hook in config.hooks.values() if hasattr(hook, "_adapter")]
    return adapter


def test_a_page_asked_for_before_its_splice_is_spliced_first(preview, monkeypatch):  # noqa: F811
    served = _aged_preview(preview)
    _edit_title(preview)
    monkeypatch.setattr(Later, "start", lambda self, jobs: self.jobs.update(jobs))  # no background: all left

    adapter = _serve_build(preview)

    pending = adapter.later.pending()
    assert pending == {uri[:-len(".md")] + "/" for uri in adapter.build.redraw.splices} and len(pending) >= 3
    asked, other = sorted(pending)[:2]
    assert "Edited title" not in (served / asked / "index.html").read_text()  # the reload came first
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(served))
    settle_first(server, adapter.later)
    status: list[str] = []
    body = b"".join(server.serve_request({"PATH_INFO": f"/{asked}"}, lambda s, headers: status.append(s)))
    assert status == ["200 OK"] and b"Edited title" in body
    assert asked not in adapter.later.pending() and other in adapter.later.pending()  # that page only
    adapter.later.finish()  # what the next rebuild does first
    assert not adapter.later.pending()
    assert _files(served) == _full(preview)


def test_a_page_asked_for_during_a_rebuild_waits_for_it_and_then_for_its_splice(preview, monkeypatch):  # noqa: F811
    """The rebuild queues its splices as it ends: a request that came before then got the
    page with its old block (MkDocs's server holds it until the rebuild ends, then serves)."""
    import threading

    served = _aged_preview(preview)
    _edit_title(preview)
    monkeypatch.setattr(Later, "start", lambda self, jobs: self.jobs.update(jobs))  # no background: all left
    adapter = _serve_build(preview)
    queued, asked = dict(adapter.later.jobs), sorted(adapter.later.pending())[0]
    adapter.later.jobs.clear()  # as during the rebuild, before its end queues them
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(served))
    settle_first(server, adapter.later)
    server._wanted_epoch = server._visible_epoch + 1  # a rebuild has begun
    bodies: list[bytes] = []
    request = threading.Thread(target=lambda: bodies.append(b"".join(
        server.serve_request({"PATH_INFO": f"/{asked}"}, lambda status, headers: None))))
    request.start()
    request.join(timeout=0.3)
    assert request.is_alive()  # held until the rebuild ends
    adapter.later.jobs.update(queued)  # its end: the splices queued, then the site shown
    with server._epoch_cond:
        server._visible_epoch = server._wanted_epoch
        server._epoch_cond.notify_all()
    request.join(timeout=30)
    assert len(bodies) == 1 and b"Edited title" in bodies[0]
    assert asked not in adapter.later.pending()
    server.server_close()


def test_splices_are_made_in_the_background_after_the_rebuild(preview):  # noqa: F811
    served = _aged_preview(preview)
    _edit_title(preview)
    adapter = _serve_build(preview)
    adapter.later.thread.join()  # the background's, without finish()'s own pass
    assert not adapter.later.pending()
    assert _files(served) == _full(preview)


def test_a_splice_that_fails_after_the_reload_is_said_and_drawn_again_next_time(preview, monkeypatch):  # noqa: F811
    served = _aged_preview(preview)
    config = load_config(str(preview.root / "mkdocs.yml"))
    # The class of the hook module MkDocs loaded from its file (not scf_mkdocs.adapter's).
    [adapter_class] = [type(hook._adapter) for hook in config.hooks.values() if hasattr(hook, "_adapter")]
    _edit_title(preview)
    near = adapter_class._near
    broken = "2024/01/07/post-7.md"  # the edited post's older neighbour: spliced

    def failing(self, page, config):
        if page.file.src_uri == broken:
            raise RuntimeError("a bug")
        return near(self, page, config)

    monkeypatch.setattr(adapter_class, "_near", failing)
    said = Logged()
    logging.getLogger("scf.preview").addHandler(said)
    try:
        _build(preview, "served", dirty=True)  # --strict: a splice's error after the build fails no build
    finally:
        logging.getLogger("scf.preview").removeHandler(said)
    assert any("posts/2024-01-07-post-7.md" in message and "RuntimeError" in message for _, _, message in said.records)
    monkeypatch.setattr(adapter_class, "_near", near)
    drawn = _drawn_in_next_build(monkeypatch)

    _build(preview, "served", dirty=True)  # nothing saved: the page left with its old block is drawn

    assert broken in drawn
    assert _files(served) == _full(preview)


def test_the_background_and_requests_make_each_splice_once():
    later, made = Later(), []
    later.start((f"{n}/", lambda n=n: made.append(n)) for n in range(200))
    for n in range(0, 200, 7):
        later.settle(f"{n}/")
    later.finish()
    assert sorted(made) == list(range(200)) and not later.pending()


SEGMENT = st.text(alphabet="abz09-_.%é", min_size=1, max_size=8).filter(lambda s: s not in (".", ".."))


@pytest.mark.parametrize("mount", ["/", "/sub/"])
@given(segments=st.lists(SEGMENT, max_size=4), index=st.booleans())
def test_a_request_settles_the_page_whose_file_the_server_serves(mount, segments, index):
    """page_url is the folder of the file MkDocs 1.6's server opens for a page's path."""
    path = mount + "".join(s + "/" for s in segments) + ("index.html" if index else "")
    # MkDocs 1.6's LiveReloadServer._serve_request, for a path under the mount path:
    rel_file_path = path[len(mount):] + ("index.html" if path.endswith("/") else "")
    rel_file_path = posixpath.normpath("/" + rel_file_path).lstrip("/")
    assert page_url(path, mount) + "index.html" == rel_file_path


def test_a_request_outside_the_mount_path_settles_nothing():
    assert page_url("/elsewhere/", "/sub/") == "" and page_url("/sub", "/sub/") == ""


def _checked_pages(monkeypatch) -> list[str]:
    """The pages the next builds read to see if they still hold their block (scf.redraw)."""
    read: list[str] = []
    holds_once = scf.redraw._holds_once
    monkeypatch.setattr(scf.redraw, "_holds_once", lambda path, block: read.append(path) or holds_once(path, block))
    return read


def test_a_save_reads_only_the_pages_it_splices_and_only_to_splice_them(preview, monkeypatch):  # noqa: F811
    """A page this process wrote, unchanged since (its stamp), still holds its block: the next
    save splices it unread, and one changed by another program is read, then drawn if it must."""
    served = _aged_preview(preview)  # every page older than this process's stamps: each is read
    _edit_title(preview)
    _build(preview, "served", dirty=True)
    rel, _, first = TITLE_EDIT
    _save(preview, rel, (preview.root / rel).read_text().replace(first, "title: Edited again"))
    checked = _checked_pages(monkeypatch)
    drawn = _drawn_in_next_build(monkeypatch)

    adapter = _serve_build(preview)
    adapter.later.finish()

    assert checked == [] and len(adapter.build.redraw.splices) >= 3
    changed = "2024/01/07/post-7.md"  # its block taken out by another program
    block = adapter.build.redraw.near[changed]
    assert _files(served) == _full(preview)
    page = served / changed[:-3] / "index.html"
    page.write_text(page.read_text().replace(block, ""))
    _save(preview, rel, (preview.root / rel).read_text().replace("Edited again", "Edited a third time"))

    adapter = _serve_build(preview)
    adapter.later.finish()

    assert checked == [str(page)] and changed in drawn and changed not in adapter.build.redraw.splices
    assert _files(served) == _full(preview)


def test_a_page_changed_before_its_splice_is_said_and_drawn_again_next_time(preview, monkeypatch):  # noqa: F811
    served = _aged_preview(preview)
    _edit_title(preview)
    monkeypatch.setattr(Later, "start", lambda self, jobs: self.jobs.update(jobs))  # no background: all left
    adapter = _serve_build(preview)
    changed = "2024/01/07/post-7.md"
    page = served / changed[:-3] / "index.html"
    page.write_text(page.read_text().replace(adapter.build.redraw.last.near[changed], ""))
    said = Logged()
    logging.getLogger("scf.preview").addHandler(said)
    try:
        adapter.later.finish()
    finally:
        logging.getLogger("scf.preview").removeHandler(said)
    assert any("posts/2024-01-07-post-7.md" in message and "changed by another program" in message
               for _, _, message in said.records)
    drawn = _drawn_in_next_build(monkeypatch)

    _build(preview, "served", dirty=True)  # nothing saved: the page is drawn

    assert changed in drawn
    assert _files(served) == _full(preview)


def test_a_save_does_not_wait_for_the_last_saves_splices(preview, monkeypatch):  # noqa: F811
    """The splices a save leaves are dropped by the next rebuild, which splices those pages
    itself (never draws them): the last save's block is never written only to be replaced."""
    served = _aged_preview(preview)
    _edit_title(preview)
    monkeypatch.setattr(Later, "start", lambda self, jobs: self.jobs.update(jobs))  # none made yet
    first = _serve_build(preview)
    left, first_redraw = first.later.pending(), first.build.redraw
    assert len(left) >= 3
    made: list[object] = []
    spliced = scf.redraw.Redraw.spliced
    monkeypatch.setattr(scf.redraw.Redraw, "spliced", lambda self, *args: made.append(self) or spliced(self, *args))
    rel, _, title = TITLE_EDIT
    _save(preview, rel, (preview.root / rel).read_text().replace(title, "title: Edited again"))
    drawn = _drawn_in_next_build(monkeypatch)

    second = _serve_build(preview)

    assert second.later.pending() >= left and not {uri[:-len(".md")] + "/" for uri in drawn} & left
    second.later.finish()
    assert first_redraw not in made and len(made) == len(second.build.redraw.splices)
    assert _files(served) == _full(preview)


def test_a_request_for_a_page_with_no_splice_to_make_never_waits_for_the_others():
    """Only the page being spliced, or still to be, waits: the reload of the page being edited
    is served while the background splices the posts that name it."""
    import threading

    later, made = Later(), []
    later.jobs = {"a/": lambda: made.append("a")}
    with later.lock:  # as while the background makes a splice
        other = threading.Thread(target=later.settle, args=("blog/",))
        other.start()
        other.join(timeout=30)
        assert not other.is_alive() and made == []
        later.making = "b/"  # the one being made
        waiting = [threading.Thread(target=later.settle, args=(url,)) for url in ("a/", "b/")]
        for thread in waiting:
            thread.start()
        for thread in waiting:
            thread.join(timeout=0.2)
        assert all(thread.is_alive() for thread in waiting)
        later.making = None
    for thread in waiting:
        thread.join(timeout=30)
    assert made == ["a"] and not later.pending()


def test_the_background_splices_while_no_request_is_served_and_stops_whatever_is():
    """A request being served comes first; a rebuild stops the splices even while a request
    waits (MkDocs's server holds a request for a page until the rebuild is done)."""
    import threading

    later, made = Later(), []
    with later.serving():
        later.start((f"{n}/", lambda n=n: made.append(n)) for n in range(3))
        later.thread.join(timeout=0.2)
        assert made == [] and later.thread.is_alive()
    later.thread.join(timeout=30)
    assert made == [0, 1, 2]

    with later.serving():
        later.start((f"{n}/", lambda n=n: made.append(n)) for n in range(3, 6))
        stopping = threading.Thread(target=later.stop)
        stopping.start()
        stopping.join(timeout=30)
        assert not stopping.is_alive() and made == [0, 1, 2]


def test_the_browsers_wait_for_the_next_rebuild_is_not_a_request_the_splices_wait_for():
    """MkDocs's livereload script holds a request open until the next rebuild: counted, it would
    stop the splices for as long as a browser is open."""
    later = Later()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=".")
    seen: list[tuple[str, int]] = []
    server._serve_request = lambda environ, start_response: seen.append((environ["PATH_INFO"], later.asking)) or []
    settle_first(server, later)
    for path in ("/livereload/1/2", "/blog/"):
        server._serve_request({"PATH_INFO": path}, lambda status, headers: None)
    assert seen == [("/livereload/1/2", 0), ("/blog/", 1)] and later.asking == 0
    server.server_close()
