"""Which writing system each letter belongs to: the cheap, exact evidence for decoding and language."""

from __future__ import annotations

import re
import string
import threading
import unicodedata
from functools import lru_cache

ASCII_LETTERS = string.ascii_letters.encode("ascii")
ASCII = re.compile(r"[\x00-\x7f]+")
# The Basic Multilingual Plane: its characters' script tags are a list indexed by code point (a str.translate
# table that needs no hashing); the rare characters above it are looked up one by one.
TABLE_SIZE = 0x10000
# The letters of these ranges are CJK (every character of them that is a letter at all, alphabetic or
# numeric, is alphabetic: cjk_letter_class relies on it).
CJK_RANGES = {
    "han": ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF), (0x20000, 0x3134F)),
    "kana": ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9D)),
    # Jamo Extended-A and -B were Hangul by their Unicode names (below) before they were listed here
    "hangul": ((0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xD7B0, 0xD7FF)),
}
# Private Use Area: no letter in text, so an input character there is dropped and a tag in the output is a tag
FIRST_TAG = 0xE000


class _ScriptTags(list[str | None]):
    """A str.translate table: each character of the BMP to one character standing for its script, or None (dropped)
    for a non-letter. A list, not a dict: translating through it costs about half as much (no hashing, no
    `__missing__` check). Entries start as UNSEEN and are filled when their character is first met; a character
    above the BMP is beyond the list, so str.translate leaves it as it is. A lock keeps two threads from giving
    two scripts one tag."""

    def __init__(self) -> None:
        super().__init__([None] * 0x80 + [UNSEEN] * (TABLE_SIZE - 0x80))  # ASCII letters are counted apart
        self.scripts: dict[str, str] = {}  # tag -> script
        self._tags: dict[str, str] = {}  # script -> tag
        self._lock = threading.Lock()

    def learn(self, text: str) -> None:
        """Fill the entries of the characters of `text` not met before."""
        for char in set(text):
            code = ord(char)
            if code < TABLE_SIZE and self[code] is UNSEEN:
                self[code] = self.tag(char_script(char))

    def tag(self, script: str | None) -> str | None:
        if script is None:
            return None
        with self._lock:
            if script not in self._tags:
                self._tags[script] = chr(FIRST_TAG + len(self._tags))
                self.scripts[self._tags[script]] = script
            return self._tags[script]


# Stands for a character not met yet; no tag (they count up from FIRST_TAG) is ever this one.
UNSEEN = chr(0xF8FF)
SCRIPT_TAGS = _ScriptTags()


def script_counts(text: str) -> dict[str, int]:
    """Count the letters of each broad script in `text` (non-letters are ignored).

    >>> script_counts("美俄峰會 Summit, 2025 ソウル 서울 Москва")
    {'latin': 6, 'han': 4, 'kana': 3, 'hangul': 2, 'cyrillic': 6}
    >>> script_counts("2025-11-30, 10:00")
    {}
    """
    # ASCII letters counted in C; the other characters turned into their scripts' tags in C, then each tag counted
    ascii_text = text.encode("ascii", "ignore")
    latin = len(ascii_text) - len(ascii_text.translate(None, ASCII_LETTERS))
    counts = {"latin": latin} if latin else {}
    if len(ascii_text) < len(text):
        # mostly ASCII: the regex drops it faster than the table would
        rest = ASCII.sub("", text) if 2 * len(ascii_text) > len(text) else text
        tags = rest.translate(SCRIPT_TAGS)
        if UNSEEN in tags:  # characters met for the first time: their scripts are looked up once, for good
            SCRIPT_TAGS.learn(rest)
            tags = rest.translate(SCRIPT_TAGS)
        while tags:  # one round per script, in order of first occurrence: most text has one or two
            tag = tags[0]
            script = SCRIPT_TAGS.scripts.get(tag) or char_script(tag)  # not a tag: a character above the BMP, as it was
            if script is not None:
                counts[script] = counts.get(script, 0) + tags.count(tag)
            tags = tags.replace(tag, "")
    return counts


def cjk_letter_class() -> str:
    r"""The CJK ranges as a regex character class: a letter (`[^\W\d_]`) in it is what char_script calls CJK.

    >>> import re
    >>> re.findall(cjk_letter_class() + "+", "Seoul 서울, Tokyo 東京とうきょう")
    ['서울', '東京とうきょう']
    """
    return "[" + "".join(f"{chr(low)}-{chr(high)}" for ranges in CJK_RANGES.values() for low, high in ranges) + "]"


@lru_cache(maxsize=65536)
def char_script(char: str) -> str | None:
    """The broad script of one character, None for what is no letter.

    >>> [char_script(c) for c in "aé漢ア한ж7α"]
    ['latin', 'latin', 'han', 'kana', 'hangul', 'cyrillic', None, 'greek']
    """
    code = ord(char)
    if code < 0x80:
        return "latin" if char.isalpha() else None
    if not char.isalpha():
        return None
    for script, ranges in CJK_RANGES.items():
        if any(low <= code <= high for low, high in ranges):
            return script
    if 0x0400 <= code <= 0x052F:
        return "cyrillic"
    if code <= 0x024F or 0x1E00 <= code <= 0x1EFF:
        return "latin"
    return unicodedata.name(char, "other").split(" ")[0].lower()
