"""The symbol set easy read pictures come from: the Mulberry Symbols in data/symbols/mulberry/.

A row names a symbol by its name in the set's CSV: `![A family at home](symbol:family)`.
The catalogue reads the CSV once (never the 3,436 drawings) and answers: which names
exist, which the site can publish (the list the import recorded, UNPUBLISHABLE), which
symbols fit some words (`search`, for `scf symbols` and the editor's picker), which names
are closest to a mistyped one, where a symbol's file is and at which address the site
publishes it. Nothing else parses the CSV.
"""
from __future__ import annotations

import csv
import difflib
import gzip
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from .content_files import active_svg

SET = Path("data") / "symbols" / "mulberry"
PUBLIC = "assets/symbols/"  # where the build copies the symbols pages use
PREFIX = "symbol:"  # a row's picture `symbol:NAME`
SIZE = 96  # the width and height of a symbol on a page, in CSS pixels (they are square)
# The drawings the site's SVG check refuses, one name a line, written by scripts/symbols/import.py
# (the set is fixed in the repository, so they are found once, not in every build);
# tests/test_symbols.py checks the list against the check over the whole set.
UNPUBLISHABLE = "unpublishable.txt"

# Words that say nothing about a picture: "my family" looks for `family`.
_STOP = frozenset("a an and are as at be by for from he her his i in is it its me my of on or our she "
                  "so that the their them they this to us was we were what when who will with you your".split())
_WORD = re.compile(r"[a-z0-9]+")
# The same drawing is numbered and lettered for its variants: `care_assistant_1a`.
_VARIANT = re.compile(r"^(\d+[a-z]?|[a-z])$")


@dataclass(frozen=True)
class Symbol:
    name: str
    grammar: str  # "Noun", "Verb"...
    category: str  # "People Relationship"
    tags: tuple[str, ...]

    @cached_property
    def words(self) -> tuple[str, ...]:
        """The words of its name, without the variant numbers and the verbs' "to"."""
        return tuple(w for w in _WORD.findall(self.name.lower()) if w != "to" and not _VARIANT.match(w))

    # What the search compares, worked out once per symbol, not on every search (as
    # editor_symbol_search.js's `prepare`).
    @cached_property
    def name_stems(self) -> frozenset[str]:
        return frozenset(_stem(w) for w in self.words)

    @cached_property
    def tag_stems(self) -> frozenset[str]:
        return frozenset(_stem(t) for t in self.tags)

    @cached_property
    def category_words(self) -> frozenset[str]:
        return frozenset(words_of(self.category))


@dataclass(frozen=True)
class Match:
    name: str
    tags: tuple[str, ...]
    score: float


def svg_path(folder: Path, name: str) -> Path:
    return folder / "svg" / f"{name}.svg"


def refused_by_svg_check(folder: Path, names: Iterable[str]) -> list[str]:
    """The names whose drawing the site's SVG check refuses, read from every drawing (for the
    whole set, 33 MB and about 1.6 s of CPU): what the import records in UNPUBLISHABLE."""
    return sorted(n for n in names if active_svg(svg_path(folder, n).read_text(encoding="utf-8")))


def public_name(name: str) -> str:
    """The symbol's file name on the site: small letters, digits, `_` and `-` only.

    `talk_1_,_to` -> `talk_1-to.svg`; tests/test_symbols.py checks no two names meet.
    """
    return re.sub(r"[^a-z0-9_-]+", "-", name.lower().replace("_,_", "-")) + ".svg"


def words_of(text: str | Iterable[str]) -> list[str]:
    """The words that can name a picture, in small letters: "My family!" -> ["family"]."""
    if not isinstance(text, str):
        text = " ".join(text)
    return [w for w in _WORD.findall(text.lower().replace("_", " ")) if w not in _STOP]


def _stem(word: str) -> str:
    """A crude English stem, enough to meet plurals and verb forms: families, talking, workers -> famil, talk, work."""
    for end in ("ies", "ing", "ers", "er", "es", "ed", "s", "y"):
        if word.endswith(end) and len(word) - len(end) >= (4 if "r" in end else 3):
            return word[:-len(end)]
    return word


class Catalogue:
    """The symbols of the set, by name, read from its CSV once."""

    def __init__(self, folder: Path, symbols: list[Symbol], unpublishable: frozenset[str]):
        self.folder = folder
        self.by_name = {s.name: s for s in symbols}
        self.unpublishable = unpublishable
        self._lower = {s.name.lower(): s.name for s in symbols}
        self._weight: dict[str, int] = {}
        # How rare each stem is among the names and tags: "person" names many symbols, so it
        # says less than "speaking" (inverse document frequency).
        counts: dict[str, int] = {}
        for s in symbols:
            for stem in s.name_stems | s.tag_stems:
                counts[stem] = counts.get(stem, 0) + 1
        self._rarity = {stem: 1 + math.log(len(symbols) / n) for stem, n in counts.items()}
        # Which symbols a word or stem can score on (their order in the set): a search scores
        # only these, not all 3,436 (the easy read lint searches for every theme-icon row).
        self._holding: dict[str, list[int]] = {}
        for number, s in enumerate(symbols):
            for token in {*s.words, *s.name_stems, *s.tags, *s.tag_stems, *s.category_words}:
                self._holding.setdefault(token, []).append(number)
        self._symbols = symbols
        self._found: dict[tuple[tuple[str, ...], int], list[Match]] = {}  # a search's answer, kept

    @classmethod
    def load(cls, root: Path | str) -> Catalogue:
        folder = Path(root) / SET
        with (folder / "symbol-info-en.csv").open(encoding="utf-8", newline="") as f:
            symbols = [Symbol(row["symbol"], row["grammar"], row["category"], tuple(row["tags"].split()))
                       for row in csv.DictReader(f)]
        unpublishable = frozenset((folder / UNPUBLISHABLE).read_text(encoding="utf-8").split())
        return cls(folder, symbols, unpublishable)

    @property
    def names(self) -> list[str]:
        return list(self.by_name)

    def __contains__(self, name: object) -> bool:
        return name in self.by_name

    def svg_path(self, name: str) -> Path:
        return svg_path(self.folder, name)

    def public_path(self, name: str) -> str:
        """Its address in the site, from the site's root: `assets/symbols/family.svg`."""
        return PUBLIC + public_name(name)

    def weight(self, name: str) -> int:
        """Bytes the site sends for the symbol: its file gzip-compressed, as hosts serve it."""
        if name not in self._weight:
            self._weight[name] = len(gzip.compress(self.svg_path(name).read_bytes(), 6))
        return self._weight[name]

    def publishable(self, name: str) -> bool:
        """True for a symbol of the set, but for the few drawings the site's SVG check refuses
        (an embedded font or pattern; the import recorded them)."""
        return name in self.by_name and name not in self.unpublishable

    def search(self, words: str | Iterable[str], limit: int = 10) -> list[Match]:
        """The symbols that best fit the words, best first; only those the site can publish.

        A word in the name counts most, then in the tags, then in the category; whole words
        more than stems. Of equal scores the plainer drawing comes first (`family` before
        `family_2`), then the name in alphabetical order.
        """
        wanted = words_of(words)
        if not wanted:
            return []
        key = (tuple(wanted), limit)
        if key not in self._found:
            self._found[key] = self._search(wanted, limit)
        return list(self._found[key])

    def _search(self, wanted: list[str], limit: int) -> list[Match]:
        stems = [_stem(w) for w in wanted]
        candidates = sorted({n for token in (*wanted, *stems) for n in self._holding.get(token, ())})
        scored = []
        for symbol in (self._symbols[n] for n in candidates):
            score = self._score(symbol, wanted, stems, self._rarity)
            if score > 0:
                scored.append((-score, len(symbol.name), symbol.name.lower(), symbol))
        scored.sort(key=lambda s: s[:3])
        out = []
        for negative, _, _, symbol in scored:
            if self.publishable(symbol.name):
                out.append(Match(symbol.name, symbol.tags, -negative))
                if len(out) == limit:
                    break
        return out

    @staticmethod
    def _score(symbol: Symbol, wanted: list[str], stems: list[str], rarity: dict[str, float]) -> float:
        name = symbol.words
        score = 0.0
        for word, stem in zip(wanted, stems, strict=True):
            weight = rarity.get(stem, 1.0)
            if word in name:
                score += 4 * weight
            elif stem in symbol.name_stems:
                score += 3 * weight
            elif word in symbol.tags:
                score += 2 * weight
            elif stem in symbol.tag_stems:
                score += 1.5 * weight
            elif word in symbol.category_words:
                score += 1
        if score and name and all(w in wanted or _stem(w) in stems for w in name):
            score += 2  # the name says nothing the words do not: `family` for "my family"
        return round(score, 3)

    def closest(self, name: str, count: int = 3) -> list[str]:
        """The names most like an unknown one: by spelling first, then by its words."""
        found: list[str] = []
        exact = self._lower.get(name.lower())
        if exact:
            found.append(exact)
        lower_names = list(self._lower)
        for close in difflib.get_close_matches(name.lower(), lower_names, n=count, cutoff=0.6):
            if self._lower[close] not in found:
                found.append(self._lower[close])
        for match in self.search(name, limit=count * 2):
            if match.name not in found:
                found.append(match.name)
        if len(found) < count:  # nothing alike: the nearest spellings however far
            found += [self._lower[c] for c in difflib.get_close_matches(name.lower(), lower_names, n=count,
                                                                         cutoff=0) if self._lower[c] not in found]
        return found[:count]


@cache  # by the root as given: the lint asks for each row, and resolving it each time cost more than the rest
def catalogue(root: Path | str) -> Catalogue:
    """The project's catalogue, read once per process (builds under `./dev serve` share it).

    A project without the set (the tests' small sites) uses the one beside these hooks.
    """
    key = Path(root).resolve()
    if not (key / SET / "symbol-info-en.csv").is_file():
        key = Path(__file__).resolve().parents[3]
    return _load(key)


@cache
def _load(root: Path) -> Catalogue:
    return Catalogue.load(root)
