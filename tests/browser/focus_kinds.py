"""Which pages the site audit walks with the keyboard: one per kind of focusable element.

Focus styles, and what covers or hides a focused element, come from the theme's CSS for an
element in its place, not from the words of a page (test_site_audit.py uses this).
"""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

# What can take focus, or hold what does: the tags (links and areas only with an address),
# anything with a tabindex, and tables and code blocks, which scroll when wide.
_FOCUS_TAGS = {"a", "area", "button", "input", "select", "textarea", "summary", "iframe", "label",
               "table", "pre"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _FocusKinds(HTMLParser):
    """Each focusable element as its tag and classes inside its ancestors' tags and classes."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, str]] = []  # (tag, tag with classes)
        self.kinds: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        name = tag + "".join("." + c for c in sorted((values.get("class") or "").split()))
        if tag == "input":
            name += f"[{values.get('type') or 'text'}]"
        focusable = tag in _FOCUS_TAGS and (tag not in ("a", "area") or "href" in values)
        if focusable or "tabindex" in values or "contenteditable" in values:
            self.kinds.add(" < ".join([name, *(n for _, n in reversed(self.open))]))
        if tag not in _VOID:
            self.open.append((tag, name))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):  # tolerates an element left open
            if self.open[i][0] == tag:
                del self.open[i:]
                return


def focus_kinds(html: str) -> set[str]:
    parser = _FocusKinds()
    parser.feed(html)
    return parser.kinds


def keyboard_pages(site: Path, pages: list[str]) -> set[str]:
    """The pages with a kind of focusable element (in its place) no page before them has.

    Focus styles, and what covers or hides a focused element, come from the theme's CSS for
    an element in its place, not from the words of a page: walking one page per kind walks
    every kind, and a new kind of element in a post makes the audit walk that post.
    """
    seen: set[str] = set()
    chosen = set()
    for page in pages:
        path = site / (page + "index.html" if page.endswith("/") or page == "" else page)
        kinds = focus_kinds(path.read_text(encoding="utf-8"))
        if kinds - seen:
            chosen.add(page)
            seen |= kinds
    return chosen
