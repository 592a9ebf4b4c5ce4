#!/usr/bin/env python3
"""Time `scf import-wordpress` on a generated 2,000-post export and on WordPress's theme
unit test data (it must stay under a second); prints the numbers.

    .venv/bin/python scripts/bench_import.py [--posts 2000]

The export mixes classic and block-editor posts of about 700 words, with images,
captions, lists, quotes, shortcodes and comments. Everything happens in a temporary
folder; the project itself is not touched.
"""
from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from scf.integrations.wordpress import Options, import_wordpress

THEME_DATA = Path(__file__).resolve().parent.parent / "tests/fixtures/wordpress/themeunittestdata.wordpress.xml"
CATEGORIES = ["News", "Research", "Events", "Policy", "Stories"]
PARAGRAPH = ("Social care is about people living the lives they want, in the places they call home, "
             "with the people and things that matter to them. We heard from {n} people this month "
             "about what <strong>good support</strong> looks like, and how to <a href=\"https://example.org/{n}\">"
             "tell that story</a> so that decision makers listen. ")


def post(n: int) -> str:
    day = dt.datetime(2012, 1, 1, 9) + dt.timedelta(hours=37 * n)
    gutenberg = n % 2 == 0
    paragraphs = [PARAGRAPH.format(n=n) * 2 for _ in range(8)]
    if gutenberg:
        body = "\n\n".join(f"<!-- wp:paragraph -->\n<p>{p}</p>\n<!-- /wp:paragraph -->" for p in paragraphs)
        body += ('\n\n<!-- wp:image -->\n<figure class="wp-block-image"><img src="https://old.example/wp-content/'
                 f'uploads/2019/01/photo-{n}.jpg" alt="Photo {n}"/><figcaption>Caption {n}</figcaption></figure>'
                 "\n<!-- /wp:image -->\n\n<!-- wp:list -->\n<ul><li>One</li><li>Two</li></ul>\n<!-- /wp:list -->")
    else:
        body = "\n\n".join(paragraphs[:4])
        body += (f'\n\n[caption id="attachment_{n}" width="600"]<img src="https://old.example/wp-content/uploads/'
                 f'2019/01/photo-{n}.jpg" alt="Photo {n}" /> Caption {n}[/caption]\n\n<!--more-->\n\n'
                 + "\n\n".join(paragraphs[4:]) + "\n\n<h2>What next</h2>\n<blockquote>A quote.</blockquote>")
    categories = "".join(f'<category domain="category" nicename="{c.lower()}"><![CDATA[{c}]]></category>'
                         for c in CATEGORIES[n % 5:n % 5 + 2])
    comment = ("<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_content><![CDATA[Thanks]]>"
               "</wp:comment_content><wp:comment_approved>1</wp:comment_approved></wp:comment>")
    return f"""
<item>
  <title><![CDATA[Post number {n}: a story of care]]></title>
  <link>https://old.example/{day:%Y/%m/%d}/post-{n}/</link>
  <dc:creator><![CDATA[author{n % 12}]]></dc:creator>
  <guid isPermaLink="false">https://old.example/?p={n}</guid>
  <content:encoded><![CDATA[{body}]]></content:encoded>
  <excerpt:encoded><![CDATA[]]></excerpt:encoded>
  <wp:post_id>{n}</wp:post_id>
  <wp:post_date><![CDATA[{day:%Y-%m-%d %H:%M:%S}]]></wp:post_date>
  <wp:post_date_gmt><![CDATA[{day:%Y-%m-%d %H:%M:%S}]]></wp:post_date_gmt>
  <wp:post_name><![CDATA[post-{n}]]></wp:post_name>
  <wp:status><![CDATA[publish]]></wp:status>
  <wp:post_type><![CDATA[post]]></wp:post_type>
  {categories}{comment * (n % 4)}
</item>"""


def export(posts: int) -> str:
    authors = "".join(f"<wp:author><wp:author_login><![CDATA[author{i}]]></wp:author_login>"
                      f"<wp:author_display_name><![CDATA[Author Number {i}]]></wp:author_display_name></wp:author>"
                      for i in range(12))
    items = "".join(post(n) for n in range(1, posts + 1))
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old blog</title><wp:wxr_version>1.2</wp:wxr_version>{authors}{items}
</channel></rss>
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "data").mkdir()
        (root / "scf.yml").write_text("timezone: Europe/London\ncategories: [Campaigning, Research and framing, "
                                      "Gatherings, Policy and funding, Stories of change]\n")
        (root / "data/authors.yml").write_text("# Authors\n")
        (root / "data/wordpress-categories.yml").write_text(
            "categories:\n  News: Campaigning\n  Research: Research and framing\n  Events: Gatherings\n"
            "  Policy: Policy and funding\n  Stories: Stories of change\nfallback: Campaigning\n")
        path = root / "export.xml"
        path.write_text(export(args.posts), encoding="utf-8")
        size = path.stat().st_size / 1e6
        report, first, first_cpu = timed(lambda: import_wordpress(root, path, Options()))
        again, second, second_cpu = timed(lambda: import_wordpress(root, path, Options()))
        theme, theme_wall, theme_cpu = timed(lambda: import_wordpress(
            root, THEME_DATA, Options(posts_dir="theme", comments=True)))
    print(f"export: {args.posts} posts, {size:.1f} MB")
    print(f"import: {first:.2f} s (CPU {first_cpu:.2f} s): {len(report.written)} posts written, "
          f"{len(report.images)} images listed")
    print(f"again:  {second:.2f} s (CPU {second_cpu:.2f} s): {len(again.kept)} already imported, "
          f"{len(again.written)} written")
    print(f"theme unit test data: {theme_wall:.2f} s (CPU {theme_cpu:.2f} s): {len(theme.written)} posts, "
          f"{'under' if theme_wall < 1 else 'OVER'} the one-second budget")


def timed(run):
    """The result, the elapsed time and the CPU time (which a busy shared machine inflates less)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return result, time.perf_counter() - wall, time.process_time() - cpu


if __name__ == "__main__":
    main()
