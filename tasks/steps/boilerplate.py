"""Boilerplate: paragraphs repeated across many documents (footers, notices, sign-offs, subscription pleas).

A paragraph's key is the in-document repeats' form (tasks/steps/repeats.py: NFKC, case folding, whitespace
collapsed) with every digit read as 0, hashed to 64 bits; a paragraph too short to tell an outlet's footer from an
article's own heading or dateline gets no key (0) and is never boilerplate. BoilerplateCounter counts, per key,
the distinct reprint clusters of the documents carrying it (the reprints of one article count once), in two
fixed-size Bloom filters and a small exact table: see docs/dedup.md, section 4.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import numpy as np

from tasks.steps.repeats import folded_key
from tasks.steps.reprint_clusters import _mix

MIN_LETTERS = 16  # letters a paragraph needs to have a key; a Han, kana or Hangul character counts as two
MIN_LETTERS_WITH_DIGITS = 24  # ... and one with a digit in it: "WASHINGTON, March 3, 2019 (Reuters)" has 22
_LONG = 64  # a paragraph of this many characters has enough letters whatever it holds: counting them is skipped
_WIDE_LETTERS = 0x2E80  # from here on (CJK radicals, kana, Han, Hangul...) a letter counts twice
_DIGIT = re.compile(r"\d")
_DIGITS_AS_ZERO = bytes.maketrans(b"0123456789", b"0000000000")  # after NFKC, fullwidth digits are ASCII too

FILTER_BITS_LOG2 = 28  # each Bloom filter: 2**28 bits, 32 MB (whatever OUT holds, so that runs agree bit for bit)
# Bits per item. `seen` (a false positive counts a key once too often): 1.4% at 30 million items, 0.00005% at 3 million.
# `pairs` (a false positive counts a cluster too few, the safe side): 2.3% at 30 million, 0.004% at 3 million. Fewer
# probes than the optimal 6: each is a few Python operations per paragraph in the sink.
SEEN_PROBES = 5
PAIR_PROBES = 3
_LOW32 = np.uint64(0xFFFFFFFF)
_SEEN_SEED = 0x5EE9  # the two filters probe differently, so their false positives are independent


def letter_weight(text: str) -> int:
    """Letters in `text`, a Han, kana or Hangul character counting as two (it carries about a word).

    >>> letter_weight("Follow us on Twitter"), letter_weight("本社獲作者授權轉載"), letter_weight("© 2019")
    (17, 18, 0)
    """
    return sum(2 if ord(c) >= _WIDE_LETTERS else 1 for c in text if c.isalpha())


def boilerplate_key(folded: str) -> int:
    """The 64-bit key under which a paragraph (given as repeats.fold of it) is counted; 0 when it is too short to be
    told from an article's own heading or dateline. Digits do not matter: "© 2019" and "© 2020" footers are one.

    >>> footer = "© 2019 example news. all rights reserved."
    >>> boilerplate_key(footer) == boilerplate_key(footer.replace("2019", "2020").replace(" ", "  "))
    True
    >>> boilerplate_key("analysis"), boilerplate_key("washington, march 3, 2019 (reuters)"), boilerplate_key("一、會談背景")
    (0, 0, 0)
    >>> boilerplate_key("本社獲作者授權轉載") != 0
    True
    """
    return collapsed_key(folded_key(folded))


def collapsed_key(key: str) -> int:
    """boilerplate_key of a paragraph given as repeats.paragraph_key of it (folded, whitespace collapsed).

    >>> collapsed_key("follow us on twitter for news.") == boilerplate_key("follow us  on twitter for news. ")
    True
    """
    if len(key) < _LONG:
        needed = MIN_LETTERS_WITH_DIGITS if _DIGIT.search(key) else MIN_LETTERS
        if letter_weight(key) < needed:
            return 0
    masked = key.encode("utf-8").translate(_DIGITS_AS_ZERO)
    return int.from_bytes(hashlib.blake2b(masked, digest_size=8).digest(), "little") or 1


def paragraph_keys(folded: list[str]) -> list[int]:
    """boilerplate_key of each paragraph (0: never boilerplate).

    >>> keys = paragraph_keys(["analysis", "follow us on twitter for more news."])
    >>> keys[0], keys[1] > 0
    (0, True)
    """
    return [boilerplate_key(paragraph) for paragraph in folded]


def collapsed_keys(keys: list[str]) -> list[int]:
    """paragraph_keys of paragraphs given as repeats.paragraph_key of each."""
    return [collapsed_key(key) for key in keys]


def cluster_key(cluster: str) -> int:
    """The 32 bits of a reprint cluster (a doc_id in hex) the counter tells clusters apart by.

    >>> cluster_key("3f2a9c0e5b7d41e8a6c2f0b9d8e7a615")
    1059757070
    """
    return int(cluster[:8], 16)


class BloomFilter:
    """A fixed-size Bloom filter of 64-bit items: `add` answers whether each was (probably) in already.

    >>> bloom = BloomFilter(bits_log2=16)
    >>> bloom.add(np.array([1, 2], dtype=np.uint64)).tolist(), bloom.add(np.array([2, 3], dtype=np.uint64)).tolist()
    ([False, False], [True, False])
    """

    def __init__(self, bits_log2: int = FILTER_BITS_LOG2, probes: int = SEEN_PROBES, seed: int = 0) -> None:
        self.bits = np.zeros(1 << (bits_log2 - 3), dtype=np.uint8)  # zeroed lazily by the kernel: untouched pages cost nothing
        self.mask = np.uint64((1 << bits_log2) - 1)
        self.steps = np.arange(probes, dtype=np.uint64)
        self.seed = np.uint64(seed)
        self._seed, self._mask, self._probes, self._view = seed, (1 << bits_log2) - 1, probes, memoryview(self.bits)  # type: ignore[arg-type]  # numpy: __buffer__ from 3.12

    def _positions(self, items: np.ndarray) -> np.ndarray:
        """items x probes bit positions, by double hashing of the item's mixed 64 bits."""
        mixed = _mix(items ^ self.seed)
        first, step = mixed & _LOW32, (mixed >> np.uint64(32)) | np.uint64(1)
        return (first[:, None] + step[:, None] * self.steps[None, :]) & self.mask

    def add_one(self, item: int) -> bool:
        """add() of one item, in plain Python: a document's few keys cost less so than through numpy's per-call overhead.

        >>> bloom, many = BloomFilter(bits_log2=16), BloomFilter(bits_log2=16)
        >>> _ = many.add(np.array([5, 6], dtype=np.uint64))
        >>> [bloom.add_one(5), bloom.add_one(6), bloom.add_one(5)], bytes(bloom.bits) == bytes(many.bits)
        ([False, False, True], True)
        """
        mixed = _mix_one(item ^ self._seed)
        first, step, mask, bits = mixed & 0xFFFFFFFF, (mixed >> 32) | 1, self._mask, self._view
        present = True
        for probe in range(self._probes):
            position = (first + step * probe) & mask
            byte, bit = position >> 3, 1 << (position & 7)
            if not bits[byte] & bit:
                present = False
                bits[byte] |= bit
        return present

    def add(self, items: np.ndarray) -> np.ndarray:
        """Add `items`; for each, whether all its bits were set before (in the filter already, or a false positive)."""
        positions = self._positions(items)
        bytes_at, bit = positions >> np.uint64(3), np.left_shift(np.uint8(1), (positions & np.uint64(7)).astype(np.uint8))
        present = (self.bits[bytes_at] & bit).all(axis=1)
        np.bitwise_or.at(self.bits, bytes_at.ravel(), bit.ravel())
        return present

    def fill(self) -> float:
        """The fraction of bits set: the false-positive rate is about fill ** probes."""
        return float(np.unpackbits(self.bits).mean())


def _mix_one(z: int) -> int:
    """_mix of one 64-bit int, in plain Python (the same bits)."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return z ^ (z >> 31)


def pair_items(cluster: int | np.ndarray, keys: np.ndarray) -> np.ndarray:
    """One 64-bit item per (cluster, key): the cluster's 32 bits above the key's low 32.

    >>> hex(int(pair_items(0xAB, np.array([0x1234_0000_0005], dtype=np.uint64))[0]))
    '0xab00000005'
    """
    return (np.asarray(cluster, dtype=np.uint64) << np.uint64(32)) | (keys & _LOW32)


class BoilerplateCounter:
    """Per key, the distinct reprint clusters of the documents carrying it.

    `pairs` remembers (cluster, key) pairs, so a cluster counts once; `seen` remembers keys found in one cluster at
    least; `counts` holds exactly the keys found in two or more. A false positive of `pairs` misses one cluster (the
    key is counted lower, so kept longer); one of `seen` counts a key's first cluster twice (never more than once a
    key: from then on the key is in `counts`).

    >>> counter = BoilerplateCounter(bits_log2=16)
    >>> footer, quote = 11, 22
    >>> [counter.add_document(cluster, [footer]) for cluster in (1, 2, 2, 3)]
    [{}, {11: 2}, {}, {11: 3}]
    >>> counter.add_document(4, [quote, footer]), counter.count(footer), counter.count(quote), counter.count(33)
    ({11: 4}, 4, 0, 0)
    """

    def __init__(self, counts: dict[int, int] | None = None, bits_log2: int = FILTER_BITS_LOG2) -> None:
        self.pairs = BloomFilter(bits_log2, PAIR_PROBES)
        self.seen = BloomFilter(bits_log2, SEEN_PROBES, seed=_SEEN_SEED)
        self.counts: dict[int, int] = dict(counts or {})

    def remember(self, cluster: int | np.ndarray, keys: np.ndarray) -> None:
        """Add the keys of documents OUT already holds (`cluster`: of each key, or of all), whose counts are in
        `counts` already."""
        if len(keys):
            self.pairs.add(pair_items(cluster, keys))
            self.seen.add(keys & _LOW32)

    def add_document(self, cluster: int, keys: Iterable[int]) -> dict[int, int]:
        """Count a new document's keys (0s and repeats ignored) for its cluster; returns the counts of two or more
        that changed."""
        changed = {}
        cluster_bits = (cluster & 0xFFFFFFFF) << 32
        for key in sorted({key for key in keys if key}):
            low = key & 0xFFFFFFFF
            if self.pairs.add_one(cluster_bits | low):
                self.seen.add_one(low)  # as remember() does: a false positive of `pairs` leaves the same bits
                continue  # this cluster counted it already
            if self.seen.add_one(low):
                changed[key] = self.counts[key] = self.counts.get(key, 1) + 1
        return changed

    def count(self, key: int) -> int:
        """Distinct clusters found carrying `key`, exact from two on; 0 for a key found in fewer (or no key)."""
        return self.counts.get(key, 0)
