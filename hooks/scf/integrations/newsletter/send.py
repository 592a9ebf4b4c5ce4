"""Sending the digest: to an SMTP server, or to listmonk as a draft campaign.

Secrets never go in scf.yml or on the command line: the SMTP password and the listmonk
API token are read from environment variables (a CI secret, or the shell).
"""
from __future__ import annotations

import base64
import json
import os
import smtplib
import ssl
import urllib.error
import urllib.request
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

SMTP_PASSWORD = "SCF_SMTP_PASSWORD"
LISTMONK_URL, LISTMONK_USER, LISTMONK_TOKEN = "SCF_LISTMONK_URL", "SCF_LISTMONK_USER", "SCF_LISTMONK_TOKEN"
TIMEOUT = 60  # seconds


class SendError(Exception):
    """A reason the digest was not sent, in words for the person running `scf newsletter`."""


def smtp(url: str, msg: EmailMessage, sender: str, to: list[str]) -> None:
    """Send through `smtp://[user@]host:port` (STARTTLS when the server offers it) or
    `smtps://[user@]host:port` (TLS from the start). With a user, the password is read from
    SCF_SMTP_PASSWORD, and only ever sent over an encrypted connection."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise SendError(f"'{url}' is not an SMTP address: write it like smtp://mail.example.org:587 "
                        "(or smtps://user@mail.example.org:465)")
    user = unquote(parts.username) if parts.username else None
    password = os.environ.get(SMTP_PASSWORD)
    if user and not password:
        raise SendError(f"the SMTP user is {user} but {SMTP_PASSWORD} is not set: set it to the password")
    port = parts.port or (465 if parts.scheme == "smtps" else 587)
    context = ssl.create_default_context()
    try:
        if parts.scheme == "smtps":
            server: smtplib.SMTP = smtplib.SMTP_SSL(parts.hostname, port, timeout=TIMEOUT, context=context)
        else:
            server = smtplib.SMTP(parts.hostname, port, timeout=TIMEOUT)
        with server:
            server.ehlo()
            encrypted = parts.scheme == "smtps"
            if not encrypted and server.has_extn("starttls"):
                server.starttls(context=context)
                server.ehlo()
                encrypted = True
            if user:
                if not encrypted:
                    raise SendError(f"{parts.hostname} offers no STARTTLS: the password would be sent "
                                    "unencrypted, so nothing was sent. Use a server that offers it, or smtps://")
                server.login(user, password or "")
            refused = server.send_message(msg, from_addr=sender, to_addrs=to)
    except (OSError, smtplib.SMTPException) as error:
        raise SendError(f"the SMTP server {parts.hostname}:{port} did not take the message ({error})") from None
    if refused:
        raise SendError(f"the SMTP server refused: {', '.join(sorted(refused))}")


def listmonk_draft(base_url: str, lists: tuple[int, ...], subject: str, html: str, text: str,
                   sender: str) -> int:
    """Create a draft campaign in listmonk (POST /api/campaigns) and return its id.

    listmonk makes new campaigns as drafts: a person reads it there and presses Start.
    The address comes from SCF_LISTMONK_URL (default: where the sign-up form posts),
    the API user and token from SCF_LISTMONK_USER and SCF_LISTMONK_TOKEN.
    """
    base = (os.environ.get(LISTMONK_URL) or base_url).rstrip("/")
    user, token = os.environ.get(LISTMONK_USER), os.environ.get(LISTMONK_TOKEN)
    if not (user and token):
        raise SendError(f"set {LISTMONK_USER} and {LISTMONK_TOKEN} to a listmonk API user and its token "
                        "(listmonk: Admin > Users > API user)")
    if not lists:
        raise SendError("scf.yml has no 'list_ids' under 'newsletter:': write 'list_ids: [N]' with the "
                        "number of the list in listmonk that gets the newsletter")
    body = {"name": subject, "subject": subject, "lists": list(lists), "from_email": sender,
            "type": "regular", "content_type": "html", "messenger": "email", "body": html,
            "altbody": text, "tags": ["newsletter"]}
    credentials = base64.b64encode(f"{user}:{token}".encode()).decode()
    request = urllib.request.Request(f"{base}/api/campaigns", data=json.dumps(body).encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/json",
                                              "Authorization": f"Basic {credentials}"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as error:
        detail = error.read(500).decode("utf-8", "replace")
        raise SendError(f"listmonk at {base} answered {error.code}: {detail}") from None
    except (OSError, ValueError) as error:
        raise SendError(f"listmonk at {base} could not be reached ({error})") from None
    try:
        return int(answer["data"]["id"])
    except (KeyError, TypeError, ValueError):
        raise SendError(f"listmonk at {base} gave an answer without a campaign id: {str(answer)[:200]}") from None
