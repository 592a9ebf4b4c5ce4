"""The one slug function: new posts, the WordPress importer and the web editor all use it."""
from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not split into a base letter and an accent.
_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe",
                          "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d"})


def slugify(text: str) -> str:
    """Lower-case ASCII letters and digits joined by hyphens: 'Café society' -> 'cafe-society'."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_LETTERS)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
