"""Bytes to text: BOM sniff, strict UTF-8, UTF-16 by NUL pattern, then the most natural legacy decoding.

charset-normalizer alone misreads short inputs (short Big5 as Korean `johab`,
short cp1252 as CJK or Central European), so its guesses are only candidates
beside the legacy encodings the contract names. Every candidate that decodes
strictly is scored by how unnatural the text it gives is: characters outside
the common repertoires of the national standards (derived from Python's own
codecs, so no data file is needed) and words that switch script mid-word (a
cp1252 "ü" read as half of a Big5 character). The least unnatural wins; if even
that one is mostly unnatural the input is quarantined, never decoded as Latin-1
by default.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import charset_normalizer

from tasks.model import Rejected

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# File signatures of formats that are never text.
BINARY_MAGIC: tuple[bytes, ...] = (
    b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"PK\x03\x04", b"\x1f\x8b", b"BZh",
    b"\xfd7zXZ", b"7z\xbc\xaf", b"Rar!", b"\x7fELF", b"\x00\x00\x01\x00", b"OggS", b"ID3", b"\xd0\xcf\x11\xe0",
)  # fmt: skip

# Legacy encodings tried for every non-UTF-8 input, in order of preference on a tie.
LEGACY_ENCODINGS = ("big5", "gb18030", "shift_jis", "euc_kr", "cp1252", "cp1251", "euc_jp", "koi8_r", "latin_1")

# Python codec names to the stable names recorded in `source_encoding`.
ENCODING_NAMES = {
    "utf_8": "utf-8", "big5": "big5", "cp950": "big5", "big5hkscs": "big5", "gb2312": "gb18030",
    "gbk": "gb18030", "gb18030": "gb18030", "shift_jis": "shift_jis", "cp932": "shift_jis",
    "euc_jp": "euc-jp", "euc_kr": "euc-kr", "cp949": "euc-kr", "cp1252": "cp1252", "latin_1": "latin-1",
    "iso8859_1": "latin-1", "cp1251": "cp1251", "koi8_r": "koi8-r",
}  # fmt: skip

SAMPLE_BYTES = 64 * 1024  # what charset detection and the naturalness score look at
SAMPLE_CHARS = 16 * 1024
MAX_UNNATURAL = 0.35  # above this share of unnatural characters, no decoding is believable
CLEARLY_NATURAL = 0.01  # the first candidate (in order of preference) this natural is taken at once
NATURAL_ENOUGH = 0.05  # a legacy decoding this natural is not second-guessed by charset-normalizer

NON_ASCII = re.compile(r"[^\x00-\x7f]")
_LETTERS = {
    "latin": "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f",
    "cyrillic": "\u0400-\u04ff",
    "cjk": "\u3041-\u30fa\u30fc-\u30ff\u3400-\u9fff\uf900-\ufaff",
}
# Letters of another script inside a word of one script ("herуis"): a wrong decoding's hallmark.
SANDWICHED = tuple(re.compile(f"(?<=[{own}])[^{own}\\W\\d_]+(?=[{own}])") for own in (_LETTERS["latin"], _LETTERS["cyrillic"]))
# One or two CJK or Cyrillic letters glued to a Latin letter ("n縊 o", "Цir"): one byte of a Latin word read
# as half of a double-byte character.
_GLUABLE = _LETTERS["cjk"] + _LETTERS["cyrillic"]
GLUED = re.compile(
    f"[{_LETTERS['latin']}]([{_GLUABLE}]{{1,2}})(?![{_GLUABLE}])|(?<![{_GLUABLE}])([{_GLUABLE}]{{1,2}})[{_LETTERS['latin']}]"
)
TOKEN = re.compile(r"\S{4,}")
LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Letters and symbols a single-byte code page produces (not its quotes, dashes, ¡ ¿ « »).
CODEPAGE_LOOKING = re.compile(r"[\u00a2-\u00aa\u00ac-\u00ba\u00bc-\u00be\u00c0-\u024f]")
# A non-ASCII symbol glued between two letters ("Ню¶ыК"): what CJK bytes look like through a code page.
# Starts with the symbol, a character set the regex engine skips ahead to (a lookbehind first is tried at every
# position), then looks back for the letter before it.
_SYMBOLS = "\u00a1-\u00bf\u00d7\u00f7\u0192\u02c6-\u02dc\u2020-\u2022\u2030\u2039\u203a"
STRAY_SYMBOL = re.compile(f"[{_SYMBOLS}](?<=[^\\W\\d_][{_SYMBOLS}])(?=[^\\W\\d_])")
# Short Han runs separated by single spaces: how Korean words look when read as Chinese.
SPACED_HAN = re.compile(r" ([\u4e00-\u9fff]{1,4}) (?=[\u4e00-\u9fff])")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # a stable, lower-case name: utf-8, utf-16-le, big5, gb18030, ...
    had_bom: bool = False


def decode(raw: bytes) -> Decoded:
    """Decode raw bytes, or raise Rejected('empty' | 'binary' | 'undecodable')."""
    if not raw.strip(b" \t\r\n\x0b\x0c") or raw in {bom for bom, _ in BOMS}:
        raise Rejected("empty", f"{len(raw)} bytes of whitespace or byte-order marks only")
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            return Decoded(_strict(raw[len(bom) :], encoding, "byte-order mark"), encoding, had_bom=True)
    if raw.startswith(BINARY_MAGIC):
        raise Rejected("binary", f"file signature {raw[:8]!r} of a binary format")
    if 0 in raw:  # UTF-16 without a BOM and binary data both have NUL bytes; text almost never has one
        utf16 = _utf16_by_nul_pattern(raw)
        if utf16:
            return Decoded(_strict(raw, utf16, "NUL pattern"), utf16)
        if raw.count(0) > max(1, len(raw) // 1000):
            raise Rejected("binary", f"{raw.count(0)} NUL bytes in {len(raw)} bytes")
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _most_natural(raw)


def _strict(raw: bytes, encoding: str, evidence: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise Rejected("undecodable", f"not valid {encoding} ({evidence}): {error.reason} at byte {error.start}") from None


def _utf16_by_nul_pattern(raw: bytes) -> str | None:
    """UTF-16 without BOM: text with many ASCII characters has NULs on every other byte."""
    sample = raw[: SAMPLE_BYTES - SAMPLE_BYTES % 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _most_natural(raw: bytes) -> Decoded:
    """The legacy encoding whose text is least unnatural; charset-normalizer's guesses only if none is natural."""
    sample = raw[:SAMPLE_BYTES]
    scored = _score(sample, LEGACY_ENCODINGS, complete=len(sample) == len(raw))
    if not scored or min(scored)[0] > NATURAL_ENOUGH:
        scored += _score(sample, _normalizer_guesses(sample), complete=len(sample) == len(raw), first_rank=len(scored))
    tried = ", ".join(sorted({ENCODING_NAMES.get(e, e) for _, _, e in scored})) or "none"
    if not scored or min(scored)[0] > MAX_UNNATURAL:
        raise Rejected("undecodable", f"not UTF-8, and no believable decoding (tried {tried})")
    encoding = min(scored)[2]
    return Decoded(_strict(raw, encoding, "best-scoring candidate"), ENCODING_NAMES.get(encoding, encoding))


def _score(sample: bytes, encodings: Iterable[str], complete: bool, first_rank: int = 0) -> list[tuple[float, int, str]]:
    """(unnaturalness, preference rank, encoding) for each encoding that decodes the sample strictly."""
    scored = []
    for rank, encoding in enumerate(encodings, start=first_rank):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError as error:
            if complete or error.start < len(sample) - 4:  # only a cut sample may end mid-character
                continue
            text = sample[: error.start].decode(encoding)
        except LookupError:
            continue
        scored.append((unnaturalness(text[:SAMPLE_CHARS]), rank, encoding))
        if scored[-1][0] <= CLEARLY_NATURAL:
            break  # candidates come in order of preference: a later one could only tie
    return scored


def _normalizer_guesses(sample: bytes) -> list[str]:
    names = (codecs.lookup(match.encoding).name.replace("-", "_") for match in charset_normalizer.from_bytes(sample))
    return [name for name in dict.fromkeys(names) if name not in LEGACY_ENCODINGS]


def unnaturalness(text: str) -> float:
    """Share of non-ASCII characters that look like a wrong decoding.

    Counted: characters outside the common repertoires; script switches inside
    a word; Latin-script tokens made mostly of non-ASCII characters (a cp1252
    reading of CJK or Cyrillic bytes); short space-separated Han runs (a Chinese
    reading of Korean).
    """
    non_ascii = NON_ASCII.findall(text)
    if not non_ascii:
        return 0.0
    rare = len(non_ascii) - sum(map(common_characters().__contains__, non_ascii))
    switches = sum(len(run) for pattern in SANDWICHED for run in pattern.findall(text))
    switches += sum(len(a or b) for a, b in GLUED.findall(text))
    dense = sum(_dense_non_ascii(token) for token in TOKEN.findall(text) if not token.isascii())
    spaced_han = sum(len(run) for run in SPACED_HAN.findall(text))
    stray = len(STRAY_SYMBOL.findall(text))
    return (rare + 2 * switches + dense + spaced_han + stray) / len(non_ascii)


def _dense_non_ascii(token: str) -> int:
    """Non-ASCII characters of a Latin-script token that is mostly non-ASCII (0 for a natural token)."""
    if not LATIN_LETTER.search(token):
        return 0
    count = len(CODEPAGE_LOOKING.findall(token))
    return count if count * 2 > len(token) else 0


@lru_cache(maxsize=1)
def common_characters() -> frozenset[str]:
    """Letters and punctuation real text is made of, per the national standards' common levels."""
    chars: set[str] = set()
    for first, last in ((0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x45F), (0x1E00, 0x1EFF), (0x2010, 0x203A),
                        (0x3000, 0x303F), (0x3041, 0x30FF), (0xFF01, 0xFF5E)):  # fmt: skip
        chars.update(chr(code) for code in range(first, last + 1))
    chars.update("€™•…")
    chars.update(_double_byte_range("gb2312", range(0xB0, 0xF8), range(0xA1, 0xFF)))  # GB 2312 levels 1 and 2
    chars.update(_double_byte_range("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)]))  # Big5 level 1
    chars.update(_double_byte_range("euc_jp", range(0xB0, 0xD0), range(0xA1, 0xFF)))  # JIS X 0208 level 1
    chars.update(_double_byte_range("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF)))  # KS X 1001 Hangul
    return frozenset(c for c in chars if unicodedata.category(c)[0] != "C")


def _double_byte_range(encoding: str, leads: range, trails: list[int] | range) -> set[str]:
    chars = set()
    for lead in leads:
        for trail in trails:
            try:
                chars.add(bytes((lead, trail)).decode(encoding))
            except UnicodeDecodeError:
                continue
    return chars
