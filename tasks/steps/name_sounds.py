"""How a name sounds, roughly: the same key for "Trump" and "トランプ", so that a Japanese translation's katakana names
anchor an alignment as Latin-script names already do (tasks/steps/align.py).

A key is the first three consonants of the name, in classes that Japanese transcription cannot tell apart or
that English spelling varies on: l and r are dropped (katakana has one sound for both, and an English r after a
vowel is not transcribed), m and n are one class (ン stands for both before p and b), voiced and voiceless stops
are one class, and vowels, w, y and h are dropped. Keys collide now and then; an alignment only counts anchors
found on both sides of one document, weighted by how rare they are in it, so a collision costs little.
"""

from __future__ import annotations

import re
from functools import lru_cache

KEY_CONSONANTS = 3
MIN_CONSONANTS = 2  # a one-consonant key ("b") would match half the names of a document

_KATAKANA_CONSONANTS = {
    character: consonant
    for characters, consonant in (
        ("カキクケコガギグゲゴ", "k"),
        ("サシスセソザズゼゾ", "s"),
        ("ジ", "j"),
        ("チ", "c"),
        ("タテトツダヂヅデド", "t"),
        ("ナニヌネノンマミムメモ", "n"),
        ("フ", "f"),
        ("バビブベボヴ", "b"),
        ("パピプペポ", "p"),
    )
    for character in characters
}  # every other katakana (vowels, ya/yu/yo, ra-ro, wa, ha-ho, ー, ッ) adds no consonant
_SPELLINGS = (("sch", "s"), ("ch", "c"), ("sh", "s"), ("th", "s"), ("ph", "f"), ("gh", ""), ("ck", "k"), ("dg", "j"), ("x", "ks"))
_LATIN_CLASSES = str.maketrans(
    {**dict.fromkeys("aeiouywhlr", None), "c": "k", "q": "k", "g": "k", "z": "s", "v": "b", "d": "t", "m": "n"}
)
KATAKANA_WORD = re.compile("[\u30a1-\u30fa\u30fc]{2,}")
MEMO_NAMES = 65_536  # names (and katakana words) whose keys are remembered: they repeat within and across documents


@lru_cache(maxsize=MEMO_NAMES)
def latin_key(name: str) -> str | None:
    """The key of a Latin-script name, None when it has too few consonants to tell.

    >>> latin_key("Trump"), latin_key("Jones"), latin_key("Smith"), latin_key("Ali")
    ('$tnp', '$jns', '$sns', None)
    """
    spelled = name.lower()
    for spelling, sound in _SPELLINGS:
        spelled = spelled.replace(spelling, sound)
    return _key("".join(filter(str.isalpha, spelled.translate(_LATIN_CLASSES))))


def katakana_keys(text: str) -> set[str]:
    """The keys of the katakana words of a text.

    >>> sorted(katakana_keys("トランプ大統領とジョーンズ氏がスミス社を訪れた"))
    ['$jns', '$sns', '$tnp']
    """
    return set(filter(None, map(_katakana_key, KATAKANA_WORD.findall(text))))


@lru_cache(maxsize=MEMO_NAMES)
def _katakana_key(word: str) -> str | None:
    return _key("".join(_KATAKANA_CONSONANTS.get(character, "") for character in word))


def _key(consonants: str) -> str | None:
    collapsed = "".join(c for i, c in enumerate(consonants) if i == 0 or consonants[i - 1] != c)
    return "$" + collapsed[:KEY_CONSONANTS] if len(collapsed) >= MIN_CONSONANTS else None
