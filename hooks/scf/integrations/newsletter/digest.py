"""What one month brought, read from the content model: the monthly email's content.

Only what is new that month: posts dated in it, pages whose `updated:` falls in it, and
the events still to come when it ends. A post that is edited later never comes back as
new, so subscribers see each item once.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from scf.content.event_fields import Event
from scf.content.model import Document, Page, Site
from scf.content.validate import FIRST_YEAR, LAST_YEAR

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
EVENTS_SHOWN = 10  # events coming up, soonest first


@dataclass(frozen=True)
class Item:
    title: str
    url: str  # absolute, on the site's address
    summary: str = ""
    when: str = ""  # the date as people read it: "4 January 2021"
    authors: tuple[str, ...] = ()
    where: str = ""  # events: the place, or how to join
    image: str | None = None  # absolute address of the post's picture
    image_alt: str = ""


@dataclass(frozen=True)
class Digest:
    month: dt.date  # the first day of the month
    site_name: str
    site_url: str  # ends with "/"
    posts: tuple[Item, ...]
    pages: tuple[Item, ...]
    case_studies: tuple[Item, ...]
    events: tuple[Item, ...]
    easy_read: tuple[Item, ...]

    @property
    def label(self) -> str:
        return f"{self.month:%B %Y}"

    @property
    def subject(self) -> str:
        return f"{self.site_name} newsletter: {self.label}"

    @property
    def slug(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def empty(self) -> bool:
        return not (self.posts or self.pages or self.case_studies)


def parse_month(text: str) -> dt.date | None:
    """`2021-01` -> 1 January 2021; None when it is not a month of the years dates may have."""
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match[2]) <= 12 or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        return None
    return dt.date(int(match[1]), int(match[2]), 1)


def last_complete_month(now: dt.datetime, tz: ZoneInfo) -> dt.date:
    """The month before the one `now` falls in, in the site's time zone."""
    first = now.astimezone(tz).date().replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def bounds(month: dt.date, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The month as [start, end) in the site's time zone."""
    start = dt.datetime.combine(month, dt.time(), tzinfo=tz)
    return start, dt.datetime.combine(next_month(month), dt.time(), tzinfo=tz)


def _day(moment: dt.datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


def make_digest(site: Site, month: dt.date, site_url: str, site_name: str) -> Digest:
    """The digest of `month`: read once from the model, nothing else opened."""
    base = site_url.rstrip("/") + "/"
    start, end = bounds(month, site.settings.tz)

    def item(doc: Document, **extra: Any) -> Item:
        return Item(doc.title, base + doc.url, doc.summary, **extra)

    posts = [p for p in site.published_posts if start <= p.date < end]
    posts.sort(key=lambda p: (p.date, p.source))
    changed = [p for p in site.pages if p.updated and start <= p.updated < end and not _event(p)]
    changed.sort(key=lambda p: (p.updated, p.source))
    case_studies = [p for p in changed if p.type == "case-study"]
    pages = [p for p in changed if p.type != "case-study"]
    events = sorted(((p, e) for p in site.pages if (e := _event(p)) is not None and e.start >= end),
                    key=lambda pair: (pair[1].start, pair[0].source))[:EVENTS_SHOWN]
    easy = [e for e in (site.easy_read_for(d) for d in [*posts, *case_studies, *pages]) if e is not None]
    return Digest(
        month, site_name, base,
        posts=tuple(item(p, when=_day(p.date), authors=tuple(a.name for a in p.authors),
                         image=base + p.image if p.image else None, image_alt=p.image_alt or "")
                    for p in posts),
        pages=tuple(item(p, when=_day(p.updated)) for p in pages if p.updated),
        case_studies=tuple(item(p, when=_day(p.updated)) for p in case_studies if p.updated),
        events=tuple(item(p, when=_when(e), where=_where(e)) for p, e in events),
        easy_read=tuple(item(e) for e in easy),
    )


def _event(page: Page) -> Event | None:
    """The page's event, when the events feature (scf.views.events) gave it one."""
    return page.event


def _when(event: Event) -> str:
    start = event.start
    if getattr(event, "all_day", False):
        return _day(start)
    return f"{_day(start)}, {start:%H:%M}"


def _where(event: Event) -> str:
    return " and ".join(x for x in (getattr(event, "location", None), getattr(event, "online", None) and "online") if x)

