"""Bytes to text: BOM sniff, strict UTF-8, UTF-16 by NUL pattern, then a checked guess.

charset-normalizer alone misreads short inputs (short Big5 as Korean `johab`,
short cp1252 as Central European), so its guesses are only candidates: each
one must decode strictly and pass a plausibility check on the text it gives.
Nothing ever falls back silently to Latin-1.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

import charset_normalizer

from tasks.model import Rejected
from tasks.scripts import script_counts

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# File signatures of formats that are never text.
BINARY_MAGIC: tuple[bytes, ...] = (
    b"%PDF-",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x7fELF",
    b"MZ",
    b"\x00\x00\x01\x00",
    b"RIFF",
    b"OggS",
    b"ID3",
    b"\xd0\xcf\x11\xe0",
)

# Legacy encodings we try ourselves when charset-normalizer's guesses all fail the check.
FALLBACK_ENCODINGS = ("big5", "gb18030", "shift_jis", "euc_jp", "euc_kr", "cp1252", "cp1251")

ENCODING_NAMES = {
    "utf_8": "utf-8",
    "utf_16": "utf-16",
    "utf_16_le": "utf-16-le",
    "utf_16_be": "utf-16-be",
    "big5": "big5",
    "cp950": "big5",
    "big5hkscs": "big5",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "shift_jis": "shift_jis",
    "cp932": "shift_jis",
    "euc_jp": "euc-jp",
    "euc_kr": "euc-kr",
    "cp949": "euc-kr",
    "cp1252": "cp1252",
    "latin_1": "latin-1",
    "iso8859_1": "latin-1",
    "cp1251": "cp1251",
    "koi8_r": "koi8-r",
}

SAMPLE_BYTES = 64 * 1024


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
    utf16 = _utf16_by_nul_pattern(raw)
    if utf16:
        return Decoded(_strict(raw, utf16, "NUL pattern"), utf16)
    if raw.count(0) > max(1, len(raw) // 1000):
        raise Rejected("binary", f"{raw.count(0)} NUL bytes in {len(raw)} bytes")
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _guess(raw)


def _strict(raw: bytes, encoding: str, evidence: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise Rejected("undecodable", f"not valid {encoding} ({evidence}): {error.reason} at byte {error.start}") from None


def _utf16_by_nul_pattern(raw: bytes) -> str | None:
    """UTF-16 without BOM: mostly-ASCII text has NULs on every other byte."""
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


def _guess(raw: bytes) -> Decoded:
    tried: list[str] = []
    for encoding in _candidates(raw):
        tried.append(encoding)
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if is_plausible(text, encoding):
            return Decoded(text, ENCODING_NAMES.get(encoding, encoding.replace("_", "-")))
    raise Rejected("undecodable", f"not UTF-8, and no plausible decoding among {', '.join(tried)}")


def _candidates(raw: bytes) -> list[str]:
    guesses = [match.encoding for match in charset_normalizer.from_bytes(raw[:SAMPLE_BYTES])]
    ordered = list(dict.fromkeys(guesses + list(FALLBACK_ENCODINGS)))
    return sorted(ordered, key=lambda enc: -_plausibility(raw, enc))


def _plausibility(raw: bytes, encoding: str) -> float:
    """Share of decoded characters that belong to the script the encoding is for."""
    try:
        text = raw[:SAMPLE_BYTES].decode(encoding, errors="ignore")
    except LookupError:
        return -1.0
    counts = script_counts(text)
    letters = sum(counts.values()) or 1
    expected = EXPECTED_SCRIPTS.get(ENCODING_NAMES.get(encoding, ""), ())
    return sum(counts[s] for s in expected if s in counts) / letters


EXPECTED_SCRIPTS: dict[str, tuple[str, ...]] = {
    "big5": ("han", "latin"),
    "gb18030": ("han", "latin"),
    "shift_jis": ("kana", "han", "latin"),
    "euc-jp": ("kana", "han", "latin"),
    "euc-kr": ("hangul", "latin"),
    "cp1252": ("latin",),
    "latin-1": ("latin",),
    "cp1251": ("cyrillic", "latin"),
    "koi8-r": ("cyrillic", "latin"),
}


def is_plausible(text: str, encoding: str) -> bool:
    """Reject decodings that give the wrong script or unassigned and control characters."""
    name = ENCODING_NAMES.get(encoding, encoding)
    sample = text[:SAMPLE_BYTES]
    bad = sum(
        1
        for c in sample
        if unicodedata.category(c) in ("Cn", "Co", "Cs") or (unicodedata.category(c) == "Cc" and c not in "\t\n\r\x0c")
    )
    if bad > len(sample) * 0.01:
        return False
    counts = script_counts(sample)
    letters = sum(counts.values())
    if not letters:
        return name in ("cp1252", "utf-8")
    if name == "euc-kr" or encoding in ("johab", "cp949", "iso2022_kr"):
        return counts.get("hangul", 0) > 0.5 * letters
    if name in ("cp1252", "latin-1"):
        ascii_letters = sum(1 for c in sample if c.isascii() and c.isalpha())
        return ascii_letters >= 0.6 * letters
    expected = EXPECTED_SCRIPTS.get(name)
    if expected is None:
        return False
    return sum(counts.get(s, 0) for s in expected) >= 0.9 * letters
