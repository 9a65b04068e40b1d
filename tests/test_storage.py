"""The storage seam behaves the same on a local folder and on fsspec's in-memory file system."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tasks import storage


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

