"""How common an English word is, from wordfreq's list, read without importing wordfreq.

Importing wordfreq costs 0.2 s of CPU (ftfy, langcodes, its tokenizer's patterns) in every
build and `scf check`, for lookups in one list. A word of the letters a to z is one token
to wordfreq, its own; so its value is read from the list's file, in the format wordfreq
documents (`wordfreq.read_cBpack`: gzipped msgpack, a header, then buckets of words, the
words of bucket i having the frequency 10^(-i/100)), and rounded as `wordfreq.zipf_frequency`
rounds it. Any other word is asked of wordfreq itself, imported then.
tests/test_easyread_lint.py compares the answers with wordfreq's for every word of the list.
"""
from __future__ import annotations

import gzip
import importlib.util
import math
import re
from functools import cache
from pathlib import Path

import msgpack  # wordfreq's own reader of its lists (installed with it)

_ONE_TOKEN = re.compile(r"[a-z]+")


@cache
def _buckets(wordlist: str) -> dict[str, int]:
    """word -> its bucket (its frequency in centibels below 1) in wordfreq's English `wordlist`."""
    spec = importlib.util.find_spec("wordfreq")  # finds the package without importing it
    assert spec is not None and spec.submodule_search_locations, "wordfreq is installed (pyproject.toml)"
    path = Path(next(iter(spec.submodule_search_locations)), "data", f"{wordlist}_en.msgpack.gz")
    with gzip.open(path, "rb") as packed:
        header, *buckets = msgpack.load(packed, raw=False)
    if header != {"format": "cB", "version": 1}:
        raise ValueError(f"{path}: not a word list wordfreq 3 writes (its header is {header!r})")
    return {word: index for index, bucket in enumerate(buckets) for word in bucket}


def zipf_frequency(word: str, wordlist: str) -> float:
    """`wordfreq.zipf_frequency(word, "en", wordlist=wordlist)`."""
    if not _ONE_TOKEN.fullmatch(word):
        from wordfreq import zipf_frequency as theirs  # the tokenizer's cases: imported when met

        return float(theirs(word, "en", wordlist=wordlist))
    bucket = _buckets(wordlist).get(word)
    if bucket is None:
        return 0.0
    frequency = 1.0 / (1.0 / 10 ** (-bucket / 100))  # wordfreq's sum over one token
    frequency = round(frequency, math.floor(-math.log(frequency, 10)) + 3)  # three significant digits
    return round(math.log(frequency, 10) + 9, 2)
