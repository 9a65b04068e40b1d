"""Fewer, bigger files: merge the small files under OUT, flush by flush.

A flush writes files of one name (part-<run>-<seq>.parquet) into several
directories: each records partition, quarantine/, duplicates/ and the document
index, whose file of that name describes exactly the flush's data files
(tasks/output/doc_index.py). Compaction keeps that correspondence: it groups
consecutive flushes whose files are all small, and merges each group, in every
directory, into one file of one new name (part-compact-<id>-<seq>.parquet), the
index files included, so the merged index file still describes exactly the
merged data files. A group's files stay under `target_bytes` of uncompressed
data in every directory and share one schema there (version and columns), so
no row is rewritten to a schema it was not written with.

Each directory's new version (merged files plus hard links to the files kept)
is built in OUT/.staging and swapped with the live one in a single rename, so a
reader listing a directory finds all of its old files or all of its new ones,
never both and never neither (but pyarrow, which stats each listed name after
listing and skips one gone, can miss the merged-away files: docs/output.md). The swaps of one compaction are committed
together through a manifest (tasks/output/write.py: commit_swaps): a crash leaves them
all done after the next open of OUT, or none.

An object store (s3://, gs://, ...) has no directories to swap: there the
staged directory holds only the merged files, which are moved into the live
directory before the files they replace are deleted (commit_replacements),
through the same kind of manifest. No row is ever missing, but a reader listing
a directory during those moves can see some rows twice (docs/deploy.md).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.parquet as pq

from tasks.output import doc_index, storage
from tasks.output.schema import DATASETS, INDEX_DIR
from tasks.output.write import (
    ROW_GROUP_BYTES,
    STAGING,
    acquire_lock,
    commit_replacements,
    commit_swaps,
    recover,
    release_lock,
    with_file_metadata,
)
from tasks.run.crashpoint import crash_point


@dataclass(frozen=True)
class DataFile:
    name: str
    rows: int
    uncompressed_bytes: int
    schema_version: str
    schema: pa.Schema  # without key-value metadata
    run_id: str

    @property
    def kind(self) -> tuple[str, pa.Schema]:
        """Files merge only with files of the same kind."""
        return self.schema_version, self.schema


@dataclass(frozen=True)
class DirectoryCompaction:
    directory: str  # relative to OUT
    files_before: int
    files_after: int
    rows: int


Flushes = dict[str, dict[str, DataFile]]  # file name -> directory -> its file there


def compact(out: str, target_mb: int) -> list[DirectoryCompaction]:
    """Compact OUT while holding its run lock (raises OutputLocked); one result per directory of data files."""
    lock = acquire_lock(out)
    try:
        recover(out)
        doc_index.repair(out)  # every flush has its index file before index files are merged
        directories = list(data_directories(out))
        flushes: Flushes = {}
        for directory in directories:
            for name in sorted(storage.listdir(os.path.join(out, directory))):
                if _is_data_file(name):
                    flushes.setdefault(name, {})[directory] = describe(os.path.join(out, directory, name))
        groups = plan(flushes, target_mb * 1024 * 1024)
        compaction_id = uuid.uuid4().hex[:8]
        results, replacements = [], []
        for index, directory in enumerate(directories):
            result, staged, replaced = stage_directory(out, directory, flushes, groups, compaction_id, index)
            results.append(result)
            if staged:
                replacements.append((staged, directory, replaced))
        if storage.is_remote(out):
            commit_replacements(out, replacements)
        else:
            commit_swaps(out, [(staged, directory) for staged, directory, _ in replacements])
        return results
    finally:
        release_lock(lock)


def data_directories(out: str) -> Iterator[str]:
    """Directories (relative to OUT) holding data files and no subdirectory (which a swap could not carry over)."""
    for dataset in [*DATASETS, INDEX_DIR]:
        for folder, subfolders, names in storage.walk(os.path.join(out, dataset)):
            leaf = not subfolders
            subfolders[:] = sorted(d for d in subfolders if not _hidden(d))
            if leaf and any(_is_data_file(n) for n in names):
                yield os.path.relpath(folder, out)


def plan(flushes: Flushes, target_bytes: int) -> list[list[str]]:
    """Groups of flushes (by file name) to merge: consecutive by name, every file small, and in every
    directory of one kind and together under the target. A flush with a file at the target stays as it is."""
    groups: list[list[str]] = []
    group: list[str] = []
    sizes: dict[str, int] = {}
    kinds: dict[str, tuple] = {}
    for name in sorted(flushes):
        files = flushes[name]
        small = all(f.uncompressed_bytes < target_bytes for f in files.values())
        fits = small and all(
            sizes.get(d, 0) + f.uncompressed_bytes <= target_bytes and kinds.get(d, f.kind) == f.kind for d, f in files.items()
        )
        if not fits:
            groups.append(group)
            group, sizes, kinds = [], {}, {}
        if small:
            group.append(name)
            for directory, data_file in files.items():
                sizes[directory] = sizes.get(directory, 0) + data_file.uncompressed_bytes
                kinds[directory] = data_file.kind
    groups.append(group)
    return [group for group in groups if len(group) > 1]


def stage_directory(
    out: str, directory: str, flushes: Flushes, groups: list[list[str]], compaction_id: str, index: int
) -> tuple[DirectoryCompaction, str | None, list[str]]:
    """Build the directory's new version in .staging; returns the result, the staged path (None: unchanged) and the
    names of the files the merged ones replace.

    Locally the staged directory is the whole new version (hard links to the files kept), swapped in one rename; on
    an object store it holds the merged files only (see the module's docstring).

    Every group with a file here gets its merged file, even a group of one file, so that the group's
    name is the same in every directory and its index file keeps describing exactly its data files.
    """
    live = os.path.join(out, directory)
    files = [f[directory] for f in flushes.values() if directory in f]
    rows = sum(f.rows for f in files)
    members = [[flushes[name][directory] for name in group if directory in flushes[name]] for group in groups]
    if not any(members):
        return DirectoryCompaction(directory, len(files), len(files), rows), None, []
    staged = os.path.join(STAGING, f"compact-{compaction_id}-{index}")
    storage.makedirs(os.path.join(out, staged))
    merged = {f.name for group in members for f in group}
    if not storage.is_remote(out):
        for name in os.listdir(live):
            if name not in merged:
                os.link(os.path.join(live, name), os.path.join(out, staged, name))
    after = [f for f in files if f.name not in merged]
    for sequence, group in enumerate(members, 1):
        if group:
            target = os.path.join(out, staged, f"part-compact-{compaction_id}-{sequence:05d}.parquet")
            merge(live, group, target, f"compact-{compaction_id}")
            after.append(describe(target))
    if sum(f.rows for f in after) != rows:
        raise RuntimeError(f"compacting {directory} would change its row count; nothing was changed")
    return DirectoryCompaction(directory, len(files), len(after), rows), staged, sorted(merged)


def describe(path: str) -> DataFile:
    metadata = storage.parquet_file(path).metadata
    keys = {k.decode(): v.decode() for k, v in (metadata.metadata or {}).items()}
    return DataFile(
        name=os.path.basename(path),
        rows=metadata.num_rows,
        uncompressed_bytes=sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups)),
        schema_version=keys.get("reprints.schema_version", ""),
        schema=metadata.schema.to_arrow_schema().remove_metadata(),
        run_id=keys.get("reprints.run_id", ""),
    )


def merge(folder: str, group: list[DataFile], target: str, run_id: str) -> None:
    """Stream `group` into one file with row groups of about ROW_GROUP_BYTES; memory stays near one row group."""
    metadata = {
        "reprints.schema_version": group[0].schema_version,
        "reprints.run_id": run_id,
        "reprints.source_runs": ",".join(sorted({f.run_id for f in group})),
    }
    with storage.open_file(target, "wb") as handle:
        with pq.ParquetWriter(handle, with_file_metadata(group[0].schema, metadata), compression="zstd") as writer:
            pending: list[pa.Table] = []
            for table in _row_groups([os.path.join(folder, f.name) for f in group]):
                pending.append(table)
                if sum(t.nbytes for t in pending) >= ROW_GROUP_BYTES:
                    _write_group(writer, pending)
                    pending = []
            if pending:
                _write_group(writer, pending)
        storage.sync(handle, target)


def _row_groups(sources: list[str]) -> Iterator[pa.Table]:
    for path in sources:
        parquet = storage.parquet_file(path)
        for index in range(parquet.num_row_groups):
            yield parquet.read_row_group(index)


def _write_group(writer: pq.ParquetWriter, tables: list[pa.Table]) -> None:
    """One row group from source row groups gathered up to about ROW_GROUP_BYTES."""
    table = pa.concat_tables([t.replace_schema_metadata(None) for t in tables])
    writer.write_table(table, row_group_size=table.num_rows)
    crash_point("parquet")  # row group written, no footer yet: a half-written file in .staging/


def _hidden(name: str) -> bool:
    return name.startswith((".", "_"))


def _is_data_file(name: str) -> bool:
    return name.endswith(".parquet") and not _hidden(name)
