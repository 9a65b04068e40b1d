"""The storage seam behaves the same on a local folder and on fsspec's in-memory file system."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tasks.output import storage


@pytest.fixture
def memory_root() -> Iterator[str]:
    root = f"memory://test-{uuid.uuid4().hex}"
    yield root
    storage.rmtree(root)


@pytest.fixture(params=["local", "memory"])
def root(request: pytest.FixtureRequest, tmp_path: Path, memory_root: str) -> str:
    return str(tmp_path) if request.param == "local" else memory_root


def test_a_file_written_synced_and_renamed_reads_back_as_a_dataset(root: str) -> None:
    staged, final = f"{root}/.staging/x.tmp", f"{root}/records/language=en/part-1.parquet"
    storage.makedirs(f"{root}/.staging")
    with storage.open_file(staged, "wb") as handle:
        pq.write_table(pa.table({"text": ["hello", "world"]}), handle)
        storage.sync(handle, staged)
    storage.makedirs(f"{root}/records/language=en")
    storage.replace(staged, final)
    assert not storage.exists(staged) and storage.exists(final)
    table = storage.dataset(f"{root}/records", format="parquet", partitioning="hive").to_table()
    assert sorted(zip(table["text"].to_pylist(), table["language"].to_pylist(), strict=True)) == [
        ("hello", "en"),
        ("world", "en"),
    ]


def test_folders_list_test_and_remove_like_os(root: str) -> None:
    storage.makedirs(f"{root}/pending")
    for name in ("a.json", "b.tmp"):
        with storage.open_file(f"{root}/pending/{name}", "wb") as handle:
            handle.write(b"[]")
    assert sorted(storage.listdir(f"{root}/pending")) == ["a.json", "b.tmp"]
    assert storage.isdir(f"{root}/pending") and not storage.isdir(f"{root}/pending/a.json")
    storage.remove(f"{root}/pending/a.json")
    assert storage.listdir(f"{root}/pending") == ["b.tmp"]
    storage.rmtree(f"{root}/pending")
    storage.rmtree(f"{root}/pending")  # no error when already gone
    assert not storage.exists(f"{root}/pending/b.tmp")


def test_remote_files_are_listed_sorted_without_hidden_names_and_read_within_a_limit(memory_root: str) -> None:
    files = {"b/2.txt": b"two", "a.txt": b"one!", ".hidden": b"x", "c/.staging/3.txt": b"x", "b/1.txt": b""}
    for relative, data in files.items():
        with storage.open_file(f"{memory_root}/{relative}", "wb") as handle:
            handle.write(data)
    listed = storage.list_files(memory_root)
    assert [relative for _, relative, _ in listed] == ["a.txt", "b/1.txt", "b/2.txt"]
    for url, relative, size in listed:
        assert size == len(files[relative])
        assert storage.read_bytes(url, 100) == files[relative]
    assert storage.read_bytes(listed[0][0], 2) == b"on"


def test_a_remote_lock_is_claimed_once_until_removed(memory_root: str) -> None:
    lock = f"{memory_root}/.lock"
    assert storage.claim(lock, b"run 1")
    assert not storage.claim(lock, b"run 2")
    with storage.open_file(lock, "rb") as handle:
        assert handle.read() == b"run 1"
    storage.remove(lock)
    assert storage.claim(lock, b"run 3")


def test_file_urls_become_local_paths_and_other_urls_stay(tmp_path: Path) -> None:
    assert storage.normalize(f"file://{tmp_path}") == str(tmp_path)
    assert not storage.is_remote(storage.normalize(f"file://{tmp_path}/out"))
    assert storage.normalize("memory://bucket/out") == "memory://bucket/out"
    assert storage.is_remote("memory://bucket/out") and storage.is_remote("s3://bucket/raw")
    assert not storage.is_remote(os.path.join("relative", "out"))


def _inputs(sample_path: Path) -> dict[str, bytes]:
    """The demo inputs of raw/ and the real sample, by path relative to RAW."""
    demo = Path(__file__).resolve().parents[1] / "raw"
    files = {str(p.relative_to(demo)): p.read_bytes() for p in sorted(demo.rglob("*")) if p.is_file()}
    return {**files, "nested/alaska.txt": sample_path.read_bytes()}


def _put(root: str, files: dict[str, bytes]) -> None:
    for relative, data in files.items():
        storage.makedirs(os.path.dirname(f"{root}/{relative}"))
        with storage.open_file(f"{root}/{relative}", "wb") as handle:
            handle.write(data)


def _records(out: str) -> list[tuple[str, str, str, str]]:
    table = storage.dataset(f"{out}/records", format="parquet", partitioning="hive").to_table()
    columns = ("doc_id", "language", "source_path", "text")
    return sorted(zip(*(table.column(name).to_pylist() for name in columns), strict=True))


@pytest.mark.usefixtures("prefect_server")
def test_raw_and_out_in_memory_give_the_records_of_local_folders(sample_path: Path, tmp_path: Path, memory_root: str) -> None:
    from flows.ingest import ingest_reprints

    files = _inputs(sample_path)
    _put(str(tmp_path / "raw"), files)
    _put(f"{memory_root}/raw", files)
    local = ingest_reprints(raw=str(tmp_path / "raw"), out=str(tmp_path / "out"), runner="thread")
    # memory:// lives in this process: the process runner's workers would not see it
    remote = ingest_reprints(raw=f"{memory_root}/raw", out=f"{memory_root}/out", runner="thread")
    assert _records(f"{memory_root}/out") == _records(str(tmp_path / "out")) != []
    assert remote.quarantined == local.quarantined and remote.files_found == len(files)
    assert storage.exists(f"{memory_root}/out/reports/{remote.run_id}.json")
    assert not storage.exists(f"{memory_root}/out/.lock"), "the run lock outlived the run"
    assert storage.listdir(f"{memory_root}/out/.pending") == []

    again = ingest_reprints(raw=f"{memory_root}/raw", out=f"{memory_root}/out", runner="thread")
    assert again.already_ingested == len(files) and again.documents == 0


@pytest.mark.usefixtures("prefect_server")
def test_file_urls_run_on_the_default_runner_with_a_local_lock(sample_path: Path, tmp_path: Path) -> None:
    from flows.ingest import ingest_reprints

    _put(str(tmp_path / "raw"), _inputs(sample_path))
    ingest_reprints(raw=f"file://{tmp_path}/raw", out=f"file://{tmp_path}/out", workers=2)
    ingest_reprints(raw=str(tmp_path / "raw"), out=str(tmp_path / "plain"), workers=2)
    assert _records(str(tmp_path / "out")) == _records(str(tmp_path / "plain")) != []
    assert (tmp_path / "out" / ".lock").is_file()  # the flock file stays; the lock went with the run


@pytest.mark.usefixtures("prefect_server")
def test_a_remote_out_held_by_another_run_is_refused(sample_path: Path, memory_root: str) -> None:
    from flows.ingest import ingest_reprints
    from tasks.output.write import OutputLocked

    _put(f"{memory_root}/raw", _inputs(sample_path))
    assert storage.claim(f"{memory_root}/out/.lock", b"another host")
    with pytest.raises(OutputLocked, match=r"delete memory://.*/out/\.lock"):
        ingest_reprints(raw=f"{memory_root}/raw", out=f"{memory_root}/out", runner="thread")
    assert not storage.exists(f"{memory_root}/out/records")


def test_a_committed_flush_interrupted_before_its_renames_is_finished_on_a_remote_out(memory_root: str) -> None:
    from tasks.output.write import PENDING, STAGING, recover

    out = f"{memory_root}/out"
    _put(out, {f"{STAGING}/abc.tmp": b"parquet bytes", f"{STAGING}/orphan.tmp": b"never committed"})
    _put(out, {f"{PENDING}/m.json": json.dumps([[f"{STAGING}/abc.tmp", "records/language=en/part-1.parquet"]]).encode()})
    assert recover(out) == 1
    with storage.open_file(f"{out}/records/language=en/part-1.parquet", "rb") as handle:
        assert handle.read() == b"parquet bytes"
    assert not storage.exists(f"{out}/{STAGING}/orphan.tmp") and storage.listdir(f"{out}/{PENDING}") == []


def _small_flushes(tmp_path: Path, out: str, articles: int) -> None:
    """OUT with one flush per document, written by the run's own sink from small articles written here."""
    from tasks.inputs.discover import find_inputs
    from tasks.pipeline import CleanOptions, process_batch
    from tests.cli_runs import articles_raw
    from tests.conftest import write_out

    outcomes = process_batch(find_inputs(str(articles_raw(tmp_path / "raw", articles))), {}, CleanOptions()).outcomes
    write_out(out, outcomes, "small", documents_per_flush=1)


def test_an_out_in_memory_compacts_to_fewer_files_with_the_same_rows(tmp_path: Path, memory_root: str) -> None:
    from tasks.output.compact import compact

    out = f"{memory_root}/out"
    _small_flushes(tmp_path, out, 6)
    before, files_before = _records(out), storage.glob(f"{out}/records/*/*.parquet")
    results = compact(out, 256)
    assert _records(out) == before != []
    assert len(storage.glob(f"{out}/records/*/*.parquet")) < len(files_before)
    assert sum(r.files_after for r in results) < sum(r.files_before for r in results)
    assert storage.glob(f"{out}/.staging/*") == [] and storage.listdir(f"{out}/.pending") == []
    assert not storage.exists(f"{out}/.lock")


def test_a_remote_compaction_interrupted_after_its_commit_point_is_finished_by_recover(memory_root: str) -> None:
    """commit_replacements' manifest: new files moved in, replaced ones deleted, each step skipped when already done."""
    from tasks.output.write import PENDING, STAGING, recover

    out = f"{memory_root}/out"
    live = "records/language=en"
    _put(out, {f"{live}/part-a.parquet": b"a", f"{live}/part-b.parquet": b"b", f"{live}/part-c.parquet": b"c"})
    _put(out, {f"{STAGING}/compact-1-0/part-compact-1-00001.parquet": b"a+b"})
    # a crash after part-b was deleted: part-a still there, the merged file not yet moved
    storage.remove(f"{out}/{live}/part-b.parquet")
    manifest = {
        "replacements": [[f"{STAGING}/compact-1-0", live, ["part-compact-1-00001.parquet"], ["part-a.parquet", "part-b.parquet"]]]
    }
    _put(out, {f"{PENDING}/m.json": json.dumps(manifest).encode()})
    recover(out)
    assert sorted(storage.listdir(f"{out}/{live}")) == ["part-c.parquet", "part-compact-1-00001.parquet"]
    with storage.open_file(f"{out}/{live}/part-compact-1-00001.parquet", "rb") as handle:
        assert handle.read() == b"a+b"
    assert storage.listdir(f"{out}/{PENDING}") == [] and not storage.exists(f"{out}/{STAGING}")
