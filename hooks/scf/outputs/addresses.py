"""One registry of the site's addresses: every output of a build claims its address here, from
the content model, before anything is written.

A page, a feed, a calendar, a redirect page, the web editor's folder and the host's own files
(`_headers`, `_redirects`, `robots.txt`...) all end as files of the built site, and nothing
but this registry stops two of them from wanting the same one: a page `docs/feed.xml.md`
would need a folder where the feed is a file, a category 'Campaigning!' would write over the
listing of 'Campaigning'. So every address is claimed once; a second claim is one problem
naming both sources, and the names the build reserves for itself are whatever it claims
(no hand-kept list). A claim is a file (`blog/index.html`) or a whole folder (`admin`).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from scf.content.problems import Problem

BUILD = ""  # the file of a source that is the build itself (feeds, host files...)
_Key = tuple[str, int | None, str]  # a source without its fix: claims that are the same claim


@dataclass(frozen=True)
class Source:
    """Who claims an address: a file and line (a page, a post, scf.yml) or the build itself."""

    file: str
    line: int | None
    what: str  # "this page", "the category 'Campaigning'", "the site's RSS feed"
    fix: str = "rename the file or move it to another folder"
    subject: str = ""  # what several claims are for (a category's listing and old address): one problem

    @property
    def key(self) -> _Key:
        return self.file, self.line, self.subject or self.what

    def __str__(self) -> str:
        if self.file == BUILD:
            return "made by the build"
        return f"{self.file}:{self.line}" if self.line else self.file


def file_for(url: str) -> str:
    """The file that answers a directory-style address: '' -> index.html, 'a/' -> a/index.html."""
    url = url.lstrip("/")
    return url + "index.html" if url == "" or url.endswith("/") else url


def shown(address: str) -> str:
    """How an address is written in messages: /blog/ for blog/index.html."""
    if address == "index.html" or address.endswith("/index.html"):
        address = address[:-len("index.html")]
    return "/" + address


def _parents(address: str) -> list[str]:
    """The folders `address` is in, outermost first: 'a/b/c.html' -> ['a', 'a/b']."""
    parts = address.split("/")[:-1]
    found = parts[:1]
    for part in parts[1:]:
        found.append(f"{found[-1]}/{part}")
    return found


@dataclass
class Registry:
    files: dict[str, Source] = field(default_factory=dict)  # address -> who claimed it
    folders: dict[str, Source] = field(default_factory=dict)  # whole folders (admin, pagefind)
    dropped: set[str] = field(default_factory=set)  # claimed, but the build made nothing there this time
    problems: list[Problem] = field(default_factory=list)
    # Clashes are found without regard to case: hosts and file systems (macOS, Windows) that
    # ignore it would serve, or check out, one of two addresses that differ only in case.
    _files: dict[str, Source] = field(default_factory=dict)
    _folders: dict[str, Source] = field(default_factory=dict)
    _needed: dict[str, Source] = field(default_factory=dict)  # folders claimed files are in -> the first
    _pairs: set[tuple[_Key, _Key]] = field(default_factory=set)  # one problem per pair of sources

    def claim(self, address: str, source: Source, written: bool = True) -> bool:
        """Claim one file; False (and a problem) when another source has it or needs it as a folder.
        `written` False: an address only a host rule answers (an old address sent on), no file."""
        if not self._free(address, source):
            return False
        self.files[address] = self._files[address.casefold()] = source
        if not written:
            self.dropped.add(address)
        return True

    def claim_folder(self, folder: str, source: Source) -> bool:
        """Claim a folder and everything in it (what another program writes, like Pagefind)."""
        if not self._free(folder, source, "/"):
            return False
        self.folders[folder] = self._folders[folder.casefold()] = source
        return True

    def _free(self, address: str, source: Source, end: str = "") -> bool:
        key = address.casefold()
        parents = _parents(key)
        other = self._files.get(key) or self._folders.get(key) or self._needed.get(key)
        for parent in parents if other is None else ():  # a file or folder claimed where a folder must be
            other = self._files.get(parent) or self._folders.get(parent)
            if other is not None:
                break
        if other is not None:
            return self._refuse(address + end, source, other)
        for parent in reversed(parents):  # a folder needed already has its own folders needed too
            if parent in self._needed:
                break
            self._needed[parent] = source
        return True

    def copy(self) -> Registry:
        """The same claims, in a registry that can change (a writer drops addresses) on its own."""
        return replace(self, files=dict(self.files), folders=dict(self.folders), dropped=set(self.dropped),
                       problems=list(self.problems), _files=dict(self._files), _folders=dict(self._folders),
                       _needed=dict(self._needed), _pairs=set(self._pairs))

    def owner(self, address: str) -> Source | None:
        """Who claimed the file at `address` (itself, or a folder it is in); None if nobody."""
        return self.files.get(address) or next(
            (self.folders[p] for p in [*_parents(address), address] if p in self.folders), None)

    def top_level(self) -> list[tuple[str, bool]]:
        """(name, is a folder) of everything at the top of the built site, by name."""
        names: dict[str, bool] = {}
        for address in [*self.files, *self.folders]:
            if address in self.dropped:
                continue
            top, _, rest = address.partition("/")
            names[top] = names.get(top, False) or bool(rest) or address in self.folders
        return sorted(names.items())

    def under(self, folder: str) -> list[str]:
        """The claimed files in `folder` and its subfolders, by address."""
        return sorted(a for a in self.files if a.startswith(folder + "/") and a not in self.dropped)

    def _refuse(self, address: str, source: Source, other: Source) -> bool:
        if (source.key, other.key) not in self._pairs:
            self._pairs.add((source.key, other.key))
            where = "" if other.file == BUILD else f" ({other})"
            self.problems.append(Problem(source.file or "mkdocs.yml", source.line,
                                         f"{source.what} has the address {shown(address)}, which {other.what}"
                                         f"{where} has already", source.fix))
        return False
