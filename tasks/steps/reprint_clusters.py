"""Near-duplicate reprints: MinHash over character shingles, LSH bands, verified similarity.

Two documents are reprints of one article when the Jaccard similarity of their
shingle sets, estimated from MinHash signatures, is at least THRESHOLD. The
text is normalised first (NFKC, case folding, everything but letters and digits
removed) so re-wrapping and re-punctuating change nothing, and shingles are
runs of SHINGLE_CHARS characters, which works alike for Chinese, Japanese and
spaced languages. Every hash is fixed (never Python's salted hash()), so
signatures computed in any process, run or machine agree and can be stored in
OUT. LSH bands only propose candidates; each candidate's similarity is then
estimated from the full signatures. See docs/dedup.md.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Protocol

import numpy as np

from tasks.output.schema import MINHASH_BANDS, MINHASH_ROWS, SHINGLE_CHARS
from tasks.steps.repeats import fold

PERMUTATIONS = MINHASH_BANDS * MINHASH_ROWS
SIGNATURE_BYTES = PERMUTATIONS * 2  # b-bit MinHash: the low 16 bits of each minimum
THRESHOLD = 0.4  # estimated Jaccard similarity from which two documents are one article (bench/near_duplicates.py)

CHUNK = 8192  # documents banded at a time

_LETTERS_AND_DIGITS = re.compile(r"[^\W_]+")  # \w without the underscore: what str.isalnum accepts
_EMPTY = np.uint64(2**64 - 1)  # the minimum of a bin no shingle fell into
_MULTIPLIER = 0x100000001B3
# The polynomial hash of a shingle c0..c4 is sum(c_i · M^(4-i)) mod 2^64: one multiply-add per character position.
_POWERS = [np.uint64(pow(_MULTIPLIER, SHINGLE_CHARS - 1 - offset, 2**64)) for offset in range(SHINGLE_CHARS)]
_SHIFT = np.uint64(32)
_LOW = np.uint64(0xFFFFFFFF)


@cache
def _alphanumeric() -> np.ndarray:
    """For every code point, whether it is a letter or digit: 1.1 MB, built once a process (~20 ms)."""
    every = np.arange(sys.maxunicode + 1, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")
    table = np.zeros(len(every), dtype=bool)
    for run in _LETTERS_AND_DIGITS.finditer(every):  # a few hundred runs: faster than a test per code point
        table[run.start() : run.end()] = True
    return table


def _normalised_codes(folded: list[str]) -> np.ndarray:
    """The code points of the concatenated, folded paragraphs, letters and digits only (see normalise), as uint32."""
    codes = np.frombuffer("\n".join(folded).encode("utf-32-le", "surrogatepass"), dtype="<u4")
    return codes[_alphanumeric()[codes]]


def normalise(text: str) -> str:
    """The form compared for near-duplicates: NFKC, case-folded, letters and digits only.

    >>> normalise("The Harbour-Council, ２０２５!")
    'theharbourcouncil2025'
    """
    return _normalised_codes([fold(text)]).tobytes().decode("utf-32-le")


def shingle_hashes(folded: list[str]) -> np.ndarray:
    """64-bit hashes of every SHINGLE_CHARS-character run of the normalised, concatenated paragraphs (repeats kept).

    `folded` is repeats.fold() of each paragraph.

    >>> len(shingle_hashes(["abcdefg"]))  # abcde, bcdef, cdefg
    3
    """
    codes = _normalised_codes(folded).astype(np.uint64)
    if not len(codes):
        return codes
    if len(codes) < SHINGLE_CHARS:  # a very short text is one shingle
        codes = np.concatenate([codes, np.zeros(SHINGLE_CHARS - len(codes), dtype=np.uint64)])
    windows = len(codes) - SHINGLE_CHARS + 1
    value = codes[:windows] * _POWERS[0]
    for offset in range(1, SHINGLE_CHARS):
        value += codes[offset : offset + windows] * _POWERS[offset]
    return _mix(value)


def _mix(z: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads the polynomial hash over all 64 bits (a bijection)."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def _probe_orders() -> np.ndarray:
    """Row i: a fixed pseudo-random order of all bins, in which an empty bin i looks for a filled one to copy."""
    keys = _mix(np.arange(PERMUTATIONS * PERMUTATIONS, dtype=np.uint64) + np.uint64(0x5EED))
    return np.argsort(keys.reshape(PERMUTATIONS, PERMUTATIONS), axis=1)  # the keys are distinct: one order only


_PROBE_ORDERS = _probe_orders()


def signature(paragraphs: list[str], folded: list[str] | None = None) -> bytes | None:
    """The MinHash signature of a document's paragraphs (SIGNATURE_BYTES), or None when it has no letters.

    `folded`, when the caller has it already (the repeats step computed it), is repeats.fold() of each paragraph, or
    repeats.paragraph_key() (its whitespace collapsed: whitespace is no letter or digit, so the signature is the same).

    One-permutation hashing: each shingle's hash picks one of PERMUTATIONS bins by its high
    bits, and each bin keeps the least hash that fell into it. A bin left empty (a short text)
    copies the bin its probe order finds filled first (optimal densification), so equal
    values still estimate the Jaccard similarity.

    >>> len(signature(["The harbour council met on Monday."])) == SIGNATURE_BYTES
    True
    >>> signature(["2025 — ?"]) == signature(["2025"]), signature(["— ? —"])
    (True, None)
    """
    hashes = shingle_hashes(folded if folded is not None else [fold(p) for p in paragraphs])
    if not len(hashes):
        return None
    bins = ((hashes >> _SHIFT) * np.uint64(PERMUTATIONS)) >> _SHIFT  # multiply-shift: the high bits pick the bin
    minima = np.full(PERMUTATIONS, _EMPTY, dtype=np.uint64)
    np.minimum.at(minima, bins.astype(np.intp), hashes)
    empty = minima == _EMPTY
    if empty.any():
        probes = _PROBE_ORDERS[empty]
        first_filled = np.argmax(~empty[probes], axis=1)
        minima[empty] = minima[np.take_along_axis(probes, first_filled[:, None], axis=1)[:, 0]]
    return (minima & np.uint64(0xFFFF)).astype("<u2").tobytes()


def signature_array(signatures: bytes | list[bytes]) -> np.ndarray:
    """Signatures as a (documents, PERMUTATIONS) uint16 array."""
    data = signatures if isinstance(signatures, bytes) else b"".join(signatures)
    return np.frombuffer(data, dtype="<u2").reshape(-1, PERMUTATIONS)


def band_keys(signatures: np.ndarray) -> np.ndarray:
    """(documents, BANDS) 32-bit keys: a hash of the band number and the band's MINHASH_ROWS 16-bit values.

    Two documents whose keys collide by chance only become candidates: their
    similarity is still checked on the full signatures.
    """
    rows = signatures.reshape(len(signatures), MINHASH_BANDS, MINHASH_ROWS)
    keys = np.broadcast_to(np.arange(MINHASH_BANDS, dtype=np.uint64), rows.shape[:2])
    for row in range(MINHASH_ROWS):
        keys = (keys << np.uint64(16)) | rows[:, :, row].astype(np.uint64)
    return _mix(keys) >> np.uint64(32)


def band_entries(signatures: np.ndarray, first_row: int) -> np.ndarray:
    """Band table entries (band key << 32 | row), unsorted: one per document and band, rows from first_row on."""
    table = np.empty(len(signatures) * MINHASH_BANDS, dtype=np.uint64)
    for start in range(0, len(signatures), CHUNK):  # bounded temporaries
        chunk = signatures[start : start + CHUNK]
        rows = np.arange(first_row + start, first_row + start + len(chunk), dtype=np.uint64)[:, None]
        table[start * MINHASH_BANDS : (start + len(chunk)) * MINHASH_BANDS] = ((band_keys(chunk) << _SHIFT) | rows).ravel()
    return table


def _packed_band_table(signatures: np.ndarray) -> np.ndarray:
    """Sorted band table entries of these documents, rows from 0."""
    table = band_entries(signatures, 0)
    table.sort()
    return table


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures.

    >>> article = ["The harbour council met on Monday to discuss the new ferry timetable for the winter season."]
    >>> reprint = ["The Harbour Council met on Tuesday, to discuss the new ferry timetable for the winter."]
    >>> other = ["Le conseil municipal a voté lundi un budget pour rénover les écoles du quartier."]
    >>> round(similarity(signature(article), signature(reprint)), 2), similarity(signature(article), signature(other))
    (0.8, 0.0)
    """
    return float(np.mean(signature_array(a) == signature_array(b)))


class Documents(Protocol):
    """Documents loaded from OUT, rows numbered from 0: a Segment, or the reprint cache (tasks/output/reprint_cache.py)."""

    @property
    def clusters(self) -> np.ndarray:  # read-only: Segment and CachedDocuments are frozen
        """(n,) S16: each row's cluster as a 16-byte doc_id."""
        ...

    def __len__(self) -> int: ...

    def candidates(self, keys: np.ndarray) -> np.ndarray:
        """Rows sharing at least one of these band keys, with repeats."""
        ...

    def signatures_of(self, rows: np.ndarray) -> np.ndarray:
        """(len(rows), PERMUTATIONS) signatures of these rows, in their order."""
        ...

    def close(self) -> None:
        """Release what it holds open."""
        ...


@dataclass(frozen=True)
class Segment:
    """Documents in memory: signatures, clusters as 16-byte doc_ids, and their sorted band table."""

    signatures: np.ndarray  # (n, PERMUTATIONS) uint16
    clusters: np.ndarray  # (n,) S16
    band_table: np.ndarray  # _packed_band_table(signatures)

    @classmethod
    def build(cls, signatures: np.ndarray, clusters: np.ndarray) -> Segment:
        return cls(signatures, clusters, _packed_band_table(signatures))

    def __len__(self) -> int:
        return len(self.clusters)

    def candidates(self, keys: np.ndarray) -> np.ndarray:
        starts = np.searchsorted(self.band_table, keys << _SHIFT)
        ends = np.searchsorted(self.band_table, (keys + np.uint64(1)) << _SHIFT)
        rows = [self.band_table[s:e] & _LOW for s, e in zip(starts, ends, strict=True) if e > s]
        return np.concatenate(rows).astype(np.int64) if rows else np.empty(0, dtype=np.int64)

    def signatures_of(self, rows: np.ndarray) -> np.ndarray:
        return self.signatures[rows]

    def close(self) -> None:
        pass  # nothing open: all in memory


@dataclass
class ReprintIndex:
    """Which cluster each indexed document belongs to, searchable by signature.

    Documents loaded from OUT sit in segments (Documents: in memory or in the reprint
    cache, their band keys in one sorted table each, 8 bytes a band); documents added
    during the run are appended to Python lists and a dict, searched alongside. Rows
    number the segments' documents in order, then the added ones.
    """

    segments: list[Documents] = field(default_factory=list)
    added_signatures: list[bytes] = field(default_factory=list)
    added_clusters: list[str] = field(default_factory=list)
    # band key -> the first row added this run with it; later rows with the same key (a reprint's bands, or a chance
    # collision of 32-bit keys) in more_keys. Most keys have one row: no list is made for them.
    added_keys: dict[int, int] = field(default_factory=dict)
    more_keys: dict[int, list[int]] = field(default_factory=dict)
    threshold: float = THRESHOLD

    @classmethod
    def build(cls, signatures: np.ndarray, clusters: np.ndarray, threshold: float = THRESHOLD) -> ReprintIndex:
        """From loaded documents: (n, PERMUTATIONS) signatures and their clusters as 16-byte doc_ids."""
        return cls([Segment.build(signatures, clusters)], threshold=threshold)

    def __len__(self) -> int:
        return self._loaded + len(self.added_clusters)

    @cached_property
    def _loaded(self) -> int:
        return sum(len(segment) for segment in self.segments)  # the segments are loaded once, never changed

    def cluster_of(self, row: int) -> str:
        for segment in self.segments:
            if row < len(segment):
                return segment.clusters[row : row + 1].tobytes().hex()
            row -= len(segment)
        return self.added_clusters[row]

    def assign(self, doc_id: str, sig: bytes | None) -> str:
        """The cluster of `doc_id`: that of its most similar indexed reprint, else its own. Indexes it."""
        return self.assign_all([(doc_id, sig)])[0]

    def assign_all(self, documents: list[tuple[str, bytes | None]]) -> list[str]:
        """assign() each (doc_id, signature) in order, so one may join the cluster of one before it; the band keys of
        all of them are computed at once.

        >>> article = ["The harbour council met on Monday to discuss the new ferry timetable for the winter season."]
        >>> reprint = ["The Harbour Council met on Tuesday, to discuss the new ferry timetable for the winter."]
        >>> other = ["Le conseil municipal a voté lundi un budget pour rénover les écoles du quartier."]
        >>> index = ReprintIndex()
        >>> documents = [("a" * 32, signature(article)), ("b" * 32, signature(reprint)), ("c" * 32, signature(other))]
        >>> [cluster[:4] for cluster in index.assign_all(documents + [("d" * 32, None)])]
        ['aaaa', 'aaaa', 'cccc', 'dddd']
        >>> len(index), index.best_match(signature(reprint))
        (3, 1)
        """
        signed = [sig for _, sig in documents if sig is not None]
        keys = iter(band_keys(signature_array(signed)).tolist() if signed else [])
        return [doc_id if sig is None else self._assign(doc_id, sig, next(keys)) for doc_id, sig in documents]

    def _assign(self, doc_id: str, sig: bytes, keys: list[int]) -> str:
        best = self._best_match(sig, keys)
        cluster = self.cluster_of(best) if best is not None else doc_id
        self._add(sig, keys, cluster)
        return cluster

    def best_match(self, sig: bytes) -> int | None:
        """The row of the most similar indexed document at or above THRESHOLD (earliest on ties), if any."""
        return self._best_match(sig, band_keys(signature_array(sig))[0].tolist())

    def _best_match(self, sig: bytes, keys: list[int]) -> int | None:
        candidates = self._candidates(keys)
        if not len(candidates):
            return None
        query = signature_array(sig)[0]
        scores = (self._signatures_of(candidates) == query[None, :]).mean(axis=1)
        best = int(np.argmax(scores))  # candidates are sorted, so ties go to the earliest row
        return int(candidates[best]) if scores[best] >= self.threshold else None

    def _candidates(self, keys: list[int]) -> np.ndarray:
        """Rows sharing a band key with the query (its keys as ints), sorted, each once."""
        found, offset = [], 0
        key_array = np.array(keys, dtype=np.uint64)
        for segment in self.segments:
            if len(segment):
                found.append(segment.candidates(key_array) + offset)
            offset += len(segment)
        added = [self.added_keys[key] for key in keys if key in self.added_keys]
        if added:
            added += [row for key in keys if key in self.more_keys for row in self.more_keys[key]]
            found.append(np.array(added, dtype=np.int64))
        return np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)

    def _signatures_of(self, rows: np.ndarray) -> np.ndarray:
        """The signatures of sorted rows, in their order."""
        parts, offset = [], 0
        for segment in self.segments:
            mine = rows[(rows >= offset) & (rows < offset + len(segment))]
            parts.append(segment.signatures_of(mine - offset))
            offset += len(segment)
        added = [self.added_signatures[r - offset] for r in rows[rows >= offset]]
        return np.concatenate([*parts, signature_array(added)]) if added else np.concatenate(parts)

    def close(self) -> None:
        for segment in self.segments:
            segment.close()

    def _add(self, sig: bytes, keys: list[int], cluster: str) -> None:
        row = len(self)
        self.added_clusters.append(cluster)
        self.added_signatures.append(sig)
        for key in keys:
            if self.added_keys.setdefault(key, row) != row:
                self.more_keys.setdefault(key, []).append(row)
