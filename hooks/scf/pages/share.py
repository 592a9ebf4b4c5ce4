"""Share links: plain links to each service's own "share" address, on posts, events and the
pledge (a page with `type: pledge`, whose `pledge:` text is what readers share).

A link loads nothing until it is clicked: no script, button image or frame of a service
is on our pages, so no service learns who reads them. The addresses carry only the page's
address and text, no tracking parameters.
"""
from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from scf.content.characters import one_line

if TYPE_CHECKING:
    from scf.content.model import Document

SHARED_PAGE_TYPES = ("event", "pledge")  # pages with share links; every post has them

# (name, address): {url} the page's address, {text} the text to share, {title} the title.
SERVICES = (
    ("Email", "mailto:?subject={title}&body={text}%0A%0A{url}"),
    ("WhatsApp", "https://wa.me/?text={text}%20{url}"),
    ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
    ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("Bluesky", "https://bsky.app/intent/compose?text={text}%20{url}"),
    ("X", "https://x.com/intent/post?text={text}&url={url}"),
)


def links(url: str, title: str, text: str) -> list[tuple[str, str]]:
    """(service, address) for each service; every value is one line, percent-encoded (a line
    break in a mailto subject would start a header in some mail programs)."""
    values = {key: quote(one_line(value), safe="")
              for key, value in (("url", url), ("title", title), ("text", text))}
    return [(name, template.format(**values)) for name, template in SERVICES]


def for_document(doc: Document | None, site_url: str) -> list[tuple[str, str]]:
    """The share links of a post, an event or the pledge; none without the site's address
    (a link must carry the page's full address) or on other pages."""
    from scf.content.model import Page, Post

    if doc is None or not site_url:
        return []
    if isinstance(doc, Page) and doc.type in SHARED_PAGE_TYPES:
        text = doc.meta.get("pledge") or doc.title
    elif isinstance(doc, Post):
        text = doc.title
    else:
        return []
    return links(site_url + doc.url, doc.title, str(text))
