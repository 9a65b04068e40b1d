import re

import pytest

import reprints
from bench.notices import NEAR_MISSES, WRITTEN_NOTICES
from tasks.steps.notices import (
    EDGE_PARAGRAPHS,
    NAME_FIRST_PATTERN,
    NOTICE_PATTERN,
    find_reprint_notice,
    note_reprint_source,
    reprint_source,
    title_of,
)
from tests.conftest import shared_path
from tests.corpus import ntrex_articles


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


# Notices in many languages: written for bench/notices.py (not corpus text), several phrasings and outlets per language.
WRITTEN = [(language, notice, outlet) for language, notices in WRITTEN_NOTICES.items() for notice, outlet in notices]
NEAR = [(language, text) for language, texts in NEAR_MISSES.items() for text in texts]


@pytest.mark.parametrize(("language", "notice", "outlet"), WRITTEN, ids=[f"{row[0]}-{i}" for i, row in enumerate(WRITTEN)])
def test_notices_in_many_languages_name_their_outlet(language: str, notice: str, outlet: str) -> None:
    assert reprint_source(notice) == outlet


def test_every_language_has_several_phrasings() -> None:
    wanted = {"ja", "ko", "fr", "de", "es", "pt", "it", "ru", "vi", "nl", "pl", "tr", "id"}
    assert {language for language, notices in WRITTEN_NOTICES.items() if len(notices) >= 2} >= wanted


@pytest.mark.parametrize(("language", "text"), NEAR, ids=[f"{row[0]}-{i}" for i, row in enumerate(NEAR)])
def test_sentences_that_open_like_a_notice_are_text(language: str, text: str) -> None:
    assert reprint_source(text) is None


def test_a_notice_is_only_looked_for_near_the_ends() -> None:
    body = [f"Paragraphe {n} du texte." for n in range(8)]
    middle = [*body[:4], "Publié initialement dans Le Monde.", *body[4:]]
    assert find_reprint_notice(middle) is None
    assert find_reprint_notice([*body, "Publié initialement dans Le Monde."]) == (8, "Le Monde")
    assert find_reprint_notice(["Titre", "Publié initialement dans Le Monde.", *body]) == (1, "Le Monde")


def test_a_long_paragraph_is_never_a_notice() -> None:
    assert reprint_source("Publié initialement dans Le Monde, " + "et encore " * 40) is None


def test_a_year_is_no_outlet() -> None:
    """A bibliography's "first published in 1990 by Penguin" tells a book's history: no outlet, in a note or in the
    text; an outlet named after the year still is one."""
    assert reprint_source("First published in 1990 by Penguin Books.") is None
    assert reprint_source("Publié initialement en 1990 chez Gallimard.") is None
    assert reprint_source("This article first appeared in The Guardian on 3 May 2026.") == "The Guardian"


def test_an_article_alone_is_no_outlet() -> None:
    """A notice wrapped over two lines of a PDF's foot or head, its first line read alone ("…from The" / "Straits
    Times."), names no outlet: the name was cut off after its article."""
    assert reprint_source("This article is reprinted with permission from The") is None
    assert reprint_source("Nachdruck mit freundlicher Genehmigung von Le") is None
    assert note_reprint_source(["Reprinted with permission from the", "Photo: AFP"]) is None
    assert reprint_source("Nachdruck mit freundlicher Genehmigung von Le Monde diplomatique.") == "Le Monde diplomatique"


@pytest.mark.parametrize("language", ["en", "fr", "de", "ru", "ja", "zh"])
def test_a_note_that_is_a_notice_names_its_outlet_after_ordinary_notes(language: str) -> None:
    ordinary = ["1 World Bank, World Development Indicators 2024, p. 17.", "Ibid., p. 42.", "Photo: AFP", "Page 2 of 3"]
    for notice, outlet in WRITTEN_NOTICES[language]:
        if reprint_source(notice) == outlet and not re.match(r"\w+\s*[:：]", notice):
            assert note_reprint_source([*ordinary, notice]) == outlet


@pytest.mark.parametrize(
    "label", ["Source: IMF, World Economic Outlook", "Quelle: Statistisches Bundesamt", "来源：国家统计局", "Источник: Росстат"]
)
def test_a_source_label_in_a_note_is_a_citation(label: str) -> None:
    """In the text, a "Source: …" line at an edge names the outlet; in a note it says where a figure comes from."""
    assert reprint_source(label) is not None
    assert note_reprint_source([label]) is None


def test_turkish_capital_dotted_i_keeps_the_outlet_spelling() -> None:
    assert reprint_source("İlk olarak Hürriyet'te yayımlandı.") == "Hürriyet"


@pytest.mark.parametrize(
    ("notice", "outlet"),
    [
        ("Originally\u00a0published in The Diplomat.", "The Diplomat"),  # a CMS's no-break space in the phrase
        ("Reprinted with permission from Nikkei\u00a0Asia.", "Nikkei Asia"),  # one outlet, one spelling
        ("Cet article a été publié initialement dans Le\u202fMonde\u00a0!", "Le Monde"),  # French typography
    ],
)
def test_no_break_spaces_in_a_notice_are_spaces(notice: str, outlet: str) -> None:
    assert reprint_source(notice) == outlet
    assert find_reprint_notice(["A paragraph of the article.", notice]) == (1, outlet)


def test_a_french_reprint_loses_its_notice_and_keeps_the_outlet() -> None:
    notice = "Cet article a d'abord paru dans Le Temps, le 4 mars 2024."
    text = (
        "La ville ferme ses bibliothèques le dimanche\n\n"
        "Le conseil municipal a voté mardi la fermeture des bibliothèques le dimanche, faute de personnel.\n\n"
        "Les usagers dénoncent une décision prise sans concertation et réclament un nouveau vote.\n\n"
        f"{notice}\n"
    )
    doc = reprints.clean(text.encode("utf-8"))
    assert doc.reprint_source == "Le Temps"
    assert doc.languages == ["fr"]
    assert "Le Temps" not in doc.text and "paru" not in doc.text
    assert doc.parts[0].paragraphs[-1].startswith("Les usagers")


def test_a_japanese_reprint_loses_its_notice_and_keeps_the_outlet() -> None:
    text = (
        "※本記事は東洋経済オンラインに掲載された記事を転載したものです。\n\n"
        "政府は来年度から、地方の公立図書館の開館時間を延ばすための補助金を出すと発表した。\n\n"
        "利用者からは、夜間も使えるようになることを歓迎する声が上がっている。\n"
    )
    doc = reprints.clean(text.encode("utf-8"))
    assert doc.reprint_source == "東洋経済オンライン"
    assert "転載" not in doc.text
    assert doc.parts[0].paragraphs[0].startswith("政府は")


def test_no_ntrex_line_is_taken_for_a_notice() -> None:
    """NTREX-128 holds no reprint notices: no first or last line of any article, in any language, is one."""
    folder = shared_path("corpus", "parallel", "ntrex128")
    languages = sorted(path.stem for path in folder.glob("*.txt") if path.stem != "doc_ids")
    assert len(languages) >= 40
    taken = [
        (language, line)
        for language in languages
        for article in ntrex_articles(language)
        for line in dict.fromkeys(article[:EDGE_PARAGRAPHS] + article[-EDGE_PARAGRAPHS:])
        if reprint_source(line)
    ]
    assert taken == []
    assert all(find_reprint_notice(list(article)) is None for article in ntrex_articles("fr") + ntrex_articles("ja"))


def test_the_table_is_written_in_lower_case() -> None:
    """Paragraphs are matched lower-cased, so a capital letter in a phrasing would never match."""
    for pattern in (NOTICE_PATTERN, NAME_FIRST_PATTERN):
        letters = re.sub(r"\\[a-z]|\(\?P<o\d+>", "", pattern.pattern)
        assert letters == letters.lower()


def test_a_paper_named_economy_is_not_cut_after_the_word_via() -> None:
    assert reprint_source("經濟日報授權轉載") == "經濟日報"
    assert reprint_source("本文經端傳媒授權轉載。") == "端傳媒"
