"""The audit record (audit_record.py): a passing page is not audited again while its bytes and
the bytes of everything it loads stay the same; a failing page is audited on every run."""
from __future__ import annotations

import json

from audit_record import AuditRecord, page_file
from site_audit import REPO, serve
from test_site_audit import Audit, visit_all

PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        '<link rel="icon" href="data:,"><link rel="stylesheet" href="style.css"></head><body><main><h1>{title}</h1><p>Words.</p>{extra}'
        '</main></body></html>')
STYLE = "@media (prefers-color-scheme: dark) { body { background: #111; color: #eee; } }"


def site_of(tmp_path):
    site = tmp_path / "site"
    (site / "blog").mkdir(parents=True)
    (site / "style.css").write_text(STYLE, encoding="utf-8")
    (site / "blog/index.html").write_text(PAGE.format(title="Blog", extra=""), encoding="utf-8")
    (site / "index.html").write_text(PAGE.format(title="Home", extra=""), encoding="utf-8")
    return site


def test_a_result_is_reused_only_with_the_same_bytes_tools_and_keyboard(tmp_path):
    site, folder = site_of(tmp_path), tmp_path / "record"
    origin = "http://127.0.0.1:1/"
    record = AuditRecord(folder, site, origin, "chromium 1")
    assert not record.passed("blog/")
    record.keep("blog/", [origin + "blog/", origin + "style.css?v=1", origin + "gone.png",
                          "https://elsewhere.example/x.js", "data:,x"])
    (entry,) = folder.glob("*.json")
    assert json.loads(entry.read_text())["loads"] == {"blog/index.html": record.digest("blog/index.html"),
                                                       "gone.png": "missing", "style.css": record.digest("style.css")}
    assert record.passed("blog/")
    assert not record.passed("blog/", keyboard=True), "a walk by the keyboard was not recorded"
    assert not record.passed("", ), "another address"
    assert not AuditRecord(folder, site, origin, "chromium 2").passed("blog/"), "another browser"
    assert not record.passed("blog/", kind="vnu"), "another checker"

    (site / "style.css").write_text(STYLE + " p { color: #222; }", encoding="utf-8")
    assert not AuditRecord(folder, site, origin, "chromium 1").passed("blog/"), "a file it loads changed"
    (site / "style.css").write_text(STYLE, encoding="utf-8")
    assert AuditRecord(folder, site, origin, "chromium 1").passed("blog/")
    (site / "gone.png").write_bytes(b"now here")
    assert not AuditRecord(folder, site, origin, "chromium 1").passed("blog/"), "a missing file appeared"
    (site / "gone.png").unlink()
    page_file(site, "blog/").write_text(PAGE.format(title="Blog!", extra=""), encoding="utf-8")
    assert not AuditRecord(folder, site, origin, "chromium 1").passed("blog/"), "the page changed"


def test_no_folder_means_no_record(tmp_path):
    record = AuditRecord(None, site_of(tmp_path), "http://127.0.0.1:1/", "chromium 1")
    record.keep("blog/", [])
    assert not record.passed("blog/")


def test_a_failing_page_is_never_kept_and_a_passing_one_is_not_audited_again(browser, axe_ready, tmp_path):
    site, folder = site_of(tmp_path), tmp_path / "record"
    (site / "bad.html").write_text(PAGE.format(title="Bad", extra='<img src="style.css">'), encoding="utf-8")
    pages = ["", "bad.html"]
    with serve(site) as url:
        runs = []
        for _ in range(2):
            audit = Audit(pages, record=AuditRecord(folder, site, url, browser.version))
            visit_all(browser, url, audit)
            runs.append(audit)
        (site / "style.css").write_text(STYLE + " p { margin: 0; }", encoding="utf-8")
        after_a_style_change = Audit(pages, record=AuditRecord(folder, site, url, browser.version))
        visit_all(browser, url, after_a_style_change)
    first, second = runs
    assert first.failed("bad.html") and "axe light" in first.findings  # an image without alt text
    assert not first.failed(""), json.dumps(first.findings)
    assert first.reused == []
    assert second.reused == [""] and second.failed("bad.html"), "the failing page is audited again"
    assert after_a_style_change.reused == [], "the home page loads style.css: audited again"
    (kept,) = [json.loads(p.read_text()) for p in folder.glob("*.json")]  # none for the failure
    assert kept["page"] == "" and kept["loads"]["style.css"] == after_a_style_change.record.digest("style.css")


def test_the_planted_defects_never_read_the_record():
    """They prove in every run that each check catches what it is for: nothing may skip them."""
    text = (REPO / "tests/browser/test_planted_defects.py").read_text(encoding="utf-8")
    assert "audit_record" not in text and "AuditRecord" not in text
