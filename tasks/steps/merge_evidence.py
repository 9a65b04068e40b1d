"""What the units of a merged link say about it, for the aligner (tasks/steps/align.py): a unit merged with its
neighbours into a 1-2, 2-1, 1-3 or 3-1 link should share an anchor with the link's other side.

A link's anchor cost (align.py _anchor_costs) looks at each side's anchors as one set, so a link that takes in a unit
unrelated to the other side pays little for it when its other units agree well: an inserted headline, or a paragraph
whose partner was dropped, is swallowed by its neighbour's link (1-3 where 1-2 and 0-1 are right). A unit that holds
anchors the other part holds somewhere, but less than STRANGER_SHARE of them (each weighed as the link costs weigh it)
among those of the link's other side, is a stranger to the link: each such unit of a merged side costs STRANGER_COST. A
unit with no anchor at all says nothing, and costs nothing. (A paragraph whose partner was dropped shares a common word
or a quotation mark with its neighbour's partner as often as not: "none shared" let it in.) The two units of a 1-1 link
that are each such a stranger to the other are estranged, and the link costs ESTRANGED_COST more: lengths alone paired a
paragraph whose partner was dropped with the headline inserted beside it, or with its neighbour's partner (`/8`: mean
paragraph F1 +0.0012 to +0.0027 on bench/alignment.py's seven held-out draws, +0.0029 to +0.0064 on nine draws of the
even articles it was tuned on; docs/alignment.md, "Weighed strangers and estranged 1-1 links").

On bench/alignment.py, paragraph strict F1 of en-ja .948 -> .954 on the default draw, .937 -> .945 seed 1, .939 -> .951
seed 2, .942 -> .946 --all, .931 -> .943 --keep-notices; no pair fell by more than 0.003 on any draw (docs/alignment.md).

A paragraph whose names and numbers the other part never holds, and which shares no anchor at all with it, is foreign
(foreigners): an inserted headline of another article, not a translation. It costs less to leave without a partner and
more in a merged side (mean paragraph F1 of the ten pairs +0.0008 to +0.0023 on bench/alignment.py's five held-out draws,
no pair lower by more than 0.0024; docs/alignment.md, "Foreign paragraphs").

A 1-1 link one of whose units holds anchors of the other's neighbour, which that neighbour's counterpart lacks, absorbed
the neighbour (absorbed): a reprint merged the two and lost a sentence, so lengths favour the 1-1 link. It costs more
(mean paragraph F1 +0.0021 to +0.0063 on bench/alignment.py's seven held-out draws, no pair lower by more than 0.0026;
docs/alignment.md, "Absorbed neighbours").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

# What each stranger in a merged side of a link costs: a quarter of a 1-2 link's prior, 3.9 (bench/alignment.py
# --articles even, every pair: 0.5 gained less; 1.5 and 2.0 gained 0.002-0.004 more for ja, de, ru there, but 1.5 cost
# en-ko 0.004 on the held-out default draw; docs/alignment.md)
STRANGER_COST = 1.0
# A member of a merged side whose anchors the link's other side holds less than this share of (by weight) is a stranger.
# A paragraph whose partner was dropped, glued to its neighbour, shares a chance anchor or two with the neighbour's
# partner (a common word's meaning, a quotation mark, a cognate), and a member that belongs shares most of its own: on
# bench/alignment.py --articles even (default draw, seeds 1-3), mean paragraph F1 +0.0013 to +0.0034 against "none
# shared" (0.2 +0.0006 to +0.0014; 0.3 +0.0010 to +0.0024; 0.5 as 0.4 but en-ru -0.006 on seed 2), no pair lower by
# more than 0.002; STRANGER_COST 1.5 with it gained more on seeds but lost en-ja 0.006 on seed 2 (docs/alignment.md)
STRANGER_SHARE = 0.4
# What a 1-1 link costs more when its two units are each a stranger to the other (estranged): a paragraph whose partner was
# dropped paired with an inserted headline beside it, or with its neighbour's partner, when both hold anchors but share
# few (the anchor cost weighs shares, not how many anchors disagree). bench/alignment.py --articles even, on top of
# STRANGER_SHARE: mean paragraph F1 +0.0005 to +0.0022 on the default draw and seeds 1-3, no pair lower by more than
# 0.002; 2.0 gained as much but lost en-ko 0.006 on seed 1; "either is a stranger" lost up to 0.006 (docs/alignment.md)
ESTRANGED_COST = 1.0
_SHARE_SLACK = 1e-9  # a share of exactly STRANGER_SHARE is none, however the weights were summed (Python or NumPy)


def strangers(members: Sequence[frozenset[str]], other_side: frozenset[str], weights: Mapping[str, float]) -> int:
    """How many of a merged side's units hold anchors, less than STRANGER_SHARE of whose weight (`weights`, every anchor
    of the members) the link's other side holds.

    >>> weights = {"nato": 1.0, "2025": 1.0, "$kn": 0.5, "&rain": 0.5, "&snow": 0.5, "otan": 1.0}
    >>> strangers([frozenset({"nato", "2025"}), frozenset({"$kn"}), frozenset()], frozenset({"nato"}), weights)
    1
    >>> strangers([frozenset({"nato"}), frozenset({"&rain"})], frozenset({"nato", "&rain"}), weights)
    0
    >>> strangers([frozenset({"nato"}), frozenset({"&rain", "2025", "otan"})], frozenset({"nato", "&rain"}), weights)
    1
    """
    count = 0
    for found in members:
        if not found:
            continue
        shared = found & other_side
        if not shared:
            count += 1
        elif shared != found:  # (a member whose anchors the other side all holds is no stranger: nothing summed)
            held = sum(map(weights.__getitem__, shared))
            count += held < STRANGER_SHARE * sum(map(weights.__getitem__, found)) - _SHARE_SLACK
    return count


def estranged(held: float, weight_s: float, weight_t: float) -> bool:
    """Whether the two units of a 1-1 link are each a stranger to the other: both hold anchors (their weights `weight_s`,
    `weight_t`), and the anchors they share (`held`, their weight) are less than STRANGER_SHARE of either's.

    >>> estranged(0.0, 1.0, 2.0), estranged(0.5, 1.0, 2.0), estranged(0.5, 2.0, 2.0), estranged(0.0, 0.0, 2.0)
    (True, False, True, False)
    """
    return weight_s > 0 and weight_t > 0 and held < STRANGER_SHARE * min(weight_s, weight_t) - _SHARE_SLACK


def stranger_tables(units_s: np.ndarray, units_t: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """strangers() of every unit against every unit of the other side at once, for align.py's _link_costs: units_s,
    units_t are units x anchors, True where a unit holds one, and `weight` is each anchor's. (source unit, target unit):
    whether the source unit is a stranger to the target unit; (target unit, source unit): the same of target units.
    A 1-1 link is estranged where both are.

    >>> units_s = np.array([[True, False], [False, True]])  # two source units, with anchor 0 and anchor 1
    >>> units_t = np.array([[True, False], [False, False]])  # two target units, with anchor 0 and none
    >>> alone_s, alone_t = stranger_tables(units_s, units_t, np.array([1.0, 1.0]))
    >>> alone_s.tolist(), alone_t.tolist()  # a unit without anchors is no stranger
    ([[False, True], [True, True]], [[False, True], [False, False]])
    """
    held = (units_s * weight) @ units_t.T.astype(float)  # (source unit, target unit): the weight of the anchors both hold
    least_s, least_t = (STRANGER_SHARE * (units @ weight) - _SHARE_SLACK for units in (units_s, units_t))
    held_t = held.transpose()  # (target unit, source unit)
    return held < least_s[:, None], held_t < least_t[:, None]  # (a unit without anchors: 0 < 0 - slack, False)


def stranger_counts(alone_s: np.ndarray, alone_t: np.ndarray, sizes: int) -> tuple[np.ndarray, np.ndarray]:
    """strangers() of every merged link at once, from stranger_tables. A merged side faces one unit (align.py has no 2-2
    link): (per run of 2... `sizes` source units, from each source unit, with each target unit; per source unit, run of
    2... target units, from each target unit), 0 where a run would pass the end.

    >>> units_s = np.array([[True, False], [False, True]])  # two source units, with anchor 0 and anchor 1
    >>> units_t = np.array([[True, False], [False, False]])  # two target units, with anchor 0 and none
    >>> merged_s, merged_t = stranger_counts(*stranger_tables(units_s, units_t, np.array([1.0, 1.0])), 3)
    >>> merged_s[0].tolist()  # source units 0-1 with target unit 0, then with target unit 1
    [[1.0, 2.0], [0.0, 0.0]]
    >>> int(merged_t[0, 0, 0]), int(merged_t[1, 0, 0])  # source unit 0, then 1, with target units 0-1 (1 holds none)
    (0, 1)
    """
    return _merged_runs(alone_s, sizes), _merged_runs(alone_t, sizes).transpose(2, 0, 1)


def _merged_runs(alone: np.ndarray, sizes: int) -> np.ndarray:
    """(run size - 2, first unit, ...): how many units of every run of 2... `sizes` units are alone (unit, ...), 0 where
    the run would pass the end."""
    runs = np.zeros((sizes - 1, *alone.shape))
    total = alone.astype(float)
    for size in range(2, min(len(alone), sizes) + 1):
        total = total[:-1] + alone[size - 1 :]
        runs[size - 2, : len(total)] = total
    return runs


# A unit that holds names and numbers but shares no anchor at all with the other part (no name, number, cognate,
# meaning or other key anywhere in it) looks inserted, as the headline of another article is: a translated paragraph
# shares something. It is cheaper to leave without a partner and dearer to merge into a link (align.py). Tuned on
# bench/alignment.py --articles even, its three draws; a looser test (names unshared, only chance keys shared) gained
# more there and lost up to 0.005 on the held-out draws (docs/alignment.md).
FOREIGN_NAMES = 2  # at least this many names or numbers (one is too often a name the other part translates)
FOREIGN_SKIP_DISCOUNT = 0.5  # taken off leaving a foreign unit without a partner
FOREIGN_MERGE_COST = 1.0  # per foreign unit in a merged side of a link


def foreigners(found: Sequence[frozenset[str]], other_part: frozenset[str]) -> list[bool]:
    """Per unit (its anchors), whether it looks inserted: FOREIGN_NAMES names or numbers, and no anchor of any kind
    that the other part (its anchors, every unit's; or only those both parts hold, which tests the same) holds.

    >>> other = frozenset({"nato", "2025", "~summi", "&rain"})
    >>> foreigners([frozenset({"maxine", "waters", "gop"}), frozenset({"maxine", "waters", "~summi"})], other)
    [True, False]
    >>> foreigners([frozenset({"kanye", "~rappe"}), frozenset({"~talks", "&snow"}), frozenset()], other)  # too few names
    [False, False, False]
    """
    return [units.isdisjoint(other_part) and sum(map(is_name, units)) >= FOREIGN_NAMES for units in found]


def is_name(anchor: str) -> bool:
    """A name or a number as align.anchors() finds them, not a key of another kind (a cognate prefix, a meaning...).

    >>> is_name("nato"), is_name("2025"), is_name("~summi"), is_name("&rain")
    (True, True, False, False)
    """
    return anchor[0].isalnum()


# A 1-1 link one of whose units holds anchors of the other unit's neighbour (the unit before or after it on its side),
# anchors which that neighbour's own counterpart (the unit before or after on the first unit's side) lacks, took in the
# neighbour: a reprint merged the two paragraphs, and lost a sentence, so the lengths and sentence counts favour the 1-1
# link with the neighbour left without a partner (the largest kind of paragraph error left by `/8`: 329 on the even
# articles' seeds 1-6, against 249 units wrongly glued into a merged link). Each unit of such anchors' weight (as the
# anchor cost weighs it, a word's meaning or a name's sound ("&", "$" keys) half again) costs ABSORBED_COST, up to
# ABSORBED_MAX. bench/alignment.py --articles even, seeds 1-6: mean paragraph F1 +0.0039 (docs/alignment.md, "Absorbed
# neighbours"); 1.0 up to 1.0, 2.0, 4.0 or 8.0 gained +0.0019 to +0.0035; meanings and sounds at full weight lost en-ja
# and en-zh-Hant up to 0.005, without them gained +0.0031. Without the counterpart's exclusion (names an article repeats
# count too) mean paragraph F1 moved -0.0017 to +0.0008.
ABSORBED_COST = 1.0
ABSORBED_MAX = 3.0
ABSORBED_WEAK_SHARE = 0.5
_NONE: frozenset[str] = frozenset()


def absorbed(
    src: Sequence[frozenset[str]], tgt: Sequence[frozenset[str]], i: int, j: int, weights: Mapping[str, float], weak_keys: str
) -> float:
    """What the 1-1 link of source unit i and target unit j costs more (`src`, `tgt`: every unit's anchors; `weights`:
    each anchor's, those whose key starts with one of `weak_keys` counting ABSORBED_WEAK_SHARE of theirs): the weight of
    the anchors one of them holds with the other's neighbour, which the other does not hold, nor the neighbour's
    counterpart (i + 1 faces j + 1, i - 1 faces j - 1).

    >>> weights = {"nato": 1.0, "2025": 1.0, "&rain": 0.5}
    >>> src = [frozenset({"nato"}), frozenset({"2025", "&rain"}), frozenset()]
    >>> absorbed(src, [frozenset({"nato", "2025", "&rain"}), frozenset()], 0, 0, weights, "&")  # source 1 was merged in
    1.25
    >>> absorbed(src, [frozenset({"nato", "2025"}), frozenset({"2025"})], 0, 0, weights, "&")  # 2025: its counterpart's too
    0.0
    """
    only_t, only_s = tgt[j] - src[i], src[i] - tgt[j]
    taken: list[str] = []
    for step in (-1, 1):
        near_s, near_t = i + step, j + step
        neighbour_s = src[near_s] if 0 <= near_s < len(src) else _NONE
        neighbour_t = tgt[near_t] if 0 <= near_t < len(tgt) else _NONE
        if not only_t.isdisjoint(neighbour_s):
            taken.extend((only_t & neighbour_s) - neighbour_t)
        if not only_s.isdisjoint(neighbour_t):
            taken.extend((only_s & neighbour_t) - neighbour_s)
    if not taken:
        return 0.0
    held = sum(weights[anchor] * (ABSORBED_WEAK_SHARE if anchor[0] in weak_keys else 1.0) for anchor in taken)
    return round(min(ABSORBED_MAX, ABSORBED_COST * held), 9)


def absorbed_table(units_s: np.ndarray, units_t: np.ndarray, weight: np.ndarray, weak: np.ndarray) -> np.ndarray:
    """absorbed() of every 1-1 link at once, for align.py's _link_costs: units_s, units_t are units x anchors, True where a
    unit holds one, `weight` is each anchor's and `weak` where it counts ABSORBED_WEAK_SHARE of it. (source unit, target
    unit).

    >>> units_s = np.array([[True, False], [False, True]])  # two source units, with anchor 0 and anchor 1
    >>> units_t = np.array([[True, True], [False, False]])  # two target units, with both anchors and none
    >>> absorbed_table(units_s, units_t, np.array([1.0, 1.0]), np.array([False, True])).tolist()
    [[0.5, 1.0], [1.0, 0.5]]
    """
    # one product for both neighbours and both directions: (source side's part, target side's part) per anchor block
    next_s, previous_s, next_t, previous_t = (
        _shifted(units_s, 1),
        _shifted(units_s, -1),
        _shifted(units_t, 1),
        _shifted(units_t, -1),
    )
    left = np.concatenate((next_s & ~units_s, units_s & ~next_s, previous_s & ~units_s, units_s & ~previous_s), axis=1)
    right = np.concatenate((units_t & ~next_t, next_t & ~units_t, units_t & ~previous_t, previous_t & ~units_t), axis=1)
    weighed = np.tile(np.where(weak, weight * ABSORBED_WEAK_SHARE, weight), 4)
    held = (left * weighed) @ right.T
    return np.minimum(ABSORBED_MAX, ABSORBED_COST * held).round(9)


def _shifted(units: np.ndarray, step: int) -> np.ndarray:
    """Each unit's neighbour `step` away (units x anchors), none past either end."""
    shifted = np.zeros_like(units)
    if step > 0:
        shifted[:-step] = units[step:]
    else:
        shifted[-step:] = units[:step]
    return shifted
