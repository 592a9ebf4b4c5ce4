"""Only the project's own files, of the kinds we check, are published from the content folders.

MkDocs copies every file in docs/ as it is, and the build mounts every file of posts/ and
easyread/: a link to a file elsewhere on the machine, a raw `.html` page or an SVG with a
script would be published unchecked. So every file in those folders is looked at before
anything is built, and one that does not belong stops the build with a message naming it.
Names are input too (file_names.py): a file or folder with a name that could mean more
than itself in an address is refused here, and the model never reads it.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from .file_names import is_safe, shown, suggested
from .file_reads import FileReads, settled, stamp
from .problems import Problem

FOLDERS = ("docs", "posts", "easyread")
PICTURES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"}  # posts' images, easy read pictures
THEME_FILES = {".css", ".js", ".woff2", ".ico", ".webmanifest"}  # docs/assets/ only: the site's look
DOCUMENTS = {".pdf"}  # reports offered for download (publications)
_MARKDOWN = {".md", ".markdown", ".mdown", ".mkd", ".mkdn"}
# What makes an SVG more than a picture when it is opened on its own: scripts, event
# handlers, links, embedded HTML, external entities, styles that can load other files.
_ACTIVE_SVG = re.compile(r"<\s*(script|foreignObject|iframe|embed|object|a|use|style|image|animate|set)\b|"
                         r"\son\w+\s*=|javascript:|<!ENTITY|\bhref\s*=", re.I)


def active_svg(text: str) -> bool:
    """True if an SVG's text holds anything more than a drawing (see _ACTIVE_SVG)."""
    return bool(_ACTIVE_SVG.search(text))


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


@dataclass
class Listing:
    """The content folders, as one walk of them saw them."""

    files: dict[str, list[str]]  # folder -> the path in it of each of its files (safe names only), sorted
    problems: list[Problem]  # a file or link that must not be published, a name that is refused
    folders: list[str]  # the path of every folder walked: what `reads` keeps of them


@dataclass(frozen=True)
class _Folder:
    """One folder's entries, kept while its stamp says none was added, removed or renamed."""

    plan: list[tuple[str, str, Problem | None]]  # in order: (_PROBLEM, name, it), (_LINK | _KIND, name, None)
    files: list[str]  # the safe names of its files (anything not a folder)
    walked: list[str]  # the safe names of its folders that are not links, walked into


_PROBLEM, _LINK, _KIND = "problem", "link", "kind"  # a link and an SVG's text are judged at every walk


def refused(root: Path | str) -> list[Problem]:
    """A problem for each file or link in the content folders that must not be published."""
    return listing(root).problems


def listing(root: Path | str, reads: FileReads[Any] | None = None) -> Listing:
    """Every file of the content folders, and a problem for each file or link that must not be
    published. `reads` (the preview server's): a folder's entries are kept while its stamp is
    unchanged; where a link leads and what an SVG holds are looked at every time."""
    root, reads = str(root), reads or FileReads()
    real_root = Path(root).resolve()
    result = Listing({}, [], [])

    def walk(folder: str, path: str, inside: str) -> None:
        here = f"{folder}/{inside}" if inside else folder  # from the project's root, for messages
        found = stamp(path)  # a folder's entries are kept only while its stamp can be trusted
        entries = reads.derived(path, "folder", found if found and settled(found) else None,
                                partial(_entries, path, here, folder))
        if entries is None:
            return
        result.folders.append(path)
        for kind, name, problem in entries.plan:
            if problem is not None:
                result.problems.append(problem)
            elif kind == _LINK:
                target = Path(path, name).resolve()
                if not _inside(target, real_root):
                    result.problems.append(Problem(f"{here}/{name}", None, f"this is a link to {target}, outside "
                                                   "the project", "copy the file into the repository instead of "
                                                   "linking to it"))
            else:
                result.problems += _kind(f"{here}/{name}", Path(path, name), folder)
        result.files[folder] += [f"{inside}/{name}" if inside else name for name in entries.files]
        for name in entries.walked:
            walk(folder, os.path.join(path, name), f"{inside}/{name}" if inside else name)

    for folder in FOLDERS:
        result.files[folder] = []
        walk(folder, os.path.join(root, folder), "")
        result.files[folder].sort()
    return result


def _entries(path: str, here: str, folder: str) -> _Folder | None:
    """What is in the folder at `path` (`here` from the project's root), judged by name; None if
    it is not a folder. A folder holds its links and folders as os.walk sorts them."""
    try:
        with os.scandir(path) as found:
            entries = sorted(found, key=lambda entry: entry.name)
    except OSError:
        return None
    plan: list[tuple[str, str, Problem | None]] = [
        (_PROBLEM, e.name, _badly_named(f"{here}/{e.name}", e.name))
        for e in entries if not e.name.startswith(".") and not is_safe(e.name)]
    safe = [e for e in entries if is_safe(e.name)]  # never a name beginning with "."
    folders = [e for e in safe if _is_folder(e)]
    files = [e for e in safe if not _is_folder(e)]
    plan += [(_LINK, e.name, None) for e in folders if e.is_symlink()]
    for entry in files:
        if entry.is_symlink():
            plan.append((_LINK, entry.name, None))
        elif not entry.name.endswith(".md"):  # Markdown is read and checked by the model
            if Path(entry.name).suffix.lower() == ".svg":
                plan.append((_KIND, entry.name, None))
            else:
                plan += [(_PROBLEM, entry.name, p) for p in _kind(f"{here}/{entry.name}", Path(entry.path), folder)]
    return _Folder(plan, [e.name for e in files], [e.name for e in folders if not e.is_symlink()])


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """As os.walk tells folders from files: through links, and an error is a file."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def templates(root: Path) -> list[str]:
    """The page templates a page may name: the theme overrides' top-level .html files."""
    for folder in (root / "overrides", Path(__file__).resolve().parents[3] / "overrides"):
        if folder.is_dir():
            return sorted(p.name for p in folder.glob("*.html"))
    return []


def _badly_named(rel: str, name: str) -> Problem:
    return Problem(shown(rel), None, f"the name '{shown(name)}' can mean something else in an address or a host's "
                   "rules: names may have only letters, digits, '-', '_' and '.', and begin with a letter or digit",
                   f"rename it to {suggested(name)}")


def _kind(rel: str, path: Path, folder: str) -> list[Problem]:
    suffix = path.suffix
    lower = suffix.lower()
    if suffix == ".md":
        return []
    if lower in _MARKDOWN:
        return [Problem(rel, None, f"Markdown files must end in '.md' (in small letters), not '{suffix}'",
                        f"rename it to {path.stem}.md")]
    if lower == ".svg":
        text = path.read_text(encoding="utf-8", errors="replace")
        if active_svg(text):
            return [Problem(rel, None, "this SVG picture holds a script, a link or a style, which would run "
                            "on our site", "save the picture as PNG, or export the SVG again as a plain drawing")]
        return []
    if lower in PICTURES or lower in DOCUMENTS:
        return []
    if folder == "docs" and rel.startswith("docs/assets/") and lower in THEME_FILES:
        return []
    if lower in {".html", ".htm", ".xhtml"}:
        return [Problem(rel, None, "HTML files are not published as they are",
                        f"write the page in Markdown as {path.stem}.md (see CONTRIBUTING.md)")]
    return [Problem(rel, None, f"'{suffix or path.name}' files are not published from {folder}/",
                    "remove it; pages are .md files, pictures .png, .jpg, .gif, .webp or .svg, "
                    "and reports for download .pdf")]

