"""The Content-Security-Policy blocks nothing the site needs, and does block what it should.

Two ways a host delivers it: as the `<meta>` tag in each page (GitHub Pages), served by the
suite's plain server at `site_url`, here; and as a real header read from `_headers` (Netlify,
Cloudflare Pages), served by Cloudflare's own runtime: test_host_browser.py runs `check` there.
"""
from __future__ import annotations

import re
from pathlib import Path

# Collected before any page script runs; init scripts are not subject to the page's policy.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  e => window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile || document.URL}`));
"""
# A script the theme does not write: the policy must refuse it.
INTRUDER = "const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.head.append(s);"
# The header pass (test_host_browser.py) loads these; the meta pass one page of each kind (`kinds`).
SAMPLE = ("index.html", "about/index.html", "blog/index.html", "blog/categories/index.html",
          "easy-read/index.html", "search/index.html", "404.html")


def page_paths(site_dir: Path) -> list[str]:
    # Not the web editor (admin/): it has a policy of its own, tested by test_editor_browser.py.
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
                  if not p.relative_to(site_dir).as_posix().startswith("admin/"))


def kinds(paths: list[str]) -> list[str]:
    """The first page of each section at each depth: every template and every set of inline scripts."""
    seen: dict[tuple[str, int], str] = {}
    for path in paths:
        parts = path.split("/")
        seen.setdefault((re.sub(r"\d", "#", parts[0]), len(parts)), path)
    return sorted(seen.values())


def check(browser, base: str, paths, *, header: bool, timeout_ms: float = 30_000) -> None:
    """`timeout_ms`: how long a page may take to load (Playwright's default, unless a slower server needs more)."""
    context = browser.new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    errors: list[str] = []
    # What Chromium reports about a policy: refusals, and directives it ignores.
    page.on("console", lambda message: "Content Security Policy" in message.text and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        for path in paths:
            response = page.goto(base.rstrip("/") + "/" + path.removesuffix("index.html"))
            assert response.ok, path
            if header:
                assert "frame-ancestors 'none'" in response.headers.get("content-security-policy", ""), path
            assert page.evaluate("window.__violations") == [], path
            assert errors == [], path
        if "search/index.html" in paths:  # Pagefind: a module, a worker and WebAssembly
            page.goto(base.rstrip("/") + "/search/?q=care")
            page.locator("#scf-search-results li").first.wait_for()
            assert page.evaluate("window.__violations") == [] and errors == [], "search"
        # The policy is really in force: a script it does not list is refused and reported.
        page.evaluate(INTRUDER)
        for _ in range(50):  # the report is an event, sent soon after (wait_for_function would eval)
            if page.evaluate("window.__violations.length"):
                break
            page.wait_for_timeout(20)
        reports = page.evaluate("window.__violations")
        assert reports and all(r.startswith("script-src-elem blocked inline") for r in reports), reports
        assert page.evaluate("window.__ran") is None
    finally:
        context.close()


def test_no_violation_with_the_policy_in_a_meta_tag(browser, built_site, site_url):
    check(browser, site_url, kinds(page_paths(Path(built_site))), header=False)


def test_no_page_has_inline_code_the_policy_would_refuse(built_site):
    """What the browser passes cannot catch on pages it does not load: event handler and
    style attributes, and javascript: links, which no hash can allow."""
    site_dir = Path(built_site)
    refused = re.compile(r"""<[^>]+\s(on[a-z]+|style)\s*=|href\s*=\s*["']?javascript:""", re.I)
    found = [(path, m[0][:80]) for path in page_paths(site_dir)
             for m in [refused.search((site_dir / path).read_text(encoding="utf-8"))] if m]
    assert found == []
