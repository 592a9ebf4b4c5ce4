"""Checks run on every built page, each a function that returns findings (empty: the page passes).

The same functions check the real site (test_site_audit.py) and pages with planted defects
(test_planted_defects.py), which proves each one catches what it is for.
scripts/page_weight.py uses `serve` and `page_weight` too.
"""
from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import re
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules/axe-core/axe.min.js"
VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
BUDGET = 100 * 1024  # bytes, gzip-compressed, for the first view of a page
DESKTOP = {"width": 1280, "height": 800}
NARROW = {"viewport": {"width": 320, "height": 640}}  # WCAG 1.4.10 reflow
# Zooming a 1280 px window to 200% lays the page out 640 CSS px wide at 2 device pixels per
# CSS pixel: the same viewport and pixel ratio the browser's own zoom gives.
ZOOM_200 = {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2}
MAX_TAB_STOPS = 250
DARK_TOGGLE = "Use dark colours"  # the palette toggle's name (mkdocs.yml, theme.palette)


# -- serving -------------------------------------------------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
                      ".json": "application/json", ".wasm": "application/wasm",
                      ".svg": "image/svg+xml", ".xml": "application/xml"}

    def log_message(self, *args) -> None:  # keep test output for findings
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port) in a thread; yields its address."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def html_pages(site: Path) -> list[str]:
    """The address (relative to the site's root) of every HTML page in a built site."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("admin/"):  # the web editor, not a public page: test_editor_browser.py tests it
            continue
        pages.append(rel[:-len("index.html")] if rel.endswith("index.html") else rel)
    return pages


# -- what a page does while it loads ---------------------------------------------------------

@dataclass
class Recorder:
    """Every request and console error of the pages of one browser context."""

    origin: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, context) -> None:
        # What a page asks of another origin never leaves the machine (conftest.CHROMIUM_ARGS).
        context.on("request", lambda request: self.requests.append(request.url))

    def watch(self, page) -> None:
        page.on("console", lambda message: message.type == "error" and self.errors.append(
            f"console error: {message.text}"))
        page.on("pageerror", lambda error: self.errors.append(f"uncaught exception: {error}"))

    def take(self) -> tuple[list[str], list[str]]:
        """The requests and errors since the last call."""
        taken = (self.requests, self.errors)
        self.requests, self.errors = [], []
        return taken


def foreign_requests(requests: list[str], origin: str) -> list[str]:
    """Requests to anywhere but the site itself (inline data: and blob: URLs are not requests)."""
    return [f"request to another origin: {url}" for url in requests
            if not url.startswith(origin) and not url.startswith(("data:", "blob:", "about:"))]


def cookie_findings(context) -> list[str]:
    return [f"cookie set: {cookie['name']} for {cookie['domain']}" for cookie in context.cookies()]


# -- accessibility ---------------------------------------------------------------------------

@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_findings(page, rules: list[str] | None = None) -> list[str]:
    """axe-core violations of the WCAG 2.2 AA tags (or only `rules`) on the page as it is now.

    axe is evaluated, not added as a <script>, so the site's Content-Security-Policy allows it.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source() + "\n;0")
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
    violations = page.evaluate("""async (only) => {
        const result = await axe.run(document, {runOnly: only, resultTypes: ["violations"]});
        return result.violations.map((v) => ({id: v.id, help: v.help, nodes: v.nodes.map(
            (n) => n.target.join(" ") + ": " + n.failureSummary.replace(/\\s+/g, " ").slice(0, 240))}));
    }""", only)
    return [f"axe {v['id']} ({v['help']}) at {node}" for v in violations for node in v["nodes"]]


class Screen:
    """One tab's window and colours, changed on the page already loaded (no second load)."""

    def __init__(self, context, page) -> None:
        self.page, self.session = page, context.new_cdp_session(page)

    def size(self, viewport: dict, scale: int = 1) -> None:
        self.session.send("Emulation.setDeviceMetricsOverride",
                          {**viewport, "deviceScaleFactor": scale, "mobile": False})

    def light_desktop(self) -> None:
        self.page.emulate_media(color_scheme="light")
        self.size(DESKTOP)

    def dark_zoomed(self) -> list[str]:
        """Dark as the reader's toggle makes it, from then on asked for by the device too;
        the window zoomed to 200%: 640 px wide at 2 device pixels per CSS pixel. A finding if
        the page's background is not dark then: the dark checks would check nothing."""
        self.page.emulate_media(color_scheme="dark")
        # A click on the toggle, in the page's own script: a locator would first load
        # Playwright's selector engine into every page (0.05 s of CPU each).
        toggled = self.page.evaluate("""(name) => {
            const toggle = [...document.querySelectorAll("[title]")].find((e) => e.title === name);
            if (toggle) toggle.click();
            return !!toggle;
        }""", DARK_TOGGLE)
        if not toggled:  # no toggle: the page as a device that asks for dark loads it
            self.page.goto(self.page.url, wait_until="load")
        self.size(ZOOM_200["viewport"], ZOOM_200["device_scale_factor"])
        background = self.page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        channels = [int(n) for n in re.findall(r"\d+", background)[:3]]
        return [] if sum(channels) < 3 * 96 else [f"the page is not dark in dark colours: {background}"]


def dark_colour_findings(screen: Screen) -> list[str]:
    """The page already loaded, turned dark and zoomed: axe's colour rules. The dark scheme
    changes colours only, so only they can find more there than in light colours."""
    return screen.dark_zoomed() + axe_findings(screen.page, rules=COLOUR_RULES)


def overflow_findings(page) -> list[str]:
    """Content wider than the viewport: the reader would have to scroll sideways (or lose it)."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        const scroll = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
        if (scroll <= width) return [];
        const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
            (e.classList.length ? "." + [...e.classList].join(".") : "");
        // The innermost elements sticking out on the right are the ones to fix.
        const wide = [...document.body.querySelectorAll("*")].filter(
            (e) => e.getBoundingClientRect().right > width + 1 &&
                   ![...e.children].some((c) => c.getBoundingClientRect().right > width + 1));
        return [`page is ${scroll}px wide in a ${width}px viewport; sticking out: ` +
                wide.slice(0, 5).map(name).join(", ")];
    }""")


_FOCUSED = """() => {
    const focused = document.activeElement;
    if (!focused || focused === document.body || focused === document.documentElement) return null;
    // A visually hidden input (the theme's colour switch) shows its focus on the visible label
    // of its form.
    const hiddenInput = focused.matches("input") && focused.getBoundingClientRect().width < 2;
    const label = hiddenInput && focused.form && focused.form.querySelector("label:not([hidden])");
    const e = label || focused;
    const s = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    const ring = (s.outlineStyle !== "none" && (s.outlineStyle === "auto" || parseFloat(s.outlineWidth) >= 2))
                 || s.boxShadow !== "none";
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight &&
                     r.right > 0 && r.left < innerWidth;
    return {name: e.outerHTML.slice(0, 100).replace(/\\s+/g, " "), ring, onScreen,
            covered: onScreen && !!hit && !e.contains(hit) && !hit.contains(e),
            // Where the element is in the document: the same link can be in the menu and the text.
            key: [...document.querySelectorAll("*")].indexOf(focused)};
}"""


# Each Tab's keydown notes the element focused before it moves on (by then the browser has
# scrolled to it). The walk holds Tab down (each repeat moves on, and a repeat is one round
# trip where a press is two) and reads the notes once per batch: a third of the time of
# pressing Tab and asking after each.
_WATCH = "() => { const focused = " + _FOCUSED.strip() + """;
    window.__scfStops = [];
    addEventListener("keydown", (e) => { if (e.key === "Tab") window.__scfStops.push(focused()); }, true);
}"""
TAB_BATCH = 16


def focus_stops(page) -> list[dict]:
    """Every element Tab reaches from the top of a fresh page, once each, in order."""
    page.evaluate(_WATCH)
    try:
        return _walk(page)
    finally:
        page.keyboard.up("Tab")


def _walk(page) -> list[dict]:
    stops: list[dict] = []
    for _ in range(0, MAX_TAB_STOPS, TAB_BATCH):
        for _ in range(TAB_BATCH):
            page.keyboard.down("Tab")  # held down, as a person holding Tab: each repeat moves on
        stops, keys = [], set()
        for note in page.evaluate("() => window.__scfStops")[1:]:  # [0]: the page before any Tab
            if note is None or note["key"] in keys:  # back to the start
                return stops
            stops.append(note)
            keys.add(note["key"])
    return stops


# Shift+Tab from the end of the page, stop by stop: focus() scrolls an element into view as
# sequential navigation does (to the top edge when it is above the window), in one call.
_BACK = "(keys) => { const all = [...document.querySelectorAll('*')], focused = " + _FOCUSED.strip() + """;
    window.scrollTo(0, document.documentElement.scrollHeight);
    return keys.reverse().map((key) => { all[key].focus(); return focused(); });
}"""


def focus_findings(page) -> list[str]:
    """Tab through the page, then back from its end: every element that takes focus must show
    it and not be hidden. Going back, each element is scrolled to the top of the window, where
    a sticky header can cover it (WCAG 2.2, 2.4.11 Focus Not Obscured)."""
    stops = focus_stops(page)
    findings = []
    for focused in stops + page.evaluate(_BACK, [stop["key"] for stop in stops]):
        if not focused["ring"]:
            findings.append(f"focus not visible (no outline): {focused['name']}")
        elif not focused["onScreen"]:
            findings.append(f"focused element is off screen: {focused['name']}")
        elif focused["covered"]:
            findings.append(f"focused element is covered by another: {focused['name']}")
    return list(dict.fromkeys(findings))


def skip_link_findings(page) -> list[str]:
    """From a fresh page: Tab reaches a visible "Skip to content" link first, and Enter skips."""
    page.keyboard.press("Tab")
    first = page.evaluate("""() => { const e = document.activeElement, r = e.getBoundingClientRect();
        return {text: e.textContent.trim(), href: e.getAttribute("href") || "",
                visible: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight};
    }""")
    if not first["text"].lower().startswith("skip") or not first["href"].startswith("#"):
        return [f"the first Tab stop is not a skip link but {first['text'][:60]!r}"]
    if not first["visible"]:
        return ["the skip link is not visible when focused"]
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    landed = page.evaluate("""(href) => {
        const target = document.getElementById(decodeURIComponent(href.slice(1)));
        const e = document.activeElement;
        if (!target) return "the skip link's target " + href + " does not exist";
        if (location.hash !== href) return "Enter on the skip link did not follow it";
        if (e === document.body || !(target.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING)
            && !target.contains(e) || e.closest("header, .md-sidebar--primary"))
            return "after skipping, Tab went to " + e.outerHTML.slice(0, 80) + ", not into the content";
        return "";
    }""", first["href"])
    return [landed] if landed else []


# -- valid HTML ------------------------------------------------------------------------------

# A run of a few seconds: the JIT's optimising tier and the parallel garbage collector cost
# more CPU than they save (every page: 7.1 s of CPU with the defaults, 3.2 s with these). With
# only the first tier, the HTML schema's recursion needs more than the default thread stack.
VNU_COMMAND = ["java", "-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(VNU)]


def vnu_findings(files: list[Path]) -> dict[Path, list[str]]:
    """Errors the Nu Html Checker finds, by file (one Java run for all files)."""
    result = subprocess.run([*VNU_COMMAND, "--errors-only", "--format", "json",
                             *map(str, files)], capture_output=True, text=True)
    found: dict[Path, list[str]] = {}
    for message in json.loads(result.stderr or result.stdout)["messages"]:
        path = Path(message.get("url", "").removeprefix("file:"))
        found.setdefault(path, []).append(f"line {message.get('lastLine', '?')}: {message['message']}")
    return found


# -- weight ----------------------------------------------------------------------------------

@dataclass
class Weight:
    """What the first view of a page loaded: (address, raw bytes, bytes sent gzip-compressed)."""

    resources: list[tuple[str, int, int]]

    @property
    def total(self) -> int:
        return sum(sent for _, _, sent in self.resources)

    def report(self) -> str:
        lines = [f"{sent:>8} {raw:>8}  {url}" for url, raw, sent in self.resources]
        return "\n".join(["    gzip      raw  resource", *lines, f"{self.total:>8} total"])


def page_weight(browser, url: str) -> Weight:
    """Load `url` in a fresh context (empty cache) and weigh every response the browser got.

    Each body is gzip-compressed as a server would send it; already-compressed files that
    gzip cannot shrink count at their own size.
    """
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(url, wait_until="networkidle")
        resources = []
        for response in responses:
            body = response.body() if response.status < 300 else b""
            resources.append((response.url, len(body), min(len(body), len(gzip.compress(body, 6)))))
        return Weight(resources)
    finally:
        context.close()


def weight_findings(weight: Weight, budget: int = BUDGET) -> list[str]:
    if weight.total <= budget:
        return []
    return [f"first view is {weight.total / 1024:.1f} KB gzip-compressed, over the "
            f"{budget / 1024:.0f} KB budget:\n{weight.report()}"]
