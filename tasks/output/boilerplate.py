"""Boilerplate in OUT: the counter's state, committed with each flush, and what it removes from new records.

The sink hands every new document, in accept order (sorted source paths), to Boilerplate.apply with its reprint
cluster: its paragraph keys (made in the workers, tasks/steps/boilerplate.py) are counted first, then every
paragraph whose key is found in at least `min_docs` distinct clusters leaves the record. Each flush commits, with
its records, the keys of its documents (`_state/keys/`), the counts that changed (`_state/counts/`) and the rows of
OUT/boilerplate/ (the boilerplate its documents carried): a run that opens OUT rebuilds the counter from them, so a
crashed run, run again, counts as one run would have. See docs/dedup.md, section 4.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tasks.model import CleanDocument, Part
from tasks.output import storage
from tasks.output.schema import (
    BOILERPLATE_COUNTS_SCHEMA,
    BOILERPLATE_KEYS_SCHEMA,
    BOILERPLATE_SCHEMA,
    BOILERPLATE_STATE_DIR,
    PIPELINE_VERSION,
)
from tasks.output.write import PlannedFile
from tasks.steps.boilerplate import BoilerplateCounter, cluster_key

DEFAULT_MIN_DOCS = 5  # distinct reprint clusters: a quote shared by two or three articles stays (docs/dedup.md)
KEYS_DIR = f"{BOILERPLATE_STATE_DIR}/keys"
COUNTS_DIR = f"{BOILERPLATE_STATE_DIR}/counts"
# The filters rebuilt from the key files, cached once that took many keys (about 60,000 documents): derived, so
# deleting them is always safe. Key files newer than the cache are added to it at load.
FILTER_CACHE = f"{BOILERPLATE_STATE_DIR}/filters.bin"
FILTER_CACHE_COVERS = f"{BOILERPLATE_STATE_DIR}/filters.json"
CACHE_AFTER_KEYS = 2_000_000
REMEMBER_CHUNK = 1 << 18


def load_counter(out: str) -> BoilerplateCounter:
    """The counter as OUT's committed flushes left it: the counts of two or more, and every document's keys in the
    filters (from their cache, plus the key files it does not cover)."""
    counts = _read(out, COUNTS_DIR, BOILERPLATE_COUNTS_SCHEMA)
    latest: dict[int, int] = {}
    if counts.num_rows:  # counts only grow: a key's highest row is its latest
        grouped = counts.group_by("key").aggregate([("documents", "max")])
        latest = dict(zip(grouped["key"].to_pylist(), grouped["documents_max"].to_pylist(), strict=True))
    counter = BoilerplateCounter(latest)
    files = _files(out, KEYS_DIR)
    covered = _read_cache(out, counter, {os.path.basename(f) for f in files})
    replayed = sum(_remember(counter, path) for path in files if os.path.basename(path) not in covered)
    if replayed >= CACHE_AFTER_KEYS and not storage.is_remote(out):
        _write_cache(out, counter, [os.path.basename(f) for f in files])
    return counter


def _remember(counter: BoilerplateCounter, path: str) -> int:
    """Add one flush's documents to the filters (one flush at a time: memory stays that of the filters)."""
    table = storage.read_table(path)
    lists = table["keys"].combine_chunks()
    keys = pc.list_flatten(lists).to_numpy(zero_copy_only=False).astype(np.uint64)
    clusters = np.repeat(table["cluster"].to_numpy(), pc.list_value_length(lists).to_numpy(zero_copy_only=False))
    for start in range(0, len(keys), REMEMBER_CHUNK):  # the probes' positions of a chunk at a time: ~10 MB
        counter.remember(clusters[start : start + REMEMBER_CHUNK].astype(np.uint64), keys[start : start + REMEMBER_CHUNK])
    return len(keys)


def _read_cache(out: str, counter: BoilerplateCounter, files: set[str]) -> set[str]:
    """Load the filters' cache into `counter`; the key files it covers (none without a usable cache)."""
    bits, names = os.path.join(out, FILTER_CACHE), os.path.join(out, FILTER_CACHE_COVERS)
    if storage.is_remote(out) or not os.path.exists(names):
        return set()
    covered = set(json.loads(Path(names).read_text(encoding="utf-8")))
    size = len(counter.pairs.bits) + len(counter.seen.bits)
    if not covered <= files or not os.path.exists(bits) or os.path.getsize(bits) != size:
        return set()  # a key file it covered is gone, or it was cut short: rebuilt from the key files
    cached = np.fromfile(bits, dtype=np.uint8)
    counter.pairs.bits[:], counter.seen.bits[:] = cached[: len(counter.pairs.bits)], cached[len(counter.pairs.bits) :]
    return covered


def _write_cache(out: str, counter: BoilerplateCounter, files: list[str]) -> None:
    """The filters' bits, then the names of the key files they hold (last: the cache is complete once it exists)."""
    bits, names = os.path.join(out, FILTER_CACHE), os.path.join(out, FILTER_CACHE_COVERS)
    with contextlib.suppress(FileNotFoundError):
        os.remove(names)
    os.makedirs(os.path.dirname(bits), exist_ok=True)
    np.concatenate([counter.pairs.bits, counter.seen.bits]).tofile(bits + ".tmp")
    os.replace(bits + ".tmp", bits)
    Path(names + ".tmp").write_text(json.dumps(sorted(files)), encoding="utf-8")
    os.replace(names + ".tmp", names)


def _files(out: str, folder: str) -> list[str]:
    return sorted(storage.glob(os.path.join(out, folder, "*.parquet")))


def _read(out: str, folder: str, schema: pa.Schema) -> pa.Table:
    tables = [storage.read_table(path) for path in _files(out, folder)]
    return pa.concat_tables([t.cast(schema) for t in tables]) if tables else schema.empty_table()


@dataclass
class Listed:
    """A boilerplate key as this flush met it: one of its paragraphs, and how many this flush removed."""

    paragraph: str
    language: str
    removed: int = 0


@dataclass
class Boilerplate:
    """Counts each new document's paragraph keys and removes its boilerplate; buffers the rows of the next flush."""

    out: str
    min_docs: int = DEFAULT_MIN_DOCS  # 0: count, remove nothing
    run_id: str = ""
    _counter: BoilerplateCounter | None = None
    keys_rows: list[dict] = field(default_factory=list)
    changed: dict[int, int] = field(default_factory=dict)  # key -> its count, for keys whose count changed since the flush
    listed: dict[int, Listed] = field(default_factory=dict)

    @property
    def counter(self) -> BoilerplateCounter:
        """Loaded on first use: a run with no new document never reads the state."""
        if self._counter is None:
            self._counter = load_counter(self.out)
        return self._counter

    def apply(self, doc: CleanDocument, cluster: str) -> CleanDocument:
        """Count the document's keys for its cluster; the document without its boilerplate paragraphs."""
        keys = [part_keys(part) for part in doc.parts]
        distinct = sorted({key for part in keys for key in part if key})
        self.keys_rows.append({"cluster": cluster_key(cluster), "keys": [key & 0xFFFFFFFF for key in distinct]})
        self.changed |= self.counter.add_document(cluster_key(cluster), distinct)
        if self.min_docs < 2:
            return doc
        boilerplate = {key for key in distinct if self.counter.count(key) >= self.min_docs}
        if not boilerplate:
            return doc
        parts = [_without(part, part_keys_, boilerplate) for part, part_keys_ in zip(doc.parts, keys, strict=True)]
        kept = [part for part in parts if part.paragraphs]
        if not kept:  # every paragraph is boilerplate: the document is kept whole rather than lost
            return doc
        for part, part_keys_ in zip(doc.parts, keys, strict=True):
            for paragraph, key in zip(part.paragraphs, part_keys_, strict=True):
                if key in boilerplate:
                    self.listed.setdefault(key, Listed(paragraph, part.language)).removed += 1
        # a part left empty (an English footer after a Chinese article) goes; what it lost is counted on the first part
        kept[0].boilerplate_paragraphs += sum(part.boilerplate_paragraphs for part in parts if not part.paragraphs)
        return replace(doc, parts=kept)

    def files(self, name: str, now: datetime) -> list[PlannedFile]:
        """This flush's files: its documents' keys, the counts that changed, the boilerplate it removed."""
        if not self.keys_rows:
            return []
        files = [PlannedFile(pa.Table.from_pylist(self.keys_rows, schema=BOILERPLATE_KEYS_SCHEMA), f"{KEYS_DIR}/{name}")]
        if self.changed:
            counts = {"key": list(self.changed), "documents": list(self.changed.values())}
            files.append(PlannedFile(pa.table(counts, schema=BOILERPLATE_COUNTS_SCHEMA), f"{COUNTS_DIR}/{name}"))
        if self.listed:
            files.append(PlannedFile(self._listed_table(now), f"boilerplate/{name}"))
        return files

    def _listed_table(self, now: datetime) -> pa.Table:
        rows = [
            {
                "key": key,
                "paragraph": listed.paragraph,
                "language": listed.language,
                "documents": self.counter.count(key),
                "removed": listed.removed,
                "min_docs": self.min_docs,
                "updated_at": now,
                "run_id": self.run_id,
                "pipeline_version": PIPELINE_VERSION,
            }
            for key, listed in sorted(self.listed.items())
        ]
        return pa.Table.from_pylist(rows, schema=BOILERPLATE_SCHEMA)

    def flushed(self) -> None:
        self.keys_rows, self.changed, self.listed = [], {}, {}


def part_keys(part: Part) -> list[int]:
    """The part's paragraph keys; none (all 0) for a part made without them."""
    return part.keys if len(part.keys) == len(part.paragraphs) else [0] * len(part.paragraphs)


def _without(part: Part, keys: list[int], boilerplate: set[int]) -> Part:
    kept = [paragraph for paragraph, key in zip(part.paragraphs, keys, strict=True) if key not in boilerplate]
    return replace(part, paragraphs=kept, keys=[], boilerplate_paragraphs=len(part.paragraphs) - len(kept))
