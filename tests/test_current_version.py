"""The documented query for what each file holds now (docs/operations.md) is right after any sequence of changes.

Runs go through the run's own sink (no Prefect), on files written by the test: versions of two files changed
in place, back and forth, to each other's content, to an empty (quarantined) file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.inputs.discover import find_inputs
from tasks.model import CleanDocument
from tasks.output.report import RunReport
from tasks.output.sink import RecordSink
from tasks.pipeline import CleanOptions, process_batch
from tests.cli_runs import article
from tests.conftest import duckdb_rows

# What a file can hold at each run: three articles, an empty file (quarantined as `empty`).
VERSIONS = [article(1), article(2), article(4), ""]
FILES = ("a.txt", "b.txt")


def ingest(raw: Path, out: Path, run_id: str) -> RunReport:
    """One run as the flow does it: what OUT knows of each path, clean, accept, flush."""
    sources = find_inputs(str(raw))
    report = RunReport(run_id=run_id, raw=str(raw), out=str(out), files_found=len(sources))
    sink = RecordSink(str(out), run_id, report)
    try:
        sink.accept(process_batch(sources, sink.known([s.source_path for s in sources]), CleanOptions()))
        sink.flush()
    finally:
        sink.release()
    return report


def current_documents(out: Path) -> dict[str, str | None]:
    """source_path -> the doc_id of what the file holds now (None: quarantined), by the query docs/operations.md gives."""
    parts = {
        "records": "SELECT source_path, doc_id, ingested_at AS happened FROM read_parquet('{}/records/*/*.parquet')",
        "duplicates": "SELECT source_path, doc_id, detected_at AS happened FROM read_parquet('{}/duplicates/*.parquet')",
        "quarantine": "SELECT source_path, NULL::VARCHAR AS doc_id, quarantined_at AS happened "
        "FROM read_parquet('{}/quarantine/*.parquet')",
    }
    events = " UNION ALL ".join(sql.format(out) for name, sql in parts.items() if (out / name).is_dir())
    query = f"""
        SELECT source_path, doc_id FROM ({events})
        QUALIFY row_number() OVER (PARTITION BY source_path ORDER BY happened DESC) = 1
    """
    return dict(duckdb_rows(query))


def expected_documents(raw: Path) -> dict[str, str | None]:
    """What cleaning each file as it is now gives, with nothing known."""
    outcomes = process_batch(find_inputs(str(raw)), {}, CleanOptions()).outcomes
    return {o.source_path: o.doc_id if isinstance(o, CleanDocument) else None for o in outcomes}


def record_texts(out: Path, doc_id: str) -> set[str]:
    return {
        text for (text,) in duckdb_rows(f"SELECT text FROM read_parquet('{out}/records/*/*.parquet') WHERE doc_id = '{doc_id}'")
    }


def run_sequence(root: Path, steps: list[tuple[int, int]]) -> None:
    raw, out = root / "raw", root / "out"
    raw.mkdir()
    for number, (a, b) in enumerate(steps):
        for name, version in zip(FILES, (a, b), strict=True):
            (raw / name).write_text(VERSIONS[version], encoding="utf-8")
        ingest(raw, out, f"run{number}")
        expected = expected_documents(raw)
        assert current_documents(out) == expected, f"after steps {steps[: number + 1]}"
        for doc_id in filter(None, expected.values()):
            assert record_texts(out, doc_id), "the current document's records are in OUT"


def test_a_file_changed_back_to_an_earlier_version_is_that_version_again(tmp_path: Path) -> None:
    """The case that broke: version one, two, then one again; OUT said version two."""
    run_sequence(tmp_path, [(0, 2), (1, 2), (0, 2)])


def test_a_file_changed_to_another_file_s_content_then_back(tmp_path: Path) -> None:
    run_sequence(tmp_path, [(0, 1), (1, 1), (0, 1), (3, 1), (0, 1)])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(range(len(VERSIONS))), st.sampled_from(range(len(VERSIONS)))), min_size=1, max_size=5
    )
)
def test_the_documented_query_gives_what_each_file_holds_now_in_every_sequence_of_changes(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[int, int]]
) -> None:
    run_sequence(tmp_path_factory.mktemp("sequence"), steps)
