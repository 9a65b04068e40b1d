"""Helpers for tests that run the real `reprints` command in separate processes.

The processes talk to the session's Prefect test server (the `api_url` fixture)
instead of each starting an embedded one, which keeps a run to a few seconds.
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.dataset as ds
import pyarrow.parquet as pq

# Deadlines that only stop a hung test: on a loaded 2-core machine a run that takes 5 s alone can take minutes.
RUN_SECONDS = 600
SERVER_STARTUP_SECONDS = 600

# A run of many small commits: batches of 2 files, a flush after every batch.
SMALL_COMMITS = ("--runner", "thread", "--workers", "2", "--batch-size", "2", "--flush-mb", "0.000001", "--no-progress")

EN = "The harbour council met on {day} to discuss ferry number {i} and the new timetable for the winter season."
EN2 = "Residents asked for more evening crossings, and the operator promised a reply within {i} weeks."
FR = "Le conseil municipal a voté le {day} un budget de {i} millions d'euros pour rénover les écoles du quartier."
FR2 = "Les parents d'élèves saluent une décision attendue depuis longtemps, mais réclament un calendrier précis."
ZH = "港務委員會{day}討論第{i}號渡輪的新時刻表，居民要求增加晚間班次。"
ZH2 = "營運商表示將在數週內回覆，並承諾改善候船設施與服務品質。"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def article(i: int) -> str:
    """A distinct article: English, French, or Traditional Chinese followed by English."""
    day = DAYS[i % len(DAYS)]
    en = f"{EN.format(day=day, i=i)}\n{EN2.format(i=i)}\n"
    if i % 3 == 0:
        return f"{ZH.format(day=day, i=i)}\n{ZH2}\n\n{en}"
    if i % 3 == 1:
        return en
    return f"{FR.format(day=day, i=i)}\n{FR2}\n"


def articles_raw(raw: Path, count: int) -> Path:
    """RAW holding a0.txt ... a<count-1>.txt, one distinct article each."""
    raw.mkdir(parents=True)
    for i in range(count):
        (raw / f"a{i}.txt").write_text(article(i), encoding="utf-8")
    return raw


def make_raw(raw: Path, articles: int) -> Path:
    """RAW with `articles` articles plus a duplicate, an empty file, a binary one and awkward names."""
    raw.mkdir(parents=True, exist_ok=True)
    for i in range(articles):
        folder = raw / f"2026-{i % 4 + 1:02d}"
        folder.mkdir(exist_ok=True)
        (folder / f"article {i:03d}.txt").write_text(article(i), encoding="utf-8")
    (raw / "copy-of-article-1.txt").write_text(article(1), encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"\xef\xbb\xbf  \n")
    (raw / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    os.close(os.open(os.fsencode(raw) + b"/caf\xe9 latin-1 name.txt", os.O_WRONLY | os.O_CREAT))
    (raw / "line\nbreak.txt").write_text(article(articles), encoding="utf-8")
    return raw


def run_cli(raw: Path, out: Path, api_url: str, *options: str, crash_at: str | None = None, **popen) -> subprocess.Popen:
    """Start `python -m reprints.cli ingest RAW OUT` in its own process group."""
    env = {**os.environ, "PREFECT_API_URL": api_url, "PREFECT_HOME": str(out.parent / ".prefect-home")}
    env.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", str(SERVER_STARTUP_SECONDS))
    if not api_url:  # the command starts its own embedded server
        del env["PREFECT_API_URL"]
    env.pop("REPRINTS_CRASH_AT", None)
    if crash_at:
        env["REPRINTS_CRASH_AT"] = crash_at
    command = [sys.executable, "-m", "reprints.cli", "ingest", str(raw), str(out), *options]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def finish(process: subprocess.Popen, timeout: float = RUN_SECONDS) -> tuple[int, str, str]:
    stdout, stderr = process.communicate(timeout=timeout)
    return process.returncode, stdout, stderr


def json_report(raw: Path, out: Path, api_url: str) -> dict:
    """The run report of `reprints ingest RAW OUT --json` on threads, which must exit 0 with counts that add up."""
    code, stdout, stderr = finish(run_cli(raw, out, api_url, "--runner", "thread", "--no-progress", "--json"))
    assert code == 0, stderr
    report = json.loads(stdout)
    assert report["adds_up"], report
    return report


def stopped(process: subprocess.Popen) -> bool:
    """Whether the process stopped itself (REPRINTS_CRASH_AT=<point>:<n>:stop) and waits for SIGCONT (Linux /proc)."""
    try:
        return Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "T"
    except OSError:
        return False


def wait_for(condition, timeout: float = RUN_SECONDS) -> None:
    """Poll until `condition()`: the deadline only stops a hung test, it never decides one on a slow machine."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def records(out: Path) -> list[tuple[str, str, str]]:
    """(doc_id, language, text) of every record, sorted; duplicates stay visible as repeated tuples."""
    if not (out / "records").is_dir():
        return []
    table = ds.dataset(out / "records", format="parquet", partitioning="hive").to_table(columns=["doc_id", "language", "text"])
    return sorted(zip(*(table.column(c).to_pylist() for c in ("doc_id", "language", "text")), strict=True))


def rows(out: Path, name: str, columns: list[str]) -> list[tuple]:
    if not (out / name).is_dir():
        return []
    table = ds.dataset(out / name, format="parquet").to_table(columns=columns)
    return sorted(zip(*(table.column(c).to_pylist() for c in columns), strict=True))


def every_parquet_file_reads(out: Path) -> int:
    """Read every `*.parquet` under OUT in full, as a reader globbing OUT would; returns how many."""
    paths = glob.glob(str(out / "**" / "*.parquet"), recursive=True)
    for path in paths:
        pq.read_table(path)
    return len(paths)


def leftovers(out: Path) -> list[str]:
    """Temporary files: anything staged or pending, and any *.tmp."""
    found = [p for d in (".staging", ".pending") for p in glob.glob(str(out / d / "*"))]
    return sorted(found + glob.glob(str(out / "**" / "*.tmp"), recursive=True))


def asset_events(client, name: str, key: str, seconds: float = 60) -> list:
    """Events `name` (e.g. prefect.asset.materialization.succeeded) about the asset `key`, read through the Prefect
    API of `client` (a sync client), waiting up to `seconds` for the server to persist them (it does in the background)."""
    import time

    from prefect.events.filters import EventFilter, EventNameFilter, EventResourceFilter

    by_asset = EventFilter(event=EventNameFilter(name=[name]), resource=EventResourceFilter(id=[key]))
    deadline = time.monotonic() + seconds
    while not (events := client.read_events(filter=by_asset, limit=50).events) and time.monotonic() < deadline:
        time.sleep(0.5)
    return events
