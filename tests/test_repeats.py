from tasks.steps.repeats import first_occurrences, paragraph_key


def test_repeats_point_at_their_first_occurrence() -> None:
    paragraphs = ["A heading", "Body text.", "A  HEADING", "Other text.", "Body text."]
    assert first_occurrences(paragraphs) == [None, None, 0, None, 1]


def test_width_case_and_whitespace_do_not_make_paragraphs_different() -> None:
    assert paragraph_key("ＡＢＣ　Summit  2025") == paragraph_key("abc summit 2025")
    assert paragraph_key("美俄峰會應按五項原則進行") != paragraph_key("美俄峰會應按四項原則進行")


def test_the_sample_has_one_repeated_heading_and_one_repeated_paragraph(sample_path) -> None:
    paragraphs = [line for line in sample_path.read_text(encoding="utf-8").split("\n") if line.strip()]
    repeats = [(i, first) for i, first in enumerate(first_occurrences(paragraphs)) if first is not None]
    assert [paragraphs[i][:12] for i, _ in repeats] == ["美俄峰會應按五項原則進行", "The Summit h"]
