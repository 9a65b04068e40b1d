"""Files shaped like real archives, not like the letter tables: the evidence far from the start, or a page that lies.

bench/encoding_shapes.py measures every shape in every code page; these are the failures it found, fixed.
"""

import pytest

from bench import encoding_shapes
from tasks.model import Rejected
from tasks.steps import decode as decode_module
from tasks.steps.decode import ENCODING_NAMES, decode
from tasks.steps.html import decode_page
from tests.corpus import ntrex_articles

PREAMBLE = "\n".join(
    f"Paragraph {number}: the wire desk sent this story to every subscriber, who may reprint it in full with credit."
    for number in range(16)
)  # about 1.7 KB of ASCII: far more than the 512 bytes the letter models score
BODIES = {
    "big5": "臺灣的總統今天在臺北發表談話，呼籲各界共同面對經濟挑戰。記者在現場報導了演說的內容。",
    "gb18030": "国务院今天发布了新的经济政策，专家认为这将推动国内消费增长。北京的记者报道了会议的主要内容。",
    "shift_jis": "日本の首相は東京で記者会見を開き、新しい経済対策を発表した。専門家はその効果に注目している。",
    "euc_kr": "대통령은 오늘 서울에서 기자회견을 열고 새로운 경제 정책을 발표했다.",
}


@pytest.mark.parametrize("codec", BODIES)
def test_a_stray_symbol_line_before_a_long_english_preamble_does_not_decide_a_cjk_file(codec: str) -> None:
    """The first non-ASCII byte is a ° in a dateline; the body that tells the code page comes 1.7 KB later."""
    text = f"Seoul, 25° at noon.\n{PREAMBLE}\n\n{BODIES[codec]}"
    decoded = decode(text.encode(codec))
    assert (decoded.text, decoded.encoding) == (text, ENCODING_NAMES[codec])


def test_a_euro_sign_far_into_an_english_file_in_iso_8859_15() -> None:
    """cp1252 reads ISO-8859-15's € (0xA4) as the generic currency sign ¤, which no news writes."""
    lines = PREAMBLE.split("\n")
    lines[1] += " It was written by François Côté."
    lines[12] += " Tickets cost €25 each."
    text = "\n".join(lines)
    decoded = decode(text.encode("iso8859_15"))
    assert (decoded.text, decoded.encoding) == (text, "iso-8859-15")


def test_the_sample_of_a_sparse_file_takes_the_words_that_hold_its_other_bytes() -> None:
    raw = ("Copyright © 2003.\n" + PREAMBLE + "\n\n" + BODIES["gb18030"]).encode("gb18030")
    assert BODIES["gb18030"].encode("gb18030")[:40] in decode_module.legacy_sample(raw)
    words, complete = decode_module.scattered_words(raw)
    assert words.startswith("©".encode("gb18030")) and complete


def _page(charset: str, body: str) -> str:
    head = f'<head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head>'
    return f"<html>{head}<body><p>{body}</p></body></html>"


RUSSIAN = "Президент выступил сегодня в Москве с новым обращением к гражданам страны."
FRENCH = "Le président a parlé à Paris devant des élèves très attentifs, l'été dernier."


@pytest.mark.parametrize(
    ("charset", "body", "codec", "expected"),
    [
        ("iso-8859-1", RUSSIAN, "cp1251", "cp1251"),  # the commonest lie: a template's Latin-1 over Cyrillic bytes
        ("windows-1251", FRENCH, "cp1252", "cp1252"),
        ("windows-1250", RUSSIAN, "koi8_r", "koi8-r"),
    ],
)
def test_a_page_declaring_a_single_byte_code_page_it_is_not_in(charset: str, body: str, codec: str, expected: str) -> None:
    page = _page(charset, body)
    decoded = decode_page(page.encode(codec))
    assert (decoded.text, decoded.encoding, decoded.fixes) == (page, expected, ("charset_declaration_overridden",))


def test_a_page_declaring_windows_1251_whose_bytes_are_utf8_with_a_windows_quote() -> None:
    page = _page("windows-1251", FRENCH)
    raw = page.encode("utf-8").replace(b"l'", b"l\x92")
    decoded = decode_page(raw)
    assert (decoded.text, decoded.encoding) == (page.replace("l'", "l\u2019"), "utf-8")


@pytest.mark.parametrize(("charset", "body", "codec"), [("windows-1251", RUSSIAN, "cp1251"), ("iso-8859-1", FRENCH, "cp1252")])
def test_a_page_in_the_code_page_it_declares_keeps_it(charset: str, body: str, codec: str) -> None:
    page = _page(charset, body)
    decoded = decode_page(page.encode(codec))
    assert (decoded.text, decoded.encoding, decoded.fixes) == (page, codec, ())


@pytest.mark.parametrize(
    ("language", "codec"), [("zh-Hant", "big5"), ("zh-Hans", "gb18030"), ("ja", "shift_jis"), ("ko", "euc_kr")]
)
def test_ntrex_articles_after_a_symbol_line_and_their_english_original_decode_right(language: str, codec: str) -> None:
    english, other = ntrex_articles("en"), ntrex_articles(language)
    wrong = []
    for index in range(0, len(english), 8):
        text = "\n".join(["Seoul, 25° at noon.", *english[index], "", *other[index]])
        text = text.encode(codec, errors="replace").decode(codec)
        decoded = decode(text.encode(codec))
        if (decoded.text, decoded.encoding) != (text, ENCODING_NAMES[codec]):
            wrong.append(english[index][0])
    assert not wrong


ISLANDS = [
    # (a few words of the language in an English article, its code page, the encoding decoding must name)
    ("The talks were chaired by Zbigniew Łukaszewicz.", '"Świętokrzyskie", he said.', "iso8859_2", "iso-8859-2"),
    ("The talks were chaired by Ádám Szőllősi.", "“Köszönjük”, he said.", "cp1250", "cp1250"),
    ("Its motto was свобода.", "“Фестиваль”, he said.", "cp1251", "cp1251"),  # “ € ” are not MacCyrillic's У И Ф
]


@pytest.mark.parametrize(("name", "quote", "codec", "expected"), ISLANDS)
def test_a_few_foreign_words_in_a_long_english_file_decide_its_code_page(
    name: str, quote: str, codec: str, expected: str
) -> None:
    """The English around the words reads alike in every code page, and is in none of their languages: the words
    decide (ISO-8859-2 and cp1250 were read as cp1252, cp1251 as MacCyrillic)."""
    lines = PREAMBLE.split("\n")
    lines[3] += f" {name}"
    lines[8] += " Tickets cost €25 each." if codec != "iso8859_2" else ""  # ISO-8859-2 has no €
    lines[13] += f" {quote}"
    text = "\n".join(lines)
    decoded = decode(text.encode(codec))
    assert (decoded.text, decoded.encoding) == (text, expected)


def test_ntrex_islands_in_english_decode_right() -> None:
    """bench/encoding_shapes' islands: held-out NTREX words of each single-byte code page's languages in English."""
    right, wrong = 0, []
    for item in encoding_shapes.shaped(("islands",), per_pair=3):
        if item.codec == "utf_8":
            continue
        if encoding_shapes.outcome(item, encoding_shapes.decoder(decode_page, decode)) == "right":
            right += 1
        else:
            wrong.append((item.language, item.codec))
    assert right >= 0.9 * (right + len(wrong)), wrong


def test_cp1251_islands_are_mostly_not_read_as_mac_cyrillic() -> None:
    """MacCyrillic reads cp1251's € as И, glued to the price ("И25"), and its quotes as capitals: two lower-case
    words alone scored alike in both (32 of 48 right at bfd7069)."""
    items = [item for item in encoding_shapes.shaped(("islands",), per_pair=8) if item.codec == "cp1251"]
    right = sum(encoding_shapes.outcome(item, encoding_shapes.decoder(decode_page, decode)) == "right" for item in items)
    assert (len(items), right >= 41) == (48, True), right


@pytest.mark.parametrize("language", ["it", "nl", "id", "en"])
def test_articles_with_accents_here_and_there_keep_their_code_page(language: str) -> None:
    """Their scattered words (Italian è, Dutch één) alone may look like another code page's; the text around
    them is in their language, and the words must not overrule it."""
    for lines in ntrex_articles(language):
        text = "\n".join(lines).encode("cp1252", errors="ignore").decode("cp1252")
        if text.isascii():
            continue
        decoded = decode(text.encode("cp1252"))
        assert decoded.text == text, lines[0]


@pytest.mark.parametrize(
    ("language", "codec"), [("zh-Hant", "big5"), ("zh-Hans", "gb18030"), ("ja", "shift_jis"), ("ko", "euc_kr")]
)
def test_a_translation_followed_by_its_english_original_in_cp1252_decodes_part_by_part(language: str, codec: str) -> None:
    """A reprint assembled from two sources: the cp1252 original's “ ” é € do not decode in the translation's code
    page (the whole file was quarantined); each part is read in its own, the record names the translation's."""
    english, other = ntrex_articles("en"), ntrex_articles(language)
    for index in range(0, len(english), 10):
        translation = "\n".join(other[index]).encode(codec, errors="replace").decode(codec)
        original = "\n".join(english[index]) + "\n“The café’s owner”, he said, “asks €25.”"
        decoded = decode(translation.encode(codec) + b"\n\n" + original.encode("cp1252"))
        expected = (f"{translation}\n\n{original}", ENCODING_NAMES[codec], ("mixed_encodings",))
        assert (decoded.text, decoded.encoding, decoded.fixes) == expected, english[index][0]


@pytest.mark.parametrize(("language", "codec"), [("zh-Hant", "big5"), ("zh-Hans", "gb18030"), ("ja", "shift_jis")])
def test_an_english_original_in_cp1252_followed_by_its_translation_mostly_decodes_part_by_part(language: str, codec: str) -> None:
    """The first sample holds the English and the translation's start, which no code page reads both of; the file's
    last lines name the translation's. (EUC-KR is not here: a single-byte reading of the whole file is taken first.)"""
    english, other = ntrex_articles("en"), ntrex_articles(language)
    right, wrong = 0, []
    for index in range(0, len(english), 10):
        translation = "\n".join(other[index]).encode(codec, errors="replace").decode(codec)
        original = "\n".join(english[index]) + "\n“The café’s owner”, he said, “asks €25.”"
        try:
            decoded = decode(original.encode("cp1252") + b"\n\n" + translation.encode(codec))
        except Rejected:
            wrong.append(english[index][0])
            continue
        if (decoded.text, decoded.encoding) == (f"{original}\n\n{translation}", ENCODING_NAMES[codec]):
            right += 1
        else:
            wrong.append(english[index][0])
    assert right >= 0.9 * (right + len(wrong)), wrong
