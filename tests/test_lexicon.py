"""The Chinese-English lexicon (tasks/steps/lexicon.py) and what it settles in the aligner (tasks/steps/align.py)."""

from __future__ import annotations

import pytest

import tasks.steps.align as align_module
from tasks.model import Part
from tasks.steps.align import align_parts
from tasks.steps.lexicon import english_key, gloss_keys, has_lexicon, lexical_keys
from tests.corpus import ntrex_articles

EN = [
    "The government announced a new plan to build schools in the villages.",
    "Farmers complained that the rain had destroyed much of the harvest this autumn.",
    "Teachers welcomed the plan, saying that children walk for hours to reach a school.",
    "The minister promised that the first schools would open next year.",
]
ZH = [  # EN without its second paragraph
    "政府宣布了一項在鄉村興建學校的新計劃。",
    "教師歡迎這項計劃,表示兒童要步行數小時才能到達學校。",
    "部長承諾第一批學校將於明年開放。",
]


def paragraph_links(src: Part, tgt: Part) -> list[tuple]:
    return [(unit.src_indices, unit.tgt_indices) for unit in align_parts(src, tgt) if unit.level == "paragraph"]


def test_the_lexicon_finds_the_partner_of_a_chinese_paragraph_that_lengths_alone_get_wrong(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No name or number on either side: by length, the last English paragraph is the one the Chinese leaves out;
    the words say it is the second (農民, 收成 are in no Chinese paragraph)."""
    en, zh = Part("en", EN, 1.0), Part("zh-Hant", ZH, 1.0)
    assert paragraph_links(en, zh) == [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,))]
    monkeypatch.setattr(align_module, "has_lexicon", lambda *languages: False)
    assert paragraph_links(en, zh) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), ())]


def test_the_numpy_tables_and_the_lazy_programme_agree_with_the_lexicon(monkeypatch: pytest.MonkeyPatch) -> None:
    en, zh = Part("en", EN + EN[:2], 1.0), Part("zh-Hans", [*ZH, "政府宣布了新计划。"], 1.0)
    ways = []
    for small_table in (0, 10_000):
        monkeypatch.setattr(align_module, "SMALL_TABLE", small_table)
        ways.append(align_parts(en, zh))
    assert ways[0] == ways[1]


def test_traditional_and_simplified_words_meet_the_english_words_they_translate() -> None:
    english = lexical_keys("Elections: the governments of both countries announced the results.", "en")
    for chinese, language in (("兩國政府宣布了選舉結果", "zh-Hant"), ("两国政府宣布了选举结果", "zh-Hans")):
        assert {"&elect", "&gover", "&annou", "&resul", "&count"} <= lexical_keys(chinese, language) & english
    # kanji compounds written as in Chinese (政府, 結果) meet theirs, and so do those written in shinjitai forms
    # (選挙: 挙 for 舉, through OpenCC's JPVariants table)
    assert lexical_keys("政府は選挙の結果を発表した", "ja") & english == {"&gover", "&resul", "&elect"}
    assert lexical_keys("the and of said", "en") == set()


def test_glosses_that_name_no_meaning_give_no_key() -> None:
    assert gloss_keys("surname Wang/variant of 王[wang2]/CL:個|个[ge4]/king; monarch") == ["king", "monar"]
    assert english_key("schools") == english_key("school") == "schoo"
    assert has_lexicon("en", "zh-Hans") and not has_lexicon("zh-Hant", "zh-Hans") and not has_lexicon("en", "ko")


def test_a_chinese_line_shares_more_meanings_with_its_english_line_than_with_the_next_one() -> None:
    """NTREX-128 (../shared): over 20 articles, the share of an English line's keys found in its Chinese translation
    against that found in the next line's translation."""
    english, chinese = ntrex_articles("en"), ntrex_articles("zh-Hant")
    own, next_ones = [], []
    for number in range(20):
        en_lines, zh_lines = english[number], chinese[number]
        for index in range(min(len(en_lines), len(zh_lines)) - 1):
            keys = lexical_keys(en_lines[index], "en")
            if keys:
                own.append(len(keys & lexical_keys(zh_lines[index], "zh-Hant")) / len(keys))
                next_ones.append(len(keys & lexical_keys(zh_lines[index + 1], "zh-Hant")) / len(keys))
    assert len(own) > 100
    assert sum(own) / len(own) > 2 * sum(next_ones) / len(next_ones)


def test_japanese_shinjitai_compounds_meet_the_english_words_they_translate() -> None:
    """経済 (經濟), 経験 (經驗), 選挙 (選舉) are CC-CEDICT headwords only in their Traditional or Simplified forms."""
    english = lexical_keys("The economy, the election and my experience.", "en")
    assert {"&econo", "&elect", "&exper"} <= lexical_keys("経済と選挙、そして私の経験", "ja") & english
