"""What the adapter keeps across the builds of one process (the preview server rebuilds on
every save): the templates, compiled (and on disk, for the next process); and the filter that
drops MkDocs's messages about what the site does on purpose."""
from __future__ import annotations

import hashlib
import logging
from types import CodeType
from typing import TYPE_CHECKING, Any

from jinja2 import BytecodeCache, FileSystemBytecodeCache
from jinja2.bccache import Bucket

if TYPE_CHECKING:
    from jinja2 import Environment


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
        self.writes = True  # False: read from disk, never written (`scf check` writes nothing)

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        """Jinja's, keyed by the template's name, its source and what the environment bakes into
        its code: Jinja keys it by name and file alone, but a process whose environment escapes
        differently (or trims, or parses) must not run code compiled for another's. By source, not
        by file: two templates may have one name (ours, `partials/header.html`, includes
        Material's of that name), and each compiled the other out of a key of the name alone,
        four templates compiled again on every save; each test's project is a new folder, and
        a key by file would grow the cache by a thousand files a run. The code is named for
        this template's file: Jinja names a template's file, in its errors too, by its code's."""
        checksum = self.get_source_checksum(source)
        key = f"{hashlib.sha1(name.encode()).hexdigest()}-{_compiled_with(environment, name)}-{checksum[:16]}"
        bucket = Bucket(environment, key, checksum)
        self.load_bytecode(bucket)
        if bucket.code is not None and filename is not None and bucket.code.co_filename != filename:
            bucket.code = _filed(bucket.code, filename)  # compiled from the same source in another folder
        return bucket

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
        if self.disk is not None and self.writes:
            try:
                self.disk.dump_bytecode(bucket)  # a temporary file, renamed: no half-written file is read
            except OSError:  # a full or read-only disk: kept in memory only
                pass


def _filed(code: CodeType, filename: str) -> CodeType:
    """`code`, and the code of its functions (a template's blocks and macros), as if compiled
    from `filename`."""
    consts = tuple(_filed(c, filename) if isinstance(c, CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


def _compiled_with(environment: Environment, name: str) -> str:
    """A digest of the settings Jinja's compiler reads besides the source: whether the template
    escapes, its syntax, whitespace and extensions, and whether values are finalized."""
    escapes = environment.autoescape(name) if callable(environment.autoescape) else environment.autoescape
    settings = (escapes, environment.block_start_string, environment.block_end_string,
                environment.variable_start_string, environment.variable_end_string,
                environment.comment_start_string, environment.comment_end_string,
                environment.line_statement_prefix, environment.line_comment_prefix, environment.trim_blocks,
                environment.lstrip_blocks, environment.newline_sequence, environment.keep_trailing_newline,
                environment.optimized, environment.is_async, sorted(environment.extensions),
                getattr(environment.finalize, "__qualname__", None))
    return hashlib.blake2b(repr(settings).encode(), digest_size=8).hexdigest()


def compiled_on_disk() -> BytecodeCache | None:
    """Jinja's cache of compiled templates in the user's temporary folder (made private to the
    user, and checked so, by Jinja), or None where there is none."""
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # Jinja refuses a folder another user owns
        return None
