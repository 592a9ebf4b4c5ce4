"""Events: gatherings and online sessions, each a page in docs/events/ with `type: event`.

The model reads an event's front matter with `read` (so its problems carry file and line
like every page's); `Schedule` then puts the events in order once per build: upcoming
ones soonest first, past ones newest first, by the build's clock. Calendars are in
calendars.py; this module also writes each event's schema.org data for search engines.

An event is known to calendars by its `uid:`, written in its file: a calendar that has
the event keeps it (and sees it move) even if the file is renamed or the title changes.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from scf.content.problems import ContentError, Problem
from scf.content.slug import slugify

if TYPE_CHECKING:
    from scf.content.event_fields import Event
    from scf.content.model import Document, Page, Site

# Templates of the page types this module and publications.py add (editors write only `type:`).
TEMPLATES = {"event": "event.html", "events": "events.html",
             "publication": "publication.html", "publications": "publications.html", "pledge": "pledge.html"}
_SCHEMA = "https://schema.org/"


def event_of(page: Page) -> Event:
    """The event of an event page: the schedule keeps only the pages with `type: event` whose
    event was read, and the calendars and addresses are given only those."""
    assert page.event is not None, f"{page.source} is handled as an event page but has no event"
    return page.event


@dataclass
class Schedule:
    """Every event of the site, ordered once per build by the build's clock."""

    upcoming: list[Page]  # soonest first
    past: list[Page]  # newest first
    reports: dict[int, Document]  # id(event page) -> the post telling how it went

    @property
    def pages(self) -> list[Page]:
        """Every event page, oldest first (the order of the site's calendar)."""
        return sorted(self.upcoming + self.past, key=lambda p: (event_of(p).start, p.source))

    @property
    def next(self) -> Page | None:
        return self.upcoming[0] if self.upcoming else None

    def report_for(self, page: Page) -> Document | None:
        return self.reports.get(id(page))


def schedule(site: Site, now: dt.datetime) -> Schedule:
    """Order the events and check what only the whole site can tell (uids, reports)."""
    pages = [p for p in site.pages if p.type == "event" and p.event]
    problems: list[Problem] = []
    reports: dict[int, Document] = {}
    seen: dict[str, Page] = {}  # uid -> the first page with it
    by_source = {d.source: d for d in site.documents}
    for page in sorted(pages, key=lambda p: p.source):
        event = event_of(page)
        first = seen.setdefault(event.uid, page)
        if first is not page:
            problems.append(Problem(page.source, event.lines.get("uid"),
                                    f"this event has the same uid '{event.uid}' as {first.source}, so calendars "
                                    "would show only one of them", "give this event its own uid (for example "
                                    f"'uid: {slugify(PurePosixPath(page.source).stem)}')"))
        if event.report and event.report in by_source:
            reports[id(page)] = by_source[event.report]
        elif event.report and not (site.settings.root / event.report).is_file():  # else a draft, or scheduled
            problems.append(Problem(page.source, event.lines.get("report"), f"the report '{event.report}' does not exist",
                                    "check the file name in posts/; write the path from the top of the repository"))
    if problems:
        raise ContentError(problems)
    upcoming = sorted((p for p in pages if event_of(p).upcoming(now)), key=lambda p: (event_of(p).start, p.source))
    past = sorted((p for p in pages if not event_of(p).upcoming(now)), key=lambda p: (event_of(p).start, p.source),
                  reverse=True)
    return Schedule(upcoming, past, reports)


def json_ld(page: Page, site_url: str, site_name: str) -> str:
    """schema.org Event data for the page, safe inside <script type="application/ld+json">."""
    event = event_of(page)
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Event", "name": page.title, "description": page.summary,
        "startDate": _iso(event.start, event.all_day),
        "eventAttendanceMode": f"{_SCHEMA}{event.attendance}EventAttendanceMode",
        "eventStatus": f"{_SCHEMA}EventScheduled",
    }
    if event.end:
        data["endDate"] = _iso(event.end, event.all_day)
    url = site_url + page.url if site_url else None
    places: list[dict[str, str]] = []
    if event.location:
        places.append({"@type": "Place", "name": event.location, "address": event.location})
    if event.online:  # where to join; the page says how when the source gives no address
        virtual = {"@type": "VirtualLocation", "name": event.online}
        join = event.online_url or url
        if join:
            virtual["url"] = join
        places.append(virtual)
    data["location"] = places[0] if len(places) == 1 else places
    if url:
        data["url"] = url
    if site_name:
        data["organizer"] = {"@type": "Organization", "name": site_name, **({"url": site_url} if site_url else {})}
    return script_safe_json(data)


def script_safe_json(data: Any) -> str:
    """JSON that cannot end its <script> element early or open a comment: `<`, `>` and `&`
    are written as \\u escapes (still the same JSON), as are the two JavaScript line breaks."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _iso(moment: dt.datetime, all_day: bool) -> str:
    return moment.date().isoformat() if all_day else moment.isoformat()


def context(events: Schedule, doc: Document | None, site_url: str, site_name: str) -> dict[str, Any]:
    """What the event templates and the home page read."""
    from scf.content.model import Page

    values: dict[str, Any] = {"events": events}  # the calendars' addresses: calendars.context
    if isinstance(doc, Page) and doc.event:
        values["event"] = doc.event
        # Markup: already safe for its <script>, so a template escaping values leaves it as it is.
        values["event_json_ld"] = Markup(json_ld(doc, site_url, site_name))
        values["event_report"] = events.report_for(doc)
    return values
