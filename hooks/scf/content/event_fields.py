"""The fields of an event page, read from its front matter into an `Event`.

Apart from events.py so that the model can read them without importing what orders and
draws events (which names the model's types): no import circle.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .validate import Checker

_DATE_ONLY = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")
_SEQUENCE_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Event:
    uid: str
    start: dt.datetime  # London time (or the offset written); midnight when all_day
    end: dt.datetime | None  # all_day: midnight of the last day; None when the source gives no end
    all_day: bool
    location: str | None  # where, in words
    online: str | None  # how to join, in words or an address
    report: str | None  # repository path of the post that tells how it went
    updated: dt.datetime | None  # set when the event is moved: calendars then update it
    lines: dict[str, int | None] = field(default_factory=dict, compare=False)

    @property
    def finish(self) -> dt.datetime:
        """When the event is over (the end of its last day, for all-day events)."""
        last = self.end or self.start
        return last + dt.timedelta(days=1) if self.all_day else last

    def upcoming(self, now: dt.datetime) -> bool:
        return self.finish > now

    @property
    def sequence(self) -> int:
        """RFC 5545 SEQUENCE: 0, then rising with `updated:` (minutes since 2000), so each
        move with a later `updated:` reaches calendars as a change, not a new event."""
        if self.updated is None:
            return 0
        return max(1, int((self.updated - _SEQUENCE_EPOCH).total_seconds() // 60))

    @property
    def attendance(self) -> str:
        if self.location and self.online:
            return "Mixed"
        return "Online" if self.online else "Offline"

    @property
    def date_label(self) -> str:
        """'28 November 2019', '22 January 2021, 2:30pm', '1 to 2 May 2024'."""
        start = f"{self.start.day} {self.start:%B %Y}"
        if self.all_day:
            if self.end and self.end.date() != self.start.date():
                return f"{start} to {self.end.day} {self.end:%B %Y}"
            return start
        label = f"{start}, {_clock(self.start)}"
        if self.end:
            same_day = self.end.date() == self.start.date()
            label += f" to {_clock(self.end) if same_day else f'{self.end.day} {self.end:%B %Y}, {_clock(self.end)}'}"
        return label

    @property
    def online_url(self) -> str | None:
        return self.online if self.online and re.match(r"^https?://\S+$", self.online) else None


def _clock(moment: dt.datetime) -> str:
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def _is_date_only(value: Any) -> bool:
    if isinstance(value, dt.datetime):
        return False
    return isinstance(value, dt.date) or (isinstance(value, str) and bool(_DATE_ONLY.match(value)))


def read(check: Checker) -> Event | None:
    """The event in a page's front matter; problems go to `check` (None when there are any)."""
    before = len(check.problems)
    meta = check.source.meta
    uid = check.text("uid")  # required and a slug: the schema checks both (schema.PAGE_TYPE_FIELDS)
    start, end = check.moment("start"), check.moment("end")
    all_day = _is_date_only(meta.get("start"))
    if start and end:
        if _is_date_only(meta.get("end")) != all_day:
            check.add("end", "'start' and 'end' must both have a time, or both be dates only",
                      "give both a time (2024-05-01 14:30) or write both as dates (2024-05-01)")
        elif end < start:
            check.add("end", "the event ends before it starts", "check the dates of 'start' and 'end'")
    location, online = check.text("location"), check.text("online")
    if not (location or online or meta.get("location") or meta.get("online")):  # one refused: reported
        check.add(None, "an event needs a 'location:' (where it is) or 'online:' (how to join), or both",
                  "add for example 'location: Friends Meeting House, Manchester' or 'online: Zoom; email us for the link'")
    report = check.text("report")
    if report and not (report.startswith("posts/") and report.endswith(".md")):
        check.add("report", f"'report' must name a post file such as 'posts/2024-05-01-name.md', not '{report}'",
                  "write the path of the post from the top of the repository")
    updated = check.moment("updated")
    if len(check.problems) > before or start is None or uid is None:
        return None
    lines = {key: check.line(key) for key in ("uid", "report")}
    return Event(uid, start, end, all_day, location, online, report, updated, lines)
