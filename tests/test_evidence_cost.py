"""The cheaper ways tasks/steps/evidence.py and lexicon.py find their keys give the keys the plain ways give, and the
aligner's shortcut over sentences' evidence leaves its links as they are (docs/alignment.md, cost)."""

from __future__ import annotations

import pytest

import tasks.steps.align as align_module
from tasks.model import Part
from tasks.steps.align import align_parts
from tasks.steps.evidence import SEPARATOR, calendar_keys, evidence_for, place_keys
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


@pytest.mark.parametrize(("language", "other"), PAIRS)
def test_each_paragraphs_keys_are_those_of_the_paragraph_alone(language: str, other: str) -> None:
    evidence = evidence_for(language, other)
    texts = TEXTS[language]
    assert evidence.each(texts) == [evidence(text) for text in texts]
    assert any(evidence.each(texts)), "no key at all: the test would show nothing"


def test_a_paragraph_holding_the_separator_is_looked_through_alone() -> None:
    evidence = evidence_for("en", "ru")
    texts = [f"Monday{SEPARATOR}Referendum", "Tuesday"]
    assert evidence.each(texts) == [evidence(text) for text in texts]
    assert "@d1" in evidence.each(texts)[0] and "@d2" in evidence.each(texts)[1]


def test_names_in_each_text_keep_their_word_edges() -> None:
    """A name at a paragraph's edge counts as at a text's edge, a name inside a word as inside it."""
    russian = evidence_for("ru", "en")
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
            evidence = evidence_for(side, partner)
            for article in texts[:40]:
                assert evidence.each(article) == [evidence(line) for line in article], (side, partner)
