"""Find every input under RAW, recursively, in a stable order."""

from __future__ import annotations

import os
from collections.abc import Iterator

from tasks import storage
from tasks.model import SourceFile

IGNORED_NAMES = {".DS_Store", "Thumbs.db"}


def find_inputs(raw: str) -> Iterator[SourceFile]:
    """Files under `raw`, sorted by relative path; hidden files and folders are skipped.

    Symlinked files are followed (a broken or looping one is still listed, and
    reading it quarantines it); symlinked folders are not, so a loop cannot trap
    the walk. Under a URL (s3://, gs://, ...: tasks/storage.py) each source's path is its URL.
    """
    if storage.is_remote(raw):
        yield from _find_remote(raw)
        return
    root = os.path.abspath(raw)
    for folder, dirs, files in os.walk(root, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name in IGNORED_NAMES:
                continue
            path = os.path.join(folder, name)
            yield SourceFile(path=path, source_path=_relative(path, root), size=_size(path))


def _find_remote(raw: str) -> Iterator[SourceFile]:
    for url, relative, size in storage.list_files(raw):
        if relative.rsplit("/", 1)[-1] not in IGNORED_NAMES:
            yield SourceFile(path=url, source_path=relative, size=size)


def _relative(path: str, root: str) -> str:
    """The path relative to RAW with / separators; undecodable name bytes become \\xNN escapes."""
    relative = os.path.relpath(path, root).replace(os.sep, "/")
    return os.fsencode(relative).decode("utf-8", "backslashreplace")


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0
