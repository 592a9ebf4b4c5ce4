"""Reading a WordPress export (WXR 1.0 to 1.2) into plain objects.

WordPress writes its namespaces with the WXR version in them
(`http://wordpress.org/export/1.2/`), and WordPress.com and some tools write
`https://`; elements are named by what they are ('wp:post_id') whatever the URI.
WXR 1.0 has no `<wp:author>` list (authors are only `<dc:creator>` logins) and no
`<wp:is_sticky>`; both are optional here.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from scf.content.problems import ContentError, Problem
from scf.integrations.wordpress.html_to_markdown import plain_text

EXPORT_HOW = "in WordPress use Tools > Export > All content, and give scf the file it downloads"
_NAMESPACES = {"http://purl.org/rss/1.0/modules/content/": "content",
               "http://purl.org/dc/elements/1.1/": "dc"}
_WORDPRESS = ("http://wordpress.org/export/", "https://wordpress.org/export/")


@dataclass
class Comment:
    author: str
    date: str  # the old site's local time, as WordPress shows it
    content: str
    approved: bool
    kind: str  # "comment", or "pingback" / "trackback" (links from other sites)


@dataclass
class Item:
    """One <item> of the export: a post, page, attachment, revision or menu item."""

    fields: dict[str, str]
    categories: list[tuple[str, str]]  # (slug, name) of each WordPress category
    meta: dict[str, str]
    comments: list[Comment] = field(default_factory=list)

    def get(self, name: str) -> str:
        return self.fields.get(name) or ""

    @property
    def kind(self) -> str:
        return self.get("wp:post_type") or "post"

    @property
    def label(self) -> str:
        title = plain_text(self.get("title")) or "(no title)"
        return f"{self.kind} {self.get('wp:post_id') or '?'} '{title}'"


@dataclass
class Export:
    name: str  # as the user gave it, for messages
    authors: dict[str, str]  # login -> display name
    items: list[Item]


def read_export(path: Path, name: str) -> Export:
    """Read a WXR file. Raises ContentError naming the line if it is not a whole WordPress export."""
    if not path.is_file():
        raise ContentError([Problem(name, None, "the export file does not exist",
                                    "check the file name; WordPress names it like "
                                    "'yoursite.WordPress.2024-05-01.xml'")])
    prefixes: dict[str, str] = {}
    authors: dict[str, str] = {}
    items: list[Item] = []
    version = root = None
    try:
        for event, element in ET.iterparse(str(path), events=("start", "end")):
            if event == "start":
                root = root or element.tag
                continue
            tag = _name(element.tag, prefixes)
            if tag == "item":
                items.append(_item(element, prefixes))
                element.clear()
            elif tag == "wp:author":
                values = {_name(c.tag, prefixes): (c.text or "").strip() for c in element}
                login = values.get("wp:author_login", "")
                authors[login] = values.get("wp:author_display_name") or login
            elif tag == "wp:wxr_version":
                version = element.text
    except ET.ParseError as error:
        line = error.position[0]
        reason = str(error).split(":")[0]
        with path.open("rb") as file:
            last_line = sum(1 for _ in file)
        if line <= 2 and reason != "no element found":
            raise ContentError([Problem(name, line, "this is not a WordPress export file (WXR)",
                                        EXPORT_HOW)]) from None
        if reason == "no element found" or line >= last_line:
            message = "the export file is cut off: it ends before the export is complete"
        else:
            message = f"the export file is damaged at this line ({reason}), so it cannot be read"
        raise ContentError([Problem(name, line, message,
                                    "export again from WordPress (Tools > Export > All content), let the "
                                    "download finish, and import that file")]) from None
    if root != "rss" or not version:
        raise ContentError([Problem(name, None, "this is not a WordPress export file (WXR)", EXPORT_HOW)])
    return Export(name, authors, items)


def _name(tag: str, prefixes: dict[str, str]) -> str:
    """'{http://wordpress.org/export/1.2/}post_id' -> 'wp:post_id', whatever the WXR version."""
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    prefix = prefixes.get(uri)
    if prefix is None:
        prefix = _NAMESPACES.get(uri) or (
            ("excerpt" if uri.rstrip("/").endswith("excerpt") else "wp")
            if uri.startswith(_WORDPRESS) else uri)
        prefixes[uri] = prefix
    return f"{prefix}:{local}"


def _item(element: ET.Element, prefixes: dict[str, str]) -> Item:
    item = Item({}, [], {})
    for child in element:
        tag = _name(child.tag, prefixes)
        if tag == "category":
            if child.get("domain") == "category":
                item.categories.append((child.get("nicename") or "", (child.text or "").strip()))
        elif tag == "wp:comment":
            values = {_name(c.tag, prefixes): c.text or "" for c in child}
            item.comments.append(Comment(values.get("wp:comment_author", "").strip(),
                                         values.get("wp:comment_date", "").strip(),
                                         values.get("wp:comment_content", ""),
                                         values.get("wp:comment_approved", "").strip() == "1",
                                         values.get("wp:comment_type", "").strip() or "comment"))
        elif tag == "wp:postmeta":
            values = {_name(c.tag, prefixes): c.text or "" for c in child}
            item.meta[values.get("wp:meta_key", "")] = values.get("wp:meta_value", "")
        elif tag == "link":  # tabs and line breaks are no part of an address: URL parsers drop them
            item.fields[tag] = re.sub(r"[\t\n\r]", "", child.text or "")
        else:
            item.fields[tag] = child.text or ""
    return item
