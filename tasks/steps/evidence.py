"""Evidence a translation keeps that is not spelled as in English: per language, keys both sides of an alignment
share (tasks/steps/align.py counts a key only when both parts hold it, weighed by how rare it is in the document).

- Russian (Cyrillic): words transliterated to Latin letters and folded to a consonant skeleton, so that a name or a
  borrowed word and its English spelling agree: Македонии and Macedonia, референдуме and referendum (a word's key is
  its first five consonants in classes, four at least: a shorter key would match too many words of the other part).
"""

from __future__ import annotations

import re
from collections.abc import Callable

Evidence = Callable[[str], frozenset[str]]

SKELETON_CONSONANTS = 5  # a word's key: its first consonants (in classes), few enough to survive inflected endings
MIN_SKELETON = 4  # fewer consonants than this: too common a key (4, 5: best on bench/alignment.py's four draws)

# Cyrillic letters as the consonant classes of the skeleton (vowels, й, ь, ъ dropped): sounds English spells one way
# and Russian another share a class (g and h: Гарри and Harry; ф and ph; в and w)
_CYRILLIC = str.maketrans(
    {
        **dict.fromkeys("аеёиоуыэюяйьъ", None),
        "б": "b",
        "в": "v",
        "г": "k",
        "д": "d",
        "ж": "s",
        "з": "s",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "ф": "v",
        "х": "k",
        "ц": "s",
        "ч": "s",
        "ш": "s",
        "щ": "s",
    }
)
_ENGLISH_SPELLINGS = (("sch", "s"), ("ch", "s"), ("sh", "s"), ("th", "t"), ("ph", "f"), ("ck", "k"), ("x", "ks"), ("j", "ds"))
_LATIN = str.maketrans({**dict.fromkeys("aeiouy", None), "c": "k", "q": "k", "g": "k", "h": "k", "z": "s", "f": "v", "w": "v"})
CYRILLIC_WORD = re.compile("[\u0400-\u04ff]{4,}")
LATIN_WORD = re.compile("[A-Za-z]{4,}")
CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "mk", "sr-Cyrl", "kk"})


def cyrillic_skeletons(text: str) -> frozenset[str]:
    """The skeleton keys of a Cyrillic text's words.

    >>> sorted(cyrillic_skeletons("Референдум в Македонии, Мидсомер Нортон"))
    ['%mdsmr', '%mkdn', '%nrtn', '%rvrnd']
    """
    return frozenset(filter(None, (_skeleton(word.lower().translate(_CYRILLIC)) for word in CYRILLIC_WORD.findall(text))))


def latin_skeletons(text: str) -> frozenset[str]:
    """The skeleton keys of a Latin-script text's words, as cyrillic_skeletons folds Cyrillic ones.

    >>> sorted(latin_skeletons("The referendum in Macedonia, Midsomer Norton"))
    ['%mdsmr', '%mkdn', '%nrtn', '%rvrnd']
    """
    return frozenset(filter(None, (_latin_skeleton(word) for word in LATIN_WORD.findall(text))))


def _latin_skeleton(word: str) -> str | None:
    spelled = word.lower()
    for spelling, sound in _ENGLISH_SPELLINGS:
        spelled = spelled.replace(spelling, sound)
    return _skeleton(spelled.translate(_LATIN))


def _skeleton(consonants: str) -> str | None:
    collapsed = "".join(c for i, c in enumerate(consonants) if i == 0 or consonants[i - 1] != c)
    return "%" + collapsed[:SKELETON_CONSONANTS] if len(collapsed) >= MIN_SKELETON else None


def evidence_for(language: str, other: str) -> Evidence | None:
    """The evidence to look for in a part in `language` aligned with a part in `other`, None when there is none.

    >>> evidence_for("ru", "en") is cyrillic_skeletons, evidence_for("en", "ru") is latin_skeletons
    (True, True)
    >>> evidence_for("en", "fr") is None
    True
    """
    if language in CYRILLIC_LANGUAGES and other not in CYRILLIC_LANGUAGES:
        return cyrillic_skeletons
    if other in CYRILLIC_LANGUAGES and language not in CYRILLIC_LANGUAGES:
        return latin_skeletons
    return None
