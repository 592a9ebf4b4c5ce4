"""What the site makes from values parses, with an independent parser, into exactly the items
meant (issue #26, items 4 and 5): the monthly email (Python's `email`), the feeds (feedparser,
lxml), the calendar (icalendar); whatever the titles, summaries and places say."""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import html
import json
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from scf.content.characters import one_line_problem
from scf.content.validate import TAG
from scf.integrations.newsletter.digest import Digest, Item
from scf.integrations.newsletter.message import build_message, to_bytes, unused
from site_project import Project

LONDON = ZoneInfo("Europe/London")
HEADERS = ["Subject", "From", "To", "Date", "Message-ID", "MIME-Version", "Content-Type"]
# What `email` writes on each part (add_alternative gives the second its own MIME-Version).
PART_HEADERS = [["Content-Type", "Content-Transfer-Encoding"],
                ["Content-Type", "Content-Transfer-Encoding", "MIME-Version"]]
# Text aimed at the email's structure: its old fixed boundary alone on a line, headers, parts.
HOSTILE = st.sampled_from([
    "--scf-newsletter-2021-01 " + "x" * 70 + " tail", "\r\nBcc: evil@example.org\r\n",
    "a\r\n\r\n--scf-newsletter-2021-01\r\nContent-Type: text/html\r\n\r\n<p>evil</p>\r\n--scf-newsletter-2021-01--",
    "=?utf-8?q?Bcc=3A_x?=", "\n.\n", "From: x", "--", "=0D=0ABcc: x", "é\u2028\u202e"])
TEXT = st.one_of(HOSTILE, st.text(st.characters(blacklist_categories=("Cs",)), max_size=120))


def digest(items: list[tuple[str, str]]) -> Digest:
    posts = tuple(Item(title, f"https://example.org/p{n}/", summary, when="4 January 2021")
                  for n, (title, summary) in enumerate(items))
    return Digest(dt.date(2021, 1, 1), "Test site", "https://example.org/", posts, (), (), (), ())


def squeezed(text: str) -> str:
    return "".join(text.split())


def parts_of(data: bytes) -> tuple[email.message.EmailMessage, list]:
    msg = email.message_from_bytes(data, policy=email.policy.default)
    return msg, list(msg.iter_parts())


def test_regression_a_summary_with_the_boundary_stays_inside_its_part():
    """The boundary used to be made from the month alone, so a summary could end a part and
    start one of its own: parsed, the email had a third part, written by the summary."""
    summary = "--scf-newsletter-2021-01 " + "x" * 70 + " Content-Type: text/html"
    msg, parts = parts_of(to_bytes(build_message(digest([("A post", summary)]), LONDON, "n@example.org",
                                                 "r@example.org")))
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert squeezed(summary) in squeezed(parts[0].get_content())
    assert not msg.defects and not any(p.defects for p in parts)


@given(items=st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=3))
@settings(deadline=None)
def test_the_email_has_exactly_its_headers_and_two_parts_whatever_the_content(items):
    data = to_bytes(build_message(digest(items), LONDON, "newsletter@example.org", "reader@example.org"))
    msg, parts = parts_of(data)
    assert list(msg.keys()) == HEADERS
    assert msg["Subject"] == "Test site newsletter: January 2021" and msg["To"] == "reader@example.org"
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert [list(p.keys()) for p in parts] == PART_HEADERS
    assert not msg.defects and not any(p.defects for p in parts)
    text, page = squeezed(parts[0].get_content()), squeezed(html.unescape(parts[1].get_content()))
    for title, summary in items:
        # The email's line endings are CRLF and its text is wrapped: compare without spaces.
        assert squeezed(summary) in text and squeezed(title) in text
        if not one_line_problem(summary):  # as the schema lets them through (HTML drops controls)
            assert squeezed(summary) in page
    assert to_bytes(build_message(digest(items), LONDON, "newsletter@example.org", "reader@example.org")) == data


def test_a_boundary_is_never_a_line_of_the_content():
    assert unused("b", "x\n--b\n") == "b.1"
    assert unused("b", "--b--\n--b.1\n") == "b.2"
    assert unused("b", "--bb\n --b\n") == "b"


# -- feeds and calendars, from a build -------------------------------------------------------

ONE_LINE = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).map(str.strip).filter(
    lambda t: t and not one_line_problem(t) and not TAG.search(t) and not t.startswith(("#", "!", "&", "*", "|", ">")))


@given(values=st.lists(st.tuples(ONE_LINE, ONE_LINE, ONE_LINE), min_size=1, max_size=3,
                       unique_by=lambda v: v[0]))
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_feeds_and_calendars_parse_into_exactly_the_items_meant(tmp_path_factory, values):
    project = Project(tmp_path_factory.mktemp("out") / "project")
    project.settings["page_types"] = ["event"]
    for n, (title, summary, place) in enumerate(values):
        project.post(f"2024-05-0{n + 1}-post-{n}", title=title, summary=summary, date=f"2024-05-0{n + 1}")
        front = {"title": title, "summary": summary, "type": "event", "uid": f"event-{n}",
                 "start": f"2027-01-0{n + 1}", "location": place}
        project.write(f"docs/events/e{n}.md", "---\n" + yaml.safe_dump(front, allow_unicode=True, width=1000)
                      + "---\n\nWords.\n")
    site = project.build()
    titles = sorted(t for t, _, _ in values)
    rss = (site / "feed.xml").read_bytes()
    assert not feedparser.parse(rss).bozo  # well-formed as feed readers see it
    # The titles are read as XML: feedparser "repairs" text that looks double-encoded ('Â¡' -> '¡').
    assert sorted(i.findtext("title") for i in etree.fromstring(rss).iter("item")) == titles
    atom = etree.fromstring((site / "atom.xml").read_bytes())
    entries = atom.findall("{http://www.w3.org/2005/Atom}entry")
    assert sorted(e.findtext("{http://www.w3.org/2005/Atom}title") for e in entries) == titles
    assert sorted(i["title"] for i in json.loads((site / "feed.json").read_text())["items"]) == titles
    events = icalendar.Calendar.from_ical((site / "events.ics").read_bytes()).walk("VEVENT")
    assert sorted((str(e["summary"]), str(e["location"])) for e in events) == sorted((t, p) for t, _, p in values)
    for n, (title, _, place) in enumerate(values):  # each event's own file: that one event
        [event] = icalendar.Calendar.from_ical((site / f"events/e{n}.ics").read_bytes()).walk("VEVENT")
        assert (str(event["summary"]), str(event["location"])) == (title, place)
