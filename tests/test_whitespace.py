import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.steps.whitespace import HORIZONTAL_RUN, WIDE_SPACES, _one_space, clean_whitespace, collapse_runs, unbalanced_bidi
from tests.corpus import ntrex_lines


def test_line_ends_trailing_space_and_blank_edges(sample_path) -> None:
    text, fixes = clean_whitespace(sample_path.read_text(encoding="utf-8").replace("\n", "\r\n"))
    assert "\r" not in text
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert not text.endswith("\n") and not text.startswith("\n")
    assert set(fixes) == {"line_endings_normalized", "blank_lines_trimmed"}


def test_invisible_characters_that_spell_nothing_and_controls_are_dropped() -> None:
    text, fixes = clean_whitespace("zero\u200bwidth\u2060 soft\u00adhyphen \ufeffbom \u180evs bell\x07\x0bend")
    assert text == "zerowidth softhyphen bom vs bellend"
    assert fixes == ["zero_width_removed", "control_chars_removed"]


def test_wide_spaces_survive_only_between_words() -> None:
    text, fixes = clean_whitespace("\u3000\u3000會談結束\u3000\u3000之後 \u00a0Mr.\u00a0Smith  said\t \n")
    assert text == "會談結束\u3000之後\u00a0Mr.\u00a0Smith said"
    assert "spaces_collapsed" in fixes and "trailing_whitespace_stripped" in fixes


def test_clean_text_is_left_alone() -> None:
    assert clean_whitespace("One paragraph.\n\nAnother one.") == ("One paragraph.\n\nAnother one.", [])


def test_unicode_line_separators_become_line_feeds() -> None:
    assert clean_whitespace("a\u2028b\x0cc\x85d")[0] == "a\nb\nc\nd"


# The invisible characters that spell words (contract: "What clean means"): each kept, on real text.


def as_cleaned(line: str) -> str:
    """A corpus line as clean text keeps it: runs of spaces become one (NTREX has a few), nothing else changes."""
    return re.sub(" {2,}", " ", line.strip())


def test_persian_zwnj_and_hindi_zwj_from_the_corpus_are_kept() -> None:
    for language, joiner in (("fa", "\u200c"), ("hi", "\u200d")):
        lines = [line for line in ntrex_lines(language) if joiner in line]
        assert lines, f"the corpus's {language} lines have {joiner!r}"
        for line in lines:
            text, fixes = clean_whitespace(line)
            assert text == as_cleaned(line) and "zero_width_removed" not in fixes


def test_hebrew_direction_marks_from_the_corpus_are_kept() -> None:
    lines = [line for line in ntrex_lines("he") if "\u200f" in line or "\u200e" in line]
    assert lines
    assert [clean_whitespace(line)[0] for line in lines] == [as_cleaned(line) for line in lines]


def test_joiners_and_marks_written_here_are_kept() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one emoji: man ZWJ woman ZWJ girl
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "I want": the ZWNJ keeps mi- apart from the verb
    hebrew = "\u05d4\u05d5\u05d0 \u05d0\u05de\u05e8 \u200fBBC\u200f \u05d0\u05ea\u05de\u05d5\u05dc."  # RLM around a Latin name
    arabic = "\u0627\u0644\u0639\u062f\u062f \u061c12\u061c \u0641\u0642\u0637"  # ALM
    text = "\n".join((family, persian, hebrew, arabic))
    assert clean_whitespace(text) == (text, [])


def test_balanced_bidi_pairs_are_kept_and_unbalanced_ones_removed() -> None:
    isolated = "He said \u2067\u05e9\u05dc\u05d5\u05dd\u2069 and left."  # RLI ... PDI around a Hebrew word
    embedded = "\u202bquoted\u202c text"  # RLE ... PDF
    assert clean_whitespace(f"{isolated}\n{embedded}") == (f"{isolated}\n{embedded}", [])
    text, fixes = clean_whitespace("open \u202eoverride\nclosed\u2069 only\n\u2066split\n\u2069lines")
    assert text == "open override\nclosed only\nsplit\nlines"
    assert fixes == ["bidi_controls_removed"]


def test_a_pdi_closes_the_embeddings_left_open_in_its_isolate() -> None:
    assert unbalanced_bidi("\u2067a\u202bb\u2069c") == {2}
    assert unbalanced_bidi("\u2067a\u202cb\u2069") == {2}


SEPARATOR_ALPHABET = st.sampled_from(list("ab é中\t") + list(WIDE_SPACES))


@settings(max_examples=2000, deadline=None)
@given(st.lists(SEPARATOR_ALPHABET, max_size=10).map("".join))
def test_collapse_runs_is_the_horizontal_run_substitution(text: str) -> None:
    """collapse_runs skips the substitution only where HORIZONTAL_RUN finds nothing: same text, same count."""
    assert collapse_runs(text) == HORIZONTAL_RUN.subn(_one_space, text)


def test_collapse_runs_on_the_corpus() -> None:
    lines = [line for language in ("en", "fr", "zh-Hant", "ja") for line in ntrex_lines(language)]
    assert sum(collapse_runs(line)[1] > 0 for line in lines) > 0  # NTREX has a few runs: both paths are taken
    for line in lines:
        for text in (line, line.replace(" ", "\u3000", 1), line.replace(" ", "\u00a0 ", 1), line + "\t"):
            assert collapse_runs(text) == HORIZONTAL_RUN.subn(_one_space, text)
