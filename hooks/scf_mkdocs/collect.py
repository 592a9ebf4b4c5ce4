"""The preview server collects garbage while it waits for a save, not in the middle of a rebuild.

The server keeps a lot between rebuilds (each file's reading and checks, each page's
conversion: scf.content.file_reads, scf_mkdocs.render), so Python's full collection, which
walks every object the process holds, cost 0.2 to 0.35 s of CPU in each rebuild at 2,000
posts, a quarter of it (measured in-process: 1.0 s with the collector off against 1.4 s).
Under `serve` the full collection is left to the idle moment after each rebuild (a timer,
once the page is served); the collector's younger generations run as usual.
"""
from __future__ import annotations

import gc
import threading

DEFAULT = gc.get_threshold()
RARELY = 1000  # young collections between full ones (Python's default: 10)
IDLE_AFTER = 0.5  # seconds after a rebuild: the server has answered the browser's reload


def serving(on: bool) -> None:
    """Full collections between rebuilds (`serve`), or as Python does them (a build)."""
    gc.set_threshold(*DEFAULT[:2], RARELY if on else DEFAULT[2])


def after_rebuild() -> threading.Timer:
    """A full collection once the server is idle again."""
    timer = threading.Timer(IDLE_AFTER, gc.collect)
    timer.daemon = True
    timer.start()
    return timer
