"""Structural signals of the aligner (tasks/steps/structure.py and their use in tasks/steps/align.py): headings known
by their shape, and left without a partner where a reprint inserted one."""

from __future__ import annotations

import pytest

from tasks.steps.align import align, looks_like_heading
from tasks.steps.structure import ends_a_sentence
from tests.corpus import ntrex_articles
from tests.test_align import EN  # the harbour council's article, in English

DE = [
    "Hafenrat beschließt neuen Fährfahrplan",
    "Der Hafenrat stimmte am 12. März dafür, dem Fährfahrplan ab 1. Mai 4 Abendfahrten hinzuzufügen.",
    "Die Anwohner hatten jahrelang spätere Boote gefordert. Der Betreiber Harbour Lines sagte, das koste 2,5 Millionen.",
    "Ratsmitglied Anna Smith sagte: „Ein guter Tag für die Inseln.“",
    "Der neue Fahrplan wird nach 6 Monaten überprüft.",
]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Ratsmitglied Anna Smith sagte: „Ein guter Tag für die Inseln.“",  # German closes with “
        "Er sagte: „Wir bleiben.‘",
        "La conseillère a dit : « Une bonne journée pour les îles. »",  # French: a space before »
        "議員說:「這是島民的好日子。」",
        "He said: “It was a good day.” ",
    ],
)
def test_a_paragraph_that_ends_with_a_closed_quotation_ends_a_sentence_and_is_no_heading(paragraph: str) -> None:
    assert ends_a_sentence(paragraph)
    assert not looks_like_heading(paragraph)


@pytest.mark.parametrize("line", ["Hafenrat beschließt neuen Fährfahrplan", "港務委員會通過渡輪新時刻表", "Talks go on (again)"])
def test_a_short_line_without_a_sentence_mark_is_a_heading(line: str) -> None:
    assert not ends_a_sentence(line)
    assert looks_like_heading(line)


def test_a_german_quotation_at_a_paragraphs_end_is_aligned_as_text() -> None:
    assert [(link.src, link.tgt) for link in align(EN, DE, "en", "de")] == [((i,), (i,)) for i in range(len(EN))]


def test_a_heading_inserted_where_a_paragraph_was_dropped_is_left_alone_and_so_is_the_paragraph() -> None:
    de = [*DE[:3], "Was die Ratsmitglieder denken", DE[4]]
    links = [(link.src, link.tgt) for link in align(EN, de, "en", "de")]
    assert ((), (3,)) in links and ((3,), ()) in links


def test_headlines_inserted_in_place_of_a_dropped_line_of_real_articles_are_mostly_left_without_a_partner() -> None:
    """NTREX-128 (../shared): English articles against their German, Japanese, Russian and Traditional Chinese
    translations with the middle line replaced by the next article's headline (a heading that relates to neither
    neighbour). Lengths alone pair it with the dropped line's English; the heading's cheaper skip leaves it alone in
    280 of 468 documents (205 without)."""
    english = ntrex_articles("en")
    alone = documents = 0
    for language in ("de", "ja", "ru", "zh-Hant"):
        other = ntrex_articles(language)
        for number in range(len(english) - 1):
            en, tgt = [line.strip() for line in english[number]], [line.strip() for line in other[number]]
            if len(tgt) < 6:
                continue
            middle = len(tgt) // 2
            damaged = [*tgt[:middle], other[number + 1][0].strip(), *tgt[middle + 1 :]]
            documents += 1
            alone += ((), (middle,)) in [(link.src, link.tgt) for link in align(en, damaged, "en", language)]
    assert alone >= 0.55 * documents, f"{alone} of {documents} inserted headlines left without a partner"
