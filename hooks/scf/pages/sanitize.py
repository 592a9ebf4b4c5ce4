"""The allowlist every published HTML fragment passes through, after Markdown rendered it.

Content is untrusted input: a pull request, the web editor or an old WordPress export may
hold anything. What is published is what Markdown made of it, so that is what we clean
(with nh3, the bindings to the ammonia sanitizer): page bodies, the listings' excerpts
(cut from the same HTML) and every feed item. Whatever is not listed below is removed;
`unsafe_content.py` tells the editor, with the file and line, from these same tables.

Each entry says what needs it: Markdown itself, one of the extensions in mkdocs.yml
(toc, attr_list, md_in_html, admonition, tables, pymdownx.superfences, and for imported
WordPress posts sane_lists, def_list, footnotes, pymdownx.tilde and .caret), the easy read
rows (easyread.py) or the HTML CONTRIBUTING.md lets editors write.
"""
from __future__ import annotations

import re

import nh3
from pygments.token import STANDARD_TYPES

MORE = "<!-- more -->"  # the excerpt marker (blog listings): the only comment kept

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
TAGS = frozenset({
    *_HEADINGS, "p", "br", "hr", "blockquote",  # Markdown: blocks
    "ul", "ol", "li",  # Markdown: lists
    "em", "strong", "code", "pre", "a", "img",  # Markdown: inline
    "table", "thead", "tbody", "tr", "th", "td",  # tables
    "div",  # admonition, superfences ("highlight"), md_in_html, easy read rows
    "span",  # superfences: Pygments tokens
    "aside", "dl", "dt", "dd",  # easy read: the "Words to know" box
    "svg", "path",  # easy read: the icon beside each idea (Material's icons are only these)
    "figure", "figcaption", "details", "summary",  # editors' HTML: captions, "show more"
    "sup", "sub", "abbr", "kbd", "mark", "del", "ins", "s", "small", "cite", "q", "b", "i", "u",
    "caption", "tfoot",  # editors' HTML (and the WordPress importer's tables)
})
# Removed with what they hold: their text is code or styling, never words for readers.
CONTENT_REMOVED = frozenset({"script", "style", "template", "textarea", "title", "noscript", "xmp",
                             "noembed", "noframes", "iframe", "object", "select"})

ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "title", "lang", "dir"},  # toc and attr_list ids (anchors); titles; languages
    "a": {"href"},  # Markdown links
    "img": {"src", "alt", "width", "height",  # Markdown images (src: our origin only, below)
            "loading", "decoding"},  # easy read: symbols below the first screen load lazily
    "abbr": set(),  # its explanation is the generic `title`
    "th": {"colspan", "rowspan", "scope"}, "td": {"colspan", "rowspan"},  # editors' tables
    "ol": {"start", "reversed"},  # Markdown: a list starting at another number
    "details": {"open"},
    "aside": {"aria-labelledby"},  # easy read: the words box names its heading
    # easy read: the icon is a picture with a name; its drawing needs its box and path.
    "svg": {"viewBox", "xmlns", "role", "aria-label", "focusable", "aria-hidden"},
    "path": {"d"},
}

# The classes our stylesheets and the theme style in content. Others are removed, so a
# contributor cannot dress text up as the site's own controls.
_ADMONITIONS = {"note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important",
                "success", "check", "done", "question", "help", "faq", "warning", "caution",
                "attention", "failure", "fail", "missing", "danger", "error", "bug", "example",
                "quote", "cite"}
CLASSES: dict[str, set[str]] = {
    "div": {"admonition", *_ADMONITIONS,  # admonition: `!!! note`
            "highlight",  # superfences: a code block
            "toc",  # toc: the `[TOC]` marker
            "footnote",  # footnotes: the notes under the text (imported WordPress footnotes)
            "scf-row", "scf-row__picture", "scf-row__text"},  # easy read rows
    "details": {*_ADMONITIONS},  # a collapsible admonition written in HTML
    "p": {"admonition-title"},  # admonition: its title
    "span": {c for c in STANDARD_TYPES.values() if c},  # superfences: Pygments tokens
    "a": {"scf-word",  # easy read: a word explained in the words box
          "footnote-ref", "footnote-backref"},  # footnotes: to a note and back
    "aside": {"scf-words"},  # easy read: the words box
    "svg": {"scf-row__icon"},  # easy read: the icon
    "img": {"scf-row__symbol"},  # easy read: a symbol (easyread.py)
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})  # links; relative addresses always pass

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20]")  # browsers drop tabs and newlines in addresses


def other_origin(url: str) -> bool:
    """True for an address another site serves: `https://...`, `//host/...`, `\\\\host`."""
    url = _IGNORED_IN_URLS.sub("", url).replace("\\", "/")
    return url.startswith("//") or bool(_SCHEME.match(url))


def allowed_id(value: str) -> bool:
    """The theme's own elements have ids starting with `__` (its drawer, search and
    palette switches): content may not take them."""
    return not value.startswith("__")


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src" and other_origin(value):
        return None  # a picture from another site tells it who reads the page
    if attribute == "id" and not allowed_id(value):
        return None
    return value


# link_rel: none added. Content may not set `target`, so no link opens a window that could
# reach back to the page through window.opener: `noopener` is never needed.
_CLEANER = nh3.Cleaner(tags=set(TAGS), clean_content_tags=set(CONTENT_REMOVED),
                       attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
                       attribute_filter=_attribute_filter, strip_comments=True, link_rel=None,
                       url_schemes=set(URL_SCHEMES),
                       allowed_classes={tag: set(names) for tag, names in CLASSES.items()})


def sanitize(html: str) -> str:
    """The HTML with everything outside the allowlist removed; keeps the excerpt marker."""
    head, more, tail = html.partition(MORE)
    if not more:
        return _CLEANER.clean(html)
    return _CLEANER.clean(head) + MORE + _CLEANER.clean(tail)
