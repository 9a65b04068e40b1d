"""OUT (and RAW) on a real S3 API: moto's S3 server on loopback, reached by s3fs over HTTP as AWS would be.

Unlike memory://, a move here is S3's copy then delete, listing is S3's, and the
lock is a PUT with `If-None-Match: *` that the server answers 412 when the object
exists. `reprints ingest`, `show` and `compact` run as the commands a user types.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fsspec.core import url_to_fs

pytest.importorskip("s3fs", reason="needs s3fs (requirements.lock installs it; `pip install 'reprints[s3]'` for users)")
moto_server = pytest.importorskip("moto.server", reason="needs moto and flask (requirements.lock installs them)")

from tasks.output import storage  # noqa: E402
from tasks.output.write import LOCK, OutputLocked, acquire_lock, release_lock  # noqa: E402
from tests.cli_runs import SMALL_COMMITS, articles_raw  # noqa: E402

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}
TAKERS = 8


@pytest.fixture(scope="module")
def bucket() -> Iterator[str]:
    """s3://<bucket> on a moto S3 server of this module, on a free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    settings = {**CREDENTIALS, "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}"}
    saved = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    url = f"s3://reprints-{uuid.uuid4().hex[:12]}"
    storage.makedirs(url)
    try:
        yield url
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        server.stop()


def _folder(bucket: str) -> str:
    return f"{bucket}/{uuid.uuid4().hex[:8]}"


def _reprints(api_url: str, *arguments: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PREFECT_API_URL": api_url}
    command = [sys.executable, "-m", "reprints.cli", *arguments]
    return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)


def _records(out: str) -> list[tuple[str, str, str]]:
    columns = ["doc_id", "language", "text"]
    table = storage.dataset(f"{out}/records", format="parquet", partitioning="hive").to_table(columns=columns)
    return sorted(zip(*(table.column(c).to_pylist() for c in columns), strict=True))


def _parquet_files(out: str) -> list[str]:
    return [p for p in storage.glob(f"{out}/**/*.parquet") if "/." not in p.split("://", 1)[1]]


def _race_for_lock(out: str) -> tuple[list[int | str], list[str]]:
    """TAKERS threads take OUT's lock at the same moment: (locks held, refusals)."""
    start, held, refused = threading.Barrier(TAKERS), [], []

    def take() -> None:
        start.wait()
        try:
            held.append(acquire_lock(out))
        except OutputLocked as error:
            refused.append(str(error))

    takers = [threading.Thread(target=take) for _ in range(TAKERS)]
    for taker in takers:
        taker.start()
    for taker in takers:
        taker.join()
    return held, refused


def test_of_concurrent_lock_takers_exactly_one_wins(bucket: str) -> None:
    for _ in range(5):
        out = _folder(bucket)
        held, refused = _race_for_lock(out)
        assert len(held) == 1 and len(refused) == TAKERS - 1
        assert all(f"delete {out}/{LOCK}" in message for message in refused)
        release_lock(held[0])
        release_lock(acquire_lock(out))  # released: the next run takes it


def test_a_lock_left_by_a_crashed_run_is_named_never_broken(bucket: str) -> None:
    out = _folder(bucket)
    dead_pid = _a_finished_pid()
    left = f"{socket.gethostname()} pid {dead_pid} since 1700000000 token abc\n".encode()
    assert storage.claim(f"{out}/{LOCK}", left)
    with pytest.raises(OutputLocked, match=rf"no longer running \({socket.gethostname()} pid {dead_pid} since 1700000000\)"):
        acquire_lock(out)
    assert storage.exists(f"{out}/{LOCK}")  # nothing deletes it but the operator
    other = _folder(bucket)
    assert storage.claim(f"{other}/{LOCK}", b"another-host pid 1 since 1700000000 token def\n")
    with pytest.raises(OutputLocked, match=r"another reprints run is writing .*another-host pid 1"):
        acquire_lock(other)


def _a_finished_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_ingest_show_and_compact_on_s3(bucket: str, api_url: str, tmp_path: Path) -> None:
    local_raw = articles_raw(tmp_path / "raw", 12)
    raw, out = f"{bucket}/raw", f"{bucket}/processed"
    for path in sorted(local_raw.iterdir()):
        with storage.open_file(f"{raw}/{path.name}", "wb") as handle:
            handle.write(path.read_bytes())
    local_out = tmp_path / "out"
    assert _reprints(api_url, "ingest", str(local_raw), str(local_out), *SMALL_COMMITS).returncode == 0

    ingested = _reprints(api_url, "ingest", raw, out, *SMALL_COMMITS, "--json")
    assert ingested.returncode == 0, ingested.stderr
    records = _records(out)
    assert records == _records(str(local_out)) and len(records) >= 12
    files_before = _parquet_files(out)

    shown = _reprints(api_url, "show", out, "--language", "fr", "--limit", "2")
    assert shown.returncode == 0, shown.stderr
    assert "Le conseil municipal" in shown.stdout and shown.stdout.rstrip().endswith("(--limit N for more)")

    assert storage.claim(f"{out}/{LOCK}", b"another-host pid 1 since 1700000000 token x\n")
    locked = _reprints(api_url, "compact", out)
    assert locked.returncode == 3 and "another-host pid 1" in locked.stderr
    storage.remove(f"{out}/{LOCK}")

    compacted = _reprints(api_url, "compact", out)
    assert compacted.returncode == 0, compacted.stderr
    url_to_fs(out)[0].invalidate_cache()  # this process listed OUT before the commands changed it
    assert _records(out) == records
    assert len(_parquet_files(out)) < len(files_before)
    assert not storage.glob(f"{out}/.staging/*") and not storage.glob(f"{out}/.pending/*")

    again = _reprints(api_url, "ingest", raw, out, *SMALL_COMMITS)
    assert again.returncode == 0, again.stderr
    url_to_fs(out)[0].invalidate_cache()  # this process listed OUT before the commands changed it
    assert _records(out) == records  # nothing added, nothing lost after compaction


def test_show_names_a_missing_s3_out(bucket: str, api_url: str) -> None:
    missing = _reprints(api_url, "show", f"{bucket}/nothing-here")
    assert missing.returncode == 2 and "no records under" in missing.stderr
