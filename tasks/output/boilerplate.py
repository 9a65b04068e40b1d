"""Boilerplate in OUT: the counter's state, committed with each flush, and what it removes from new records.

The sink hands every new document, in accept order (sorted source paths), to Boilerplate.apply with its reprint
cluster: its paragraph keys (made in the workers, tasks/steps/boilerplate.py) are counted first, then every
paragraph whose key is found in at least `min_docs` distinct clusters leaves the record. Each flush commits, with
its records, the keys of its documents (`_state/keys/`), the counts that changed (`_state/counts/`) and the rows of
OUT/boilerplate/ (the boilerplate its documents carried). The key and count files are a journal: at the end of a
run the counter (its two fixed-size filters and its counts) is written as a checkpoint and the journal files it
holds are deleted. A run that opens OUT loads the checkpoint and replays the journal after it, so a crashed run,
run again, counts as one run would have. See docs/dedup.md, section 4.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import IO

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
from tasks.output.write import PlannedFile, publish_file
from tasks.run.crashpoint import crash_point
from tasks.steps.boilerplate import BoilerplateCounter, cluster_key

DEFAULT_MIN_DOCS = 5  # distinct reprint clusters: a quote shared by two or three articles stays (docs/dedup.md)
KEYS_DIR = f"{BOILERPLATE_STATE_DIR}/keys"
COUNTS_DIR = f"{BOILERPLATE_STATE_DIR}/counts"
# The filters and the counts as of some flush, and the names of the key and count files (the journal) they hold:
# written atomically, then those files are deleted. Folded at the end of a run, and as soon as the journal holds
# this many keys (about 70,000 documents, 10 MB): after a flush of a long run, at load after killed runs.
CHECKPOINT = f"{BOILERPLATE_STATE_DIR}/checkpoint.bin"
FOLD_AFTER_KEYS = 2_000_000
_MAGIC = b"reprints-boilerplate-checkpoint-1\n"
_FRAME = 1 << 23  # bits compressed 8 MB at a time: writing or reading costs little beyond the filters
_CODEC = "zstd"  # a young OUT's sparse filters shrink to almost nothing; full ones (fill 0.3-0.4) barely
REMEMBER_CHUNK = 1 << 18


@dataclass
class State:
    """The counter as OUT's committed flushes left it, and the journal it holds: every key and count file present
    (also those a checkpoint holds already but a kill kept from being deleted)."""

    counter: BoilerplateCounter
    journal: set[str]
    journal_keys: int = 0  # in the journal files the checkpoint does not hold

    def fold(self, out: str) -> None:
        """fold_journal, when there is a journal (the counter holding all of it)."""
        if self.journal:
            fold_journal(out, self.counter, self.journal)
        self.journal, self.journal_keys = set(), 0

    def fold_if_long(self, out: str) -> None:
        if self.journal_keys >= FOLD_AFTER_KEYS:
            self.fold(out)


def load_counter(out: str) -> BoilerplateCounter:
    """The counter as OUT's committed flushes left it (load_state's)."""
    return load_state(out).counter


def load_state(out: str) -> State:
    """The checkpoint, plus the journal files it does not hold: their counts (counts only grow: a key's highest is
    its latest) and their documents' keys in the filters. A long journal is folded at once."""
    counter = BoilerplateCounter()
    held = read_checkpoint(out, counter)
    journal = _journal(out)
    for path in _files(out, COUNTS_DIR):
        if os.path.basename(path) not in held:
            _merge_counts(counter, storage.read_table(path))
    replayed = sum(_remember(counter, path) for path in _files(out, KEYS_DIR) if os.path.basename(path) not in held)
    state = State(counter, journal, replayed)
    state.fold_if_long(out)
    return state


def fold_journal(out: str, counter: BoilerplateCounter, journal: set[str]) -> None:
    """Make `counter` (which holds every file of `journal`) the checkpoint, then delete those files. Killed before
    the checkpoint's rename, the old checkpoint and the whole journal are still there; after it, the new checkpoint
    names the files it holds, so a load skips those left over and the next fold deletes them."""
    write_checkpoint(out, counter, journal)
    crash_point("boilerplate_fold")
    drop_journal(out, journal)


def drop_journal(out: str, names: set[str]) -> None:
    for folder in (KEYS_DIR, COUNTS_DIR):
        for name in sorted(names):
            path = os.path.join(out, folder, name)
            if storage.exists(path):
                storage.remove(path)
        if storage.isdir(os.path.join(out, folder)):
            storage.sync_folder(os.path.join(out, folder))


def write_checkpoint(out: str, counter: BoilerplateCounter, holds: set[str]) -> None:
    """The checkpoint file: a header (the filters' shape, the journal files it holds, each frame's size), then the
    filters' bits and the counts, in zstd frames; staged, synced and renamed into place (tasks/output/write.py)."""
    keys = np.fromiter(counter.counts, dtype=np.uint64, count=len(counter.counts))
    documents = np.fromiter(counter.counts.values(), dtype=np.int32, count=len(counter.counts))
    pieces = [*_bit_frames(counter), keys, documents]
    header = {
        "shape": _shape(counter),
        "counts": len(keys),
        "holds": sorted(holds),
        "frames": [piece.nbytes for piece in pieces],
    }

    def content() -> Iterator[bytes]:
        encoded = json.dumps(header).encode("utf-8")
        yield _MAGIC + len(encoded).to_bytes(8, "little") + encoded
        for piece in pieces:  # one frame compressed at a time
            frame = pa.compress(piece, codec=_CODEC, asbytes=True)
            yield len(frame).to_bytes(8, "little") + frame

    publish_file(out, CHECKPOINT, content(), before_rename=lambda: crash_point("boilerplate_checkpoint"))


def read_checkpoint(out: str, counter: BoilerplateCounter) -> set[str]:
    """Load the checkpoint into `counter` (as built, empty); the journal files it holds (none without one)."""
    path = os.path.join(out, CHECKPOINT)
    if not storage.exists(path):
        return set()
    with storage.open_file(path, "rb") as handle:
        header = _read_header(handle)
        if header["shape"] != _shape(counter):
            raise ValueError(f"{path} was written for filters of another shape ({header['shape']}): rebuild OUT's state")
        frames = iter(header["frames"])
        for target in _bit_frames(counter):
            target[:] = np.frombuffer(_read_frame(handle, next(frames)), dtype=np.uint8)
        keys = np.frombuffer(_read_frame(handle, next(frames)), dtype=np.uint64)
        documents = np.frombuffer(_read_frame(handle, next(frames)), dtype=np.int32)
    counter.counts = dict(zip(keys.tolist(), documents.tolist(), strict=True))
    return set(header["holds"])


def _bit_frames(counter: BoilerplateCounter) -> list[np.ndarray]:
    """Views of the filters' bits, _FRAME bytes each: `pairs` first."""
    filters = (counter.pairs.bits, counter.seen.bits)
    return [bits[start : start + _FRAME] for bits in filters for start in range(0, len(bits), _FRAME)]


def _shape(counter: BoilerplateCounter) -> dict[str, int]:
    """What must match for a checkpoint's bits to mean the same: sizes, probes and seeds of the filters."""
    return {
        "pairs_bits": len(counter.pairs.bits) * 8,
        "pairs_probes": len(counter.pairs.steps),
        "pairs_seed": int(counter.pairs.seed),
        "seen_bits": len(counter.seen.bits) * 8,
        "seen_probes": len(counter.seen.steps),
        "seen_seed": int(counter.seen.seed),
    }


def _read_header(handle: IO[bytes]) -> dict:
    if handle.read(len(_MAGIC)) != _MAGIC:
        raise ValueError("not a reprints boilerplate checkpoint")
    return json.loads(handle.read(int.from_bytes(handle.read(8), "little")))


def _read_frame(handle: IO[bytes], size: int) -> bytes:
    compressed = handle.read(int.from_bytes(handle.read(8), "little"))
    return pa.decompress(compressed, decompressed_size=size, codec=_CODEC, asbytes=True)


def _merge_counts(counter: BoilerplateCounter, counts: pa.Table) -> None:
    for key, documents in zip(counts["key"].to_pylist(), counts["documents"].to_pylist(), strict=True):
        if documents > counter.counts.get(key, 0):
            counter.counts[key] = documents


def _remember(counter: BoilerplateCounter, path: str) -> int:
    """Add one flush's documents to the filters (one flush at a time: memory stays that of the filters)."""
    table = storage.read_table(path)
    lists = table["keys"].combine_chunks()
    keys = pc.list_flatten(lists).to_numpy(zero_copy_only=False).astype(np.uint64)
    clusters = np.repeat(table["cluster"].to_numpy(), pc.list_value_length(lists).to_numpy(zero_copy_only=False))
    for start in range(0, len(keys), REMEMBER_CHUNK):  # the probes' positions of a chunk at a time: ~10 MB
        counter.remember(clusters[start : start + REMEMBER_CHUNK].astype(np.uint64), keys[start : start + REMEMBER_CHUNK])
    return len(keys)


def _journal(out: str) -> set[str]:
    return {os.path.basename(path) for folder in (KEYS_DIR, COUNTS_DIR) for path in _files(out, folder)}


def _files(out: str, folder: str) -> list[str]:
    return sorted(storage.glob(os.path.join(out, folder, "*.parquet")))


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
    _state: State | None = None
    keys_rows: list[dict] = field(default_factory=list)
    changed: dict[int, int] = field(default_factory=dict)  # key -> its count, for keys whose count changed since the flush
    listed: dict[int, Listed] = field(default_factory=dict)
    _flushing: tuple[str, int] = ("", 0)  # the flush being committed, and its keys: journal files once it is

    @property
    def counter(self) -> BoilerplateCounter:
        """Loaded on first use: a run with no new document never reads the state."""
        if self._state is None:
            self._state = load_state(self.out)
        return self._state.counter

    def checkpoint(self) -> None:
        """At the end of a run, every document flushed: fold the journal into a new checkpoint. A run that met
        nothing new loads the state only when a killed run left a journal (a listing of two folders otherwise)."""
        if self._state is None and _journal(self.out):
            self._state = load_state(self.out)
        if self._state is not None and not self.keys_rows:
            self._state.fold(self.out)

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
        self._flushing = (name, sum(len(row["keys"]) for row in self.keys_rows))
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
        """The flush is committed: its files join the journal, folded once long (a long run keeps it short)."""
        name, keys = self._flushing
        self.keys_rows, self.changed, self.listed, self._flushing = [], {}, {}, ("", 0)
        if name and self._state is not None:
            self._state.journal.add(name)
            self._state.journal_keys += keys
            self._state.fold_if_long(self.out)


def part_keys(part: Part) -> list[int]:
    """The part's paragraph keys; none (all 0) for a part made without them."""
    return part.keys if len(part.keys) == len(part.paragraphs) else [0] * len(part.paragraphs)


def _without(part: Part, keys: list[int], boilerplate: set[int]) -> Part:
    kept = [paragraph for paragraph, key in zip(part.paragraphs, keys, strict=True) if key not in boilerplate]
    return replace(part, paragraphs=kept, keys=[], boilerplate_paragraphs=len(part.paragraphs) - len(kept))
