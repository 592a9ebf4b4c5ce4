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


def watch_natively(server: LiveReloadServer, mkdocs_paths: Iterable[str], ours: Iterable[str]) -> None:
    """Move what MkDocs watches of `mkdocs_paths` (docs/, mkdocs.yml, the theme with --watch-theme)
    and `ours` (the content folders it does not know) to a native observer."""
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
