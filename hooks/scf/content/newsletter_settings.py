"""The `newsletter:` block of scf.yml: which email provider the sign-up form posts to.

Each provider takes a plain HTML form post (no script of theirs runs on our pages); they
differ in the names of the fields and in the hidden fields that say which list to join.
A mistake is reported as `scf.yml:LINE: what. Fix: how.` like every other setting.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from scf.content.problems import Block

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_FIELD_NAME = re.compile(r"^[A-Za-z0-9_\-\[\]]+$")
_MAILCHIMP_ID = re.compile(r"^[0-9a-f]{6,32}$")


@dataclass(frozen=True)
class Provider:
    email_field: str  # the name their form handler reads the address from
    processor: str  # who handles subscribers' addresses for us, as the privacy page names them
    example: str  # a form_action, for messages
    settings: tuple[str, ...] = ()  # settings only this provider takes


PROVIDERS = {
    "buttondown": Provider("email", "Buttondown", "https://buttondown.com/api/emails/embed-subscribe/NAME"),
    "mailchimp": Provider("EMAIL", "Mailchimp (Intuit)", "https://NAME.us1.list-manage.com/subscribe/post",
                          ("u", "id", "bot_field")),
    "listmonk": Provider("email", "", "https://lists.example.org/subscription/form",
                         ("list_uuids", "list_ids")),
}


@dataclass(frozen=True)
class Newsletter:
    provider: str
    form_action: str
    email_field: str
    processor: str  # named on the privacy page as the processor of subscribers' addresses
    hidden: tuple[tuple[str, str], ...] = ()  # (name, value) posted with every sign-up
    honeypot: str | None = None  # a field people never see; the provider drops sign-ups that fill it
    archive: bool = False  # publish each month's digest under /newsletter/
    from_address: str | None = None  # the digest's sender, when `scf newsletter` is not given --from
    list_ids: tuple[int, ...] = ()  # listmonk: the lists a draft campaign goes to

    @property
    def origin(self) -> str:
        """Where the form posts: the one origin besides ours that the CSP's form-action allows."""
        parts = urlsplit(self.form_action)
        return f"{parts.scheme}://{parts.netloc}"


def check(block: Block) -> Newsletter | None:
    """The newsletter settings (the check of the schema's `newsletter` field), or None when the
    block has a problem. What each provider needs is said here, before the schema's own checks
    (`block.values()`), which then say nothing more of the keys spoken of here."""
    raw = block.raw

    def add(key: str | None, message: str, fix: str, about: str | None = None) -> None:
        block.add(key, f"newsletter: {message}", fix, about)

    if not isinstance(raw, dict):
        add(None, "the 'newsletter' setting must be a set of 'name: value' lines",
            f"write 'newsletter:' then, indented below it, 'provider: buttondown' and "
            f"'form_action: {PROVIDERS['buttondown'].example}'; or remove 'newsletter:' for no sign-up form")
        return None
    name = raw.get("provider")
    provider = PROVIDERS.get(name) if isinstance(name, str) else None
    if provider is None or not isinstance(name, str):
        guess = difflib.get_close_matches(str(name), list(PROVIDERS), n=1) if name else []
        hint = f"did you mean '{guess[0]}'? " if guess else ""
        what = f"unknown provider '{name}'" if name else "no 'provider' is given"
        add("provider" if name else None, what, f"{hint}write 'provider: ' and one of: {', '.join(PROVIDERS)}",
            "provider")
        block.values()
        return None
    _unknown(block, name, provider, add)

    def text(key: str, default: str | None = None) -> str | None:
        value = raw.get(key)
        if value is None or value == "":
            return default
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            add(key, f"'{key}' must be one line of text", f"write '{key}: ...' with the value on the same line")
            return default
        return str(value).strip()

    action = _form_action(text("form_action"), provider, add)
    email_field = text("email_field", provider.email_field) or provider.email_field
    if not _FIELD_NAME.match(email_field):
        add("email_field", f"'email_field' is not a form field name: '{email_field}'",
            f"leave it out to use '{provider.email_field}', or copy the name= of the provider's email box")
    processor = text("processor", provider.processor)
    if not processor:
        add(None, "no 'processor' is given: the privacy page must say who holds subscribers' addresses",
            "write 'processor: ' and the name of the organisation that runs your listmonk server", "processor")
    archive = raw.get("archive", False)
    if not isinstance(archive, bool):
        add("archive", f"'archive' must be true or false, not '{archive}'", "write 'archive: true' or 'archive: false'")
        archive = False
    sender = text("from_address")
    if sender and not re.match(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$", sender):
        add("from_address", f"'from_address' is not an email address: '{sender}'",
            "write it like 'from_address: news@example.org'")
    hidden, honeypot, list_ids = _provider_fields(name, raw, text, add)
    if block.values() is None or not action:
        return None
    return Newsletter(name, action, email_field, processor or "", tuple(hidden), honeypot, archive,
                      sender, tuple(list_ids))


def _unknown(block: Block, name: str, provider: Provider, add: Callable[..., None]) -> None:
    """A key of another provider, or of none: the schema's fields are every provider's."""
    others = {key for spec in PROVIDERS.values() for key in spec.settings}
    allowed = [key for key in block.names if key not in others] + list(provider.settings)
    for key in block.raw:
        if key in allowed:
            continue
        owner = next((p for p, spec in PROVIDERS.items() if key in spec.settings), None)
        if owner:
            add(key, f"'{key}' is a {owner} setting, but the provider is {name}", f"remove the '{key}' line")
        else:
            guess = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"did you mean '{guess[0]}'? " if guess else ""
            add(key, f"unknown newsletter setting '{key}'",
                f"{hint}the newsletter settings for {name} are: {', '.join(allowed)}")


def _form_action(action: str | None, provider: Provider, add: Callable[..., None]) -> str | None:
    if not action:
        add(None, "no 'form_action' is given",
            f"copy the address the provider's embedded form posts to, like 'form_action: {provider.example}'",
            "form_action")
        return None
    parts = urlsplit(action)
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        add("form_action", f"'form_action' must be a full https:// address, not '{action}'",
            f"copy it from the provider's embedded form, like '{provider.example}'")
        return None
    if parts.query or parts.fragment:
        add("form_action", "'form_action' must not have a '?' part",
            "remove it from the address; for Mailchimp, put the u= and id= values in the 'u' and "
            "'id' settings")
        return None
    return action


def _provider_fields(name: str, raw: dict[str, Any], text: Callable[..., str | None], add: Callable[..., None]
                     ) -> tuple[list[tuple[str, str]], str | None, list[int]]:
    """(hidden fields, honeypot field, listmonk list ids) for this provider."""
    if name == "buttondown":
        return [("embed", "1")], None, []  # embed=1: Buttondown answers with its own short page
    if name == "mailchimp":
        u, list_id = text("u"), text("id")
        for key, value in (("u", u), ("id", list_id)):
            if not value:
                add(None, f"Mailchimp needs '{key}'",
                    f"copy the {key}= value from the address in Mailchimp's embedded form into '{key}: ...'", key)
            elif not _MAILCHIMP_ID.match(value):
                add(key, f"'{key}' is not a Mailchimp id: '{value}'",
                    f"copy the {key}= value (letters a-f and digits) from Mailchimp's embedded form")
        # Mailchimp's forms carry a text box named b_<u>_<id> that people never see; bots fill it.
        bot = text("bot_field", f"b_{u}_{list_id}")
        return [("u", u or ""), ("id", list_id or "")], bot, []
    uuids = raw.get("list_uuids")
    if isinstance(uuids, str):
        uuids = [uuids]
    if not uuids:
        add(None, "listmonk needs 'list_uuids', the lists people join",
            "write 'list_uuids: [UUID]' with the UUID shown on the list's page in listmonk", "list_uuids")
        uuids = []
    elif not isinstance(uuids, list) or not all(isinstance(u, str) and _UUID.match(u.strip()) for u in uuids):
        add("list_uuids", "'list_uuids' must be a list of list UUIDs like 2c1f4c2e-5d8a-4b7e-9f2a-0c1d2e3f4a5b",
            "copy each UUID from the list's page in listmonk: 'list_uuids: [UUID]'")
        uuids = []
    ids = raw.get("list_ids", [])
    if isinstance(ids, int) and not isinstance(ids, bool):
        ids = [ids]
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) and i > 0 for i in ids):
        add("list_ids", "'list_ids' must be a list of listmonk list numbers",
            "write 'list_ids: [3]' with the ID shown in listmonk's list of lists")
        ids = []
    # `l` is the field listmonk's form handler reads list UUIDs from; `nonce` its honeypot.
    return [("l", u.strip()) for u in uuids], "nonce", ids
