"""What OUT already holds: which documents were ingested and which files were seen.

The ledger reads OUT's document index (tasks/output/doc_index.py), which is committed
with the records it describes and rebuilt from them when missing, so it never
disagrees with the datasets. It stays small at scale: doc_ids as a sorted array
of 16-byte keys searched by bisection, file paths as one Arrow column looked up
in bulk. The reprint clusters (tasks/steps/reprint_clusters.py) load on first use
only, when a run has a new document to place, from their cache in OUT
(tasks/output/reprint_cache.py). Exact: no probabilistic filter.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tasks.model import Quarantined
from tasks.output import doc_index, reprint_cache, storage
from tasks.output.schema import PIPELINE_VERSION
from tasks.steps.reprint_clusters import ReprintIndex

EXACT_COLUMNS = ["source_path", "source_sha256", "outcome", "doc_id", "seen_at", "pipeline_version"]
VERDICT_COLUMNS = ["source_path", "reason", "detail", "source_sha256", "size_bytes", "pipeline_version", "quarantined_at"]

# reason, detail, source_sha256, size_bytes, pipeline_version of a quarantine row
Verdict = tuple[str, str, str | None, int | None, str]


def verdict_of(item: Quarantined) -> Verdict:
    """What a quarantine row of this run says of a file: a retried file whose verdict is this again adds no row.
    Another version's same verdict is not this one's: its new row tells the next run not to try the file again."""
    return item.reason, item.detail, item.source_sha256, item.size_bytes, PIPELINE_VERSION


@dataclass
class Ledger:
    out: str
    paths: pa.ChunkedArray  # source_path of every index row
    digests: pa.ChunkedArray  # its sha256 (32 bytes; null where the outcome was no verdict on the bytes)
    seen_at: pa.ChunkedArray  # when the row's run handled the file
    outcomes: pa.ChunkedArray  # record, duplicate or quarantine
    versions: pa.ChunkedArray  # of a quarantine row, the version that gave its verdict (null: one before 0.2.0)
    doc_keys: np.ndarray  # sorted 16-byte doc_ids of the documents in OUT/records
    doc_rows: np.ndarray  # the index row of each of them
    added_docs: dict[str, str] = field(default_factory=dict)  # doc_id -> source_path, this run
    seen: dict[str, set[str]] = field(default_factory=dict)  # source_path -> sha256 hex of its handled bytes
    handled_now: dict[str, str | None] = field(default_factory=dict)  # source_path -> sha256 this run handled (None: no verdict)
    quarantined_last: dict[str, Verdict] = field(default_factory=dict)  # path -> its latest quarantine row, if retried
    quarantined_before: set[str] = field(default_factory=set)  # paths whose latest outcome in OUT is a quarantine
    _reprints: ReprintIndex | None = None

    @classmethod
    def load(cls, out: str) -> Ledger:
        doc_index.repair(out)
        table = doc_index.read_index(out, EXACT_COLUMNS)
        records = np.flatnonzero(pc.equal(table["outcome"], "record").to_numpy(zero_copy_only=False)).astype(np.int32)
        keys = doc_index.fixed_width(table["doc_id"]).view("S16")[records]
        order = np.argsort(keys).astype(np.int32)
        return cls(
            out=out,
            paths=table["source_path"],
            digests=table["source_sha256"],
            seen_at=table["seen_at"],
            outcomes=table["outcome"],
            versions=table["pipeline_version"],
            doc_keys=keys[order],
            doc_rows=records[order].astype(np.int32),
        )

    def known(self, source_paths: list[str], retry_quarantined: bool = False) -> dict[str, frozenset[str]]:
        """The sha256 of what OUT last handled of each of these paths, if it was a verdict (one pass over the index).

        The latest only: a file changed back to bytes handled before is handled again, so that what OUT last
        says of a path is what the file holds now (version one, two, then one again once stayed at two).
        A quarantine is a verdict when its reason is one on the bytes and this version gave it, unless
        `retry_quarantined`: then every file whose latest outcome is a quarantine is tried again.
        """
        wanted = pa.array(source_paths, pa.string())
        mask = pc.is_in(self.paths, value_set=wanted)
        latest: dict[str, tuple[int, bytes | None, str, str | None]] = {}
        times = self.seen_at.filter(mask).cast(pa.int64())  # microseconds: no datetime object per row
        columns = (self.paths, self.digests, self.outcomes, self.versions)
        paths, digests, outcomes, versions = (column.filter(mask).to_pylist() for column in columns)
        for path, seen_at, sha, outcome, version in zip(paths, times.to_pylist(), digests, outcomes, versions, strict=True):
            if sha:
                self.seen.setdefault(path, set()).add(sha.hex())
            if path not in latest or seen_at >= latest[path][0]:
                latest[path] = (seen_at, sha, outcome, version)
        quarantined = {path: (sha, version) for path, (_, sha, outcome, version) in latest.items() if outcome == "quarantine"}
        self.quarantined_before |= quarantined.keys()
        retried = [
            path
            for path, (sha, version) in quarantined.items()
            if sha is None or version != PIPELINE_VERSION or retry_quarantined
        ]
        self.quarantined_last |= self._last_verdicts(retried)
        verdicts = {path: sha for path, (_, sha, _, _) in latest.items() if path not in self.quarantined_last}
        digests = {path: sha.hex() if sha else None for path, sha in verdicts.items()}
        wanted_now = set(source_paths) & self.handled_now.keys()
        digests |= {path: self.handled_now[path] for path in wanted_now}
        return {path: frozenset({sha}) for path, sha in digests.items() if sha}

    def _last_verdicts(self, source_paths: list[str]) -> dict[str, Verdict]:
        """The latest quarantine row of each of these paths (read only when a run meets files quarantined before
        for a reason that is retried: the quarantine dataset, not the index, holds reasons and details)."""
        folder = os.path.join(self.out, "quarantine")
        if not source_paths or not storage.isdir(folder):
            return {}
        wanted = pc.field("source_path").isin(pa.array(source_paths, pa.string()))
        table = storage.dataset(folder, format="parquet").to_table(columns=VERDICT_COLUMNS, filter=wanted)
        last: dict[str, tuple] = {}
        for row in table.sort_by("quarantined_at").to_pylist():  # the latest last
            last[row["source_path"]] = tuple(row[name] for name in VERDICT_COLUMNS[1:-1])  # a Verdict
        return last

    def verdict_stands(self, item: Quarantined) -> bool:
        """Whether OUT's latest word on this file is already this quarantine verdict: same reason, detail, bytes
        digest, size and version (asked through known() first). Then a retry that failed the same way adds no row."""
        return self.quarantined_last.get(item.source_path) == verdict_of(item)

    def retried_verdict(self, source_path: str) -> Verdict | None:
        """The quarantine verdict this run tried the file again after (asked through known() first), if any."""
        return self.quarantined_last.get(source_path)

    def was_quarantined(self, source_path: str) -> bool:
        """Whether OUT's latest outcome for this path, before this run, was a quarantine (asked through known() first):
        retried, or read again because its bytes changed."""
        return source_path in self.quarantined_before

    def was_seen(self, source_path: str) -> bool:
        """Whether an earlier run or this one saw this path (asked through known() first)."""
        return source_path in self.seen

    def original_of(self, doc_id: str) -> str | None:
        if doc_id in self.added_docs:
            return self.added_docs[doc_id]
        key = np.array([bytes.fromhex(doc_id)], dtype="S16")
        at = int(np.searchsorted(self.doc_keys, key[0]))
        if at < len(self.doc_keys) and self.doc_keys[at : at + 1] == key:
            return self.paths[int(self.doc_rows[at])].as_py()
        return None

    def add_document(self, doc_id: str, source_path: str, sha256: str) -> None:
        self.added_docs.setdefault(doc_id, source_path)
        self.add_source(source_path, sha256)

    def add_source(self, source_path: str, sha256: str | None) -> None:
        self.handled_now[source_path] = sha256
        if sha256:
            self.seen.setdefault(source_path, set()).add(sha256)

    def close(self) -> None:
        """Close the reprint cache's files, if they were opened."""
        if self._reprints is not None:
            self._reprints.close()

    @property
    def reprints(self) -> ReprintIndex:
        """Reprint clusters of every document in OUT, loaded on first use."""
        if self._reprints is None:
            self._reprints = ReprintIndex(reprint_cache.load(self.out))
        return self._reprints
