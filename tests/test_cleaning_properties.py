"""Property-based tests of the cleaning steps: decode -> repair -> whitespace -> paragraphs.

For any input: no exception but a Rejected verdict; cleaning clean text changes
nothing; none of the artifacts the contract forbids survive; and nothing is lost
but what the steps document removing (whitespace, controls, invisible characters).
"""

from __future__ import annotations

import codecs
import unicodedata

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from tasks.model import Rejected
from tasks.pipeline import CleanOptions, StepTimer, clean_text, repair_and_tidy
from tasks.steps.decode import decode
from tasks.steps.paragraphs import split_paragraphs
from tasks.steps.whitespace import BIDI_CONTROL, INVISIBLE, unbalanced_bidi

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that make cleaning interesting: every kind of space, line break, invisible and control,
# combining marks, CJK and fullwidth punctuation, mojibake-prone Latin-1 letters, HTML entity pieces.
AWKWARD = (
    " \t\n\r\x0b\x0c\x1c\x1d\x1e\x85\xa0\u1680\u2000\u2007\u200a\u2028\u2029\u202f\u205f\u3000"
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202e\u2066\u2069\u180e"
    "\x00\x01\x07\x1b\x7f\x80\x9f\u0301\u0308\u0327"
    "aeAE e\u00e9\u00c3\u00a9\u00e2\u20ac\u2122\u00c2"
    "\u4e2d\u6587\uff0c\u3002\uff08\uff09\u3001\u300c\u300d\u3042\ud55c"
    "&;#amp lt x41 \u201c\u201d\u2019"
)
awkward_text = st.text(alphabet=st.sampled_from(AWKWARD), max_size=80) | st.text(max_size=80)

SEPARATORS = "\t\n\r\x0c\x85"  # the controls that separate (tab, line ends); every other control is removed
FORBIDDEN_CONTROLS = {chr(c) for c in range(0x20) if chr(c) != "\n"} | {chr(c) for c in range(0x7F, 0xA0)}


def clean(text: str) -> str:
    """The text-to-text part of the pipeline: paragraphs joined by blank lines, as the `text` column holds them."""
    return repair_and_tidy(text)[0]


def visible(text: str) -> str:
    """What cleaning promises to keep of a text: all but whitespace, controls, invisible characters that spell
    nothing and bidi controls (those without a partner are removed; which ones lack one depends on the lines).

    Removing a control or invisible character may join a letter and a combining mark, hence NFC
    then; whitespace goes last, as it keeps what it separates apart.
    """
    text = BIDI_CONTROL.sub("", INVISIBLE.sub("", text))
    text = "".join(c for c in text if c in SEPARATORS or unicodedata.category(c) != "Cc")
    return "".join(c for c in unicodedata.normalize("NFC", text) if not c.isspace())


@SETTINGS
@given(st.binary(max_size=300))
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe\x00")
@example(b"\xfe\xff\xd8\x00")
def test_decoding_any_bytes_gives_text_or_a_verdict(raw: bytes) -> None:
    try:
        decoded = decode(raw)
    except Rejected as rejected:
        assert rejected.reason in ("empty", "binary", "undecodable")
        return
    assert isinstance(decoded.text, str) and decoded.encoding


@SETTINGS
@given(awkward_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "big5", "gb18030", "cp1252"]))
def test_cleaning_any_encoded_text_never_raises(text: str, encoding: str) -> None:
    raw = text.encode(encoding, errors="ignore")
    try:
        clean_text(raw, CleanOptions(), StepTimer())
    except Rejected as rejected:
        assert rejected.reason in ("empty", "binary", "undecodable", "line_too_long")


@SETTINGS
@given(awkward_text)
@example("e\u200b\u0301")
@example("a\u1680\nb")
@example("&amp;amp;")
@example("€â\u2028")
@example("Â\xad\r1")
@example("â\x80\r1")
@example("Â\u180e€")
@example("Â\x01€")
@example("\u2066a\n\u2069\u2066b\u2069")
def test_cleaning_is_idempotent(text: str) -> None:
    once = clean(text)
    assert clean(once) == once


@SETTINGS
@given(awkward_text)
def test_clean_text_has_no_forbidden_artifacts(text: str) -> None:
    result = clean(text)
    assert not result.startswith("\n") and not result.endswith("\n")
    assert "\n\n\n" not in result
    assert not FORBIDDEN_CONTROLS & set(result), "control characters or CR"
    assert not INVISIBLE.search(result), "zero-width spaces, word joiners, soft hyphens or stray BOMs"
    assert not unbalanced_bidi(result), "a bidi control without its partner on its line"
    for line in result.split("\n"):
        assert line == line.strip(), f"whitespace at the edge of {line!r}"
    assert unicodedata.is_normalized("NFC", result)


@SETTINGS
@given(awkward_text)
def test_paragraphs_are_non_empty_single_lines_that_join_into_the_text(text: str) -> None:
    clean_text = repair_and_tidy(text)[0]
    paragraphs = split_paragraphs(clean_text)
    assert "\n\n".join(paragraphs) == clean_text
    for paragraph in paragraphs:
        assert paragraph and paragraph == paragraph.strip() and "\n" not in paragraph


@SETTINGS
@given(awkward_text)
def test_nothing_is_lost_beyond_documented_removals(text: str) -> None:
    _, fixes = repair_and_tidy(text)
    if {"mojibake_repaired", "html_entities_decoded", "other_repair"} & set(fixes):
        return  # repairs that rewrite characters on purpose; their own tests check them
    assert visible(clean(text)) == visible(text)


@SETTINGS
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=60))
def test_a_bom_is_removed_and_nothing_else_changes_how_text_decodes(text: str) -> None:
    assume(not text.startswith("\x00"))  # FF FE 00 00 is the UTF-32 byte-order mark
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")):
        # Bytes behind a UTF-16 mark with no NUL byte and letters no language knows may be another encoding's
        # (decode._after_bom); UTF-16 of a space, a line break or a Latin letter has one
        if codec == "utf-16-le" and 0 not in text.encode(codec):
            continue
        try:
            decoded = decode(bom + text.encode(codec))
        except Rejected as rejected:
            assert rejected.reason == "empty"
            continue
        assert decoded.had_bom and decoded.text == text
