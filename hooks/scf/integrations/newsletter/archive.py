"""Past monthly emails as pages of the site, under /newsletter/ (opt-in: `archive: true`).

Made at build time from the content model, like the email itself (scf.integrations.newsletter.digest),
so the archive and the emails say the same; a month with nothing new has no page. Links
are relative, so previews and moved sites keep working.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from scf.content.model import Site

from .digest import Digest, Item, last_complete_month, make_digest, next_month
from .email_html import meta, sections

FOLDER = "newsletter"
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


@dataclass(frozen=True)
class ArchivePage:
    src_uri: str
    title: str
    summary: str
    markdown: str


def pages(site: Site, now: dt.datetime, site_name: str) -> list[ArchivePage]:
    """A page per month with something new, up to the last complete month, and an index;
    none unless scf.yml's `newsletter:` says `archive: true`."""
    newsletter = site.settings.newsletter
    if not (newsletter and newsletter.archive):
        return []
    dates = [p.date for p in site.published_posts] + [p.updated for p in site.pages if p.updated]
    if not dates:
        return []
    tz = site.settings.tz
    month, last = min(dates).astimezone(tz).date().replace(day=1), last_complete_month(now, tz)
    digests: list[Digest] = []
    while month <= last:
        digest = make_digest(site, month, "../../", site_name)  # relative to newsletter/YYYY-MM/
        if not digest.empty:
            digests.append(digest)
        month = next_month(month)
    subscribe = next((p.url for p in site.pages if p.type == "subscribe"), None)
    pages = [month_page(d, f"../../{subscribe}" if subscribe else None) for d in digests]
    listing = "\n".join(f"- [{d.label}]({d.slug}/)" for d in reversed(digests))
    summary = "Every monthly email we have sent, newest first."
    sign_up = f" [Sign up](../{subscribe}) to get the next one." if subscribe else ""
    pages.append(ArchivePage(f"{FOLDER}/index.md", "Newsletter archive", summary,
                             f"# Newsletter archive\n\n{summary}{sign_up}\n\n{listing}\n"))
    return pages


def _md(text: str) -> str:
    """Plain text from front matter, shown as itself in Markdown."""
    return _MARKDOWN.sub(r"\\\1", text)


def _item(item: Item) -> list[str]:
    lines = [f"### [{_md(item.title)}]({item.url})", ""]
    if meta(item):
        lines += [_md(meta(item)), ""]
    if item.image:
        lines += [f"![{_md(item.image_alt)}]({item.image})", ""]
    if item.summary:
        lines += [_md(item.summary), ""]
    return lines


def month_page(d: Digest, subscribe: str | None) -> ArchivePage:
    sent = next_month(d.month)
    title = f"Newsletter: {d.label}"
    sign_up = f" [Sign up]({subscribe}) to get the next one." if subscribe else ""
    lines = [f"# {title}", "",
             f"What was new on our website in {d.label}, as we emailed it to subscribers on "
             f"{sent.day} {sent:%B %Y}.{sign_up}", ""]
    for heading, items in sections(d):
        if items:
            lines += [f"## {heading}", ""]
            for item in items:
                lines += _item(item)
    if d.easy_read:
        lines += ["## Easy read", ""] + [f"- [{_md(i.title)}]({i.url})" for i in d.easy_read] + [""]
    return ArchivePage(f"{FOLDER}/{d.slug}.md", title, f"Our monthly email for {d.label}.", "\n".join(lines))


