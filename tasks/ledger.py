"""What OUT already holds: which documents were ingested and which files were seen.

The ledger is derived from the datasets in OUT themselves (records, duplicates,
quarantine), so it can never disagree with them: a crash between writing
records and writing an index cannot leave a document ingested but unknown.
Only the few columns it needs are read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pyarrow.dataset as ds

DATASETS = ("records", "duplicates", "quarantine")


@dataclass
class Ledger:
    doc_paths: dict[str, str] = field(default_factory=dict)  # doc_id -> source_path of its first file
    source_sha256: dict[str, str] = field(default_factory=dict)  # source_path -> sha256 of its latest bytes

    @classmethod
    def load(cls, out: str) -> Ledger:
        ledger = cls()
        for name in DATASETS:
            table = _read(os.path.join(out, name), name)
            if table is None:
                continue
            paths = table.column("source_path").to_pylist()
            digests = table.column("source_sha256").to_pylist()
            ledger.source_sha256.update((p, d) for p, d in zip(paths, digests, strict=True) if d)
            if name == "records":
                for doc_id, path in zip(table.column("doc_id").to_pylist(), paths, strict=True):
                    ledger.doc_paths.setdefault(doc_id, path)
        return ledger

    def known(self, source_paths: list[str]) -> dict[str, str]:
        return {p: self.source_sha256[p] for p in source_paths if p in self.source_sha256}

    def original_of(self, doc_id: str) -> str | None:
        return self.doc_paths.get(doc_id)

    def add_document(self, doc_id: str, source_path: str, sha256: str) -> None:
        self.doc_paths.setdefault(doc_id, source_path)
        self.source_sha256[source_path] = sha256

    def add_source(self, source_path: str, sha256: str | None) -> None:
        if sha256:
            self.source_sha256[source_path] = sha256


def _read(path: str, name: str):
    if not os.path.isdir(path):
        return None
    columns = ["source_path", "source_sha256"] + (["doc_id"] if name == "records" else [])
    partitioning = "hive" if name == "records" else None
    dataset = ds.dataset(path, format="parquet", partitioning=partitioning)
    return dataset.to_table(columns=columns)
