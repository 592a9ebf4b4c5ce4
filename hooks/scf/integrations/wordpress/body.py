"""A post's HTML as the Markdown body of the imported file.

Images are published only from --image-dir: a picture left on the old site would be
blocked by our own Content-Security-Policy (and would vanish with the old site), so it
becomes a link to the old file and the report lists it.
"""
from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from scf.checks.unsafe_content import unsafe_content
from scf.content.problems import Problem
from scf.integrations.wordpress.html_to_markdown import Converted, html_to_markdown

from .addresses import Links
from .report import Report
from .shortcodes import Shortcodes
from .wxr import Item

_DYNAMIC_BLOCK = re.compile(r"<!--\s*wp:([a-z0-9/-]+)[^>]*?/-->")
_SCHEME = re.compile(r"\b((?:javascript|vbscript|data)\s*):", re.I)
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.S)  # the block editor's markers: no content
_OEMBED = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.M)  # a URL alone on a line
_RESIZED = re.compile(r"-\d+x\d+(?=\.\w+$)")  # WordPress's "photo-300x200.jpg" copies
# The block editor's footnote mark; the notes themselves are in the post's 'footnotes' meta (JSON).
_FOOTNOTE_MARK = re.compile(r"<sup\b[^>]*\bdata-fn=[\"']([^\"']+)[\"'][^>]*>.*?</sup>", re.S | re.I)
_FN = "\ue010"  # stands for a footnote mark through the converter, which would escape "[^"
_FN_NUMBER = re.compile(f"{_FN}(\\d+){_FN}")


class Bodies:
    def __init__(self, root: Path, image_dir: Path | None, links: Links, shortcodes: Shortcodes,
                 report: Report, problems: list[Problem], export_name: str):
        self.root, self.image_dir, self.links, self.shortcodes = root, image_dir, links, shortcodes
        self.report, self.problems, self.export_name = report, problems, export_name

    def body(self, item: Item, folder: Path, rel: str) -> tuple[str, str]:
        """The Markdown body, and its plain text (without headings and captions) for the summary."""
        content = item.get("content:encoded")
        notes = _footnotes(item)
        for block in _DYNAMIC_BLOCK.findall(content):
            if not (block == "footnotes" and notes):
                self.report.shortcodes.append((rel, f"the '{block}' block (WordPress made its content)"))
        gutenberg = "<!-- wp:" in content
        content = self.shortcodes.expand(_BLOCK_COMMENT.sub("", content), item, rel)
        content = _OEMBED.sub(lambda m: f'<a href="{html.escape(m.group(1))}">{html.escape(m.group(1))}</a>',
                              content)
        order: list[str] = []

        def mark(match: re.Match[str]) -> str:
            if match[1] not in notes:
                return ""
            order.append(match[1])
            return f"{_FN}{len(order)}{_FN}"

        converted = self.convert(_FOOTNOTE_MARK.sub(mark, content), folder, rel, autop=not gutenberg)
        markdown = _FN_NUMBER.sub(r"[^\1]", converted.markdown)
        for number, key in enumerate(order, 1):  # Markdown footnotes, numbered as on the old page
            text = self.convert(notes[key], folder, rel, autop=False).markdown.strip()
            markdown += f"\n[^{number}]: " + text.replace("\n", "\n    ") + "\n"
        return self.defused(markdown, item, rel), _FN_NUMBER.sub("", converted.text)

    def convert(self, content: str, folder: Path, rel: str, autop: bool) -> Converted:
        """HTML -> Markdown with images from --image-dir and old links to the imported files."""
        local: dict[str, str | None] = {}

        def image_src(src: str) -> str | None:
            local[src] = self.local_image(src, folder)
            return local[src]

        def link_href(href: str) -> str:
            target, fragment = self.links.file(href)
            if target is None:
                return href
            self.report.relinked += 1
            return os.path.relpath(target, folder).replace(os.sep, "/") + fragment

        converted = html_to_markdown(content, autop=autop, image_src=image_src, link_href=link_href)
        self.report.images += [(rel, src, local.get(src)) for src in converted.images]
        self.report.dropped += [(rel, what) for what in converted.dropped]
        return converted

    def defused(self, markdown: str, item: Item, rel: str) -> str:
        """The body with any line the content safety check rejects shown as plain text instead.

        Only text the check cannot tell is code can get here (an indented code block, say):
        it is harmless there, but the check must pass, so such lines lose their markup."""
        problems = unsafe_content(rel, markdown)
        if not problems:
            return markdown
        lines = markdown.split("\n")
        for problem in problems:
            at = (problem.line or 1) - 1  # unsafe_content gives every problem its line
            lines[at] = _SCHEME.sub(r"\1&#58;", lines[at].replace("<", "&lt;"))
            self.report.dropped.append((rel, f"{problem.message} (line {problem.line} of the text, kept as text)"))
        markdown = "\n".join(lines)
        for problem in unsafe_content(rel, markdown):
            self.problems.append(Problem(self.export_name, None,
                                         f"{item.label} still has unsafe content after conversion "
                                         f"({problem.message})",
                                         "remove it from the post in WordPress and export again"))
        return markdown

    def local_image(self, src: str, folder: Path) -> str | None:
        """The address of a downloaded copy in --image-dir, relative to the file that shows it."""
        if self.image_dir is None:
            return None
        path = unquote(urlparse(src).path)
        uploaded = path.split("/wp-content/uploads/", 1)[-1].lstrip("/")
        name = uploaded.rsplit("/", 1)[-1]
        for candidate in (uploaded, name, _RESIZED.sub("", uploaded), _RESIZED.sub("", name)):
            if candidate and ".." not in candidate and (self.image_dir / candidate).is_file():
                return os.path.relpath(self.image_dir / candidate, folder).replace(os.sep, "/")
        return None


def _footnotes(item: Item) -> dict[str, str]:
    """The block editor's footnotes of a post: id -> HTML text."""
    try:
        notes = json.loads(item.meta.get("footnotes") or "[]")
    except ValueError:
        return {}
    return {str(n["id"]): str(n.get("content") or "") for n in notes if isinstance(n, dict) and "id" in n}
