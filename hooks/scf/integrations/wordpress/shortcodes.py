"""WordPress shortcodes ([caption], [gallery], [embed]...): the known ones become HTML, the
others are removed keeping their text, and the report lists each removal."""
from __future__ import annotations

import html
import re

from .report import Report
from .wxr import Item

SHORTCODE = re.compile(r"\[(\[?)([a-zA-Z][\w-]*)(?![\w-])((?:[^\]/]|/(?!\]))*)"
                       r"(?:(/)\]|\](?:(.*?)\[/\2\])?)(\]?)", re.S)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))""")
_CAPTION = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.S | re.I)
_MEDIA_TYPES = {"mp4", "m4v", "webm", "ogv", "wmv", "flv", "mp3", "ogg", "wav", "m4a", "wma", "flac"}


class Shortcodes:
    def __init__(self, attachments: dict[str, Item], report: Report):
        self.attachments, self.report = attachments, report

    def expand(self, content: str, item: Item, rel: str) -> str:
        """Expand the shortcodes we know; remove the others (keeping their text) and report them."""

        def replace(match: re.Match[str]) -> str:
            if match.group(1) and match.group(6):
                return match.group(0)[1:-1]  # [[name]] is WordPress's way to write "[name]"
            name, inner = match.group(2).lower(), match.group(5)
            attrs = {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
                     for m in _ATTR.finditer(match.group(3))}
            if name in ("caption", "wp_caption"):
                return _caption(attrs, self.expand(inner or "", item, rel))
            if name == "embed" and inner:
                return f'<p><a href="{html.escape(inner.strip())}">{html.escape(inner.strip())}</a></p>'
            if name in ("video", "audio"):
                src = attrs.get("src") or next((v for k, v in attrs.items() if k in _MEDIA_TYPES), "")
                return f'<{name} src="{html.escape(src)}"></{name}>' if src else ""
            if name == "gallery":
                return self._gallery(attrs, item, rel)
            if not _looks_like_shortcode(match):
                return match.group(0)  # "[sic]" in a sentence is text
            self.report.shortcodes.append((rel, f"[{match.group(2)}]"))
            return self.expand(inner, item, rel) if inner else ""

        return SHORTCODE.sub(replace, content)

    def _gallery(self, attrs: dict[str, str], item: Item, rel: str) -> str:
        ids = [i.strip() for i in attrs.get("ids", "").split(",") if i.strip()]
        if not ids:  # a gallery without ids shows the images uploaded to the post
            post_id = item.get("wp:post_id")
            ids = [k for k, a in self.attachments.items() if a.get("wp:post_parent") == post_id]
        images = [self.attachments[i] for i in ids if i in self.attachments]
        if not images:
            self.report.shortcodes.append((rel, "[gallery] (its images are not in the export)"))
            return ""
        columns = attrs.get("columns", "3")  # WordPress's default
        if columns != "1" and len(images) > 1:  # a note, so the layout is not lost without a word
            self.report.shortcodes.append((rel, f"[gallery] in {columns} columns: its {len(images)} "
                                                "pictures are now shown one under another"))
        return "".join(f'<p><img src="{html.escape(a.get("wp:attachment_url") or a.get("guid"))}" '
                       f'alt="{html.escape(a.meta.get("_wp_attachment_image_alt") or "")}"></p>'
                       for a in images)


def _caption(attrs: dict[str, str], inner: str) -> str:
    """[caption]<img> The caption[/caption] -> a figure with the image and its caption."""
    match = _CAPTION.match(inner)
    image, text = (match.group(1), match.group(2)) if match else (inner, "")
    text = text.strip() or attrs.get("caption", "")  # the attribute holds HTML, as the content does
    return f"<figure>{image}<figcaption>{text}</figcaption></figure>" if text else f"<figure>{image}</figure>"


def _looks_like_shortcode(match: re.Match[str]) -> bool:
    """An unknown [name] is a shortcode if it has attributes, a closing tag, or a line to itself."""
    if "=" in match.group(3) or match.group(4) or match.group(5) is not None:
        return True
    text = match.string
    before = text[:match.start()].rstrip(" \t")
    after = text[match.end():].lstrip(" \t")
    return (not before or before[-1] in "\n>") and (not after or after[0] in "\n<")
