"""Each check catches the defect it is for: a copy of a real page, with one defect planted, fails
it, while the untouched copy passes. The checks are the functions test_site_audit.py runs."""
from __future__ import annotations

import os
import re
import shutil

import pytest

from site_audit import (
    DESKTOP,
    NARROW,
    ZOOM_200,
    Recorder,
    Screen,
    axe_findings,
    dark_colour_findings,
    focus_findings,
    foreign_requests,
    overflow_findings,
    page_weight,
    serve,
    skip_link_findings,
    vnu_findings,
    weight_findings,
)

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"[^>]*>')


def after_article(html: str, extra: str) -> str:
    return ARTICLE.sub(lambda match: match.group(0) + extra, html, count=1)


# Links ever further apart in running text: going back with Shift+Tab, some land at the top of
# the window, under the sticky header unless the site's styles keep them below it.
GAP = "".join(f'<p><a href="../">Link {n}</a> ' + "Words between links. " * (7 * n) + "</p>" for n in range(1, 13))
# Each defect: files to add next to the page, and how to change the page.
DEFECTS = {
    "contrast": ({}, lambda html: after_article(html, '<p style="color:#bbb">Faint words.</p>')),
    # Faint only in the theme's dark scheme: light colours pass, dark ones fail.
    "dark-contrast": ({"planted.css": "[data-md-color-scheme=slate] .md-typeset p { color: #555 !important; }"},
                      lambda html: html.replace("</head>", '<link rel="stylesheet" href="planted.css"></head>')),
    "external": ({}, lambda html: html.replace(
        "</body>", '<img src="https://cdn.example.com/pixel.png" alt=""></body>')),
    "overflow": ({}, lambda html: after_article(html, '<div style="width:1000px">Wide.</div>')),
    "console": ({"planted.js": 'console.error("planted error");'},
                lambda html: html.replace("</body>", '<script src="planted.js"></script></body>')),
    "invalid": ({}, lambda html: after_article(html, "<p><div>A block in a paragraph.</div></p>")),
    "focus": ({"planted.css": "a:focus-visible, a:focus { outline: none !important; }"},
              lambda html: html.replace("</head>", '<link rel="stylesheet" href="planted.css"></head>')),
    # GAP's links pass with the site's styles ("gap"), and are covered without them.
    "gap": ({}, lambda html: after_article(html, GAP)),
    "obscured": ({"planted.css": "* { scroll-margin-top: 0 !important; }"}, lambda html: after_article(
        html.replace("</head>", '<link rel="stylesheet" href="planted.css"></head>'), GAP)),
    "skip": ({}, lambda html: re.sub(r'<a href="#[^"]*" class="md-skip">.*?</a>', "", html, flags=re.S)),
    "heavy": ({"heavy.png": os.urandom(150 * 1024)},
              lambda html: html.replace("</body>", '<img src="heavy.png" alt=""></body>')),
}
# Hosts without our Content-Security-Policy must be covered too: the checks may not rely on it.
CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')


@pytest.fixture(scope="module")
def planted(built_site, tmp_path_factory):
    """The built site plus /planted-clean/ (a copy of the privacy page) and /planted-<defect>/."""
    site = tmp_path_factory.mktemp("planted") / "site"
    shutil.copytree(built_site, site)
    original = CSP_META.sub("", (site / "privacy/index.html").read_text(encoding="utf-8"))
    for name, (files, plant) in {"clean": ({}, lambda html: html), **DEFECTS}.items():
        folder = site / f"planted-{name}"
        folder.mkdir()
        changed = plant(original)
        assert name == "clean" or changed != original, f"could not plant {name}"
        (folder / "index.html").write_text(changed, encoding="utf-8")
        for file, content in files.items():
            (folder / file).write_bytes(content if isinstance(content, bytes) else content.encode())
    with serve(site) as url:
        yield site, url


def run(browser, url: str, check, **options) -> tuple[list[str], list[str], list[str]]:
    """The check's findings on the page, with the requests and console errors of its load."""
    context = browser.new_context(**options)
    recorder = Recorder(url.split("planted-")[0])
    recorder.attach(context)
    page = context.new_page()
    recorder.watch(page)
    page.goto(url, wait_until="load")
    found = check(page)
    requests, errors = recorder.take()
    context.close()
    return found, requests, errors


def nothing(page) -> list[str]:
    return []


def both(browser, planted, name, check, **options):
    """(findings on the clean copy, findings on the copy with the defect)."""
    _, base = planted
    return (run(browser, base + "planted-clean/", check, **options),
            run(browser, base + f"planted-{name}/", check, **options))


def test_axe_catches_poor_contrast(browser, planted, axe_ready):
    clean, bad = both(browser, planted, "contrast", axe_findings, viewport=DESKTOP)
    assert clean[0] == [] and any("color-contrast" in f for f in bad[0]), bad[0]


def test_axe_catches_poor_contrast_in_dark_colours_only(browser, planted, axe_ready):
    """As the audit does it: the page loaded light, then turned dark by the reader's toggle."""
    def dark(page) -> list[str]:
        return dark_colour_findings(Screen(page.context, page))

    light = run(browser, planted[1] + "planted-dark-contrast/", axe_findings, viewport=DESKTOP)[0]
    clean, bad = both(browser, planted, "dark-contrast", dark, viewport=DESKTOP)
    assert light == [] and clean[0] == [] and any("color-contrast" in f for f in bad[0]), (light, bad[0])


def test_request_to_another_origin_is_caught(browser, planted):
    clean, bad = both(browser, planted, "external", nothing, viewport=DESKTOP)
    origin = planted[1]
    assert foreign_requests(clean[1], origin) == []
    assert foreign_requests(bad[1], origin) == ["request to another origin: https://cdn.example.com/pixel.png"]


def test_horizontal_scrolling_at_320px_is_caught(browser, planted):
    clean, bad = both(browser, planted, "overflow", overflow_findings, **NARROW)
    assert clean[0] == [] and bad[0] and "1" in bad[0][0], bad[0]


def test_console_error_is_caught(browser, planted):
    clean, bad = both(browser, planted, "console", nothing, viewport=DESKTOP)
    assert clean[2] == [] and bad[2] == ["console error: planted error"]


def test_invalid_html_is_caught(planted, vnu_ready):
    site, _ = planted
    found = vnu_findings([site / "planted-clean/index.html", site / "planted-invalid/index.html"])
    assert list(found) == [site / "planted-invalid/index.html"], found


def test_missing_focus_style_is_caught(browser, planted):
    clean, bad = both(browser, planted, "focus", focus_findings, viewport=DESKTOP)
    assert clean[0] == [] and any("focus not visible" in f for f in bad[0]), bad[0]


def test_focus_covered_by_the_sticky_header_going_back_is_caught(browser, planted):
    gap = run(browser, planted[1] + "planted-gap/", focus_findings, **ZOOM_200)[0]
    clean, bad = both(browser, planted, "obscured", focus_findings, **ZOOM_200)
    assert gap == clean[0] == [] and any("covered by another" in f for f in bad[0]), (gap, bad[0])


def test_missing_skip_link_is_caught(browser, planted):
    clean, bad = both(browser, planted, "skip", skip_link_findings, viewport=DESKTOP)
    assert clean[0] == [] and bad[0] and "not a skip link" in bad[0][0], bad[0]


def test_over_weight_page_is_caught(browser, planted):
    _, base = planted
    assert weight_findings(page_weight(browser, base + "planted-clean/")) == []
    found = weight_findings(page_weight(browser, base + "planted-heavy/"))
    assert found and "over the 100 KB budget" in found[0] and "heavy.png" in found[0], found
