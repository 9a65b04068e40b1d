"""The local pool (tasks/run/local_pool.py): real forkserver processes, real files, no Prefect."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import psutil
import pytest

from tasks.inputs.discover import find_inputs
from tasks.model import SourceFile
from tasks.pipeline import CleanOptions, process_batch
from tasks.run.local_pool import MAX_PIECE_FILES, PIECES_PER_PROCESS, LocalPool, known_for
from tests.cli_runs import make_raw

TIMEOUT = 120


@pytest.fixture
def sources(tmp_path: Path) -> list[SourceFile]:
    return find_inputs(str(make_raw(tmp_path / "raw", 13)))  # 18 files


def test_a_batch_comes_back_in_order_as_one_process_cleans_it(sources: list[SourceFile]) -> None:
    known = {sources[2].source_path: frozenset({"0" * 64})}
    with LocalPool(2) as pool:
        result = pool.clean(sources, known, CleanOptions(), TIMEOUT)
    inline = process_batch(sources, known, CleanOptions())
    assert result.outcomes == inline.outcomes
    counts = {name: (c.documents_in, c.documents_out, c.paragraphs_out) for name, c in result.steps.items()}
    assert counts == {name: (c.documents_in, c.documents_out, c.paragraphs_out) for name, c in inline.steps.items()}


def test_a_batch_is_cut_so_every_process_gets_pieces_and_no_piece_is_long() -> None:
    files = [SourceFile(f"{i}", f"{i}", 1) for i in range(1000)]
    pieces = LocalPool(2).pieces(files)
    assert [source for piece in pieces for source in piece] == files
    assert max(map(len, pieces)) == MAX_PIECE_FILES and len(pieces) >= PIECES_PER_PROCESS * 2
    assert [len(piece) for piece in LocalPool(2).pieces(files[:6])] == [2, 2, 2]  # 4 pieces at least would be 1.5 files
    assert LocalPool(3).pieces([]) == []


def test_known_digests_go_only_with_the_files_that_need_them(sources: list[SourceFile]) -> None:
    known = {sources[0].source_path: frozenset({"a"}), "elsewhere.txt": frozenset({"b"})}
    assert known_for(sources[:2], known) == {sources[0].source_path: frozenset({"a"})}


def test_a_worker_killed_breaks_the_batch_and_the_retry_gets_fresh_processes(sources: list[SourceFile]) -> None:
    with LocalPool(2) as pool:
        pool.warm()
        deadline = time.monotonic() + TIMEOUT
        while len(pool.worker_pids()) < 2:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        killed = pool.worker_pids()[0]
        os.kill(killed, signal.SIGKILL)
        with pytest.raises(BrokenProcessPool):
            for _ in range(50):  # the pool notices the death on its next use, at the latest
                pool.clean(sources, {}, CleanOptions(), TIMEOUT)
        retried = pool.clean(sources, {}, CleanOptions(), TIMEOUT)
        assert retried.outcomes == process_batch(sources, {}, CleanOptions()).outcomes
        assert killed not in pool.worker_pids()


def test_closing_ends_the_worker_processes_and_the_pool_starts_again_on_use(sources: list[SourceFile]) -> None:
    pool = LocalPool(2)
    assert pool.worker_pids() == []  # nothing starts before first use
    pool.clean(sources[:4], {}, CleanOptions(), TIMEOUT)
    workers = [psutil.Process(pid) for pid in pool.worker_pids()]
    assert len(workers) == 2
    pool.close()
    assert pool.worker_pids() == []
    _, alive = psutil.wait_procs(workers, timeout=30)
    assert not alive
    again = pool.clean(sources[:4], {}, CleanOptions(), TIMEOUT)
    assert len(again.outcomes) == 4 and len(pool.worker_pids()) == 2
    pool.close()


def test_a_batch_that_takes_too_long_times_out(sources: list[SourceFile]) -> None:
    with LocalPool(1) as pool, pytest.raises(TimeoutError):
        pool.clean(sources, {}, CleanOptions(), 0.0)


def test_the_flow_takes_a_pool_as_it_is_and_prefect_stores_only_its_name() -> None:
    from flows.ingest import ingest_reprints

    with LocalPool(1) as pool:
        assert ingest_reprints.validate_parameters({"pool": pool})["pool"] is pool
        assert ingest_reprints.serialize_parameters({"pool": pool, "raw": "raw"}) == {"pool": "<LocalPool>", "raw": "raw"}


ALIGNING_POOL = """
import sys
from tasks.run.local_pool import LocalPool
from tasks.steps.lexicon import lexicon_loaded
with LocalPool(1, align=sys.argv[1] == "align") as pool:
    print(pool.executor().submit(lexicon_loaded).result(timeout=120))
"""


@pytest.mark.parametrize("align", [True, False])
def test_an_aligning_runs_workers_start_with_the_lexicon_and_no_other_run_reads_it(align: bool) -> None:
    # a fresh interpreter: a process has one forkserver, started by its first pool (as `reprints ingest` does)
    arg = "align" if align else "no-align"
    done = subprocess.run([sys.executable, "-c", ALIGNING_POOL, arg], capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(align)
