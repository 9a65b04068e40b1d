"""Find every input under RAW, recursively, in a stable order."""

from __future__ import annotations

import os
from collections.abc import Iterator

from tasks.model import SourceFile
from tasks.output import storage

IGNORED_NAMES = {".DS_Store", "Thumbs.db"}


def find_inputs(raw: str, follow_symlinks: bool = False) -> list[SourceFile]:
    """Everything under `raw` that could hold an input, sorted by source_path; hidden names are skipped.

    Symlinked files are followed (a broken or looping one is still listed, and
    reading it quarantines it), but only to a target inside RAW: whoever can
    write into RAW must not publish any file the pipeline's user can read, so
    reading one whose target lies outside quarantines it `outside_raw`, unless
    `follow_symlinks`. Symlinked folders are not followed, so a loop
    cannot trap the walk, and a folder that cannot be listed is not skipped
    silently: both are listed themselves, and reading them quarantines them.
    Under a URL (s3://, gs://, ...: tasks/output/storage.py) each source's path is its URL.
    """
    if storage.is_remote(raw):
        return _find_remote(raw)
    return sorted(walk_inputs(raw, follow_symlinks), key=lambda s: s.source_path)


def out_inside_raw(raw: str, out: str) -> str | None:
    """Why OUT cannot be written where it is, or None: OUT inside RAW (or RAW itself) would have each run ingest
    the reports and Parquet of the last one.

    >>> out_inside_raw("/data/raw", "/data/raw/processed")
    "OUT '/data/raw/processed' is inside RAW '/data/raw': each run would ingest its own output; put it elsewhere"
    >>> out_inside_raw("/data/raw", "/data/processed") is None
    True
    """
    if storage.is_remote(raw) != storage.is_remote(out):
        return None
    if storage.is_remote(raw):
        raw_at, out_at = raw.rstrip("/"), out.rstrip("/")
    else:  # resolved, so a symlink or `..` cannot hide it; OUT need not exist yet
        raw_at, out_at = os.path.realpath(raw), os.path.realpath(out)
    if out_at == raw_at:
        return f"OUT {out!r} is RAW itself: each run would ingest its own output; put it elsewhere"
    if out_at.startswith(raw_at.rstrip("/") + "/"):
        return f"OUT {out!r} is inside RAW {raw!r}: each run would ingest its own output; put it elsewhere"
    return None


def walk_inputs(raw: str, follow_symlinks: bool = False) -> Iterator[SourceFile]:
    """find_inputs of a local RAW, lazily, in the order the walk meets them: folder by folder, names sorted, so
    the first ones cost no listing of the rest (tasks/run/head_start.py takes a run's first files this way)."""
    root = os.path.abspath(raw)
    confined_to = None if follow_symlinks else os.path.realpath(root)
    unlistable: list[str] = []
    for folder, dirs, files in os.walk(root, onerror=lambda error: unlistable.append(error.filename)):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found = [os.path.join(folder, d) for d in dirs if os.path.islink(os.path.join(folder, d))]
        found += [os.path.join(folder, f) for f in sorted(files) if not f.startswith(".") and f not in IGNORED_NAMES]
        found += unlistable  # the folders that failed to list so far: listed themselves
        unlistable.clear()
        yield from (_source(path, root, confined_to) for path in found)
    yield from (_source(path, root, confined_to) for path in unlistable)


def _source(path: str, root: str, confined_to: str | None) -> SourceFile:
    return SourceFile(path=path, source_path=source_path_of(path, root), size=_size(path), confined_to=confined_to)


def _find_remote(raw: str) -> list[SourceFile]:
    return [
        SourceFile(path=url, source_path=relative, size=size)
        for url, relative, size in storage.list_files(raw)
        if relative.rsplit("/", 1)[-1] not in IGNORED_NAMES
    ]


def source_path_of(path: str, root: str) -> str:
    """The path relative to RAW with / separators, as a valid string that no other file shares.

    A byte that is not UTF-8 becomes `\\xNN` and a backslash becomes `\\\\`, so
    two different names never map to the same source_path.
    """
    prefix = os.path.join(root, "")
    # every path the walk found starts with the root: cut it off (os.path.relpath costs ~40 µs a file)
    relative_path = path[len(prefix) :] if path.startswith(prefix) else os.path.relpath(path, root)
    relative = os.fsencode(relative_path.replace(os.sep, "/"))
    return relative.replace(b"\\", b"\\\\").decode("utf-8", "backslashreplace")


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0
