"""The Unicode script of letters: the exact evidence language identification starts from."""

from __future__ import annotations

import re

import pytest

from bench import language_corpus as corpus
from tasks.steps.scripts import char_script, cjk_letter_class, script_counts
from tests.conftest import shared_path


@pytest.mark.parametrize(
    ("char", "script"),
    [
        ("a", "latin"),
        ("é", "latin"),
        ("ệ", "latin"),  # Vietnamese, Latin Extended Additional
        ("ж", "cyrillic"),
        ("漢", "han"),
        ("𠀋", "han"),  # CJK Extension B
        ("か", "kana"),
        ("カ", "kana"),
        ("ｶ", "kana"),  # halfwidth katakana
        ("ー", "kana"),  # the prolonged sound mark is a letter of Japanese
        ("한", "hangul"),
        ("α", "greek"),
        ("ا", "arabic"),
        ("1", None),
        ("，", None),
        ("・", None),  # the katakana middle dot separates names in Chinese text too: not evidence of Japanese
        ("\u3000", None),
    ],
)
def test_char_script(char: str, script: str | None) -> None:
    assert char_script(char) == script


def test_script_counts_ignore_everything_but_letters() -> None:
    assert script_counts("AM (議員) 2019, 「テスト」!") == {"latin": 2, "han": 2, "kana": 3}
    assert script_counts("12:30 — ，。") == {}


def test_every_corpus_line_shows_its_script() -> None:
    shared_path("corpus")
    expected = {"ja": "kana", "ko": "hangul", "zh-Hant": "han", "zh-Hans": "han", "ru": "cyrillic", "en": "latin"}
    for lang, script in expected.items():
        lines = [line for article in corpus.ntrex_articles() for line in article[lang]]
        without = [line for line in lines if not script_counts(line).get(script)]
        assert len(without) <= 1, without  # the one: a French sentence quoted alone in the Korean translation


def _counted_one_by_one(text: str) -> dict[str, int]:
    """What script_counts computes, the obvious way: every character's script, counted in order of first sight."""
    counts: dict[str, int] = {}
    for script in map(char_script, text):
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    return counts


def test_script_counts_equal_counting_one_character_at_a_time() -> None:
    shared_path("corpus")
    lines = [line for article in corpus.ntrex_articles() for lines in article.values() for line in lines]
    lines += [line for lines in corpus.sentences().values() for line in lines]
    lines += [
        "Ελληνικά και русский, עברית, العربية, हिन्दी, ไทย: 한국어 日本語 にほんご 中文",
        "ｶﾀｶﾅ ー・ 𠀋𡈽 \u3000 ²³ ½ Ⅻ ª º µ ß ÿ ǅ ﬁ \u0301 \ufa6e \U0002a6e0",  # edges of the ranges, marks, numbers
        "",
        "12:30 — ，。",
        "BBC Scotland 的 Alasdair Lamont 在 Tony Macaroni 球场說",  # mostly not ASCII, with ASCII letters
    ]
    different = [line for line in lines if script_counts(line) != _counted_one_by_one(line)]
    assert not different, different[:3]
    assert list(script_counts("ж a 漢 ж")) == ["latin", "cyrillic", "han"]  # ASCII letters first, then in order met


def test_the_cjk_letter_class_holds_exactly_the_letters_char_script_calls_cjk() -> None:
    letter = re.compile(r"[^\W\d_]")
    cjk = re.compile(cjk_letter_class())
    script_of = char_script.__wrapped__  # not through the cache: a million characters would only evict it
    for code in range(0x110000):
        char = chr(code)
        if letter.match(char):
            assert bool(cjk.match(char)) == (script_of(char) in ("han", "kana", "hangul")), hex(code)
