import pytest

from tasks.steps.notices import find_reprint_notice, reprint_source, title_of


@pytest.mark.parametrize(
    ("notice", "outlet"),
    [
        ("原刊於澳門新聞通訊社(MNA)網站,本社獲作者授權轉載。(原文按此)", "澳門新聞通訊社(MNA)"),
        ("本文原刊於《城市週報》網站，經授權轉載。", "城市週報"),
        ("转载自《经济观察》，有删节。", "经济观察"),
        ("Originally published in The Diplomat.", "The Diplomat"),
        ("This article was originally published by Project Syndicate on 3 May 2025.", "Project Syndicate"),
        ("This article first appeared in the South China Morning Post.", "the South China Morning Post"),
        ("Reprinted with permission from Le Monde diplomatique.", "Le Monde diplomatique"),
    ],
)
def test_notice_forms_name_their_outlet(notice: str, outlet: str) -> None:
    assert reprint_source(notice) == outlet


def test_the_sample_notice_is_found_at_the_end(sample_path) -> None:
    paragraphs = [line for line in sample_path.read_text(encoding="utf-8").split("\n") if line.strip()]
    assert find_reprint_notice(paragraphs) == (len(paragraphs) - 1, "澳門新聞通訊社(MNA)")


def test_a_notice_like_sentence_in_the_middle_is_text() -> None:
    paragraphs = [
        "Headline",
        "First.",
        "Second.",
        "The report was originally published in Nature last year.",
        "Fourth.",
        "Fifth.",
        "Sixth.",
        "Last.",
    ]
    assert find_reprint_notice(paragraphs) is None


def test_ordinary_paragraphs_are_not_notices(sample_path) -> None:
    lines = [line for line in sample_path.read_text(encoding="utf-8").split("\n")[:60] if line.strip()]
    assert [line for line in lines if reprint_source(line)] == []


def test_title_is_a_short_unfinished_first_line() -> None:
    assert title_of(["The Trump-Putin Summit on Russo-Ukrainian War: A bridge too far", "Body."], cjk=False)
    assert title_of(["This is a whole sentence.", "Body."], cjk=False) is None
    assert title_of(["Only one paragraph"], cjk=False) is None
