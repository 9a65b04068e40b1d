"""Which writing system each letter belongs to: the cheap, exact evidence for decoding and language."""

from __future__ import annotations

import re
import string
import threading
import unicodedata
from functools import lru_cache

ASCII_LETTERS = string.ascii_letters.encode("ascii")
ASCII = re.compile(r"[\x00-\x7f]+")
TABLE_SIZE = 65536  # characters remembered, as many as char_script's cache
FIRST_TAG = 0xF0000  # Supplementary Private Use Area-A: the tags never meet real text, only each other


class _ScriptTags(dict[int, str | None]):
    """A str.translate table: each character to one character standing for its script, or None (dropped) for a
    non-letter. Filled on first sight of a character; a lock keeps two threads from giving two scripts one tag."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: dict[str, str] = {}  # tag -> script
        self._tags: dict[str, str] = {}  # script -> tag
        self._lock = threading.Lock()

    def __missing__(self, code: int) -> str | None:
        script = char_script(chr(code))
        with self._lock:
            if len(self) >= TABLE_SIZE:
                self.clear()  # text in every script under the sun: start again rather than grow without bound
            if script is not None and script not in self._tags:
                self._tags[script] = tag = chr(FIRST_TAG + len(self._tags))
                self.scripts[tag] = script
            self[code] = tag = None if script is None else self._tags[script]
        return tag


SCRIPT_TAGS = _ScriptTags()


def script_counts(text: str) -> dict[str, int]:
    """Count the letters of each broad script in `text` (non-letters are ignored)."""
    # ASCII letters counted in C; the other characters turned into their scripts' tags in C, then each tag counted
    ascii_text = text.encode("ascii", "ignore")
    latin = len(ascii_text) - len(ascii_text.translate(None, ASCII_LETTERS))
    counts = {"latin": latin} if latin else {}
    if len(ascii_text) < len(text):
        tags = ASCII.sub("", text).translate(SCRIPT_TAGS)
        while tags:  # one round per script, in order of first occurrence: most text has one or two
            tag = tags[0]
            script = SCRIPT_TAGS.scripts[tag]
            counts[script] = counts.get(script, 0) + tags.count(tag)
            tags = tags.replace(tag, "")
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
