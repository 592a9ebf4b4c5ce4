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
from pathlib import Path

from .file_names import is_safe, shown, suggested
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


def refused(root: Path | str) -> list[Problem]:
    """A problem for each file or link in the content folders that must not be published."""
    root = Path(root)
    real_root = root.resolve()
    problems = []
    for folder in FOLDERS:
        # Plain strings, not Path objects: a big site has thousands of files, and the preview
        # server looks at them all on every save.
        for dirpath, dirnames, filenames in os.walk(root / folder):
            here = os.path.relpath(dirpath, root).replace(os.sep, "/")
            refused_names = [n for n in dirnames + filenames if not n.startswith(".") and not is_safe(n)]
            for name in sorted(refused_names):
                problems.append(_badly_named(f"{here}/{name}", name))
            dirnames[:] = sorted(d for d in dirnames if is_safe(d))  # never a name beginning with "."
            files = set(filenames)
            for name in dirnames + sorted(filenames):
                if not is_safe(name):
                    continue
                path, rel = os.path.join(dirpath, name), f"{here}/{name}"
                if os.path.islink(path):
                    target = Path(path).resolve()
                    if not _inside(target, real_root):
                        problems.append(Problem(rel, None, f"this is a link to {target}, outside the project",
                                                "copy the file into the repository instead of linking to it"))
                    continue
                if name in files and not name.endswith(".md"):  # Markdown is read and checked by the model
                    problems += _kind(rel, Path(path), folder)
    return problems


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

