"""The preparation of a part for tasks/steps/align.py (its sentences, anchors, meanings, evidence) done the cheaper way
gives what the longer way gives."""

from __future__ import annotations

import unicodedata

import pytest

from tasks.model import Part
from tasks.steps.align import (
    ABBREVIATION,
    COGNATE_KEY,
    COMBINING_MARKS,
    DOUBLED_CAPITAL,
    WORD_START,
    _after_abbreviation,
    _letters_only,
    _Sentences,
    _sentences,
    _without_accents,
    anchors,
)
from tasks.steps.evidence import evidence_for
from tasks.steps.lexicon import lexical_keys
from tests.corpus import ntrex_lines

LATIN = ("en", "fr", "de", "es", "pt", "vi", "cs", "pl", "tr", "ro")


def prefix_keys(text: str) -> set[str]:
    """The cognate keys as WORD_START finds them in the lower-cased text: what COGNATE_KEY must find."""
    return {"~" + prefix for prefix in WORD_START.findall(text.lower())}


def searched_abbreviation(paragraph: str, at: int) -> bool:
    """The two searches _after_abbreviation saves where it can."""
    return bool(
        ABBREVIATION.search(paragraph, max(0, at - 8), at + 1) or DOUBLED_CAPITAL.search(paragraph, max(0, at - 3), at + 1)
    )


@pytest.mark.parametrize(
    "text",
    [
        "The referendum on wordsmithing: abcd, 5abcde_fghij-klmno and x-rays.",
        "Ünter Straße éditeur “quoted” — naïve façade",
        "İstanbul KELVIN \u212aelvin (U.S.) ABCDEFG",  # lower-case to ASCII letters: the Kelvin sign, the dotted capital I
        "",
        "abcd",
        "x" * 11,
    ],
)
def test_cognate_keys_are_the_prefixes_word_start_finds(text: str) -> None:
    assert set(COGNATE_KEY.findall(_letters_only(text))) == prefix_keys(text)


def test_cognate_keys_agree_around_every_character() -> None:
    """Each code point of the Basic Multilingual Plane (every one that lower-cases to ASCII is there) between letters,
    before a capital and repeated: a letter to WORD_START only if it is one to _letters_only too."""
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        character = chr(code)
        text = f"xyzab{character}qrstu {character}Abcdef {character * 6}"
        assert set(COGNATE_KEY.findall(_letters_only(text))) == prefix_keys(text), hex(code)


@pytest.mark.parametrize("language", LATIN)
def test_cognate_keys_of_real_text_are_the_prefixes_word_start_finds(language: str) -> None:
    """NTREX-128 (../shared): every line, and every line with its accents dropped as anchors() drops them."""
    for line in ntrex_lines(language):
        for text in (line, _without_accents(line)):
            assert set(COGNATE_KEY.findall(_letters_only(text))) == prefix_keys(text)


@pytest.mark.parametrize(
    ("text", "at", "expected"),
    [("Mr. Trump", 2, True), ("Los EE. UU. siguen", 6, True), ("e.g. more", 3, True), ("It rained. Then", 9, False)],
)
def test_an_abbreviation_is_found_as_the_searches_find_it(text: str, at: int, expected: bool) -> None:
    assert _after_abbreviation(text, at) == searched_abbreviation(text, at) == expected


def test_no_search_is_needed_after_four_letters_anywhere() -> None:
    """Every mark of short texts built from capitals, letters, spaces, brackets and dots: the shortcut never differs."""
    alphabet = "Aa (.Z"
    texts = [""]
    for _ in range(6):
        texts = [text + character for text in texts for character in alphabet]
    for text in texts:
        for at, character in enumerate(text):
            if character == ".":
                assert _after_abbreviation(text, at) == searched_abbreviation(text, at), (text, at)


@pytest.mark.parametrize("language", ["en", "fr", "es", "de", "ru", "zh-Hant", "ja", "ko", "vi"])
def test_sentences_of_real_text_find_the_abbreviations_the_searches_find(language: str) -> None:
    """NTREX-128 (../shared): lines joined three at a time; every mark the splitter looks at."""
    lines = ntrex_lines(language)
    for start in range(0, len(lines), 3):
        paragraph = " ".join(lines[start : start + 3])
        for at, character in enumerate(paragraph):
            if character in ".!?":
                assert _after_abbreviation(paragraph, at) == searched_abbreviation(paragraph, at)
        assert _sentences(paragraph, language)


def test_a_part_holds_its_anchors_meanings_and_evidence_in_one_set_per_paragraph() -> None:
    english = Part("en", ["On Sunday the government met NATO in Moscow.", "Talks go on. The referendum failed."], 1.0)
    russian = Part("ru", ["В воскресенье правительство встретилось с НАТО.", "Переговоры продолжаются."], 1.0)
    for part, other, lexical in ((english, "ru", False), (english, "zh-Hant", True), (russian, "en", False)):
        evidence = evidence_for(part.language, other)
        found = _Sentences.of(part, False, False, lexical, evidence)
        for index, paragraph in enumerate(part.paragraphs):
            sentences = _sentences(paragraph, part.language)
            expected = set(anchors(paragraph, False, sentences))
            if lexical:
                expected |= set().union(*(lexical_keys(sentence, part.language) for sentence in sentences))
            if evidence:
                expected |= evidence(paragraph)
            assert found.paragraph_anchors[index] == expected
            assert isinstance(found.paragraph_anchors[index], frozenset)
    assert "@d7" in _Sentences.of(russian, False, False, False, evidence_for("ru", "en")).paragraph_anchors[0]


def test_the_evidence_of_a_pair_of_languages_is_built_once() -> None:
    assert evidence_for("ru", "en") is evidence_for("ru", "en")
    assert evidence_for("en", "ru") is not evidence_for("ru", "en")
    assert evidence_for("en", "zh-Hant") is None


def nfd_unaccented(text: str) -> str:
    """What _without_accents must give: NFD, combining marks dropped."""
    return COMBINING_MARKS.sub("", unicodedata.normalize("NFD", text))


def test_accents_are_dropped_as_nfd_drops_them_from_every_windows_1252_character() -> None:
    characters = bytes(range(256)).decode("cp1252", "ignore")
    texts = [characters, "Nguyễn Thị Ánh", "e\u0301tat", "Å\u212b ǅ ω\u0301 한국", characters + "\u0301"]
    for text in texts + [f"a{character}b" for character in characters]:
        assert _without_accents(text) == nfd_unaccented(text)


@pytest.mark.parametrize("language", LATIN)
def test_accents_of_real_text_are_dropped_as_nfd_drops_them(language: str) -> None:
    """NTREX-128 (../shared): every line."""
    for line in ntrex_lines(language):
        assert _without_accents(line) == nfd_unaccented(line)


def test_a_paragraph_shares_evidence_as_with_the_other_parts_anchors() -> None:
    """Which paragraphs hold an evidence key the other part holds, looked for in the other part's evidence: what
    looking in all its anchors (names, numbers, meanings too) finds."""
    pairs = [
        (Part("en", ["On Sunday NATO met.", "The US and Russia.", "No date here."], 1.0), "ru"),
        (Part("ru", ["В воскресенье НАТО.", "США и Россия.", "Референдум."], 1.0), "en"),
        (Part("en", ["President Trump in San Diego.", "On Monday, in May."], 1.0), "ko"),
        (Part("ko", ["트럼프 대통령은 샌디에이고에서", "월요일 5월 미국"], 1.0), "en"),
        (Part("en", ["Is it Monday? The government met.", "Tokyo, 10 May."], 1.0), "ja"),
        (Part("ja", ["月曜日か？政府は会った。", "東京、5月10日。"], 1.0), "en"),
    ]
    prepared = {
        part.language + ">" + other: _Sentences.of(part, False, False, False, evidence_for(part.language, other))
        for part, other in pairs
    }
    for mine, theirs in (("en>ru", "ru>en"), ("en>ko", "ko>en"), ("en>ja", "ja>en")):
        for side, other in ((prepared[mine], prepared[theirs]), (prepared[theirs], prepared[mine])):
            side.share_evidence_with(other)
            held = frozenset().union(*other.paragraph_anchors)
            assert side.paragraph_evidence is not None  # prepared with evidence
            assert side.evidence_shared == [not keys.isdisjoint(held) for keys in side.paragraph_evidence]
    assert prepared["en>ru"].evidence_shared == [True, True, False]
