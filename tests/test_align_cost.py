"""The shortcuts tasks/steps/align.py takes to cost less: each gives what the longer way gives."""

from __future__ import annotations

import math
import re
import unicodedata

import pytest

import tasks.steps.align as align_module
from tasks.model import Part
from tasks.steps.align import COGNATE_PREFIX, WORD_START, _Sentences, align, anchors
from tests.corpus import ntrex_articles

# What WORD_START replaced: a look-behind tried at every character (the same matches, at a higher cost)
LOOK_BEHIND_WORD_START = re.compile(rf"(?<![A-Za-z])[A-Za-z]{{{COGNATE_PREFIX}}}")


def cognates(text: str) -> set[str]:
    return {anchor for anchor in anchors(text) if anchor.startswith("~")}


def test_cognate_prefixes_are_the_first_letters_of_each_word_of_five_letters_or_more() -> None:
    assert cognates("The referendum on wordsmithing: abcd, 5abcde and x-rays.") == {"~refer", "~words", "~abcde"}
    assert cognates("Le référendum a eu lieu.") == {"~refer"}  # accents dropped first
    assert cognates("A cat, a dog.") == set()


@pytest.mark.parametrize(
    "text",
    ["wordsmithing", "abcd abcde abcdef", "5abcde_fghij-klmno", "x" * 11, "ab cdefg hi jklmnopq", "", "Ünter Straße éditeur"],
)
def test_cognate_prefixes_are_found_as_the_look_behind_found_them(text: str) -> None:
    assert WORD_START.findall(text.lower()) == LOOK_BEHIND_WORD_START.findall(text.lower())


def sentence_anchors(part: Part, cognate: bool, sounds: bool) -> list[frozenset[str]]:
    """Every sentence's anchors, looked for in each sentence: what anchors_within must give."""
    found = _Sentences.of(part, cognate, sounds)
    return [anchors(sentence, cognate, sounds=sounds) for sentence in found.within(tuple(range(len(part.paragraphs))))]


def test_a_one_sentence_paragraph_lends_its_anchors_to_its_sentence() -> None:
    part = Part("en", ["  Trump met Putin in 2025.  ", "Putin spoke first. Then NATO met in Brussels.", "- Talks go on."], 1.0)
    found = _Sentences.of(part, True, False)
    assert found.anchors_within((0, 1, 2)) == sentence_anchors(part, True, False)
    assert "trump" not in found.anchors_within((0,))[0]  # the first word of the sentence, as of the paragraph
    assert "putin" not in found.anchors_within((1,))[0] and "nato" in found.anchors_within((1,))[1]


@pytest.mark.parametrize(("language", "cognate", "sounds"), [("fr", True, False), ("ja", False, True), ("zh-Hant", False, False)])
def test_sentence_anchors_of_real_articles_are_those_of_each_sentence(language: str, cognate: bool, sounds: bool) -> None:
    """NTREX-128 (../shared): paragraphs of 1 to 3 lines of articles in English and in another language."""
    for lang in ("en", language):
        for article in ntrex_articles(lang)[:30]:
            lines = list(article)
            paragraphs = [" ".join(lines[i : i + size]) for i, size in zip(range(0, len(lines), 2), [1, 3, 2] * 20, strict=False)]
            part = Part(lang, paragraphs, 1.0)
            assert _Sentences.of(part, cognate, sounds).anchors_within(tuple(range(len(paragraphs)))) == sentence_anchors(
                part, cognate, sounds
            )


def test_a_diagonal_taken_without_the_table_is_what_the_table_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    """NTREX-128 (../shared): articles in English and another language, one paragraph of the other cut short, so that
    its pair costs more; wherever the diagonal is taken without the table (CLEAR_LINK_COST), the table gives it too,
    also for the pairs costing between the old threshold (2) and this one."""
    english = ntrex_articles("en")
    above_the_old_threshold = 0
    for language in ("de", "zh-Hant", "ja", "ru"):
        for number, article in enumerate(ntrex_articles(language)[:40]):
            src = [" ".join(english[number][i : i + 2]) for i in range(0, len(article), 2)]
            tgt = [" ".join(article[i : i + 2]) for i in range(0, len(article), 2)]
            tgt[len(tgt) // 2] = tgt[len(tgt) // 2][: len(tgt[len(tgt) // 2]) * 2 // 3]
            shortcut = align(src, tgt, "en", language)
            scores = [link.score for link in shortcut]
            with monkeypatch.context() as patch:
                patch.setattr(align_module, "CLEAR_LINK_COST", -1.0)
                patch.setattr(align_module, "DEAR_PAIR_COST", -1.0)
                assert align(src, tgt, "en", language) == shortcut, (language, number)
            diagonal = all(link.src == link.tgt and len(link.src) == 1 for link in shortcut)
            if diagonal and math.exp(-align_module.CLEAR_LINK_COST) <= min(scores) < math.exp(-2.0):
                above_the_old_threshold += 1
    assert above_the_old_threshold > 0


def test_one_dear_pair_but_not_the_last_is_taken_without_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """A paragraph of the translation cut in half: its pair costs more than CLEAR_LINK_COST. Inside the document the
    diagonal is taken without the table (DEAR_PAIR_COST), and the table gives it too; as the last pair, the table is
    consulted, and it leaves both paragraphs without a partner."""
    en = ["Harbour council approves new ferry timetable", "The council voted on 12 March to add 4 evening crossings."]
    en += ["Councillor Anna Smith said the vote was “a good day for the islands”.", "It will be reviewed after 6 months."]
    zh = ["港務委員會通過渡輪新時刻表", "委員會3月12日表決，增加4班晚間航班。", "議員Anna Smith說，這次表決是「島民的好日子」。"]
    zh.append("新時刻表將在6個月後檢討。")
    tables: list[str] = []  # the dynamic programme's two ways in, each called through
    for name in ("_link_costs", "_lazy_best_path"):
        way = getattr(align_module, name)
        # append's None makes `or` go on to the call (mypy flags the idiom, not an error)
        monkeypatch.setattr(align_module, name, lambda *args, way=way, name=name: tables.append(name) or way(*args))  # type: ignore[func-returns-value]
    assert align(en, zh, "en", "zh-Hant") and not tables  # clear: no table
    cut = [*zh[:2], zh[2][: len(zh[2]) // 2], zh[3]]
    shortcut = align(en, cut, "en", "zh-Hant")
    assert not tables
    assert [(link.src, link.tgt) for link in shortcut] == [((i,), (i,)) for i in range(4)]
    assert math.exp(-align_module.DEAR_PAIR_COST) <= shortcut[2].score < math.exp(-align_module.CLEAR_LINK_COST)
    with monkeypatch.context() as patch:
        patch.setattr(align_module, "CLEAR_LINK_COST", -1.0)
        patch.setattr(align_module, "DEAR_PAIR_COST", -1.0)
        assert align(en, cut, "en", "zh-Hant") == shortcut
    assert tables
    tables.clear()
    last_cut = [*zh[:3], zh[3][: len(zh[3]) // 2]]
    assert [(link.src, link.tgt) for link in align(en, last_cut, "en", "zh-Hant")][-2:] == [((), (3,)), ((3,), ())]
    assert tables


@pytest.mark.parametrize(
    ("text", "start", "first"),
    [("Trump met Putin.", 0, "trump"), ("  Trump met Putin.", 0, "trump"), ("1.  Trump met", 2, "trump"), ("  ", 0, "")],
)
def test_a_texts_first_word_is_found_past_spaces_as_after_stripping_them(text: str, start: int, first: str) -> None:
    assert align_module._first_word(text, start) == first
    assert align_module._first_word(text.strip(), 0) == (first if text.strip()[:1].isalpha() else "")


def test_numbers_and_names_found_at_once_are_those_found_one_by_one() -> None:
    found = anchors("  1. On 3,000 or 3.000 sites in 2025, Trump and NATO (U.S.) met: 1.5% more.", cognates=False)
    assert found == {"#", "1", "3000", "2025", "15", "trump", "nato", "u", "s"}  # "On" begins the text: not a name
    assert anchors("no name, no number.", cognates=False) == frozenset()


@pytest.mark.parametrize(
    "text",
    [
        "川普於２０２５年８月會面，ＮＡＴＯ「表示關切」",  # fullwidth digits, letters and punctuation among Han
        "①ＡＢ ｶﾞｲﾄﾞ",  # other compatibility characters too (circled digit, halfwidth katakana): NFKC itself runs
        "Ａ\u0301 ＩＩ\u0308",  # a fullwidth letter and a combining mark: composed only after the replacement
        "no fullwidth at all, ﬁne",  # the ligature is compatibility text too
        "",
    ],
)
def test_fullwidth_text_is_made_nfkc_as_unicodedata_makes_it(text: str) -> None:
    assert align_module._nfkc(text) == unicodedata.normalize("NFKC", text)


def test_real_text_is_made_nfkc_as_unicodedata_makes_it() -> None:
    """NTREX-128 (../shared): every line of the Chinese and Japanese articles, with its ASCII made fullwidth too."""
    wide = str.maketrans({code: code + 0xFEE0 for code in range(0x21, 0x7F)})
    for language in ("zh-Hant", "zh-Hans", "ja"):
        for article in ntrex_articles(language)[:40]:
            for line in article:
                for text in (line, line.translate(wide)):
                    assert align_module._nfkc(text) == unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize(
    "text",
    ["Trump met Putin.", "Trump", "NATO met. Trump spoke.", "The US and NATO.", "1. Trump met", "  Trump met", "trump met Trump"],
)
def test_a_first_word_found_among_the_names_is_the_first_word_found_alone(text: str) -> None:
    names = {anchor for anchor in anchors(text, cognates=False) if anchor.isalpha()}
    every_name = {name.lower() for name in align_module.NAME.findall(text)}
    assert names == every_name - {align_module._first_word(text, m.end() if (m := align_module.LIST_MARKER.match(text)) else 0)}
