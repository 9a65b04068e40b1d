"""Language per paragraph: Unicode script first, seeded langdetect only where script leaves a choice.

- Hangul means Korean, Kana means Japanese, Han without either is Chinese
  (langdetect calls Traditional Chinese Korean, so it is never asked about Han
  text). Traditional vs Simplified comes from characters that exist in only
  one of the two systems (CC-CEDICT tables, via hanzidentifier); text with only
  shared characters follows the document.
- Other scripts go to langdetect, seeded, optionally restricted to a set of
  expected languages.
- Short lines (headings, bylines, dates) and lines without letters take the
  language of their neighbours, within the same script family.

See docs/language.md for how `language_confidence` is computed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hanzidentifier import helpers as hanzi
from langdetect import DetectorFactory, detector_factory
from langdetect.lang_detect_exception import LangDetectException

from tasks.scripts import script_counts

DetectorFactory.seed = 0
detector_factory.init_factory()  # langdetect loads its profiles lazily and not thread-safely: do it once, here.

MIN_LETTERS = 20  # fewer letters than this in a non-CJK paragraph: too short to trust alone
CHINESE_DEFAULT = "zh-Hans"
UNDETERMINED = "und"
LANGDETECT_TO_BCP47 = {"zh-cn": "zh-Hans", "zh-tw": "zh-Hant"}
BCP47_TO_LANGDETECT = {v: k for k, v in LANGDETECT_TO_BCP47.items()}

TRADITIONAL_ONLY = frozenset(hanzi.TRADITIONAL_CHARACTERS - hanzi.SHARED_CHARACTERS)
SIMPLIFIED_ONLY = frozenset(hanzi.SIMPLIFIED_CHARACTERS - hanzi.SHARED_CHARACTERS)


@dataclass(frozen=True)
class Guess:
    language: str  # BCP 47
    confidence: float  # 0..1, see docs/language.md
    method: str  # "script", "langdetect", "context" or "none"


@dataclass(frozen=True)
class _Evidence:
    family: str  # "chinese", "ja", "ko", "alphabetic" or "none"
    guess: Guess | None  # the paragraph's own, trustworthy guess, if any
    weak: Guess | None = None  # an own guess too short to trust over its neighbours


def identify_paragraphs(paragraphs: list[str], languages: Iterable[str] | None = None) -> list[Guess]:
    """One Guess per paragraph, in order. `languages` restricts langdetect's candidates."""
    allowed = frozenset(languages) if languages else None
    evidence = [_evidence(p, allowed) for p in paragraphs]
    chinese_variant = _document_chinese_variant(evidence)
    guesses = [
        ev.guess or _from_context(i, evidence, chinese_variant) or ev.weak or Guess(UNDETERMINED, 0.0, "none")
        for i, ev in enumerate(evidence)
    ]
    return guesses


def _evidence(paragraph: str, allowed: frozenset[str] | None) -> _Evidence:
    counts = script_counts(paragraph)
    letters = sum(counts.values())
    if not letters:
        return _Evidence("none", None)
    han, kana, hangul = counts.get("han", 0), counts.get("kana", 0), counts.get("hangul", 0)
    cjk = han + kana + hangul
    if cjk * 2 >= letters:
        if hangul and hangul >= kana:
            return _Evidence("ko", Guess("ko", cjk / letters, "script"))
        if kana:
            return _Evidence("ja", Guess("ja", cjk / letters, "script"))
        return _Evidence("chinese", _chinese_variant(paragraph), Guess(CHINESE_DEFAULT, 0.5, "script"))
    guess = detect(paragraph, allowed)
    if letters < MIN_LETTERS:
        return _Evidence("alphabetic", None, guess)
    return _Evidence("alphabetic", guess)


def _chinese_variant(text: str) -> Guess | None:
    """zh-Hant or zh-Hans when the text has characters of only one system, else None."""
    traditional = sum(1 for c in text if c in TRADITIONAL_ONLY)
    simplified = sum(1 for c in text if c in SIMPLIFIED_ONLY)
    if traditional == simplified:
        return None
    language = "zh-Hant" if traditional > simplified else "zh-Hans"
    return Guess(language, max(traditional, simplified) / (traditional + simplified), "script")


def _document_chinese_variant(evidence: list[_Evidence]) -> Guess | None:
    votes: dict[str, float] = {}
    for ev in evidence:
        if ev.family == "chinese" and ev.guess:
            votes[ev.guess.language] = votes.get(ev.guess.language, 0.0) + ev.guess.confidence
    if not votes:
        return None
    language = max(sorted(votes), key=votes.__getitem__)
    return Guess(language, votes[language] / sum(votes.values()), "context")


def _from_context(index: int, evidence: list[_Evidence], chinese_variant: Guess | None) -> Guess | None:
    family = evidence[index].family
    if family == "chinese" and chinese_variant:
        return chinese_variant
    for neighbour in _neighbours(index, len(evidence)):
        other = evidence[neighbour]
        if other.guess and (family == "none" or _same_family(family, other)):
            return Guess(other.guess.language, other.guess.confidence, "context")
    return None


def _same_family(family: str, other: _Evidence) -> bool:
    if family == "chinese":
        return other.family == "chinese"
    return other.family == family


def _neighbours(index: int, count: int) -> Iterable[int]:
    """Next, previous, then further out: a heading belongs to what follows it."""
    for distance in range(1, count):
        for neighbour in (index + distance, index - distance):
            if 0 <= neighbour < count:
                yield neighbour


def detect(text: str, allowed: frozenset[str] | None = None) -> Guess:
    """Seeded langdetect, mapped to BCP 47; restricted to `allowed` languages when given."""
    detector = detector_factory._factory.create()
    if allowed:
        detector.set_prior_map({BCP47_TO_LANGDETECT.get(lang, lang): 1.0 for lang in allowed})
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return Guess(UNDETERMINED, 0.0, "none")
    return Guess(LANGDETECT_TO_BCP47.get(best.lang, best.lang), float(best.prob), "langdetect")
