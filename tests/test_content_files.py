"""Only the project's own files, of kinds we check, are published from docs/, posts/ and easyread/."""
from __future__ import annotations

import os

import pytest

from scf.content.content_files import refused

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2"><path d="M0 0h2v2z"/></svg>'


def messages(project) -> list[str]:
    return [str(p) for p in refused(project.root)]


def test_a_link_leaving_the_project_is_refused_naming_the_link(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("private", encoding="utf-8")
    (project.root / "easyread" / "pictures").mkdir(parents=True)
    os.symlink(secret, project.root / "easyread/pictures/house.png")
    os.symlink(tmp_path, project.root / "docs/elsewhere")
    found = messages(project)
    assert any(m.startswith("easyread/pictures/house.png: this is a link to ") and "outside the project" in m
               for m in found), found
    assert any(m.startswith("docs/elsewhere: this is a link to ") for m in found), found
    result = project.run("scf", "check")
    assert result.returncode == 1 and "easyread/pictures/house.png" in result.stdout


def test_a_link_inside_the_project_is_fine(project):
    project.write("posts/images/a.png", b"\x89PNG")
    os.symlink(project.root / "posts/images/a.png", project.root / "posts/images/b.png")
    assert messages(project) == []


@pytest.mark.parametrize("name, text, expected", [
    ("posts/2024-05-01-x.MD", "x", "must end in '.md' (in small letters), not '.MD'"),
    ("docs/x.markdown", "<script>alert(1)</script>", "must end in '.md'"),
    ("docs/x.html", "<script>alert(1)</script>", "HTML files are not published"),
    ("posts/notes.txt", "x", "'.txt' files are not published from posts/"),
    ("easyread/pictures/evil.svg", SVG.replace("<path", "<script>alert(1)</script><path"), "SVG picture holds"),
    ("posts/images/evil.svg", SVG.replace("<path", '<path onload="alert(1)"'), "SVG picture holds"),
    ("docs/assets/javascripts/x.php", "x", "'.php' files are not published from docs/"),
])
def test_file_kinds_that_are_not_checked_are_refused_with_a_fix(project, name, text, expected):
    project.write(name, text)
    found = messages(project)
    assert len(found) == 1 and found[0].startswith(f"{name}: ") and expected in found[0], found
    assert "Fix: " in found[0]


def test_pictures_documents_and_the_themes_files_are_fine(project):
    for name in ("posts/images/a.png", "posts/images/b.JPG", "easyread/pictures/c.svg", "docs/report.pdf",
                 "docs/assets/javascripts/site.js", "docs/assets/stylesheets/extra.css"):
        project.write(name, SVG if name.endswith(".svg") else "x")
    assert messages(project) == []


def test_an_image_outside_the_project_is_refused(project):
    project.post("2024-05-01-away", image="../../../etc/passwd", image_alt="Nothing")
    result = project.run("scf", "check")
    assert result.returncode == 1
    assert "posts/2024-05-01-away.md" in result.stdout and "the image '../../../etc/passwd'" in result.stdout
