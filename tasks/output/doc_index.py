"""The document index in OUT/index/v<N>: what a run loads to know what OUT already holds.

Each flush commits, in the same atomic unit as its records, duplicates and
quarantine files (tasks/output/write.py), one index file of the same name with one row
per input file: its path and bytes digest, whether it became records, a
duplicate or quarantine, its doc_id, reprint cluster and MinHash signature, and
the version of reprints that gave a quarantine verdict.
The index holds nothing the datasets do not: a flush whose index file is
missing (deleted, or written under an older INDEX_VERSION) gets it rebuilt
from its own data files when OUT is opened, an index file whose flush has
no data files any more is removed, and so is the index of another version.
Binary ids keep it small: 16 bytes a doc_id.
"""

from __future__ import annotations

import os

import numpy as np
import pyarrow as pa
import pyarrow.dataset as ds

from tasks.output import storage
from tasks.output.schema import INDEX_DIR, INDEX_SCHEMA, REPRINT_CACHE_DIR, RETRY_NEXT_RUN
from tasks.output.write import PlannedFile, commit
from tasks.steps.reprint_clusters import signature

DATA_DIRS = ("records/language=*", "duplicates", "quarantine")
RECORD_COLUMNS = ["doc_id", "source_path", "source_sha256", "reprint_cluster", "ingested_at", "part_index"]


def index_table(documents: list[dict], duplicates: pa.Table | None, quarantine: pa.Table | None) -> pa.Table:
    """Index rows for one flush: its documents' rows (document_row) and rows for its duplicates and quarantine."""
    rows = list(documents)
    for row in duplicates.to_pylist() if duplicates is not None else []:
        rows.append(_row(row["source_path"], row["source_sha256"], "duplicate", row["detected_at"], row["doc_id"]))
    for row in quarantine.to_pylist() if quarantine is not None else []:
        # a reason that may not hold next time is no verdict on the bytes: without a digest, the file is tried again
        verdict = row["source_sha256"] if row["reason"] not in RETRY_NEXT_RUN else None
        rows.append(_row(row["source_path"], verdict, "quarantine", row["quarantined_at"], version=row["pipeline_version"]))
    return pa.Table.from_pylist(rows, schema=INDEX_SCHEMA)


def document_row(doc_id: str, source_path: str, sha256: str, cluster: str, minhash: bytes | None, seen_at) -> dict:
    """The index row of a document that became records."""
    return _row(source_path, sha256, "record", seen_at, doc_id, cluster, minhash)


def _record_rows(records: list[pa.Table]) -> list[dict]:
    """One row per document of these record tables; its signature covers its parts' paragraphs in part order, as at ingest."""
    parts = sorted(
        (row for table in records for row in table.select([*RECORD_COLUMNS, "paragraphs"]).to_pylist()),
        key=lambda r: (r["doc_id"], r["part_index"]),
    )
    documents: dict[str, dict] = {}
    paragraphs: dict[str, list[str]] = {}
    for part in parts:
        documents.setdefault(part["doc_id"], part)
        paragraphs.setdefault(part["doc_id"], []).extend(part["paragraphs"] or [])
    rows = []
    for doc_id, doc in documents.items():
        path, sha256, cluster, seen_at = doc["source_path"], doc["source_sha256"], doc["reprint_cluster"], doc["ingested_at"]
        rows.append(document_row(doc_id, path, sha256, cluster, signature(paragraphs[doc_id]), seen_at))
    return rows


def _row(path, sha256, outcome, seen_at, doc_id=None, cluster=None, minhash=None, version=None) -> dict:
    return {
        "source_path": path,
        "source_sha256": bytes.fromhex(sha256) if sha256 else None,
        "outcome": outcome,
        "doc_id": bytes.fromhex(doc_id) if doc_id else None,
        "reprint_cluster": bytes.fromhex(cluster) if cluster else None,
        "minhash": minhash,
        "seen_at": seen_at,
        "pipeline_version": version,
    }


def repair(out: str) -> list[str]:
    """Rebuild missing index files from their flushes' data files, drop orphans; returns the flushes rebuilt."""
    data = _data_files(out)
    indexed = index_files(out)
    for name in indexed.keys() - data.keys():
        storage.remove(indexed[name])
    missing = sorted(data.keys() - indexed.keys())
    for name in missing:
        commit(out, [PlannedFile(_rebuild(data[name]), f"{INDEX_DIR}/{name}")], {"reprints.index_rebuilt": "true"})
    _remove_other_versions(out)
    return missing


def index_files(out: str) -> dict[str, str]:
    """Index file name -> its location."""
    return {os.path.basename(p): p for p in storage.glob(os.path.join(out, INDEX_DIR, "*.parquet"))}


def _remove_other_versions(out: str) -> None:
    """An index of another INDEX_VERSION, and its cache, are never read again: their signatures differ from ours."""
    current = {os.path.basename(INDEX_DIR), os.path.basename(REPRINT_CACHE_DIR)}
    for folder in storage.glob(os.path.join(out, "index", "*")):
        if os.path.basename(folder.rstrip("/")) not in current:
            storage.rmtree(folder)


def _data_files(out: str) -> dict[str, list[str]]:
    """Flush file name -> its data files (one per language, duplicates, quarantine)."""
    files: dict[str, list[str]] = {}
    for pattern in DATA_DIRS:
        for path in storage.glob(os.path.join(out, pattern, "*.parquet")):
            files.setdefault(os.path.basename(path), []).append(path)
    return files


def _rebuild(paths: list[str]) -> pa.Table:
    def read(folder: str) -> list[pa.Table]:
        return [storage.read_table(p) for p in paths if os.path.basename(os.path.dirname(p)).startswith(folder)]

    duplicates, quarantine = read("duplicates"), read("quarantine")
    documents = _record_rows(read("language="))
    return index_table(documents, duplicates[0] if duplicates else None, quarantine[0] if quarantine else None)


def read_index(out: str, columns: list[str], where: ds.Expression | None = None, files: list[str] | None = None) -> pa.Table:
    """The index's `columns`, of the rows `where` selects (all by default), from all its files or these local ones."""
    folder = os.path.join(out, INDEX_DIR)
    if files is not None:
        dataset = ds.dataset(files, format="parquet", schema=INDEX_SCHEMA)
    elif storage.isdir(folder):
        dataset = storage.dataset(folder, format="parquet", schema=INDEX_SCHEMA)
    else:
        return INDEX_SCHEMA.empty_table().select(columns)
    # The system allocator returns what the Parquet decoder frees; mimalloc (pyarrow's default) kept ~80 MB
    # of it per million rows at run start (bench/doc_index.py).
    return dataset.to_table(columns=columns, filter=where, memory_pool=pa.system_memory_pool())


def fixed_width(column: pa.ChunkedArray) -> np.ndarray:
    """A fixed-size binary column as one numpy byte buffer (null slots included), without per-row Python objects."""
    array = column.combine_chunks()
    size = array.type.byte_width
    if not len(array):
        return np.empty(0, dtype=np.uint8)
    return np.frombuffer(array.buffers()[1], dtype=np.uint8)[array.offset * size : (array.offset + len(array)) * size]
