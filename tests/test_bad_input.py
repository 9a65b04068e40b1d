"""Bad input never stops a run and is never dropped silently: each file gets one outcome with a stable reason."""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from tasks.inputs.discover import find_inputs, walk_inputs
from tasks.model import CleanDocument, Outcome, Quarantined
from tasks.output.schema import QUARANTINE_REASONS
from tasks.pipeline import CleanOptions, process_batch
from tests.cli_runs import article, finish, records, rows, run_cli
from tests.conftest import outcome_as

GOOD = article(1).encode("utf-8")
MAX_BYTES = 4 * 1024 * 1024  # above the 3 MB single line, so that one meets the default line limit


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", article(2))
    return buffer.getvalue()


def _noise() -> bytes:
    """High bytes at random: no supported encoding gives believable text from them."""
    generator = random.Random(4)
    return bytes(generator.randrange(0x80, 0x100) for _ in range(600))


# name -> (content, expected reason)
BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "empty"),
    "whitespace-only.txt": (b" \n\t\r\n   \n", "empty"),
    "bom-only.txt": (b"\xef\xbb\xbf", "empty"),
    "bom-and-blanks.txt": (b"\xef\xbb\xbf \n\n", "empty"),
    "utf16-bom-only.txt": (b"\xff\xfe", "empty"),
    "photo.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    "paper.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "unsupported_format"),  # damaged
    "bundle.zip": (_zip(), "binary"),
    "nul-riddled.txt": (b"\x00".join(GOOD[i : i + 7] for i in range(0, len(GOOD), 7)), "binary"),
    "no-encoding.txt": (_noise(), "undecodable"),
    "too-large.txt": (GOOD * (MAX_BYTES // len(GOOD) + 1), "too_large"),
    "one-huge-line.txt": (b"word " * 600_000, "line_too_long"),  # 3 MB, no line break
    "truncated.txt.gz": (gzip.compress(GOOD)[:40], "unreadable"),
    "not-gzip.gz": (GOOD, "unreadable"),
}


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, (content, _) in BAD_FILES.items():
        (raw / name).write_bytes(content)
    (raw / "good.txt").write_bytes(GOOD)
    (raw / "good-too.txt.gz").write_bytes(gzip.compress(article(4).encode()))
    (raw / "two-members.txt.gz").write_bytes(gzip.compress(b"First member line.\n") + gzip.compress(article(5).encode()))
    (raw / "loop-a").symlink_to("loop-b")
    (raw / "loop-b").symlink_to("loop-a")
    (raw / "dangling.txt").symlink_to("nowhere.txt")
    os.mkfifo(raw / "pipe.txt")
    (raw / "linked-folder").symlink_to(tmp_path, target_is_directory=True)
    return raw


def outcomes(raw: Path, **options) -> dict[str, Outcome]:
    result = process_batch(find_inputs(str(raw)), {}, CleanOptions(**options))
    found = {o.source_path: o for o in result.outcomes}
    assert len(found) == len(result.outcomes), "one outcome per file"
    return found


def test_each_bad_file_is_quarantined_with_its_reason_and_the_rest_completes(raw: Path) -> None:
    found = outcomes(raw, max_bytes=MAX_BYTES)
    for name, (_, reason) in BAD_FILES.items():
        assert isinstance(found[name], Quarantined), name
        assert (outcome_as(Quarantined, found[name]).reason, name) == (reason, name)
    special = {"loop-a": "not_a_file", "loop-b": "not_a_file", "dangling.txt": "not_a_file", "pipe.txt": "not_a_file"}
    special["linked-folder"] = "not_a_file"
    for name, reason in special.items():
        assert outcome_as(Quarantined, found[name]).reason == reason, name
    for outcome in found.values():
        if isinstance(outcome, Quarantined):
            assert outcome.reason in QUARANTINE_REASONS
            assert len(outcome.detail) > 10, outcome
    assert isinstance(found["good.txt"], CleanDocument)
    assert isinstance(found["good-too.txt.gz"], CleanDocument)


def test_details_explain_the_cause(raw: Path) -> None:
    found = outcomes(raw, max_bytes=MAX_BYTES)
    assert "symlink loop" in outcome_as(Quarantined, found["loop-a"]).detail
    assert "nowhere.txt" in outcome_as(Quarantined, found["dangling.txt"]).detail
    assert "FIFO" in outcome_as(Quarantined, found["pipe.txt"]).detail
    assert "ZIP file" in outcome_as(Quarantined, found["bundle.zip"]).detail  # and what to do with it:
    assert "extract its files into RAW" in outcome_as(Quarantined, found["bundle.zip"]).detail
    assert "PNG image" in outcome_as(Quarantined, found["photo.png"]).detail
    assert "truncated" in outcome_as(Quarantined, found["truncated.txt.gz"]).detail
    assert "3000000 characters" in outcome_as(Quarantined, found["one-huge-line.txt"]).detail
    assert str(MAX_BYTES) in outcome_as(Quarantined, found["too-large.txt"]).detail
    assert "NUL" in outcome_as(Quarantined, found["nul-riddled.txt"]).detail


def test_gzip_is_read_transparently_including_every_member(raw: Path) -> None:
    (raw / "good-too-plain.txt").write_text(article(4), encoding="utf-8")
    found = outcomes(raw)
    assert (
        outcome_as(CleanDocument, found["good-too.txt.gz"]).doc_id
        == outcome_as(CleanDocument, found["good-too-plain.txt"]).doc_id
    )
    text = " ".join(p for part in outcome_as(CleanDocument, found["two-members.txt.gz"]).parts for p in part.paragraphs)
    assert text.startswith("First member line.")
    assert "rénover les écoles" in text, "the second gzip member was lost"


def test_a_socket_is_quarantined(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(raw / "control.sock"))
        found = outcomes(raw)
    assert outcome_as(Quarantined, found["control.sock"]).reason == "not_a_file"


def test_the_lazy_walk_finds_what_the_sorted_listing_finds(raw: Path) -> None:
    (raw / "2026-01" / ".hidden").mkdir(parents=True)
    (raw / "2026-01" / "b.txt").write_bytes(GOOD)
    (raw / "2026-01" / ".hidden" / "c.txt").write_bytes(GOOD)
    walked = list(walk_inputs(str(raw)))
    assert sorted(walked, key=lambda s: s.source_path) == find_inputs(str(raw))
    assert {"2026-01/b.txt", "linked-folder", "loop-a", "dangling.txt"} <= {s.source_path for s in walked}
    assert not any(".hidden" in s.source_path for s in walked)


def test_a_file_that_vanishes_after_listing(raw: Path) -> None:
    listed = find_inputs(str(raw))
    (raw / "good.txt").unlink()
    found = {o.source_path: o for o in process_batch(listed, {}, CleanOptions()).outcomes}
    assert outcome_as(Quarantined, found["good.txt"]).reason == "vanished"
    assert isinstance(found["good-too.txt.gz"], CleanDocument)


def test_awkward_file_names_get_valid_distinct_source_paths(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "sub folder").mkdir(parents=True)
    names = [b"sub folder/with spaces.txt", b"new\nline.txt", b"caf\xe9-latin1.txt", b"caf\\xe9-literal.txt", b"\xe6\x97\xa5.txt"]
    for i, name in enumerate(names):
        with open(os.fsencode(raw) + b"/" + name, "wb") as handle:
            handle.write(article(10 + i).encode())
    found = outcomes(raw)
    assert sorted(found) == sorted(
        ["sub folder/with spaces.txt", "new\nline.txt", "caf\\xe9-latin1.txt", "caf\\\\xe9-literal.txt", "日.txt"]
    )
    for path, outcome in found.items():
        assert isinstance(outcome, CleanDocument), path
        path.encode("utf-8")  # a valid string: Parquet, JSON and every reader take it


ROOT_ONLY = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="drops privileges: needs root")


def _as_nobody(raw: Path) -> dict[str, list[str]]:
    """Process RAW in a child that becomes user nobody once its imports are done (Python lives under /root)."""
    script = (
        "import json, os, sys\n"
        "from tasks.inputs.discover import find_inputs\n"
        "from tasks.pipeline import CleanOptions, process_batch\n"
        "process_batch(find_inputs(sys.argv[2]), {}, CleanOptions())  # warm up lazy imports as root\n"
        "os.setgroups([]); os.setgid(65534); os.setuid(65534)\n"
        "result = process_batch(find_inputs(sys.argv[1]), {}, CleanOptions())\n"
        "print(json.dumps({o.source_path: [type(o).__name__, getattr(o, 'reason', ''), getattr(o, 'detail', '')]"
        " for o in result.outcomes}))\n"
    )
    warm_up = raw.parent / "warm-up"
    warm_up.mkdir()
    (warm_up / "a.txt").write_bytes(GOOD)
    done = subprocess.run([sys.executable, "-c", script, str(raw), str(warm_up)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@ROOT_ONLY
def test_files_and_folders_without_permission_are_quarantined_as_unreadable() -> None:
    """Root reads anything, so the check runs in a child process that drops to user nobody."""
    base = Path(tempfile.mkdtemp(prefix="reprints-perm-"))
    try:
        raw = base / "raw"
        (raw / "locked-folder").mkdir(parents=True)
        (raw / "locked-folder" / "inside.txt").write_bytes(GOOD)
        (raw / "secret.txt").write_bytes(GOOD)
        (raw / "open.txt").write_bytes(article(3).encode())
        os.chmod(raw / "secret.txt", 0)
        os.chmod(raw / "locked-folder", 0)
        for folder in (base, raw):
            os.chmod(folder, stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
        found = _as_nobody(raw)
    finally:
        os.chmod(raw / "locked-folder", stat.S_IRWXU)
        shutil.rmtree(base)
    assert found["secret.txt"][:2] == ["Quarantined", "unreadable"]
    assert "Permission denied" in found["secret.txt"][2]
    assert found["locked-folder"][:2] == ["Quarantined", "unreadable"], "a folder that cannot be listed is not skipped"
    assert found["open.txt"][0] == "CleanDocument"


def test_a_real_run_over_bad_input_completes_and_quarantines_each(raw: Path, api_url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = run_cli(raw, out, api_url, "--runner", "thread", "--max-bytes", str(MAX_BYTES), "--no-progress", "--json")
    code, stdout, stderr = finish(process)
    assert code == 0, stderr
    report = json.loads(stdout)
    assert report["adds_up"] and report["files_found"] == len(os.listdir(raw))
    quarantined = dict(rows(out, "quarantine", ["source_path", "reason"]))
    assert {name: quarantined[name] for name in BAD_FILES} == {name: reason for name, (_, reason) in BAD_FILES.items()}
    assert report["documents"] == 3 and len({doc_id for doc_id, _, _ in records(out)}) == 3
    details = ds.dataset(out / "quarantine", format="parquet").to_table(columns=["detail"]).column("detail").to_pylist()
    assert all(details)


def test_a_symlink_to_a_file_outside_raw_is_quarantined_unless_follow_symlinks(tmp_path: Path) -> None:
    raw, elsewhere = tmp_path / "raw", tmp_path / "private"
    raw.mkdir()
    elsewhere.mkdir()
    (elsewhere / "secret.txt").write_text(article(7), encoding="utf-8")
    (raw / "a.txt").write_text(article(8), encoding="utf-8")
    (raw / "leak.txt").symlink_to(elsewhere / "secret.txt")
    (raw / "alias.txt").symlink_to("a.txt")
    found = {o.source_path: o for o in process_batch(find_inputs(str(raw)), {}, CleanOptions()).outcomes}
    assert isinstance(found["leak.txt"], Quarantined)
    assert found["leak.txt"].reason == "outside_raw"
    assert found["leak.txt"].source_sha256 is None  # never read: nothing of it is published, not even a digest
    assert isinstance(found["alias.txt"], CleanDocument)  # a link inside RAW is followed as before
    followed = {o.source_path: o for o in process_batch(find_inputs(str(raw), True), {}, CleanOptions()).outcomes}
    assert isinstance(followed["leak.txt"], CleanDocument)
    assert [s.source_path for s in walk_inputs(str(raw))] == [s.source_path for s in walk_inputs(str(raw), True)]


def test_out_inside_raw_is_found_however_it_is_spelled(tmp_path: Path) -> None:
    from tasks.inputs.discover import out_inside_raw

    raw = tmp_path / "raw"
    raw.mkdir()
    assert out_inside_raw(str(raw), str(raw / "out"))
    assert out_inside_raw(str(raw), str(raw) + "/")
    assert out_inside_raw(str(raw), str(tmp_path / "raw" / ".." / "raw" / "x"))
    assert out_inside_raw(str(raw), str(tmp_path / "raw-out")) is None  # a sibling sharing the prefix is not inside
    assert out_inside_raw(str(raw), str(tmp_path / "processed")) is None
    assert out_inside_raw(str(raw / "sub"), str(raw)) is None  # RAW inside OUT is not read back: only OUT's own files are
    assert out_inside_raw("s3://bucket/raw", "s3://bucket/raw/out")
    assert out_inside_raw("s3://bucket/raw", "s3://bucket/rawer") is None
