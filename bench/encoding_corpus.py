"""A labelled set for encoding detection, built at run time from ../shared/corpus (never copied into the project).

NTREX-128 news in 42 languages, split by article: the first half of each language's articles is what
bench/letter_tables.py derives the letter tables from; the second half (held out) is encoded here into
every code page of its family that can represent it, at three lengths:

- line: a headline-sized line, 20-80 characters;
- paragraph: one line of more than 80 characters;
- article: a whole article (headline and paragraphs, one per line).

A text a code page cannot represent is skipped (and counted), never lossily encoded. Right = the decoded
text equals the original (after NFC for cp1258, which writes Vietnamese tones as combining marks); an
equivalent codec that gives the same text counts as right. Romanian in cp1250/ISO-8859-2 is written with
ş ţ (cedilla), and Persian in cp1256 with the Arabic ي ك, as pages in those code pages were.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tasks.steps.letters import to_cp1258

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "parallel" / "ntrex128"
LENGTHS = ("line", "paragraph", "article")

WESTERN = ("fr", "de", "es", "pt", "it", "nl", "sv", "da", "nb", "fi", "ca")
CENTRAL = ("cs", "pl", "hu", "sk", "sl", "hr", "ro")
# Family -> (language, codecs real pages in that language use).
FAMILIES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "cyrillic": (
        ("ru", ("cp1251", "koi8_r", "iso8859_5", "cp866", "mac_cyrillic", "cp855")),
        ("uk", ("cp1251", "koi8_u", "mac_cyrillic")),
        ("bg", ("cp1251", "iso8859_5")),
        ("sr-Cyrl", ("cp1251", "iso8859_5")),
        ("mk", ("cp1251",)),
        ("be", ("cp1251",)),
    ),
    "greek": (("el", ("cp1253", "iso8859_7")),),
    "hebrew": (("he", ("cp1255", "iso8859_8")),),
    "arabic": (("ar", ("cp1256", "iso8859_6")), ("fa", ("cp1256",))),
    "thai": (("th", ("tis_620", "cp874")),),
    "turkish": (("tr", ("cp1254", "iso8859_9")),),
    "central european": tuple((language, ("cp1250", "iso8859_2")) for language in CENTRAL),
    "baltic": (("lt", ("cp1257", "iso8859_13")), ("lv", ("cp1257", "iso8859_13")), ("et", ("cp1257", "iso8859_4"))),
    "vietnamese": (("vi", ("cp1258",)),),
    "western": tuple((language, ("cp1252", "latin_1", "iso8859_15")) for language in WESTERN),
    "chinese": (("zh-Hans", ("gb18030", "gbk", "gb2312", "hz")), ("zh-Hant", ("big5", "cp950"))),
    "japanese": (("ja", ("shift_jis", "cp932", "euc_jp", "iso2022_jp")),),
    "korean": (("ko", ("euc_kr", "cp949", "johab", "iso2022_kr")),),
    "utf-16/32 without BOM": tuple(
        (language, ("utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be")) for language in ("ru", "zh-Hans", "ja", "el")
    ),
}


@dataclass(frozen=True)
class Labelled:
    family: str
    language: str
    codec: str
    length: str
    text: str
    raw: bytes


def articles(language: str) -> list[list[str]]:
    """NTREX articles (headline first) of one language, in file order."""
    ids = (SHARED / "doc_ids.txt").read_text(encoding="utf-8").splitlines()
    lines = (SHARED / f"{language}.txt").read_text(encoding="utf-8").splitlines()
    grouped: dict[str, list[str]] = {}
    for doc_id, line in zip(ids, lines, strict=True):
        if doc_id and line:
            grouped.setdefault(doc_id, []).append(line)
    return list(grouped.values())


def training_half(language: str) -> list[list[str]]:
    every = articles(language)
    return every[: len(every) // 2]


def held_out_half(language: str) -> list[list[str]]:
    every = articles(language)
    return every[len(every) // 2 :]


def texts(language: str, length: str) -> list[str]:
    held_out = held_out_half(language)
    if length == "article":
        return ["\n".join(article) for article in held_out]
    lines = [line for article in held_out for line in article]
    if length == "line":
        return [line for line in lines if 20 <= len(line) <= 80]
    return [line for line in lines if len(line) > 80]


# Letters a code page lacks, as pages in it wrote them: Romanian ș ț (comma below) as ş ţ (cedilla) in cp1250
# and ISO-8859-2; Persian ی ک as the Arabic ي ك in cp1256.
LEGACY_FORMS = {
    "cp1250": str.maketrans("șțȘȚ", "şţŞŢ"),
    "iso8859_2": str.maketrans("șțȘȚ", "şţŞŢ"),
    "cp1256": str.maketrans("یک", "يك"),
}


def legacy_form(text: str, codec: str) -> str:
    """The text as a page in this code page wrote it."""
    return text.translate(LEGACY_FORMS[codec]) if codec in LEGACY_FORMS else text


def encode(text: str, codec: str) -> bytes | None:
    """The text in `codec`, or None when the codec cannot represent it."""
    try:
        return (to_cp1258(text) if codec == "cp1258" else text).encode(codec)
    except UnicodeEncodeError:
        return None


def same_text(decoded: str, original: str, codec: str) -> bool:
    if codec == "cp1258":
        return unicodedata.normalize("NFC", decoded) == unicodedata.normalize("NFC", original)
    return decoded == original


def labelled(families: tuple[str, ...] | None = None, per_length: int = 60) -> Iterator[Labelled | tuple[str, str, str, str]]:
    """Labelled inputs, at most `per_length` of each (language, codec, length); a tuple for each skipped text."""
    for family, members in FAMILIES.items():
        if families and family not in families:
            continue
        for language, codecs in members:
            for length in LENGTHS:
                candidates = texts(language, length)
                for codec in codecs:
                    taken = 0
                    for original in candidates:
                        if taken == per_length:
                            break
                        text = legacy_form(original, codec)
                        raw = encode(text, codec)
                        if raw is None:
                            yield (family, language, codec, length)
                            continue
                        taken += 1
                        yield Labelled(family, language, codec, length, text, raw)
