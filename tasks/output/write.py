"""Atomic, idempotent Parquet output under OUT.

A flush writes every file it needs into OUT/.staging, then writes a manifest
into OUT/.pending (the commit point), then renames the files into place and
removes the manifest. Opening OUT finishes any committed flush a crash
interrupted and deletes staged files no manifest names. Readers globbing
OUT/records/**/*.parquet therefore never see a half-written file, and a flush
is either wholly in place after the next open or not at all. Staged files end
in `.tmp`, so no `*.parquet` glob over OUT ever matches one.

Compaction (tasks/output/compact.py) replaces whole directories of files instead:
each is swapped with a staged new version in a single rename, so a reader sees
either every old file of a directory or every new one. A manifest lists the
swaps of one compaction (commit_swaps), and opening OUT finishes them too.

The named `crash_point`s are where the crash-safety tests kill a run (docs/operations.md).
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import shutil
import socket
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.parquet as pq

from tasks.output import storage
from tasks.output.schema import PIPELINE_VERSION, SCHEMA_VERSION
from tasks.run.crashpoint import crash_point

STAGING = ".staging"
PENDING = ".pending"
LOCK = ".lock"
# Row groups of about this much uncompressed data: large enough for fast scans (readers parallelise and
# skip by row group), small enough that reading one needs little memory.
ROW_GROUP_BYTES = 64 * 1024 * 1024
WRITERS = 4  # files of one flush written at once
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class OutputLocked(Exception):
    """Another run holds OUT."""


@dataclass(frozen=True)
class PlannedFile:
    table: pa.Table
    final: str  # path relative to OUT


def acquire_lock(out: str) -> int | str:
    """Take OUT's run lock (released when the process exits, even on SIGKILL; see tasks/output/storage.py for URLs)."""
    if storage.is_remote(out):
        return _claim_remote_lock(out)
    os.makedirs(out, exist_ok=True)
    fd = _try_lock(os.path.join(out, LOCK), out)
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return fd


def probe_lock(out: str) -> None:
    """Raise OutputLocked at once if another run holds OUT, before anything slow starts; the run locks later."""
    lock = os.path.join(out, LOCK)
    if storage.is_remote(out):
        if storage.exists(lock):
            raise OutputLocked(remote_lock_held(out, lock))
    elif os.path.exists(lock):
        release_lock(_try_lock(lock, out))


def _try_lock(path: str, out: str) -> int:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise OutputLocked(f"another reprints run is writing to {out}") from None
    return fd


def _claim_remote_lock(out: str) -> str:
    """One create-if-absent write (storage.claim). Never broken automatically: see remote_lock_held."""
    lock = os.path.join(out, LOCK)
    note = f"{socket.gethostname()} pid {os.getpid()} since {time.time():.0f} token {uuid.uuid4().hex}\n"
    if not storage.claim(lock, note.encode()):
        raise OutputLocked(remote_lock_held(out, lock))
    return lock


def remote_lock_held(out: str, lock: str) -> str:
    """Why OUT is refused, naming the holder the lock object records ("<host> pid <pid> since <unix time> token ...").

    A lock is judged stale only when its holder ran on this host and that process is gone; then, and only then, the
    message says it is safe to delete. Nothing deletes it automatically: a delete is not conditional on S3, so a run
    breaking a stale lock could delete the fresh lock of a run that took it meanwhile.
    """
    try:
        with storage.open_file(lock, "rb") as handle:
            holder = handle.read(200).decode("utf-8", "replace").strip()
    except FileNotFoundError:  # released between the two requests
        holder = ""
    parts = holder.split()
    holder = " ".join(parts[:5])  # without the token
    gone = len(parts) >= 3 and parts[0] == socket.gethostname() and parts[2].isdigit() and not _running(int(parts[2]))
    if gone:
        return f"{out} is locked by a run that is no longer running ({holder}): delete {lock} and start again"
    return f"another reprints run is writing to {out} ({holder or 'holder unknown'}; if it crashed, delete {lock})"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def release_lock(fd: int | str) -> None:
    if isinstance(fd, str):
        storage.remove(fd)
        return
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


def recover(out: str) -> int:
    """Finish committed flushes, drop uncommitted staging. Returns the files moved into place."""
    moved = 0
    pending = os.path.join(out, PENDING)
    for name in sorted(storage.listdir(pending)) if storage.isdir(pending) else []:
        manifest = os.path.join(pending, name)
        if not name.endswith(".json"):
            storage.remove(manifest)
            continue
        with storage.open_file(manifest, "rb") as handle:
            entries = json.load(handle)
        if isinstance(entries, dict) and "swaps" in entries:  # a compaction's directory swaps (commit_swaps)
            _finish_swaps(out, entries["swaps"])
        elif isinstance(entries, dict):  # a compaction on an object store (commit_replacements)
            _finish_replacements(out, entries["replacements"])
        else:
            moved += sum(_move_into_place(out, staged, final, sync=False) for staged, final in entries)
            # every folder, not only those of the files moved now: a commit killed after its renames left them unsynced
            _sync_final_folders(out, entries)
        storage.remove(manifest)
    storage.rmtree(os.path.join(out, STAGING))
    return moved


def commit(out: str, files: list[PlannedFile], metadata: dict[str, str]) -> list[str]:
    """Write `files` atomically as one unit; returns their final paths relative to OUT."""
    if not files:
        return []
    staging = os.path.join(out, STAGING)
    storage.makedirs(staging)
    entries = [(os.path.join(STAGING, f"{uuid.uuid4().hex}.tmp"), planned.final) for planned in files]

    # in parallel: pyarrow compresses and the kernel syncs without holding the GIL (a flush of 11 language files:
    # 0.09-0.16 s one after another, of which 0.045 s CPU)
    def stage(planned: PlannedFile, staged: str) -> None:
        _write_parquet(planned.table, os.path.join(out, staged), metadata)

    with ThreadPoolExecutor(WRITERS) as writers:
        list(writers.map(stage, files, [staged for staged, _ in entries]))  # list(): an error in any is raised here
    manifest = _write_manifest(out, entries)
    crash_point("commit")
    for staged, final in entries:
        _move_into_place(out, staged, final, sync=False)
        crash_point("rename")
    # then each folder is synced, all at once: one after another, a flush's 20-30 folders (a language or pair each)
    # waited for the disk in turn (3-6 ms each here). The manifest goes only once every rename is durable
    _sync_final_folders(out, entries)
    storage.remove(manifest)
    storage.sync_folder(os.path.dirname(manifest))
    return [final for _, final in entries]


def _sync_final_folders(out: str, entries: list[tuple[str, str]]) -> None:
    """Sync the folders of the entries' final paths, all at once."""
    folders = {os.path.dirname(os.path.join(out, final)) for _, final in entries}
    with ThreadPoolExecutor(WRITERS) as syncing:
        list(syncing.map(storage.sync_folder, sorted(folders)))  # list(): an error in any is raised here


def with_file_metadata(schema: pa.Schema, metadata: dict[str, str]) -> pa.Schema:
    """`schema` with the key-value metadata every file carries: schema and pipeline version, run id (in `metadata`)."""
    keys = {"reprints.schema_version": SCHEMA_VERSION, "reprints.pipeline_version": PIPELINE_VERSION, **metadata}
    return schema.with_metadata({**(schema.metadata or {}), **{k.encode(): v.encode() for k, v in keys.items()}})


def rows_per_row_group(rows: int, uncompressed_bytes: int) -> int:
    return max(1, rows * ROW_GROUP_BYTES // max(uncompressed_bytes, 1))


def _write_parquet(table: pa.Table, path: str, metadata: dict[str, str]) -> None:
    table = table.replace_schema_metadata(with_file_metadata(table.schema, metadata).metadata)
    rows = rows_per_row_group(table.num_rows, table.nbytes)
    with storage.open_file(path, "wb") as handle:
        writer = pq.ParquetWriter(handle, table.schema, compression="zstd")
        for start in range(0, table.num_rows, rows):
            writer.write_table(table.slice(start, rows), row_group_size=rows)
            crash_point("parquet")  # row groups written, no footer yet
        writer.close()
        storage.sync(handle, path)


def publish_file(
    out: str, final: str, content: bytes | Iterable[bytes], before_rename: Callable[[], None] = lambda: crash_point("report")
) -> str:
    """Write one file (e.g. a run report) atomically: staged, synced, renamed to `final` (relative to OUT).
    `content` may come in pieces (written one at a time); `before_rename` is where a crash test may kill."""
    staged = os.path.join(STAGING, f"{uuid.uuid4().hex}.tmp")
    storage.makedirs(os.path.join(out, STAGING))
    with storage.open_file(os.path.join(out, staged), "wb") as handle:
        for piece in [content] if isinstance(content, bytes) else content:
            handle.write(piece)
        storage.sync(handle, os.path.join(out, staged))
    before_rename()
    _move_into_place(out, staged, final)
    return os.path.join(out, final)


def commit_swaps(out: str, swaps: list[tuple[str, str]]) -> None:
    """Swap each staged directory with its live one (paths relative to OUT), as one committed unit.

    The manifest is the commit point: once it is written, every swap happens, here or in the next
    recover(); a swap is known to be done when the live path has the staged directory's inode.
    Afterwards the staged paths hold the old versions, which are deleted.
    """
    if not swaps:
        return
    _probe_swap(out)
    entries = [[staged, live, os.stat(os.path.join(out, staged)).st_ino] for staged, live in swaps]
    manifest = _write_manifest(out, {"swaps": entries})
    _finish_swaps(out, entries)
    os.remove(manifest)
    storage.sync_folder(os.path.dirname(manifest))


def _probe_swap(out: str) -> None:
    """Fail before the commit point, not after it, on a file system that cannot swap directories."""
    probe = os.path.join(out, STAGING, f"swap-probe-{uuid.uuid4().hex}")
    os.makedirs(os.path.join(probe, "a"))
    os.makedirs(os.path.join(probe, "b"))
    try:
        swap_directories(os.path.join(probe, "a"), os.path.join(probe, "b"))
    finally:
        shutil.rmtree(probe)


def _finish_swaps(out: str, entries: list[list]) -> None:
    for staged, live, inode in entries:
        if os.stat(os.path.join(out, live)).st_ino != inode:
            swap_directories(os.path.join(out, staged), os.path.join(out, live))
            crash_point("swap")
    for staged, _, _ in entries:
        shutil.rmtree(os.path.join(out, staged), ignore_errors=True)


def commit_replacements(out: str, replacements: list[tuple[str, str, list[str]]]) -> None:
    """Where directories cannot be swapped (object stores): for each (staged, live, replaced), move the staged
    directory's files into the live one, then delete the `replaced` files there; one committed unit.

    The manifest is the commit point, as for commit_swaps, and every step is idempotent (a file moved or deleted
    before a crash is skipped), so recover() finishes a compaction interrupted after it. New files go in before
    old ones go: a reader listing meanwhile may see rows twice, never miss one.
    """
    if not replacements:
        return
    entries = [[staged, live, sorted(storage.listdir(os.path.join(out, staged))), names] for staged, live, names in replacements]
    manifest = _write_manifest(out, {"replacements": entries})
    _finish_replacements(out, entries)
    storage.remove(manifest)


def _finish_replacements(out: str, entries: list[list]) -> None:
    for staged, live, added, replaced in entries:
        for name in added:
            _move_into_place(out, os.path.join(staged, name), os.path.join(live, name))
        crash_point("swap")
        for name in replaced:
            if storage.exists(os.path.join(out, live, name)):
                storage.remove(os.path.join(out, live, name))
    for staged, *_ in entries:
        storage.rmtree(os.path.join(out, staged))


def _write_manifest(out: str, entries: list[tuple[str, str]] | dict) -> str:
    pending = os.path.join(out, PENDING)
    storage.makedirs(pending)
    name = uuid.uuid4().hex
    temporary = os.path.join(pending, f"{name}.tmp")
    with storage.open_file(temporary, "wb") as handle:
        handle.write(json.dumps(entries).encode("utf-8"))
        storage.sync(handle, temporary)
    manifest = os.path.join(pending, f"{name}.json")
    storage.replace(temporary, manifest)
    storage.sync_folder(pending)
    return manifest


def _move_into_place(out: str, staged: str, final: str, sync: bool = True) -> bool:
    """Rename a staged file to its final path; its folder synced unless the caller syncs it later (`sync`)."""
    source = os.path.join(out, staged)
    if not storage.exists(source):
        return False  # already moved before a crash
    target = os.path.join(out, final)
    storage.makedirs(os.path.dirname(target))
    storage.replace(source, target)
    if sync:
        storage.sync_folder(os.path.dirname(target))
    return True


def swap_directories(staged: str, final: str) -> None:
    """Exchange two directories in one atomic step (Linux renameat2 with RENAME_EXCHANGE).

    Two plain renames would leave `final` missing between them; moving files one by one would
    show readers some rows twice or not at all.
    """
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        raise OSError(f"swapping {final} atomically needs Linux (renameat2)")
    if renameat2(_AT_FDCWD, os.fsencode(staged), _AT_FDCWD, os.fsencode(final), _RENAME_EXCHANGE) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"cannot swap {final} atomically: {os.strerror(errno)}")
    storage.sync_folder(os.path.dirname(final))
    storage.sync_folder(os.path.dirname(staged))
