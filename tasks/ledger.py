"""What OUT already holds: which documents were ingested and which files were seen.

The ledger reads OUT's document index (tasks/doc_index.py), which is committed
with the records it describes and rebuilt from them when missing, so it never
disagrees with the datasets. It stays small at scale: doc_ids as a sorted array
of 16-byte keys searched by bisection, file paths as one Arrow column looked up
in bulk. The reprint clusters (tasks/near_duplicates.py) load on first use
only, when a run has a new document to place. Exact: no probabilistic filter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tasks import doc_index
from tasks.near_duplicates import PERMUTATIONS, ReprintIndex

EXACT_COLUMNS = ["source_path", "source_sha256", "outcome", "doc_id", "seen_at"]


@dataclass
class Ledger:
    out: str
    doc_keys: np.ndarray  # sorted 16-byte doc_ids of the documents in OUT/records
    doc_paths: pa.Array  # source_path of each of them, in doc_keys order
    paths: pa.Array  # source_path of every index row
    digests: pa.Array  # its sha256 (32 bytes, or null)
    seen_at: pa.Array
    added_docs: dict[str, str] = field(default_factory=dict)  # doc_id -> source_path, this run
    seen: dict[str, str] = field(default_factory=dict)  # source_path -> sha256 hex, answered or added this run
    _reprints: ReprintIndex | None = None

    @classmethod
    def load(cls, out: str) -> Ledger:
        doc_index.repair(out)
        table = doc_index.read_index(out, EXACT_COLUMNS)
        records = table.filter(pc.equal(table["outcome"], "record"))
        keys = _fixed_width(records["doc_id"]).view("S16")
        order = np.argsort(keys, kind="stable")
        return cls(
            out=out,
            doc_keys=keys[order],
            doc_paths=records["source_path"].combine_chunks().take(pa.array(order)),
            paths=table["source_path"].combine_chunks(),
            digests=table["source_sha256"].combine_chunks(),
            seen_at=table["seen_at"].combine_chunks(),
        )

    def known(self, source_paths: list[str]) -> dict[str, str]:
        """The latest sha256 OUT holds for each of these paths that it has seen (one pass over the index)."""
        wanted = pa.array(source_paths, pa.string())
        mask = pc.is_in(self.paths, value_set=wanted)
        hits = pa.table({"path": self.paths.filter(mask), "sha": self.digests.filter(mask), "at": self.seen_at.filter(mask)})
        latest = {row["path"]: row["sha"] for row in hits.sort_by("at").to_pylist() if row["sha"]}
        answer = {path: sha.hex() for path, sha in latest.items()}
        answer.update({p: self.seen[p] for p in source_paths if p in self.seen})
        self.seen.update(answer)
        return answer

    def was_seen(self, source_path: str) -> bool:
        """Whether an earlier run or this one saw this path (asked through known() first)."""
        return source_path in self.seen

    def original_of(self, doc_id: str) -> str | None:
        if doc_id in self.added_docs:
            return self.added_docs[doc_id]
        key = np.array([bytes.fromhex(doc_id)], dtype="S16")
        at = int(np.searchsorted(self.doc_keys, key[0]))
        if at < len(self.doc_keys) and self.doc_keys[at : at + 1] == key:
            return self.doc_paths[at].as_py()
        return None

    def add_document(self, doc_id: str, source_path: str, sha256: str) -> None:
        self.added_docs.setdefault(doc_id, source_path)
        self.seen[source_path] = sha256

    def add_source(self, source_path: str, sha256: str | None) -> None:
        if sha256:
            self.seen[source_path] = sha256

    @property
    def reprints(self) -> ReprintIndex:
        """Reprint clusters of every document in OUT, loaded on first use."""
        if self._reprints is None:
            table = doc_index.read_index(self.out, ["reprint_cluster", "minhash"], records_only=True)
            table = table.filter(pc.is_valid(table["minhash"]))
            signatures = _fixed_width(table["minhash"]).view("<u2").reshape(-1, PERMUTATIONS)
            self._reprints = ReprintIndex.build(signatures, _fixed_width(table["reprint_cluster"]).view("S16"))
        return self._reprints


def _fixed_width(column: pa.ChunkedArray) -> np.ndarray:
    """A fixed-size binary column without nulls as one numpy byte buffer, without per-row Python objects."""
    array = column.combine_chunks()
    size = array.type.byte_width
    if not len(array):
        return np.empty(0, dtype=np.uint8)
    return np.frombuffer(array.buffers()[1], dtype=np.uint8)[array.offset * size : (array.offset + len(array)) * size]
