"""The reprint clusters of the documents in OUT, kept on disk for the next runs.

Building the LSH band table of a million documents in memory takes seconds and
about 1 GB (bench/doc_index.py --reprints), yet a run needs it only to place
its new documents, and OUT changes by a few flushes a run. So the first use
writes OUT/REPRINT_CACHE_DIR: every signed record's signature and cluster,
their sorted band table, and a directory of where each range of band keys
starts in it, as raw arrays, then the names of the index files they came from
(COVERED, written last: a cache without it is incomplete and ignored).

Later runs load the clusters and the directory (about 30 bytes a document) and read
the rest with one pread per band of each new document, plus one per candidate
signature: the kernel's page cache holds what is hot, and the process's memory
stays flat however many documents it places (a memory map would count every
page touched, and their neighbours, as the process's own). The index files
written since the cache are loaded into memory beside it. The cache is written
again when those hold more than a tenth as many documents as it does, when
an index file it covers is gone (compacted or removed), or when its arrays'
sizes disagree (cut short). It holds nothing
the index does not: deleting it is always safe. A remote OUT (s3://...) gets
no cache: there the clusters are built in memory each run. Writing happens
under the run lock, like every write to OUT.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
import pyarrow.dataset as ds

from tasks.output import doc_index, storage
from tasks.output.schema import MINHASH_BANDS, REPRINT_CACHE_DIR
from tasks.steps.reprint_clusters import PERMUTATIONS, SIGNATURE_BYTES, Documents, Segment, band_entries

COVERED = "covered.json"
REBUILD_SHARE = 0.1  # documents outside the cache, as a share of those in it, from which it is written again
ENTRIES_PER_BUCKET = 32  # band table entries per directory bucket, about: one pread of ~256 bytes a band
SIGNED = (ds.field("outcome") == "record") & ds.field("minhash").is_valid()
ENTRY = np.dtype("<u8")


def load(out: str) -> list[Documents]:
    """Every signed record of OUT's index: the cache, then the index files it lacks, in memory."""
    if storage.is_remote(out):
        return [_read(out, None)]
    files = doc_index.index_files(out)
    folder = os.path.join(out, REPRINT_CACHE_DIR)
    covered = _covered(folder)
    if covered is None or not covered <= files.keys() or not _consistent(folder):
        return [_write(out, folder, files)]
    cached = CachedDocuments.open(folder)
    newer = sorted(files.keys() - covered)
    tail = _read(out, [files[name] for name in newer]) if newer else None
    if tail is None or not len(tail):
        return [cached]
    if len(tail) > REBUILD_SHARE * len(cached):
        return [_write(out, folder, files)]
    return [cached, tail]


@dataclass(frozen=True)
class CachedDocuments:
    """The cache of OUT/REPRINT_CACHE_DIR: clusters and bucket directory in memory, the rest read on demand."""

    clusters: np.ndarray  # (n,) S16
    buckets: np.ndarray  # 2^k + 1 offsets: entries whose band key's top k bits are b sit at [buckets[b], buckets[b+1])
    bands: BinaryIO  # the sorted band table (tasks/steps/reprint_clusters.py band_entries), uint64 entries
    signatures: BinaryIO  # (n, PERMUTATIONS) uint16

    @classmethod
    def open(cls, folder: str) -> CachedDocuments:
        def path(name: str) -> str:
            return os.path.join(folder, name)

        clusters = np.fromfile(path("clusters"), dtype="S16")
        buckets = np.fromfile(path("buckets"), dtype=ENTRY)
        return cls(clusters, buckets, open(path("bands"), "rb"), open(path("signatures"), "rb"))

    def __len__(self) -> int:
        return len(self.clusters)

    def candidates(self, keys: np.ndarray) -> np.ndarray:
        bucket = keys >> np.uint64(32 - _bits(len(self.buckets) - 1))
        starts, ends = self.buckets[bucket].tolist(), self.buckets[bucket + np.uint64(1)].tolist()
        size, fd = ENTRY.itemsize, self.bands.fileno()
        entries = np.frombuffer(
            b"".join(os.pread(fd, (e - s) * size, s * size) for s, e in zip(starts, ends, strict=True) if e > s), ENTRY
        )
        wanted = np.repeat(keys, np.subtract(ends, starts))  # each entry's own band key, as asked
        return (entries[(entries >> np.uint64(32)) == wanted] & np.uint64(0xFFFFFFFF)).astype(np.int64)

    def signatures_of(self, rows: np.ndarray) -> np.ndarray:
        read = (os.pread(self.signatures.fileno(), SIGNATURE_BYTES, int(row) * SIGNATURE_BYTES) for row in rows)
        return np.frombuffer(b"".join(read), dtype="<u2").reshape(-1, PERMUTATIONS)

    def close(self) -> None:
        self.bands.close()
        self.signatures.close()


def _bits(buckets: int) -> int:
    return buckets.bit_length() - 1


def _read(out: str, files: list[str] | None) -> Segment:
    """The signed records of these index files (all by default), in memory."""
    return Segment.build(*_signed(out, files))


def _signed(out: str, files: list[str] | None) -> tuple[np.ndarray, np.ndarray]:
    """(n, PERMUTATIONS) signatures and (n,) clusters of the signed records of these index files."""
    table = doc_index.read_index(out, ["reprint_cluster", "minhash"], SIGNED, files)
    signatures = doc_index.fixed_width(table["minhash"]).view("<u2").reshape(-1, PERMUTATIONS)
    return signatures, doc_index.fixed_width(table["reprint_cluster"]).view("S16")


def _covered(folder: str) -> set[str] | None:
    try:
        with open(os.path.join(folder, COVERED), encoding="utf-8") as handle:
            return set(json.load(handle))
    except (OSError, ValueError):
        return None


def _consistent(folder: str) -> bool:
    """Whether the arrays' sizes agree: a cache cut short (a disk full, a copy interrupted) is written again."""
    documents = os.path.getsize(os.path.join(folder, "clusters")) // 16
    entries = documents * MINHASH_BANDS
    sizes = {name: os.path.getsize(os.path.join(folder, name)) for name in ("signatures", "clusters", "bands")}
    buckets = np.fromfile(os.path.join(folder, "buckets"), dtype=ENTRY)
    expected = {"signatures": documents * SIGNATURE_BYTES, "clusters": documents * 16, "bands": entries * ENTRY.itemsize}
    return sizes == expected and len(buckets) > 1 and int(buckets[-1]) == entries


def _write(out: str, folder: str, files: dict[str, str]) -> CachedDocuments:
    """Writes the cache of these index files, reading one at a time, and opens it.

    Only the band table is ever whole in memory (8 bytes a band and document, sorted in place).
    """
    os.makedirs(folder, exist_ok=True)
    if os.path.exists(os.path.join(folder, COVERED)):
        os.remove(os.path.join(folder, COVERED))
    names = sorted(files)
    paths = [files[name] for name in names]
    # Room for every index row; the pages past the signed records' entries are never touched, so never resident.
    table = np.empty(ds.dataset(paths, format="parquet").count_rows() * MINHASH_BANDS, dtype=ENTRY)
    rows = 0
    with open(_partial(folder, "signatures"), "wb") as signatures, open(_partial(folder, "clusters"), "wb") as clusters:
        for path in paths:
            document_signatures, document_clusters = _signed(out, [path])
            signatures.write(document_signatures.tobytes())
            clusters.write(document_clusters.tobytes())
            table[rows * MINHASH_BANDS : (rows + len(document_clusters)) * MINHASH_BANDS] = band_entries(
                document_signatures, rows
            )
            rows += len(document_clusters)
        storage.sync(signatures, folder)
        storage.sync(clusters, folder)
    table = table[: rows * MINHASH_BANDS]
    table.sort()
    _save(folder, "bands", table)
    _save(folder, "buckets", _bucket_directory(table))
    del table
    _save(folder, COVERED, json.dumps(names).encode())
    for name in ("signatures", "clusters", "bands", "buckets", COVERED):  # COVERED last: the cache is whole
        os.replace(_partial(folder, name), os.path.join(folder, name))
    storage.sync_folder(folder)
    return CachedDocuments.open(folder)


def _save(folder: str, name: str, data: bytes | np.ndarray) -> None:
    """Writes a partial file durably (an array through its buffer, without a copy)."""
    with open(_partial(folder, name), "wb") as handle:
        handle.write(data)  # type: ignore[arg-type]  # an ndarray is a buffer: numpy declares __buffer__ for Python >= 3.12 only
        storage.sync(handle, folder)


def _bucket_directory(table: np.ndarray) -> np.ndarray:
    """Where each range of band keys starts in the sorted table: 2^k ranges of the key's top k bits."""
    bits = min(24, max(1, int(np.ceil(np.log2(max(len(table), 1) / ENTRIES_PER_BUCKET)))))
    lowest_entry = np.arange(2**bits, dtype=np.uint64) << np.uint64(64 - bits)
    return np.append(np.searchsorted(table, lowest_entry), len(table)).astype(ENTRY)


def _partial(folder: str, name: str) -> str:
    return os.path.join(folder, name + ".partial")
