"""An easy read page of the real site, measured in Chromium: big text, rows that stack on
narrow screens and at 200% zoom, print, and the Listen button (only with speech)."""
from __future__ import annotations

from pathlib import Path

import pytest

# A stand-in for the browser's speech, so the test hears what would be said.
FAKE_SPEECH = """
window.__spoken = [];
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  speak(u) { window.__spoken.push(u); }, cancel() {}, getVoices() { return []; }}});
if (typeof window.SpeechSynthesisUtterance !== "function") {
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
}
"""
NO_SPEECH = """
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: undefined});
"""
ROWS = """() => [...document.querySelectorAll('.scf-row')].map(row => {
  const p = row.querySelector('.scf-row__picture').getBoundingClientRect();
  const t = row.querySelector('.scf-row__text').getBoundingClientRect();
  return {pictureRight: p.right, pictureBottom: p.bottom, textLeft: t.left, textTop: t.top};
})"""
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.fixture(scope="module")
def easy_read_page(built_site: Path, site_url: str) -> str:
    """The address of a real easy read page with rows (the vision page if there is one)."""
    pages = sorted(p for p in (built_site / "easy-read").rglob("index.html")
                   if 'class="scf-row"' in p.read_text(encoding="utf-8"))
    if not pages:
        pytest.fail("the built site has no easy read page with rows (easyread/*.md)")
    chosen = next((p for p in pages if p.parent.name == "vision"), pages[0])
    return site_url + chosen.parent.relative_to(built_site).as_posix() + "/"


def open_page(browser, url: str, script: str = FAKE_SPEECH, **context):
    page = browser.new_context(**context).new_page()
    page.add_init_script(script)
    page.goto(url)
    return page


def test_big_text_and_generous_line_height(browser, easy_read_page):
    page = open_page(browser, easy_read_page, viewport={"width": 1280, "height": 800})
    style = page.evaluate("""() => {
      const s = getComputedStyle(document.querySelector('.scf-row__text p, .scf-row__text'));
      return {size: parseFloat(s.fontSize), line: parseFloat(s.lineHeight), align: s.textAlign};
    }""")
    assert style["size"] >= 21
    assert style["line"] / style["size"] >= 1.5
    assert style["align"] in ("left", "start")
    rows = page.evaluate(ROWS)
    assert rows and all(r["pictureRight"] <= r["textLeft"] for r in rows)  # picture on the left
    page.context.close()


@pytest.mark.parametrize("viewport, scale", [({"width": 320, "height": 640}, 1),
                                             ({"width": 640, "height": 400}, 2)])  # 1280 px at 200%
def test_rows_stack_without_sideways_scrolling(browser, easy_read_page, viewport, scale):
    page = open_page(browser, easy_read_page, viewport=viewport, device_scale_factor=scale)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    rows = page.evaluate(ROWS)
    assert rows and all(r["pictureBottom"] <= r["textTop"] + 1 for r in rows)  # picture above text
    page.context.close()


def test_print_keeps_rows_and_big_text(browser, easy_read_page):
    page = open_page(browser, easy_read_page, viewport={"width": 600, "height": 800})
    page.emulate_media(media="print")
    size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.scf-row__text')).fontSize)")
    assert size >= 21  # 16pt
    rows = page.evaluate(ROWS)
    assert rows and all(r["pictureRight"] <= r["textLeft"] for r in rows)
    page.context.close()


def test_listen_reads_aloud_and_highlights_the_row_being_read(browser, easy_read_page):
    page = open_page(browser, easy_read_page)
    button = page.locator("button.scf-listen")
    assert button.count() == 1 and button.is_visible()
    button.focus()
    page.keyboard.press("Enter")  # works from the keyboard
    assert button.inner_text() == "Stop"
    spoken = page.evaluate("() => window.__spoken.map(u => u.text)")
    assert spoken == [page.locator("article h1").inner_text().strip()]
    assert page.locator("article h1.scf-reading").count() == 1
    # Finish each part until the first row is being read.
    for _ in range(20):
        if page.locator(".scf-row.scf-reading").count():
            break
        page.evaluate("() => window.__spoken.at(-1).onend()")
    row = page.locator(".scf-row.scf-reading")
    assert row.count() == 1
    said = page.evaluate("() => window.__spoken.at(-1).text")
    assert said == " ".join(row.locator(".scf-row__text").inner_text().split())
    assert page.locator(".scf-reading").count() == 1
    page.keyboard.press("Escape")
    assert page.locator(".scf-reading").count() == 0 and button.inner_text() == "Listen"
    page.context.close()


def test_no_listen_button_without_speech(browser, easy_read_page):
    page = open_page(browser, easy_read_page, script=NO_SPEECH)
    assert page.evaluate("() => !window.speechSynthesis")
    assert page.locator(".scf-row").count() > 0  # the page itself is there
    assert page.locator("button.scf-listen").count() == 0
    page.context.close()
