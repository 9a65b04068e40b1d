"""The `reprints` command line.

Exit codes: 0 the run completed (even with quarantined inputs); 1 the run
failed; 2 usage error; 3 another run holds OUT's lock (see docs/operations.md).
The commands that read or tidy OUT (schema, show, compact) live in their own
modules and import no Prefect, so they start at once.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import json
import logging
import os
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from reprints import __version__, compact_command, config_command, export_command, logs, schema_command, settings, show_command
from reprints.commands import EXIT_FAILED, EXIT_LOCKED, EXIT_OK, EXIT_READER_GONE, EXIT_USAGE, positive_float
from reprints.commands import positive as _positive
from reprints.interrupt import interrupted, stop_on_ctrl_c, tell
from reprints.server import EmbeddedServer, imports_without_gc

if TYPE_CHECKING:
    from tasks.pipeline import CleanOptions
    from tasks.run.local_pool import LocalPool

# What Prefect imports lazily at a flow's first call; see _import_flow_run_modules.
FLOW_RUN_MODULES = (
    "prefect.flow_engine",
    "prefect.task_engine",
    "prefect.utilities.visualization",
    "fastapi.encoders",
    "anyio._backends._asyncio",
)


def quiet_prefect_defaults() -> None:
    """Offline, quiet defaults for an embedded Prefect; a user's own settings win."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_HOME", str(Path.cwd() / ".prefect"))
    logs.use_project_logging(Path(os.environ["PREFECT_HOME"]))
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reprints", description="Raw reprinted articles in, clean per-language Parquet records out."
    )
    parser.add_argument("--version", action="version", version=f"reprints {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ingest = commands.add_parser(
        "ingest",
        help="run the Prefect flow ingest-reprints over every file under RAW",
        description="Run the Prefect flow ingest-reprints over every file under RAW, recursively, into OUT. "
        "Exit 0 when the run completed (even if inputs were quarantined), 1 when it failed, "
        "2 for a usage error, 3 when another run is writing to OUT.",
    )
    ingest.add_argument("raw", nargs="?", default="raw", help="folder or URL (s3://...) of raw reprints (default: raw/)")
    ingest.add_argument("out", nargs="?", default="processed", help="output folder or URL (default: processed/)")
    ingest.add_argument(
        "--runner",
        choices=("process", "thread", "dask"),
        default="process",
        help="Prefect task runner: a process pool over all cores (default), threads, or Dask",
    )
    ingest.add_argument(
        "--workers", type=_positive, default=None, help="processes, threads or local Dask workers (default: number of cores)"
    )
    ingest.add_argument(
        "--dask-address",
        metavar="ADDRESS",
        default=None,
        help="with --runner dask: an existing scheduler, e.g. tcp://10.0.0.5:8786 (default: start a local cluster)",
    )
    ingest.add_argument(
        "--batch-size",
        type=_positive,
        default=None,
        help="files per Prefect task; the process runner shares each batch out among its processes "
        "(default: 1024 with process, a smaller run in one batch; 256 with thread or dask, fewer when that would "
        "leave a worker under 4 batches)",
    )
    ingest.add_argument(
        "--max-bytes", type=_positive, default=None, help="quarantine files larger than this as too_large (default: 64 MiB)"
    )
    ingest.add_argument(
        "--max-line-chars",
        type=_positive,
        default=None,
        help="quarantine files with a longer line as line_too_long: dumps, not articles (default: 1048576)",
    )
    ingest.add_argument(
        "--languages",
        type=_language_list,
        default=None,
        metavar="LANGS",
        help="comma-separated BCP 47 tags to expect, e.g. en,fr,zh-Hant,sr-Cyrl: restricts language detection to them"
        " (docs/language.md lists the tags)",
    )
    ingest.add_argument(
        "--html",
        choices=("article", "text", "raw"),
        default=None,
        help="what to keep of a web page (a file that is HTML by its content, whatever its name): its main article "
        "(a page without one is quarantined as no_article; a fragment of a page or text written in tags gives its "
        "visible text), all its visible text, or its raw markup as text; an e-mail's HTML body gives its visible "
        "text, or with raw its markup (default: article)",
    )
    ingest.add_argument(
        "--flush-mb",
        type=positive_float,
        default=None,
        help="buffer this many MB of records (uncompressed) before committing them: at most one file per "
        "language partition per N MB (default: 16), fractions allowed; a crash loses at most this much work, "
        "and `reprints compact` merges small files later",
    )
    ingest.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="read symlinked files whose target lies outside RAW (default: quarantine them as outside_raw)",
    )
    ingest.add_argument(
        "--align",
        action="store_true",
        help="align the language parts of bilingual documents, paragraphs and sentences, into OUT/alignments/ for "
        "`reprints export alignments` (adds about 40%% to cleaning time; docs/alignment.md)",
    )
    ingest.add_argument(
        "--retry-quarantined",
        action="store_true",
        help="try again every file OUT holds as quarantined, whatever the reason, its bytes unchanged or not (default: "
        "only reasons that may pass, such as unreadable, and verdicts on the bytes another reprints version gave)",
    )
    ingest.add_argument(
        "--boilerplate-min-docs",
        type=_boilerplate_min_docs,
        default=None,
        metavar="K",
        help="a paragraph (of 16 letters or more) found in documents of K distinct reprint clusters in OUT is "
        "boilerplate (footers, notices, sign-offs): left out of the records written from then on and listed in "
        "OUT/boilerplate/ (default: 5; 0: remove none; docs/dedup.md)",
    )
    ingest.add_argument("--limit", type=_positive, default=None, help="ingest only the first N files (sorted by path)")
    ingest.add_argument("--no-progress", action="store_true", help="no progress bar (it is shown only on a terminal anyway)")
    ingest.add_argument("--json", action="store_true", help="print the run report as JSON instead of the summary")
    ingest.add_argument(
        "--debug", action="store_true", help="when the run fails, print the traceback too (default: one line saying why)"
    )
    logs.add_level_options(ingest)
    settings.add_config_option(ingest)
    ingest.set_defaults(handler=run_ingest)
    for command in (schema_command, show_command, compact_command, export_command):
        command.register(commands)
    config_command.register(commands, ingest)  # last: it takes every option of ingest
    return parser


def main(argv: list[str] | None = None) -> int:
    started = time.monotonic()
    args = settings.parse_args(build_parser(), sys.argv[1:] if argv is None else argv)
    args.started = started  # the summary of a run that started its own server says the whole command's time
    try:
        code = args.handler(args)
        sys.stdout.flush()  # here, not at exit, where a closed pipe could only print "Exception ignored"
    except BrokenPipeError:  # `reprints show OUT | head`: the reader has what it wanted
        return _reader_gone()
    return code


def _reader_gone() -> int:
    """Exit quietly once stdout's reader has gone: no traceback, and nothing more written to the closed pipe (Python
    would try again when it flushes stdout at exit), as the Python docs recommend for SIGPIPE."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_READER_GONE


def _boilerplate_min_docs(value: str) -> int:
    """K for --boilerplate-min-docs: 0 (remove no boilerplate) or 2 and more (one document is no repetition)."""
    number = int(value) if value.strip().isdigit() else -1
    if number == 1 or number < 0:
        raise argparse.ArgumentTypeError(f"expected 0 (off) or a whole number of 2 or more, not {value!r}")
    return number


def _language_list(value: str) -> list[str]:
    """Comma-separated tags, checked against what the detector supports (a usage error otherwise)."""
    from tasks.steps.language import check_languages

    tags = [tag.strip() for tag in value.split(",") if tag.strip()]
    try:
        return sorted(check_languages(tags))
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def run_ingest(args: argparse.Namespace) -> int:
    if args.dask_address and args.runner != "dask":
        print("reprints: --dask-address needs --runner dask", file=sys.stderr)
        return EXIT_USAGE
    if problem := _raw_problem(args.raw) or _out_problem(args.raw, args.out):
        print(f"reprints: {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return ingest(args)
    except BrokenPipeError:  # `reprints ingest --json | head`: the run is done, its report's reader went away (main)
        raise
    except Exception as error:  # outside the flow (the pool, the server, OUT's lock file): one line all the same
        return run_failed(error, args.debug)


def _out_problem(raw: str, out: str) -> str | None:
    from tasks.inputs.discover import out_inside_raw
    from tasks.output import storage

    out = storage.normalize(out)
    if not storage.is_remote(out) and os.path.exists(out) and not os.path.isdir(out):
        return f"OUT {out!r} is a file, not a folder"  # a usage error: before, the run failed with exit 1
    return out_inside_raw(storage.normalize(raw), out)


def _raw_problem(raw: str) -> str | None:
    """Why RAW cannot be read, or None. URLs go through fsspec, imported only for them (it is slow to import)."""
    if "://" not in raw:
        if os.path.isdir(raw):
            return None
        return f"RAW {raw!r} is a file, not a folder" if os.path.exists(raw) else f"RAW folder {raw!r} does not exist"
    from tasks.output import storage

    try:
        return None if storage.isdir(storage.normalize(raw)) else f"RAW {raw!r} is not a folder"
    except ImportError as error:  # the file system's package is not installed, e.g. s3fs for s3://
        return f"cannot read {raw!r}: {error}"


def ingest(args: argparse.Namespace) -> int:
    logs.apply_level(args)
    quiet_prefect_defaults()
    server = None if os.environ.get("PREFECT_API_URL") else EmbeddedServer()
    if server:
        os.environ["PREFECT_API_URL"] = server.start()
    try:
        with stop_on_ctrl_c():
            code = _run_flow(args, server)
        return tell() if interrupted() else code
    except KeyboardInterrupt:
        return tell()
    finally:
        if server:
            server.stop()


def _run_flow(args: argparse.Namespace, server: EmbeddedServer | None) -> int:
    from tasks.output import storage
    from tasks.output.write import OutputLocked, probe_lock

    try:  # answer at once, before Prefect is imported or a flow starts; the flow takes the lock itself
        probe_lock(storage.normalize(args.out))
    except OutputLocked as error:
        return _locked(error)
    with imports_without_gc():
        from flows.ingest import ingest_reprints
        from tasks.run.local_pool import LocalPool

        if server:
            _import_flow_run_modules()

    console_without_run_tracebacks()  # the command says why in one line, and prints the traceback itself with --debug
    parameters = flow_parameters(args)
    processes = args.workers or os.cpu_count() or 1
    with LocalPool(processes, align=args.align) if args.runner == "process" else nullcontext() as pool:
        if pool is not None:
            pool.warm()
            if not storage.is_remote(args.raw):  # listing a bucket twice would cost more than the wait it fills
                _head_start(pool, parameters)
        with without_heartbeats():  # entered before the wait: building the settings costs 0.1 s, off the critical path
            if args.align:  # read now, while the server starts, rather than when the sink first aligns again
                preload_lexicon()
            if server:
                server.wait_until_healthy()
            return _report(args, ingest_reprints, parameters | {"pool": pool}, server is not None)


def _report(args: argparse.Namespace, ingest_reprints, parameters: dict, started_server: bool = False) -> int:
    """Run the flow, print its report; the exit code. After a run on the server the command started, the summary
    also says the command's time so far: the run's own leaves out the server's start, most of a small run's wait."""
    from tasks.output.write import OutputLocked

    try:
        report = ingest_reprints(**parameters)
    except OutputLocked as error:
        return _locked(error)
    except Exception as error:  # the run itself failed
        if interrupted():  # Prefect turned Ctrl-C into an error of its own
            return tell()
        return run_failed(error, args.debug)
    finally:
        _flush_prefect_workers()
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False, sort_keys=True, default=str))
    else:
        print("\n".join(report.summary_lines(time.monotonic() - args.started if started_server else None)))
    return EXIT_OK


def flow_parameters(args: argparse.Namespace) -> dict:
    """The flow's parameters for these arguments; those not given keep the flow's defaults."""
    parameters = {"raw": args.raw, "out": args.out, "runner": args.runner, "progress": not args.no_progress}
    for name in ("workers", "dask_address", "batch_size", "max_bytes", "max_line_chars", "html", "flush_mb", "limit"):
        if getattr(args, name) is not None:
            parameters[name] = getattr(args, name)
    if args.languages:
        parameters["languages"] = args.languages
    if args.follow_symlinks:
        parameters["follow_symlinks"] = True
    if args.align:
        parameters["align"] = True
    if args.retry_quarantined:
        parameters["retry_quarantined"] = True
    if args.boilerplate_min_docs is not None:
        parameters["boilerplate_min_docs"] = args.boilerplate_min_docs
    return parameters


def head_start_options(parameters: dict) -> CleanOptions:
    """The cleaning options the flow builds from these parameters: it takes each under its own name, with the same
    default (tests/test_head_start.py)."""
    from tasks.pipeline import CleanOptions

    return CleanOptions(**{option.name: parameters[option.name] for option in fields(CleanOptions) if option.name in parameters})


def _head_start(pool: LocalPool, parameters: dict) -> None:
    """Clean the first files on `pool` while the server starts, as the flow will with these parameters: its batch
    tasks take them over (tasks/run/head_start.py)."""
    from itertools import islice

    from tasks.inputs.discover import walk_inputs

    options = head_start_options(parameters)
    # the first files the walk meets, not the first of the sorted list: listing a large RAW takes seconds, and the
    # flow lists it too; a batch takes what was cleaned ahead of its files whichever they are
    follow_symlinks = parameters.get("follow_symlinks", False)
    pool.start_head_start(lambda: islice(walk_inputs(parameters["raw"], follow_symlinks), parameters.get("limit")), options)


# Why a run failed, for the errors of a whole run users meet (docs/operations.md, "Exit codes").
FAILURE_CAUSES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "a file would pass the largest size allowed (the file system's, or `ulimit -f`)",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
}


def run_failed(error: Exception, debug: bool) -> int:
    """Say in one line why the run failed (the traceback too with --debug); the exit code."""
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    cause = FAILURE_CAUSES.get(error.errno) if isinstance(error, OSError) and error.errno is not None else None
    what = f"{cause} ({type(error).__name__}: {error})" if cause else f"{type(error).__name__}: {error}"
    hint = "" if debug else " (--debug shows the traceback)"
    print(f"reprints: the run failed: {what}; what was committed stays, rerun to finish{hint}", file=sys.stderr)
    return EXIT_FAILED


class WithoutRunTracebacks(logging.Filter):
    """Drops the flow run's own error with its traceback (Prefect logs it when the flow raises): the command says
    why in one line. Task runs' errors, retried, and the run's other messages stay."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.name == "prefect.flow_runs" and record.exc_info)


def console_without_run_tracebacks() -> None:
    """Keep the run's tracebacks off the terminal (the root logger's handlers, as Prefect configured them); the
    Prefect API still gets them, as the flow run's logs."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(WithoutRunTracebacks())


def _locked(error: Exception) -> int:
    print(f"reprints: {error}; try again when it has finished (exit code {EXIT_LOCKED})", file=sys.stderr)
    return EXIT_LOCKED


def _import_flow_run_modules() -> None:
    """Import now, while the server starts, what the flow would import lazily on its way: Prefect's engines at the
    flow's first call (about 0.5 s), and pandas, which pyarrow imports (when installed) at its first conversion of
    Python objects, the sink's first flush (about 0.2 s)."""
    for name in FLOW_RUN_MODULES:
        importlib.import_module(name)
    import pyarrow

    pyarrow.array([0])


def preload_lexicon() -> None:
    """Read CC-CEDICT in this process (0.1 s of CPU from its cache, tasks/steps/lexicon.py). The workers align, but
    the sink aligns again the few documents that lose boilerplate inside a link (tasks/steps/kept_alignments.py): one
    in the run's last batch had it read after the workers were done, while a core idled (docs/performance.md)."""
    from tasks.steps.lexicon import LEXICON

    LEXICON.load()


def _without_heartbeats(flow, parameters: dict):
    """The flow called without_heartbeats."""
    with without_heartbeats():
        return flow(**parameters)


@contextmanager
def without_heartbeats() -> Iterator[None]:
    """Flow-run heartbeats detect crashed runs for workers; a CLI run waits up to 1 s at its end for them."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def _flush_prefect_workers() -> None:
    """Send buffered logs and events before the embedded server stops."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=5)
    EventsWorker.drain_all(timeout=5)


if __name__ == "__main__":
    sys.exit(main())
