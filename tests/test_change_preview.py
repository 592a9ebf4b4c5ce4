"""SCF_PREVIEW=1, the build of a pull request: every page marked as a preview and not indexed."""
from __future__ import annotations

from scf.pages.proposed_change import BANNER, NOINDEX


def pages(site):
    return {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in site.rglob("*.html")}


def test_preview_build_marks_every_page_and_turns_crawlers_away(project, monkeypatch):
    project.post("2024-05-01-a")
    monkeypatch.setenv("SCF_PREVIEW", "1")
    site = project.build()
    built = pages(site)
    assert {"index.html", "404.html", "blog/index.html", "2024/05/01/a/index.html"} <= built.keys()
    for name, html in built.items():
        head, body = html.split("<body", 1)
        assert NOINDEX in head, name
        assert body.split(">", 1)[1].startswith(BANNER), name
        assert "Preview of a proposed change" in BANNER
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"


def test_normal_build_has_no_preview_marks(project, monkeypatch):
    project.post("2024-05-01-a")
    monkeypatch.setenv("SCF_PREVIEW", "0")
    site = project.build()
    for name, html in pages(site).items():
        assert 'name="robots"' not in html and "scf-preview" not in html, name
    assert "Disallow: /" not in (site / "robots.txt").read_text(encoding="utf-8")
