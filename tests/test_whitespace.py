from tasks.steps.whitespace import clean_whitespace


def test_line_ends_trailing_space_and_blank_edges(sample_path) -> None:
    text, fixes = clean_whitespace(sample_path.read_text(encoding="utf-8").replace("\n", "\r\n"))
    assert "\r" not in text
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert not text.endswith("\n") and not text.startswith("\n")
    assert set(fixes) == {"line_endings_normalized", "blank_lines_trimmed"}


def test_invisible_characters_and_controls_are_dropped() -> None:
    text, fixes = clean_whitespace("zero\u200bwidth\u2060 soft\u00adhyphen \ufeffbom \u200emark bell\x07\x0bend")
    assert text == "zerowidth softhyphen bom mark bellend"
    assert fixes == ["zero_width_removed", "control_chars_removed"]


def test_wide_spaces_survive_only_between_words() -> None:
    text, fixes = clean_whitespace("\u3000\u3000會談結束\u3000\u3000之後 \u00a0Mr.\u00a0Smith  said\t \n")
    assert text == "會談結束\u3000之後\u00a0Mr.\u00a0Smith said"
    assert "spaces_collapsed" in fixes and "trailing_whitespace_stripped" in fixes


def test_clean_text_is_left_alone() -> None:
    assert clean_whitespace("One paragraph.\n\nAnother one.") == ("One paragraph.\n\nAnother one.", [])


def test_unicode_line_separators_become_line_feeds() -> None:
    assert clean_whitespace("a\u2028b\x0cc\x85d")[0] == "a\nb\nc\nd"
