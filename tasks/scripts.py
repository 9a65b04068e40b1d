"""Which writing system each letter belongs to: the cheap, exact evidence for decoding and language."""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter
from functools import lru_cache

ASCII_LETTERS = string.ascii_letters.encode("ascii")
ASCII = re.compile(r"[\x00-\x7f]+")


def script_counts(text: str) -> dict[str, int]:
    """Count the letters of each broad script in `text` (non-letters are ignored)."""
    # ASCII letters counted in C; each distinct other character looked up once, not each occurrence
    ascii_text = text.encode("ascii", "ignore")
    latin = len(ascii_text) - len(ascii_text.translate(None, ASCII_LETTERS))
    counts = {"latin": latin} if latin else {}
    if len(ascii_text) < len(text):
        for char, n in Counter(ASCII.sub("", text)).items():
            script = char_script(char)
            if script is not None:
                counts[script] = counts.get(script, 0) + n
    return counts


@lru_cache(maxsize=65536)
def char_script(char: str) -> str | None:
    code = ord(char)
    if code < 0x80:
        return "latin" if char.isalpha() else None
    if not char.isalpha():
        return None
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3134F:
        return "han"
    if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9D:
        return "kana"
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "hangul"
    if 0x0400 <= code <= 0x052F:
        return "cyrillic"
    if code <= 0x024F or 0x1E00 <= code <= 0x1EFF:
        return "latin"
    return unicodedata.name(char, "other").split(" ")[0].lower()
