"""`--comments`: a post's approved comments, kept as a read-only archive under it.

Only the name the commenter gave, the date and the text are kept: never an email
address or IP address (WordPress exports both; they are not even read). The text goes
through the same converter as posts, so nothing active or remote is published.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from scf.integrations.wordpress.html_to_markdown import plain_text

from .body import Bodies
from .report import Report
from .wxr import Item

HEADING = "## Comments from the old blog"
CLOSED = ("Comments are closed: these are the comments readers left on the old blog. "
          "To respond, write to us by email or through the contact page.")


def archive(item: Item, bodies: Bodies, folder: Path, rel: str, report: Report, keep: bool) -> str:
    """The Markdown to put under the post ('' when there is nothing to keep), counting every comment."""
    kept = []
    for comment in item.comments:
        if comment.kind in ("pingback", "trackback"):
            report.comments["pingbacks and trackbacks (not kept)"] += 1
        elif not comment.approved:
            report.comments["unapproved, spam or binned (not kept)"] += 1
        elif not keep:
            report.comments["approved (use --comments to keep them as an archive under each post)"] += 1
        else:
            text = bodies.convert(comment.content, folder, rel, autop=True).markdown.strip()
            if not text:
                continue
            report.comments["approved, kept under their post"] += 1
            name = plain_text(comment.author) or "Someone"
            quoted = "\n".join(f"> {line}" if line else ">" for line in text.splitlines())
            kept.append(f"**{_escaped(name)}** wrote on {_day(comment.date)}:\n\n{quoted}")
    if not kept:
        return ""
    return "\n\n".join([HEADING, CLOSED, *kept]) + "\n"


def _day(value: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return "an unknown date"
    return f"{moment.day} {moment:%B %Y}"


def _escaped(name: str) -> str:
    return "".join("\\" + c if c in "\\`*_[]<>#" else c for c in name)
