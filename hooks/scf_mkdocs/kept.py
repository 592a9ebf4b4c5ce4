"""What the adapter keeps across the builds of one process (the preview server rebuilds on
every save): the templates, compiled; and the filter that drops MkDocs's messages about what
the site does on purpose."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from jinja2 import BytecodeCache

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
    """Templates compiled once per process (MkDocs makes a new Jinja environment, which
    compiles every template again, for each rebuild); a template whose source changed is
    compiled again (Jinja compares the source's checksum)."""

    def __init__(self) -> None:
        self.code: dict[str, tuple[str, Any]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        checksum, code = self.code.get(bucket.key, ("", None))
        if code is not None and checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = (bucket.checksum, bucket.code)
