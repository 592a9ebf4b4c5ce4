"""Every built page (standard, easy read, listings, 404) in Chromium: WCAG 2.2 AA by axe-core in
light and dark colours, reflow at 320 px and at 200% zoom, keyboard focus and the skip link,
no request to another origin, no cookies, no console errors; and valid HTML by the Nu Html Checker.

The site is audited in SHARDS parts, one test class each, so pytest-xdist's workers share the
audit (`--dist loadscope` sends each class to one worker). Each page of a part is loaded once in
one class fixture and checked light on a desktop, then dark at 200% zoom (visit_all); each test
asserts one rule over all pages of its part,
so a failure lists every page there that breaks it. The keyboard's checks (focus and skip
link) walk one page per kind of focusable element in its place (focus_kinds.keyboard_pages):
the theme's CSS, not a page's words, decides how focus shows.

A page that passed every check before, with the same bytes and loading the same bytes, is not
audited again (audit_record.py); the Nu checker's results are kept the same way.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from audit_record import AuditRecord, tools_of, vnu_version
from focus_kinds import keyboard_pages
from site_audit import (
    DESKTOP,
    NARROW,
    ZOOM_200,
    Recorder,
    Screen,
    axe_findings,
    cookie_findings,
    dark_colour_findings,
    focus_findings,
    foreign_requests,
    html_pages,
    overflow_findings,
    skip_link_findings,
    vnu_findings,
)

SHARDS = 6  # a few more parts than workers, so the parts even out between them




@dataclass
class Audit:
    pages: list[str]
    part: str = ""
    keyboard: set[str] = field(default_factory=set)  # the pages the keyboard walks
    findings: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # check -> page -> findings
    record: AuditRecord | None = None  # passing results of earlier runs
    reused: list[str] = field(default_factory=list)  # pages whose result came from the record

    def add(self, check: str, page: str, found: list[str]) -> None:
        if found:
            self.findings.setdefault(check, {}).setdefault(page, []).extend(found)

    def failed(self, page: str) -> bool:
        return any(page in pages for pages in self.findings.values())


def visit_all(browser, site_url: str, audit: Audit) -> None:
    """Load every page once, light on a desktop: axe; then on the same page, dark at 200% zoom:
    axe's colour rules and both reflow checks. The dark scheme changes colours only, so only
    axe's colour rules can find more there; and colours do not change a layout.

    The keyboard pages are loaded again for each walk, so each starts from the top of a fresh
    page: in dark at 200% zoom, then light on a desktop, then for the skip link.
    """
    recorder = Recorder(site_url)
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    # Each load starts from the device's colours, not from the last page's (the theme keeps it).
    context.add_init_script("localStorage.clear()")
    recorder.attach(context)
    page = context.new_page()
    recorder.watch(page)
    screen = Screen(context, page)
    for path in audit.pages:
        if audit.record and audit.record.passed(path, path in audit.keyboard):
            audit.reused.append(path)
            continue
        screen.light_desktop()
        load = lambda path=path: page.goto(site_url + path, wait_until="load")  # noqa: E731  (a reload keeps the scroll)
        load()
        audit.add("axe light", path, axe_findings(page))
        audit.add("axe dark", path, dark_colour_findings(screen))
        audit.add("reflow 200% zoom", path, overflow_findings(page))
        screen.size(NARROW["viewport"], ZOOM_200["device_scale_factor"])
        audit.add("reflow 320px", path, overflow_findings(page))
        if path in audit.keyboard:
            screen.size(ZOOM_200["viewport"], ZOOM_200["device_scale_factor"])  # still dark
            load()
            audit.add("focus", path, focus_findings(page))
            screen.light_desktop()
            load()
            audit.add("focus", path, focus_findings(page))
            load()
            audit.add("skip link", path, skip_link_findings(page))
        requests, errors = recorder.take()
        audit.add("requests", path, foreign_requests(requests, site_url))
        audit.add("console", path, errors)
        audit.add("cookies", path, cookie_findings(context))
        context.clear_cookies()
        if audit.record and not audit.failed(path):  # a failure is never kept
            audit.record.keep(path, requests, path in audit.keyboard)
    context.close()


def part(pages: list[str], shard: int) -> list[str]:
    """Every SHARDS-th page: big and small pages (posts, listings) spread over all parts."""
    return pages[shard::SHARDS]


def report(audit: Audit, check: str) -> str:
    found = audit.findings.get(check, {})
    return f"{check}: {len(found)} of the {len(audit.pages)} pages of {audit.part} fail\n" + "\n".join(
        f"  /{page}\n" + "\n".join(f"    {line}" for line in lines) for page, lines in found.items())


def test_the_audit_covers_every_kind_of_page(built_site):
    every = html_pages(built_site)
    assert sorted(p for shard in range(SHARDS) for p in part(every, shard)) == sorted(every)
    pages = set(every)
    assert {"", "404.html", "blog/", "blog/archive/", "easy-read/", "search/", "privacy/", "events/",
            "events/birmingham-2019/", "easy-read/events/", "publications/", "pledge/"} <= pages
    assert any(p.count("/") == 4 and p[:4].isdigit() for p in pages), "no blog post was built"


def test_the_keyboard_walks_each_page_with_a_new_kind_of_focusable_element(tmp_path):
    html = "<!doctype html><body><main><p><a href=x>a</a></p>{}</main></body>"
    pages = {"a.html": "", "b.html": "<p>Only words.</p>", "c.html": "<ul><li><a href=y>b</a></li></ul>",
             "d.html": "<ul><li><a href=z>c</a></li></ul>", "e.html": "<button>b</button>",
             "f.html": "<table><tr><td>1</td></tr></table>"}
    for name, extra in pages.items():
        (tmp_path / name).write_text(html.format(extra), encoding="utf-8")
    assert keyboard_pages(tmp_path, list(pages)) == {"a.html", "c.html", "e.html", "f.html"}


class Part:
    """The checks over one part of the site (the subclasses below name the part)."""

    shard = 0

    @pytest.fixture(scope="class")
    @classmethod
    def audit(cls, browser, site_url, built_site, axe_ready) -> Audit:
        every = html_pages(built_site)
        audit = Audit(part(every, cls.shard), f"part {cls.shard + 1} of {SHARDS}",
                      keyboard_pages(built_site, every),
                      record=AuditRecord.from_environment(built_site, site_url, tools_of(browser)))
        visit_all(browser, site_url, audit)
        return audit

    @pytest.mark.parametrize("check", ["axe light", "axe dark"])
    def test_no_axe_violations(self, audit, check):
        assert check not in audit.findings, report(audit, check)

    @pytest.mark.parametrize("check", ["reflow 320px", "reflow 200% zoom"])
    def test_no_horizontal_scrolling(self, audit, check):
        assert check not in audit.findings, report(audit, check)

    def test_skip_link_works_from_the_keyboard(self, audit):
        assert "skip link" not in audit.findings, report(audit, "skip link")

    def test_focus_is_always_visible(self, audit):
        assert "focus" not in audit.findings, report(audit, "focus")

    def test_no_request_to_another_origin(self, audit):
        assert "requests" not in audit.findings, report(audit, "requests")

    def test_no_cookies(self, audit):
        assert "cookies" not in audit.findings, report(audit, "cookies")

    def test_no_console_errors(self, audit):
        assert "console" not in audit.findings, report(audit, "console")


# One test class per part (TestPart1 ... TestPart6): loadscope sends each class to one worker.
for _shard in range(SHARDS):
    globals()[f"TestPart{_shard + 1}"] = type(f"TestPart{_shard + 1}", (Part,), {"shard": _shard})


def test_every_page_is_valid_html(built_site, vnu_ready):
    every = sorted(built_site.rglob("*.html"))
    record = AuditRecord.from_environment(built_site, "", vnu_version())
    files = [f for f in every if not record.passed(f.relative_to(built_site).as_posix(), kind="vnu")]
    found = vnu_findings(files) if files else {}
    for path in files if not found else []:  # with any error, keep nothing: never a failure
        record.keep(path.relative_to(built_site).as_posix(), [], kind="vnu")
    assert not found, f"{len(found)} of {len(files)} pages have HTML errors:\n" + "\n".join(
        f"  {path.relative_to(built_site)}\n" + "\n".join(f"    {m}" for m in messages)
        for path, messages in found.items())
