"""Public XSS vectors in posts: refused by the check, and harmless even when the check is off.

Every vector of tests/fixtures/xss/vectors.txt is the body of its own post. The normal build
must refuse them, naming the files. Then the same site is built with the content check
switched off, so only the sanitizer stands between the vectors and readers: each post page,
and the feed items (side by side, as a feed reader lists them), loaded in Chromium with the
Content-Security-Policy bypassed, must run no script and keep no event handler, no
javascript:/vbscript:/data:text address and no active element in any article.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from site_audit import serve

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from site_project import NOW, Project  # noqa: E402

VECTORS = [v.strip("\n") for v in (Path(__file__).resolve().parents[1] / "fixtures/xss/vectors.txt")
           .read_text(encoding="utf-8").split("\n%%\n")[1:]]
UNCHECKED = """
import sys, scf.build, scf.content.body_rules
scf.build.removed_content = lambda *args, **kwargs: []
scf.content.body_rules.problems = lambda *args, **kwargs: []  # its refusals too: the sanitizer alone stands
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "--strict"]
cli()
"""
# Any of these running, or a dialog opening, is a script that ran.
TRAP = """
window.__ran = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__ran.push(name + ":" + args.join(",")); };
}
"""
# What must not be left in the article (the page's own <head> has the theme's scripts).
INSPECT = """
(root) => {
  const found = [];
  const bad = /^(javascript|vbscript|data:text)/;
  for (const el of root.querySelectorAll("*")) {
    const tag = el.localName;
    if (["script", "iframe", "object", "embed", "base", "form", "meta", "link", "style", "frame",
         "frameset", "input", "textarea", "select", "button"].includes(tag)) found.push("<" + tag + ">");
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
      if (attr.name.startsWith("on")) found.push(tag + "[" + attr.name + "]");
      if (attr.name === "style") found.push(tag + "[style]");
      if (bad.test(value) && /(href|src|action|data|background|formaction)$/.test(attr.name))
        found.push(tag + "[" + attr.name + "=" + value.slice(0, 20) + "]");
    }
  }
  return found;
}
"""


# Where the middle of the n-th article is, once it is scrolled into the window.
CENTRE = """([css, n]) => {
  const article = document.querySelectorAll(css)[n];
  article.scrollIntoView({block: "center"});
  const box = article.getBoundingClientRect();
  const inside = (v, end) => Math.min(Math.max(v, 0), end - 1);
  return [inside(box.left + box.width / 2, innerWidth), inside(box.top + box.height / 2, innerHeight)];
}"""


def day(n: int) -> dt.date:
    return dt.date(2024, 1, 1) + dt.timedelta(days=n)


def name(n: int) -> str:
    return f"{day(n)}-xss-{n:03d}"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Project:
    project = Project(tmp_path_factory.mktemp("xss") / "project")
    project.settings["feed_items"] = len(VECTORS) + 1
    for n, vector in enumerate(VECTORS):
        project.post(name(n), date=day(n).isoformat(), title=f"Vector {n}",
                     body=f"Vector {n}.\n\n{vector}\n\nEnd of vector {n}.\n")
    project.save_config()
    return project


def test_the_build_refuses_the_vectors_naming_the_files(corpus):
    result = corpus.run("mkdocs", "build", "--strict")
    assert result.returncode != 0
    named = [n for n in range(len(VECTORS)) if f"posts/{name(n)}.md:" in result.stderr]
    # A few vectors are only text once Markdown has read them; every other one is named.
    assert len(named) >= 0.85 * len(VECTORS), [VECTORS[n] for n in range(len(VECTORS)) if n not in named]


@pytest.fixture(scope="module")
def unchecked_site(corpus) -> Path:
    env = {**os.environ, "SCF_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-c", UNCHECKED], cwd=corpus.root, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    site = corpus.root / "site"
    # Each feed item's HTML on a page of its own, as a feed reader would show it.
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    page = "<!doctype html><html lang=en><title>{}</title><body>{}</body></html>"
    articles = []
    for item in feed["items"]:
        number = int(item["title"].split()[-1])
        article = f"<article>{item['content_html']}</article>"
        (site / f"feed-item-{number}.html").write_text(page.format(html.escape(item["title"]), article),
                                                      encoding="utf-8")
        articles.append(article)
    (site / "feed-items.html").write_text(page.format("Every feed item", "".join(articles)), encoding="utf-8")
    return site


def test_no_vector_runs_or_stays_in_pages_or_feeds_without_the_csp(unchecked_site, browser):
    context = browser.new_context(bypass_csp=True)  # tests never reach out: conftest.CHROMIUM_ARGS
    context.add_init_script(TRAP)
    dialogs: list[str] = []
    failures = []
    with serve(unchecked_site) as url:
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

        def visit(address: str, articles: str) -> tuple[list[str], list[str]]:
            found, ran = [], []
            try:
                page.goto(url + address, wait_until="load")
                for n in range(page.evaluate("(css) => document.querySelectorAll(css).length", articles)):
                    # The mouse over each article's middle, for onmouseover and friends (in the
                    # page's own script: a locator would load Playwright's selector engine first).
                    page.mouse.move(*page.evaluate(CENTRE, [articles, n]))
                    found += page.evaluate(f"([css, n]) => ({INSPECT})(document.querySelectorAll(css)[n])",
                                           [articles, n])
                page.wait_for_timeout(50)
                ran = page.evaluate("window.__ran")
            except PlaywrightError as error:  # what was left in the article took the page away
                ran.append(f"the page went elsewhere: {page.url} ({error.message.splitlines()[0]})")
            ran += dialogs
            dialogs.clear()
            return found, ran

        for n in range(len(VECTORS)):
            left, ran = visit(f"{day(n):%Y/%m/%d}/xss-{n:03d}/", "article.md-content__inner")
            if left or ran:
                failures.append((f"post {n}", VECTORS[n], left, ran))
        # The feed items side by side on one page, each in its own <article>, as a feed reader
        # lists them; only if something is found there is each item loaded alone, to name it.
        left, ran = visit("feed-items.html", "article")
        if left or ran:
            for n in range(len(VECTORS)):
                left, ran = visit(f"feed-item-{n}.html", "article")
                if left or ran:
                    failures.append((f"feed item {n}", VECTORS[n], left, ran))
    context.close()
    assert not failures, "\n".join(map(repr, failures))
