"""A unit whose names and numbers the other part never holds, and which shares nothing with it, looks inserted (the
headline of another article, as reprints insert them): tasks/steps/merge_evidence.py's foreigners, which
tasks/steps/align.py makes cheaper to leave without a partner and dearer to merge into a link."""

from __future__ import annotations

import pytest

import bench.alignment as gold
import tasks.steps.align as align_module
from tasks.steps.align import align, anchors
from tasks.steps.merge_evidence import foreigners
from tests.test_align import _all_ways
from tests.test_merge_evidence import _gold_links_found

EN = [
    "Harbour council approves new ferry timetable",
    "The harbour council voted on 12 March to add 4 evening crossings to the ferry timetable from 1 May.",
    "Residents had asked for later boats for years, and the island shops had backed them, as had the schools and the"
    " clinic on the north shore.",
    "The new timetable will be reviewed after 6 months.",
]
# The French translation, its third paragraph without its last clause, and after it the headline of another article,
# ending with a full stop as French headlines often do (so not a heading to looks_like_heading): the two French units
# together fit the English paragraph's length better than the cut one alone.
FR = [
    "Le conseil portuaire approuve le nouvel horaire des ferries",
    "Le conseil portuaire a voté le 12 mars l'ajout de 4 traversées du soir à l'horaire des ferries à partir du 1er mai.",
    "Les habitants réclamaient depuis des années des bateaux plus tardifs, et les commerces de l'île les soutenaient.",
    "Maxine Waters dément qu'un employé du GOP ait divulgué des données.",
    "Le nouvel horaire sera réexaminé dans 6 mois.",
]


def _links(monkeypatch: pytest.MonkeyPatch | None = None) -> list[tuple]:
    if monkeypatch:
        monkeypatch.setattr(align_module, "FOREIGN_SKIP_DISCOUNT", 0.0)
        monkeypatch.setattr(align_module, "FOREIGN_MERGE_COST", 0.0)
    return [(link.src, link.tgt) for link in align(EN, FR, "en", "fr")]


def test_the_inserted_headline_is_the_only_foreign_unit() -> None:
    english = frozenset().union(*map(anchors, EN))
    assert foreigners([anchors(text) for text in FR], english) == [False, False, False, True, False]


def test_a_unit_sharing_any_anchor_or_holding_few_names_is_not_foreign() -> None:
    other = frozenset({"nato", "~summi", '"'})
    assert foreigners([frozenset({"maxine", "waters", "~summi"})], other) == [False]  # a cognate shared: not foreign
    assert foreigners([frozenset({"maxine", "waters", "nato"})], other) == [False]  # a name shared
    assert foreigners([frozenset({"waters", "~dement"})], other) == [False]  # one name: too little to tell
    assert foreigners([frozenset({"maxine", "waters", "gop"}), frozenset()], other) == [True, False]


def test_an_inserted_foreign_topic_line_is_no_longer_merged(monkeypatch: pytest.MonkeyPatch) -> None:
    with_foreigners = _links()
    assert ((2,), (2,)) in with_foreigners and ((), (3,)) in with_foreigners
    assert ((2,), (2, 3)) in _links(monkeypatch)  # what the aligner did without them


def test_the_numpy_tables_and_the_lazy_programme_count_foreigners_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    for tgt in (FR, [FR[0], FR[3], *FR[1:3], FR[4]], [*FR[:2], FR[2] + " " + FR[3], FR[4]]):
        first, *others = _all_ways(EN, tgt, "fr", monkeypatch)
        assert all(other == first for other in others)


def _found_as_built(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(gold, "SEED", 1)
    return sum(_gold_links_found(language, range(1, 123, 2))[0] for language in ("fr", "es", "pt"))


def test_real_damaged_articles_have_more_links_found_as_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """NTREX-128 (../shared), English with French, Spanish and Portuguese, bench/alignment.py's damage (seed 1) on its
    held-out articles: more paragraph links found exactly as built with foreign units costed than without (1,839 and
    1,832 when written)."""
    with_foreigners = _found_as_built(monkeypatch)
    monkeypatch.setattr(align_module, "FOREIGN_SKIP_DISCOUNT", 0.0)
    monkeypatch.setattr(align_module, "FOREIGN_MERGE_COST", 0.0)
    without = _found_as_built(monkeypatch)
    assert with_foreigners > without, (with_foreigners, without)
