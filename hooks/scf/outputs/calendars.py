"""Calendars (RFC 5545) of the events: `/events.ics` with all of them, for subscription, and
one file beside each event page for "Add to calendar".

Every value comes from the event's file, never from the clock, so a calendar is the same
bytes whichever day it is built: the UID is the event's `uid:`, DTSTAMP its `updated:` (or
its start), SEQUENCE rises with `updated:`. icalendar's `new()` would stamp the build
time and a random UID, so neither is left to it.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import icalendar

from scf.outputs.writer import Output
from scf.views.events import event_of

if TYPE_CHECKING:
    from scf.content.model import Page, Site

CALENDAR = "events.ics"  # the site's calendar, at the top of the site
PRODID = "-//#socialcarefuture//Events//EN"


def file_for(page: Page) -> str:
    """Where an event's own calendar file is: beside its page (events/name/ -> events/name.ics)."""
    return page.url.rstrip("/") + ".ics"


def subscribe_url(site_url: str) -> str | None:
    """The `webcal://` address calendar apps subscribe to (they fetch it over https)."""
    if not site_url:
        return None
    return "webcal://" + site_url.split("://", 1)[-1] + CALENDAR


def context(doc: object, site_url: str) -> dict[str, str | None]:
    """The calendars' addresses the event templates and the home page link to."""
    from scf.content.model import Page

    values = {"calendar": CALENDAR, "calendar_subscribe": subscribe_url(site_url)}
    if isinstance(doc, Page) and doc.event:
        values["event_ics"] = file_for(doc)
    return values


def uid(page: Page, authority: str) -> str:
    """`uid@host`: the event's `uid:` under the site's permanent id authority (scf.yml)."""
    return f"{event_of(page).uid}@{authority.split(',')[0]}"


def vevent(page: Page, site_url: str, authority: str) -> icalendar.Event:
    event = event_of(page)
    item = icalendar.Event()
    item.add("uid", uid(page, authority))
    stamp = event.updated or event.start
    item.add("dtstamp", stamp.astimezone(dt.UTC))
    if event.all_day:  # DTEND of an all-day event is the day after its last day
        item.add("dtstart", event.start.date())
        item.add("dtend", (event.end or event.start).date() + dt.timedelta(days=1))
    else:
        item.add("dtstart", event.start)
        if event.end:
            item.add("dtend", event.end)
    item.add("sequence", event.sequence)
    item.add("summary", page.title)
    url = site_url + page.url if site_url else ""
    item.add("description", f"{page.summary}\n\n{url}".strip())
    where = event.location or event.online
    if event.location and event.online:
        where = f"{event.location}; online: {event.online}"
    item.add("location", where)
    if url:
        item.add("url", url)
    item.add("status", "CONFIRMED")
    return item


def calendar(pages: list[Page], name: str, site_url: str, authority: str) -> bytes:
    """One calendar with the events given, oldest first, and the time zones they use."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for page in pages:
        cal.add_component(vevent(page, site_url, authority))
    if pages:  # VTIMEZONE for Europe/London, its rules only over the years the events span
        first = min(event_of(p).start for p in pages).date().replace(month=1, day=1)
        last = max(event_of(p).finish for p in pages).date().replace(month=12, day=31)
        cal.add_missing_timezones(first_date=first, last_date=last + dt.timedelta(days=1))
    ical: bytes = cal.to_ical()  # icalendar leaves its return untyped
    return ical


def outputs(pages: list[Page], site: Site, site_name: str, site_url: str) -> list[Output]:
    """`events.ics` and each event's own file (`pages`: the event pages, in order); made even
    with no events, so the link calendar apps subscribed to keeps working."""
    authority = site.settings.id_authority
    name = site_name or "Events"
    made = [Output(CALENDAR, calendar(pages, f"{name} events", site_url, authority))]
    return made + [Output(file_for(page), calendar([page], page.title, site_url, authority)) for page in pages]
