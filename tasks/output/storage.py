"""Where RAW and OUT live: a local folder, or the URL of any fsspec file system (s3://, gs://, memory://, ...).

The few file operations the pipeline needs, each with the shape of its `os`
counterpart. A location without `scheme://` is a local path and gets exactly the
`os` call (flock, fsync, os.replace: the POSIX guarantees docs/deploy.md relies
on); `file://` URLs become local paths in `normalize`. Anything else goes
through fsspec (`fsspec.core.url_to_fs`), with the closest equivalents:

- a file written in one go (one PUT) appears whole or not at all, so readers
  never see half a Parquet file; there is no fsync: a completed PUT is durable;
- `replace` is a copy then a delete: the target appears whole, but both names
  exist for a moment, and a crash between the two leaves the source behind
  (recovery moves it again; the move is idempotent);
- the run lock is an object created only if absent, in one conditional request
  (`pipe_file(..., mode="create")`: S3's `If-None-Match: *` in s3fs), so of two
  runs started at the same moment exactly one gets it (a driver without a
  conditional write falls back to fsspec's check-then-write, which is not
  atomic); a crashed run leaves it behind, and nothing breaks it automatically
  (the next run stops with exit 3, names it and says whether it looks stale:
  docs/deploy.md, "The run lock on an object store").
"""

from __future__ import annotations

import glob as _glob
import os
import shutil
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    import fsspec
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

HIDDEN_PREFIX = "."
CLAIM_ATTEMPTS = 3


# fsspec and pyarrow are imported on first use, not with this module: `reprints ingest` checks RAW and OUT with it
# before it starts the embedded server, and their imports (0.4 s, pyarrow.dataset brings pandas) would delay it.
def url_to_fs(location: str) -> tuple[fsspec.AbstractFileSystem, str]:
    from fsspec.core import url_to_fs as fsspec_url_to_fs

    return fsspec_url_to_fs(location)


def is_remote(location: str) -> bool:
    return "://" in location


def normalize(location: str) -> str:
    """A `file://` URL becomes its local path, so local files always get the local code path."""
    if location.startswith("file://"):
        return url_to_fs(location)[1]
    return location


def list_files(root: str) -> list[tuple[str, str, int]]:
    """(URL, path relative to root with /, size) of every file under a remote root; hidden names skipped."""
    fs, base = url_to_fs(root)
    base = base.rstrip("/")
    found = []
    for name, info in fs.find(base, detail=True, withdirs=False).items():
        relative = name[len(base) :].lstrip("/")
        if any(part.startswith(HIDDEN_PREFIX) for part in relative.split("/")):
            continue
        found.append((fs.unstrip_protocol(name), relative, int(info.get("size") or 0)))
    return sorted(found, key=lambda entry: entry[1])


def read_bytes(location: str, limit: int) -> bytes:
    """Up to `limit` bytes of a remote file."""
    fs, path = url_to_fs(location)
    with fs.open(path, "rb") as handle:
        return handle.read(limit)


def open_file(location: str, mode: str) -> IO:
    if not is_remote(location):
        return open(location, mode)
    fs, path = url_to_fs(location)
    return fs.open(path, mode)


def sync(handle: IO, location: str) -> None:
    """Make a written local file durable before it is renamed into place; a remote one is once closed."""
    handle.flush()
    if not is_remote(location):
        os.fsync(handle.fileno())


def sync_folder(location: str) -> None:
    """fsync a local folder so renames in it survive a power cut; object stores have no folders to sync."""
    if is_remote(location):
        return
    fd = os.open(location, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def makedirs(location: str) -> None:
    if is_remote(location):
        fs, path = url_to_fs(location)
        fs.makedirs(path, exist_ok=True)
    else:
        os.makedirs(location, exist_ok=True)


def exists(location: str) -> bool:
    if is_remote(location):
        fs, path = url_to_fs(location)
        return fs.exists(path)
    return os.path.exists(location)


def isdir(location: str) -> bool:
    if is_remote(location):
        fs, path = url_to_fs(location)
        return fs.isdir(path)
    return os.path.isdir(location)


def listdir(location: str) -> list[str]:
    """Names in a folder (files and folders), like os.listdir."""
    if not is_remote(location):
        return os.listdir(location)
    fs, path = url_to_fs(location)
    return [name.rstrip("/").rsplit("/", 1)[-1] for name in fs.ls(path, detail=False)]


def glob(pattern: str) -> list[str]:
    """Locations matching a glob pattern, like glob.glob (hidden names match only when the pattern says so)."""
    if not is_remote(pattern):
        return _glob.glob(pattern)
    fs, path = url_to_fs(pattern)
    return [fs.unstrip_protocol(match) for match in fs.glob(path)]


def read_table(location: str) -> pa.Table:
    """One Parquet file, like pyarrow.parquet.read_table."""
    import pyarrow.parquet as pq

    if not is_remote(location):
        return pq.read_table(location)
    with open_file(location, "rb") as handle:
        return pq.read_table(handle)


def replace(source: str, target: str) -> None:
    if is_remote(source):
        fs, path = url_to_fs(source)
        fs.mv(path, url_to_fs(target)[1])
    else:
        os.replace(source, target)


def remove(location: str) -> None:
    if is_remote(location):
        fs, path = url_to_fs(location)
        fs.rm_file(path)
    else:
        os.remove(location)


def rmtree(location: str) -> None:
    """Remove a folder and everything in it; no error if it is not there."""
    if not is_remote(location):
        shutil.rmtree(location, ignore_errors=True)
        return
    fs, path = url_to_fs(location)
    if fs.exists(path):
        fs.rm(path, recursive=True)


def dataset(location: str, **options) -> ds.Dataset:
    """pyarrow.dataset.dataset over a local folder or a remote one (pyarrow wraps the fsspec file system)."""
    import pyarrow.dataset as ds

    if not is_remote(location):
        return ds.dataset(location, **options)
    fs, path = url_to_fs(location)
    return ds.dataset(path, filesystem=fs, **options)


def claim(location: str, note: bytes) -> bool:
    """Create a remote lock object unless one exists, atomically: one create-if-absent write.

    The store decides, not a check before the write, so of several takers exactly one gets True. `note` should be
    unique to the taker (it tells a taker whose answer was lost whether its write is the one that landed).
    """
    fs, path = url_to_fs(location)
    for attempt in range(CLAIM_ATTEMPTS):
        try:
            fs.pipe_file(path, note, mode="create")
            return True
        except FileExistsError:  # S3: 412 PreconditionFailed on If-None-Match
            return False
        except OSError:
            # S3 answers 409 ConditionalRequestConflict while another conditional write of the key is under way (retry),
            # some S3-compatible stores a 412 that s3fs cannot tell apart: the object, once there, says who won
            if fs.exists(path):
                return fs.cat_file(path) == note
            if attempt == CLAIM_ATTEMPTS - 1:
                raise
    return False


def walk(location: str) -> Iterator[tuple[str, list[str], list[str]]]:
    """(folder, subfolders, file names) under a folder, top-down, like os.walk: prune by editing subfolders."""
    if not is_remote(location):
        yield from os.walk(location)
        return
    fs, path = url_to_fs(location)
    for folder, subfolders, names in fs.walk(path, topdown=True):
        yield fs.unstrip_protocol(folder), subfolders, names


def parquet_file(location: str) -> pq.ParquetFile:
    """One Parquet file opened for its metadata and row groups, like pyarrow.parquet.ParquetFile."""
    import pyarrow.parquet as pq

    if not is_remote(location):
        return pq.ParquetFile(location)
    fs, path = url_to_fs(location)
    return pq.ParquetFile(path, filesystem=fs)
