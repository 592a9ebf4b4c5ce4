"""Every easy read page of the real site in Chromium: its symbols load with their rows' alt text,
the first screen loads few of them, dark mode puts them on a light tile, the footer credits
the set, Print sits beside Listen (with words to read where scripts are off), and the page
printed to PDF by Chromium reads as an easy read document (tested with poppler's pdftotext)."""
from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import zlib
from pathlib import Path

import pytest

from conftest import require
from scf.checks import easyread_symbols
from site_audit import BUDGET, html_pages, page_weight

SYMBOLS = """() => [...document.querySelectorAll('article .scf-row')].map((row, i) => {
  const img = row.querySelector('.scf-row__picture img');
  return img && {row: i, alt: img.getAttribute('alt'), src: img.getAttribute('src'), complete: img.complete,
                 natural: img.naturalWidth, width: img.getAttribute('width'), height: img.getAttribute('height'),
                 loading: img.getAttribute('loading'), cls: img.className,
                 tile: getComputedStyle(img).backgroundColor};
}).filter(Boolean)"""
# In print: what the paper shows of the page (innerText skips what is hidden), its headings and
# rows, the smallest text, and any control or site chrome still shown.
PAPER = """() => {
  const article = document.querySelector('article');
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const texts = [...article.querySelectorAll('*')].filter(el => shown(el) &&
    [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
  return {
    text: article.innerText,
    symbols: document.querySelectorAll('.scf-row__symbol').length,
    headings: [...article.querySelectorAll('h1, h2, h3')].filter(shown).map(h => h.innerText),
    rows: [...article.querySelectorAll('.scf-row')].filter(shown).map(r => r.innerText),
    smallest: Math.min(...texts.map(el => parseFloat(getComputedStyle(el).fontSize))),
    controls: [...document.querySelectorAll('button, input, select, textarea, nav, header, .md-footer, .md-sidebar')]
      .filter(shown).map(el => el.outerHTML.slice(0, 80)),
  };
}"""
PT = 4 / 3  # CSS pixels in a point


@pytest.fixture(scope="module")
def easy_pages(built_site: Path) -> list[str]:
    pages = sorted(p.parent.relative_to(built_site).as_posix() + "/"
                   for p in (built_site / "easy-read").rglob("index.html"))
    assert len(pages) >= 5
    return pages


@pytest.fixture(scope="module")
def screen(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


def test_the_site_audit_covers_every_easy_read_page(built_site, easy_pages):
    """axe (light and dark), the Nu checker and reflow run on html_pages(): easy read pages too."""
    assert set(easy_pages) <= set(html_pages(built_site))


def symbols_of(page, site_url: str, path: str) -> list[dict]:
    page.goto(site_url + path)
    loading = [s["loading"] for s in page.evaluate(SYMBOLS)]  # as written, before the lazy ones load
    page.evaluate("""async () => {  // let the lazy ones load too
      for (const img of document.querySelectorAll('.scf-row__symbol')) { img.loading = 'eager'; }
      await Promise.all([...document.images].map(img => img.decode().catch(() => null)));
    }""")
    return [{**s, "loading": written} for s, written in zip(page.evaluate(SYMBOLS), loading)]


def test_every_symbol_on_every_easy_read_page_loads_with_its_rows_alt(screen, site_url, built_site, easy_pages):
    seen = 0
    for path in easy_pages:
        html = (built_site / path / "index.html").read_text(encoding="utf-8")
        alts = re.findall(r'<img class="scf-row__symbol" src="[^"]*" alt="([^"]*)"', html)
        found = symbols_of(screen, site_url, path)
        symbols = [s for s in found if "scf-row__symbol" in s["cls"]]
        assert [s["alt"] for s in symbols] == [a.replace("&amp;", "&").replace("&quot;", '"') for a in alts]
        for s in symbols:
            assert s["alt"].strip(), f"{path}: a symbol without alt text"
            assert s["natural"] > 0, f"{path}: {s['src']} did not load"
            assert s["width"] and s["height"], f"{path}: {s['src']} has no width and height"
            assert re.fullmatch(r"(\.\./)+assets/symbols/[a-z0-9_-]+\.svg", s["src"]), s["src"]
            assert (s["loading"] == "lazy") == (s["row"] >= 2), f"{path}: row {s['row']} loading {s['loading']}"
        seen += len(symbols)
    print(f"{seen} symbols on {len(easy_pages)} easy read pages")


# An easy read page's body as the lint reads it: its headings and rows in order, each row with
# its symbol's file name (or None for another picture).
_ITEMS = re.compile(r'<h[1-6]\b|<div class="scf-row">\s*<div class="scf-row__picture">'
                    r'(?:<img class="scf-row__symbol" src="[^"]*/assets/symbols/([^"/]+)")?')


def body_items(html: str) -> list[tuple[str, int, str | None]]:
    article = html[html.find("<article"):html.find("</article>")]
    article = article[article.find("</h1>"):]  # the title is above the body
    return [("heading" if m[0].startswith("<h") else "row", m.start(), m[1]) for m in _ITEMS.finditer(article)]


def test_the_first_view_of_each_easy_read_page_is_within_the_budget(browser, site_url, built_site, easy_pages):
    """The whole first view, symbols included, within the site's budget (site_audit.BUDGET, 100 KB
    gzip-compressed). The lint (easyread_symbols.first_view_problem) holds the same line: the
    browser fetches no symbol the lint does not count, and the page without its symbols weighs no
    more than the lint allows for it, so a page the lint is silent about is within the budget."""
    assert BUDGET == easyread_symbols.BUDGET, "the lint and the browser test hold easy read pages to different budgets"
    over, uncounted, grown = [], [], []
    for path in easy_pages:
        weight = page_weight(browser, site_url + path)
        symbols = {url.rsplit("/", 1)[1]: sent for url, _, sent in weight.resources if "/assets/symbols/" in url}
        rest = weight.total - sum(symbols.values())
        html = (built_site / path / "index.html").read_text(encoding="utf-8")
        counted = {name for _, name in easyread_symbols.first_view(body_items(html))}
        shown = html.count('class="scf-row__symbol"')
        print(f"/{path}: {weight.total / 1024:.1f} KB, of which {len(symbols)} of {shown} symbols "
              f"{sum(symbols.values()) / 1024:.1f} KB ({'within' if weight.total <= BUDGET else 'OVER'} the budget)")
        if weight.total > BUDGET:
            over.append(f"/{path}: {weight.total / 1024:.1f} KB\n{weight.report()}")
        if set(symbols) - counted:
            uncounted.append(f"/{path}: {sorted(set(symbols) - counted)}")
        if rest > easyread_symbols.PAGE_WEIGHT:
            grown.append(f"/{path}: {rest / 1024:.1f} KB")
    assert not over, "easy read first views over the budget (scf check names their heaviest symbols):\n" + \
        "\n".join(over)
    assert not uncounted, "the browser fetched symbols the lint does not count:\n" + "\n".join(uncounted)
    assert not grown, (
        f"easy read pages weigh more than the {easyread_symbols.PAGE_WEIGHT / 1024:.1f} KB the lint allows for "
        "a page without its symbols (easyread_symbols.PAGE_WEIGHT): something every easy read page loads grew, "
        "or a page's HTML did. Make it lighter, or raise PAGE_WEIGHT, which lowers what the lint leaves the "
        "symbols, so that it still warns before the budget breaks (MAINTAINING.md, Easy read, Weight):\n"
        + "\n".join(grown))


def test_symbols_far_below_the_first_screen_are_not_fetched(browser, site_url, built_site, easy_pages):
    longest = max(easy_pages, key=lambda p: (built_site / p / "index.html").read_text(encoding="utf-8")
                  .count('class="scf-row__symbol"'))
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site_url + longest, wait_until="networkidle")
    # Those far below, but for any also shown higher up (the browser has it already).
    far = page.evaluate("""() => {
      const all = [...document.querySelectorAll('.scf-row__symbol')];
      const near = new Set(all.filter(img => img.getBoundingClientRect().top <= 800 + 1500).map(img => img.src));
      return all.filter(img => img.getBoundingClientRect().top > 800 + 1500 && !near.has(img.src))
        .map(img => img.naturalWidth);
    }""")
    context.close()
    if far:  # a page long enough to have symbols that far down
        assert set(far) == {0}, f"/{longest}: symbols far below the first screen were fetched"


def test_symbols_sit_on_a_light_tile_in_dark_mode(browser, site_url, easy_pages):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    tiles = [s["tile"] for path in easy_pages[:3] for s in symbols_of(page, site_url, path)]
    context.close()
    assert tiles and set(tiles) == {"rgb(255, 255, 255)"}


def test_easy_read_pages_leave_out_the_content_templates_styles_they_do_not_use(built_site):
    """content.css styles the standard pages' templates (cards, the theory of change, share links):
    easy read pages use none of its classes, so their first view does not fetch it."""
    css = (built_site / "assets/stylesheets/content.css").read_text(encoding="utf-8")
    classes = set(re.findall(r"\.(scf-[\w-]+)", css))
    for path in sorted(built_site.rglob("index.html")):
        html = path.read_text(encoding="utf-8")
        easy = "/easy-read/" in "/" + path.relative_to(built_site).as_posix()
        assert ("stylesheets/content.css" in html) != easy or "<article" not in html, path
        if easy:
            used = set(re.findall(r'class="([^"]*)"', html))
            assert not {c for attr in used for c in attr.split()} & classes, path


def test_the_footer_credits_the_set_on_every_page_that_shows_a_symbol(built_site):
    for path in sorted(built_site.rglob("index.html")):
        html = path.read_text(encoding="utf-8")
        footer = html[html.find('<footer class="md-footer"'):]
        shows = 'class="scf-row__symbol"' in html
        credited = ('<a href="https://mulberrysymbols.org/">Mulberry Symbols</a>' in footer
                    and 'href="https://creativecommons.org/licenses/by-sa/4.0/"' in footer)
        assert credited == shows or (credited and "/easy-read/" in path.as_posix()), path


def test_print_button_beside_listen_and_words_where_scripts_are_off(browser, site_url, easy_pages):
    context = browser.new_context()
    context.add_init_script("""window.speechSynthesis = window.speechSynthesis || {speak() {}, cancel() {}};
      window.print = () => { window.__printed = (window.__printed || 0) + 1; };""")
    page = context.new_page()
    page.goto(site_url + easy_pages[0])
    buttons = page.locator("article button").all_inner_texts()
    assert buttons[:2] == ["Listen", "Print"]
    page.locator("button.scf-print").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => window.__printed") == 1
    assert not page.locator(".scf-print-hint").is_visible()
    context.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + easy_pages[0])
    assert page.locator("button.scf-print").count() == 0
    hint = page.locator(".scf-print-hint")
    assert hint.is_visible() and "Ctrl and P" in hint.inner_text()
    context.close()


# -- on paper ------------------------------------------------------------------------------------

def pdf_text(pdf: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-f", str(page), "-l", str(page)] if page else []) + [str(pdf), "-"]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return " ".join(unicodedata.normalize("NFKC", text).split())


_STATE = re.compile(rb"(?<![\w.])(q|Q)(?![\w])|(-?[\d.]+) -?[\d.]+ -?[\d.]+ (-?[\d.]+) -?[\d.]+ -?[\d.]+ cm|"
                    rb"/F\d+ ([\d.]+) Tf")


def font_sizes(pdf: Path) -> set[float]:
    """The size in points of the page's text in the PDF: each `Tf` size times the scale of the
    graphics state around it (`q`/`Q` save and restore it, `cm` scales it). Skia draws the
    page's text in CSS pixels at a 0.75 scale; words inside a drawing (a symbol with a word in
    it) are drawn at the drawing's own smaller scale: they are part of the picture, not text."""
    sizes = set()
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf.read_bytes(), re.S):
        try:
            stream = zlib.decompress(match.group(1))
        except zlib.error:
            continue  # an image or a font
        scale, saved = 1.0, []
        for op in _STATE.finditer(stream):
            if op[1] == b"q":
                saved.append(scale)
            elif op[1] == b"Q":
                scale = saved.pop() if saved else 1.0
            elif op[2] is not None:
                scale *= abs(float(op[3]))  # the vertical scale: the text's height
            elif abs(scale - 0.75) < 1e-3:
                sizes.add(round(float(op[4]) * scale, 2))
    return sizes


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def squash(text: str) -> str:
    return re.sub(r"[\s-]", "", text)


def test_each_easy_read_page_prints_as_an_easy_read_document(browser, site_url, easy_pages, tmp_path):
    require(shutil.which("pdftotext") is not None and shutil.which("pdfinfo") is not None,
            "pdftotext is not installed (apt-get install poppler-utils; .ci/run does)")
    context = browser.new_context()
    page = context.new_page()
    for path in easy_pages:
        page.goto(site_url + path)
        page.emulate_media(media="print")
        paper = page.evaluate(PAPER)
        pdf = tmp_path / (path.strip("/").replace("/", "_") + ".pdf")
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        page.emulate_media(media="screen")
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        count = int(re.search(r"Pages:\s+(\d+)", info)[1])
        pages = [re.sub(rf"Page {n} of {count}$", "", pdf_text(pdf, n)).strip() for n in range(1, count + 1)]
        whole = " ".join(pages)
        where = f"{path} (PDF of {count} pages)"
        assert "(A4)" in info, f"{where}: not A4: {info}"
        words = re.sub(r" \(https://[^)]*\)", "", whole)  # the addresses print writes after links
        for line in filter(None, (flat(x) for x in paper["text"].split("\n"))):
            # pdftotext joins a word broken at a hyphen at a line's end: compare without them
            assert squash(line) in squash(words), f"{where}: '{line}' is not on paper"
        assert "#socialcarefuture" in pages[0], where
        address = "https://socialcarefuture.org.uk/" + path
        assert squash(address) in squash(pages[0]), f"{where}: the page's address is not on page 1"
        if paper["symbols"]:
            assert "Mulberry Symbols by Steve Lee" in words and "creativecommons.org/licenses/by-sa/4.0" in \
                whole.replace(" ", ""), f"{where}: no credit for the pictures"
        assert paper["controls"] == [], f"{where}: controls on paper: {paper['controls']}"
        for word in ("Listen", "Skip to content", "Standard version", "Easy read version", "Send me the email"):
            assert word not in whole, f"{where}: '{word}' is on paper"
        assert paper["smallest"] >= 16 * PT - 0.01, f"{where}: text of {paper['smallest'] / PT:.1f}pt"
        assert min(font_sizes(pdf)) >= 16 - 0.01, f"{where}: text under 16pt in the PDF"
        for heading in map(flat, paper["headings"]):
            assert not any(p.endswith(heading) for p in pages[:-1] if p), f"{where}: '{heading}' ends a page"
        for row in map(flat, paper["rows"]):
            assert any(row in p for p in pages), f"{where}: the row '{row[:40]}' is split across pages"
    context.close()
