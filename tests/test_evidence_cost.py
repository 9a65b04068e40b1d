"""The cheaper ways tasks/steps/evidence.py and lexicon.py find their keys give the keys the plain ways give, and the
aligner's shortcut over sentences' evidence leaves its links as they are (docs/alignment.md, cost)."""

from __future__ import annotations

import re

import pytest

import tasks.steps.align as align_module
from tasks.model import Part
from tasks.steps.align import align_parts
from tasks.steps.evidence import (
    _KOREAN_LATIN,
    _KOREAN_SPELLINGS,
    CALENDAR_NAMES,
    CALENDAR_WORDS,
    KOREAN_SKELETON,
    MIN_KOREAN_SKELETON,
    NAME_RUN,
    PLACE_NAMES,
    PLACE_TABLES,
    SEPARATOR,
    Evidence,
    _keys,
    calendar_keys,
    evidence_for,
    korean_name_skeletons,
    place_keys,
)
from tasks.steps.lexicon import Lexicon
from tests.corpus import ntrex_articles

PAIRS = [("ru", "en"), ("en", "ru"), ("ko", "en"), ("en", "ko"), ("fr", "en"), ("en", "vi"), ("vi", "en"), ("ja", "en")]
TEXTS = {
    "en": ["On Sunday, 30 September, the U.S. and NATO met.", "", "Schwarzenegger’s speech — “Why?”", "Ich sprach Deutsch."],
    "ru": ["В воскресенье 30 сентября США и НАТО встретились.", "", "Київ, Ґрузія: «Почему?»", "Ὀδυσσεύς ΣΊΣΥΦΟΣ İstanbul"],
    "ko": ["일요일 9월 30일 미국과 나토가 만났다.", "", "샌디에이고에서 트럼프?", "Seoul 서울 ㄱㄴ"],
    "fr": ["Le dimanche 30 septembre, les États-Unis?", "", "Élysée: «Pourquoi?»", "mars"],
    "vi": ["Hoa Kỳ và Triều Tiên?", "", "Chủ Nhật, 30 tháng 9", "Nhật Bản"],
    "ja": ["日曜、9月30日に米国とNATOが会った？", "", "「なぜ？」", "月曜"],
}


def present_evidence(language: str, other: str) -> Evidence:
    """evidence_for a pair that has some evidence, as every pair here has (None for a pair with none)."""
    evidence = evidence_for(language, other)
    assert evidence is not None, (language, other)
    return evidence


@pytest.mark.parametrize(("language", "other"), PAIRS)
def test_each_paragraphs_keys_are_those_of_the_paragraph_alone(language: str, other: str) -> None:
    evidence = present_evidence(language, other)
    texts = TEXTS[language]
    assert evidence.each(texts) == [evidence(text) for text in texts]
    assert any(evidence.each(texts)), "no key at all: the test would show nothing"


def test_a_paragraph_holding_the_separator_is_looked_through_alone() -> None:
    evidence = present_evidence("en", "ru")
    texts = [f"Monday{SEPARATOR}Referendum", "Tuesday"]
    assert evidence.each(texts) == [evidence(text) for text in texts]
    assert "@d1" in evidence.each(texts)[0] and "@d2" in evidence.each(texts)[1]


def test_names_in_each_text_keep_their_word_edges() -> None:
    """A name at a paragraph's edge counts as at a text's edge, a name inside a word as inside it."""
    russian = present_evidence("ru", "en")
    texts = ["США", "американский", "ВСША", "в мае"]
    assert russian.each(texts) == [russian(text) for text in texts]
    assert [place_keys(text, "ru") for text in texts[:3]] == [{"^us"}, {"^us"}, set()]
    assert calendar_keys(texts[3], "ru") == {"@m5"}


def test_english_keys_are_the_same_with_the_memo_cold_warm_and_cleared(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "The governments announced the election results; the government said the results stand."
    cold = Lexicon().english_keys(text)
    lexicon = Lexicon()
    lexicon.english_keys("An election. Governments.")
    assert lexicon.english_keys(text) == cold == {"&gover", "&annou", "&elect", "&resul", "&stand"}
    monkeypatch.setattr("tasks.steps.lexicon.MEMO_WORDS", 2)
    assert Lexicon().english_keys(text) == cold


def test_links_are_the_same_when_every_sentence_is_searched_for_evidence(monkeypatch: pytest.MonkeyPatch) -> None:
    """align_parts looks for a sentence's evidence only where its paragraph shares some with the other part: without
    that shortcut, the same units."""
    en = ["Police arrested a teenager. The referendum in Macedonia failed on Saturday.", "Talks go on. Nobody knows."]
    ru = ["Референдум в Македонии провалился в субботу.", "Полиция арестовала подростка.", "Переговоры идут. Никто не знает."]
    with_shortcut = align_parts(Part("en", en, 1.0), Part("ru", ru, 1.0))
    monkeypatch.setattr(align_module._Sentences, "share_evidence_with", lambda self, other: None)
    assert align_parts(Part("en", en, 1.0), Part("ru", ru, 1.0)) == with_shortcut
    assert any(unit.level == "sentence" and len(unit.src_indices) for unit in with_shortcut)


def test_real_articles_keys_of_each_paragraph_as_of_the_paragraph_alone() -> None:
    """NTREX-128 (../shared): every article's lines, in every pair with evidence, each kind looked for at once."""
    english = ntrex_articles("en")
    for language in ("ru", "ko", "fr", "es", "de", "pt", "vi", "ja"):
        other = ntrex_articles(language)
        for texts, (side, partner) in ((english, ("en", language)), (other, (language, "en"))):
            evidence = present_evidence(side, partner)
            for article in texts[:40]:
                assert evidence.each(article) == [evidence(line) for line in article], (side, partner)


def plain_names(names: dict[str, str]) -> re.Pattern[str]:
    """What Names.of compiled before its names were grouped by first letter: one plain alternation, longest first."""
    spelled = sorted({name for alternatives in names.values() for name in alternatives.split("|") if name}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, spelled)))


def matches(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    return [(*match.span(), match.group()) for match in pattern.finditer(text)]


@pytest.mark.parametrize("language", sorted(PLACE_NAMES))
def test_places_grouped_by_first_letter_match_as_the_plain_alternation(language: str) -> None:
    texts = [*TEXTS.get(language, []), "USAF and the USA, U.S.A. and U.K.; EUROPE, Europe and the European Union", "НАТОвский"]
    for text in texts:
        assert matches(PLACE_TABLES[language].pattern, text) == matches(plain_names(PLACE_NAMES[language]), text)


@pytest.mark.parametrize("language", sorted(CALENDAR_WORDS))
def test_calendar_names_grouped_by_first_letter_match_as_the_plain_alternation(language: str) -> None:
    days, months = CALENDAR_WORDS[language]
    plain = plain_names({str(n): name for n, name in enumerate(days.split() + months.split())})
    for text in [*TEXTS.get(language, []), "Sept September Sep. Mayday maio mai mars marzo martes", days + " " + months]:
        for cased in (text, text.lower()):
            assert matches(CALENDAR_NAMES[language].pattern, cased) == matches(plain, cased)


def whole_text_korean_name_keys(text: str) -> frozenset[str]:
    """korean_name_skeletons as it was before a word's keys were memoised: every word spelled at once."""
    runs = NAME_RUN.findall(text)
    words = [word for run in runs for word in ([run.replace(" ", ""), *run.split(" ")] if " " in run else [run])]
    spelled = " ".join(words).lower()
    for pattern, sound in _KOREAN_SPELLINGS:
        spelled = pattern.sub(sound, spelled)
    return _keys("&", spelled.translate(_KOREAN_LATIN), MIN_KOREAN_SKELETON, KOREAN_SKELETON)


def test_korean_name_keys_word_by_word_are_those_of_all_the_words_at_once() -> None:
    texts = [*TEXTS["en"], "Joko Widodo met Scherzer in San Diego", "Richard Church Phillips Xi Long Hugh", "no names here"]
    for text in texts:
        assert korean_name_skeletons(text) == whole_text_korean_name_keys(text)
    assert "&sntk" in korean_name_skeletons(texts[4])  # San Diego as one word


def test_real_articles_korean_name_keys_word_by_word_as_all_at_once() -> None:
    """NTREX-128 (../shared): every English line's keys as the whole line spelled at once gives them."""
    for article in ntrex_articles("en"):
        for line in article:
            assert korean_name_skeletons(line) == whole_text_korean_name_keys(line)
