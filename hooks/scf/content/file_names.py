"""The names content files and folders may have: they become addresses, so they are input.

A file's name is part of its page's address, of the address of a picture or report, of
lines in the host's rule files and of commands run on it. Anything but plain letters,
digits and `- _ .` can mean something else in one of those: a line break starts a new host
rule, `*` and `:name` match every address, `#` and `?` end the path, `%` starts an escape,
`\\` is `/` to a browser (`/\\host` is another site), a space splits a command, a leading
`-` reads as an option and a leading `.` hides the file. So every segment of a path under
docs/, posts/ and easyread/ must match NAME; a name that does not is refused with the
rename that fixes it. Names beginning with `.` are never published (like `.gitkeep`).
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath

from .slug import slugify

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
MAX_LENGTH = 120  # well under every file system's and host's limit, with room for the folders
_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,10}$")


def is_safe(name: str) -> bool:
    """One file or folder name that means only itself in a URL, a shell and a host's rule file."""
    return bool(NAME.match(name)) and not name.endswith(".") and len(name) <= MAX_LENGTH


def suggested(name: str) -> str:
    """A name that passes, as close to `name` as it can be: 'My report (v2).PDF' -> my-report-v2.pdf."""
    path = PurePosixPath(name.replace("\\", "/").split("/")[-1] or "file")
    suffix = path.suffix.lower() if _SUFFIX.match(path.suffix) else ""
    stem = slugify(path.name[:len(path.name) - len(path.suffix)] if suffix else path.name)
    return (stem or "file")[:MAX_LENGTH - len(suffix)] + suffix


def shown(name: str) -> str:
    """The name as a message can print it: control and invisible characters made visible."""
    return name.encode("unicode_escape").decode("ascii") if not name.isprintable() else name
