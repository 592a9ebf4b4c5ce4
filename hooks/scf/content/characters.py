"""Which characters a value or a body may hold: the rules the validator applies to every field.

Three classes of character are refused, each with its own message, wherever the schema
puts a value (scf.content.validate) and in every body (scf.content.body_rules):

- line breaks (CR, LF, VT, FF, NEL, U+2028, U+2029) in a one-line field: a title or a
  summary is one line in `<title>`, a listing, a feed, a calendar, an email and a share link;
- control characters (C0 and C1, DEL) in a one-line field, and the ones XML 1.0 forbids
  (C0 except tab, LF and CR; U+FFFE, U+FFFF; lone surrogates) in any value or body: feeds
  and calendars could not carry them;
- bidirectional controls (U+202A-E, U+2066-9, U+200E/F, U+061C) in a one-line field: an
  override in a title would reverse the rest of every line it is shown on. Right-to-left
  text displays correctly without them, so refusing them loses nothing.

Refused, not removed: an invisible character pasted from Word is best deleted by the
editor, who then sees exactly what is published.
"""
from __future__ import annotations

import re
import unicodedata

LINE_BREAKS = "\r\n\x0b\x0c\x85\u2028\u2029"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
# XML 1.0 (Fifth Edition) §2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | ...
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ONE_LINE_REFUSED = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{BIDI}\ud800-\udfff\ufffe\uffff]")

_NAMES = {"\r": "a line break (CR)", "\n": "a line break", "\x0b": "a line break (vertical tab, U+000B)",
          "\x0c": "a page break (form feed, U+000C)", "\x85": "a line break (NEL, U+0085)",
          "\u2028": "a line break (U+2028)", "\u2029": "a paragraph break (U+2029)", "\t": "a tab"}


def code(char: str) -> str:
    """U+202E, as the character is called in editors' search boxes."""
    return f"U+{ord(char):04X}"


def name(char: str) -> str:
    """What a refused character is, in words."""
    if char in _NAMES:
        return _NAMES[char]
    if char in BIDI:
        return f"an invisible text direction control ({code(char)} {unicodedata.name(char, '').lower()})"
    return f"an invisible control character ({code(char)})"


def shown(text: str, limit: int = 40) -> str:
    """`text` for a message: refused characters as <U+XXXX>, so the message stays one line."""
    text = _ONE_LINE_REFUSED.sub(lambda m: f"<{code(m.group())}>", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fix_for(char: str) -> str:
    if char in LINE_BREAKS:
        return "write it on one line: delete the line break (put quotes around the value if it is long)"
    if char in BIDI:
        return (f"delete the invisible {code(char)} (search for it, or retype the text): right-to-left "
                "words display correctly without it")
    if char == "\t":
        return "replace the tab with a space"
    return f"delete the invisible {code(char)}: it was probably pasted with the text (retype that part)"


def one_line(text: str) -> str:
    """`text` made one line for a place whose syntax is lines (a mailto subject): breaks and
    controls become spaces, direction controls go. Values are checked before they get here;
    this keeps such a place safe even for a value that was not."""
    text = _ONE_LINE_REFUSED.sub(lambda m: "" if m.group() in BIDI else " ", text)
    return " ".join(text.split())


def one_line_problem(text: str) -> tuple[str, str] | None:
    """(what is wrong, the fix) for a one-line value, or None when it is fine."""
    return _first(_ONE_LINE_REFUSED, text)


def text_problem(text: str) -> tuple[str, str] | None:
    """(what is wrong, the fix) for a value that may have several lines, or None."""
    return _first(XML_FORBIDDEN, text)


def _first(refused: re.Pattern[str], text: str) -> tuple[str, str] | None:
    found = refused.search(text)
    if not found:
        return None
    char = found.group()
    before = shown(text[: found.start()][-30:])
    return f"has {name(char)}" + (f" after '{before}'" if before else " at its start"), fix_for(char)
