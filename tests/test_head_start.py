"""What the local pool cleans while the server starts is what the batch tasks would have computed (tasks/run/head_start.py).

A real forkserver pool, real files; no Prefect: `clean_batch.fn` is the task's own body.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.ingest import ingest_reprints
from reprints.cli import build_parser, flow_parameters, head_start_options
from tasks.inputs.discover import find_inputs
from tasks.model import AlreadyIngested, CleanDocument, Quarantined, SourceFile
from tasks.pipeline import CleanOptions, process_batch
from tasks.run.head_start import HeadStart
from tasks.run.local_pool import LocalPool
from tasks.run.prefect_tasks import clean_batch
from tests.cli_runs import article, make_raw, records, rows

PROCESSES = 2


@pytest.fixture
def sources(tmp_path: Path) -> list[SourceFile]:
    return find_inputs(str(make_raw(tmp_path / "raw", 40)))  # 45 files: more than two pieces cleaned ahead


@pytest.fixture
def pool():
    with LocalPool(PROCESSES) as pool:
        yield pool


def clean_all_ahead(pool: LocalPool, sources: list[SourceFile], options: CleanOptions) -> HeadStart:
    ahead = pool.start_head_start(lambda: iter(sources), options)
    deadline = time.monotonic() + 60
    while len(ahead._pieces) < len(sources) or ahead._running:  # every piece submitted and finished
        assert time.monotonic() < deadline, "the head start did not finish"
        time.sleep(0.01)
    return ahead


def test_a_batch_takes_what_the_head_start_cleaned_and_gets_what_it_would_have_computed(pool, sources) -> None:
    options = CleanOptions()
    document = next(s for s in sources if s.source_path == "2026-01/article 000.txt")
    empty = next(s for s in sources if s.source_path == "empty.txt")
    inline = process_batch(sources, {}, options)
    digest = {o.source_path: o.source_sha256 for o in inline.outcomes if o.source_sha256 is not None}  # not an unread file's
    # OUT already holds these two files' bytes: the head start, which cannot know that, cleaned them anyway
    known = {document.source_path: frozenset({digest[document.source_path]}), empty.source_path: frozenset({digest["empty.txt"]})}
    ahead = clean_all_ahead(pool, sources[:30], options)  # the first 30 cleaned ahead, the other 15 not

    result = clean_batch.fn(sources, known, options, pool=pool)

    assert result.outcomes == process_batch(sources, known, options).outcomes
    assert ahead._pieces == {}  # all 30 taken: none cleaned again
    by_path = {o.source_path: o for o in result.outcomes}
    assert by_path[document.source_path] == AlreadyIngested(document.source_path, digest[document.source_path])
    assert by_path["empty.txt"] == AlreadyIngested("empty.txt", digest["empty.txt"])  # a quarantine's bytes, too
    assert isinstance(by_path["logo.png"], Quarantined) and isinstance(by_path["2026-02/article 001.txt"], CleanDocument)
    assert set(result.step_seconds) == set(inline.step_seconds)  # the head start's step times are reported


def test_each_file_is_taken_once_and_only_with_the_options_it_was_cleaned_with(pool, sources) -> None:
    ahead = clean_all_ahead(pool, sources, CleanOptions())
    assert ahead.take(sources[:5], CleanOptions(max_line_chars=100)) == {}  # other options: cleaned again
    assert sorted(ahead.take(sources[:5], CleanOptions())) == [0, 1, 2, 3, 4]
    assert ahead.take(sources[:5], CleanOptions()) == {}  # a retry computes everything itself


def test_the_head_start_stops_when_a_batch_takes_over(pool, tmp_path: Path) -> None:
    sources = find_inputs(str(make_raw(tmp_path / "many", 400)))
    ahead = pool.start_head_start(lambda: iter(sources), CleanOptions())
    while not ahead._pieces:
        time.sleep(0.005)
    taken = ahead.take(sources[:1], CleanOptions())
    submitted = len(taken) + len(ahead._pieces)
    time.sleep(1.0)  # time for every other piece, were it still submitting
    assert len(taken) + len(ahead._pieces) == submitted < len(sources)
    result = clean_batch.fn(sources, {}, CleanOptions(), pool=pool)
    assert result.outcomes[1:] == process_batch(sources[1:], {}, CleanOptions()).outcomes


def test_a_file_whose_size_changed_after_its_head_start_is_cleaned_again(pool, sources) -> None:
    ahead = clean_all_ahead(pool, sources, CleanOptions())
    changed = sources[0]
    Path(changed.path).write_text("A longer article than it was, about the harbour and its ferries.\n", encoding="utf-8")
    [now] = find_inputs(str(Path(changed.path).parent.parent))[:1]  # its size changed, so its SourceFile did
    assert now.source_path == changed.source_path and now != changed
    assert ahead.take([now], CleanOptions()) == {}


def test_the_flow_takes_every_cleaning_option_under_its_own_name_with_the_same_default() -> None:
    flow = inspect.signature(ingest_reprints.fn).parameters
    for option in dataclasses.fields(CleanOptions):
        assert flow[option.name].default == option.default, option.name


def test_the_command_cleans_ahead_with_the_options_the_flow_will_clean_with() -> None:
    args = build_parser().parse_args(["ingest", "raw", "out", "--languages", "fr,EN", "--max-line-chars", "500"])
    assert head_start_options(flow_parameters(args)) == CleanOptions(max_line_chars=500, languages=["en", "fr"])
    assert head_start_options(flow_parameters(build_parser().parse_args(["ingest", "raw", "out"]))) == CleanOptions()


def _ingest(raw: Path, out: Path, *options: str) -> dict:
    """`reprints ingest` as users run it: its own embedded server, so the pool gets a head start while it starts."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    env["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "600"  # a loaded machine starts a server slowly
    command = [sys.executable, "-m", "reprints.cli", "ingest", str(raw), str(out), "--json", "--no-progress", *options]
    done = subprocess.run(command, cwd=raw.parent, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_run_with_a_head_start_writes_what_a_run_without_it_writes_and_a_rerun_adds_nothing(tmp_path: Path) -> None:
    raw = make_raw(tmp_path / "raw", 40)
    first = _ingest(raw, tmp_path / "out")  # the process runner: the first files are cleaned while the server starts
    reference = _ingest(raw, tmp_path / "reference", "--runner", "thread")  # no head start
    assert records(tmp_path / "out") == records(tmp_path / "reference")
    for name, columns in (("quarantine", ["source_path", "reason"]), ("duplicates", ["source_path", "duplicate_of_path"])):
        assert rows(tmp_path / "out", name, columns) == rows(tmp_path / "reference", name, columns)
    assert first["files_found"] == reference["files_found"] == 45 and first["adds_up"]

    for i in (41, 42):
        (raw / f"new {i}.txt").write_text(article(i), encoding="utf-8")
    again = _ingest(raw, tmp_path / "out")  # what was cleaned ahead is checked against OUT's digests when taken
    assert (again["already_ingested"], again["documents"], again["adds_up"]) == (45, 2, True)
