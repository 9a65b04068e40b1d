"""Fewer, bigger files: merge the small files of each data directory under OUT.

Each directory of data files (every records partition, quarantine/, duplicates/) is compacted on its
own. Its small files are packed, in name order, into merged files of up to `target_bytes` of
uncompressed data; a new version of the directory, holding the merged files plus hard links to the
files left as they are, is built in OUT/.staging and swapped with the live directory in one atomic
rename. A reader listing the directory therefore finds every old file or every new one, never both
and never neither. A crash leaves the swap done or not done, and the next open of OUT (recover)
clears .staging. Files are merged only with files of the same schema version and columns, so no row
is rewritten to a schema it was not written with.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.parquet as pq

from tasks.schema import DATASETS
from tasks.write import (
    ROW_GROUP_BYTES,
    STAGING,
    acquire_lock,
    recover,
    release_lock,
    swap_directories,
    with_file_metadata,
)


@dataclass(frozen=True)
class DataFile:
    name: str
    rows: int
    uncompressed_bytes: int
    schema_version: str
    schema: pa.Schema  # without key-value metadata
    run_id: str


@dataclass(frozen=True)
class DirectoryCompaction:
    directory: str  # relative to OUT
    files_before: int
    files_after: int
    rows: int


def compact(out: str, target_mb: int) -> list[DirectoryCompaction]:
    """Compact every data directory under OUT while holding OUT's run lock (raises OutputLocked)."""
    lock = acquire_lock(out)
    try:
        recover(out)
        compaction_id = uuid.uuid4().hex[:8]
        return [
            compact_directory(out, directory, target_mb * 1024 * 1024, f"{compaction_id}-{index}")
            for index, directory in enumerate(data_directories(out))
        ]
    finally:
        release_lock(lock)


def data_directories(out: str) -> Iterator[str]:
    """Directories (relative to OUT) that hold data files and no subdirectory (which a swap could not carry over)."""
    for dataset in DATASETS:
        for folder, subfolders, names in os.walk(os.path.join(out, dataset)):
            leaf = not subfolders
            subfolders[:] = sorted(d for d in subfolders if not _hidden(d))
            if leaf and any(_is_data_file(n) for n in names):
                yield os.path.relpath(folder, out)


def plan(files: list[DataFile], target_bytes: int) -> list[list[DataFile]]:
    """Groups of files to merge into one file each: consecutive small files of one schema, each group under target."""
    kinds: dict[tuple[str, pa.Schema], list[DataFile]] = defaultdict(list)
    for data_file in files:
        if data_file.uncompressed_bytes < target_bytes:
            kinds[data_file.schema_version, data_file.schema].append(data_file)
    groups: list[list[DataFile]] = []
    for kind in kinds.values():
        group: list[DataFile] = []
        for data_file in kind:
            if group and sum(f.uncompressed_bytes for f in group) + data_file.uncompressed_bytes > target_bytes:
                groups.append(group)
                group = []
            group.append(data_file)
        groups.append(group)
    return [group for group in groups if len(group) > 1]


def compact_directory(out: str, directory: str, target_bytes: int, compaction_id: str) -> DirectoryCompaction:
    live = os.path.join(out, directory)
    files = [describe(os.path.join(live, name)) for name in sorted(os.listdir(live)) if _is_data_file(name)]
    rows = sum(f.rows for f in files)
    groups = plan(files, target_bytes)
    if not groups:
        return DirectoryCompaction(directory, len(files), len(files), rows)
    staged = os.path.join(out, STAGING, f"compact-{compaction_id}")
    os.makedirs(staged)
    merged = {f.name for group in groups for f in group}
    for name in os.listdir(live):
        if name not in merged:
            os.link(os.path.join(live, name), os.path.join(staged, name))
    for sequence, group in enumerate(groups, 1):
        target = os.path.join(staged, f"part-compact-{compaction_id}-{sequence:05d}.parquet")
        merge(live, group, target, f"compact-{compaction_id}")
    after = [describe(os.path.join(staged, name)) for name in sorted(os.listdir(staged)) if _is_data_file(name)]
    if sum(f.rows for f in after) != rows:
        shutil.rmtree(staged)
        raise RuntimeError(f"compacting {directory} would change its row count; nothing was changed")
    swap_directories(staged, live)
    shutil.rmtree(staged)  # now the old version of the directory
    return DirectoryCompaction(directory, len(files), len(after), rows)


def describe(path: str) -> DataFile:
    metadata = pq.read_metadata(path)
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
    with open(target, "wb") as handle:
        with pq.ParquetWriter(handle, with_file_metadata(group[0].schema, metadata), compression="zstd") as writer:
            pending: list[pa.Table] = []
            for table in _row_groups([os.path.join(folder, f.name) for f in group]):
                pending.append(table)
                if sum(t.nbytes for t in pending) >= ROW_GROUP_BYTES:
                    _write_group(writer, pending)
                    pending = []
            if pending:
                _write_group(writer, pending)
        handle.flush()
        os.fsync(handle.fileno())


def _row_groups(sources: list[str]) -> Iterator[pa.Table]:
    for path in sources:
        parquet = pq.ParquetFile(path)
        for index in range(parquet.num_row_groups):
            yield parquet.read_row_group(index)


def _write_group(writer: pq.ParquetWriter, tables: list[pa.Table]) -> None:
    """One row group from source row groups gathered up to about ROW_GROUP_BYTES."""
    table = pa.concat_tables([t.replace_schema_metadata(None) for t in tables])
    writer.write_table(table, row_group_size=table.num_rows)


def _hidden(name: str) -> bool:
    return name.startswith((".", "_"))


def _is_data_file(name: str) -> bool:
    return name.endswith(".parquet") and not _hidden(name)
