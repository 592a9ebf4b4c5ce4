#!/usr/bin/env python3
"""Compare our HTML -> Markdown converter with markdownify on WordPress's theme unit test data.

    .venv/bin/python scripts/compare_converters.py

For each published post, the HTML (block-editor comments removed, as the importer does)
is converted by both, the Markdown rendered with the site's extensions, and the result
compared with the source: words kept, raw HTML let through, what the extensions show.
Prints one line per measure; MAINTAINING.md ('WordPress import') has the latest run.
"""
from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import markdown
import markdownify
import yaml

from scf.integrations.wordpress.html_to_markdown import html_to_markdown

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests/fixtures/wordpress/themeunittestdata.wordpress.xml"
WP = "{https://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
FEATURES = {"strikethrough": "<del>", "subscript": "<sub>", "superscript": "<sup>",
            "definition list": "<dl>", "list start number": '<ol start="', "table": "<table>"}


class _Text(HTMLParser):
    """Visible words of some HTML (not scripts or styles)."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style") and self.hidden > 0

    def handle_data(self, data):
        if not self.hidden:
            self.words += re.findall(r"\w+", data.lower())


def words(html: str) -> Counter:
    parser = _Text()
    parser.feed(html)
    return Counter(parser.words)


def main() -> None:
    posts = [i.findtext(CONTENT) or "" for i in ET.parse(DATA).getroot().iter("item")
             if i.findtext(f"{WP}post_type") == "post" and i.findtext(f"{WP}status") == "publish"]
    posts = [re.sub(r"<!--\s*/?wp:.*?-->", "", p, flags=re.S) for p in posts]
    extensions = yaml.safe_load((REPO / "mkdocs.yml").read_text())["markdown_extensions"]
    names = [e if isinstance(e, str) else next(iter(e)) for e in extensions]
    converters = {"ours": lambda h: html_to_markdown(h, autop="<p" not in h).markdown,
                  "markdownify": lambda h: markdownify.markdownify(h, heading_style="ATX", bullets="-",
                                                                   sub_symbol="~", sup_symbol="^")}
    source = sum((words(p) for p in posts), Counter())
    for name, convert in converters.items():
        start = time.process_time()
        outputs = [convert(p) for p in posts]
        spent = time.process_time() - start
        rendered = [markdown.markdown(o, extensions=names) for o in outputs]
        kept = sum((words(r) for r in rendered), Counter())
        recall = sum((source & kept).values()) / sum(source.values())
        raw = sum(len(re.findall(r"<(?!br>|!-- more)[a-zA-Z!/]", o)) for o in outputs)
        scripts = sum(r.count("<script") + r.count("<iframe") for r in rendered)
        shown = [f for f, tag in FEATURES.items() if any(tag in r for r in rendered)]
        paragraphs = sum(r.count("<p>") for r in rendered)
        print(f"{name:12} {spent:5.2f} s CPU | words kept {recall:6.1%} | raw HTML tags in the Markdown {raw:4} "
              f"| script/iframe published {scripts:3} | paragraphs {paragraphs:4} | shows: {', '.join(shown)}")


if __name__ == "__main__":
    main()
