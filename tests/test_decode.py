import codecs

import pytest

from tasks.model import Rejected
from tasks.steps.decode import decode
from tests.corpus import ntrex_articles, ntrex_lines

LEGACY = [
    ("zh-Hant", "big5", "big5"),
    ("zh-Hans", "gb18030", "gb18030"),
    ("zh-Hans", "gbk", "gb18030"),
    ("ja", "shift_jis", "shift_jis"),
    ("fr", "cp1252", "cp1252"),
    ("de", "cp1252", "cp1252"),
    ("es", "latin-1", "cp1252"),
    ("pt", "cp1252", "cp1252"),
    ("ru", "cp1251", "cp1251"),
]


@pytest.mark.parametrize(("language", "codec", "expected"), LEGACY)
def test_every_ntrex_article_in_a_legacy_encoding_decodes_to_its_text(language: str, codec: str, expected: str) -> None:
    for lines in ntrex_articles(language):
        text = "\n".join(lines).encode(codec, errors="ignore").decode(codec)
        decoded = decode(text.encode(codec))
        assert (decoded.text, decoded.encoding) == (text, expected), lines[0]


@pytest.mark.parametrize(
    ("language", "codec"), [("zh-Hant", "big5"), ("zh-Hans", "gb18030"), ("ja", "shift_jis"), ("fr", "cp1252")]
)
def test_single_lines_in_a_legacy_encoding_mostly_decode_right(language: str, codec: str) -> None:
    """Short inputs are where charset detectors fail; one line is the hardest case there is."""
    lines = [line for line in ntrex_lines(language) if line][:400]
    texts = [line.encode(codec, errors="ignore").decode(codec) for line in lines]
    assert sum(_decodes_to(text, codec) for text in texts) >= 0.98 * len(texts)


def _decodes_to(text: str, codec: str) -> bool:
    try:
        return decode(text.encode(codec)).text == text
    except Rejected:
        return False


def test_short_big5_is_not_read_as_korean(sample_path) -> None:
    heading = sample_path.read_text(encoding="utf-8").split("\n")[2][:11]  # 這次峰會召開的時機不佳
    decoded = decode(heading.encode("big5"))
    assert (decoded.text, decoded.encoding) == (heading, "big5")


def test_short_cp1252_is_not_read_as_central_european() -> None:
    text = "Café déjà vu, naïve résumé — “quotes”"
    assert decode(text.encode("cp1252")).text == text


@pytest.mark.parametrize(
    ("raw", "encoding", "had_bom"),
    [
        (codecs.BOM_UTF8 + "naïve 中文".encode(), "utf-8", True),
        ("naïve 中文".encode(), "utf-8", False),
        (codecs.BOM_UTF16_LE + "naïve 中文".encode("utf-16-le"), "utf-16-le", True),
        (codecs.BOM_UTF16_BE + "naïve 中文".encode("utf-16-be"), "utf-16-be", True),
        ("plain ASCII in UTF-16 without a BOM".encode("utf-16-le"), "utf-16-le", False),
        ("plain ASCII in UTF-16 without a BOM".encode("utf-16-be"), "utf-16-be", False),
    ],
)
def test_unicode_encodings(raw: bytes, encoding: str, had_bom: bool) -> None:
    decoded = decode(raw)
    assert (decoded.encoding, decoded.had_bom) == (encoding, had_bom)
    assert "\ufeff" not in decoded.text


def test_sample_is_utf8(sample_path) -> None:
    raw = sample_path.read_bytes()
    assert decode(raw).encoding == "utf-8"
    assert decode(raw).text == raw.decode("utf-8")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b" \r\n\t\n", "empty"),
        (codecs.BOM_UTF8, "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary"),
        (b"text\x00with\x00\x00NULs\x00everywhere\x00\x00\x00 and more\x00", "binary"),
        (bytes(range(0x80, 0x100)) * 4, "undecodable"),
    ],
)
def test_what_cannot_become_text_is_rejected_with_a_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(Rejected) as rejected:
        decode(raw)
    assert rejected.value.reason == reason
    assert rejected.value.detail
