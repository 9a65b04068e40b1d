"""tasks/steps/repair.py: ftfy with CJK-safe settings, skipped only where it would change nothing."""

from __future__ import annotations

import ast
import doctest
import importlib
import pkgutil
import unicodedata
from collections.abc import Iterator

import ftfy
from ftfy.badness import is_bad
from ftfy.chardata import HTML_ENTITY_RE
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.steps.lost_bytes import HINT, restore_lost_bytes
from tasks.steps.repair import (
    _ACTIVE_CHARACTERS,
    ANY_CHECK,
    CHECKED_FIXES,
    MOJIBAKE_HINT,
    REPAIR_CONFIG,
    SOFT_HYPHEN_IN_MOJIBAKE,
    _code,
    bad_near_hints,
    might_change,
    repair,
    strip_hidden,
)
from tasks.steps.whitespace import HIDDEN
from tests.conftest import shared_path


def test_utf8_read_as_cp1252_is_repaired_and_reported() -> None:
    damaged = "The Summit’s failure — a façade".encode().decode("cp1252")
    fixed, fixes = repair(damaged)
    assert fixed == "The Summit’s failure — a façade"
    assert fixes == ["mojibake_repaired"]


def test_html_entities_are_decoded() -> None:
    assert repair("Trump &amp; Putin &eacute;t&eacute;") == ("Trump & Putin été", ["html_entities_decoded"])


def test_fullwidth_cjk_punctuation_curly_quotes_and_ligatures_are_kept(sample_path) -> None:
    text = "美國總統特朗普，與俄羅斯總統（普京）：「會談」　結束。ＡＢＣ１２３ “quoted” ﬁne"
    assert repair(text) == (text, [])
    sample = sample_path.read_text(encoding="utf-8")
    assert repair(sample)[0] == sample


def test_text_becomes_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "café déjà")
    fixed, fixes = repair(decomposed)
    assert fixed == "café déjà"
    assert "unicode_normalized" in fixes


def test_control_characters_are_removed() -> None:
    fixed, fixes = repair("bell\x07 and escape \x1b[31mred\x1b[0m")
    assert fixed == "bell and escape red"
    assert "control_chars_removed" in fixes


# Encodings that UTF-8 text is commonly mis-decoded with: the mojibake ftfy knows how to undo.
WRONG_ENCODINGS = ("cp1252", "latin-1", "mac_roman", "cp1251", "cp437", "iso-8859-2", "cp1253")


def assert_same_as_ftfy_everywhere(text: str) -> None:
    """The fast path's promise: the same text and fixes as running ftfy on every document."""
    # the pinned ftfy's badness pattern has a longest match, so there is a hint and a one-pass check (checked below too)
    assert MOJIBAKE_HINT is not None and ANY_CHECK is not None
    for candidate in (text, strip_hidden(text)[0]):
        if not might_change(candidate):
            expected = ftfy.fix_and_explain(candidate, REPAIR_CONFIG)
            assert expected.text == candidate and not expected.explanation, candidate
        if is_bad(candidate):
            assert MOJIBAKE_HINT.search(candidate), f"the hint missed text that ftfy calls bad: {candidate!r}"
        assert bad_near_hints(candidate) == is_bad(candidate), candidate
        if not ANY_CHECK.search(candidate):  # repair's one-pass check: no single check may find anything either
            assert not (HINT.search(candidate) or SOFT_HYPHEN_IN_MOJIBAKE.search(candidate) or HIDDEN.search(candidate))
            assert not (_ACTIVE_CHARACTERS.search(candidate) or HTML_ENTITY_RE.search(candidate))
            assert not MOJIBAKE_HINT.search(candidate), candidate
    assert repair(text) == repair_everywhere(text)


def repair_everywhere(text: str) -> tuple[str, list[str]]:
    """repair()'s steps in its order, with ftfy run wherever repair() may run it, never skipped."""
    codes: list[str] = []
    restored = restore_lost_bytes(text)
    if restored is not None:
        text, codes = restored, ["mojibake_repaired"]
    for before_hidden in (True, False):
        if before_hidden and not SOFT_HYPHEN_IN_MOJIBAKE.search(text):
            continue
        if not before_hidden:
            text, hidden = strip_hidden(text)
            codes += hidden
        fixed = ftfy.fix_and_explain(text, REPAIR_CONFIG)
        text = fixed.text
        codes += [_code(action, step) for action, step in fixed.explanation or ()]
    return text, list(dict.fromkeys(codes))


def corpus_lines() -> Iterator[str]:
    corpus = shared_path("corpus")
    for path in sorted(corpus.rglob("*.txt")):
        if path.name != "doc_ids.txt":
            yield from path.read_text(encoding="utf-8").splitlines()


def mojibake(line: str, encoding: str) -> str:
    return line.encode("utf-8").decode(encoding, errors="replace")


def ftfy_documented_strings() -> Iterator[str]:
    """Every string literal in ftfy's own docstring examples (inputs and expected outputs)."""
    finder = doctest.DocTestFinder()
    for module_info in pkgutil.walk_packages(ftfy.__path__, "ftfy."):
        module = importlib.import_module(module_info.name)
        for test in finder.find(module):
            for example in test.examples:
                for source in (example.source, example.want):
                    try:
                        tree = ast.parse(source)
                    except SyntaxError:
                        continue
                    for node in ast.walk(tree):
                        if isinstance(node, ast.Constant) and isinstance(node.value, str):
                            yield node.value


def test_config_enables_only_checked_fixes() -> None:
    """The cheap check rules out exactly these fixes; enabling another must extend it first."""
    enabled = {
        name
        for name in (
            "unescape_html",
            "remove_terminal_escapes",
            "fix_encoding",
            "fix_c1_controls",
            "fix_latin_ligatures",
            "fix_character_width",
            "uncurl_quotes",
            "fix_line_breaks",
            "fix_surrogates",
            "remove_control_chars",
        )
        if getattr(REPAIR_CONFIG, name)
    }
    assert enabled == CHECKED_FIXES
    assert REPAIR_CONFIG.normalization == "NFC"


def test_hint_is_built_from_ftfy_pattern() -> None:
    assert MOJIBAKE_HINT is not None
    assert MOJIBAKE_HINT.search("plain English, 中文，日本語の文、한국어") is None


def test_same_as_ftfy_everywhere_on_the_corpus() -> None:
    lines = list(corpus_lines())
    for line in lines:
        assert_same_as_ftfy_everywhere(line)
    assert sum(not might_change(line) for line in lines) > 0.9 * len(lines)  # the fast path is taken on clean text


def test_same_as_ftfy_everywhere_on_mojibake_of_the_corpus() -> None:
    lines = list(corpus_lines())[::75]
    changed = 0
    for line in lines:
        for encoding in WRONG_ENCODINGS:
            damaged = mojibake(line, encoding)
            assert_same_as_ftfy_everywhere(damaged)
            assert_same_as_ftfy_everywhere(line + "\n" + damaged)
            changed += damaged != line and might_change(damaged)
    assert changed > len(lines)  # mojibake is sent to ftfy


def test_same_as_ftfy_everywhere_on_ftfy_documented_examples() -> None:
    strings = set(ftfy_documented_strings())
    assert len(strings) > 30  # found in the installed package, not copied here
    for text in strings:
        assert_same_as_ftfy_everywhere(text)


MOJIBAKE_ALPHABET = st.sampled_from(
    list("aeoAZ ,.;'\"&#;\n\t0123")
    + list("ÂÃÎÐâãéèàçñüöœŒ€šŸž×²³°µ¡¿«»“”‘’„–—…•™®©¢£¥§¶·¬¯¸ˆ˜†‡‰ƒ")
    + list("ВГРСвЂўЃабвгдеёжΒΓΞΟβά√≈‚ÄØÙāĀ│┌═╬▀░")
    + list("中文日本語한국어，。：（）「」\u3000\u00a0\u00ad\ufeff\u200b\x85\x9d\x1b")
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(MOJIBAKE_ALPHABET, max_size=12).map("".join))
def test_same_as_ftfy_everywhere_on_generated_text(text: str) -> None:
    assert_same_as_ftfy_everywhere(text)
