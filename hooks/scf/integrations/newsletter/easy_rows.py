"""The easy read sign-up form's rows: each promise of the form beside a symbol that shows it.

Easy read pages show the form (overrides/partials/scf-newsletter.html) as rows like their
own, a picture beside each idea. The pictures are Mulberry symbols, named as in the set's CSV;
the build publishes them with the symbols the pages name and gives each row its address and
size. The words are the form's promises in easy words: what people get, how often, that the
address goes nowhere else and how to stop (UK PECR/GDPR consent).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    symbol: str  # a Mulberry symbol's name (data/symbols/mulberry/symbol-info-en.csv)
    alt: str  # what the picture shows, saying the idea it carries
    words: str  # the sentence beside it; "" for the last row, the link to the privacy page


ROWS = (
    Row("email_send_,_to", "A computer sending an email", "We send one email each month."),
    Row("homepage", "A computer screen showing our website", "It tells you what is new on our website."),
    Row("keep_,_to", "A box locked with a key: your email address stays with us",
        "We do not give your email address to anyone else."),
    Row("power_switch", "An off button: you can stop the emails",
        "You can stop the emails at any time. Every email has a link to stop them."),
    Row("protect_,_to", "A person looking after another person", ""),  # "How we look after your email address"
)


def symbols() -> list[str]:
    """The names of the symbols the form shows, for the build to publish."""
    return [row.symbol for row in ROWS]
