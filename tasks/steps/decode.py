"""Bytes to text: BOM, UTF-32/UTF-16 by NUL pattern, strict UTF-8, damaged UTF-8, then the likeliest legacy code page.

Order, cheapest and surest first:
1. a byte-order mark names the encoding, unless the bytes behind it contradict it (`_after_bom`);
2. UTF-32 and UTF-16 without a BOM show in where their NUL bytes fall;
3. strict UTF-8 (almost every document): a 7-bit result may still be ISO-2022-JP/KR or HZ;
4. UTF-8 with a few invalid bytes (a character cut short, a stray cp1252 quote or letter) stays UTF-8:
   each bad byte is read as cp1252 or replaced by U+FFFD, and the fix is recorded;
5. otherwise every legacy code page that decodes the bytes strictly is a candidate, scored by how
   likely its text is in the languages that code page is used for (tasks/steps/letters.py: letter
   and letter-pair frequencies), so KOI8-R read as cp1251 loses: its letters do not make Russian.

charset-normalizer is not used: it misreads short inputs (a Big5 headline as Korean `johab`, short
cp1252 as CJK), which is where a letter model is strongest. A decoding whose letters are mostly
unknown to every language is not believable: the input is quarantined, never guessed as Latin-1.
See docs/encodings.md.
"""

from __future__ import annotations

import codecs
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import filterfalse

from tasks.model import Rejected
from tasks.steps import letters

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

PDF_MAGIC = b"%PDF-"  # here, not in tasks/steps/pdf_text_layer.py: that imports html.py, which imports this module
ARCHIVE = "reprints opens no archive but a .gz file, so extract its files into RAW"
# File signatures of formats that are never text, and what each is, for the quarantine's detail (a PDF too: an e-mail
# part reaches decode without pdf_text_layer.py's reader)
BINARY_FORMATS: dict[bytes, str] = {
    PDF_MAGIC: "a PDF, not text", b"\x89PNG": "a PNG image, not text", b"\xff\xd8\xff": "a JPEG image, not text",
    b"GIF87a": "a GIF image, not text", b"GIF89a": "a GIF image, not text",
    b"PK\x03\x04": f"a ZIP file, and no DOCX or ODT: {ARCHIVE}",
    b"\x1f\x8b": "gzip data whose file name does not end in .gz, or gzip within gzip: a .gz file is unpacked once",
    b"BZh": f"bzip2 data: {ARCHIVE}", b"\xfd7zXZ": f"xz data: {ARCHIVE}", b"7z\xbc\xaf": f"a 7-Zip file: {ARCHIVE}",
    b"Rar!": f"a RAR file: {ARCHIVE}", b"\x7fELF": "a program (ELF), not text", b"\x00\x00\x01\x00": "an icon, not text",
    b"OggS": "Ogg audio or video, not text", b"ID3": "MP3 audio, not text",
    b"\xd0\xcf\x11\xe0": "an OLE compound file, not text",
}  # fmt: skip
BINARY_MAGIC = tuple(BINARY_FORMATS)

# Legacy codecs tried for every input that is not UTF-8, in order of preference on a tie (an equivalent
# later codec that gives the same text is not scored again), with a small prior (natural log) for how
# common each is in news archives: evidence from a line of text outweighs it, a coin toss does not.
LEGACY_CODECS: tuple[tuple[str, float], ...] = (
    ("gb18030", 0.0), ("big5", 0.0), ("cp950", -1.0), ("big5hkscs", -2.0), ("shift_jis", 0.0), ("cp932", -0.5),
    ("euc_jp", -0.5), ("euc_kr", 0.0), ("cp949", -0.5), ("johab", -4.0),
    ("cp1252", 0.0), ("iso8859_15", -2.0), ("cp1250", -0.5), ("iso8859_2", -1.0),
    ("cp1251", 0.0), ("koi8_r", -0.5), ("koi8_u", -1.0), ("iso8859_5", -2.0), ("cp866", -2.0), ("mac_cyrillic", -2.0),
    ("cp855", -3.0), ("cp1253", -0.5), ("iso8859_7", -1.0), ("cp1255", -0.5), ("iso8859_8", -1.0),
    ("cp1256", -0.5), ("iso8859_6", -1.0), ("cp874", -0.5), ("tis_620", -1.0), ("cp1254", -0.5), ("iso8859_9", -1.0),
    ("cp1257", -0.5), ("iso8859_13", -1.0), ("iso8859_4", -2.0), ("cp1258", -1.0), ("latin_1", -3.0),
)  # fmt: skip

# Python codec names to the stable names recorded in `source_encoding` (docs/schema.md lists them all).
ENCODING_NAMES = {
    "utf_8": "utf-8", "big5": "big5", "cp950": "big5", "big5hkscs": "big5", "gb2312": "gb18030",
    "gbk": "gb18030", "gb18030": "gb18030", "shift_jis": "shift_jis", "cp932": "shift_jis",
    "euc_jp": "euc-jp", "euc_kr": "euc-kr", "cp949": "euc-kr", "cp1252": "cp1252", "latin_1": "latin-1",
    "iso8859_1": "latin-1", "cp1251": "cp1251", "koi8_r": "koi8-r",
    "johab": "johab", "iso2022_jp": "iso-2022-jp", "iso2022_jp_2": "iso-2022-jp", "iso2022_kr": "iso-2022-kr",
    "hz": "hz", "iso8859_15": "iso-8859-15", "cp1250": "cp1250", "iso8859_2": "iso-8859-2", "koi8_u": "koi8-u",
    "iso8859_5": "iso-8859-5", "cp866": "cp866", "mac_cyrillic": "mac-cyrillic", "cp855": "cp855",
    "cp1253": "cp1253", "iso8859_7": "iso-8859-7", "cp1255": "cp1255", "iso8859_8": "iso-8859-8",
    "cp1256": "cp1256", "iso8859_6": "iso-8859-6", "cp874": "cp874", "tis_620": "tis-620", "cp1254": "cp1254",
    "iso8859_9": "iso-8859-9", "cp1257": "cp1257", "iso8859_13": "iso-8859-13", "iso8859_4": "iso-8859-4",
    "cp1258": "cp1258", "utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be", "utf_32_le": "utf-32-le",
    "utf_32_be": "utf-32-be",
}  # fmt: skip

SAMPLE_BYTES = 512  # what the letter models score: a few hundred letters decide (1,024: same bench.encodings figures)
# Mean log-probability of a letter pair below which an alphabetic reading is noise: real text of every family
# scores above -4.5 on the held-out set, every byte 0x80-0xFF in a row scores below -8 in every code page.
# (CJK tables keep few pairs; their characters' own repertoire check, MAX_UNKNOWN, does the job there.)
MIN_PER_PAIR = -6.5
MAX_UNKNOWN = 0.35  # above this share of non-ASCII characters no language knows, no decoding is believable
DECLARED_BONUS = 5.0  # a charset the page declares: worth a few letters of evidence, not a whole line
DAMAGED_UTF8_BONUS = 3.0  # a damaged UTF-8 reading is taken on a near tie with a legacy one
FINALISTS = 6  # (codec, language) pairs ranked by letter frequencies that letter pairs then decide among
CLEAR_UTF8 = 4  # valid multi-byte UTF-8 bytes per invalid byte above which no legacy reading is tried
CURRENCY_SIGN = -5.0  # log-odds against a generic currency sign ¤ where another codec reads €
# Letter-frequency lead of the first finalist over another above which that one's pair ceiling is worth a try: on
# bench/corpus.py, CJK read as a single-byte code page trails by 300 nats or more and is ruled out 1,838 times in
# 1,845; Latin readings mostly trail by less and never are.
CEILING_GAP = 300.0
# Fewer bytes 0x80-0xFF than this in the sample's window, and more later: the evidence is scattered (an accented
# name in a long English file, a (c) line before a CJK body), and the words that hold it are the sample instead.
SPARSE_HIGH = 8
DENSE_LINE = 4  # bytes 0x80-0xFF that make a line the sample's start: a stray ° or © line has fewer
DENSE_LINES_LOOKED_AT = 64  # lines with fewer looked past, at most
# Nats by which a sparse input's scattered words, read alone, must be likelier in another code page than in the
# sample's choice to overrule it. On bench/encoding_shapes' islands (8 a language and code page), its short shapes and
# bench.encodings' labelled set: where the sample was right and the words wrong, their lead stayed under 10 nats;
# where the words were right and the sample wrong, it was above 12 in 93 of 109 inputs.
WORDS_OVERRULE = 12.0
WORDS_BYTES = 128  # the words read alone: islands are a few (all within 72 bytes on the islands shape); more cost more
# A block with at most this share of bytes 0x80-0xFF may be an English original (curly quotes, an é, a €) beside
# its single-byte translation (Cyrillic, Greek, Hebrew, Thai text is most of it; Czech 10%): `_original_candidates`
ORIGINAL_SHARE = 0.05
# A block of a file read in a Latin code page with more than this share of bytes 0x80-0xFF may be a translation in
# another code page (`_translation_blocks`): Russian, Greek, Hebrew, Thai are 60-90%, Polish 8%; an English original
# with quotes 1-2%. On bench.encoding_shapes --per-pair 30, 0.03 and 0.10 changed no paragraphs input either.
# Such a block must also hold three such bytes in a row (HIGH_RUN): without it, 52 of the 932 legacy files of
# bench/corpus.py (seed 7; cp1252 with a paragraph of more accents) ranked their words, none changed; with it 4, and
# bilingual-en lost 92.0% -> 90.7% (Polish, Czech, Baltic translations with no such run)
TRANSLATION_SHARE = 0.06
# Or, where an English original comes first (blocks of SAMPLE_BYTES or more with at most this share of such bytes:
# 0.4-1.4% on bench.encoding_shapes' bilingual-en), the blocks after it with twice its share and more than this: a
# Slovene or Croatian translation holds 2-4% and no three in a row (`_after_an_original`). On bench/corpus.py's 288
# cp1252 files with a blank line (seed 7), 1 is so shaped (2 at 0.02; a share twice the others' alone: 240, their
# headlines); of bench.encoding_shapes' 367 bilingual-en inputs in a Latin code page (--per-pair 30), 362 (353 at 0.02)
ORIGINAL_LEAD_SHARE = 0.015
ORIGINAL_CODECS = frozenset(("cp1252", "iso8859_15", "latin_1"))  # the code pages an English original is in
# Single-byte code pages of the Latin script: an English original reads in them as in cp1252, or nearly
LATIN_CODECS = ORIGINAL_CODECS | {
    "cp1250", "iso8859_2", "cp1254", "iso8859_9", "cp1257", "iso8859_13", "iso8859_4", "cp1258",
}  # fmt: skip
ORIGINAL_NAMES = frozenset(ENCODING_NAMES[codec] for codec in ORIGINAL_CODECS)
UTF16_UNKNOWN = 0.05  # UTF-16 found by its letters alone: nearly every letter must be known to a language

# An invalid run of bytes inside UTF-8 (surrogateescape maps each to U+DC80..U+DCFF).
ESCAPED = re.compile("[\udc80-\udcff]+")
# What a lead byte promises: how many continuation bytes follow it.
CONTINUATIONS = {
    **dict.fromkeys(range(0xC2, 0xE0), 1), **dict.fromkeys(range(0xE0, 0xF0), 2), **dict.fromkeys(range(0xF0, 0xF5), 3)
}  # fmt: skip
# Bytes never in text of any code page a stray byte could come from (cp1252's holes, þ and ÿ in UTF-8 files).
UNREADABLE_STRAYS = frozenset(b"\x81\x8d\x8f\x90\x9d\xfe\xff")
NON_ASCII = re.compile(b"[\x80-\xff]")
# Three bytes 0x80-0xFF in a row: every word of Cyrillic, Greek, Hebrew, Thai, CJK; rare in Western text (`ção`: 2)
HIGH_RUN = re.compile(b"[\x80-\xff]{3}")
BLANK_LINES = re.compile(rb"(\r?\n[ \t]*\r?\n\s*)")  # where a reprint's parts meet (kept by split: a capture)
WHITESPACE = re.compile(rb"\s")
C0_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")
C0_BYTES = re.compile(b"[\x01-\x08\x0e-\x1a\x1c-\x1f]")
# Legacy codecs of one byte a character (cp1258 not: its combining tones must be composed before counting).
SINGLE_BYTE = frozenset(codec for codec, _ in LEGACY_CODECS) - {
    "gb18030", "big5", "cp950", "big5hkscs", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949", "johab", "cp1258",
}  # fmt: skip
SEVEN_BIT_CJK = (b"\x1b$", b"\x1b(", b"\x1b)", b"~{")
# What letters.fold does to ASCII, as a byte table: every single-byte code page reads ASCII as ASCII.
ASCII_FOLD = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ\r\n\t", b"abcdefghijklmnopqrstuvwxyz   ")
ASCII_BYTES, HIGH_BYTES = bytes(range(0x80)), bytes(range(0x80, 0x100))


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # a stable, lower-case name: utf-8, utf-16-le, big5, gb18030, ... (ENCODING_NAMES)
    had_bom: bool = False
    fixes: tuple[str, ...] = ()  # fix codes for what decoding repaired (schema.FIX_CODES)


def decode(raw: bytes, declared: str | None = None) -> Decoded:
    """Decode raw bytes, or raise Rejected('empty' | 'binary' | 'undecodable').

    `declared` is a charset the input names itself (a web page's meta charset): a hint
    that wins near ties, never over clear evidence.

    >>> decode("Le café est très chaud".encode()).text
    'Le café est très chaud'
    >>> decode(b"Le caf\\xc3\\xa9 est tr\\xe8s chaud")
    Decoded(text='Le café est très chaud', encoding='utf-8', had_bom=False, fixes=('invalid_utf8_repaired',))
    >>> decode("Новости дня".encode("koi8_r")).encoding
    'koi8-r'
    """
    if not raw.strip(b" \t\r\n\x0b\x0c") or raw in {bom for bom, _ in BOMS}:
        raise Rejected("empty", f"{len(raw)} bytes of whitespace or byte-order marks only")
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            return _after_bom(raw[len(bom) :], encoding)
    if raw.startswith(BINARY_MAGIC):
        kind = next(BINARY_FORMATS[magic] for magic in BINARY_MAGIC if raw.startswith(magic))
        raise Rejected("binary", f"file signature {raw[:8]!r}: {kind}")
    if 0 in raw:  # UTF-32/UTF-16 without a BOM and binary data have NUL bytes; text almost never has one
        return _with_nul_bytes(raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _not_utf8(raw, _codec_name(declared))
    if text.isascii():  # 7-bit encodings pass as ASCII; checked only then, the fast path stays fast
        if any(mark in raw for mark in SEVEN_BIT_CJK):
            return _seven_bit_cjk(raw) or Decoded(text, "utf-8")
        if C0_BYTES.search(raw):  # BOM-less UTF-16 of Cyrillic or CJK without spaces can be valid 7-bit "text"
            return _utf16_by_letters(raw, strict_only=True) or Decoded(text, "utf-8")
    return Decoded(text, "utf-8")


def _after_bom(body: bytes, encoding: str) -> Decoded:
    r"""The bytes after a byte-order mark, in the encoding it names unless they contradict it.

    An editor or a broken export may put a mark before bytes of another encoding: a UTF-8 mark before cp1252 or
    GB18030, a UTF-16 mark before cp1252 or UTF-8 (read as UTF-16, CJK-like garbage). Such a mark is dropped and the
    bytes detected as if it were not there (fix `bom_contradicted`). UTF-8 with a few bad bytes behind its mark
    stays UTF-8, the mark counting as a declaration (`_not_utf8`).

    >>> _after_bom("“Café” à 5 €".encode("cp1252"), "utf-16-le")
    Decoded(text='“Café” à 5 €', encoding='cp1252', had_bom=False, fixes=('bom_contradicted',))
    >>> _after_bom("Café".encode("utf-16-le"), "utf-16-le")
    Decoded(text='Café', encoding='utf-16-le', had_bom=True, fixes=())
    """
    detected = None
    if encoding == "utf-8":
        try:
            return Decoded(body.decode("utf-8"), encoding, had_bom=True)
        except UnicodeDecodeError:
            detected = _not_utf8(body, "utf_8")
    elif encoding.startswith("utf-16") and not _utf16_believable(body, encoding):
        with suppress(Rejected):  # if nothing else reads the bytes either, the mark is the best evidence there is
            detected = decode(body)
    if detected is None:
        return Decoded(_strict(body, encoding, "byte-order mark"), encoding, had_bom=True)
    if detected.encoding == encoding:  # a CJK line with letters rare enough to doubt, and yet UTF-16
        return replace(detected, had_bom=True)
    return replace(detected, fixes=("bom_contradicted", *detected.fixes))


def _utf16_believable(body: bytes, encoding: str) -> bool:
    """Whether bytes behind a UTF-16 mark are UTF-16: text in any 8-bit encoding has no NUL byte, and UTF-16 of a
    line break, a space or a Latin letter has one; without one (a CJK or Thai line), a language must know the
    letters (as for UTF-16 found by its letters alone, UTF16_UNKNOWN), never so in a 8-bit text read as UTF-16."""
    if 0 in body:
        return True
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError:  # an odd byte, a lone surrogate: not UTF-16
        return False
    best = next(_best_first([_reading(encoding.replace("-", "_"), text[: SAMPLE_BYTES // 2], 0.0)]), None)
    return best is not None and _believable(best) and best.unknown <= UTF16_UNKNOWN


def _strict(raw: bytes, encoding: str, evidence: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise Rejected("undecodable", f"not valid {encoding} ({evidence}): {error.reason} at byte {error.start}") from None


def _codec_name(declared: str | None) -> str | None:
    """Python's codec name for a declared charset (`Windows-1251`, `x-sjis`...), None when unknown."""
    if not declared:
        return None
    try:
        return codecs.lookup(declared.strip().lower()).name.replace("-", "_")
    except LookupError:
        return None


def _with_nul_bytes(raw: bytes) -> Decoded:
    """UTF-32 or UTF-16 without a BOM, plain text padded with NULs, or binary data."""
    wide = _utf32_by_nul_pattern(raw) or _utf16_by_nul_pattern(raw)
    if wide:
        return Decoded(_strict(raw, wide, "NUL pattern"), wide)
    utf16 = _utf16_by_letters(raw, strict_only=False)
    if utf16:
        return utf16
    text = raw.rstrip(b"\x00")
    if 0 not in text:  # text padded with NULs (a fixed-size record, a truncated copy): the NULs are not the text
        decoded = decode(text)
        return Decoded(decoded.text, decoded.encoding, decoded.had_bom, (*decoded.fixes, "control_chars_removed"))
    raise Rejected("binary", f"{raw.count(0)} NUL bytes in {len(raw)} bytes")


def _utf16_by_letters(raw: bytes, strict_only: bool) -> Decoded | None:
    """UTF-16 without BOM or NUL pattern (CJK, Cyrillic with few spaces): taken only if a language knows its letters."""
    if len(raw) % 2:
        return None
    readings = []
    for codec in ("utf_16_le", "utf_16_be"):
        try:
            text = raw.decode(codec) if strict_only else raw[:SAMPLE_BYTES].decode(codec)
        except UnicodeDecodeError:
            continue
        if not C0_CHARS.search(text):
            readings.append(_reading(codec, text, 0.0))
    best = next(_best_first(readings), None)
    if best is None or best.unknown > UTF16_UNKNOWN:
        return None
    return Decoded(_strict(raw, best.codec.replace("_", "-"), "letters"), ENCODING_NAMES[best.codec])


def _utf32_by_nul_pattern(raw: bytes) -> str | None:
    """UTF-32 without BOM: every code point is below U+110000, so one byte of four is always NUL."""
    sample = raw[: SAMPLE_BYTES - SAMPLE_BYTES % 4]
    if len(raw) % 4 or len(sample) < 4:
        return None
    for encoding, high in (("utf-32-le", 3), ("utf-32-be", 0)):
        if not sample[high::4].strip(b"\x00"):
            try:
                raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            return encoding
    return None


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


def _seven_bit_cjk(raw: bytes) -> Decoded | None:
    """ISO-2022-JP/KR (escape sequences) and HZ (~{ ... ~}): 7-bit encodings of CJK that pass as ASCII."""
    for codec in ("iso2022_jp_2", "iso2022_kr", "hz"):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        chars = Counter(letters.fold(text))
        languages = _codec_languages(codec, _commonest_letter(chars))
        if languages and not text.isascii() and _unknown_share(_judged(chars), languages) <= MAX_UNKNOWN:
            return Decoded(text, ENCODING_NAMES[codec])
    return None


# --- UTF-8 with a few bad bytes ---------------------------------------------------------------------------


def utf8_evidence(raw: bytes) -> tuple[int, int]:
    r"""(bytes of valid multi-byte UTF-8 characters, invalid bytes): how much of the non-ASCII is UTF-8.

    >>> utf8_evidence(b"Le caf\xc3\xa9 est tr\xe8s chaud")
    (2, 1)
    """
    # "ignore" drops exactly the bytes "surrogateescape" would escape; counted by lengths, in C
    valid = len(raw.decode("utf-8", "ignore").encode("utf-8"))
    non_ascii = _high_bytes(raw)
    return non_ascii - (len(raw) - valid), len(raw) - valid


def repair_damaged_utf8(raw: bytes) -> str:
    r"""UTF-8 with its invalid bytes repaired.

    A character cut short (a lead byte and fewer continuations than it promises) becomes
    U+FFFD; any other stray byte is read as cp1252 (“ ” é: text pasted from a Windows
    editor), or becomes U+FFFD where cp1252 has no character.

    >>> repair_damaged_utf8(b"\x93caf\xc3\xa9\x94 \xe4\xb8 ok")
    '“café” � ok'
    """
    text = raw.decode("utf-8", "surrogateescape")
    return ESCAPED.sub(lambda run: _read_invalid(bytes(ord(c) - 0xDC00 for c in run.group()), run.end() == len(text)), text)


def _read_invalid(data: bytes, at_end: bool) -> str:
    out, index = [], 0
    while index < len(data):
        byte = data[index]
        needed = CONTINUATIONS.get(byte, 0)
        tail = 0
        while tail < needed and index + 1 + tail < len(data) and 0x80 <= data[index + 1 + tail] <= 0xBF:
            tail += 1
        cut_short = needed and (tail or (at_end and index == len(data) - 1))
        if cut_short:
            out.append("\ufffd")
            index += 1 + tail
            continue
        out.append("\ufffd" if byte in UNREADABLE_STRAYS else bytes((byte,)).decode("cp1252"))
        index += 1
    return "".join(out)


# --- Legacy code pages ------------------------------------------------------------------------------------


def _not_utf8(raw: bytes, declared: str | None) -> Decoded:
    valid, invalid = utf8_evidence(raw)
    if valid >= CLEAR_UTF8 * invalid or (declared == "utf_8" and valid >= invalid):
        return _damaged_utf8(raw)
    tried: set[str] = set()
    for sample in _samples(raw):
        decoded = _by_letters(raw, sample, declared, damaged_utf8=valid >= invalid, tried=tried)
        if decoded:
            return decoded
    raise Rejected("undecodable", f"not UTF-8, and no believable decoding (tried {', '.join(sorted(tried)) or 'none'})")


def _by_letters(raw: bytes, sample: Sample, declared: str | None, damaged_utf8: bool, tried: set[str]) -> Decoded | None:
    """The input in the best believable reading of the sample, None when no reading is (the codecs tried join `tried`)."""
    readings = _legacy_readings(sample.data, complete=sample.complete, declared=declared)
    if damaged_utf8:  # as much UTF-8 as not: a damaged UTF-8 reading competes with the code pages
        readings.append(_reading("utf_8", repair_damaged_utf8(sample.data), DAMAGED_UTF8_BONUS))
    tried.update(ENCODING_NAMES.get(codec, codec) for r in readings for _, codec, _ in r.options)
    for best in filter(_believable, _best_first(readings)):
        if best.codec == "utf_8":
            return _damaged_utf8(raw)
        decoded = _by_words(raw, best, sample.words, declared) or _whole(raw, best, complete=sample.complete)
        decoded = decoded or _by_blocks(raw, best)
        if decoded:
            return _two_sources(raw, decoded, best)
    return None


def _believable(candidate: Candidate) -> bool:
    """Whether a reading has letters some language has, and pairs it makes, however it ranks."""
    return candidate.unknown <= MAX_UNKNOWN and (candidate.language in letters.CJK or candidate.per_pair >= MIN_PER_PAIR)


def _by_words(raw: bytes, chosen: Candidate, words: tuple[bytes, bool] | None, declared: str | None) -> Decoded | None:
    """The input in the code page of its scattered words read alone (`Sample.words`), where that is not `chosen`'s
    and they are clearly likelier in it (WORDS_OVERRULE); else None.

    The ASCII text around them (an English article with a Polish name or a Russian quote) is in another language
    than the words, and pulls the sample towards the code pages of its own languages; where the words are in the
    language of that text (Italian with a few è), their own reading agrees, or is no clearer than the margin.
    """
    if words is None:
        return None
    readings = _legacy_readings(words[0], complete=words[1], declared=declared)
    # Three times the finalists: six may be one text in six languages (MacCyrillic in each Cyrillic one)
    own = next(filter(_believable, _best_first(readings, finalists=3 * FINALISTS)), None)
    chosen_readings = [reading for reading in readings if chosen.codec in dict(reading.codecs)]
    if own is None or not chosen_readings or chosen.codec == own.codec or chosen.codec in dict(own.equivalents):
        return None
    chosen_best = next(iter(_ranked(chosen_readings)), None)  # None: no language of its code page knows the letters
    if chosen_best is not None and own.score - chosen_best.score <= WORDS_OVERRULE:
        return None
    return _whole(raw, own, complete=words[1])


def legacy_sample(raw: bytes) -> bytes:
    r"""The SAMPLE_BYTES the letter models score: from the line of the first byte that is not ASCII.

    Every code page reads ASCII alike, so the evidence is in the other bytes: a bilingual file whose English
    comes first (a reprint's original, then its Big5 translation) would otherwise be judged on English alone, and
    read as the first single-byte code page that decodes it whole. The bytes before are ASCII, so the sample
    starts on a character of every multi-byte code page too. A line with only a stray symbol or two (a © line, a
    dateline's °) does not start it when a line with more comes later (`_first_dense_line`); where the window
    still holds only a few such bytes and more come later (accented names here and there in a long English
    file), the words that hold them are added (`scattered_words`).

    >>> legacy_sample(b"The summit\r\nended.\r\n\xb6\xa5\xa4\xa4")
    b'\xb6\xa5\xa4\xa4'
    >>> legacy_sample(b"Caf\xe9") == b"Caf\xe9"
    True
    >>> legacy_sample(b"\xa9 2003\n" + b"An English preamble. " * 30 + b"\n\xb6\xa5\xa4\xa4")
    b'\xb6\xa5\xa4\xa4'
    >>> legacy_sample(b"Dvo\xf8\xe1k\n" + b"An English preamble. " * 30 + b"\nCharles \xc8apek")[-26:]
    b'An English preamble. \xc8apek'
    """
    return next(_samples(raw)).data


@dataclass(frozen=True)
class Sample:
    data: bytes
    complete: bool  # whether it holds every non-ASCII byte of the input, whole
    # Where the window holds few non-ASCII bytes: the words that hold them, from the first on (`scattered_words`),
    # which may overrule the sample's choice (`_by_words`)
    words: tuple[bytes, bool] | None = None


def _samples(raw: bytes) -> Iterator[Sample]:
    """The samples to judge the input by, in turn, each only if the ones before found no believable reading.

    A sparse window (an accented name in English, a © line) gets the scattered words after it, and the words of
    the whole input alone may overrule its choice (`_by_words`). If no reading of the first sample is believable (ASCII
    around a few Russian or Greek words, a page's markup on the same line, drags their letter pairs down to
    noise), the words that hold the non-ASCII bytes are judged alone.
    """
    first = NON_ASCII.search(raw)
    first_line = _line_start(raw, first.start()) if first else 0
    start = _first_dense_line(raw, first_line)
    window = raw[start : start + SAMPLE_BYTES]
    end = start + len(window)
    words = scattered_words(raw, first_line, WORDS_BYTES) if _high_bytes(window) < SPARSE_HIGH else None
    words = None if words and words[0] == window else words  # one word, or nothing else: the window is its words
    if end == len(raw):
        sample = Sample(window, start == first_line, words)
    elif words is None or not NON_ASCII.search(raw, end):
        sample = Sample(window, False, words)
    else:
        cut = max(window.rfind(space) for space in b" \t\r\n")  # never inside a character of any code page
        sample = Sample(window[: cut + 1] + scattered_words(raw, start + cut + 1)[0], False, words)
    yield sample
    alone = scattered_words(raw, first_line)  # for an input the first sample found no believable reading of
    if alone[0] != sample.data:
        yield Sample(*alone)
    # The file's last lines, for one that neither explains: a part in another code page may follow (an English
    # original with “ ” é € before its Big5 translation: the first sample holds both, and no code page reads both)
    last = raw.find(b"\n", len(raw) - SAMPLE_BYTES) + 1
    if last > first_line:
        yield Sample(raw[last : last + SAMPLE_BYTES], False)


def _high_bytes(data: bytes) -> int:
    """How many bytes of `data` are not ASCII (counted in C, by what a translation drops)."""
    return len(data) - len(data.translate(None, HIGH_BYTES))


def _line_start(raw: bytes, position: int) -> int:
    """Where the line holding `position` starts."""
    return raw.rfind(b"\n", 0, position) + 1


def _first_dense_line(raw: bytes, start: int) -> int:
    r"""Where the first line holding DENSE_LINE bytes that are not ASCII starts (a dateline's ° or a © line before
    the body does not: with the English after it, a few Big5 bytes read as cp1252 pass); `start` if none does.

    >>> _first_dense_line(b"Seoul, 25\xa2X at noon.\nEnglish.\n\xb6\xa5\xa4\xa4", 0)
    30
    """
    line = start
    for _ in range(DENSE_LINES_LOOKED_AT):
        found = NON_ASCII.search(raw, line)
        if found is None:
            break
        line = _line_start(raw, found.start())
        end = raw.find(b"\n", found.start())
        end = len(raw) if end < 0 else end
        text = raw[line : min(end, line + SAMPLE_BYTES)]
        if _high_bytes(text) >= DENSE_LINE:
            return line
        line = end + 1
    return start


def scattered_words(
    raw: bytes, start: int = 0, limit: int = SAMPLE_BYTES, marks: re.Pattern[bytes] = NON_ASCII
) -> tuple[bytes, bool]:
    r"""The words holding bytes that are not ASCII (or that `marks` finds), from `start` on, joined by spaces up to
    `limit` bytes; and whether they are all there, whole.

    The English around an accented name says nothing about its code page, and drags a Cyrillic or Greek
    reading's letter pairs down to noise. No multi-byte code page has a whitespace byte inside a character,
    so each word starts and ends on a character.

    >>> scattered_words(b"Written by Fran\xe7ois Dupont.\nTickets cost \x8025 each.")
    (b'Fran\xe7ois \x8025', True)
    """
    words: list[bytes] = []
    size = 0
    position = start
    while size < limit:
        found = marks.search(raw, position)
        if found is None:
            return b" ".join(words), True
        left = max(position - 1, *(raw.rfind(space, position, found.start()) for space in b" \t\r\n")) + 1
        right = WHITESPACE.search(raw, found.end())
        position = right.start() if right else len(raw)
        words.append(raw[left:position])
        size += position - left + 1
    sample = b" ".join(words)[:limit]
    return sample, False


def _by_blocks(raw: bytes, chosen: Candidate) -> Decoded | None:
    r"""The input in `chosen`'s code page but for one run of blocks (text between blank lines) that is not in it,
    decoded on its own: a reprint assembled from two sources (a Big5 translation, then its cp1252 English original
    with “ ” é €). The run leads up to the last block that does not decode, or follows from the first; None
    where those are both the first and the last block, or the run decodes in nothing believable.

    >>> _by_blocks("漢字\n\n".encode("big5") + "“Café”".encode("cp1252"), Candidate(0.0, "big5", "zh-Hant", 0.0))
    Decoded(text='漢字\n\n“Café”', encoding='big5', had_bom=False, fixes=('mixed_encodings',))
    """
    parts = BLANK_LINES.split(raw)  # blocks at even places, the blank lines between them at odd ones
    failing = [index for index in range(0, len(parts), 2) if not _decodes(parts[index], chosen.codec)]
    if not failing or (failing[0] == 0 and failing[-1] == len(parts) - 1):
        return None  # no block, or the first and the last: not one part leading or following
    if failing[0] == 0:  # the other part leads, up to its last block not in the code page
        start, end = 0, len(b"".join(parts[: failing[-1] + 1]))
    else:  # it follows, from its first block not in the code page on
        start, end = len(b"".join(parts[: failing[0]])), len(raw)
    try:
        other = decode(raw[start:end])
    except Rejected:
        return None
    if other.encoding == ENCODING_NAMES.get(chosen.codec):
        return None
    text = raw[:start].decode(chosen.codec) + other.text + raw[end:].decode(chosen.codec)
    fixes = tuple(dict.fromkeys(("mixed_encodings", *other.fixes)))
    return Decoded(text, ENCODING_NAMES.get(chosen.codec, chosen.codec), fixes=fixes)


def _two_sources(raw: bytes, decoded: Decoded, chosen: Candidate) -> Decoded:
    r"""`decoded`, but for its blocks in another code page that its own decodes too: a reprint of a single-byte
    translation (Russian cp1251, Greek, Hebrew, Thai, ISO-8859-2...) and its cp1252 English original with “ ” é €,
    which a file read in the translation's code page gets as its letters or controls (`cafй`, `Ђ25`), and a file
    read in cp1252 (its sample was the English, first) gets the translation as Latin letters (`Ñåâåðíàÿ`).

    Only a file in a single-byte code page with a blank line is looked at; the blocks that may be in the other
    code page are few (`_original_blocks`, `_translation_blocks`), and a file of one language has none. The rest is
    read in the code page, of those that read the sample as `chosen` did, that reads it best (`_rest_codec`).

    >>> translation = ("Новости дня. " * 4).encode("cp1251")
    >>> original = b"The caf\xe9 charged \x8025 for a cup of tea, its owner said."
    >>> chosen = Candidate(0.0, "cp1251", "ru", 0.0)
    >>> decoded = _two_sources(translation + b"\n\n" + original, Decoded("", "cp1251"), chosen)
    >>> decoded.text.split("\n\n")[1], decoded.fixes
    ('The café charged €25 for a cup of tea, its owner said.', ('mixed_encodings',))
    >>> chosen = Candidate(0.0, "cp1252", "en", 0.0)
    >>> _two_sources(original + b"\n\n" + translation, Decoded("", "cp1252"), chosen).text.split("\n\n")[1][:7]
    'Новости'
    """
    codec = _codec_name(decoded.encoding)
    if codec not in SINGLE_BYTE | LATIN_CODECS or "mixed_encodings" in decoded.fixes:
        return decoded  # (a part in another code page found already: `_by_blocks`)
    if not BLANK_LINES.search(raw):
        return decoded
    parts = BLANK_LINES.split(raw)  # blocks at even places, the blank lines between them at odd ones
    blocks = parts[::2]
    if codec in ORIGINAL_CODECS and not HIGH_RUN.search(raw) and not _after_an_original(blocks):
        return decoded  # a cp1252 reading: only a translation can be in another code page (`_translation_blocks`)
    other = _original_blocks(blocks, codec) if codec in SINGLE_BYTE - ORIGINAL_CODECS else {}  # cp1258 reads é € alike
    other |= _translation_blocks(blocks, codec)
    if not other:
        return decoded
    codec = _rest_codec(b"\n\n".join(block for index, block in enumerate(blocks) if index not in other), codec, chosen)
    read = [other[index] if index in other else block.decode(codec) for index, block in enumerate(blocks)]
    text = "".join(block + blank.decode("ascii") for block, blank in zip(read, [*parts[1::2], b""], strict=True))
    fixes = tuple(dict.fromkeys((*decoded.fixes, "mixed_encodings")))
    return Decoded(text, ENCODING_NAMES.get(codec, decoded.encoding), decoded.had_bom, fixes)


def _rest_codec(rest: bytes, codec: str, chosen: Candidate) -> str:
    """The code page of a file's blocks but those `_two_sources` found in another: where `codec` is `chosen`'s or one
    that read the sample alike, the one `_whole` picks on these blocks alone of those that read their own sample as
    `codec` does. The other blocks are no evidence for it: an original's “ ”, ISO-8859-7's controls, decided for
    cp1253 on the whole file (or on a sample holding them), whose ¶ is ISO-8859-7's Ά."""
    if codec != chosen.codec and codec not in dict(chosen.equivalents):
        return codec
    readings = _legacy_readings(legacy_sample(rest), complete=False, declared=None)
    alike = next((reading.codecs for reading in readings if codec in dict(reading.codecs)), [])
    equivalents = tuple((each, prior) for each, prior in alike if each != codec)
    decoded = _whole(rest, Candidate(0.0, codec, chosen.language, 0.0, equivalents), complete=False)
    return (_codec_name(decoded.encoding) or codec) if decoded else codec


def _original_blocks(blocks: list[bytes], codec: str) -> dict[int, str]:
    r"""The blocks of a file in `codec` that are a cp1252 original, each as read in the original's code page: those of
    `_original_candidates` whose words the two code pages read apart (`scattered_words`) are clearly likelier in a code
    page of the original's family than in `codec` (`_by_words`, WORDS_OVERRULE), or likelier in cp1252 by less, where
    the block's text is clearly likelier in cp1252 (`_western_lead`): a lone `£9`, cp1250's `Ł9`, in English.

    >>> english = b"The group had a turnover of over \xa39 billion last year, its chairman said on Monday."
    >>> _original_blocks([("Skupina měla obrat přes devět miliard. " * 3).encode("cp1250"), english], "cp1250")
    {1: 'The group had a turnover of over £9 billion last year, its chairman said on Monday.'}
    """
    chosen, apart, originals = Candidate(0.0, codec, "", 0.0), _read_apart(codec), {}
    for index in _original_candidates(blocks, codec):
        words = scattered_words(blocks[index], 0, WORDS_BYTES, apart)
        original = _by_words(blocks[index], chosen, words, None)
        if original is not None and original.encoding in ORIGINAL_NAMES:
            originals[index] = original.text
        elif original is None and _western_lead(words[0], codec) > 0 and _western_lead(blocks[index], codec) > WORDS_OVERRULE:
            originals[index] = blocks[index].decode("cp1252")
    return originals


def _western_lead(data: bytes, codec: str) -> float:
    """How much likelier `data` is in cp1252, in a language of its, than in `codec` in one of its (-inf where cp1252
    leaves a byte undefined). `£9` and `Ł9` alone score nearly alike; an English block's whole text does not."""
    scores = []
    for each in ("cp1252", codec):
        try:
            scores.append(max((c.score for c in _ranked([_reading(each, data.decode(each), 0.0)])), default=-math.inf))
        except UnicodeDecodeError:
            return -math.inf
    return scores[0] - scores[1]


def _translation_blocks(blocks: list[bytes], codec: str) -> dict[int, str]:
    """The blocks of a file read in a single-byte code page (its sample was an English original with “ ” é, or began
    with one: cp1256 reads its quotes as cp1252 does) that are a translation in another code page, decoded in it:
    those with more bytes that are not ASCII than TRANSLATION_SHARE (Cyrillic, Greek, Hebrew, Thai, CJK are most of
    their text, Czech 10%; English has a few quotes) beside blocks with fewer, one with three in a row (HIGH_RUN), or
    those after an original that comes first (`_after_an_original`), where their words are clearly likelier in another
    code page (`_by_words`, WORDS_OVERRULE) that is not Western (a French block with a few more accents than the rest)."""
    dense = [index for index, block in enumerate(blocks) if _high_bytes(block) > TRANSLATION_SHARE * len(block)]
    if not dense or len(dense) == len(blocks) or not any(HIGH_RUN.search(blocks[index]) for index in dense):
        dense = _after_an_original(blocks)
    if not dense:
        return {}
    joined = b"\n\n".join(blocks[index] for index in dense)
    translation = _by_words(joined, Candidate(0.0, codec, "", 0.0), scattered_words(joined, 0, WORDS_BYTES), None)
    other = _codec_name(translation.encoding) if translation else None
    if other is None or other in ORIGINAL_CODECS:
        return {}
    try:
        return {index: blocks[index].decode(other) for index in dense}
    except UnicodeDecodeError:  # a block cut inside a character of a multi-byte code page
        return {}


def _after_an_original(blocks: list[bytes]) -> list[int]:
    r"""The blocks after an English original that comes first (SAMPLE_BYTES or more of blocks with at most
    ORIGINAL_LEAD_SHARE of bytes that are not ASCII) with more than that share and twice the original's, and a letter
    among them (`_cp1252_letters`): a Central European or Baltic translation may have too few such bytes for
    TRANSLATION_SHARE, and none three in a row.

    >>> original = b"The summit ended on Friday without a joint statement after two days of talks. " * 8 + b"\x93No!\x94"
    >>> _after_an_original([original, "Srečanje se je končalo brez izjave.".encode("cp1250")])
    [1]
    """
    shares = [_high_bytes(block) / max(1, len(block)) for block in blocks]
    first = next((index for index, share in enumerate(shares) if share > ORIGINAL_LEAD_SHARE), 0)
    if len(b"".join(blocks[:first])) < SAMPLE_BYTES:
        return []
    lead = max(shares[:first])
    return [index for index in range(first, len(blocks))
            if shares[index] > max(ORIGINAL_LEAD_SHARE, 2 * lead) and _cp1252_letters().search(blocks[index])]  # fmt: skip


@cache
def _cp1252_letters() -> re.Pattern[bytes]:
    """The bytes 0x80-0xFF that cp1252 reads as letters: a translation has some, a paragraph with a € alone has none."""
    pattern = _byte_class("cp1252", lambda _, char: char is not None and char.isalpha())
    assert pattern is not None
    return pattern


def _original_candidates(blocks: list[bytes], codec: str) -> list[int]:
    r"""The blocks that may be a cp1252 original beside text in `codec`: few bytes that are not ASCII
    (ORIGINAL_SHARE), some of which the two read apart, beside a block with more (a file of one language has no
    such blocks, or only such blocks); where every block has few (Slovene in ISO-8859-2), those holding a byte
    the code page reads as a C1 control (cp1252's “ ” ’ €), which no text has.

    >>> original = b"The \x93Caf\xe9\x94 on the corner of the main square opens every day at dawn."
    >>> _original_candidates(["Новости дня".encode("cp1251"), original], "cp1251")
    [1]
    """
    apart = _read_apart(codec)
    sparse = [
        index for index, block in enumerate(blocks)
        if _high_bytes(block) <= ORIGINAL_SHARE * len(block) and apart.search(block)
    ]  # fmt: skip
    if any(index not in sparse and not block.isascii() for index, block in enumerate(blocks)):
        return sparse
    controls = _c1_controls(codec)
    return [index for index in sparse if controls.search(blocks[index])] if controls else []


@cache
def _read_apart(codec: str) -> re.Pattern[bytes]:
    r"""The bytes that a single-byte code page and cp1252 read apart (curly quotes are alike in cp1251, é is not).

    >>> _read_apart("cp1251").findall("“Café”".encode("cp1252"))
    [b'\xe9']
    """
    western = _single_byte_table("cp1252")
    assert western is not None
    apart = _byte_class(codec, lambda byte, char: char != western[byte])
    assert apart is not None  # only code pages of other families are asked
    return apart


@cache
def _c1_controls(codec: str) -> re.Pattern[bytes] | None:
    """The bytes a single-byte code page reads as C1 controls (ISO-8859's 0x80-0x9F), None where it has none."""
    return _byte_class(codec, lambda _, char: char is not None and "\x80" <= char <= "\x9f")


def _byte_class(codec: str, keep: Callable[[int, str | None], bool]) -> re.Pattern[bytes] | None:
    """A pattern of the bytes 0x80-0xFF whose character in a single-byte code page `keep` keeps, None if none."""
    table = _single_byte_table(codec)
    assert table is not None
    kept = b"".join(re.escape(bytes((byte,))) for byte in range(0x80, 0x100) if keep(byte, table[byte]))
    return re.compile(b"[%s]" % kept) if kept else None


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _whole(raw: bytes, best: Candidate, complete: bool) -> Decoded | None:
    """The whole input in the best codec; past the sample, codecs that agreed on it (cp1252, ISO-8859-15) may not.

    Neither table knows € (ISO-8859-15's 0xA4) or ¤ (cp1252's): the generic currency sign ¤ is never written
    in news, so each one costs its reading more than the codecs' priors differ.
    """
    texts: dict[str, tuple[str, float]] = {}  # text -> (codec, prior)
    for codec, prior in ((best.codec, 0.0), *(() if complete else best.equivalents)):
        try:
            texts.setdefault(raw.decode(codec), (codec, prior))
        except UnicodeDecodeError:
            continue  # the sample decoded, a later byte does not
    if len(texts) > 1:  # only the characters where they differ are scored: cheap on a long document
        model = letters.models()[best.language]
        charsets = {text: set(text) for text in texts}
        common = set.intersection(*charsets.values())

        def likelihood(text: str) -> float:
            own = "".join(charsets[text] - common)
            return model.letter_likelihood(Counter(letters.fold(own))) + texts[text][1] + CURRENCY_SIGN * own.count("¤")

        text = max(texts, key=likelihood)
    elif texts:
        text = next(iter(texts))
    else:
        return None
    return Decoded(text, ENCODING_NAMES.get(texts[text][0], texts[text][0]))


def _damaged_utf8(raw: bytes) -> Decoded:
    return Decoded(repair_damaged_utf8(raw), "utf-8", fixes=("invalid_utf8_repaired",))


@dataclass(frozen=True)
class Reading:
    """One text of the sample, folded and counted for the letter models, and the (language, codec, prior) it may be."""

    options: list[tuple[str, str, float]]
    codecs: list[tuple[str, float]]  # every codec that gave this text, most common first
    text: str | None  # None for a single-byte code page's: decoded from `sample` only if it is a finalist (`decoded`)
    chars: dict[str, int]  # folded non-ASCII characters and their counts, in order of first appearance
    commonest: str | None  # the commonest letter of chars (_commonest_letter)
    # The folded ASCII characters: one dict shared by every single-byte code page's reading, so scored once
    ascii_chars: dict[str, int]
    sample: bytes = b""

    def decoded(self) -> str:
        """The text of the sample in the reading's first codec.

        >>> _reading("cp1251", None, 0.0, {"ї": 1}, {"a": 1}, b"a\\xbf").decoded()
        'aї'
        """
        return self.text if self.text is not None else self.sample.decode(self.codecs[0][0])


@dataclass(frozen=True)
class Candidate:
    score: float  # log-likelihood of the sample's text in `language`, plus the codec's prior
    codec: str
    language: str
    unknown: float  # share of non-ASCII characters the language has never seen
    equivalents: tuple[tuple[str, float], ...] = ()  # other codecs (and priors) that gave the sample the same text
    per_pair: float = 0.0  # mean log-probability of a letter pair: real text is far above random bytes


def _legacy_readings(sample: bytes, complete: bool, declared: str | None) -> list[Reading]:
    """Every legacy codec's reading of the sample that decodes strictly, one per distinct text."""
    codecs_to_try = list(LEGACY_CODECS)
    if declared and declared not in dict(LEGACY_CODECS) and declared in letters.codec_languages():
        codecs_to_try.insert(0, (declared, 0.0))
    if len(sample) % 2 == 0:  # UTF-16 of CJK or Cyrillic text without a BOM may have no NUL byte at all
        codecs_to_try += [("utf_16_le", -2.0), ("utf_16_be", -2.0)]
    counts = _byte_counts(sample)  # single-byte codecs count their characters from it, not from their text
    readings: dict[object, Reading] = {}
    for codec, prior in codecs_to_try:
        if codec in SINGLE_BYTE:  # keyed by its characters for the sample's distinct bytes 0x80-0xFF
            try:
                key: object = (counts.high.decode(codec),)  # a tuple: never equal to a multi-byte codec's text
            except UnicodeDecodeError:
                continue  # a byte this code page leaves undefined
            text = None
        else:
            key = text = _decode_sample(sample, codec, complete)
            if text is None:
                continue
        prior += DECLARED_BONUS if codec == declared else 0.0
        if key in readings:  # an equivalent codec (cp1250 and cp1252 agree on "ž"): its languages join in
            reading = readings[key]
            reading.codecs.append((codec, prior))
            known = {language for language, _, _ in reading.options}
            reading.options.extend(
                (language, codec, prior) for language in _codec_languages(codec, reading.commonest) if language not in known
            )
        elif text is None:
            readings[key] = _reading(codec, None, prior, _folded_chars(counts, codec), counts.ascii_chars, sample)
        else:
            readings[key] = _reading(codec, text, prior)
    return list(readings.values())


@dataclass(frozen=True)
class ByteCounts:
    """A sample's bytes, counted once for every single-byte code page: they all read ASCII as ASCII."""

    ascii_chars: dict[str, int]  # the ASCII bytes as folded characters, in order of first appearance
    high: bytes  # the distinct bytes 0x80-0xFF, in order of first appearance: what the code pages differ on
    high_counts: tuple[int, ...]


def _byte_counts(sample: bytes) -> ByteCounts:
    r"""The sample's ASCII characters folded (as letters.fold does), and its other bytes, each counted.

    >>> _byte_counts(b"Caf\xe9 CAF\xc9")
    ByteCounts(ascii_chars={'c': 2, 'a': 2, 'f': 2, ' ': 1}, high=b'\xe9\xc9', high_counts=(1, 1))
    """
    histogram = Counter(sample.translate(ASCII_FOLD))
    present = bytes(histogram)
    low, high = present.translate(None, HIGH_BYTES), present.translate(None, ASCII_BYTES)
    ascii_chars = dict(zip(low.decode("ascii"), map(histogram.__getitem__, low), strict=True))
    return ByteCounts(ascii_chars, high, tuple(map(histogram.__getitem__, high)))


def _folded_chars(counts: ByteCounts, codec: str) -> dict[str, int]:
    r"""A single-byte code page's folded non-ASCII characters, each byte folded alone, in order of first appearance.

    Counted in C when no two bytes fold to the same character (É and é both present), else in Python.

    >>> _folded_chars(_byte_counts(b"\xc9t\xe9 caf\xe9 \xe0"), "cp1252")
    {'é': 3, 'à': 1}
    >>> _folded_chars(_byte_counts(b"\xc9t\xe9 caf\xe9 \xe0"), "cp1251")
    {'й': 3, 'а': 1}
    """
    folded = _folded_table(codec)
    keys = tuple(map(folded.__getitem__, counts.high))
    if len(set(keys)) == len(keys):
        return dict(zip(keys, counts.high_counts, strict=True))
    chars: dict[str, int] = {}  # a plain dict: Counter's += calls __missing__ in Python for every new character
    for key, count in zip(keys, counts.high_counts, strict=True):
        chars[key] = chars.get(key, 0) + count
    return chars


@cache
def _folded_table(codec: str) -> tuple[str, ...]:
    table = _single_byte_table(codec)
    assert table is not None  # only single-byte code pages have their bytes counted
    return tuple(letters.fold(char) if char is not None else "" for char in table)


@cache
def _single_byte_table(codec: str) -> tuple[str | None, ...] | None:
    """Each byte's character in a single-byte code page (None where undefined); None for other codecs."""
    if codec not in SINGLE_BYTE:
        return None
    table: list[str | None] = []
    for byte in range(256):
        try:
            table.append(bytes((byte,)).decode(codec))
        except UnicodeDecodeError:
            table.append(None)
    return tuple(table)


def _decode_sample(sample: bytes, codec: str, complete: bool) -> str | None:
    try:
        return sample.decode(codec)
    except UnicodeDecodeError as error:
        if complete or error.start < len(sample) - 4:  # only a cut sample may end mid-character
            return None
        return sample[: error.start].decode(codec)


def _reading(
    codec: str,
    text: str | None,
    prior: float,
    chars: dict[str, int] | None = None,
    ascii_chars: dict[str, int] | None = None,
    sample: bytes = b"",
) -> Reading:
    """A reading of the sample; a single-byte code page's comes with its characters counted (`_folded_chars`),
    and its text may be left to decode from `sample` when needed (text None)."""
    if codec == "cp1258" and text is not None:  # tones come as combining marks; the tables count composed letters
        text = letters.nfc(text)
    if chars is None or ascii_chars is None:
        assert text is not None
        ascii_chars, chars = _split_ascii(Counter(letters.fold(text)))
    commonest = _commonest_letter(chars)
    options = [(language, codec, prior) for language in _codec_languages(codec, commonest)]
    return Reading(options, [(codec, prior)], text, chars, commonest, ascii_chars, sample)


def _ranked(readings: list[Reading]) -> list[Candidate]:
    """Candidates best first: letter frequencies rank every (codec, language), letter pairs decide among the best."""
    return _ranking(readings, prune=False)[0]


def _best_first(readings: list[Reading], finalists: int = FINALISTS) -> Iterator[Candidate]:
    """The candidates of `_ranked`, in its order, most often without scoring the finalists that cannot come first.

    The ranking with later finalists pruned is `_ranked`'s up to the first finalist's candidate; only a caller
    that turns that one down too gets the rest, from the ranking with every finalist scored.
    """
    ranked, exact = _ranking(readings, prune=True, finalists=finalists)
    yield from ranked[:exact]
    if exact is not None:
        yield from _ranking(readings, prune=False, finalists=finalists)[0][exact:]


def _ranking(readings: list[Reading], prune: bool, finalists: int = FINALISTS) -> tuple[list[Candidate], int | None]:
    """The ranked candidates, and how many of the first are `_ranked`'s when `prune` left some finalists out (else None).

    With `prune`, a later finalist's letter pairs are summed only while its score could still reach the first
    finalist's: each pair lowers the sum (`LanguageModel.never_positive`), so one that falls to it sorts after the
    first finalist (a tie keeps the finalists' order) and is left out; the ranking then holds every candidate that
    sorts before the first finalist's, in the same order, and that candidate.
    """
    models = letters.models()
    scored_ascii: dict[tuple[int, str], float] = {}
    currency = [_currency(reading) for reading in readings]
    first = sorted(
        ((_letter_likelihood(r, models[language], scored_ascii) + prior + currency[index], index, language, codec, prior)
         for index, r in enumerate(readings) for language, codec, prior in r.options),
        reverse=True,
    )  # fmt: skip
    prune = prune and _sums_only_fall()
    candidates, texts, folded, pairs, misplaced, judged = [], {}, {}, {}, {}, {}
    likelihoods: dict[tuple[str, str], tuple[float | None, float]] = {}  # (text, language) -> (sum or None, its floor)
    threshold, pruned = None, False  # the first finalist's score
    for ranking_score, index, language, _codec, prior in first[:finalists]:
        reading = readings[index]
        if index not in texts:
            texts[index] = reading.decoded()
        text = texts[index]  # cp1258 reads plain Latin text as cp1252 does: a reading of its own, the same text
        if text not in folded:
            folded[text] = letters.fold(text)
        # a margin of a whole nat: rounding in the sums and in the score's additions cannot cross it
        floor = -math.inf if threshold is None or not prune else threshold - prior - 1.0
        model = models[language]
        known, known_floor = likelihoods.get((text, language), (None, math.inf))
        if known is None and floor < known_floor:  # not summed yet, or stopped at a higher floor than this one's
            if floor > -math.inf and first[0][0] - ranking_score > CEILING_GAP and model.ceiling(folded[text]) <= floor:
                known = None  # even its best pairs cannot reach the first finalist's score: no need to count them
            else:
                if text not in pairs:  # letter pairs only for the finalists: the costly part
                    pairs[text] = letters.pair_counts(folded[text])
                known = model.log_likelihood(pairs[text], floor)
            likelihoods[text, language] = (known, floor)
        if known is None:
            pruned = True
            continue
        likelihood = known
        if text not in misplaced:
            misplaced[text] = letters.out_of_place(text)
        if index not in judged:
            judged[index] = _judged(reading.chars)
        score = likelihood + prior + letters.OUT_OF_PLACE * misplaced[text] + currency[index]
        # Named after the first (most common) codec that gave this text: "Новости" in KOI8-R is KOI8-U too.
        primary = reading.codecs[0][0]
        equivalents = tuple(reading.codecs[1:])
        unknown = _unknown_share(judged[index], (language,))
        per_pair = likelihood / max(1, sum(pairs[text].values()))
        candidates.append(Candidate(score, primary, language, unknown, equivalents, per_pair))
        threshold = score if threshold is None else threshold
    ranked = sorted(candidates, key=lambda candidate: -candidate.score)
    return ranked, (ranked.index(candidates[0]) + 1 if pruned else None)


def _currency(reading: Reading) -> float:
    """What a generic currency sign ¤ costs a reading: where another code page reads € (ISO-8859-15's 0xA4, in
    a sample of scattered words), it is never written in news."""
    return CURRENCY_SIGN * reading.chars.get("¤", 0)


@cache
def _sums_only_fall() -> bool:
    return all(model.never_positive() for model in letters.models().values())


def _split_ascii(chars: dict[str, int]) -> tuple[dict[str, int], dict[str, int]]:
    """The ASCII and the other characters, each in their order.

    >>> _split_ascii(Counter("añoa"))
    ({'a': 2, 'o': 1}, {'ñ': 1})
    """
    ascii_, other = list(filter(str.isascii, chars)), list(filterfalse(str.isascii, chars))
    count = chars.__getitem__
    return dict(zip(ascii_, map(count, ascii_), strict=True)), dict(zip(other, map(count, other), strict=True))


def _commonest_letter(chars: dict[str, int]) -> str | None:
    """The commonest non-ASCII letter, the first of them as most_common() orders them (without sorting every character).

    >>> _commonest_letter(Counter("ça où été")), _commonest_letter(Counter("plain ascii"))
    ('é', None)
    """
    non_ascii_letters = filter(str.isalpha, filterfalse(str.isascii, chars))  # in C: CJK readings have hundreds
    return max(non_ascii_letters, key=chars.__getitem__, default=None)


def _letter_likelihood(reading: Reading, model: letters.LanguageModel, scored_ascii: dict[tuple[int, str], float]) -> float:
    """The reading's letter likelihood: its ASCII part plus the rest, the same sums for the same characters.

    Single-byte code pages' readings share one dict of ASCII characters (its id is the key: it outlives the ranking),
    scored once per language.
    """
    key = (id(reading.ascii_chars), model.language)
    if key not in scored_ascii:
        scored_ascii[key] = model.letter_likelihood(reading.ascii_chars)
    return scored_ascii[key] + model.letter_likelihood(reading.chars)


@lru_cache(maxsize=8192)  # a few letters (é, ä, я, 的) are the commonest of most texts: asked again and again
def _codec_languages(codec: str, commonest: str | None) -> tuple[str, ...]:
    """The codec's languages that know the text's commonest non-ASCII letter (all of them for ASCII letters only).

    >>> _codec_languages("cp1250", "ő"), _codec_languages("koi8_r", "я")
    (('hu',), ('bg', 'ru'))
    """
    languages = letters.codec_languages().get(codec) or tuple(letters.models())
    if commonest is None:
        return languages
    models = letters.models()
    return tuple(language for language in languages if models[language].knows(commonest))


def _judged(chars: dict[str, int]) -> dict[str, int]:
    """The non-ASCII characters a language's letters are judged on: symbols and punctuation (½ ° “) left out.

    >>> _judged(Counter("Tschüß ½ °"))
    {'ü': 1, 'ß': 1}
    """
    blind_spot = models_blind_spot()
    return {char: count for char, count in chars.items() if not char.isascii() and char not in blind_spot}


def _unknown_share(judged: dict[str, int], languages: tuple[str, ...]) -> float:
    """Share of non-ASCII characters (`_judged`) that are letters the likeliest of `languages` has never seen, or controls.

    Symbols and punctuation count as known: a rare one is no sign of a wrong decoding.

    >>> round(_unknown_share(_judged(Counter("Tschüß ½ °\x85")), ("de",)), 3)
    0.333
    """
    total = sum(judged.values())
    if not total:
        return 0.0
    models = letters.models()
    # unigram.__contains__ is LanguageModel.knows without a Python call per character
    known = max(sum(map(judged.__getitem__, filter(models[language].unigram.__contains__, judged))) for language in languages)
    return 1 - known / total


@cache
def models_blind_spot() -> frozenset[str]:
    """Non-ASCII symbols, punctuation and spaces of the code pages: real, if rare, in any language's text."""
    chars = {chr(code) for code in range(0xA0, 0x3000)}
    return frozenset(c for c in chars if unicodedata.category(c)[0] in "SPNZ")
