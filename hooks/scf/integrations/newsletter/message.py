"""The digest as one complete email (multipart/alternative: plain text, then HTML).

Python's `email` package builds the structure and every header (policy SMTP), so no value
can add a header or a part: a header value with a line break is refused by the library,
and the boundary is checked against the encoded parts before it is used, as the library's
own generator does. Everything comes from the digest, so the same month gives the same
bytes: the Date is the first morning of the next month, the Message-ID is made from the
month and the boundary from a hash of the parts, never from the clock or a random number
(the library's own choice would be random).
"""
from __future__ import annotations

import datetime as dt
import email.policy
import hashlib
import re
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .digest import Digest, next_month
from .email_html import render_html, render_text

SEND_HOUR = 9  # the Date header: 09:00 on the first day of the next month, site time


def default_sender(d: Digest) -> str:
    return f"newsletter@{urlsplit(d.site_url).hostname}"


def build_message(d: Digest, tz: ZoneInfo, sender: str, to: str | None = None,
                  html: str | None = None, text: str | None = None) -> EmailMessage:
    """The whole message; `to` may be left out when a provider addresses each copy."""
    html = render_html(d) if html is None else html
    text = render_text(d) if text is None else text
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["Subject"] = d.subject
    msg["From"] = formataddr((d.site_name, sender))
    if to:
        msg["To"] = to
    sent = dt.datetime.combine(next_month(d.month), dt.time(SEND_HOUR), tzinfo=tz)
    msg["Date"] = format_datetime(sent)
    msg["Message-ID"] = f"<newsletter-{d.slug}@{urlsplit(d.site_url).hostname}>"
    msg.set_content(text, subtype="plain", cte="quoted-printable")
    msg.add_alternative(html, subtype="html", cte="quoted-printable")
    msg.set_boundary(boundary(msg))
    return msg


def boundary(msg: EmailMessage) -> str:
    """A hash of the encoded parts, made unused in them (the same parts give the same one)."""
    encoded = b"\n".join(part.as_bytes(policy=email.policy.SMTP) for part in msg.iter_parts())
    return unused("scf-" + hashlib.sha256(encoded).hexdigest()[:32], encoded.decode("ascii", "replace"))


def unused(stem: str, text: str) -> str:
    """`stem`, or `stem.N`: a boundary no line of `text` is, checked the way `email.generator`
    checks the boundaries it makes (no line '--boundary' or '--boundary--')."""
    candidate, counter = stem, 0
    while re.search("^--" + re.escape(candidate) + "(--)?$", text, re.MULTILINE):
        counter += 1
        candidate = f"{stem}.{counter}"
    return candidate


def to_bytes(msg: EmailMessage) -> bytes:
    return msg.as_bytes(policy=email.policy.SMTP)
