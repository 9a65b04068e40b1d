"""`reprints compact OUT`: fewer files, the same rows, atomically for readers, crash-safe, under the run lock."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from reprints.cli import main
from tasks.model import CleanDocument
from tasks.output import compact as compaction
from tasks.output import doc_index, write
from tasks.output.compact import DataFile, plan
from tasks.output.schema import DATASETS, INDEX_DIR, PIPELINE_VERSION, SCHEMA_VERSION
from tasks.run.crashpoint import CRASH_ENV
from tests.conftest import REPO, write_out

KB = 1024


# Lists a directory in a tight loop until a stop file appears; prints every distinct listing, in order.
LISTER = """
import json, os, sys
folder, stop = sys.argv[1], sys.argv[2]
listings = [sorted(os.listdir(folder))]
print("listing", flush=True)
while not os.path.exists(stop):
    listing = sorted(os.listdir(folder))
    if not listings or listing != listings[-1]:
        listings.append(listing)
print(json.dumps(listings))
"""


@pytest.fixture(scope="module")
def many_files(ntrex_documents: list, quarantined: list, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An OUT where every document, duplicate and quarantined file got its own flush: a hundred small files."""
    documents = [o for o in ntrex_documents if isinstance(o, CleanDocument)]
    copies = [dataclasses.replace(doc, source_path=f"copies/{doc.source_path}") for doc in documents[:5]]
    out = tmp_path_factory.mktemp("many-files")
    write_out(out, ntrex_documents[:40] + quarantined + copies, "early", documents_per_flush=1)
    write_out(out, ntrex_documents[40:80], "later", documents_per_flush=1)
    return out


def fresh_copy(template: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(template, out)
    return out


def every_row(out: Path) -> Counter:
    """Every row of every dataset and of the document index, all columns, as a multiset: doubled or missing rows change it."""
    rows: Counter = Counter()
    for name in [*DATASETS, INDEX_DIR]:
        dataset = ds.dataset(out / name, format="parquet", partitioning="hive" if name == "records" else None)
        for row in dataset.to_table().to_pylist():
            rows[name, tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(row.items()))] += 1
    return rows


def wait_until(condition, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def every_key(out: Path, dataset: ds.Dataset | None = None) -> list[tuple[str, str]]:
    dataset = dataset or ds.dataset(out / "records", format="parquet", partitioning="hive")
    rows = dataset.to_table(columns=["doc_id", "language"]).to_pydict()
    return list(zip(rows["doc_id"], rows["language"], strict=True))


def staged(out: Path) -> list[str]:
    staging = out / write.STAGING
    return sorted(os.listdir(staging)) if staging.exists() else []


def data_files(out: Path) -> dict[str, list[Path]]:
    return {d: sorted((out / d).glob("*.parquet")) for d in compaction.data_directories(str(out))}


def test_compaction_merges_each_partition_into_fewer_files_with_the_same_rows(
    many_files: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = fresh_copy(many_files, tmp_path)
    before_rows, before_files = every_row(out), data_files(out)
    assert set(before_files) >= {"quarantine", "duplicates", "records/language=en", "records/language=zh-Hant"}
    assert all(len(files) > 1 for files in before_files.values())
    before_runs = {
        d: {pq.read_metadata(f).metadata[b"reprints.run_id"].decode() for f in files} for d, files in before_files.items()
    }
    assert before_runs["records/language=en"] == {"early", "later"}

    assert main(["compact", str(out)]) == 0

    assert every_row(out) == before_rows
    after_files = data_files(out)
    assert set(after_files) == set(before_files)
    for directory, files in after_files.items():
        assert len(files) == 1, directory
        metadata = {k.decode(): v.decode() for k, v in pq.read_metadata(files[0]).metadata.items()}
        assert metadata["reprints.schema_version"] == SCHEMA_VERSION
        assert metadata["reprints.pipeline_version"] == PIPELINE_VERSION
        assert metadata["reprints.run_id"].startswith("compact-")
        assert set(metadata["reprints.source_runs"].split(",")) == before_runs[directory]
        assert pq.read_metadata(files[0]).num_row_groups == 1, "a few MB make one row group"
    assert staged(out) == []

    assert main(["compact", str(out)]) == 0, "compacting again changes nothing"
    assert data_files(out) == after_files and every_row(out) == before_rows
    assert doc_index.repair(str(out)) == [], "each merged index file describes exactly its merged data files"


def test_a_run_after_compaction_knows_everything_out_holds(many_files: Path, tmp_path: Path, ntrex_documents: list) -> None:
    out = fresh_copy(many_files, tmp_path)
    compaction.compact(str(out), target_mb=256)
    again = write_out(out, ntrex_documents[:80], "again")
    assert (again.documents, again.duplicates) == (0, 80)


def test_merged_row_groups_hold_about_row_group_bytes(many_files: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = fresh_copy(many_files, tmp_path)
    monkeypatch.setattr(compaction, "ROW_GROUP_BYTES", 32 * KB)
    compaction.compact(str(out), target_mb=256)
    (merged,) = (out / "records" / "language=en").glob("*.parquet")
    parquet = pq.ParquetFile(merged)
    sizes = [parquet.read_row_group(i).nbytes for i in range(parquet.num_row_groups)]
    assert len(sizes) > 3
    assert all(size >= 32 * KB for size in sizes[:-1]), "no row group is cut before the target"
    assert all(size < 2 * 32 * KB for size in sizes), "nor grows far past it"


def test_plan_groups_consecutive_small_flushes_of_one_schema_up_to_the_target() -> None:
    schema = pa.schema([("a", pa.string())])
    other = pa.schema([("a", pa.string()), ("b", pa.string())])

    def flush(name: str, sizes: dict[str, int], kind: pa.Schema = schema, version: str = "1.0") -> tuple[str, dict]:
        return name, {d: DataFile(name, 1, size, version, kind, "run") for d, size in sizes.items()}

    flushes = dict(
        [
            flush("a", {"en": 300, "index": 10}),
            flush("b", {"en": 300, "fr": 900, "index": 10}),
            flush("c", {"en": 300, "fr": 200, "index": 10}),  # fr would pass the target: a new group
            flush("d", {"en": 300, "index": 10}),
            flush("e", {"en": 1000, "index": 10}),  # a file at the target: this flush stays as it is
            flush("f", {"en": 10, "index": 10}),
            flush("g", {"en": 10, "index": 10}, other),  # other columns: never merged with the others
            flush("h", {"en": 10, "index": 10}, version="0.9"),
            flush("i", {"en": 10, "index": 10}, version="0.9"),
            flush("j", {"quarantine": 10, "index": 10}, version="0.9"),  # no en file: that is fine
        ]
    )
    assert plan(flushes, target_bytes=1000) == [["a", "b"], ["c", "d"], ["h", "i", "j"]]


def test_readers_polling_during_compaction_never_see_doubled_rows(many_files: Path, tmp_path: Path) -> None:
    """pyarrow and DuckDB query the dataset over and over while it is compacted, and another process lists
    one partition as fast as it can (every glob-based reader starts with such a listing): every DuckDB answer
    holds each row exactly once, no answer holds a row twice, and every listing is all old files or all new ones.
    A pyarrow answer may miss rows (docs/output.md): seen once in a fresh-clone run, never in 18 runs alone."""
    out = fresh_copy(many_files, tmp_path)
    glob = str(out / "records" / "**" / "*.parquet")
    partition = out / "records" / "language=en"
    old_listing = sorted(os.listdir(partition))
    stop = tmp_path / "stop"
    lister = subprocess.Popen([sys.executable, "-c", LISTER, str(partition), str(stop)], stdout=subprocess.PIPE, text=True)
    assert lister.stdout is not None  # stdout=PIPE
    assert lister.stdout.readline() == "listing\n"
    expected = sorted(every_key(out))

    def missed_and_doubled(keys: list[tuple[str, str]]) -> tuple[int, int]:
        """How many expected rows an answer missed, and how many it held twice or did not expect."""
        found, wanted = Counter(keys), Counter(expected)
        return sum((wanted - found).values()), sum((found - wanted).values())

    def read_duckdb() -> tuple[int, tuple[int, int]]:
        """(files read, (rows missed, rows doubled)) in one DuckDB query."""
        connection = duckdb.connect()
        try:
            rows = connection.sql(
                f"SELECT doc_id, language, filename FROM read_parquet('{glob}', hive_partitioning = true, filename = true)"
            ).fetchall()
        finally:
            connection.close()
        return len({filename for _, _, filename in rows}), missed_and_doubled([(doc, language) for doc, language, _ in rows])

    def read_pyarrow() -> tuple[int, tuple[int, int]]:
        dataset = ds.dataset(out / "records", format="parquet", partitioning="hive")
        return len(dataset.files), missed_and_doubled(every_key(out, dataset))

    checks = {"pyarrow": read_pyarrow, "duckdb": read_duckdb}
    done = threading.Event()
    seen: dict[str, list[tuple[str, int, tuple[int, int] | str]]] = {name: [] for name in checks}

    def poll(name: str) -> None:
        while not done.is_set():
            try:
                seen[name].append(("ok", *checks[name]()))
            except (OSError, duckdb.IOException) as error:  # a file listed just before a swap, opened after it
                seen[name].append(("error", 0, str(error)))

    pollers = [threading.Thread(target=poll, args=(name,)) for name in checks]
    for poller in pollers:
        poller.start()
    wait_until(lambda: all(seen.values()))
    compaction.compact(str(out), target_mb=256)
    polls_when_compacted = {name: len(polls) for name, polls in seen.items()}
    wait_until(lambda: all(len(seen[name]) >= polls_when_compacted[name] + 2 for name in seen))
    done.set()
    stop.touch()
    for poller in pollers:
        poller.join()
    listings = json.loads(lister.communicate(timeout=60)[0])
    assert listings[0] == old_listing
    assert len(listings[-1]) == 1 and listings[-1][0].startswith("part-compact-")
    assert len(listings) == 2, "the listing changed once, from all old files to the merged one"

    for name, polls in seen.items():
        answers = [(files, wrong) for outcome, files, wrong in polls if outcome == "ok" and isinstance(wrong, tuple)]
        # Arrow's local listing reads a directory's names, then stats each by path, skipping one not found: a swap
        # between the two hides the files merged away (docs/output.md). Never a doubled row, for any reader.
        allowed = {"pyarrow": lambda missed, doubled: doubled == 0, "duckdb": lambda missed, doubled: (missed, doubled) == (0, 0)}
        bad = [(files, wrong) for files, wrong in answers if not allowed[name](*wrong)]
        assert not bad, f"{name} saw missing or doubled rows (files read, (missed, doubled)): {bad}"
        file_counts = {files for files, _ in answers}
        assert min(file_counts) < max(file_counts), f"{name} read both before and after a swap"
        errors = [str(detail) for outcome, _, detail in polls if outcome == "error"]  # an error's detail is its message
        assert all("No such file" in e or "not found" in e.lower() for e in errors), errors
        assert len(answers) > len(errors)


def test_compaction_holds_the_run_lock(many_files: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = fresh_copy(many_files, tmp_path)
    lock = write.acquire_lock(str(out))
    try:
        assert main(["compact", str(out)]) == 3
        assert "another reprints run is writing" in capsys.readouterr().err
        assert len(data_files(out)["records/language=en"]) > 1
    finally:
        write.release_lock(lock)
    assert main(["compact", str(out)]) == 0


def test_compact_of_a_missing_out_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["compact", str(tmp_path / "nowhere")]) == 2


@pytest.mark.parametrize("moment", ["while staging", "while swapping"])
def test_killed_compaction_leaves_every_row_readable_and_opening_out_finishes_or_drops_it(
    many_files: Path, tmp_path: Path, moment: str
) -> None:
    out = fresh_copy(many_files, tmp_path)
    before = every_row(out)
    files_before = {d: len(files) for d, files in data_files(out).items()}
    first = out / next(compaction.data_directories(str(out)))  # the first directory compaction swaps

    command = [sys.executable, "-m", "reprints.cli", "compact", str(out)]
    # the process kills itself at an exact point (tasks/run/crashpoint.py): in its first merged file's writing, or
    # after the first swap. Before, "while staging" was a SIGKILL sent once a staged file was seen, which a slow
    # poller on a loaded machine could send after the commit, or after the end
    point = "parquet" if moment == "while staging" else "swap"
    process = subprocess.Popen(command, cwd=REPO, env={**os.environ, CRASH_ENV: point})
    process.wait()
    assert process.returncode == -signal.SIGKILL, "killed before it finished"
    committed = any((out / write.PENDING).glob("*.json"))
    assert committed == (moment == "while swapping")
    if committed:
        assert len(list(first.glob("*.parquet"))) == 1, "the first directory was swapped before the kill"

    assert every_row(out) == before, "readers see every row exactly once even before any recovery"
    write.recover(str(out))
    files_after = {d: len(files) for d, files in data_files(out).items()}
    assert files_after == ({d: 1 for d in files_before} if committed else files_before), "all swaps done, or none"
    assert every_row(out) == before
    assert staged(out) == [] and not any((out / write.PENDING).iterdir())
    assert doc_index.repair(str(out)) == []
    assert main(["compact", str(out)]) == 0
    assert every_row(out) == before and all(len(files) == 1 for files in data_files(out).values())
