#!/usr/bin/env python3
"""Print what the first view of pages weighs, gzip-compressed, measured in Chromium.

For the real site, and for a copy of it with 2,000 generated posts (the budget must hold as the
blog grows). Usage: .venv/bin/python scripts/page_weight.py [--posts 2000]
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests/browser"))

from conftest import CHROMIUM, CHROMIUM_ARGS, build_site  # noqa: E402
from site_audit import BUDGET, html_pages, page_weight, serve  # noqa: E402

POST = re.compile(r"^\d{4}/\d\d/\d\d/[^/]+/$")
WORDS = ("people who draw on care and support live good lives in their own homes and "
         "communities, with the people and things they love, doing the things that matter").split()


def add_posts(root: Path, count: int) -> None:
    """Posts of about 600 words, spread over 2010-2025, by the first author, in every category."""
    import yaml

    author = yaml.safe_load((root / "data/authors.yml").read_text())["authors"][0]["key"]
    categories = yaml.safe_load((root / "scf.yml").read_text())["categories"]
    for n in range(count):
        year, day = 2010 + n % 16, 1 + n % 28
        text = " ".join(WORDS[(n + i) % len(WORDS)] for i in range(600))
        (root / f"posts/{year}-{1 + n % 12:02d}-{day:02d}-generated-{n}.md").write_text(
            f"---\ntitle: Generated post {n}\ndate: {year}-{1 + n % 12:02d}-{day:02d}\n"
            f"authors: [{author}]\ncategories: [{categories[n % len(categories)]}]\n"
            f"summary: A generated post for measuring page weight.\n---\n\n"
            f"{text[:400]}.\n\n<!-- more -->\n\n## More\n\n{text}.\n", encoding="utf-8")


def measure(browser, site: Path, label: str) -> None:
    posts = sorted(p for p in html_pages(site) if POST.match(p))
    index = site / "pagefind"
    index_size = sum(f.stat().st_size for f in index.rglob("*") if f.is_file()) if index.exists() else 0
    print(f"\n{label}: {len(posts)} posts, {len(html_pages(site))} pages, "
          f"search index {index_size / 1024:.0f} KB on disk (fetched only when searching)")
    with serve(site) as url:
        easy = sorted(p for p in html_pages(site) if p.startswith("easy-read/"))  # symbols load lazily
        for name, path in (("newest post", posts[-1]), ("home page", ""), ("blog", "blog/"),
                           ("search page", "search/"), *(("easy read", p) for p in easy)):
            weight = page_weight(browser, url + path)
            verdict = "within" if weight.total <= BUDGET else "OVER"
            print(f"  {name:12} /{path:45} {weight.total / 1024:6.1f} KB gzip in "
                  f"{len(weight.resources)} files ({verdict} the {BUDGET // 1024} KB budget)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000, help="generated posts in the large site")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        measure(browser, build_site(REPO, Path(tmp) / "real"), "Real site")
        copy = Path(tmp) / "copy"
        shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(
            ".git", ".venv", "node_modules", "site", "__pycache__", "tests"))
        add_posts(copy, args.posts)
        start = time.perf_counter()
        site = build_site(copy, Path(tmp) / "large")
        print(f"\n(built the {args.posts}-post copy in {time.perf_counter() - start:.0f} s)")
        measure(browser, site, f"Real site + {args.posts} generated posts")
        browser.close()


if __name__ == "__main__":
    main()
