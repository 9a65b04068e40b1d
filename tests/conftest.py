"""Shared fixtures: where ../shared is, and one Prefect test server per session for flow tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from reprints.logs import use_project_logging
from tasks.model import Outcome

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
OutcomeT = TypeVar("OutcomeT", bound=Outcome)
NO_SHARED = f"needs {SHARED} (the team's shared corpus and samples, beside the checkout in CI; absent in a user's clone)"

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("REPRINTS_CACHE_DIR", str(REPO / ".cache"))  # the parsed lexicon (lexicon.py): not the user's home
use_project_logging(Path(os.environ.get("PREFECT_HOME", REPO / ".prefect")))  # before anything imports Prefect


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with the reason when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(NO_SHARED)
    return path


@pytest.fixture
def sample_path() -> Path:
    return shared_path("samples", "alaska-summit-reprint.txt")


SERVER_STARTUP_SECONDS = 600  # a deadline for a hung start only: a loaded 2-core machine takes minutes, alone 10 s


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A real, temporary Prefect server for the session, on a database of its own; use it only for flow tests.

    Started as `reprints ingest` starts its own (reprints/server.py), not with prefect.testing's harness: on a
    loaded machine the harness failed the session's flow tests at set-up when its server, up but busy, took over
    5 s to answer one health check (httpx's default timeout; only a refused connection is retried), or took longer
    than its timeout, which counts only its sleeps between checks.
    """
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from reprints.server import EmbeddedServer

    database = tmp_path_factory.mktemp("prefect-server") / "prefect.db"
    setting = "PREFECT_SERVER_DATABASE_CONNECTION_URL"
    before = os.environ.get(setting)
    os.environ[setting] = f"sqlite+aiosqlite:///{database}"  # for the server process only
    server = EmbeddedServer()
    try:
        with server as api_url:
            server.wait_until_healthy(SERVER_STARTUP_SECONDS)
            with temporary_settings(updates={PREFECT_API_URL: api_url}):
                yield
                APILogWorker.drain_all(timeout=10)  # before the server stops, or they log connection errors
                EventsWorker.drain_all(timeout=10)
    finally:
        if before is None:
            del os.environ[setting]
        else:
            os.environ[setting] = before


NTREX_LANGUAGES = frozenset({"zh-Hant", "en", "fr"})


@pytest.fixture(scope="session")
def ntrex_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A RAW folder of real news from ../shared/corpus/parallel/ntrex128, 123 articles written twice:
    as a bilingual reprint (Traditional Chinese, then the English original) and in French."""
    from tests.corpus import ntrex_articles

    articles = {language: ntrex_articles(language) for language in NTREX_LANGUAGES}
    raw = tmp_path_factory.mktemp("ntrex-raw")
    for number, (zh_hant, en, fr) in enumerate(zip(articles["zh-Hant"], articles["en"], articles["fr"], strict=True)):
        raw.joinpath(f"{number:03d}-zh-Hant-en.txt").write_text("\n".join([*zh_hant, "", *en]) + "\n", encoding="utf-8")
        raw.joinpath(f"{number:03d}-fr.txt").write_text("\n".join(fr) + "\n", encoding="utf-8")
    return raw


@pytest.fixture(scope="session")
def ntrex_documents(ntrex_raw: Path) -> list:
    """The cleaned outcomes of every file of ntrex_raw (no Prefect: the pipeline's plain functions), aligned too."""
    from tasks.inputs.discover import find_inputs
    from tasks.pipeline import CleanOptions, process_batch

    return process_batch(find_inputs(str(ntrex_raw)), {}, CleanOptions(languages=NTREX_LANGUAGES, align=True)).outcomes


@pytest.fixture(scope="session")
def quarantined(tmp_path_factory: pytest.TempPathFactory) -> list:
    """Real quarantine outcomes: an empty (BOM and whitespace only) file and a binary one."""
    from tasks.inputs.discover import find_inputs
    from tasks.pipeline import CleanOptions, process_batch

    bad = tmp_path_factory.mktemp("bad-raw")
    bad.joinpath("empty.txt").write_bytes(b"\xef\xbb\xbf \r\n\r\n")
    bad.joinpath("image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    return process_batch(find_inputs(str(bad)), {}, CleanOptions()).outcomes


def write_out(out: Path | str, outcomes: list, run_id: str, flush_mb: int = 64, documents_per_flush: int | None = None):
    """Accept `outcomes` into OUT through the run's own sink (no Prefect); returns the RunReport.

    documents_per_flush forces a flush after that many outcomes, as many small runs would.
    """
    from tasks.model import BatchResult
    from tasks.output.report import RunReport
    from tasks.output.sink import RecordSink

    report = RunReport(run_id=run_id, raw="ntrex", out=str(out), files_found=len(outcomes))
    sink = RecordSink(str(out), run_id, report, flush_mb=flush_mb)
    for index, outcome in enumerate(outcomes, 1):
        sink.accept(BatchResult([outcome]))
        if documents_per_flush and index % documents_per_flush == 0:
            sink.flush()
    sink.flush()
    sink.release()
    return report


def outcome_as(kind: type[OutcomeT], outcome: Outcome) -> OutcomeT:
    """The outcome as the kind a test expects (CleanDocument, Quarantined); the test fails, showing it, when it is not."""
    assert isinstance(outcome, kind), outcome
    return outcome


def duckdb_rows(query: str) -> list[tuple]:
    """The rows of a DuckDB query that returns rows (duckdb.sql gives None for a statement that returns none)."""
    import duckdb

    relation = duckdb.sql(query)
    assert relation is not None, query
    return relation.fetchall()


@pytest.fixture(scope="session")
def api_url(prefect_server: None) -> str:
    """The session Prefect server's API URL, for tests that start `reprints` in other processes."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value()


def peak_mb() -> int:
    """This process's peak resident memory in MB, as the kernel counts it for its own address space (VmHWM). Not
    getrusage's ru_maxrss, which Linux carries over an exec from the parent: a test's child process would report the
    test runner's memory."""
    status = Path("/proc/self/status").read_text(encoding="ascii")
    return int(status.split("VmHWM:")[1].split()[0]) // 1024


needs_proc = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc (Linux)")
