"""A document's alignments after cross-document boilerplate left some of its paragraphs out.

The workers align a document's parts (tasks/steps/align.py); the sink learns only later, against what OUT holds,
which paragraphs are boilerplate (tasks/output/boilerplate.py), and the alignment rows must index the paragraphs
the records keep. Aligning such a document again in the sink made the sink, one process, align most bilingual
documents of a corpus whose outlets repeat a footer or a headline a second time. Boilerplate leaves whole
paragraphs out, so a link between kept paragraphs stays as it was, renumbered; a paragraph whose partners all left
is left without a partner (score 0, as align.py gives such a unit). Each pair of parts is aligned on its own
(align.align_document), so each is projected on its own: a part left empty takes its pairs with it, and a pair whose
other part became the larger (a translation is about as long as its original, so losing a heading can tip it:
align.align_pair) keeps its links, seen from the other side. Only a pair with a link that lost part of one side (one
paragraph of a 2-1 link) is aligned again.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import TypeGuard

from tasks.model import AlignedUnit, Part
from tasks.steps.align import align_pair, main_part


def kept_alignments(parts: Sequence[Part], units: Sequence[AlignedUnit], kept: Sequence[Part]) -> list[AlignedUnit]:
    """`units` (align_document of `parts`) for the `kept` parts, each a subsequence of its part's paragraphs.

    >>> from tasks.steps.align import align_document
    >>> en = Part("en", ["Summit fails.", "No deal was made.", "Subscribe now."], 1.0)
    >>> zh = Part("zh-Hant", ["峰會失敗。", "沒有達成協議。"], 1.0)
    >>> kept = [en, Part("zh-Hant", ["沒有達成協議。"], 1.0)]
    >>> for unit in kept_alignments([en, zh], align_document([en, zh]), kept):
    ...     print(unit.level, unit.src_indices, unit.tgt_indices, unit.src_text, "|", unit.tgt_text, unit.score)
    paragraph (0,) () Summit fails. |  0.0
    paragraph (1,) (0,) No deal was made. | 沒有達成協議。 0.9...
    sentence (0,) (0,) No deal was made. | 沒有達成協議。 0.9...
    paragraph (2,) () Subscribe now. |  0.0
    """
    before = {part.language: part for part in parts}
    by_pair: dict[tuple[str, str], list[AlignedUnit]] = {}  # each pair under its (source, target) languages
    for unit in units:
        by_pair.setdefault((unit.src_language, unit.tgt_language), []).append(unit)
    known = [part for part in kept if part.language != "und"]  # as align_document pairs them
    aligned: list[AlignedUnit] = []
    for first, second in combinations(known, 2):
        languages = (first.language, second.language)
        pair_units = by_pair.get(languages) or by_pair.get(languages[::-1], [])
        projected = _projected([before[first.language], before[second.language]], pair_units, [first, second])
        aligned += align_pair(first, second) if projected is None else projected
    return aligned


def kept_positions(before: Sequence[str], after: Sequence[str]) -> list[int | None]:
    """Per paragraph of `before`, its index in `after` (a subsequence of it), or None when it was left out.

    >>> kept_positions(["a", "b", "c", "d"], ["b", "d"])
    [None, 0, None, 1]
    """
    positions: list[int | None] = []
    at = 0
    for paragraph in before:
        if at < len(after) and after[at] == paragraph:  # a part's paragraphs are unique: its repeats are gone
            positions.append(at)
            at += 1
        else:
            positions.append(None)
    if at != len(after):
        raise ValueError("the kept paragraphs are not a subsequence of the part's")
    return positions


def _projected(parts: list[Part], units: Sequence[AlignedUnit], kept: list[Part]) -> list[AlignedUnit] | None:
    """One pair's units (align_pair of `parts`) for its `kept` parts, or None when they must be aligned again."""
    if not units:
        return None
    if main_part(parts) != main_part(kept):
        units = [_mirrored(unit) for unit in units]
    positions = {old.language: kept_positions(old.paragraphs, new.paragraphs) for old, new in zip(parts, kept, strict=True)}
    paragraphs = {part.language: part.paragraphs for part in kept}
    projected: list[AlignedUnit] = []
    link: AlignedUnit | None = None  # the paragraph link whose sentence rows follow, kept whole; None: they go
    moved = False  # whether that link's paragraphs were renumbered (else its sentence rows stay as they are)
    for unit in units:
        if unit.level == "sentence":
            if link is not None:
                projected.append(_within(unit, link.src_indices, link.tgt_indices) if moved else unit)
            continue
        src = tuple(positions[unit.src_language][i] for i in unit.src_indices)
        tgt = tuple(positions[unit.tgt_language][i] for i in unit.tgt_indices)
        if _all_kept(src) and _all_kept(tgt):
            # a paragraph link's paragraphs are its indices (align.py): an unmoved one is kept as it is
            moved = src != unit.src_indices or tgt != unit.tgt_indices
            link = _within(unit, src, tgt, src, tgt) if moved else unit
            projected.append(link)
            continue
        link = None
        if any(index is not None for index in src) and any(index is not None for index in tgt):
            return None  # part of one side left: the link's texts and sentences would change
        projected += _unpartnered(unit, [i for i in src if i is not None], [i for i in tgt if i is not None], paragraphs)
    return projected


def _all_kept(indices: tuple[int | None, ...]) -> TypeGuard[tuple[int, ...]]:
    return None not in indices


def _mirrored(unit: AlignedUnit) -> AlignedUnit:
    return AlignedUnit(
        unit.level,
        unit.tgt_language,
        unit.src_language,
        unit.tgt_indices,
        unit.src_indices,
        unit.tgt_paragraphs,
        unit.src_paragraphs,
        unit.tgt_text,
        unit.src_text,
        unit.score,
    )


def _unpartnered(unit: AlignedUnit, src: list[int], tgt: list[int], paragraphs: dict[str, list[str]]) -> list[AlignedUnit]:
    """One unit without a partner per paragraph left of a link whose other side left altogether."""
    lone: list[tuple[tuple[int, ...], tuple[int, ...], str, str]]
    lone = [((i,), (), paragraphs[unit.src_language][i], "") for i in src]
    lone += [((), (j,), "", paragraphs[unit.tgt_language][j]) for j in tgt]
    return [AlignedUnit(unit.level, unit.src_language, unit.tgt_language, s, t, s, t, a, b, 0.0) for s, t, a, b in lone]


def _within(
    unit: AlignedUnit,
    src_paragraphs: tuple[int, ...],
    tgt_paragraphs: tuple[int, ...],
    src_indices: tuple[int, ...] | None = None,
    tgt_indices: tuple[int, ...] | None = None,
) -> AlignedUnit:
    """The unit renumbered: within these paragraphs and, when given, at these indices. (dataclasses.replace costs
    five times as much: it was a third of the sink's kept_alignments.)"""
    return AlignedUnit(
        unit.level,
        unit.src_language,
        unit.tgt_language,
        unit.src_indices if src_indices is None else src_indices,
        unit.tgt_indices if tgt_indices is None else tgt_indices,
        src_paragraphs,
        tgt_paragraphs,
        unit.src_text,
        unit.tgt_text,
        unit.score,
    )
