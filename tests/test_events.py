"""Events (issue #19): event pages, the Events page, calendars and schema.org data.

One real `mkdocs build` of a small site checks the pages and files; rules that need
several builds (same bytes on other days, upcoming/past) use SiteBuild and the
calendar writer directly, which is much faster.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import icalendar
import pytest

from scf.build import SiteBuild
from scf.content.problems import ContentError
from scf.outputs import calendars
from scf.views import events
from site_project import REPO, THEME, Project

SITE = "https://example.org/"
BEFORE = "2019-11-01T12:00:00+00:00"  # both events ahead
BETWEEN = "2019-12-01T12:00:00+00:00"  # Birmingham past, Zoom ahead
AFTER = "2026-11-23T12:00:00+00:00"  # both past
TYPES = ["home", "event", "events", "publication", "publications", "pledge"]


def make_site(root: Path) -> Project:
    project = Project(root)
    project.settings["page_types"] = TYPES
    project.config["nav"].append({"Events": "events/index.md"})
    project.write("docs/index.md", "---\ntitle: Home\nsummary: The home page.\ntype: home\ntemplate: home.html\n---\n\nWelcome.\n")
    project.write("docs/events/index.md", "---\ntitle: Events\nsummary: All events.\ntype: events\n---\n\n# Events\n")
    project.post("2019-11-30-notes-from-birmingham", title="Notes from Birmingham", date="2019-11-30")
    project.write("docs/events/birmingham.md", """\
        ---
        title: Meeting in Birmingham
        summary: "The network met in Birmingham: us & them, 1 < 2 > 0."
        type: event
        uid: birmingham-2019
        start: 2019-11-28
        location: Birmingham
        report: posts/2019-11-30-notes-from-birmingham.md
        ---

        We met.
        """)
    project.write("docs/events/zoom.md", """\
        ---
        title: A Zoom session
        summary: Tell us what you think.
        type: event
        uid: zoom-2021-01-22
        start: 2021-01-22 14:30
        end: 2021-01-22 16:00
        online: Zoom; email us for the link
        ---

        Join us.
        """)
    project.write("docs/events/summer.md", """\
        ---
        title: A summer meeting
        summary: In summer time.
        type: event
        uid: summer-2020
        start: 2020-07-01 10:00
        location: Leeds
        online: https://example.com/join
        ---

        Both.
        """)
    return project


def site_build(project: Project, now: str = AFTER, site_url: str = SITE) -> SiteBuild:
    project.save_config()
    return SiteBuild(project.root, site_url=site_url, site_name="Test site", now=dt.datetime.fromisoformat(now),
                     theme=THEME)


def ics(build: SiteBuild) -> bytes:
    return calendars.calendar(build.events.pages, "Test site events", build.site_url,
                              build.site.settings.id_authority)


def vevents(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["summary"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    project = make_site(tmp_path_factory.mktemp("events") / "project")
    shutil.copytree(REPO / "docs/assets", project.root / "docs/assets", dirs_exist_ok=True)
    project.write("easyread/events/zoom.md", "---\ntitle: A video call\nsummary: Easy.\n---\n\n"
                  "![A video call](:material-video-outline:)\nWe talk on a video call.\n")
    project.build(now=BETWEEN)
    return project


# -- calendars -------------------------------------------------------------------------------

def test_calendar_parses_and_has_every_required_property(built):
    data = (built.root / "site/events.ics").read_bytes()
    cal = icalendar.Calendar.from_ical(data)
    assert cal["version"] == "2.0" and cal["prodid"]
    items = vevents(data)
    assert set(items) == {"Meeting in Birmingham", "A Zoom session", "A summer meeting"}
    for item in items.values():
        for name in ("uid", "dtstamp", "dtstart", "sequence", "summary", "url"):
            assert name in item, name
    zoom = items["A Zoom session"]
    assert zoom["dtstart"].params["TZID"] == "Europe/London"
    assert zoom["dtstart"].dt == dt.datetime(2021, 1, 22, 14, 30, tzinfo=zoom["dtstart"].dt.tzinfo)
    assert zoom["dtstart"].dt.utcoffset() == dt.timedelta(0)
    assert items["A summer meeting"]["dtstart"].dt.utcoffset() == dt.timedelta(hours=1)  # BST
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    assert zoom["uid"] == "zoom-2021-01-22@socialcarefuture.org.uk"
    birmingham = items["Meeting in Birmingham"]  # all day: DTEND is the next day
    assert birmingham["dtstart"].dt == dt.date(2019, 11, 28) and birmingham["dtend"].dt == dt.date(2019, 11, 29)
    assert "Leeds" in items["A summer meeting"]["location"] and "example.com/join" in items["A summer meeting"]["location"]


def test_each_event_page_has_its_own_calendar_file(built):
    page = built.html("events/zoom")
    assert 'href="../zoom.ics"' in page and "Add to calendar" in page
    assert list(vevents((built.root / "site/events/zoom.ics").read_bytes())) == ["A Zoom session"]
    listing = built.html("events")
    assert 'href="webcal://example.org/events.ics"' in listing and 'href="../events.ics"' in listing


def test_calendar_is_the_same_bytes_whatever_day_it_is_built(tmp_path):
    project = make_site(tmp_path / "project")
    first = ics(site_build(project, BEFORE))
    second = ics(site_build(project, AFTER))
    assert first == second
    assert b"DTSTAMP:20190128" not in first  # not the build day
    assert b"DTSTAMP:20210122T143000Z" in first  # the event's own start (London is UTC in January)


def test_renaming_the_file_or_the_title_keeps_the_uid(tmp_path):
    project = make_site(tmp_path / "project")
    before = {str(e["uid"]) for e in vevents(ics(site_build(project))).values()}
    old = project.root / "docs/events/zoom.md"
    text = old.read_text(encoding="utf-8").replace("title: A Zoom session", "title: Our first Zoom call")
    old.unlink()
    project.write("docs/events/first-zoom-call.md", text)
    after = vevents(ics(site_build(project)))
    assert {str(e["uid"]) for e in after.values()} == before
    assert str(after["Our first Zoom call"]["uid"]) == "zoom-2021-01-22@socialcarefuture.org.uk"


def test_moving_an_event_raises_its_sequence_and_stamp(tmp_path):
    project = make_site(tmp_path / "project")
    first = vevents(ics(site_build(project)))["A Zoom session"]
    path = project.root / "docs/events/zoom.md"
    text = path.read_text(encoding="utf-8").replace("start: 2021-01-22 14:30", "start: 2021-01-23 14:30")
    path.write_text(text.replace("end: 2021-01-22 16:00", "end: 2021-01-23 16:00\nupdated: 2021-01-10"))
    moved = vevents(ics(site_build(project)))["A Zoom session"]
    path.write_text(path.read_text().replace("updated: 2021-01-10", "updated: 2021-01-12 09:00"))
    again = vevents(ics(site_build(project)))["A Zoom session"]
    assert first["sequence"] == 0 < moved["sequence"] < again["sequence"]
    assert moved["uid"] == first["uid"] == again["uid"]
    assert moved["dtstamp"].dt == dt.datetime(2021, 1, 10, tzinfo=dt.UTC)


# -- the Events page and the home page ----------------------------------------------------------

def order(build: SiteBuild) -> tuple[list[str], list[str]]:
    return [p.title for p in build.events.upcoming], [p.title for p in build.events.past]


def test_upcoming_and_past_follow_the_builds_clock(tmp_path):
    project = make_site(tmp_path / "project")
    before = site_build(project, BEFORE)
    assert order(before) == (["Meeting in Birmingham", "A summer meeting", "A Zoom session"], [])
    assert before.events.report_for(before.events.upcoming[0]) is None  # its report is not published yet
    assert order(site_build(project, "2020-08-01T00:00:00+01:00")) == (
        ["A Zoom session"], ["A summer meeting", "Meeting in Birmingham"])
    assert order(site_build(project, AFTER)) == (
        [], ["A Zoom session", "A summer meeting", "Meeting in Birmingham"])
    # An all-day event is upcoming until its day is over, in London.
    assert order(site_build(project, "2019-11-28T23:30:00+00:00"))[0][0] == "Meeting in Birmingham"


def test_events_page_and_home_page_as_built(built):
    listing = built.html("events")
    upcoming, past = listing.split('id="scf-upcoming"')[1].split('id="scf-past"')
    assert upcoming.index("A summer meeting") < upcoming.index("A Zoom session")
    assert "Meeting in Birmingham" in past and "Meeting in Birmingham" not in upcoming
    assert "How it went: Notes from Birmingham" in past
    home = built.html("")
    assert 'id="scf-next-event"' in home and "A summer meeting" in home and "A Zoom session" not in home


def test_home_page_has_no_next_event_when_none_is_planned(tmp_path):
    project = make_site(tmp_path / "project")
    project.build(now=AFTER)
    assert 'id="scf-next-event"' not in project.html("")
    assert "No events are planned just now" in project.html("events")


def test_easy_read_event_pages_pair_with_their_originals(built):
    assert 'href="../../easy-read/events/zoom/"' in built.html("events/zoom")
    assert "Standard version" in built.html("easy-read/events/zoom")


# -- schema.org data ------------------------------------------------------------------------------

def json_ld(html: str) -> dict:
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])


def test_json_ld_has_the_event_fields(built):
    data = json_ld(built.html("events/zoom"))
    assert data["@type"] == "Event" and data["name"] == "A Zoom session"
    assert data["startDate"] == "2021-01-22T14:30:00+00:00" and data["endDate"] == "2021-01-22T16:00:00+00:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {"@type": "VirtualLocation", "name": "Zoom; email us for the link",
                                "url": "https://example.org/events/zoom/"}
    assert data["url"] == "https://example.org/events/zoom/"
    summer = json_ld(built.html("events/summer"))
    assert summer["startDate"] == "2020-07-01T10:00:00+01:00"
    assert summer["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in summer["location"]] == ["Place", "VirtualLocation"]
    assert summer["location"][1]["url"] == "https://example.com/join"


def test_json_ld_cannot_break_out_of_its_script(built):
    html = built.html("events/birmingham")
    data = json_ld(html)
    assert data["description"] == "The network met in Birmingham: us & them, 1 < 2 > 0."
    assert data["startDate"] == "2019-11-28" and data["location"]["@type"] == "Place"
    script = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in script and ">" not in script and "&" not in script


def test_json_ld_is_data_the_policy_need_not_allow(built):
    html = built.html("events/zoom")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)[1]
    script = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    import base64
    import hashlib
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert digest not in policy  # not code: no hash for it


def test_script_safe_json_cannot_end_the_script_or_open_a_comment():
    text = events.script_safe_json({"a": "x\u2028y</script><!--"})
    assert "</" not in text and "<!--" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "x\u2028y</script><!--"}


# -- problems --------------------------------------------------------------------------------------

def test_every_mistake_in_an_event_is_reported_with_its_line(tmp_path):
    project = make_site(tmp_path / "project")
    project.write("docs/events/bad.md", """\
        ---
        title: Bad
        summary: Bad.
        type: event
        start: 2024-05-02 10:00
        end: 2024-05-01 09:00
        report: posts/missing.md
        ---
        """)
    project.write("docs/events/mixed.md", """\
        ---
        title: Mixed
        summary: Mixed.
        type: event
        uid: Mixed Up
        start: 2024-05-01
        end: 2024-05-02 10:00
        location: Leeds
        when: soon
        ---
        """)
    with pytest.raises(ContentError) as caught:
        site_build(project)
    found = [str(p) for p in caught.value.problems]
    expect = ["docs/events/bad.md:1: the required field 'uid' is missing", "docs/events/bad.md:6: the event ends before it starts",
              "docs/events/bad.md:1: an event needs a 'location:'", "docs/events/mixed.md:5: ",
              "docs/events/mixed.md:7: 'start' and 'end' must both have a time",
              "docs/events/mixed.md:9: unknown front matter field 'when'"]
    for start in expect:
        assert any(f.startswith(start) and "Fix:" in f for f in found), (start, found)
    assert any("'Mixed Up' may only have lower-case letters" in f and "uid: mixed-up" in f for f in found), found


def test_a_report_that_is_not_a_post_and_a_copied_uid_are_reported(tmp_path):
    project = make_site(tmp_path / "project")
    copy = (project.root / "docs/events/zoom.md").read_text(encoding="utf-8")
    project.write("docs/events/zoom-copy.md", copy.replace("online:", "report: posts/nope.md\nonline:"))
    with pytest.raises(ContentError) as caught:
        site_build(project)
    found = [str(p) for p in caught.value.problems]
    assert any(f.startswith("docs/events/zoom.md:5: this event has the same uid")
               or f.startswith("docs/events/zoom-copy.md:5: this event has the same uid") for f in found), found
    assert any(f.startswith("docs/events/zoom-copy.md:8: the report 'posts/nope.md' does not exist") for f in found), found


def test_event_fields_belong_to_events_only(tmp_path):
    project = make_site(tmp_path / "project")
    project.write("docs/about.md", "---\ntitle: About\nsummary: About us.\nstart: 2024-05-01\n---\n")
    with pytest.raises(ContentError) as caught:
        site_build(project)
    assert str(caught.value.problems[0]).startswith("docs/about.md:4: unknown front matter field 'start'")
