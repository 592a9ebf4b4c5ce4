"""When Python collects garbage: the preview server while it waits for a save, a build at its end.

The server keeps a lot between rebuilds (each file's reading and checks, each page's
conversion: scf.content.file_reads, scf_mkdocs.render), so Python's full collection, which
walks every object the process holds, cost 0.2 to 0.35 s of CPU in each rebuild at 2,000
posts, a quarter of it (measured in-process: 1.0 s with the collector off against 1.4 s).
Under `serve` the full collection is left to the idle moment after each rebuild (a timer,
once the page is served); the collector's younger generations run as usual. What the first
build leaves (240,000 objects at 2,000 posts) lives as long as the server, and each of those
idle collections went through it again: 90 to 170 ms of CPU a save at 2,000 posts, holding
the interpreter while a reader's next page waited. It is frozen out of the collector once
the server starts (`server_started`); what a save makes is collected as before.

A build (`mkdocs build`, `scf check`) keeps nearly everything it makes until it ends, so the
collector's passes over it find almost nothing: at 2,000 posts 555 passes (4 of them over
every object) took 0.26 s of the main process's CPU, at 10,000 posts 1,741 took 1.77 s. During
a build young collections wait for 100,000 new objects instead of 700 (3 passes at 2,000
posts, 10 at 10,000; the peak memory the same, 165 and 417 MB), as mypy does for the same
reason; the thresholds are Python's again when the build ends, for whatever runs next in
the process (tests, the preview).
"""
from __future__ import annotations

import gc
import threading

DEFAULT = gc.get_threshold()
RARELY = 1000  # young collections between full ones (Python's default: 10)
IDLE_AFTER = 0.5  # seconds after a rebuild: the server has answered the browser's reload
BUILD = (100_000, 50, 100)  # a build's thresholds: young, middle and full collections


def serving(on: bool) -> None:
    """Full collections between rebuilds (`serve`), or as Python does them."""
    gc.set_threshold(*DEFAULT[:2], RARELY if on else DEFAULT[2])


def server_started() -> None:
    """The first build is done (its own garbage goes now): what it leaves is never walked again."""
    gc.collect()
    gc.freeze()


def build_started(serving: bool) -> None:
    """A build's few collections (a rebuild of the preview keeps the preview's)."""
    if not serving:
        gc.set_threshold(*BUILD)


def build_ended(serving: bool, failed: bool = False) -> None:
    """A build: Python's thresholds again. A rebuild of the preview: a full collection once idle."""
    if not serving:
        gc.set_threshold(*DEFAULT)
    elif not failed:
        after_rebuild()


def after_rebuild() -> threading.Timer:
    """A full collection once the server is idle again."""
    timer = threading.Timer(IDLE_AFTER, gc.collect)
    timer.daemon = True
    timer.start()
    return timer
