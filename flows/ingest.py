"""The Prefect flow `ingest-reprints`: RAW in, OUT/records, quarantine and a run report out.

It only composes what tasks/ holds: find the inputs (tasks/inputs), clean them in
batches on the chosen task runner (tasks/run/prefect_tasks.py; each document
goes through tasks/pipeline.py DOCUMENT_STEPS), hand the results in order to the
sink (tasks/output/sink.py), publish the report.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import islice

from prefect import flow, get_run_logger
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from flows.runners import local_processes, make_task_runner, slots
from reprints.settings import deployment_settings
from tasks.inputs.discover import find_inputs, out_inside_raw
from tasks.inputs.read import DEFAULT_MAX_BYTES, DEFAULT_MAX_LINE_CHARS
from tasks.model import BatchResult, Quarantined, SourceFile
from tasks.output import storage
from tasks.output.boilerplate import DEFAULT_MIN_DOCS
from tasks.output.report import RunReport
from tasks.output.sink import DEFAULT_FLUSH_MB, RecordSink
from tasks.pipeline import CleanOptions
from tasks.run.crashpoint import crash_point
from tasks.run.lineage import record_lineage
from tasks.run.local_pool import LocalPool, known_for
from tasks.run.prefect_tasks import clean_batch, publish_report
from tasks.run.progress import Progress
from tasks.steps.html import DEFAULT_HTML_MODE

# Files per task when not given, at most: measured with bench/batch_size.py (docs/deploy.md). A task costs the flow
# and the server ~40 ms of CPU; the local process pool shares each batch out among its processes (tasks/run/local_pool.py),
# so there a batch can be large, where a Dask worker or a thread runs it whole.
DEFAULT_BATCH_SIZE = {"process": 1024, "thread": 256, "dask": 256}
# Batches per slot at least, so a small run still keeps every worker busy and its last batches short; the local
# pool keeps its processes busy with the pieces of one batch.
BATCHES_PER_SLOT = {"process": 0, "thread": 4, "dask": 4}
BATCHES_IN_FLIGHT_PER_WORKER = 2
# The run's last batch holds at most 1/LAST_BATCH_DIVISOR of a batch: the sink accepts it after the workers are done,
# on one core while the others idle; the batch before it is accepted while they clean this one (docs/performance.md,
# the eleventh round)
LAST_BATCH_DIVISOR = 4
MIN_LAST_BATCH = 64  # files: a smaller last batch is accepted in less time than a Prefect task costs


def batches_of(sources: list[SourceFile], size: int) -> Iterator[list[SourceFile]]:
    """`sources` in batches of `size`; when they make more than one, the last `size // LAST_BATCH_DIVISOR` files go in
    a batch of their own, unless that is under MIN_LAST_BATCH files or the last batch is no larger already. A run that
    fits in one batch stays one task (docs/deploy.md, "Batch size").

    >>> def sizes(files: int, size: int) -> list[int]:
    ...     return [len(batch) for batch in batches_of(list(range(files)), size)]
    >>> sizes(4000, 1024), sizes(3100, 1024), sizes(400, 400), sizes(250, 100)
    ([1024, 1024, 1024, 672, 256], [1024, 1024, 1024, 28], [400], [100, 100, 50])
    """
    last = size // LAST_BATCH_DIVISOR
    if len(sources) <= size or last < MIN_LAST_BATCH or (len(sources) - 1) % size + 1 <= last:
        last = 0  # one batch; or a last batch too small to be worth a task, or already as small
    head = len(sources) - last
    yield from (sources[start : min(start + size, head)] for start in range(0, head, size))
    if head < len(sources):
        yield sources[head:]


def default_batch_size(files: int, slots: int, runner: str) -> int:
    batches = max(1, BATCHES_PER_SLOT[runner] * slots)
    return max(1, min(DEFAULT_BATCH_SIZE[runner], -(-files // batches)))


def unwalked(value: object, runner: str) -> object:
    """A task parameter Prefect need not walk: it looks for futures in every item of a parameter, and copies them.

    A batch holds no futures, so locally it is quoted. Not on Dask, which reads a tuple in a task's arguments (as
    Prefect's quote is) as a task of its own graph.
    """
    return value if runner == "dask" else quote(value)


@contextmanager
def local_pool(runner: str, workers: int | None, given: LocalPool | None, align: bool) -> Iterator[LocalPool | None]:
    """The pool batches are cleaned on: the one given, else one of this run's own (closed at its end, its workers
    forked with the align step's lexicon when the run aligns); None but with the `process` runner."""
    if runner != "process":
        yield None
    elif given is not None:
        yield given
    else:
        with LocalPool(local_processes(runner, workers), align) as own:
            yield own


def _run_name() -> str:
    raw = str(flow_run.parameters.get("raw", "raw"))
    return f"ingest-{raw.rstrip('/').rsplit('/', 1)[-1]}-{datetime.now(UTC):%Y%m%d-%H%M%S}"


@flow(name="ingest-reprints", flow_run_name=_run_name)
@deployment_settings  # a deployment's run: REPRINTS_* and reprints.toml on the worker, for parameters it does not set
def ingest_reprints(
    raw: str = "raw",
    out: str = "processed",
    runner: str = "process",
    workers: int | None = None,
    dask_address: str | None = None,
    batch_size: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_line_chars: int = DEFAULT_MAX_LINE_CHARS,
    languages: list[str] | None = None,
    html: str = DEFAULT_HTML_MODE,
    flush_mb: float = DEFAULT_FLUSH_MB,
    limit: int | None = None,
    progress: bool = False,
    pool: LocalPool | None = None,
    follow_symlinks: bool = False,
    boilerplate_min_docs: int = DEFAULT_MIN_DOCS,
    align: bool = False,
    retry_quarantined: bool = False,
) -> RunReport:
    """Ingest every file under `raw` into `out` and return the run report.

    Every file goes through the document pipeline, tasks/pipeline.py DOCUMENT_STEPS (read, text, paragraphs,
    notices, repeats, language, parts, minhash, align when asked), in batches; the report counts what each step let through.
    `pool`: with the `process` runner, the worker processes to clean on. `reprints ingest` passes the one it
    started (and gave a head start) while the embedded server started; a run without one, as a deployment's,
    starts its own and closes it at its end. A live object: Prefect stores it as "<LocalPool>".
    `boilerplate_min_docs`: a paragraph found in documents of this many reprint clusters is boilerplate, left out
    of the records written from then on (docs/dedup.md, section 4); 0 removes none.
    `align`: align the language parts of bilingual documents into OUT/alignments (docs/alignment.md).
    `retry_quarantined`: try again every file whose latest outcome in OUT is a quarantine, whatever its reason; without
    it, a verdict on the bytes that this version gave stands while they are unchanged (docs/operations.md).
    """
    logger = get_run_logger()
    started = time.perf_counter()
    raw, out = storage.normalize(raw), storage.normalize(out)
    if problem := out_inside_raw(raw, out):  # `reprints ingest` refuses it earlier, exit 2; a deployment fails here
        raise ValueError(problem)
    run_id = str(flow_run.id or "local")[:8]
    sources = list(islice(find_inputs(raw, follow_symlinks), limit))
    report = RunReport(run_id=run_id, raw=raw, out=out, files_found=len(sources))
    options = CleanOptions(max_bytes=max_bytes, max_line_chars=max_line_chars, languages=languages, html=html, align=align)
    logger.info("found %d files under %s; runner %s", len(sources), raw, runner)
    sink = RecordSink(
        out, run_id, report, flush_mb=flush_mb, boilerplate_min_docs=boilerplate_min_docs, retry_quarantined=retry_quarantined
    )
    try:
        with (
            local_pool(runner, workers, pool, align) as batch_pool,
            make_task_runner(runner, workers, dask_address) as task_runner,
            Progress(len(sources), enabled=progress) as bar,
        ):
            window: deque[tuple[list[SourceFile], PrefectFuture]] = deque()
            parallel = slots(task_runner, runner, workers)
            in_flight = BATCHES_IN_FLIGHT_PER_WORKER * parallel
            seen = sink.known([s.source_path for s in sources])
            size = batch_size or default_batch_size(len(sources), parallel, runner)
            for batch in batches_of(sources, size):
                known = known_for(batch, seen)
                parameters = {"sources": unwalked(batch, runner), "known": unwalked(known, runner)}
                parameters |= {"options": options, "pool": batch_pool}
                window.append((batch, task_runner.submit(clean_batch, parameters)))
                if len(window) >= in_flight:
                    _drain_one(window, sink, bar)
            while window:
                _drain_one(window, sink, bar)
        sink.flush()
        sink.checkpoint()
        report.reconcile([s.source_path for s in sources], sink.outcomes)
        report.seconds = time.perf_counter() - started
        publish_report(report)  # still under OUT's lock, so a run that starts next sees it
        record_lineage(report)  # RAW -> OUT/records as Prefect assets (tasks/run/lineage.py)
    finally:
        sink.release()
    for line in report.summary_lines():
        logger.info(line)
    if not report.adds_up():
        raise RuntimeError(
            f"accounting failed: {report.accounted} outcomes for {report.files_found} files found; "
            f"without an outcome: {report.unaccounted[:5]}, counted twice: {report.counted_twice[:5]}"
        )
    return report


def _drain_one(window: deque, sink: RecordSink, bar: Progress) -> None:
    """Accept the oldest batch: results are taken in submission order, so output never depends on timing."""
    batch, future = window.popleft()
    try:
        result = future.result()
    except Exception as error:  # the batch failed after its retries: its files are quarantined, the run goes on
        get_run_logger().error("a batch of %d files failed after its retries; quarantining them: %s", len(batch), error)
        detail = f"batch failed after retries: {type(error).__name__}: {error}"
        result = BatchResult([Quarantined(s.source_path, "failed", detail, None, s.size) for s in batch])
    sink.accept(result)
    crash_point("batch")
    bar.advance(len(batch))
