"""Mojibake that lost bytes: UTF-8 read through cp1252, its five undefined bytes replaced or dropped."""

from __future__ import annotations

import pytest

from bench.encoding_corpus import held_out_half
from bench.mojibake import lossy
from tasks.steps.lost_bytes import HINT, restore_lost_bytes
from tasks.steps.repair import repair
from tests.conftest import shared_path

HEADLINE = "日本の首相は東京で会見した"


@pytest.mark.parametrize("mode", ["c1", "fffd", "drop"])
def test_a_japanese_headline_read_through_cp1252_comes_back(mode: str) -> None:
    mojibake = lossy(HEADLINE, mode)
    assert mojibake != HEADLINE
    text, codes = repair(mojibake)
    assert (text, codes) == (HEADLINE, ["mojibake_repaired"])


@pytest.mark.parametrize(
    "text",
    ["Le café est très chaud", "Grüße aus Köln — „Zitat“", "Ã‰tat sans perte", "price: 5 € ± 2"],
)
def test_text_without_lost_bytes_is_left_to_ftfy(text: str) -> None:
    assert restore_lost_bytes(text) is None


def test_only_the_damaged_line_is_rewritten() -> None:
    text = "Première ligne, intacte.\n" + lossy(HEADLINE, "fffd") + "\nDernière ligne."
    assert restore_lost_bytes(text) == f"Première ligne, intacte.\n{HEADLINE}\nDernière ligne."


def test_a_soft_hyphen_inside_mojibake_is_not_stripped_before_ftfy_sees_it() -> None:
    # 中 is E4 B8 AD in UTF-8; read as cp1252 its last byte is U+00AD, a soft hyphen
    assert repair("中文".encode().decode("cp1252"))[0] == "中文"
    assert repair("Bogotá é tí".encode().decode("cp1252"))[0] == "Bogotá é tí"


@pytest.mark.parametrize("language", ["ja", "zh-Hans", "ko"])
def test_no_held_out_line_keeps_mojibake_when_cp1252_replaced_the_lost_bytes(language: str) -> None:
    shared_path("corpus", "parallel", "ntrex128")
    lines = [line for article in held_out_half(language) for line in article][:150]
    repaired = [repair(lossy(line, "fffd"))[0] for line in lines]
    assert not [text for text in repaired if HINT.search(text) or "\ufffd" in text]
    # the byte put back is a guess among five: most characters come back right
    right = sum(sum(a == b for a, b in zip(got, line, strict=True)) for got, line in zip(repaired, lines, strict=True))
    assert right >= 0.7 * sum(map(len, lines))


@pytest.mark.parametrize("language", ["ja", "zh-Hant", "ko"])
def test_held_out_lines_whose_lost_bytes_were_kept_as_c1_controls_come_back_exactly(language: str) -> None:
    shared_path("corpus", "parallel", "ntrex128")
    lines = [line for article in held_out_half(language) for line in article][:150]
    assert [repair(lossy(line, "c1"))[0] for line in lines] == lines
