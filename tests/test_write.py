"""Atomic output under OUT (tasks/output/write.py): real files, real locks, real kills at the crash points."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tasks.output import storage
from tasks.output.schema import PIPELINE_VERSION, SCHEMA_VERSION
from tasks.output.write import (
    PENDING,
    ROW_GROUP_BYTES,
    STAGING,
    OutputLocked,
    PlannedFile,
    acquire_lock,
    commit,
    commit_swaps,
    probe_lock,
    publish_file,
    recover,
    release_lock,
    rows_per_row_group,
)
from tasks.run.crashpoint import CRASH_ENV
from tests.conftest import REPO

FINALS = [
    "records/language=en/part-r-00001.parquet",
    "records/language=fr/part-r-00001.parquet",
    "quarantine/part-r-00001.parquet",
]
COMMIT = f"""
import sys
import pyarrow as pa
from tasks.output.write import PlannedFile, commit
finals = {FINALS!r}
files = [PlannedFile(pa.table({{"n": [index, index + 10]}}), final) for index, final in enumerate(finals)]
commit(sys.argv[1], files, {{"reprints.run_id": "r"}})
"""


def planned() -> list[PlannedFile]:
    return [PlannedFile(pa.table({"n": [index, index + 10]}), final) for index, final in enumerate(FINALS)]


def leftovers(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and (STAGING in p.parts or PENDING in p.parts))


def commit_killed_at(out: Path, point: str) -> None:
    env = {**os.environ, CRASH_ENV: point}
    done = subprocess.run([sys.executable, "-c", COMMIT, str(out)], cwd=REPO, env=env, capture_output=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr


def test_a_commit_puts_every_file_in_place_with_its_metadata_and_leaves_nothing_staged(tmp_path: Path) -> None:
    assert commit(str(tmp_path), planned(), {"reprints.run_id": "r"}) == FINALS
    for index, final in enumerate(FINALS):
        table = pq.read_table(tmp_path / final)
        assert table.column("n").to_pylist() == [index, index + 10]
        metadata = table.schema.metadata
        assert metadata[b"reprints.run_id"] == b"r" and metadata[b"reprints.schema_version"] == SCHEMA_VERSION.encode()
        assert metadata[b"reprints.pipeline_version"] == PIPELINE_VERSION.encode()
    assert leftovers(tmp_path) == [] and commit(str(tmp_path), [], {}) == []


def test_a_flush_killed_after_its_commit_point_is_finished_by_the_next_open(tmp_path: Path) -> None:
    commit_killed_at(tmp_path, "commit")  # the manifest is written, no file is in place yet
    assert not any((tmp_path / final).exists() for final in FINALS)
    assert recover(str(tmp_path)) == len(FINALS)
    assert [pq.read_table(tmp_path / final).column("n").to_pylist() for final in FINALS] == [[0, 10], [1, 11], [2, 12]]
    assert leftovers(tmp_path) == []


def test_a_flush_killed_between_two_renames_is_finished_without_moving_a_file_twice(tmp_path: Path) -> None:
    commit_killed_at(tmp_path, "rename:1")
    assert [(tmp_path / final).exists() for final in FINALS] == [True, False, False]
    assert recover(str(tmp_path)) == 2
    assert all((tmp_path / final).exists() for final in FINALS) and leftovers(tmp_path) == []


def test_a_flush_killed_before_its_commit_point_leaves_nothing_behind(tmp_path: Path) -> None:
    commit_killed_at(tmp_path, "parquet")  # a file half-written in staging, no manifest
    assert leftovers(tmp_path) and not (tmp_path / PENDING).exists()
    assert recover(str(tmp_path)) == 0
    assert leftovers(tmp_path) == [] and not (tmp_path / "records").exists()


def test_out_is_locked_for_one_run_at_a_time_and_freed_when_its_process_is_killed(tmp_path: Path) -> None:
    held = acquire_lock(str(tmp_path))
    with pytest.raises(OutputLocked):
        probe_lock(str(tmp_path))
    with pytest.raises(OutputLocked):
        acquire_lock(str(tmp_path))
    release_lock(held)
    probe_lock(str(tmp_path))

    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from tasks.output.write import acquire_lock; acquire_lock(sys.argv[1]); "
         "print('locked', flush=True); time.sleep(600)", str(tmp_path)],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None  # stdout=PIPE
    try:
        assert holder.stdout.readline() == "locked\n"
        with pytest.raises(OutputLocked):
            probe_lock(str(tmp_path))
    finally:
        holder.kill()
        holder.wait()
    release_lock(acquire_lock(str(tmp_path)))  # no clean-up ran, yet the lock went with the process


def test_a_published_file_replaces_the_old_one_whole(tmp_path: Path) -> None:
    path = publish_file(str(tmp_path), "reports/r.json", b'{"first": true}')
    assert path == str(tmp_path / "reports" / "r.json") and Path(path).read_bytes() == b'{"first": true}'
    publish_file(str(tmp_path), "reports/r.json", b'{"second": true}')
    assert Path(path).read_bytes() == b'{"second": true}' and leftovers(tmp_path) == []


def test_directories_are_swapped_as_one_commit(tmp_path: Path) -> None:
    (tmp_path / "live").mkdir()
    (tmp_path / "live" / "old.parquet").write_bytes(b"old")
    (tmp_path / STAGING / "new").mkdir(parents=True)
    (tmp_path / STAGING / "new" / "merged.parquet").write_bytes(b"new")
    commit_swaps(str(tmp_path), [(f"{STAGING}/new", "live")])
    assert sorted(p.name for p in (tmp_path / "live").iterdir()) == ["merged.parquet"]
    assert not (tmp_path / STAGING / "new").exists() and leftovers(tmp_path) == []


def test_row_groups_hold_about_row_group_bytes_of_data() -> None:
    assert rows_per_row_group(1000, ROW_GROUP_BYTES * 4) == 250
    assert rows_per_row_group(1000, 1000) == 1000 * ROW_GROUP_BYTES // 1000  # a small table: one row group
    assert rows_per_row_group(0, 0) == 1


def test_a_flush_killed_after_its_renames_has_their_folders_synced_by_the_next_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # commit renames every file, then syncs their folders: a kill between the two leaves renames that a power cut
    # could still undo, so the recovery that removes the manifest must sync them first, moved by it or not
    commit_killed_at(tmp_path, f"rename:{len(FINALS)}")
    assert all((tmp_path / final).exists() for final in FINALS)
    synced: list[str] = []
    sync_folder = storage.sync_folder

    def recorded(folder: str) -> None:
        synced.append(folder)
        sync_folder(folder)

    monkeypatch.setattr(storage, "sync_folder", recorded)
    assert recover(str(tmp_path)) == 0
    finals = {os.path.dirname(tmp_path / final) for final in FINALS}
    assert finals <= set(synced) and leftovers(tmp_path) == []
