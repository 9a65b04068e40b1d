"""A document's alignments once boilerplate left paragraphs out (tasks/steps/kept_alignments.py): the links between
kept paragraphs stay, renumbered; the rows index the kept paragraphs; only what cannot be projected is aligned again."""

from __future__ import annotations

import random
from collections import Counter

import pytest

import tasks.steps.kept_alignments as kept_module
from tasks.model import AlignedUnit, Part
from tasks.steps.align import align_document, main_part
from tasks.steps.kept_alignments import kept_alignments, kept_positions
from tests.corpus import ntrex_articles
from tests.test_align_pairs import oriented_pairs, part

EN = [
    "Ferry Line Adds Sailings",
    "The ferry company said sailings to the outer islands will double from May, with fares unchanged.",
    "Commuters had asked for more crossings for years. The council backed the plan in March.",
    "Subscribe to our newsletter for more local news.",
]
ZH = [
    "渡輪增加班次",
    "渡輪公司表示，自五月起前往離島的班次將增加一倍，票價維持不變。",
    "通勤者多年來要求增加班次。議會在三月支持了這項計劃。",
]


def without(part: Part, *indices: int) -> Part:
    return Part(part.language, [p for i, p in enumerate(part.paragraphs) if i not in indices], part.confidence)


def link_texts(units: list[AlignedUnit]) -> Counter:
    """The paragraph links both of whose sides hold paragraphs, as text pairs, whichever part is the source."""
    return Counter(
        tuple(sorted(((unit.src_language, unit.src_text), (unit.tgt_language, unit.tgt_text))))
        for unit in units
        if unit.level == "paragraph" and unit.src_indices and unit.tgt_indices
    )


def check_rows_index(kept: list[Part], units: list[AlignedUnit]) -> None:
    """What the sink writes must hold: texts are the kept paragraphs at the indices, every kept paragraph of every
    pair is on exactly one paragraph row of its side, and sentence rows belong to a paragraph row."""
    paragraphs = {part.language: part.paragraphs for part in kept}
    seen: Counter = Counter()
    links = set()
    for unit in units:
        pair = (unit.src_language, unit.tgt_language)
        if unit.level != "paragraph":
            assert (unit.src_paragraphs, unit.tgt_paragraphs, pair) in links
            continue
        links.add((unit.src_indices, unit.tgt_indices, pair))
        sides = ((unit.src_language, unit.src_indices, unit.src_text), (unit.tgt_language, unit.tgt_indices, unit.tgt_text))
        for language, indices, text in sides:
            assert text == "\n\n".join(paragraphs[language][i] for i in indices)
            seen.update((pair, language, i) for i in indices)
    for pair in {(unit.src_language, unit.tgt_language) for unit in units}:
        for language in pair:
            assert all(seen[(pair, language, i)] == 1 for i in range(len(paragraphs[language])))


def test_a_dropped_footer_leaves_every_other_link_as_it_was_renumbered() -> None:
    en, zh = Part("en", EN, 1.0), Part("zh-Hant", ZH, 1.0)
    units = align_document([en, zh])
    kept = [without(en, 3), zh]
    projected = kept_alignments([en, zh], units, kept)
    check_rows_index(kept, projected)
    assert link_texts(projected) == link_texts(units)  # the footer had no partner: nothing else moves
    assert len(projected) == len(units) - 1


def test_a_paragraph_whose_partner_left_has_none_and_scores_zero() -> None:
    en, zh = Part("en", EN, 1.0), Part("zh-Hant", ZH, 1.0)
    units = align_document([en, zh])
    assert any(u.level == "paragraph" and u.src_indices == (0,) and u.tgt_indices == (0,) for u in units)  # the headlines
    kept = [without(en, 0), zh]
    projected = kept_alignments([en, zh], units, kept)
    check_rows_index(kept, projected)
    lone = [u for u in projected if u.level == "paragraph" and not (u.src_indices and u.tgt_indices)]
    assert [(u.tgt_text, u.score) for u in lone if u.tgt_language == "zh-Hant" and u.tgt_indices] == [(ZH[0], 0.0)]
    assert not any(u.level == "sentence" and ZH[0] in u.tgt_text for u in projected)


def test_when_the_main_part_changes_a_two_part_document_keeps_its_links_seen_from_the_other_side() -> None:
    en, zh = Part("en", EN[:3], 1.0), Part("zh-Hant", [*ZH, "本文獲授權轉載，原刊於渡輪時報，版權所有，不得轉載。"], 1.0)
    before = [en, zh]
    kept = [en, without(zh, 3)]
    assert before[main_part(before)].language != kept[main_part(kept)].language  # the test's premise
    units = align_document(before)
    projected = kept_alignments(before, units, kept)
    assert {u.src_language for u in projected} == {kept[main_part(kept)].language}  # as align_document would name them
    check_rows_index(kept, projected)
    assert link_texts(projected) == link_texts(units)


def test_a_link_that_lost_part_of_one_side_is_aligned_again() -> None:
    en = Part(
        "en",
        [
            "The summit in Alaska ended on Friday without any agreement on a ceasefire.",
            "Both delegations said that talks would continue next month in Geneva.",
            "Markets fell.",
        ],
        1.0,
    )
    summit = "阿拉斯加峰會於週五結束，未能就停火達成任何協議，雙方代表團表示，會談將於下月在日內瓦繼續。"
    zh = Part("zh-Hant", [summit, "市場下跌。"], 1.0)
    units = align_document([en, zh])
    merged = [u for u in units if u.level == "paragraph" and len(u.src_indices) == 2]
    assert merged, "the test needs a 2-1 link"
    kept = [without(en, merged[0].src_indices[0]), zh]
    assert kept_alignments([en, zh], units, kept) == align_document(kept)


def no_aligning_again(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(first: Part, second: Part) -> list[AlignedUnit]:
        raise AssertionError(f"{first.language}-{second.language} aligned again")

    monkeypatch.setattr(kept_module, "align_pair", refused)


def test_boilerplate_that_makes_another_part_the_largest_turns_only_the_pairs_whose_order_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: English largest (27 lines of one NTREX article), then Chinese (20), then Portuguese (14). The sink leaves
    out 15 English paragraphs: English becomes the smallest, so its two pairs are turned, Chinese-Portuguese stays as it
    was, and nothing is aligned again (before, a three-part document whose main part changed was aligned anew)."""
    en, zh, pt = part("en", 13), part("zh-Hant", 13, 20), part("pt", 13, 14)
    parts = [zh, pt, en]
    units = align_document(parts)
    kept = [zh, pt, without(en, *range(1, 16))]
    assert [p.language for p in (parts[main_part(parts)], kept[main_part(kept)])] == ["en", "zh-Hant"]  # the premise
    expected = oriented_pairs(align_document(kept))
    no_aligning_again(monkeypatch)
    projected = kept_alignments(parts, units, kept)
    assert oriented_pairs(projected) == expected == {("zh-Hant", "en"), ("pt", "en"), ("zh-Hant", "pt")}
    check_rows_index(kept, projected)
    assert link_texts(projected) <= link_texts(units)  # every link between kept paragraphs as it was
    untouched = [u for u in units if (u.src_language, u.tgt_language) == ("zh-Hant", "pt")]
    assert [u for u in projected if (u.src_language, u.tgt_language) == ("zh-Hant", "pt")] == untouched


def test_a_part_left_empty_takes_only_its_own_pairs_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    en, zh, pt = part("en", 21), part("zh-Hant", 21, 8), part("pt", 21, 7)
    parts = [zh, pt, en]
    units = align_document(parts)
    kept = [zh, en]  # every Portuguese paragraph was boilerplate: the part is gone (tasks/output/boilerplate.py)
    no_aligning_again(monkeypatch)
    assert kept_alignments(parts, units, kept) == [u for u in units if "pt" not in (u.src_language, u.tgt_language)]


def test_kept_positions_refuses_what_is_not_a_subsequence() -> None:
    with pytest.raises(ValueError):
        kept_positions(["a", "b"], ["b", "a"])


def test_projected_rows_index_the_kept_paragraphs_of_real_articles_with_random_paragraphs_left_out() -> None:
    draw = random.Random(18)
    checked = 0
    for languages in (("zh-Hant",), ("ja",), ("fr",), ("ru",), ("pt", "zh-Hant")):
        for english, *others in list(zip(ntrex_articles("en"), *map(ntrex_articles, languages), strict=True))[:12]:
            parts = [*(Part(language, list(other), 1.0) for language, other in zip(languages, others, strict=True))]
            parts.append(Part("en", list(english), 1.0))
            units = align_document(parts)
            kept = [without(part, *draw.sample(range(len(part.paragraphs)), 2)) for part in parts]
            projected = kept_alignments(parts, units, kept)
            check_rows_index(kept, projected)
            assert link_texts(projected) <= link_texts(units) or projected == align_document(kept)
            checked += 1
    assert checked == 60
