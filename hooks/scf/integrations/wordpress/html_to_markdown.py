"""Turn the HTML of an imported post into clean Markdown, using only the standard library.

The HTML is read into a small tree first (html.parser forgives unclosed tags the
way browsers do), then each element becomes Markdown. Nothing is passed through as
raw HTML except `<br>` and the `<!-- more -->` marker, so no attribute, style or
script can reach the site; active elements are dropped and listed in `dropped`.
Strikethrough, sub/superscript, definition lists and list start numbers are written in
the syntax of the Markdown extensions mkdocs.yml enables (pymdownx.tilde and .caret,
def_list, sane_lists), so nothing visible is lost.
WordPress "classic" posts have no <p> tags: blank lines are paragraphs and single
newlines are line breaks (`autop`, as WordPress's wpautop does).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from scf.pages.html_tree import BLOCK, Node, TreeBuilder, descendants, raw_text
from scf.pages.sanitize import URL_SCHEMES

MORE = "<!-- more -->"
_PARA, _BR = "\ue000", "\ue001"  # paragraph and line breaks inside inline text, resolved last
_NOT_PROSE = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "pre", "table"})
_URL_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*)\s*:")
_IMAGE_FILE = re.compile(r"\.(jpe?g|png|gif|webp|svg|avif)$", re.I)
_SPACE = re.compile(r"[ \t\n\r\f\v\xa0]+")
_SPACES = re.compile(" {2,}")
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_SPACED_BR = re.compile(f" *{_BR} *")
_BREAKS = re.compile(f"{_BR}+")
_SPECIAL = re.compile(r"[\\`*_\[\]<&:~^]")
_ESCAPE = re.compile(r"([\\`*_\[\]~^])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_SCRIPT_SCHEME = re.compile(r"\b(javascript|vbscript)(\s*):", re.I)
_DATA_SCHEME = re.compile(r"([=(<]\s*[\"']?\s*)(data)(\s*):", re.I)
_LINE_START = re.compile(r"^(\s*)(#|>|[-+] |\d+(?=\. )|-{3,}\s*$|={3,}\s*$|:(?=\s))", re.M)
_TITLE_TAG = re.compile(r"<(?!/?(?:a|abbr|b|br|code|del|em|i|mark|s|small|span|strong|sub|sup)\b)", re.I)
_MARKS = {"del": "~~", "s": "~~", "strike": "~~", "sub": "~", "sup": "^"}


@dataclass
class Converted:
    markdown: str
    text: str = ""  # the plain text, without headings, captions, code and tables (for summaries)
    images: list[str] = field(default_factory=list)  # image addresses as they were in the HTML
    dropped: list[str] = field(default_factory=list)  # what was removed for safety, e.g. "<script>"


def html_to_markdown(html: str, *, autop: bool = False, image_src: Callable[[str], str | None] | None = None,
                     link_href: Callable[[str], str] | None = None) -> Converted:
    """Markdown for `html`; `image_src` may give an image (or a link to one) a new address,
    or None to show it as a link, not a picture; `link_href` any other link."""
    result = Converted("")
    tree = TreeBuilder(autop, result.dropped).build(html.replace("\r\n", "\n"))
    writer = _Writer(autop, image_src or _same, link_href or _same, result)
    result.markdown = "\n\n".join(writer.blocks(tree.children)).strip() + "\n"
    result.text = _plain(raw_text(tree, skip=_NOT_PROSE))
    return result


def plain_text(html: str) -> str:
    """The visible text of some HTML on one line, for titles and summaries."""
    return _plain(raw_text(TreeBuilder(False, []).build(html)))


def title_text(html: str) -> str:
    """A title's text: WordPress titles may hold inline markup ('<em>With</em>'), but any
    other '<' is text ('About <html>' keeps its word)."""
    return plain_text(_TITLE_TAG.sub("&lt;", html))


def _plain(text: str) -> str:
    return re.sub(r"<(?=[a-zA-Z/!])", "‹", " ".join(text.split()))  # plain fields may not look like tags


def _same(address: str) -> str:
    return address


class _Writer:
    def __init__(self, autop: bool, image_src: Callable[[str], str | None], link_href: Callable[[str], str],
                 result: Converted):
        self.autop, self.image_src, self.link_href, self.result = autop, image_src, link_href, result
        self.more_written = False
        self.in_link = False

    # -- blocks: each returns a list of Markdown blocks, joined by blank lines ------------

    def blocks(self, nodes: list[Node | str]) -> list[str]:
        blocks: list[str] = []
        inline: list[str] = []
        for node in nodes:
            if isinstance(node, str) or node.tag not in BLOCK:
                inline.append(self.inline(node))
                continue
            blocks += _paragraphs("".join(inline))
            inline = []
            blocks += self.block(node)
        return blocks + _paragraphs("".join(inline))

    def block(self, node: Node) -> list[str]:
        tag = node.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = _one_line(self.inline_children(node))
            if text.startswith("**") and text.endswith("**") and text.count("**") == 2:
                text = text[2:-2]  # a heading is bold already
            # The page title is the only <h1>, so headings in the body start at ##.
            return [f"{'#' * max(2, int(tag[1]))} {text}"] if text else []
        if tag in ("ul", "ol"):
            return self.list_items(node)
        if tag == "blockquote":
            inner = "\n\n".join(self.blocks(node.children))
            return ["\n".join(f"> {line}" if line else ">" for line in inner.splitlines())] if inner else []
        if tag == "pre":
            code = raw_text(node).strip("\n")
            if not code.strip():
                return []
            fence = "`" * max(3, max((len(run) + 1 for run in re.findall(r"`{3,}", code)), default=3))
            return [f"{fence}\n{code}\n{fence}"]
        if tag == "hr":
            return ["---"]
        if tag == "figcaption":
            text = _one_line(self.inline_children(node))
            return [_wrap(text, "*")] if text else []
        if tag == "table":
            return self.table(node)
        if tag == "dl":
            return self.definitions(node)
        if tag == "more":
            if self.more_written:
                return []
            self.more_written = True
            return [MORE]
        return self.blocks(node.children)  # p, div, figure, section... are containers

    def list_items(self, node: Node) -> list[str]:  # not `list`: that would hide the type in this class
        # Old posts often put a nested <ul> straight inside the outer one, after an </li>:
        # it belongs to the item before it, as browsers show it.
        groups: list[list[Node | str]] = []
        for child in node.children:
            if isinstance(child, Node) and child.tag == "li":
                groups.append([*child.children])
            elif isinstance(child, str) and not child.strip():
                continue
            elif groups:
                groups[-1].append(child)
            else:
                groups.append([child])
        items = []
        number = int(node.attrs["start"]) if node.attrs.get("start", "").isdigit() else 1
        for nodes in groups:
            parts = self.blocks(nodes)
            if not parts:
                continue
            marker = f"{number}. " if node.tag == "ol" else "- "
            number += 1
            text = _indent(parts[0], 4)[4:]
            for part in parts[1:]:
                nested = re.match(r"(- |\d+\. )", part)
                text += ("\n" if nested else "\n\n") + _indent(part, 4)
            items.append(marker + text)
        return ["\n".join(items)] if items else []

    def definitions(self, node: Node) -> list[str]:
        """<dl> -> def_list's 'Term' line, then ':   definition' lines."""
        lines: list[str] = []
        for child in node.children:
            if not isinstance(child, Node) or child.tag not in ("dt", "dd"):
                continue
            text = _one_line(self.inline_children(child))
            if not text:
                continue
            if child.tag == "dt":
                lines += ["", text] if lines else [text]
            else:
                lines.append(":   " + text if lines else text)
        return ["\n".join(lines)] if lines else []

    def table(self, node: Node) -> list[str]:
        rows = []
        for row in descendants(node, "tr"):
            cells = [c for c in row.children if not isinstance(c, str) and c.tag in ("td", "th")]
            rows.append([_one_line(self.inline_children(c)).replace("|", "\\|") for c in cells])
        rows = [r for r in rows if any(r)]
        if not rows:
            return []
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(r) + " |" for r in rows]
        lines.insert(1, "|" + " --- |" * width)
        return ["\n".join(lines)]

    # -- inline: each returns text that may hold the _PARA and _BR markers ---------------

    def inline_children(self, node: Node) -> str:
        return "".join(self.inline(c) for c in node.children)

    def inline(self, node: Node | str) -> str:
        if isinstance(node, str):
            return self.text(node)
        tag = node.tag
        if tag == "br":
            return _BR
        if tag == "img":
            return self.image(node)
        if tag == "a":
            return self.link(node)
        inner = self.inline_children(node)
        if tag in ("strong", "b"):
            return _wrap(inner, "**")
        if tag in ("em", "i"):
            return _wrap(inner, "*")
        if tag in _MARKS:
            return _mark(inner, _MARKS[tag])
        if tag in ("code", "kbd", "tt"):
            return _code_span(raw_text(node))
        if tag in ("video", "audio"):
            return self.media(node)
        if tag in BLOCK:
            return _PARA + inner + _PARA
        return inner

    def text(self, text: str) -> str:
        if text.isspace() and not (self.autop and "\n" in text):
            return " "  # the usual newline between two tags
        if self.autop:
            text = _BLANK_LINE.sub(_PARA, text).replace("\n", _BR)
        text = _SPACE.sub(" ", text)
        if not _SPECIAL.search(text):
            return text
        text = _ENTITY_LIKE.sub("&amp;", text)  # "&amp;" in the text must not become "&"
        text = _ESCAPE.sub(r"\\\1", text).replace("<", "&lt;")
        # The content safety check rejects these words before a colon, even in prose.
        text = _SCRIPT_SCHEME.sub(r"\1\2&#58;", text)
        return _DATA_SCHEME.sub(r"\1\2\3&#58;", text)

    def link(self, node: Node) -> str:
        href = node.attrs.get("href", "").strip()
        self.in_link = bool(href) and not _refused(href)  # an unpublished image inside: text
        inner = self.inline_children(node)
        self.in_link = False
        if not href:
            return inner
        if _refused(href):
            self.result.dropped.append(f"a '{_refused(href)}:' link")
            return inner
        if not inner.strip() or _PARA in inner:
            return inner
        if _IMAGE_FILE.search(href.split("?")[0]):
            self.result.images.append(href)
            href = self.image_src(href) or href
        else:
            href = self.link_href(href)
        return f"[{inner.strip()}]({_url(href)})"

    def media(self, node: Node) -> str:
        """A link to the file: a <video> or <audio> player is not imported."""
        sources = [node] + [c for c in node.children if isinstance(c, Node) and c.tag == "source"]
        src = next((s.attrs["src"].strip() for s in sources if s.attrs.get("src", "").strip()), "")
        if not src or _refused(src):
            return ""
        return f"[{'Video' if node.tag == 'video' else 'Audio'}: {self.text(src.rsplit('/', 1)[-1])}]({_url(src)})"

    def image(self, node: Node) -> str:
        src = node.attrs.get("src", "").strip()
        if not src:
            return ""
        if _refused(src):
            self.result.dropped.append(f"an image with a '{_refused(src)}:' address")
            return ""
        self.result.images.append(src)
        alt = _one_line(self.text(node.attrs.get("alt", "")))
        local = self.image_src(src)
        if local is not None:
            return f"![{alt}]({_url(local)})"
        # Not published as a picture (it would load from another site): a link to it instead.
        label = "Image: " + (alt or self.text(src.rsplit("/", 1)[-1].split("?")[0]))
        return label if self.in_link else f"[{label}]({_url(src)})"


def _refused(address: str) -> str | None:
    """The scheme of an address the sanitizer would remove ('javascript', or a typo like 'hhttps')."""
    match = _URL_SCHEME.match(address)
    scheme = match and match.group(1).lower()
    return scheme if scheme and scheme not in URL_SCHEMES else None


def _paragraphs(text: str) -> list[str]:
    """Resolve the break markers in inline text into paragraphs; empty ones disappear."""
    found = []
    for part in text.split(_PARA):
        part = _SPACED_BR.sub(_BR, _SPACES.sub(" ", part)).strip(" " + _BR)
        if part:
            part = _BREAKS.sub("<br>\n", part)
            found.append(_LINE_START.sub(_escape_start, part))
    return found


def _escape_start(match: re.Match[str]) -> str:
    """Text that would start a heading, quote or list in Markdown, kept as text."""
    lead: str = match.group(1)
    token: str = match.group(2)
    if token.isdigit():
        return lead + token + "\\"  # "1998. A year" -> "1998\. A year"
    if token.startswith("=") or token == ":":  # Markdown has no escape for these
        return lead + f"&#{ord(token[0])};" + token[1:]
    return lead + ("&gt;" if token == ">" else "\\" + token)


def _one_line(text: str) -> str:
    return " ".join(text.replace(_PARA, " ").replace(_BR, " ").split())


def _wrap(inner: str, mark: str) -> str:
    """Emphasis around `inner`, with its outer spaces outside the marks (Markdown needs that)."""
    parts = []
    for part in inner.split(_PARA):
        core = part.strip(" " + _BR)
        if not core or (core.startswith(mark) and core.endswith(mark)):
            parts.append(part)
            continue
        start = part.index(core)
        parts.append(part[:start] + mark + core + mark + part[start + len(core):])
    return _PARA.join(parts)


def _mark(inner: str, mark: str) -> str:
    """~~deleted~~, ~sub~ or ^sup^ (pymdownx.tilde and .caret); spaces inside a one-sign mark
    are escaped, as those extensions ask."""
    core = _one_line(inner)
    if not core:
        return inner
    if len(mark) == 1:
        core = core.replace(" ", "\\ ")
    start = inner.index(core[0]) if core[0] in inner else 0
    return (" " if start else "") + mark + core + mark + (" " if inner.endswith(" ") else "")


def _code_span(code: str) -> str:
    code = " ".join(code.split())
    if not code:
        return ""
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{ticks}{pad}{code}{pad}{ticks}"


def _url(address: str) -> str:
    return address.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _indent(text: str, width: int) -> str:
    return "\n".join(" " * width + line if line else "" for line in text.splitlines())
