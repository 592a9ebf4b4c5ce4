"""What the whole-site steps make, and the one writer that puts it in the built site.

Calendars, feeds, the search index, redirect pages, the sitemap, robots.txt, the host files
and the web editor each return what they would write (Pelican's writers and MkDocs's build
work the same way: gather everything, then write). The writer writes each output only at an
address the registry (addresses.py) says was claimed for it, so no step can write over
another's file, and `scf check` can make every output without writing any.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .addresses import Registry


@dataclass(frozen=True)
class Output:
    """One file (or folder) of the built site, at `address` (relative, '/'-separated)."""

    address: str
    data: bytes | None = None  # the file's bytes, or None for `source`
    source: Path | None = None  # a file copied as it is, or a folder (`folder`) moved in
    folder: bool = False
    remove: bool = False  # nothing there: the builder's own file is taken away (sitemap.xml)


def text(address: str, value: str) -> Output:
    return Output(address, value.encode("utf-8"))


def copy(address: str, source: Path) -> Output:
    return Output(address, source=source)


class Writer:
    """Writes outputs into `site_dir`, or (site_dir None, for `scf check`) only checks them."""

    def __init__(self, registry: Registry, site_dir: Path | None):
        self.registry = registry
        self.site_dir = site_dir
        self.made: list[str] = []  # every address written, in order
        self._made = set(self.made)  # the same, to look up: the editor alone makes 3,400 outputs

    def write(self, outputs: list[Output]) -> None:
        for output in outputs:  # what fails here is a bug of ours, never content's
            if self.registry.owner(output.address) is None:
                raise RuntimeError(f"the build made /{output.address}, which no step claimed")
            if output.address in self._made or output.address.split("/")[0] in ("", ".", ".."):
                raise RuntimeError(f"the build made /{output.address} twice, or outside the site")
            if output.remove:
                self.registry.dropped.add(output.address)
            else:
                self.made.append(output.address)
                self._made.add(output.address)
            if self.site_dir is not None:
                self._save(self.site_dir / output.address, output)

    @staticmethod
    def _save(path: Path, output: Output) -> None:
        if output.remove:
            shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        if output.folder:
            if output.source is not None and output.source.resolve() != path.resolve():
                shutil.rmtree(path, ignore_errors=True)
                shutil.move(output.source, path)
        elif output.data is not None:
            path.write_bytes(output.data)
        elif output.source is not None:
            _copy(output.source, path)


def _copy(source: Path, path: Path) -> None:
    """A copy that keeps its source's time, so the next build into the same folder (`./dev serve`)
    skips it while the source is unchanged: a save costs what it changes, not the 3,436 symbols."""
    want = source.stat()
    try:
        have = path.stat()
        if (have.st_size, have.st_mtime_ns) == (want.st_size, want.st_mtime_ns):
            return
    except FileNotFoundError:
        pass
    shutil.copyfile(source, path)
    os.utime(path, ns=(want.st_atime_ns, want.st_mtime_ns))
