"""One walk of the content folders gives their files and what must not be published, and the
preview server keeps each folder's entries while its stamp is unchanged (content_files.listing).

The oracle is the two walks it replaced: os.walk for the problems, and again for each
folder's files. Random trees of files, folders and links (good and bad names, pictures,
SVGs with and without scripts, links inside and outside the project) must give the same, read
fresh or from what an earlier walk kept, whatever changed in between.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scf.content.content_files import FOLDERS, _badly_named, _inside, _kind, listing
from scf.content.file_names import is_safe
from scf.content.file_reads import FileReads
from scf.content.problems import Problem

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2"><path d="M0 0h2v2z"/></svg>'
ACTIVE = SVG.replace("<path", "<script>alert(1)</script><path")
NAMES = ["a.md", "b.md", "pic.png", "Pic.SVG", "x.html", "notes.txt", "p.MD", "ok.svg", "sub", "images",
         "my file.md", ".hidden", "end.", "2024-01-01-post.md"]


def _oracle(root: Path) -> tuple[list[str], dict[str, list[str]]]:
    """What the two walks gave: every problem in order, and each folder's files."""
    real_root = root.resolve()
    problems: list[Problem] = []
    files: dict[str, list[str]] = {}
    for folder in FOLDERS:
        for dirpath, dirnames, filenames in os.walk(root / folder):
            here = os.path.relpath(dirpath, root).replace(os.sep, "/")
            for name in sorted(n for n in dirnames + filenames if not n.startswith(".") and not is_safe(n)):
                problems.append(_badly_named(f"{here}/{name}", name))
            dirnames[:] = sorted(d for d in dirnames if is_safe(d))
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
                if name in filenames and not name.endswith(".md"):
                    problems += _kind(rel, Path(path), folder)
        found = []
        for dirpath, dirnames, filenames in os.walk(root / folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and is_safe(d))
            found += [os.path.relpath(os.path.join(dirpath, n), root / folder).replace(os.sep, "/")
                      for n in filenames if not n.startswith(".") and is_safe(n)]
        files[folder] = sorted(found)
    return [str(p) for p in problems], files


# A change: (what, folder index, path of names, name or text)
_changes = st.lists(st.tuples(st.sampled_from(["file", "folder", "svg", "link-in", "link-out", "link-dir",
                                               "dangling", "remove"]),
                              st.integers(0, 2), st.lists(st.sampled_from(["sub", "images"]), max_size=2),
                              st.sampled_from(NAMES), st.booleans()), max_size=12)


def _apply(root: Path, outside: Path, change: tuple[str, int, list[str], str, bool]) -> None:
    what, folder, inside, name, active = change
    parent = root / FOLDERS[folder] / Path(*inside) if inside else root / FOLDERS[folder]
    for step in [parent, *parent.parents]:  # a folder in the way that is a file or a link: no change
        if step.is_symlink() or (step.exists() and not step.is_dir()):
            return
    parent.mkdir(parents=True, exist_ok=True)
    path = parent / name
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        if what != "remove":
            return
        for child in sorted(path.rglob("*"), key=lambda p: -len(p.parts)):
            child.unlink() if child.is_symlink() or not child.is_dir() else child.rmdir()
        path.rmdir()
    if what == "file":
        path.write_text("x")
    elif what == "folder":
        path.mkdir()
    elif what == "svg":
        path.write_text(ACTIVE if active else SVG)
    elif what == "link-in":
        path.symlink_to(root / "docs")
    elif what == "link-out":
        path.symlink_to(outside)
    elif what == "link-dir":
        path.symlink_to(outside.parent)
    elif what == "dangling":
        path.symlink_to(root / "nowhere")


def _age(root: Path, when: int) -> None:
    """Every folder changed long ago (each aging at another time): only then are they kept."""
    for folder, _, _ in os.walk(root):
        os.utime(folder, ns=(when, when))


def _walked(root: Path, reads: FileReads[object] | None = None) -> tuple[list[str], dict[str, list[str]]]:
    found = listing(root, reads)
    return [str(p) for p in found.problems], found.files


@settings(max_examples=150, deadline=None)
@given(first=_changes, then=_changes, svg_edit=st.booleans())
def test_one_walk_gives_what_the_two_walks_gave_fresh_or_kept(first, then, svg_edit):
    with tempfile.TemporaryDirectory() as top:
        root, outside = Path(top, "project"), Path(top, "secret.txt")
        outside.write_text("private")
        (root / "docs").mkdir(parents=True)
        for change in first:
            _apply(root, outside, change)
        reads: FileReads[object] = FileReads()
        _age(root, 1_000_000_000_000_000_000)
        assert _walked(root) == _walked(root, reads) == _oracle(root)
        for change in then:
            _apply(root, outside, change)
        if svg_edit:  # a picture's text changes, not its folder
            for svg in root.rglob("*.svg"):
                if svg.is_file() and not svg.is_symlink():
                    svg.write_text(ACTIVE if svg.read_text() == SVG else SVG)
        assert _walked(root, reads) == _oracle(root)  # just changed: nothing kept is trusted
        _age(root, 1_100_000_000_000_000_000)
        assert _walked(root, reads) == _walked(root, reads) == _oracle(root)


def test_an_unchanged_folder_is_not_listed_again(tmp_path, monkeypatch):
    """The preview's walk of 2,000 posts: each folder's stamp, not its entries."""
    for n in range(5):
        (tmp_path / "posts").mkdir(exist_ok=True)
        (tmp_path / "posts" / f"2024-01-0{n + 1}-post.md").write_text("x")
    (tmp_path / "docs/pictures").mkdir(parents=True)
    (tmp_path / "docs/pictures/a.svg").write_text(SVG)
    (tmp_path / "easyread").mkdir()
    _age(tmp_path, 1_000_000_000_000_000_000)
    reads: FileReads[object] = FileReads()
    listing(tmp_path, reads)
    scanned: list[str] = []
    scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path: scanned.append(path) or scandir(path))
    (tmp_path / "docs/pictures/a.svg").write_text(ACTIVE)  # its folder is unchanged; the picture is judged again

    found = listing(tmp_path, reads)

    assert scanned == [] and len(found.files["posts"]) == 5
    assert [p.file for p in found.problems] == ["docs/pictures/a.svg"]


def test_a_folder_changed_just_before_the_walk_is_listed_again(tmp_path):
    """Two changes within one tick of the clock leave the same stamp (git's "racy" rule)."""
    (tmp_path / "posts").mkdir()
    reads: FileReads[object] = FileReads()
    stamp = (tmp_path / "posts").stat().st_mtime_ns
    listing(tmp_path, reads)
    (tmp_path / "posts/2024-01-01-new.md").write_text("x")
    os.utime(tmp_path / "posts", ns=(stamp, stamp))  # the same tick

    assert listing(tmp_path, reads).files["posts"] == ["2024-01-01-new.md"]
