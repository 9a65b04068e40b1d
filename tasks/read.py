"""Read one input's bytes, transparently gunzipping `.gz`, within a size limit."""

from __future__ import annotations

import errno
import gzip
import hashlib
import zlib

from tasks import storage
from tasks.model import Rejected, SourceFile

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


def read_source(source: SourceFile, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes, str]:
    """Return the content and the SHA-256 of the file as stored, or raise Rejected."""
    if source.size > max_bytes:
        raise Rejected("too_large", f"{source.size} bytes, over the limit of {max_bytes} (--max-bytes)")
    try:
        stored = _read(source.path, max_bytes + 1)
    except FileNotFoundError:
        raise Rejected("vanished", "the file disappeared after it was listed") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Rejected("not_a_file", "symlink loop") from None
        raise Rejected("unreadable", f"{type(error).__name__}: {error.strerror or error}") from None
    if len(stored) > max_bytes:
        raise Rejected("too_large", f"over the limit of {max_bytes} bytes (--max-bytes)")
    digest = hashlib.sha256(stored).hexdigest()
    if source.source_path.endswith(".gz"):
        return _gunzip(stored, max_bytes), digest
    return stored, digest


def _read(path: str, limit: int) -> bytes:
    if storage.is_remote(path):
        return storage.read_bytes(path, limit)
    with open(path, "rb") as handle:
        return handle.read(limit)


def _gunzip(stored: bytes, max_bytes: int) -> bytes:
    try:
        decompressor = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
        content = decompressor.decompress(stored, max_bytes + 1)
    except (zlib.error, gzip.BadGzipFile) as error:
        raise Rejected("unreadable", f"broken gzip data: {error}") from None
    if len(content) > max_bytes:
        raise Rejected("too_large", f"over {max_bytes} bytes once decompressed (--max-bytes)")
    if not decompressor.eof:
        raise Rejected("unreadable", "truncated gzip data")
    return content
