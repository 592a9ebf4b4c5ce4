"""HTML read into a small tree, as browsers read it: html.parser forgives unclosed tags, and
the tags HTML closes implicitly (a <p> before a block, an <li> before the next) are closed.
Active elements (scripts, frames, forms...) and `on...` attributes never enter the tree;
what was left out is listed in `dropped`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from scf.content.body_rules import MAX_DEPTH

# Elements nested deeper than this (unclosed tags, or an attack) are flattened, not recursed
# into: the Markdown made from them then nests no deeper than a page may (scf.content.body_rules).
_MAX_DEPTH = MAX_DEPTH
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}
BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
         "figure", "figcaption", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "hr", "dl",
         "dt", "dd", "section", "article", "header", "footer", "aside", "main", "nav", "address",
         "details", "summary", "center", "more"}
# Elements that could run code, load other sites or collect data: never imported.
_ACTIVE = {"script", "style", "iframe", "object", "embed", "form", "applet", "frame", "frameset",
           "noscript", "template", "svg", "math", "input", "button", "select", "textarea", "base",
           "link", "meta", "canvas"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)


class TreeBuilder(HTMLParser):
    def __init__(self, autop: bool, dropped: list[str]):
        super().__init__(convert_charrefs=True)
        self.autop, self.dropped = autop, dropped
        self.root = Node("root", {})
        self.stack = [self.root]
        self.skipping: list[str] = []  # open active elements whose content is thrown away
        self.flattened = False  # whether elements nested too deep were flattened (said once)

    def build(self, html: str) -> Node:
        self.feed(html)
        self.close()
        return self.root

    def parse_html_declaration(self, i: int) -> int:
        """A marked section (`<![if !supportLists]>`, left by Word) is read as HTML5 reads it,
        a bogus comment to the next '>', and dropped: Python's parser stops at any it does not know."""
        if self.rawdata.startswith("<![", i):
            end = self.rawdata.find(">", i + 3)
            if end < 0:
                return -1
            self.dropped.append("a marked section '<![...]>'")
            return end + 1
        return super().parse_html_declaration(i)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.append(tag)
            return
        if tag in _ACTIVE:
            self.dropped.append(f"<{tag}>")
            if tag not in VOID:
                self.skipping.append(tag)
            return
        values = {}
        for name, value in attrs:
            if name.startswith("on"):
                self.dropped.append(f"the {name} attribute of <{tag}>")
            else:
                values[name] = value or ""
        self._close_implied(tag)
        node = Node(tag, values)
        self.stack[-1].children.append(node)
        if tag not in VOID and len(self.stack) <= _MAX_DEPTH:
            self.stack.append(node)
        elif tag not in VOID and not self.flattened:
            self.flattened = True
            self.dropped.append(f"nesting deeper than {_MAX_DEPTH} levels (what is inside is kept, less nested)")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and not self.skipping and self.stack[-1].tag == tag:
            self.stack.pop()
        elif self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        children = self.stack[-1].children
        if self.autop and data.startswith("\n") and children and getattr(children[-1], "tag", "") == "br":
            data = data[1:]  # "<br />\n" is one line break, not two
        children.append(data)

    def handle_comment(self, data: str) -> None:
        if not self.skipping and data.strip().lower().startswith("more"):
            self.stack[-1].children.append(Node("more", {}))  # WordPress's "read more" marker

    def _close_implied(self, tag: str) -> None:
        """Close what HTML closes implicitly: a <p> before a block, an <li> before the next."""
        if tag in ("li", "dt", "dd", "tr", "td", "th"):
            siblings = {"li": ("li",), "dt": ("dt", "dd"), "dd": ("dt", "dd"), "tr": ("tr",),
                        "td": ("td", "th"), "th": ("td", "th")}[tag]
            limits = {"li": ("ul", "ol"), "dt": ("dl",), "dd": ("dl",), "tr": ("table",),
                      "td": ("tr", "table"), "th": ("tr", "table")}[tag]
        elif tag in BLOCK:
            siblings, limits = ("p",), tuple(BLOCK - {"p"})
        else:
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            open_tag = self.stack[depth].tag
            if open_tag in limits:
                return
            if open_tag in siblings:
                del self.stack[depth:]
                return


def raw_text(node: Node, skip: frozenset[str] = frozenset()) -> str:
    """The text in `node`, leaving out `skip` elements; separate blocks stay separate words."""
    parts = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag in skip:
            continue
        elif child.tag == "br":
            parts.append("\n")
        elif child.tag in BLOCK:
            parts.append(f" {raw_text(child, skip)} ")
        else:
            parts.append(raw_text(child, skip))
    return "".join(parts)


def descendants(node: Node, tag: str) -> list[Node]:
    found = []
    for child in node.children:
        if isinstance(child, Node):
            found += [child] if child.tag == tag else descendants(child, tag)
    return found
