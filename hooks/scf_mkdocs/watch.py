"""The preview server sees a save as it happens.

MkDocs 1.6's server watches with watchdog's `PollingObserver`, looking at every watched file
every 0.5 s: a save waited 0.25 s on average (0.5 s at worst) before the rebuild began, and
each look stat()s every post. Here the same paths are watched by watchdog's native observer
(inotify on Linux, FSEvents on macOS, polling where a system has neither), which reports a
save at once. A native observer also reports a file being opened or read, which the build
itself does (MkDocs would then rebuild for ever): it passes on only changes. Only the
server's public parts are used: `unwatch` and `watch`, and its `observer`, replaced before
`serve()` starts it.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

# A native observer reports a save's events within a millisecond or two: the server waits this
# long after the last before it rebuilds (MkDocs waits 0.1 s, for its polls).
SETTLE = 0.05
# A file made, written, closed after writing, removed or renamed: never opened or read.
CHANGES: tuple[type[FileSystemEvent], ...] = (FileCreatedEvent, FileModifiedEvent, FileClosedEvent, FileDeletedEvent,
                                              FileMovedEvent)


class ChangesOnly(Observer):  # type: ignore[misc,valid-type]  # watchdog's alias of the system's observer
    """The system's native observer, passing on only changes of files."""

    def schedule(self, event_handler: FileSystemEventHandler, path: str, *, recursive: bool = False,
                 event_filter: list[type[FileSystemEvent]] | None = None, follow_symlink: bool = False) -> ObservedWatch:
        watch: ObservedWatch = super().schedule(event_handler, path, recursive=recursive,
                                                event_filter=event_filter or list(CHANGES), follow_symlink=follow_symlink)
        return watch


class Saved(FileSystemEventHandler):
    """The Markdown files saved since the last reading (`take`), as the observer reports them: a
    save then looks at those, not at the stamp of each of 2,000 files (scf.content.kept_reading)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # the observer's thread adds, the rebuild takes
        self._paths: set[str] = set()
        self._taken = False

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:  # a folder made, moved or removed changes the folder's listing
            return
        with self._lock:
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if os.fsdecode(path).endswith(".md"):
                    self._paths.add(os.fsdecode(path))

    def take(self) -> set[str] | None:
        """The files saved since the last take; None the first time: what changed before the
        observer started was not seen, so that reading looks at every file's stamp."""
        with self._lock:
            paths, self._paths = self._paths, set()
            taken, self._taken = self._taken, True
        return paths if taken else None


def watch_natively(server: LiveReloadServer, mkdocs_paths: Iterable[str], ours: Iterable[str],
                   content: Iterable[str] = ()) -> Saved:
    """Move what MkDocs watches of `mkdocs_paths` (docs/, mkdocs.yml, the theme with --watch-theme)
    and `ours` (the content folders it does not know) to a native observer; what it reports of
    the Markdown files in the `content` folders is kept for the next reading (the `Saved`)."""
    moved = []
    for path in mkdocs_paths:
        try:
            server.unwatch(path)
        except KeyError:  # not watched (the theme, without --watch-theme)
            continue
        moved.append(path)
    server.observer = ChangesOnly()
    server.build_delay = SETTLE
    for path in [*moved, *ours]:
        if os.path.exists(path):
            server.watch(path)
    saved = Saved()
    for folder in content:
        if os.path.isdir(folder):
            server.observer.schedule(saved, folder, recursive=True)
    return saved
