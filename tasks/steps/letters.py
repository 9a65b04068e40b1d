"""How likely a text is in each language: character bigram models that tell a right decoding from a wrong one.

A wrong single-byte code page still gives letters (KOI8-R read as cp1251 gives
Cyrillic, Czech cp1250 read as cp1252 gives "pøíštì"), so looking at scripts is
not enough: the letters must make the language's words. Each language has a
table of letter and letter-pair frequencies (letter_tables.json, about 7 KB a
language), derived by bench/letter_tables.py from the first half of the NTREX
news articles in ../shared; the second half is what tests and bench measure on.
The tables are counts, never text. For Chinese, Japanese and Korean, where half
of NTREX cannot show every common character, the national standards' common
levels (read from Python's own codecs) are a prior: a common character is
likelier than one outside them.

A decoding's score is its log-likelihood under the best of its code page's
languages: comparable across code pages, because the same bytes are explained
either way.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import repeat
from operator import add, mul
from pathlib import Path
from typing import overload

TABLES = Path(__file__).with_name("letter_tables.json")

UNSEEN = math.log(1e-7)  # a character the language's table has never seen
# Curly quotes, dashes and € (the Windows code pages have them at 0x80-0x9F): news prints them in every language, but
# NTREX's translators did not (no table has €, Russian's has “ once in 20,000 characters and never ”). Each is
# counted at least as often as the tables that print quotes do (about 10^-2.7): else a code page that reads them as
# letters wins (cp1251's € “ ” read as MacCyrillic's И У Ф). (… † ‰ • left out: CJK read as cp1252 is full of them.)
TYPOGRAPHY = "‘’“”„–—€"
TYPOGRAPHY_FLOOR = math.log(1e-3)
PRIOR_WEIGHT = 0.5  # pseudo-count of each character of a CJK language's common repertoire
OUT_OF_PLACE = math.log(1e-3)  # a wrong code page's capitals and symbols land inside words (`out_of_place`)
BACKOFF = 10.0  # how fast a context's own continuations outweigh plain letter frequencies (Witten-Bell style)
# A capital letter after a small one: the lookbehind is tried only where the character class already matched.
MID_WORD_CAPITAL_RE = re.compile(r"[A-ZÀ-ÞΑ-ΩА-ЯЀ-Џ](?<=[a-zß-ÿα-ωа-яѐ-џ][A-ZÀ-ÞΑ-ΩА-ЯЀ-Џ])")
# A Latin-1 symbol between two letters: ISO-8859-2's ž š ł ą read as cp1252 (¾ ¹ ³ ±), never written so. (´ ¨ ¸ left
# out: both code pages have them, and ´ stands for an apostrophe in some texts.)
MID_WORD_SYMBOL_RE = re.compile(r"[¢£¤¥¦©¬®¯°±²³¹¼½¾×÷](?<=[^\W\d_].)(?=[^\W\d_])")
# A Cyrillic or Greek letter right before a digit: MacCyrillic's reading of cp1251's € ("И25"); text writes "5-й", "Ту-154"
LETTER_DIGIT_RE = re.compile(r"[Α-ωА-яЀ-џ](?=\d)")

# Letters legacy code pages lack, as pages in them wrote them: Romanian ș ț (cp1250 has ş ţ), Persian ی ک
# (cp1256 has the Arabic ي ك). Counting both as one lets one table serve old and new pages.
LEGACY_LETTERS = (("ș", "ş"), ("ț", "ţ"), ("ی", "ي"), ("ک", "ك"))

# Cut-down combinations cp1258 (Vietnamese Windows) writes as a base letter plus combining tone marks.
CP1258_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def fold(text: str) -> str:
    """The form tables are counted in: lower case, every whitespace a space, letters as legacy code pages wrote them.

    >>> fold("Москва\\tТОКИО")
    'москва токио'
    """
    text = text.lower().replace("\r", " ").replace("\n", " ").replace("\t", " ")
    for modern, legacy in LEGACY_LETTERS:  # str.replace, not str.translate: ten times faster on non-ASCII text
        text = text.replace(modern, legacy)
    return text


@dataclass(frozen=True)
class LanguageModel:
    """Log-probabilities of one language's characters and of each character after another."""

    language: str
    unigram: dict[str, float]
    bigram: dict[str, float]  # "ab" -> log P(b | a), for the pairs the table keeps
    backoff: dict[str, float]  # a -> log of the weight left to plain frequencies after a

    @overload
    def log_likelihood(self, pairs: Mapping[str, int]) -> float: ...  # no floor: the tables are finite, so is the sum
    @overload
    def log_likelihood(self, pairs: Mapping[str, int], floor: float) -> float | None: ...
    def log_likelihood(self, pairs: Mapping[str, int], floor: float = -math.inf) -> float | None:
        """Log-probability of a folded text given as its character-pair counts.

        None as soon as the sum so far is at or below `floor`: every term is a count times a log-probability,
        never above 0 (`never_positive`), so the rest can only lower it.

        >>> model = models()["fr"]
        >>> pairs = pair_counts(fold("Le café est chaud"))
        >>> model.log_likelihood(pairs) < -20, model.log_likelihood(pairs, floor=-20.0)
        (True, None)
        """
        unigram, backoff = self.unigram, self.backoff
        total = 0.0
        # the table's lookups in C (map); a Python step only for the pairs it lacks, summed in the same order
        for pair, count, logp in zip(pairs, pairs.values(), map(self.bigram.get, pairs), strict=True):
            if total <= floor:
                return None
            if logp is None:
                logp = backoff.get(pair[0], 0.0) + unigram.get(pair[1], UNSEEN)
            total += count * logp
        return total if total > floor else None

    def ceiling(self, folded: str) -> float:
        """A bound no reading of this folded text's pairs can score above (`log_likelihood`, in a sum that only falls).

        Each pair scores at most the best its second character gets after any character: the text's characters
        and the closing space, each counted with that best.

        >>> model = models()["fr"]
        >>> model.ceiling("le café") >= model.log_likelihood(pair_counts("le café"))
        True
        """
        counts = Counter(folded)
        counts[" "] += 1
        best = self._best_after_any
        return sum(map(mul, counts.values(), map(best.get, counts, repeat(UNSEEN))))

    @cached_property
    def _best_after_any(self) -> dict[str, float]:
        # a pair the table lacks backs off to the character's own frequency plus a backoff weight at most 0
        best = dict(self.unigram)
        for pair, logp in self.bigram.items():
            if logp > best.get(pair[1], UNSEEN):
                best[pair[1]] = logp
        return best

    def never_positive(self) -> bool:
        """Whether every log-probability the model gives is at most 0: what lets a sum stop at a floor."""
        tables = (self.bigram.values(), self.backoff.values(), self.unigram.values())
        return UNSEEN <= 0 and all(max(table, default=0.0) <= 0 for table in tables)

    def letter_likelihood(self, chars: Mapping[str, int]) -> float:
        """Log-probability of a folded text's characters alone: a cheap first ranking of candidate decodings."""
        return sum(map(mul, chars.values(), map(self.unigram.get, chars, repeat(UNSEEN))))  # in C: every candidate pays it

    def knows(self, char: str) -> bool:
        return char in self.unigram


def log_likelihood(text: str, language: str) -> float:
    """Log-probability of `text` under one language's letter model (higher is likelier).

    >>> log_likelihood("Привет, как дела?", "ru") > log_likelihood("Ïðèâåò, êàê äåëà?", "ru")
    True
    """
    return models()[language].log_likelihood(pair_counts(fold(text))) + OUT_OF_PLACE * out_of_place(text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def pair_counts(folded: str) -> Counter[str]:
    """Adjacent character pairs, each as a two-character string, the text's ends counted as spaces (as in the tables).

    >>> sorted(pair_counts("abab").items())
    [(' a', 1), ('ab', 2), ('b ', 1), ('ba', 1)]
    """
    padded = f" {folded} "
    return Counter(map(add, padded[:-1], padded[1:]))


def out_of_place(text: str) -> int:
    """Capital letters right after a small letter ("днЯ"), symbols between two letters ("pou¾ít") and Cyrillic or Greek
    letters glued to a number ("И25"): where a wrong code page puts its capitals, letters and currency signs.

    >>> out_of_place("Москва днЯ iPhone pou¾ít 20°C И25 5-й")
    4
    """
    return len(MID_WORD_CAPITAL_RE.findall(text)) + len(MID_WORD_SYMBOL_RE.findall(text)) + len(LETTER_DIGIT_RE.findall(text))


@cache
def models() -> dict[str, LanguageModel]:
    tables = json.loads(TABLES.read_text(encoding="utf-8"))
    return {language: _model(language, table) for language, table in tables["languages"].items()}


@cache
def codec_languages() -> dict[str, tuple[str, ...]]:
    """For each legacy codec, the languages whose text it can hold (computed when the tables are built)."""
    tables = json.loads(TABLES.read_text(encoding="utf-8"))
    return {codec: tuple(languages) for codec, languages in tables["codecs"].items()}


def _model(language: str, table: dict) -> LanguageModel:
    counts: dict[str, float] = dict(zip(table["chars"], table["counts"], strict=True))
    for char in common_repertoire(language):
        counts[char] = counts.get(char, 0.0) + PRIOR_WEIGHT
    total = sum(counts.values())
    unigram = {char: math.log(count / total) for char, count in counts.items()}
    for char in TYPOGRAPHY:
        unigram[char] = max(unigram.get(char, UNSEEN), TYPOGRAPHY_FLOOR)
    # Witten-Bell: after a character seen n times with d different followers, d / (n + d) is left to plain frequencies.
    followers: Counter[str] = Counter(pair[0] for pair in table["pairs"])
    seen = dict(zip(table["chars"], table["counts"], strict=True))
    seen.update({first: seen.get(first, 0) + 1 for first in followers if first not in seen})
    backoff, bigram = {}, {}
    for first, distinct in followers.items():
        weight = BACKOFF * distinct
        backoff[first] = math.log(weight / (seen[first] + weight))
    for pair, count in zip(table["pairs"], table["pair_counts"], strict=True):
        first = pair[0]
        weight = BACKOFF * followers[first]
        own = count / (seen[first] + weight)
        bigram[pair] = math.log(own + math.exp(backoff[first] + unigram.get(pair[1], UNSEEN)))
    return LanguageModel(language, unigram, bigram, backoff)


# Lead and trail byte ranges of each standard's common level, decoded by Python's own codecs.
_COMMON_LEVELS: dict[str, tuple[str, range, list[int]]] = {
    "zh-Hans": ("gb2312", range(0xB0, 0xF8), list(range(0xA1, 0xFF))),  # GB 2312 levels 1 and 2
    "zh-Hant": ("big5", range(0xA4, 0xFA), [*range(0x40, 0x7F), *range(0xA1, 0xFF)]),  # Big5 levels 1 and 2
    "ja": ("euc_jp", range(0xA4, 0xD0), list(range(0xA1, 0xFF))),  # kana and JIS X 0208 level 1
    "ko": ("euc_kr", range(0xB0, 0xC9), list(range(0xA1, 0xFF))),  # KS X 1001 Hangul
}


CJK = frozenset(_COMMON_LEVELS)


@cache
def common_repertoire(language: str) -> frozenset[str]:
    """The characters of a CJK language's national standard's common level (empty for other languages).

    >>> "中" in common_repertoire("zh-Hans"), "中" in common_repertoire("fr")
    (True, False)
    """
    if language not in _COMMON_LEVELS:
        return frozenset()
    codec, leads, trails = _COMMON_LEVELS[language]
    chars = set()
    for lead in leads:
        for trail in trails:
            try:
                chars.add(bytes((lead, trail)).decode(codec))
            except UnicodeDecodeError:
                continue
    return frozenset(c for c in chars if unicodedata.category(c)[0] == "L")


def to_cp1258(text: str) -> str:
    """Vietnamese as cp1258 holds it: precomposed letters cp1258 has, plus combining tone marks.

    cp1258 has â ê ô ơ ư ă đ but not their toned forms, so "ế" is written "ê" + U+0301;
    decoding gives that form back, and NFC makes it "ế" again.

    >>> to_cp1258("ế")
    'ê\u0301'
    >>> unicodedata.normalize("NFC", to_cp1258("Tiếng Việt").encode("cp1258").decode("cp1258"))
    'Tiếng Việt'
    """
    out = []
    for char in unicodedata.normalize("NFC", text):
        if _in_cp1258(char):
            out.append(char)
            continue
        base, *marks = list(unicodedata.normalize("NFD", char))
        tones = [mark for mark in marks if mark in CP1258_TONES]
        rest = "".join(mark for mark in marks if mark not in CP1258_TONES)
        out.append(unicodedata.normalize("NFC", base + rest) + "".join(tones))
    return "".join(out)


def _in_cp1258(char: str) -> bool:
    try:
        char.encode("cp1258")
    except UnicodeEncodeError:
        return False
    return True
