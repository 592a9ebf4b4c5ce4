"""The word list (`data/glossary.yml`): hard words and their easy explanations.

The file is one `word: explanation` line per word. Easy read pages mark the words
they use and explain them in a "Words to know" box; the easy read lint does not
count them as uncommon.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import yamlfile
from .problems import Problem, about
from .schema import SCHEMAS
from .validate import validate


@dataclass(frozen=True)
class Word:
    word: str  # as written in the word list, e.g. "Social care"
    explanation: str
    pattern: re.Pattern[str]  # finds the word (or its plural) in text, any case

    @property
    def anchor(self) -> str:
        return "scf-word-" + re.sub(r"[^a-z0-9]+", "-", self.word.lower()).strip("-")


def _pattern(word: str) -> re.Pattern[str]:
    # A phrase may be split over lines; the last word may take a plural ending.
    words = [re.escape(w) for w in word.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?:s|es|'s|’s)?(?![\w-])", re.I)


def load_glossary(root: Path, name: str) -> tuple[list[Word], list[Problem]]:
    """The words, longest first (so "social care worker" wins over "social care")."""
    return about(name, _load, root, name)


def _load(root: Path, name: str) -> tuple[list[Word], list[Problem]]:
    if not (root / name).exists():
        return [], []  # no word list yet: nothing to explain
    text, problem = yamlfile.read_text(root, name)
    if problem:
        return [], [problem]
    loaded = yamlfile.load(name, text or "")
    data = loaded.data
    if data is None:
        return [], loaded.problems
    if not isinstance(data, dict):
        return [], [Problem(name, 1, "the word list must be lines of 'word: explanation'",
                            "write each hard word, a colon, then its easy explanation on one line")]
    # The schema's rules (one line, no control characters): the validator is the one place for
    # them. An empty explanation gets this file's own, more precise message instead.
    _, check = validate(SCHEMAS["data/glossary.yml"], data, name, loaded.lines, default_line=1)
    words, problems, seen = [], list(loaded.problems), set()
    refused = {p.line: p for p in check.problems}
    for key, explanation in data.items():
        word = str(key).strip().lstrip("#")
        line = loaded.lines.get((key,))
        if not isinstance(explanation, str) or not explanation.strip():
            problems.append(Problem(name, line, f"the word '{key}' has no explanation",
                                    f"write '{key}: an easy explanation in one or two short sentences'"))
            continue
        if line in refused:
            problems.append(refused.pop(line))
            continue
        if not re.search(r"\w", word):
            problems.append(Problem(name, line, f"'{key}' is not a word", "remove this line"))
            continue
        if word.lower() in seen:
            problems.append(Problem(name, line, f"the word '{word}' is listed twice", "keep one of them"))
            continue
        seen.add(word.lower())
        words.append(Word(word, " ".join(explanation.split()), _pattern(word)))
    words.sort(key=lambda w: (-len(w.word), w.word.lower()))
    return words, problems + [p for p in refused.values() if p.line not in {q.line for q in problems}]
