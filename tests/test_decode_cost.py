"""decode's shortcuts decide what the full ranking decides: finalists pruned, letter-pair sums stopped at a floor, ceilings."""

import pytest

from tasks.steps import decode as decode_module
from tasks.steps import letters
from tasks.steps.letters import to_cp1258
from tests.corpus import ntrex_articles

RUSSIAN = "Президент выступил сегодня в Москве с новым обращением к гражданам страны."
SAMPLES = [
    ("国务院今天发布了新的经济政策，专家认为这将推动国内消费增长。北京的记者报道了会议的主要内容。", "gb18030"),
    ("臺灣的總統今天在臺北發表談話，呼籲各界共同面對經濟挑戰。記者在現場報導了演說的內容。", "big5"),
    ("日本の首相は東京で記者会見を開き、新しい経済対策を発表した。専門家はその効果に注目している。", "shift_jis"),
    ("대통령은 오늘 서울에서 기자회견을 열고 새로운 경제 정책을 발표했다.", "euc_kr"),
    (RUSSIAN, "koi8_r"),
    (RUSSIAN, "cp1251"),
    ("Le café est très chaud à Paris, l'été; où êtes-vous allé hier soir ?", "cp1252"),
    ("Příliš žluťoučký kůň úpěl ďábelské ódy, řekl předseda vlády.", "cp1250"),
    ("Η Αθήνα είναι η πρωτεύουσα της Ελλάδας και η μεγαλύτερη πόλη της.", "cp1253"),
    (to_cp1258("Thủ tướng Việt Nam phát biểu tại Hà Nội hôm nay."), "cp1258"),
]
LEGACY_ARTICLES = [
    ("zh-Hans", "gb18030"), ("zh-Hant", "big5"), ("ja", "shift_jis"), ("ko", "euc_kr"), ("ru", "cp1251"), ("fr", "cp1252")
]  # fmt: skip


def _readings(raw: bytes) -> list[decode_module.Reading]:
    sample = raw[: decode_module.SAMPLE_BYTES]
    return decode_module._legacy_readings(sample, complete=len(sample) == len(raw), declared=None)


def _same_up_to_the_first_finalist(readings: list[decode_module.Reading]) -> bool:
    """The pruned ranking's exact part is the full ranking's start, and walking it all gives the full ranking."""
    full = decode_module._ranked(readings)
    pruned, exact = decode_module._ranking(readings, prune=True)
    if exact is None:
        return pruned == full
    return pruned[:exact] == full[:exact] and list(decode_module._best_first(readings)) == full


@pytest.mark.parametrize(("text", "codec"), SAMPLES)
def test_the_pruned_ranking_starts_as_the_full_one(text: str, codec: str) -> None:
    assert _same_up_to_the_first_finalist(_readings(text.encode(codec)))


@pytest.mark.parametrize(("text", "codec"), SAMPLES)
def test_a_ceiling_is_never_below_the_pair_likelihood(text: str, codec: str) -> None:
    """Every finalist text of every sample (right and wrong decodings) under every language."""
    for reading in _readings(text.encode(codec)):
        folded = letters.fold(reading.decoded())
        pairs = letters.pair_counts(folded)
        for model in letters.models().values():
            assert model.ceiling(folded) >= model.log_likelihood(pairs)


def test_a_sum_stopped_at_a_floor_is_none_or_the_whole_sum_bit_for_bit() -> None:
    pairs = letters.pair_counts(letters.fold(RUSSIAN))
    for model in letters.models().values():
        whole = model.log_likelihood(pairs)
        assert model.log_likelihood(pairs, whole - 1e-9) == whole
        assert model.log_likelihood(pairs, whole) is None
        assert model.log_likelihood(pairs, whole / 2) is None


def test_every_model_only_lowers_a_sum() -> None:
    assert all(model.never_positive() for model in letters.models().values())


@pytest.mark.parametrize(("language", "codec"), LEGACY_ARTICLES)
def test_ntrex_articles_rank_the_same_with_finalists_pruned(language: str, codec: str) -> None:
    pruned_any = 0
    for lines in ntrex_articles(language):
        raw = "\n".join(lines).encode(codec, errors="ignore")
        readings = _readings(raw)
        assert _same_up_to_the_first_finalist(readings), lines[0]
        pruned_any += decode_module._ranking(readings, prune=True)[1] is not None
    assert pruned_any  # the shortcut is taken on real text, so the comparison above tests it
