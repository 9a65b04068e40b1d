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

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from tasks.schema import MINHASH_BANDS, MINHASH_ROWS, SHINGLE_CHARS

PERMUTATIONS = MINHASH_BANDS * MINHASH_ROWS
SIGNATURE_BYTES = PERMUTATIONS * 2  # b-bit MinHash: the low 16 bits of each minimum
THRESHOLD = 0.4  # estimated Jaccard similarity from which two documents are one article (bench/near_duplicates.py)

CHUNK = 8192  # shingles hashed, or documents banded, at a time

_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
_PRIME = np.uint64(4294967291)  # the largest prime below 2^32
_MULTIPLIER = np.uint64(0x100000001B3)
_SHIFT = np.uint64(32)
_LOW = np.uint64(0xFFFFFFFF)


def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """x -> a·x + b mod P with P < 2^32 and a, b < P: exact in uint64; a and b come from fixed digests."""
    digests = (hashlib.blake2b(f"reprints-minhash-{i}".encode(), digest_size=8).digest() for i in range(PERMUTATIONS))
    words = [int.from_bytes(d) for d in digests]
    prime = int(_PRIME)
    a = np.array([1 + (w >> 32) % (prime - 1) for w in words], dtype=np.uint64)
    b = np.array([(w & 0xFFFFFFFF) % prime for w in words], dtype=np.uint64)
    return a, b


_A, _B = _permutations()


def normalise(text: str) -> str:
    """The form compared for near-duplicates: NFKC, case-folded, letters and digits only."""
    return _NOT_ALPHANUMERIC.sub("", unicodedata.normalize("NFKC", text).casefold())


def shingle_hashes(paragraphs: list[str]) -> np.ndarray:
    """Hashes (below 2^32) of every SHINGLE_CHARS-character run of the normalised, concatenated paragraphs."""
    text = "".join(normalise(p) for p in paragraphs)
    if not text:
        return np.empty(0, dtype=np.uint64)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < SHINGLE_CHARS:  # a very short text is one shingle
        codes = np.concatenate([codes, np.zeros(SHINGLE_CHARS - len(codes), dtype=np.uint64)])
    windows = len(codes) - SHINGLE_CHARS + 1
    value = np.zeros(windows, dtype=np.uint64)
    for offset in range(SHINGLE_CHARS):  # polynomial hash, wrapping mod 2^64
        value = value * _MULTIPLIER + codes[offset : offset + windows]
    return np.unique((_mix(value) >> np.uint64(32)) % _PRIME)


def _mix(z: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads the polynomial hash over all 64 bits."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def signature(paragraphs: list[str]) -> bytes | None:
    """The MinHash signature of a document's paragraphs (SIGNATURE_BYTES), or None when it has no letters."""
    hashes = shingle_hashes(paragraphs)
    if not len(hashes):
        return None
    minima = np.full(PERMUTATIONS, _PRIME, dtype=np.uint64)
    for start in range(0, len(hashes), CHUNK):  # bounded memory for a document of megabytes
        chunk = hashes[start : start + CHUNK, None]
        minima = np.minimum(minima, ((chunk * _A[None, :] + _B[None, :]) % _PRIME).min(axis=0))
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


def _packed_band_table(signatures: np.ndarray) -> np.ndarray:
    """Sorted uint64 entries (band key << 32 | row): one per document and band, built in bounded chunks."""
    table = np.empty(len(signatures) * MINHASH_BANDS, dtype=np.uint64)
    for start in range(0, len(signatures), CHUNK):
        chunk = signatures[start : start + CHUNK]
        rows = np.arange(start, start + len(chunk), dtype=np.uint64)[:, None]
        table[start * MINHASH_BANDS : (start + len(chunk)) * MINHASH_BANDS] = ((band_keys(chunk) << _SHIFT) | rows).ravel()
    table.sort()
    return table


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.mean(signature_array(a) == signature_array(b)))


@dataclass
class ReprintIndex:
    """Which cluster each indexed document belongs to, searchable by signature.

    Documents loaded from OUT sit in numpy arrays (their band keys in one sorted
    table, 8 bytes a band); documents added during the run are appended to
    Python lists and a dict, searched alongside.
    """

    signatures: np.ndarray = field(default_factory=lambda: np.empty((0, PERMUTATIONS), dtype="<u2"))
    clusters: np.ndarray = field(default_factory=lambda: np.empty(0, dtype="S16"))  # cluster per loaded row
    band_table: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))  # _packed_band_table
    added_signatures: list[bytes] = field(default_factory=list)
    added_clusters: list[str] = field(default_factory=list)
    added_keys: dict[int, list[int]] = field(default_factory=dict)  # band key -> rows added this run
    threshold: float = THRESHOLD

    @classmethod
    def build(cls, signatures: np.ndarray, clusters: np.ndarray, threshold: float = THRESHOLD) -> ReprintIndex:
        """From loaded documents: (n, PERMUTATIONS) signatures and their clusters as 16-byte doc_ids."""
        return cls(signatures, clusters, _packed_band_table(signatures), threshold=threshold)

    def __len__(self) -> int:
        return len(self.clusters) + len(self.added_clusters)

    def cluster_of(self, row: int) -> str:
        loaded = len(self.clusters)
        return self.added_clusters[row - loaded] if row >= loaded else self.clusters[row : row + 1].tobytes().hex()

    def assign(self, doc_id: str, sig: bytes | None) -> str:
        """The cluster of `doc_id`: that of its most similar indexed reprint, else its own. Indexes it."""
        best = self.best_match(sig) if sig is not None else None
        cluster = self.cluster_of(best) if best is not None else doc_id
        if sig is not None:
            self._add(sig, cluster)
        return cluster

    def best_match(self, sig: bytes) -> int | None:
        """The row of the most similar indexed document at or above THRESHOLD (earliest on ties), if any."""
        candidates = self._candidates(sig)
        if not len(candidates):
            return None
        query = signature_array(sig)[0]
        scores = (self._signatures_of(candidates) == query[None, :]).mean(axis=1)
        best = int(np.argmax(scores))  # candidates are sorted, so ties go to the earliest row
        return int(candidates[best]) if scores[best] >= self.threshold else None

    def _candidates(self, sig: bytes) -> np.ndarray:
        keys = band_keys(signature_array(sig))[0]
        starts = np.searchsorted(self.band_table, keys << _SHIFT)
        ends = np.searchsorted(self.band_table, (keys + np.uint64(1)) << _SHIFT)
        loaded = [(self.band_table[s:e] & _LOW).astype(np.int64) for s, e in zip(starts, ends, strict=True) if e > s]
        added = [np.asarray(self.added_keys[int(k)]) for k in keys if int(k) in self.added_keys]
        return np.unique(np.concatenate([*loaded, *added])) if loaded or added else np.empty(0, dtype=np.int64)

    def _signatures_of(self, rows: np.ndarray) -> np.ndarray:
        loaded = len(self.signatures)
        old = self.signatures[rows[rows < loaded]]
        new = [self.added_signatures[r - loaded] for r in rows[rows >= loaded]]
        return np.concatenate([old, signature_array(new)]) if new else old

    def _add(self, sig: bytes, cluster: str) -> None:
        row = len(self)
        self.added_clusters.append(cluster)
        self.added_signatures.append(sig)
        for key in band_keys(signature_array(sig))[0]:
            self.added_keys.setdefault(int(key), []).append(row)
