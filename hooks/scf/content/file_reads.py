"""What a content file gave when it was last read, kept between the preview server's rebuilds.

`./dev serve` rebuilds the site on every save. Reading, parsing and checking all 2,000 files
of a big site again each time cost seconds (MAINTAINING.md, "The editing loop"), for one
changed file. A `FileReads` remembers, for each file, its size, modification time and
inode with what reading it gave, and reads again only a file whose stamp changed.

What is made from a file's reading alone (its front matter checked against the settings, its
links checked against the site's addresses) is kept too (`derived`), with what it was made
from, and made again only when that changed.

A stamp can miss a change: two saves of the same size within one tick of the file system's
clock (a few milliseconds) have the same time. As git does with its index ("racy" entries),
a file modified less than `RACY_NS` before it was read is read again next time, so only a
file older than that is trusted, and any later save gives it a later time.
"""
from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")
U = TypeVar("U")
RACY_NS = 2_000_000_000  # a file saved this close to its reading is read again
Stamp = tuple[int, int, int, int]  # modification time, size, inode, device


def stamp(path: str) -> Stamp | None:
    """What says a file or folder changed: its modification time, size, inode and device;
    None if it is not there."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino, info.st_dev


def settled(found: Stamp, at: int | None = None) -> bool:
    """Whether a stamp taken at `at` (now, if None) can be trusted: a file changed less than
    RACY_NS before may change again within the same tick of the clock."""
    return found[0] < (time.time_ns() if at is None else at) - RACY_NS


def path_of(root: str | os.PathLike[str], rel: str) -> str:
    """`os.path.join(root, rel)`, made once: a save names each of 2,000 files several times.
    Remembered by the root's text: each reading's settings give an equal but new Path, which
    would be compared part by part, by pathlib's own Python, on every call."""
    return _joined(os.fspath(root), rel)


@lru_cache(maxsize=1 << 16)
def _joined(root: str, rel: str) -> str:
    return os.path.join(root, rel)


class PerObject(Generic[U]):
    """What is made from one object of the model, kept with it for as long as it lives. A post
    or easy read page kept between the preview's rebuilds (`FileReads`) is the same object, never
    changed (a changed file gives a new one), so what is made from it is made once, not once per
    save for each of 2,000 posts; `key`: what else it is made from, made again when that changes.
    It is kept in the object's own `__dict__`, under a name of this PerObject's (not a field: the
    model's equality and repr never see it); a weak dictionary's lookup made a weak reference on
    each of the 14,000 a save, three times the cost."""

    _count = itertools.count()

    def __init__(self) -> None:
        self._name = f"_scf_kept_{next(self._count)}"

    def get(self, obj: object, key: object, make: Callable[..., U], *args: object) -> U:
        """make(*args), made of `obj` and `key`: kept while `obj` lives and `key` is equal."""
        held = obj.__dict__
        kept: tuple[object, U] | None = held.get(self._name)
        if kept is None or kept[0] != key:
            kept = held[self._name] = (key, make(*args))
        return kept[1]


class LastOne(Generic[U]):
    """The value made last, with what it was made from: the preview's next rebuild takes it
    again while that is equal. For what is made of the whole site at once (the digest of its
    addresses, the registry, the theme's scripts), as `PerObject` is for what is made of one
    object of the model."""

    def __init__(self) -> None:
        self._kept: tuple[object, U] | None = None

    def get(self, key: object) -> U | None:
        """The value kept under an equal `key`, or None."""
        return self._kept[1] if self._kept is not None and self._kept[0] == key else None

    def keep(self, key: object, value: U | None) -> None:
        """Keep `value` as made from `key`; None keeps nothing."""
        self._kept = None if value is None else (key, value)


class FileReads(Generic[T]):
    """`get(path, read)`: read(path)'s result, from memory while the file is unchanged."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[Stamp, T]] = {}
        self._derived: dict[str, dict[str, tuple[object, object]]] = {}  # path -> what -> (made from, made)
        self.reads: list[str] = []  # the paths read (not taken from memory) by the last reading

    def get(self, path: Path | str, read: Callable[[], T]) -> T:
        key = str(path)
        found = stamp(key)
        kept = self._kept.get(key)
        if kept is not None and found is not None and kept[0] == found:
            return kept[1]
        started = time.time_ns()
        value = read()
        self.reads.append(key)
        if found is not None and settled(found, started):
            self._kept[key] = (found, value)
        else:
            self._kept.pop(key, None)
        return value

    def changed(self, paths: list[str]) -> list[str]:
        """Those of `paths` whose reading is not kept as the file is now (changed, gone, or read
        too soon after it was saved to be trusted)."""
        kept = self._kept
        return [path for path in paths if (was := kept.get(path)) is None or was[0] != stamp(path)]

    def unkept(self, paths: list[str]) -> list[str]:
        """Those of `paths` whose reading is not kept (read too soon after a save to be trusted)."""
        return [path for path in paths if path not in self._kept]

    def derived(self, path: Path | str, what: str, key: object, make: Callable[[], U]) -> U:
        """make()'s result, `what` of the file at `path`, from memory while `key` (everything it
        is made from: the file's text as `get` gave it, the settings it is judged by) is equal;
        made every time for the key None (what it is made from cannot be compared)."""
        kept = self.kept(path, what, key)
        if kept is not None:
            return kept  # type: ignore[return-value]  # stored by this method under this name
        value = make()
        if key is not None:
            self.keep(path, what, key, value)
        return value

    def kept(self, path: Path | str, what: str, key: object) -> object | None:
        """What `keep` kept as `what` of the file at `path` under an equal `key`, or None (and
        None for the key None: nothing to compare)."""
        made = self._derived.get(str(path), {}).get(what)
        return made[1] if made is not None and key is not None and made[0] == key else None

    def keep(self, path: Path | str, what: str, key: object, value: object) -> None:
        """Keep `value` as `what` of the file at `path`, made from `key`."""
        self._derived.setdefault(str(path), {})[what] = (key, value)

    def begin(self) -> None:
        """A new reading of the site: `reads` lists what it reads."""
        self.reads = []

    def forget(self, present: set[str]) -> None:
        """Drop what was kept of files that are gone (renamed or deleted)."""
        for key in self._kept.keys() - present:
            del self._kept[key]
        for key in self._derived.keys() - present:  # by file: 2,000 at 2,000 posts, not 12,000
            del self._derived[key]
