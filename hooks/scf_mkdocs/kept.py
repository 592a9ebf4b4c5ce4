"""What the adapter keeps across the builds of one process (the preview server rebuilds on
every save): the templates, compiled (and on disk, for the next process); and the filter that
drops MkDocs's messages about what the site does on purpose."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from jinja2 import BytecodeCache, FileSystemBytecodeCache

if TYPE_CHECKING:
    from jinja2.bccache import Bucket


class OnPurpose(logging.Filter):
    """MkDocs's messages about what the site does on purpose: it warns that a dirty build
    leaves navigation and links stale (strict mode makes that an error; ours redraw every page
    whose links or lists changed), and says it skipped the theme's sitemap, which the adapter
    leaves empty (scf.outputs.host_files writes the site's), and the 404 page a preview
    rebuild keeps (scf.redraw.Redraw.same_structure)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not ("A 'dirty' build is being performed" in message
                    or message in ("Template skipped: 'sitemap.xml' generated empty output.",
                                   "Template skipped: '404.html' generated empty output."))


class Compiled(BytecodeCache):
    """Templates compiled once: kept in memory for the process (MkDocs makes a new Jinja
    environment, which compiles every template again, for each rebuild) and on disk for the
    next process, in Jinja's own cache (`disk`: its FileSystemBytecodeCache, in the user's
    temporary folder). Compiling the theme's 61 templates took a third of a second of every
    build and every `scf check`. A template whose source changed is compiled again (Jinja
    compares the source's checksum, on disk too); the disk is only ever a help: a cache that
    cannot be read or written is left alone."""

    def __init__(self, disk: BytecodeCache | None = None) -> None:
        self.code: dict[str, tuple[str, Any]] = {}
        self.disk = disk

    def load_bytecode(self, bucket: Bucket) -> None:
        checksum, code = self.code.get(bucket.key, ("", None))
        if code is not None and checksum == bucket.checksum:
            bucket.code = code
        elif self.disk is not None:
            try:
                self.disk.load_bytecode(bucket)  # leaves no code if its checksum differs
            except OSError:  # unreadable: compiled again
                bucket.reset()
            if bucket.code is not None:
                self.code[bucket.key] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = (bucket.checksum, bucket.code)
        if self.disk is not None:
            try:
                self.disk.dump_bytecode(bucket)  # a temporary file, renamed: no half-written file is read
            except OSError:  # a full or read-only disk: kept in memory only
                pass


def compiled_on_disk() -> BytecodeCache | None:
    """Jinja's cache of compiled templates in the user's temporary folder (made private to the
    user, and checked so, by Jinja), or None where there is none."""
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # Jinja refuses a folder another user owns
        return None
