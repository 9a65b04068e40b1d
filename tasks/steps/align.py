"""Align the language parts of one document: paragraphs by dynamic programming, then sentences within each pair.

A bilingual reprint holds a translation and its original as two parts (tasks/steps/parts.py). Their paragraphs
are aligned as Gale and Church aligned sentences: a dynamic programme over 1-1, 1-2, 2-1, 1-3, 3-1, 1-0 and 0-1
links, each link costing how unlikely its two sides' lengths are under a per-language length model (characters
of the language per character of English, and the variance of that, calibrated on NTREX-128 by
bench/alignment.py --calibrate and shipped as align_lengths.json), plus how well the anchors both sides share
agree: numbers, Latin-script names and acronyms (inside CJK text too), quotations and list markers. Only anchors
found somewhere in both parts count, so German nouns or a Chinese date's month do not count against a link.
Then the sentences of every aligned paragraph pair are aligned the same way. No model is loaded (between English and
Chinese or Japanese, a dictionary: what the words mean, tasks/steps/lexicon.py): the cost of a document is a few
milliseconds (docs/alignment.md).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain, combinations
from pathlib import Path
from typing import NamedTuple

import numpy as np

from tasks.model import AlignedUnit, Part
from tasks.steps.evidence import Evidence, evidence_for
from tasks.steps.lexicon import has_lexicon, lexical_keys
from tasks.steps.merge_evidence import (
    ESTRANGED_COST,
    FOREIGN_MERGE_COST,
    FOREIGN_SKIP_DISCOUNT,
    STRANGER_COST,
    absorbed,
    absorbed_table,
    estranged,
    foreigners,
    stranger_counts,
    stranger_tables,
    strangers,
)
from tasks.steps.name_sounds import katakana_keys, latin_key
from tasks.steps.paragraphs import ABBREVIATION, SENTENCE_END
from tasks.steps.sentence_model import (
    CLOSING_QUOTES,
    IN_ORDER_DEVIATIONS,
    QUOTATIVE_PARTICLES,
    link_cost_overrides,
    pairs_sentences_in_order,
    sentence_count_scale,
    sentence_variance_scale,
)
from tasks.steps.structure import ends_a_sentence

METHOD = "gale-church+anchors/9"  # the `method` column: change it when the model or its costs change

# Per language: (characters per character of English, variance of a part's length per character of English, in
# English characters), from bench/alignment.py --calibrate on half the NTREX-128 articles.
LENGTH_MODEL: dict[str, tuple[float, float]] = {
    language: (ratio, variance)
    for language, (ratio, variance) in json.loads(Path(__file__).with_name("align_lengths.json").read_text()).items()
}
UNKNOWN_LANGUAGE_MODEL = (1.0, 0.35)  # a language not calibrated: English-like length, a loose variance

# -log of how often each kind of link is expected (Gale-Church's priors, with more room for dropped and merged
# paragraphs, which reprints have): a 1-0 or 0-1 link pays its prior plus SKIP_COST per English character skipped.
# In the order the dynamic programme tries them: the cheap and likely first, so that the others can often be
# ruled out before their anchors are compared.
LINK_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.8,
    (1, 0): 0.06,
    (0, 1): 0.06,
    (1, 2): 0.02,
    (2, 1): 0.02,
    (1, 3): 0.0025,
    (3, 1): 0.0025,
}
LINK_COSTS = {link: -math.log(prior) for link, prior in LINK_PRIORS.items()}
EDGE_SKIP_DISCOUNT = 1.5  # a trailing notice or byline in a language the notices step does not know
SKIP_COST = 0.01  # per English character left without a partner: a heading is cheap to skip, a long paragraph not
# More to leave out a unit whose only anchors both parts hold are what words mean ("&" keys), a name or number costing
# ANCHOR_WEIGHT / 2 (bench/alignment.py paragraph F1, against none: en-ja .948 -> .948 default draw, .930 -> .937 seed 1,
# .936 -> .939 seed 2, .938 -> .942 --all; en-zh-Hans .969 -> .973, en-ko .952 -> .955 default; 0.25 and 0.75 gained less)
MEANING_SKIP_COST = 0.5
ANCHOR_WEIGHT = 4.0  # cost between anchors that all disagree and anchors that all agree
# A word's meaning ("&" keys of tasks/steps/lexicon.py, English with Chinese) weighs this much of a name or number
# (bench/alignment.py, zh-Hant/zh-Hans paragraph F1, default draw, 2-4-character headwords: 0.25 .952/.956, 0.5 .963/.970,
# 1.0 .963/.966)
LEXICAL_WEIGHT = 0.5
# Keys that weigh LEXICAL_WEIGHT: a word's meaning ("&"), and how a name sounds ("$", name_sounds.py: three consonants
# in classes, which unrelated names share, Martin and インドネシア; en-ja paragraph F1 .940 -> .948 default draw,
# .930 seed 1, .932 -> .936 seed 2, .937 -> .938 --all; 0.35-0.75 each gained less). Korean words' consonant keys
# (evidence.py) are "&" keys too, weak for the same reason: as full names en-ko fell .955 -> .946 on the default draw,
# .914 -> .908 seed 1, .937 -> .931 seed 2, .942 -> .940 --all
WEAK_KEYS = "&$"
MEANING_KEYS = "&"  # keys that make a unit no dearer to leave out than MEANING_SKIP_COST (_skip_cost, _link_costs)
HEADING_CHARS = 120  # at most this long, and no sentence mark at its end: a heading (looks_like_heading)
HEADING_SKIP_DISCOUNT = 0.75  # off leaving a heading without a partner: one a reprint inserted relates to neither neighbour
HEADING_MERGE_COST = 4.0  # per heading in a 2-1 or 1-2 link: translations keep headings apart from the text
SENTENCE_COUNT_COST = 1.5  # per sentence more on one side of a paragraph link than on the other
ROBUST_FROM = 2.0  # standard deviations of length difference up to which the normal model holds
ROBUST_SLOPE = 0.35  # cost per standard deviation beyond it
MAX_LENGTH_COST = 50.0
SQRT2 = math.sqrt(2)  # a length so far off costs this much: enough to lose to any other way, finite for the score
# Links are looked for within a band around the diagonal: this many units either side of it, beyond the difference of
# the two parts' lengths (the whole table gives the same links on bench/alignment.py, 3 changes a few of --all)
BAND = 4

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# a run of digits with the separators in and after it, which are dropped: 3,000 and 3000 alike
DIGIT_RUN = re.compile(r"\d[\d.,]*")
ASCII_DIGIT_RUN = re.compile(r"[0-9][0-9.,]*")  # the same in ASCII text, where \d is 0-9: a range, cheaper than \d's test
COGNATE_PREFIX = 5  # words of Latin-script languages that begin alike are often cognates: referendum, référendum
# Each regular expression finds only what it keeps (a loop over every word in Python would cost more than them).
# (the look-behind after the capital, so that the search skips to capitals: half the time, the same matches)
NAME = re.compile(r"[A-Z](?<![A-Za-z0-9][A-Z])(?:[A-Za-z0-9&'\-]*[A-Za-z0-9])?")
# (the first letters of a run of letters as its group, the rest of the run consumed: a run of fewer letters fails at
# each of its letters and the scan moves on, so only a run's start matches, without a look-behind at every character)
# (matched in lower-cased text: a-z only; the rest of the run possessive, as nothing follows it: a tenth less time)
WORD_START = re.compile(rf"([a-z]{{{COGNATE_PREFIX}}})[a-z]*+")
# The same prefixes as keys, in a text whose every character but a letter a to z is "~" (_letters_only): a "~" and the
# run's first letters. The scan skips to the "~"s, and the keys need no "~" added (a quarter less time than WORD_START)
COGNATE_KEY = re.compile(rf"~[a-z]{{{COGNATE_PREFIX}}}")
# Bytes to _letters_only's: a to z kept, A to Z lower-cased, every other byte "~" (the "?" a character beyond ASCII
# is encoded as too)
_LETTERS_ONLY = bytes(byte + 32 if 65 <= byte <= 90 else byte if 97 <= byte <= 122 else 126 for byte in range(256))
LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
LETTER = re.compile(r"[^\W\d_]")
WIDE = re.compile("[\uff01-\uff5e]")
ACCENTED = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")
WIDE_OR_ACCENTED = re.compile("[\u00c0-\u024f\u1e00-\u1eff\uff01-\uff5e]")  # neither: one scan, not two
COMBINING_MARKS = re.compile("[\u0300-\u036f]")
QUOTES = re.compile('["“”„«»「」『』]')
LIST_MARKER = re.compile(r"^\s*(?:[-*•·▪●–]|\(?\d{1,2}[.)、]|[a-z][.)])\s*")
# The calibrated languages (align_lengths.json): whether each is written in Latin script
# fmt: off
LATIN_SCRIPT_LANGUAGES = frozenset({
    "ca", "cs", "da", "de", "en", "es", "et", "fi", "fr", "hr", "hu", "id", "it", "lt", "lv", "nb", "nl", "pl", "pt", "ro",
    "sk", "sl", "sv", "tr", "vi",
})
OTHER_SCRIPT_LANGUAGES = frozenset({
    "ar", "be", "bg", "el", "fa", "he", "hi", "ja", "kk", "ko", "mk", "ru", "sr-Cyrl", "th", "uk", "zh-Hans", "zh-Hant",
})
# fmt: on
# Whose names are keyed by sound (name_sounds.py): Japanese writes foreign names in katakana, a script of sounds. Not
# Russian (transliterated keys moved no F1 on bench/alignment.py) nor Korean (every Hangul word would get a key: F1 fell)
SOUND_LANGUAGES = frozenset({"ja"})
UNSPACED_LANGUAGES = frozenset({"zh-Hant", "zh-Hans", "ja", "th", "lo", "my", "km"})
NO_SPACE_JOIN = frozenset({"zh-Hant", "zh-Hans", "ja"})
SENTENCE_MARKS = re.compile(SENTENCE_END.pattern.removesuffix("$"))
# The same, where words are spaced: German closes a quotation with “ or ‘ („…“, ‚…‘), which SENTENCE_END does not count
# among closing quotes, so '.“ Er sagte' ended no sentence (on NTREX-128, 108 of 248 pairs of German lines that ran
# together); French puts a space before its closing », so '… demunies. »' ended one before the » (128 French lines
# cut in two). Not in Chinese, where “ opens a quotation right after a sentence mark (。“…).
_MARK, _CLOSERS = SENTENCE_MARKS.pattern.removesuffix("*").split("]", 1)  # "[.!?...]" and "[\"')...]"
SPACED_SENTENCE_MARKS = re.compile(_MARK + "](?:" + _CLOSERS.replace("\u201d", "\u201c\u201d\u2018") + "|[ \u00a0\u202f]\u00bb)*")
# a mark where SPACED_SENTENCE_MARKS and SENTENCE_MARKS differ: what only the first takes as closing follows it
SPACED_ONLY_CLOSING = re.compile(_MARK + "]" + _CLOSERS + "*(?:[\u201c\u2018]|[ \u00a0\u202f]\u00bb)")
# A plural abbreviated by doubling its capital, as Spanish writes them (EE. UU., FF. AA., RR. HH.): no sentence ends
# there (paragraphs.ABBREVIATION takes one capital). On NTREX-128, 35 of the 89 Spanish lines with a sentence more than
# their English one split in EE. UU.
DOUBLED_CAPITAL = re.compile(r"(?:^|[\s(])([A-Z])\1\.$")
# Abbreviations of at most four letters that end no sentence before a capital or a digit ("Capt. Smith"), per language;
# True: only before a digit (months: "Oct. 2024", but a sentence may end "... on Nov." before a capital). Titles, months,
# the "v." of a court case and Russian initials that paragraphs.ABBREVIATION misses (it takes one Latin capital and at
# most one small letter after a space or bracket: not '"Dr.'), as NTREX-128's lines show them. The aligner's own: the
# paragraph step keeps ABBREVIATION, so records do not change.
_COURT_CASE = {"v": False}  # Roe v. Wade, kept in English in the translations too
# fmt: off
KEPT_ABBREVIATIONS: dict[str, dict[str, bool]] = {
    "en": dict.fromkeys((
        "Mr", "Mrs", "Ms", "Dr", "Sen", "Sens", "Rep", "Reps", "Rev", "Gov", "Gen", "Capt", "Col", "Lt", "Sgt", "Maj",
        "Adm", "Cmdr", "Det", "Insp", "Supt", "Prof", "Pres", "Hon", "Mt", "Ft",
    ), False) | dict.fromkeys((
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Nos",
    ), True) | _COURT_CASE,
    "es": dict.fromkeys(("Sr", "Sra", "Sras", "Srta", "Sres", "Dr", "Dra", "Prof"), False) | _COURT_CASE,
    "pt": dict.fromkeys(("Sr", "Sra", "sr", "sra", "Srta", "Dr", "Dra", "Prof", "Rev"), False) | _COURT_CASE,
    "fr": dict.fromkeys(("Mme", "Mmes", "Mlle", "Dr", "Pr"), False) | _COURT_CASE,
    # German writes an ordinal as a number and a full stop ("am 29. September", "der 17. Bezirk"): on NTREX-128, 43
    # German lines split after one before a capital
    "de": dict.fromkeys(("Dr", "Prof", *map(str, range(1, 100))), False) | {"Nr": True, "ca": True} | _COURT_CASE,
    "vi": _COURT_CASE,
    "ru": dict.fromkeys(("Св", "Дж", *"АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ"), False),
}
# fmt: on
OPENING_QUOTES = "\"'(\u201c\u2018\u00ab\u201e"  # before an abbreviation: '"Dr. Ford, ...'
FULLWIDTH_MARKS = "\u3002\uff01\uff1f\uff0e\uff61"  # end a sentence without a space after them
SPACE_SEPARATED_SENTENCES = frozenset({"th", "lo", "km"})  # no sentence mark: a space ends a sentence or clause


class Link(NamedTuple):
    """One aligned unit: indices into the source and target lists (either may be empty), and its score. (A named
    tuple: a document builds hundreds, and a frozen dataclass costs several times more to build.)"""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float


# per row of a dynamic programme's band, per cell: the link (its sizes and cost) by which the cell is best reached
_Ways = list[list[tuple[int, int, float] | None]]
# a run of units of one side (_runs): its length, headings, sentences (scaled: sentence_model.py), anchors, their weight
_Run = tuple[float, float, float, frozenset[str], float]


def length_model(language: str) -> tuple[float, float]:
    """(characters per English character, variance per English character) of `language`.

    >>> length_model("en")
    (1.0, 0.0)
    >>> length_model("zh-Hant")[0] < 0.5 < length_model("de")[0]
    True
    """
    return LENGTH_MODEL.get(language) or LENGTH_MODEL.get(language.split("-")[0]) or UNKNOWN_LANGUAGE_MODEL


def anchors(text: str, cognates: bool = True, sentences: Sequence[str] = (), sounds: bool = False) -> frozenset[str]:
    """What a translation keeps as written: numbers, Latin-script words with a capital or a digit (names, acronyms),
    the first letters of long Latin-script words (~ and COGNATE_PREFIX letters, accents dropped: cognates), and the
    presence of a quotation or a list marker. The first word of the text, and of each of its `sentences` when
    given, is capitalised anyway: not a name. With `sounds`, also how its names sound (tasks/steps/name_sounds.py:
    the key "$tnp" for both "Trump" and "トランプ"), for a pair with Japanese, which writes foreign names in katakana.

    >>> sorted(anchors("トランプ氏は2025年に来日", cognates=False, sounds=True))
    ['$tnp', '2025']
    >>> sorted(anchors("川普與普丁於2025年8月15日在阿拉斯加會面,NATO「表示關切」"))
    ['"', '15', '2025', '8', 'nato']
    >>> sorted(anchors("1. The 3,000 NATO troops, said Mr. Rutte."))
    ['#', '1', '3000', 'mr', 'nato', 'rutte', '~rutte', '~troop']
    """
    return frozenset(_anchor_keys(text, cognates, sentences, sounds))


def _anchor_keys(text: str, cognates: bool, sentences: Sequence[str], sounds: bool) -> set[str]:
    """anchors() as a set, to which a paragraph's meanings and evidence are added before it is frozen (a copy less)."""
    ascii_only = text.isascii()
    if not ascii_only and WIDE_OR_ACCENTED.search(text):
        text = _nfkc(text) if WIDE.search(text) else text  # fullwidth digits and letters
        text = _without_accents(text) if ACCENTED.search(text) else text
    # (runs, prefixes and names hold no space: each kind's matches joined, changed and split at once, not a call per match)
    runs = (ASCII_DIGIT_RUN if ascii_only else DIGIT_RUN).findall(text)
    found = set(" ".join(runs).replace(",", "").replace(".", "").split()) if runs else set()
    if cognates:
        found.update(COGNATE_KEY.findall(_letters_only(text)))
    found_names = NAME.findall(text)
    marker = LIST_MARKER.match(text)
    if found_names:  # a sentence's first word is capitalised anyway
        names = set(" ".join(found_names).lower().split())
        if marker is None and "A" <= text[:1] <= "Z":  # _first_word is the first name found: NAME matches at the start
            if found_names[0][1:].islower():
                names.discard(found_names[0].lower())
        else:
            names.discard(_first_word(text, marker.end() if marker else 0))
        if len(sentences) > 1:  # (no generator built for a text of one sentence, most of them)
            names.difference_update(  # _first_word of each, inline: NAME matches at a capital that begins a text
                word.lower()
                for sentence in map(str.lstrip, sentences[1:])
                if "A" <= sentence[:1] <= "Z" and (word := NAME.match(sentence).group())[1:].islower()  # type: ignore[union-attr]  # at a capital
            )
        found |= names
        if sounds:
            found.update(filter(None, map(latin_key, names)))
    if sounds and not ascii_only:
        found |= katakana_keys(text)
    if '"' in text if ascii_only else QUOTES.search(text):  # the only ASCII quotation mark: a plain test
        found.add('"')
    if marker and not NUMBER.fullmatch(text.strip()):
        found.add("#")
    return found


def _letters_only(text: str) -> str:
    """The text lower-cased, after a "~", with every character but a letter a to z made "~": its runs of letters are
    WORD_START's, each after a "~". (Lower-cased before it is encoded when it is not ASCII: a few characters
    lower-case to ASCII letters, as the Kelvin sign to k.) Translated as bytes, in C, where a str table looks a
    character up at a time.

    >>> _letters_only("The U.S. İstanbul-Öl, 5abc")
    '~the~u~s~~i~stanbul~~l~~~abc'
    >>> COGNATE_KEY.findall(_letters_only("Wordsmithing: abcd, 5abcde and x-rays"))
    ['~words', '~abcde']
    """
    if text.isascii():
        return ("~" + text).encode().translate(_LETTERS_ONLY).decode()
    return ("~" + text.lower()).encode("ascii", "replace").translate(_LETTERS_ONLY).decode()


def _nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), its fullwidth characters replaced first: each is replaced by its
    compatibility decomposition, an ASCII character, so the text's NFKC is unchanged, and the result is often in NFKC
    already (a Chinese paragraph with fullwidth commas and brackets), which is checked in a fraction of the time NFKC
    takes to run over it. (Not for accents: Vietnamese has too many kinds of accented letter for a replace of each.)

    >>> _nfkc("川普於２０２５年８月會面，ＮＡＴＯ表示關切"), _nfkc("①ＡＢ")
    ('川普於2025年8月會面,NATO表示關切', '1AB')
    """
    for character in set(WIDE.findall(text)):
        text = text.replace(character, _FULLWIDTH[character])
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def _without_accents(text: str) -> str:
    """The text in NFD without its combining marks. A text that Windows-1252 encodes (French, Spanish, German,
    Portuguese, with their quotation marks and dashes) holds no combining character, so each of its characters
    decomposes alone: its bytes are translated, each accented letter to its letter (half the time).

    >>> _without_accents("Référendum à Nîmes, “naïve” façade — Straße"), _without_accents("Nguyễn Thị Ánh")
    ('Referendum a Nimes, “naive” facade — Straße', 'Nguyen Thi Anh')
    """
    if text.isascii():
        return text
    try:
        return text.encode("cp1252").translate(_CP1252_UNACCENTED).decode("cp1252")
    except UnicodeEncodeError:  # (Vietnamese, a text with combining marks...)
        return COMBINING_MARKS.sub("", unicodedata.normalize("NFD", text))


def _cp1252_unaccented() -> bytes:
    """Windows-1252 byte -> the byte of its character without accents (NFD, combining marks dropped): each a letter
    of one character, which Windows-1252 encodes."""
    table = bytearray(range(256))
    for byte in range(256):
        character = bytes([byte]).decode("cp1252", "replace")
        plain = COMBINING_MARKS.sub("", unicodedata.normalize("NFD", character))
        if plain != character:
            table[byte] = plain.encode("cp1252")[0]
    return bytes(table)


_CP1252_UNACCENTED = _cp1252_unaccented()


# Fullwidth ASCII (U+FF01-U+FF5E) in NFKC: the ASCII character (each one's compatibility decomposition)
_FULLWIDTH = {chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0xFF01, 0xFF5F)}


def _first_word(text: str, start: int = 0) -> str:
    """The text's first word from `start` on (past a list marker) when it is capitalised, lower-cased; else ""."""
    if text[start : start + 1].isspace():  # (a text seldom begins with a space: no copy of it stripped, then)
        start = len(text) - len(text[start:].lstrip())
    first = NAME.match(text, start)
    return first.group().lower() if first and first.group()[1:].islower() else ""


def split_sentences(paragraph: str, language: str) -> list[str]:
    """The sentences of a paragraph: after a sentence mark and a space, after a fullwidth mark (。！？) with or
    without one; not after an abbreviation or initial ("Mr.", "J.") or before a lower-case letter. Thai, Lao and
    Khmer end sentences with a space.

    >>> split_sentences("Mr. Trump met Mr. Putin. No deal was made! Talks go on.", "en")
    ['Mr. Trump met Mr. Putin.', 'No deal was made!', 'Talks go on.']
    >>> split_sentences("峰會失敗了。雙方沒有達成協議!「談判將繼續。」他說。", "zh-Hant")
    ['峰會失敗了。', '雙方沒有達成協議!', '「談判將繼續。」', '他說。']
    >>> split_sentences("It cost 3.5 million, e.g. more than planned.", "en")
    ['It cost 3.5 million, e.g. more than planned.']
    >>> split_sentences("Los EE. UU. siguen aplicando sanciones. Otra frase.", "es")
    ['Los EE. UU. siguen aplicando sanciones.', 'Otra frase.']
    >>> split_sentences("The U.S. economy grew 3% in Oct. 2024, Gov. Lee said. It slowed.", "en")
    ['The U.S. economy grew 3% in Oct. 2024, Gov. Lee said.', 'It slowed.']
    """
    return list(_sentences(paragraph, language))


@lru_cache(maxsize=4096)  # a paragraph's sentences are counted to align paragraphs, then aligned
def _sentences(paragraph: str, language: str) -> tuple[str, ...]:
    return _split(paragraph, language, SENTENCE_MARKS if language in UNSPACED_LANGUAGES else SPACED_SENTENCE_MARKS)


def _counted_sentences(paragraph: str, language: str) -> int:
    """How many sentences the paragraph level counts in a paragraph (SENTENCE_COUNT_COST): as _sentences splits it, but
    with SENTENCE_MARKS where words are spaced too. The paragraph costs were tuned on those counts, and with
    SPACED_SENTENCE_MARKS' paragraph F1 fell (en-de .975 -> .970 on bench/alignment.py's default draw) where sentence F1
    rose: so the sentences aligned changed, and the paragraph links did not.

    >>> _counted_sentences("Er sagte: „Ja.“ Dann ging er.", "de"), len(_sentences("Er sagte: „Ja.“ Dann ging er.", "de"))
    (1, 2)
    """
    if language in UNSPACED_LANGUAGES or not SPACED_ONLY_CLOSING.search(paragraph):
        return len(_sentences(paragraph, language))
    return len(_split(paragraph, language, SENTENCE_MARKS))


def _split(paragraph: str, language: str, marks: re.Pattern[str]) -> tuple[str, ...]:
    if language.split("-")[0] in SPACE_SEPARATED_SENTENCES:
        return tuple(paragraph.split())
    sentences: list[str] = []
    start = 0
    unspaced = language in UNSPACED_LANGUAGES
    kept = KEPT_ABBREVIATIONS.get(language)
    last = len(paragraph)
    for mark in marks.finditer(paragraph):
        end = mark.end()
        if end >= last:  # the paragraph's last mark (a regular expression that skips it costs twice as much)
            continue
        following = paragraph[end]
        at = mark.start()
        fullwidth = paragraph[at] in FULLWIDTH_MARKS or (unspaced and not following.isascii())  # "!" in Chinese too
        if not (fullwidth or following.isspace()):
            continue
        if not fullwidth and (paragraph[end + 1 : end + 2].islower() or _after_abbreviation(paragraph, at, kept)):
            continue
        if fullwidth and following in "\u300d\u300f\uff09)\u201d":
            continue  # a mark inside a quotation: the sentence ends after the quotation closes
        if unspaced and following in QUOTATIVE_PARTICLES and paragraph[end - 1] in CLOSING_QUOTES:
            continue  # 「...。」と述べた: the quotation is part of the sentence that reports it (sentence_model.py)
        sentences.append(paragraph[start:end].strip())
        start = end
    sentences.append(paragraph[start:].strip())
    return tuple(filter(None, sentences))  # (the empty ones left out)


def _after_abbreviation(paragraph: str, at: int, kept: dict[str, bool] | None = None) -> bool:
    """Whether the mark at `at` ends an abbreviation or initial (ABBREVIATION, DOUBLED_CAPITAL): a word of at most three
    characters after a space, a bracket or the paragraph's start. After four letters neither can match, which most
    sentences end with: no search then (a tenth of the splitting's time). With the language's KEPT_ABBREVIATIONS
    (`kept`), also after one of them (_after_kept_abbreviation), looked for only after a word of at most four letters.

    >>> _after_abbreviation("Mr. Trump", 2), _after_abbreviation("Los EE. UU.", 6), _after_abbreviation("It rained.", 9)
    (True, True, False)
    """
    if at >= 4 and (word := paragraph[at - 4 : at]).isalpha():
        if not kept or word not in kept or (at > 4 and paragraph[at - 5].isalpha()):
            return False
        return _kept_before(paragraph, at, kept[word])
    return bool(
        ABBREVIATION.search(paragraph, max(0, at - 8), at + 1) or DOUBLED_CAPITAL.search(paragraph, max(0, at - 3), at + 1)
    ) or bool(kept and _after_kept_abbreviation(paragraph, at, kept))


def _after_kept_abbreviation(paragraph: str, at: int, kept: dict[str, bool]) -> bool:
    """Whether the mark at `at` ends one of the language's KEPT_ABBREVIATIONS, a whole word after a space (and any
    opening quote or bracket), and what follows is one it never ends a sentence before (a capital or digit: a small
    letter was ruled out before).

    >>> kept = KEPT_ABBREVIATIONS["en"]
    >>> _after_kept_abbreviation("Capt. Smith", 4, kept), _after_kept_abbreviation("Nos. 10", 3, kept)
    (True, True)
    >>> _after_kept_abbreviation("in Sept. Then", 7, kept), _after_kept_abbreviation("a Sept. 5", 6, kept)
    (False, True)
    >>> _after_kept_abbreviation("Gen. X", 3, kept), _after_kept_abbreviation("in Oct. 2024", 6, kept)
    (True, True)
    >>> _after_kept_abbreviation("the Gen. X", 7, kept), _after_kept_abbreviation("oxygen. X", 6, kept)
    (True, False)
    >>> de = KEPT_ABBREVIATIONS["de"]
    >>> _after_kept_abbreviation("am 29. September", 5, de), _after_kept_abbreviation("im Jahr 2029. Sie", 12, de)
    (True, False)
    """
    if paragraph[at] != "." or not paragraph[at + 1 : at + 2].isspace():  # ("Gen!" or "Oct.)" is no abbreviation)
        return False
    space = paragraph.rfind(" ", max(0, at - 6), at)
    if space < 0 and at > 5:  # no space in the last six characters: a longer word, as most sentences end with
        return False
    word = paragraph[space + 1 : at].lstrip(OPENING_QUOTES)
    return word in kept and _kept_before(paragraph, at, kept[word])


def _kept_before(paragraph: str, at: int, before_digit_only: bool) -> bool:
    """Whether a kept abbreviation ending at `at` with a full stop goes on: what follows is a digit, or, unless
    `before_digit_only`, a capital (the caller ruled out a small letter)."""
    return paragraph[at] == "." and (not before_digit_only or paragraph[at + 2 : at + 3].isdigit())


def join_units(texts: Sequence[str], language: str, separator: str = " ") -> str:
    """Several sentences (or paragraphs, with separator "\\n\\n") of one link as one text.

    >>> join_units(["峰會失敗了。", "雙方沒有協議。"], "zh-Hant"), join_units(["No deal.", "Talks go on."], "en")
    ('峰會失敗了。雙方沒有協議。', 'No deal. Talks go on.')
    """
    return ("" if language in NO_SPACE_JOIN and separator == " " else separator).join(texts)


@dataclass
class _Side:
    """One side of an alignment as the costs need it: per unit, its length in English characters, whether it looks like
    a heading, its sentences (1 per sentence) and its anchors (those the other side shares)."""

    lengths: list[float]
    headings: list[bool]
    sentences: list[float]  # scaled by sentence_model.sentence_count_scale
    anchors: list[frozenset[str]]
    variance: float
    last_skip_discount: float = 0.0  # taken off the cost of leaving the last unit without a partner
    skip_discounts: list[float] | None = None  # per unit, taken off the cost of leaving it without a partner
    foreign: list[bool] | None = None  # per unit, whether it looks inserted (merge_evidence.foreigners)


def _side(
    texts: Sequence[str], language: str, found: list[frozenset[str]], paragraphs: bool = True, sentence_scale: float = 1.0
) -> _Side:
    ratio, variance = _unit_lengths(language, paragraphs)
    headings = [looks_like_heading(text) for text in texts]
    sentences: list[float] = [_counted_sentences(text, language) if paragraphs else 1 for text in texts]
    if sentence_scale != 1.0:  # sentence_model.sentence_count_scale
        sentences = [sentence_scale * count for count in sentences]
    lengths = [len(text) / ratio for text in texts]
    if not paragraphs:
        return _Side(lengths, headings, sentences, found, variance)
    discounts = [HEADING_SKIP_DISCOUNT * heading for heading in headings]
    return _Side(lengths, headings, sentences, found, variance, EDGE_SKIP_DISCOUNT, discounts)


def _unit_lengths(language: str, paragraphs: bool) -> tuple[float, float]:
    """(characters per English character, variance of a unit's length in English characters per English character) of
    `language`'s paragraphs, or of its sentences (sentence_model.sentence_variance_scale)."""
    ratio, variance = length_model(language)
    variance *= 1.0 if paragraphs else sentence_variance_scale(language)
    return ratio, variance / (ratio * ratio)


def _deviations(length_s: float, length_t: float, variance: float) -> float:
    """How many standard deviations apart two units' lengths are (in English characters; `variance`: both sides' summed)."""
    return abs(length_t - length_s) / math.sqrt(variance * max((length_s + length_t) / 2, 1.0))


def _spans(quantities: Sequence[Sequence[float]]) -> np.ndarray:
    """Per quantity (a list with a value per unit), its total over every run of 1, 2... units: (quantity, size - 1,
    first unit), 0 where the run would pass the end. (Each run's total added unit after unit, as sum() adds them in
    _runs: the same floats, where differences of running totals were off in the last bit.)

    >>> _spans([[1.0, 2.0, 4.0], [0, 1, 1]])[:, :2].tolist()
    [[[1.0, 2.0, 4.0], [3.0, 6.0, 0.0]], [[0.0, 1.0, 1.0], [1.0, 2.0, 0.0]]]
    """
    values = np.array(quantities, dtype=float)
    count = values.shape[1]
    spans = np.zeros((len(values), len(SPAN_SIZES), count))
    spans[:, 0] = values
    for size in range(2, min(count, len(SPAN_SIZES)) + 1):
        spans[:, size - 1, : count - size + 1] = spans[:, size - 2, : count - size + 1] + values[:, size - 1 :]
    return spans


def looks_like_heading(text: str) -> bool:
    """A short line that ends with no sentence mark: a headline or sub-heading, which a translator keeps apart. A
    quotation that ends a paragraph as German or French close it („…“, « … ») still ends a sentence
    (structure.ends_a_sentence).

    >>> looks_like_heading("美俄峰會應按五項原則進行"), looks_like_heading("No deal was reached.")
    (True, False)
    >>> looks_like_heading("„Wir sind für die NATO“, sagte er. „Aber nicht so.“")
    False
    """
    return len(text) <= HEADING_CHARS and not ends_a_sentence(text)


def align(
    src: Sequence[str],
    tgt: Sequence[str],
    src_language: str,
    tgt_language: str,
    paragraphs: bool = True,
    found: tuple[list[frozenset[str]], list[frozenset[str]]] | None = None,
) -> list[Link]:
    """The least costly alignment of two texts' units (paragraphs or sentences), in order.

    Every unit of either side is in exactly one link. A link's score is exp(-cost) of its two sides' lengths and
    anchors, its kind's prior left out: 1.0 when the lengths are just as the language pair predicts and the anchors
    all agree, about 0.3 for lengths one standard deviation off; 0.0 for a unit with no partner (1-0 or 0-1).
    `found`: the units' anchors, when the caller has them.

    >>> src = ["The summit", "Trump met Putin in Alaska on 15 August 2025.", "No deal was reached.", "Talks go on."]
    >>> tgt = ["峰會", "川普2025年8月15日在阿拉斯加與普丁會面。", "沒有達成協議。", "(編按:本文有刪節)", "談判繼續。"]
    >>> [(link.src, link.tgt) for link in align(src, tgt, "en", "zh-Hant")]
    [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((), (3,)), ((3,), (4,))]
    """
    if not src or not tgt:
        return [Link((i,), (), 0.0) for i in range(len(src))] + [Link((), (j,), 0.0) for j in range(len(tgt))]
    src_anchors, tgt_anchors = found or ([anchors(text) for text in src], [anchors(text) for text in tgt])
    tgt_held = frozenset().union(*tgt_anchors)
    src_shared = [found & tgt_held for found in src_anchors]  # (no union of every source anchor: only of these)
    shared = frozenset().union(*src_shared)
    tgt_shared = [found & shared for found in tgt_anchors]
    units_with = Counter(chain.from_iterable(src_shared + tgt_shared))
    weights = {  # in one unit of each side: 1; commoner: less (every shared anchor is in a unit of each side)
        anchor: LEXICAL_WEIGHT * (2 / units) if anchor[0] in WEAK_KEYS else 2 / units for anchor, units in units_with.items()
    }
    scale = sentence_count_scale(src_language, tgt_language) if paragraphs else 1.0  # sentence_model.py
    source = _side(src, src_language, src_shared, paragraphs, scale)
    target = _side(tgt, tgt_language, tgt_shared, paragraphs, scale)
    if paragraphs:  # (a reprint inserts lines between paragraphs, not into a paragraph's sentences)
        # (a unit shares no anchor with the other part when it shares none of those both parts hold)
        _mark_foreign(source, target, foreigners(src_anchors, shared), foreigners(tgt_anchors, shared))
    neighbours = paragraphs and bool(weights)  # a 1-1 link that took in a neighbour costs more (merge_evidence.absorbed)
    if len(src) == len(tgt) and (diagonal := _clear_diagonal(source, target, weights, paragraphs, neighbours)):
        return diagonal
    priors = LINK_COSTS if paragraphs else LINK_COSTS | link_cost_overrides(src_language, tgt_language)  # sentence_model.py
    if _costed_lazily(len(src), len(tgt)):
        return _lazy_best_path(source, target, weights, priors, neighbours)
    return _best_path(_link_costs(source, target, weights, neighbours), len(src), len(tgt), priors)


def _mark_foreign(source: _Side, target: _Side, src_foreign: list[bool], tgt_foreign: list[bool]) -> None:
    """Note the paragraphs that look inserted (merge_evidence.foreigners) on both sides, when there are any: cheaper
    to leave without a partner, dearer to merge (_link_costs, _lazy_best_path)."""
    if not any(src_foreign) and not any(tgt_foreign):
        return
    for side, foreign in ((source, src_foreign), (target, tgt_foreign)):
        side.foreign = foreign
        discounts = side.skip_discounts or [0.0] * len(foreign)
        side.skip_discounts = [off + FOREIGN_SKIP_DISCOUNT * each for off, each in zip(discounts, foreign, strict=True)]


def _best_path(
    costs: dict[tuple[int, int], list[list[float]]], n: int, m: int, priors: dict[tuple[int, int], float] = LINK_COSTS
) -> list[Link]:
    cost, bands, back = _first_rows(n, m)
    links = [(di, dj, prior, costs[di, dj]) for (di, dj), prior in priors.items()]
    for i, (low, high) in enumerate(bands):
        row, back_row = _next_row(cost, back, i, m, low, high)
        # per kind of link that fits above this row: the row it starts on, its costs from there, its prior
        kinds = [(dj, cost[i - di], table[i - di], prior, di) for di, dj, prior, table in links if di <= i]
        for j in range(low, high + 1):
            best, step = row[j], None
            for dj, before, link_costs, prior, di in kinds:
                if dj > j:
                    continue
                link_cost = link_costs[j - dj]
                total = before[j - dj] + prior + link_cost  # type: ignore[index]  # rows MAX_SPAN above are kept
                if total < best:
                    best, step = total, (di, dj, link_cost)
            if step is not None:
                row[j], back_row[j - low] = best, step
    return _trace(back, bands, n, m)


def _lazy_best_path(
    source: _Side,
    target: _Side,
    weights: dict[str, float],
    priors: dict[tuple[int, int], float] = LINK_COSTS,
    neighbours: bool = False,
) -> list[Link]:
    """_best_path for small tables, each link with units on both sides costed only when it could be the best way to
    its cell: none costs less than its prior minus ANCHOR_WEIGHT / 2 (the anchors all agreeing), or its prior when no
    anchor is shared. `neighbours`: merge_evidence.absorbed costed, for paragraphs."""
    n, m = len(source.anchors), len(target.anchors)
    variance = max(source.variance + target.variance, 1e-3)
    sizes = SPAN_SIZES.tolist()
    src_runs, tgt_runs = _runs(source, weights, sizes), _runs(target, weights, sizes)
    skip_s = [_skip_cost(length, found) for length, _, _, found, _ in src_runs[1]]
    skip_t = [_skip_cost(length, found) for length, _, _, found, _ in tgt_runs[1]]
    skip_s[-1] -= source.last_skip_discount
    skip_t[-1] -= target.last_skip_discount
    skip_s, skip_t = _discounted(skip_s, source), _discounted(skip_t, target)
    floor = -ANCHOR_WEIGHT / 2 if weights else 0.0
    cost, bands, back = _first_rows(n, m)
    for i, (low, high) in enumerate(bands):
        row, back_row = _next_row(cost, back, i, m, low, high)
        # per kind of link that fits above this row: the row it starts on, its prior, its source run's rows
        kinds = [
            (di, dj, prior, cost[i - di], src_runs[di][i - di] if di else None) for (di, dj), prior in priors.items() if di <= i
        ]
        for j in range(low, high + 1):
            best, step = row[j], None
            for di, dj, prior, before_row, run_s in kinds:
                if dj > j:
                    continue
                before = before_row[j - dj]  # type: ignore[index]  # rows MAX_SPAN above are kept
                if run_s is None or not dj:  # a skip: its cost is known (and may be below the floor: EDGE_SKIP_DISCOUNT)
                    link_cost = skip_s[i - 1] if di else skip_t[j - 1]
                elif before + prior + floor >= best:
                    continue
                else:
                    run_t = tgt_runs[dj][j - dj]
                    link_cost = _run_cost(run_s, run_t, di, dj, variance, weights)
                    if di > 1:  # a merged side's units each share an anchor with the other side (merge_evidence.py)
                        link_cost += STRANGER_COST * strangers(source.anchors[i - di : i], run_t[3], weights)
                    elif dj > 1:
                        link_cost += STRANGER_COST * strangers(target.anchors[j - dj : j], run_s[3], weights)
                    elif neighbours and before + prior + link_cost < best:  # a 1-1 link that may be the best way (adds >= 0)
                        link_cost += absorbed(source.anchors, target.anchors, i - 1, j - 1, weights, WEAK_KEYS)
                    if source.foreign and (di > 1 or dj > 1):  # (merge_evidence.foreigners)
                        merged = source.foreign[i - di : i] if di > 1 else target.foreign[j - dj : j]  # type: ignore[index]  # both sides
                        link_cost += FOREIGN_MERGE_COST * sum(merged)
                total = before + prior + link_cost
                if total < best:
                    best, step = total, (di, dj, link_cost)
            if step is not None:
                row[j], back_row[j - low] = best, step
    return _trace(back, bands, n, m)


def _costed_lazily(n: int, m: int) -> bool:
    """Whether a table of n x m units is costed link by link in Python (_lazy_best_path) rather than whole in NumPy
    (_link_costs, _best_path): when it is small, when its band is a small part of it (a long document with about as
    many units on each side: a band cell costed in Python costs about LAZY_CELL_COST table cells in NumPy), or when it
    is too large for NumPy's arrays, which take about 600 bytes a cell (2.4 GB at 2,000 paragraphs a side)."""
    cells = n * m
    return cells <= SMALL_TABLE or cells > LARGEST_TABLE or n * (2 * _band_width(n, m) + 1) * LAZY_CELL_COST < cells


def _band_width(n: int, m: int) -> int:
    """How many units either side of the diagonal links are looked for: BAND beyond the difference of the two sides'
    counts, which the path may need to stray by; on a long document no wider than a band of BAND_CELLS cells holds,
    so that its time and memory grow with its length, not its square (a path that strays further is not found). Never
    so narrow that one row's band misses the next's (a side of many more units than the other)."""
    return min(BAND + abs(n - m), max(BAND_CELLS // (2 * (n + 1)), BAND + math.ceil(m / n)))


def _first_rows(n: int, m: int) -> tuple[list[list[float] | None], list[tuple[int, int]], _Ways]:
    """The dynamic programme's tables before its first row: the cost of reaching each cell (a row is kept only while
    a link can start on it: _next_row), the band of each row (its first and last column), and the way each cell of
    a band is best reached (from its first column on: memory that grows with the band, not the table)."""
    width = _band_width(n, m)
    bands = [(max(0, int(i * m / n) - width), min(m, int(i * m / n) + width)) for i in range(n + 1)]
    return [None] * (n + 1), bands, []


def _next_row(
    cost: list[list[float] | None], back: _Ways, i: int, m: int, low: int, high: int
) -> tuple[list[float], list[tuple[int, int, float] | None]]:
    row = cost[i] = [math.inf] * (m + 1)
    if i == 0:
        row[0] = 0.0
    if i > MAX_SPAN:
        cost[i - MAX_SPAN - 1] = None  # no link starts more than MAX_SPAN rows above
    back_row: list[tuple[int, int, float] | None] = [None] * (high - low + 1)
    back.append(back_row)
    return row, back_row


def _discounted(skips: list[float], side: _Side) -> list[float]:
    """Skip costs less the side's skip_discounts (rounded as costs are, so both ways of costing tie alike)."""
    if side.skip_discounts is None:
        return skips
    return [round(skip - off, COST_DIGITS) for skip, off in zip(skips, side.skip_discounts, strict=True)]


def _skip_cost(length: float, found: frozenset[str]) -> float:
    # a name or number both parts hold makes a unit dear to leave out; a word's meaning ("&" key) much less so: the
    # headlines inserted into a text share words with it (F1 of en-zh-Hant 0.957 -> 0.963 on bench/alignment.py with
    # none), but a short paragraph whose partner was merged with the next shares words only with that: MEANING_SKIP_COST
    named = found and any(anchor[0] not in MEANING_KEYS for anchor in found)
    return round(SKIP_COST * length + (ANCHOR_WEIGHT * 0.5 if named else MEANING_SKIP_COST if found else 0.0), COST_DIGITS)


def _trace(back: _Ways, bands: list[tuple[int, int]], n: int, m: int) -> list[Link]:
    links: list[Link] = []
    i, j = n, m
    while i or j:
        way = back[i][j - bands[i][0]]
        assert way is not None  # every cell of the best path was reached
        di, dj, link_cost = way
        score = math.exp(-link_cost) if di and dj else 0.0
        links.append(Link(tuple(range(i - di, i)), tuple(range(j - dj, j)), round(min(1.0, score), 4)))
        i, j = i - di, j - dj
    return links[::-1]


def _link_costs(
    source: _Side, target: _Side, weights: dict[str, float], neighbours: bool = False
) -> dict[tuple[int, int], list[list[float]]]:
    """Every link's cost, its prior left out, per kind of link: a table indexed by the link's first source and first
    target unit (`neighbours`: merge_evidence.absorbed costed, for paragraphs). Computed for the whole
    table at once with NumPy arrays, every kind of link in the same few array operations (one per kind would cost more
    than the dynamic programme for short parts): the dynamic programme then only adds and compares, and it can compare
    every link, where per-cell costs in Python had to rule links out."""
    n, m = len(source.anchors), len(target.anchors)
    variance = max(source.variance + target.variance, 1e-3)
    shared = sorted(weights)
    # both sides' units in one array, the source's first: the runs that pass the end of the source into the target are
    # never looked up
    quantities: list[Sequence[float]] = [
        source.lengths + target.lengths,
        source.headings + target.headings,
        source.sentences + target.sentences,
    ]
    spans = _spans([*quantities, source.foreign + (target.foreign or [])] if source.foreign else quantities)  # set on both sides
    source_spans, target_spans = spans[:, :, :n], spans[:, :, n:]
    found = _indicator(source.anchors + target.anchors, shared)
    # axes: (source link size - 1, first source unit, target link size - 1, first target unit)
    (length_s, headings_s, sentences_s), (length_t, headings_t, sentences_t) = (
        source_spans[:3, :, :, None, None],
        target_spans[:3, None, None],
    )
    delta = np.abs(length_t - length_s) / np.sqrt(variance * np.maximum((length_s + length_t) / 2, 1.0))
    merged_s, merged_t = MERGED[:, None, None, None], MERGED[None, None, :, None]
    headings = np.where(ONE_TO_ONE, headings_s != headings_t, merged_s * headings_s + merged_t * headings_t)
    sentences = sentences_s - sentences_t
    tables = _tail_costs(delta) + HEADING_MERGE_COST * headings + SENTENCE_COUNT_COST * np.abs(sentences)
    if shared:
        anchor_spans = _anchor_spans(found)
        weight = np.array([weights[anchor] for anchor in shared])
        tables += _anchor_costs(anchor_spans[:, :n], anchor_spans[:, n:], weight)
    rounded = tables.round(COST_DIGITS)
    if shared:  # added after rounding, as _lazy_best_path and _run_cost add them (merge_evidence.py)
        alone_s, alone_t = stranger_tables(found[:n], found[n:], weight)
        merged_s, merged_t = stranger_counts(alone_s, alone_t, len(SPAN_SIZES))
        rounded[1:, :, 0] += STRANGER_COST * merged_s
        rounded[0, :, 1:] += STRANGER_COST * merged_t
        rounded[0, :, 0] += ESTRANGED_COST * (alone_s & alone_t.T)
        if neighbours:  # (merge_evidence.absorbed, as _lazy_best_path and _clear_diagonal add it)
            weak = np.array([anchor[0] in WEAK_KEYS for anchor in shared])
            rounded[0, :, 0] += absorbed_table(found[:n], found[n:], weight, weak)
    if source.foreign:  # per unit that looks inserted in a merged side (merge_evidence.foreigners), as _lazy_best_path
        foreign_s, foreign_t = source_spans[3], target_spans[3]
        rounded[1:, :, 0] += FOREIGN_MERGE_COST * foreign_s[1:, :, None]
        rounded[0, :, 1:] += FOREIGN_MERGE_COST * foreign_t[None, 1:, :]
    lengths = spans[0, 0]
    named = found[:, [anchor[0] not in MEANING_KEYS for anchor in shared]]  # a meaning is no reason to keep a unit: _skip_cost
    kept = np.where(named.any(axis=1), ANCHOR_WEIGHT * 0.5, MEANING_SKIP_COST * found.any(axis=1))
    skips = (SKIP_COST * lengths + kept).round(COST_DIGITS).tolist()
    skips[n - 1] -= source.last_skip_discount
    skips[-1] -= target.last_skip_discount
    skip_s, skip_t = _discounted(skips[:n], source), _discounted(skips[n:], target)
    costs = {(1, 0): [[skip] * (m + 1) for skip in skip_s], (0, 1): [skip_t] * (n + 1)}
    # only the kinds of link there are as lists (5 of the 9 pairs of sizes: a third of the table is never looked up)
    return costs | {(di, dj): rounded[di - 1, :, dj - 1].tolist() for di, dj in LINK_COSTS if di and dj}


# Up to this many cells (units of one side times the other's), the costs are computed link by link in Python: NumPy's
# fixed cost per call outweighs its speed on the small tables most sentence alignments are (a 2 x 3 table: ~140 µs).
SMALL_TABLE = 16
# Above it, NumPy costs the whole table unless _costed_lazily says otherwise: costing a band cell in Python takes about
# this many times what a table cell takes in NumPy (per cell of NTREX-128's English and German, 80 to 640 paragraphs
# a side: 13-16 µs lazily, 2-3 µs in NumPy; 640 paragraphs a side, one pair merged: 0.83 s in NumPy, 0.11 s lazily)
LAZY_CELL_COST = 7
LARGEST_TABLE = 250_000  # cells: NumPy's arrays for it take about 150 MB
# A band of at most this many cells (about 15 s of a long document's paragraph level, ~100 MB), beyond the
# room BAND gives around the diagonal: a long document with many more units on one side looks for links closer to the
# diagonal than the difference of the two counts
BAND_CELLS = 1_000_000
# Costs are rounded to this many decimals, so that the two ways of computing them (NumPy, Python) tie where they
# should and break ties alike: a difference in the 16th digit must not choose between two links
COST_DIGITS = 9
# (a score of 0.05) up to which a diagonal of as many units on each side is taken as it is: on 18,778 part pairs
# (bench/alignment.py's gold on its default draw and seeds 1-8, seeds 3-8 also with --keep-notices, and bench/corpus.py's
# documents) the dynamic programme left such a diagonal only where a pair cost 4.0 or more; at 3.0, 217 of
# bench/corpus.py's 348 two-part documents skip the table, against 145 at 2.0
CLEAR_LINK_COST = 3.0
# Paragraphs only: one pair of such a diagonal, but not its last pair, may cost up to this much. Leaving the two
# paragraphs of a pair without partners costs two 1-0/0-1 priors (5.6) and their skip costs, and the dynamic programme
# takes the pair then on every document of bench/alignment.py's five draws and bench/corpus.py's parts2000 (87 more of
# its 670 documents with as many paragraphs on each side skip the table); a last pair is often a notice or byline the
# table drops (EDGE_SKIP_DISCOUNT). Two such pairs, or one up to 6.0 or last, changed links of bench/alignment.py.
DEAR_PAIR_COST = 5.0


def _run_cost(
    run_s: _Run,
    run_t: _Run,
    di: int,
    dj: int,
    variance: float,
    weights: dict[str, float],
) -> float:
    """The cost of linking a run of di source units with a run of dj target units (_runs's tuples), as _link_costs."""
    length_s, headings_s, sentences_s, found_s, weight_s = run_s
    length_t, headings_t, sentences_t, found_t, weight_t = run_t
    delta = _deviations(length_s, length_t, variance)
    headings = headings_s != headings_t if di == dj == 1 else (di > 1) * headings_s + (dj > 1) * headings_t
    cost = _tail_cost(delta) + HEADING_MERGE_COST * headings + SENTENCE_COUNT_COST * abs(sentences_s - sentences_t)
    total = weight_s + weight_t
    if total > 0:
        held = sum(map(weights.__getitem__, found_s & found_t))
        cost += ANCHOR_WEIGHT * (0.5 - 2 * held / total)
        if di == dj == 1 and estranged(held, weight_s, weight_t):  # (merge_evidence.py; after rounding, as _link_costs)
            return round(cost, COST_DIGITS) + ESTRANGED_COST
    return round(cost, COST_DIGITS)


def _clear_diagonal(
    source: _Side,
    target: _Side,
    weights: dict[str, float],
    dear_pair: bool = False,
    neighbours: bool = False,
) -> list[Link] | None:
    """As many units on each side, each costing at most CLEAR_LINK_COST with its counterpart: the units paired in
    order (what the dynamic programme finds then, on every document of bench/alignment.py and bench/corpus.py), else
    None. With `dear_pair`, one pair but the last may cost up to DEAR_PAIR_COST. (Each pair costed by _run_cost, as the
    dynamic programmes cost a 1-1 link, so that the shortcut and the table cannot disagree on a pair's cost; with
    `neighbours`, merge_evidence.absorbed added, as they add it.)"""
    variance = max(source.variance + target.variance, 1e-3)
    last = len(source.anchors) - 1
    links = []
    pairs = zip(_runs(source, weights, [1])[1], _runs(target, weights, [1])[1], strict=True)
    for i, (run_s, run_t) in enumerate(pairs):
        cost = _run_cost(run_s, run_t, 1, 1, variance, weights)
        if neighbours:
            cost += absorbed(source.anchors, target.anchors, i, i, weights, WEAK_KEYS)
        if cost > CLEAR_LINK_COST:
            if not dear_pair or cost > DEAR_PAIR_COST or i == last:
                return None
            dear_pair = False
        links.append(Link((i,), (i,), round(min(1.0, math.exp(-cost)), 4)))
    return links


def _runs(side: _Side, weights: dict[str, float], sizes: list[int]) -> dict[int, list[_Run]]:
    """Per run size, per first unit of a run that fits: its length, headings, sentences, anchors and their weight."""
    count = len(side.anchors)
    runs: dict[int, list[_Run]] = {}
    for size in sizes:
        if size == 1:  # the units themselves: no slices summed, no unions
            found_weights = [sum(map(weights.__getitem__, found)) for found in side.anchors] if weights else [0] * count
            runs[1] = list(zip(side.lengths, side.headings, side.sentences, side.anchors, found_weights, strict=True))
            continue
        starts = range(count - size + 1)
        if weights:
            found = [frozenset().union(*side.anchors[i : i + size]) for i in starts]
            found_weights = [sum(map(weights.__getitem__, anchors_found)) for anchors_found in found]
        else:  # no anchor shared: every unit's are empty (align keeps only the shared ones)
            found, found_weights = [frozenset()] * len(starts), [0] * len(starts)
        runs[size] = [
            (
                sum(side.lengths[i : i + size]),
                sum(side.headings[i : i + size]),
                sum(side.sentences[i : i + size]),
                found[i],
                found_weights[i],
            )
            for i in starts
        ]
    return runs


def _tail_cost(delta: float) -> float:
    """_tail_costs of one difference."""
    if delta > ROBUST_FROM:
        return min(MAX_LENGTH_COST, _TAIL_LIST[-1] + ROBUST_SLOPE * (delta - ROBUST_FROM))
    position = delta * _TAIL_STEPS
    below = min(int(position), _TAIL_LAST_BELOW)
    return _TAIL_LIST[below] + (position - below) * (_TAIL_LIST[below + 1] - _TAIL_LIST[below])


MAX_SPAN = max(max(link) for link in LINK_COSTS)  # how many units one side of a link may hold
SPAN_SIZES = np.arange(1, MAX_SPAN + 1)
MERGED = SPAN_SIZES > 1
ONE_TO_ONE = ~MERGED[:, None, None, None] & ~MERGED[None, None, :, None]


def _indicator(found: list[frozenset[str]], shared: list[str]) -> np.ndarray:
    """Units x shared anchors: True where the unit holds the anchor."""
    width = len(shared)
    column = {anchor: k for k, anchor in enumerate(shared)}
    table = np.zeros(len(found) * width, dtype=bool)
    table[[unit * width + column[anchor] for unit, anchors_found in enumerate(found) for anchor in anchors_found]] = True
    return table.reshape(len(found), width)


def _anchor_spans(found: np.ndarray) -> np.ndarray:
    """(size - 1, first unit, anchor): whether a run of 1, 2... units from that unit holds the anchor."""
    spans = np.zeros((len(SPAN_SIZES), *found.shape), dtype=bool)
    spans[0] = found
    for row in range(1, len(SPAN_SIZES)):
        spans[row, : len(found) - row] = spans[row - 1, : len(found) - row] | found[row:]
    return spans


# -log of the chance of a normal deviate at least this many standard deviations away, either way, on a grid fine
# enough that interpolating it is off by less than 1e-8 (NumPy has no erfc)
_TAIL_GRID = np.linspace(0.0, ROBUST_FROM, 20_001)
_TAIL_TABLE = np.array([-math.log(math.erfc(x / SQRT2)) for x in _TAIL_GRID])
_TAIL_LIST = _TAIL_TABLE.tolist()
_TAIL_STEPS = (len(_TAIL_LIST) - 1) / ROBUST_FROM  # grid steps per standard deviation (_tail_cost)
_TAIL_LAST_BELOW = len(_TAIL_LIST) - 2


def _tail_costs(delta: np.ndarray) -> np.ndarray:
    """-log of the chance of a length difference at least this many standard deviations, either way: normal up to
    ROBUST_FROM, then growing only linearly, since reprints drop and add whole sentences (a paragraph missing a
    sentence is still that paragraph's partner)."""
    tail = np.minimum(MAX_LENGTH_COST, _TAIL_TABLE[-1] + ROBUST_SLOPE * (delta - ROBUST_FROM))
    return np.where(delta <= ROBUST_FROM, np.interp(delta, _TAIL_GRID, _TAIL_TABLE), tail)


def _anchor_costs(src: np.ndarray, tgt: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """From -ANCHOR_WEIGHT/2 (all shared) to +ANCHOR_WEIGHT/2 (none shared), each anchor weighed by how rare it is
    in the document; 0 when neither side has any. src, tgt: _anchor_spans; the result has _link_costs's axes."""
    sizes, n, m = len(SPAN_SIZES), src.shape[1], tgt.shape[1]
    src_weighted, tgt_flat = src.reshape(sizes * n, -1) * weight, tgt.reshape(sizes * m, -1).astype(float)
    shared = (src_weighted @ tgt_flat.T).reshape(sizes, n, sizes, m)
    total = src_weighted.sum(axis=1).reshape(sizes, n, 1, 1) + (tgt_flat @ weight).reshape(1, 1, sizes, m)
    return np.where(total > 0, ANCHOR_WEIGHT * (0.5 - 2 * shared / np.where(total > 0, total, 1.0)), 0.0)


def align_parts(src: Part, tgt: Part) -> list[AlignedUnit]:
    """Paragraph links of two parts, each followed by the sentence links of its paragraphs (when both sides have
    some): indices of sentences count within the link's joined paragraphs. Paragraphs with as many sentences on
    each side have them paired in order, with the paragraph link's score (a third less time, over 0.01 less in
    no pair's sentence F1 in bench/alignment.py); the others are aligned as paragraphs are.

    >>> en = Part("en", ["No deal. Talks go on.", "A short note."], 1.0)
    >>> zh = Part("zh-Hant", ["沒有協議。談判繼續。", "簡短說明。"], 1.0)
    >>> for unit in align_parts(en, zh):
    ...     print(unit.level, unit.src_indices, unit.tgt_indices, unit.src_text, "|", unit.tgt_text)
    paragraph (0,) (0,) No deal. Talks go on. | 沒有協議。談判繼續。
    sentence (0,) (0,) No deal. | 沒有協議。
    sentence (1,) (1,) Talks go on. | 談判繼續。
    paragraph (1,) (1,) A short note. | 簡短說明。
    sentence (0,) (0,) A short note. | 簡短說明。
    """
    cognates = _latin_script(src) and _latin_script(tgt)  # else no word of one side begins like one of the other
    sounds = not cognates and SOUND_LANGUAGES & {src.language, tgt.language} != set()  # names in katakana
    lexical = has_lexicon(src.language, tgt.language)  # what the words mean: tasks/steps/lexicon.py
    source = _Sentences.of(src, cognates, sounds, lexical, evidence_for(src.language, tgt.language))
    target = _Sentences.of(tgt, cognates, sounds, lexical, evidence_for(tgt.language, src.language))
    source.share_evidence_with(target)
    target.share_evidence_with(source)
    found = (source.paragraph_anchors, target.paragraph_anchors)
    units: list[AlignedUnit] = []
    for link in align(src.paragraphs, tgt.paragraphs, src.language, tgt.language, found=found):
        texts = _joined(src.paragraphs, link.src, src.language, "\n\n"), _joined(tgt.paragraphs, link.tgt, tgt.language, "\n\n")
        units.append(_unit("paragraph", src, tgt, link, link, texts))
        if link.src and link.tgt:
            units += _sentence_units(src, tgt, link, source, target)
    return units


@dataclass
class _Sentences:
    """A part's paragraphs split into sentences, and their anchors: a paragraph's in one pass over it (its sentences'
    first words left out, as they are capitalised anyway), a sentence's only when its paragraph's sentences are
    aligned (the paragraphs of a link seldom differ in their number of sentences). With `meanings` (a pair with a
    lexicon), what each sentence's words mean, found once: a paragraph's are its sentences' (no word runs across a
    sentence mark)."""

    sentences: list[tuple[str, ...]]
    paragraph_anchors: list[frozenset[str]]
    cognates: bool
    sounds: bool
    meanings: list[list[set[str]]] | None = None  # per paragraph, per sentence: lexicon.lexical_keys
    evidence: Evidence | None = None  # the part's language's own keys (tasks/steps/evidence.py)
    paragraph_evidence: list[frozenset[str]] | None = None  # per paragraph: its evidence keys
    evidence_shared: list[bool] | None = None  # per paragraph: whether the other part holds one of its evidence keys

    @classmethod
    def of(cls, part: Part, cognates: bool, sounds: bool, lexical: bool = False, evidence: Evidence | None = None) -> _Sentences:
        sentences = [_sentences(paragraph, part.language) for paragraph in part.paragraphs]
        found = [_anchor_keys(text, cognates, each, sounds) for text, each in zip(part.paragraphs, sentences, strict=True)]
        meanings = None
        if lexical:
            meanings = [[lexical_keys(sentence, part.language) for sentence in each] for each in sentences]
            for keys, more in zip(found, meanings, strict=True):
                keys.update(*more)
        evidence_keys = None
        if evidence:
            evidence_keys = evidence.each(part.paragraphs)  # each kind looked for in every paragraph at once
            for keys, kinds in zip(found, evidence_keys, strict=True):
                keys |= kinds
        return cls(sentences, list(map(frozenset, found)), cognates, sounds, meanings, evidence, evidence_keys)

    def share_evidence_with(self, other: _Sentences) -> None:
        """Note which paragraphs hold an evidence key the other part holds anywhere: the others' sentences need none
        looked for. (A sentence's evidence keys are among its paragraph's, and an evidence key can only be shared with
        the other part's evidence or meanings, which its paragraphs hold: no anchor of anchors() is spelled like one.
        Nor is a meaning: the "&" keys of evidence are Korean, which has no lexicon. So the other part's evidence is
        enough to look in, an eighth of its anchors.)"""
        if self.paragraph_evidence is not None:
            held = frozenset().union(*other.paragraph_evidence or ())
            self.evidence_shared = [not keys.isdisjoint(held) for keys in self.paragraph_evidence]

    def within(self, paragraphs: tuple[int, ...]) -> Sequence[str]:
        # (a link holds one paragraph of a side most often: its sentences as they are, no list built)
        return self.sentences[paragraphs[0]] if len(paragraphs) == 1 else [s for p in paragraphs for s in self.sentences[p]]

    def anchors_within(self, paragraphs: tuple[int, ...]) -> list[frozenset[str]]:
        # a paragraph of one sentence has its anchors already (its meanings and evidence included): that sentence is
        # the paragraph, stripped, and a paragraph's anchors leave out only the first words of its sentences after the first
        return [found for p in paragraphs for found in self._sentence_anchors(p)]

    def _sentence_anchors(self, paragraph: int) -> list[frozenset[str]]:
        sentences = self.sentences[paragraph]
        if len(sentences) == 1:
            return [self.paragraph_anchors[paragraph]]
        found = [anchors(sentence, self.cognates, sounds=self.sounds) for sentence in sentences]
        if self.meanings is not None:
            found = [each | keys for each, keys in zip(found, self.meanings[paragraph], strict=True)]
        if self.evidence and (self.evidence_shared is None or self.evidence_shared[paragraph]):
            keys = self.evidence.each(sentences)  # each kind looked for in all the sentences at once
            found = [each | more for each, more in zip(found, keys, strict=True)]
        return found


def _latin_script(part: Part) -> bool:
    """Whether most letters of the part's beginning are Latin (a, é, ơ...), as cognates need; known from the part's
    language when it is one whose script is known (counting letters costs more than the rest of its anchors).

    >>> _latin_script(Part("fr", ["Le sommet"], 1.0)), _latin_script(Part("und", ["Саммит"], 1.0))
    (True, False)
    """
    if part.language in LATIN_SCRIPT_LANGUAGES or part.language in OTHER_SCRIPT_LANGUAGES:
        return part.language in LATIN_SCRIPT_LANGUAGES
    sample = "".join(part.paragraphs[:3])[:400]
    if sample.isascii():  # the common case, without listing every letter
        return LATIN_LETTER.search(sample) is not None
    return len(LATIN_LETTER.findall(sample)) > len(LETTER.findall(sample)) / 2


def _sentence_units(src: Part, tgt: Part, paragraphs: Link, source: _Sentences, target: _Sentences) -> list[AlignedUnit]:
    src_sentences, tgt_sentences = source.within(paragraphs.src), target.within(paragraphs.tgt)
    in_order = len(src_sentences) == 1 or pairs_sentences_in_order(src.language, tgt.language)  # sentence_model.py
    if len(src_sentences) == len(tgt_sentences) and (
        in_order or _lengths_agree(src_sentences, tgt_sentences, src.language, tgt.language)
    ):  # as many on each side (one, often): paired in order, as
        # translators keep them, with the paragraphs' score (the units built here: no Link per sentence)
        heads = ("sentence", src.language, tgt.language)
        tails = (paragraphs.src, paragraphs.tgt)
        return [
            AlignedUnit(*heads, (i,), (i,), *tails, src_text, tgt_text, paragraphs.score)
            for i, (src_text, tgt_text) in enumerate(zip(src_sentences, tgt_sentences, strict=True))
        ]
    if _shares_anchors(source, target, paragraphs):
        found = (source.anchors_within(paragraphs.src), target.anchors_within(paragraphs.tgt))
    else:  # no anchor both paragraphs hold (one found in a sentence but not its paragraph, a name beginning another
        # sentence of it, is the rare exception): none to look for in their sentences
        found = ([frozenset()] * len(src_sentences), [frozenset()] * len(tgt_sentences))
    links = align(src_sentences, tgt_sentences, src.language, tgt.language, paragraphs=False, found=found)
    return [
        _unit(
            "sentence",
            src,
            tgt,
            link,
            paragraphs,
            (_joined(src_sentences, link.src, src.language), _joined(tgt_sentences, link.tgt, tgt.language)),
        )
        for link in links
    ]


def _lengths_agree(src: Sequence[str], tgt: Sequence[str], src_language: str, tgt_language: str) -> bool:
    """Whether every pair of sentences in order is within IN_ORDER_DEVIATIONS standard deviations of the lengths the
    language pair predicts (sentence_model.py): a sentence cut in two and another joined would leave a pair far off."""
    (src_ratio, src_variance), (tgt_ratio, tgt_variance) = _unit_lengths(src_language, False), _unit_lengths(tgt_language, False)
    variance = max(src_variance + tgt_variance, 1e-3)
    return all(
        _deviations(len(src_text) / src_ratio, len(tgt_text) / tgt_ratio, variance) <= IN_ORDER_DEVIATIONS
        for src_text, tgt_text in zip(src, tgt, strict=True)
    )


def _shares_anchors(source: _Sentences, target: _Sentences, paragraphs: Link) -> bool:
    src_found = frozenset().union(*(source.paragraph_anchors[i] for i in paragraphs.src))
    return any(not src_found.isdisjoint(target.paragraph_anchors[j]) for j in paragraphs.tgt)


def _joined(units: Sequence[str], indices: tuple[int, ...], language: str, separator: str = " ") -> str:
    """join_units of the units at these indices (most links hold one unit: no list built for it)."""
    return units[indices[0]] if len(indices) == 1 else join_units([units[i] for i in indices], language, separator)


def _unit(level: str, src: Part, tgt: Part, link: Link, paragraphs: Link, texts: tuple[str, str]) -> AlignedUnit:
    return AlignedUnit(level, src.language, tgt.language, link.src, link.tgt, paragraphs.src, paragraphs.tgt, *texts, link.score)


def main_part(parts: Sequence[Part]) -> int:
    """Index of the part in the document's main language: the most text, counted in English characters (so a
    Chinese part is not short for being Chinese); the first such part on a tie.

    >>> main_part([Part("zh-Hant", ["峰會在阿拉斯加舉行。"], 1.0), Part("en", ["It was held in Alaska."], 1.0)])
    0
    """
    sizes = [sum(map(len, part.paragraphs)) / length_model(part.language)[0] for part in parts]
    return sizes.index(max(sizes))


def align_document(parts: Sequence[Part]) -> list[AlignedUnit]:
    """Every pair of parts aligned, in document order (the first part with the second, the first with the third, the
    second with the third...): so a translation is aligned with its original whichever part that is, which no length
    tells (docs/alignment.md "Three-language files"), and with the other translations too. Parts in an unknown
    language (und) are left out, and a document with one part gets nothing. A two-part document gets one pair.

    >>> align_document([Part("en", ["One part only."], 1.0)])
    []
    """
    known = [part for part in parts if part.language != "und"]
    return [unit for first, second in combinations(known, 2) for unit in align_pair(first, second)]


def align_pair(first: Part, second: Part) -> list[AlignedUnit]:
    """Two parts aligned, the source side (src_*) the one main_part picks of the two (the earlier, `first`, on a tie):
    the document's main part is the source side of all its pairs."""
    if main_part([first, second]) == 1:
        first, second = second, first
    return _aligned_with_titles(first, second)


def _aligned_with_titles(src: Part, tgt: Part) -> list[AlignedUnit]:
    """align_parts, with a headline one side holds outside its paragraphs (a web page's title: docs/web.md) put back
    as that side's first paragraph while aligning, then taken out of the links: the other side's headline pairs with
    it and is left without a partner, instead of being paired with the paragraph after it (bench/alignment_raw.py
    --shapes html; docs/alignment.md "On real files").

    >>> en = Part("en", ["Leaders meet in Alaska", "The summit ended without a statement."], 1.0)
    >>> zh = Part("zh-Hant", ["雙方未能發表聯合聲明。"], 1.0, title="美俄峰會在阿拉斯加")
    >>> [(u.src_indices, u.tgt_indices) for u in _aligned_with_titles(en, zh) if u.level == "paragraph"]
    [((0,), ()), ((1,), (0,))]
    """
    lifted = [_lifted_title(src), _lifted_title(tgt)]
    if (lifted[0] is None) == (lifted[1] is None):
        return align_parts(src, tgt)
    side = 0 if lifted[0] is not None else 1
    title = lifted[side]
    assert title is not None  # the side with a lifted title, by the test above
    parts = [src, tgt]
    parts[side] = Part(parts[side].language, [title, *parts[side].paragraphs], parts[side].confidence)
    units = []
    for unit in align_parts(*parts):
        paragraphs = (unit.src_paragraphs, unit.tgt_paragraphs)[side]
        if 0 not in paragraphs:
            units.append(_shifted(unit, side))
        elif len(paragraphs) > 1:
            return align_parts(src, tgt)  # the headline merged with text: nothing to take out cleanly
        elif unit.level == "paragraph" and (unit.tgt_indices if side == 0 else unit.src_indices):
            units.append(_without_side(unit, side))  # its partner: now a paragraph without one (its sentences go)
    return units


def _lifted_title(part: Part) -> str | None:
    """The part's title when its paragraphs do not begin with it (part.title is a copy of a text file's headline)."""
    if not part.title or (
        part.paragraphs and " ".join(part.paragraphs[0].split()).casefold() == " ".join(part.title.split()).casefold()
    ):
        return None
    return part.title


def _shifted(unit: AlignedUnit, side: int) -> AlignedUnit:
    """The unit with one side's paragraphs counted without the headline put first."""
    paragraphs = tuple(index - 1 for index in (unit.src_paragraphs, unit.tgt_paragraphs)[side])
    indices = paragraphs if unit.level == "paragraph" else (unit.src_indices, unit.tgt_indices)[side]
    if side == 0:
        return replace(unit, src_indices=indices, src_paragraphs=paragraphs)
    return replace(unit, tgt_indices=indices, tgt_paragraphs=paragraphs)


def _without_side(unit: AlignedUnit, side: int) -> AlignedUnit:
    """A paragraph link to the headline put first, as the other side's paragraph without a partner."""
    if side == 0:
        return replace(unit, src_indices=(), src_paragraphs=(), src_text="", score=0.0)
    return replace(unit, tgt_indices=(), tgt_paragraphs=(), tgt_text="", score=0.0)
