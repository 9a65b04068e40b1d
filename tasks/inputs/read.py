"""Read one input's bytes, transparently gunzipping `.gz`, within size limits."""

from __future__ import annotations

import errno
import gzip
import hashlib
import io
import os
import stat
import zlib

from tasks.model import Rejected, SourceFile, TransientError
from tasks.output import storage

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_LINE_CHARS = 1024 * 1024
READ_CHUNK = 1024 * 1024  # what each read asks for once a file outgrows the size it had when opened

# Errors a network file system raises while it is unwell: worth a retry of the batch, not a verdict on the file.
TRANSIENT_ERRNOS = frozenset(
    {errno.EIO, errno.EAGAIN, errno.ETIMEDOUT, errno.ESTALE, errno.ECONNRESET, errno.ECONNABORTED,
     errno.ENETDOWN, errno.ENETUNREACH, errno.EHOSTDOWN, errno.EHOSTUNREACH, errno.ENOLCK}
)  # fmt: skip


def read_source(source: SourceFile, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes, str]:
    """Return the content and the SHA-256 of the file as stored, or raise Rejected (TransientError to retry)."""
    if source.size > max_bytes:
        raise Rejected("too_large", f"{source.size} bytes, over the limit of {max_bytes} (--max-bytes)")
    try:
        stored = _read(source.path, max_bytes + 1, source.confined_to)
    except FileNotFoundError:
        if os.path.islink(source.path):
            raise Rejected("not_a_file", f"dangling symlink to {os.readlink(source.path)!r}") from None
        raise Rejected("vanished", "the file disappeared after it was listed") from None
    except OSError as error:
        if error.errno in TRANSIENT_ERRNOS:
            raise TransientError(f"reading {source.source_path}: {error.strerror or error}") from error
        if error.errno == errno.ELOOP:
            raise Rejected("not_a_file", "symlink loop") from None
        if error.errno == errno.ENXIO:
            raise Rejected("not_a_file", "a socket or device, not a regular file") from None
        raise Rejected("unreadable", f"{type(error).__name__}: {error.strerror or error}") from None
    if len(stored) > max_bytes:
        raise Rejected("too_large", f"over the limit of {max_bytes} bytes (--max-bytes)")
    digest = hashlib.sha256(stored).hexdigest()
    if source.source_path.endswith(".gz"):
        return _gunzip(stored, max_bytes), digest
    return stored, digest


def _read(path: str, limit: int, confined_to: str | None = None) -> bytes:
    if storage.is_remote(path):
        return storage.read_bytes(path, limit)
    return _read_regular(path, limit, confined_to)


def _read_regular(path: str, limit: int, confined_to: str | None = None) -> bytes:
    """Up to `limit` bytes of a regular file; O_NONBLOCK so a FIFO cannot hang the run on open."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            kind = "folder" if stat.S_ISDIR(status.st_mode) else "FIFO, socket or device"
            raise Rejected("not_a_file", f"a {kind}, not a regular file")
        if confined_to is not None:
            _check_inside(fd, path, confined_to)
        chunks: list[bytes] = []
        total = 0
        while total < limit:
            # Ask for the size fstat reported, plus a byte to see the end (the file may still grow): one read
            # for most files. (A buffered file's read(limit) allocated `limit` bytes each time: 3x slower.)
            wanted = status.st_size + 1 - total if total <= status.st_size else READ_CHUNK
            chunk = os.read(fd, min(limit - total, wanted))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _check_inside(fd: int, path: str, root: str) -> None:
    """Reject the open file unless it lies under `root`. Asked of the open descriptor, not the name, so a symlink
    swapped in between listing and reading cannot slip through (Linux /proc; elsewhere the name, resolved)."""
    try:
        opened = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        opened = os.path.realpath(path)
    if opened != root and not opened.startswith(os.path.join(root, "")):
        raise Rejected("outside_raw", f"a symlink to {opened!r}, outside RAW (--follow-symlinks allows it)")


def _gunzip(stored: bytes, max_bytes: int) -> bytes:
    """Every member of the gzip stream (`cat a.gz b.gz` is valid gzip), within the size limit."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(stored)) as archive:
            content = archive.read(max_bytes + 1)
    except EOFError:
        raise Rejected("unreadable", "truncated gzip data (still being copied?)") from None
    except (OSError, zlib.error) as error:
        raise Rejected("unreadable", f"broken gzip data: {error}") from None
    if len(content) > max_bytes:
        raise Rejected("too_large", f"over {max_bytes} bytes once decompressed (--max-bytes)")
    return content


def check_line_length(text: str, max_chars: int = DEFAULT_MAX_LINE_CHARS) -> None:
    """Reject text with a line longer than `max_chars`: a data dump, not an article, and slow to clean."""
    if len(text) <= max_chars:  # no line can be longer: skip splitting the text
        return
    longest = max(map(len, text.splitlines()), default=0)
    if longest > max_chars:
        raise Rejected("line_too_long", f"a line of {longest} characters, over the limit of {max_chars} (--max-line-chars)")
