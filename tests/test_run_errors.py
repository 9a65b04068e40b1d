"""A run that fails as a whole (disk full, OUT read-only) says why in one line on stderr, exit 1; --debug adds the
traceback. Real `reprints` processes and real failures: a full or read-only file system where the tests may mount
one (root), the kernel's file-size limit (RLIMIT_FSIZE, `ulimit -f`) everywhere. Before: 20-55 lines of traceback
preceded the line."""

from __future__ import annotations

import os
import random
import resource
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.cli_runs import finish, run_cli

WORDS = ["harbour", "council", "ferry", "budget", "winter", "timetable", "residents", "operator", "reply", "school"]
FILE_SIZE_LIMIT = 64 * 1024  # bytes: the run's first Parquet file is larger


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20 articles of 6,000 words each: about 1 MB of text, some 200 KB once compressed."""
    raw = tmp_path_factory.mktemp("errors") / "raw"
    raw.mkdir()
    rng = random.Random(17)
    for i in range(20):
        words = [f"{rng.choice(WORDS)}{rng.randrange(1000)}" for _ in range(6000)]
        raw.joinpath(f"a{i}.txt").write_text(" ".join(words) + "\n", encoding="utf-8")
    return raw


@contextmanager
def mounted_tmpfs(folder: Path, options: str) -> Iterator[Path]:
    """A small tmpfs at `folder`, or skip: mounting needs root (CAP_SYS_ADMIN). Used as OUT itself: the test run's
    Prefect home is beside OUT (tests/cli_runs.py), and must not be on it."""
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip() or 'not root'}): the RLIMIT_FSIZE case stands in")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def limit_file_size() -> None:
    """In the child: files may not grow past FILE_SIZE_LIMIT (the write fails with EFBIG; Python ignores SIGXFSZ)."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))


def failed_run(raw: Path, out: Path, api_url: str, *options: str, **popen) -> list[str]:
    code, stdout, stderr = finish(run_cli(raw, out, api_url, "--no-progress", *options, **popen))
    assert code == 1, stderr
    assert stdout == ""
    return stderr.splitlines()


def assert_one_line(lines: list[str], cause: str) -> None:
    assert len(lines) == 1 and "Traceback" not in lines[0], "\n".join(lines)
    assert lines[0].startswith(f"reprints: the run failed: {cause} ("), lines[0]
    assert lines[0].endswith("what was committed stays, rerun to finish (--debug shows the traceback)"), lines[0]


def test_disk_full_is_one_line_and_debug_adds_the_traceback(raw: Path, api_url: str, tmp_path: Path) -> None:
    with mounted_tmpfs(tmp_path / "out", "size=256k") as out:
        assert_one_line(failed_run(raw, out, api_url), "the disk is full")
    with mounted_tmpfs(tmp_path / "out-debug", "size=256k") as out:
        lines = failed_run(raw, out, api_url, "--debug")
    assert lines[0] == "Traceback (most recent call last):", "\n".join(lines)  # the command's own, not Prefect's log
    assert not any(" | ERROR " in line for line in lines), "\n".join(lines)
    assert lines[-2] == "OSError: [Errno 28] No space left on device"
    assert lines[-1].startswith("reprints: the run failed: the disk is full (OSError: [Errno 28] No space left on device)")


def test_a_file_over_the_size_limit_is_one_line(raw: Path, api_url: str, tmp_path: Path) -> None:
    """A disk full for any user: the kernel refuses to grow a file past `ulimit -f`."""
    lines = failed_run(raw, tmp_path / "out", api_url, preexec_fn=limit_file_size)
    assert_one_line(lines, "a file would pass the largest size allowed (the file system's, or `ulimit -f`)")
    assert "[Errno 27] File too large" in lines[0]


def test_out_on_a_read_only_file_system_is_one_line(raw: Path, api_url: str, tmp_path: Path) -> None:
    if os.geteuid() == 0:  # root writes through permissions: only a read-only mount stops it
        with mounted_tmpfs(tmp_path / "out", "ro,size=64k") as out:
            lines = failed_run(raw, out, api_url)
        assert_one_line(lines, "the file system is read-only")
    else:
        folder = tmp_path / "read-only"
        folder.mkdir(mode=0o555)
        assert_one_line(failed_run(raw, folder / "out", api_url), "permission denied")
