"""`scf newsletter`: write a month's digest as HTML, text and .eml, and optionally send it.

The site's address and name are the builder's configuration (mkdocs.yml): cli.py reads them
through the adapter and passes them to `run`; scf never reads that file.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

from scf.content.model import load_site
from scf.content.problems import plural
from scf.content.settings import clock, load_settings
from scf.content.validate import FIRST_YEAR, LAST_YEAR

from . import send
from .digest import last_complete_month, make_digest, parse_month
from .email_html import render_html, render_text
from .message import build_message, default_sender, to_bytes

MAX_BYTES = 102 * 1024  # Gmail cuts longer messages off behind a "View entire message" link


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser],
           runner: Callable[[argparse.Namespace], int]) -> None:
    """Add `newsletter` to scf's subcommands; `runner` (cli.py's) calls `run` with mkdocs.yml's
    site_url and site_name."""
    cmd = commands.add_parser("newsletter", help="write (and send) the monthly email of what is new")
    cmd.add_argument("--month", metavar="YYYY-MM", help="the month (default: the last complete one)")
    cmd.add_argument("--out", default="newsletter", metavar="DIR",
                     help="where to write YYYY-MM.html, .txt and .eml (default: newsletter/)")
    cmd.add_argument("--send", metavar="WHERE",
                     help="smtp://[user@]host:port (password in SCF_SMTP_PASSWORD), or listmonk "
                          "(a draft campaign; see MAINTAINING.md, 'Newsletter')")
    cmd.add_argument("--from", dest="sender", metavar="ADDRESS", help="the sender's address")
    cmd.add_argument("--to", action="append", metavar="ADDRESS", help="who gets it by SMTP (repeat for more)")
    cmd.add_argument("--site-url", help="the site's address (default: site_url in mkdocs.yml)")
    cmd.set_defaults(run=runner)


def run(args: argparse.Namespace, config: dict[str, str]) -> int:
    """The command, with `config`: mkdocs.yml's site_url and site_name, those that are set."""
    root = Path(args.root).resolve()
    settings = load_settings(root)
    site_url = args.site_url or config.get("site_url")
    if not site_url or not re.match(r"^https?://", site_url):
        return _fail("the digest needs the site's full address: set site_url in mkdocs.yml or give --site-url")
    now = clock()
    if args.month:
        month = parse_month(args.month)
        if month is None:
            return _fail(f"'{args.month}' is not a month from {FIRST_YEAR} to {LAST_YEAR}: "
                         "write it like --month 2021-01")
    else:
        month = last_complete_month(now, settings.tz)
    site = load_site(settings, now)
    digest = make_digest(site, month, site_url, config.get("site_name", "Newsletter"))
    newsletter = settings.newsletter
    sender = args.sender or (newsletter.from_address if newsletter else None) or default_sender(digest)
    html, text = render_html(digest), render_text(digest)
    try:  # the email library refuses a header value that would break its line (site_name, --to, --from)
        message = to_bytes(build_message(digest, settings.tz, sender, ", ".join(args.to or []) or None, html, text))
    except (ValueError, TypeError, IndexError) as error:
        return _fail(f"the email's headers cannot be made ({error}): check site_name in mkdocs.yml, "
                     "--from, --to and 'from_address' in scf.yml for line breaks or stray characters")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for suffix, data in ((".html", html.encode("utf-8")), (".txt", text.encode("utf-8")), (".eml", message)):
        (out / f"{digest.slug}{suffix}").write_bytes(data)
    counts = [plural(len(digest.posts), "post"), plural(len(digest.case_studies) + len(digest.pages), "page"),
              plural(len(digest.events), "event")]
    print(f"Wrote {out / digest.slug}.html, .txt and .eml ({len(message) // 1024} KB): {', '.join(counts)}.")
    if len(message) > MAX_BYTES:
        return _fail(f"the message is {len(message) // 1024} KB; Gmail cuts off messages over 102 KB. "
                     "Shorten the summaries of this month's posts")
    if not args.send:
        return 0
    if digest.empty:
        print(f"Nothing new was published in {digest.label}, so nothing was sent.")
        return 0
    try:
        if args.send == "listmonk":
            if newsletter is None or newsletter.provider != "listmonk":
                return _fail("--send listmonk needs 'provider: listmonk' under 'newsletter:' in scf.yml")
            number = send.listmonk_draft(newsletter.origin, newsletter.list_ids, digest.subject, html, text,
                                         sender)
            print(f"listmonk: draft campaign {number} created. Read it there, then start it.")
        else:
            if not args.to:
                return _fail("--send smtp://... needs at least one --to ADDRESS")
            from email import message_from_bytes, policy
            send.smtp(args.send, message_from_bytes(message, policy=policy.SMTP), sender, args.to)
            print(f"Sent {digest.subject!r} to {', '.join(args.to)}.")
    except send.SendError as error:
        return _fail(f"not sent: {error}")
    return 0


def _fail(message: str) -> int:
    print(f"scf newsletter: {message}.", file=sys.stderr)
    return 1
