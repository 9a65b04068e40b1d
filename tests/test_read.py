"""Reading one input (tasks/inputs/read.py): real files on disk, written by each test."""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path

import pytest

from tasks.inputs.read import check_line_length, read_source
from tasks.model import Rejected, SourceFile

ARTICLE = b"The harbour council met on Monday to discuss the new ferry timetable.\n"


def source(path: Path, name: str | None = None) -> SourceFile:
    return SourceFile(str(path), name or path.name, path.lstat().st_size)


def rejected(path: Path, max_bytes: int = 1024, name: str | None = None, size: int | None = None) -> tuple[str, str]:
    listed = source(path, name) if size is None else SourceFile(str(path), name or path.name, size)
    with pytest.raises(Rejected) as error:
        read_source(listed, max_bytes)
    return error.value.reason, error.value.detail


def test_a_file_reads_as_its_bytes_with_the_digest_of_the_bytes_stored(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE)
    assert read_source(source(path)) == (ARTICLE, hashlib.sha256(ARTICLE).hexdigest())


def test_gzip_is_decompressed_every_member_and_the_digest_is_of_the_compressed_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt.gz"
    stored = gzip.compress(ARTICLE) + gzip.compress(b"Second member.\n")  # `cat a.gz b.gz` is valid gzip
    path.write_bytes(stored)
    assert read_source(source(path)) == (ARTICLE + b"Second member.\n", hashlib.sha256(stored).hexdigest())


def test_size_limits_hold_for_the_listed_size_a_file_that_grew_and_what_gzip_expands_to(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2000)
    assert rejected(path)[0] == "too_large"
    assert rejected(path, size=10)[0] == "too_large"  # listed small, grown since: still read no further than the limit
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"x" * 100_000))
    assert len(bomb.read_bytes()) < 1024
    assert rejected(bomb) == ("too_large", "over 1024 bytes once decompressed (--max-bytes)")


def test_a_file_listed_over_the_limit_is_never_opened(tmp_path: Path) -> None:
    """Its listing's stat decides it, so a rerun costs nothing however large it is: a FIFO, which opening
    would quarantine not_a_file, listed at 50 MB is too_large without being opened."""
    os.mkfifo(tmp_path / "huge.txt")
    reason, detail = rejected(tmp_path / "huge.txt", size=50_000_000)
    assert (reason, detail) == ("too_large", "50000000 bytes, over the limit of 1024 (--max-bytes)")


def test_broken_gzip_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(gzip.compress(ARTICLE * 20)[:30])
    assert rejected(path) == ("unreadable", "truncated gzip data (still being copied?)")
    path.write_bytes(b"not gzip at all")
    assert rejected(path)[0] == "unreadable"


def test_what_is_no_regular_file_is_named_for_what_it_is(tmp_path: Path) -> None:
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    assert rejected(tmp_path / "dangling.txt") == ("not_a_file", f"dangling symlink to {str(tmp_path / 'nowhere.txt')!r}")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    assert rejected(tmp_path / "loop.txt") == ("not_a_file", "symlink loop")
    (tmp_path / "folder.txt").mkdir()
    assert rejected(tmp_path / "folder.txt", size=0) == ("not_a_file", "a folder, not a regular file")
    os.mkfifo(tmp_path / "pipe.txt")  # opened without blocking: a FIFO with no writer cannot hang the run
    assert rejected(tmp_path / "pipe.txt", size=0) == ("not_a_file", "a FIFO, socket or device, not a regular file")


def test_a_file_gone_since_it_was_listed_has_vanished(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    path.write_bytes(ARTICLE)
    listed = source(path)
    path.unlink()
    with pytest.raises(Rejected, match="vanished"):
        read_source(listed)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files without permission")
def test_a_file_without_permission_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_bytes(ARTICLE)
    path.chmod(0)
    assert rejected(path)[0] == "unreadable"


def test_a_line_longer_than_the_limit_is_a_dump_not_an_article() -> None:
    check_line_length("short\nlines\n", 5)
    check_line_length("ten chars!", 10)
    with pytest.raises(Rejected) as error:
        check_line_length("short\n" + "y" * 11 + "\nshort", 10)
    assert (error.value.reason, error.value.detail) == (
        "line_too_long",
        "a line of 11 characters, over the limit of 10 (--max-line-chars)",
    )


def confined(path: Path, root: Path) -> SourceFile:
    return SourceFile(str(path), path.name, path.stat().st_size, confined_to=os.path.realpath(root))


def test_a_symlink_out_of_raw_is_quarantined_outside_raw_and_one_inside_raw_is_read(tmp_path: Path) -> None:
    raw, elsewhere = tmp_path / "raw", tmp_path / "elsewhere"
    raw.mkdir()
    elsewhere.mkdir()
    (elsewhere / "secret.txt").write_bytes(b"root:$6$hash:19000:0:99999:7:::\n")
    (raw / "a.txt").write_bytes(ARTICLE)
    (raw / "out.txt").symlink_to(elsewhere / "secret.txt")
    (raw / "in.txt").symlink_to("a.txt")
    (raw / "chain.txt").symlink_to("out.txt")  # inside RAW, but it resolves outside
    for name in ("out.txt", "chain.txt"):
        with pytest.raises(Rejected) as error:
            read_source(confined(raw / name, raw))
        assert error.value.reason == "outside_raw"
        assert str(elsewhere / "secret.txt") in error.value.detail
    assert read_source(confined(raw / "in.txt", raw))[0] == ARTICLE
    assert read_source(confined(raw / "a.txt", raw))[0] == ARTICLE
    # not confined (--follow-symlinks): followed as before
    assert read_source(source(raw / "out.txt"))[0].startswith(b"root:")


def test_a_sibling_folder_sharing_raws_name_as_a_prefix_is_outside(tmp_path: Path) -> None:
    raw, sibling = tmp_path / "raw", tmp_path / "raw-private"
    raw.mkdir()
    sibling.mkdir()
    (sibling / "b.txt").write_bytes(ARTICLE)
    (raw / "b.txt").symlink_to(sibling / "b.txt")
    with pytest.raises(Rejected) as error:
        read_source(confined(raw / "b.txt", raw))
    assert error.value.reason == "outside_raw"
