"""Files quarantined before are tried again after an upgrade, and with `reprints ingest --retry-quarantined`.

Real runs of the command (tests/cli_runs.py) on an OUT whose quarantine rows an older reprints wrote: a JSON
article (an NTREX article of ../shared/corpus as a WordPress REST post) that reprints before 0.2.0 quarantined as
`unsupported_format`, which this version reads, and a PNG that every version quarantines as `binary`.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest

from tasks.inputs.discover import find_inputs
from tasks.model import Quarantined
from tasks.output.doc_index import index_table
from tasks.output.records import quarantine_row, quarantine_table
from tasks.output.schema import INDEX_DIR, PIPELINE_VERSION
from tasks.output.write import PlannedFile, commit
from tasks.pipeline import CleanOptions, process_batch
from tests.cli_runs import finish, records, rows, run_cli
from tests.conftest import outcome_as
from tests.corpus import ntrex_articles
from tests.test_json_article import wordpress

OLDER = "0.1.0"  # the version whose quarantine verdicts the tests start from (c3fe4cb's, and af419b0's)
# What reprints 0.1.0 at c3fe4cb said of such a post (a run of it on the same bytes, 2026-12-07)
OLD_DETAIL = (
    "a JSON document (an object with keys id, date, date_gmt, guid, modified, slug, status, type), not an article; "
    "reprints reads plain text, web pages, RSS/Atom, NITF, NewsML-G2, e-mail, RTF, DOCX, ODT, Word 97-2003 .doc, "
    "Markdown and PDF: convert it to one"
)
QUARANTINE_COLUMNS = ["source_path", "reason", "pipeline_version"]


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "post.json").write_bytes(wordpress(list(ntrex_articles("en")[0])))
    (raw / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    return raw


def quarantined_by(raw: Path, out: Path, version: str, index: str = "with_version") -> None:
    """OUT as a run of `version` left it: post.json quarantined unsupported_format (as 0.1.0 did), logo.png binary
    (this version's own verdict on it). `index`: with_version (as this version writes it), without_version (as
    0.1.0 wrote it: no pipeline_version column) or missing (the run rebuilds it from quarantine/)."""
    post = (raw / "post.json").read_bytes()
    old = Quarantined("post.json", "unsupported_format", OLD_DETAIL, hashlib.sha256(post).hexdigest(), len(post))
    png = [source for source in find_inputs(str(raw)) if source.source_path == "logo.png"]
    logo = outcome_as(Quarantined, process_batch(png, {}, CleanOptions()).outcomes[0])
    when = datetime(2026, 12, 7, 21, 30, tzinfo=UTC)
    table = quarantine_table([quarantine_row(item, "older", when) | {"pipeline_version": version} for item in (old, logo)])
    name = "part-older-00001.parquet"
    files = [PlannedFile(table, f"quarantine/{name}")]
    indexed = index_table([], None, table)
    if index == "without_version" and "pipeline_version" in indexed.column_names:
        indexed = indexed.drop_columns(["pipeline_version"])
    if index != "missing":
        files.append(PlannedFile(indexed, f"{INDEX_DIR}/{name}"))
    commit(str(out), files, {"reprints.run_id": "older"})


def run(raw: Path, out: Path, api_url: str, *options: str) -> dict:
    code, stdout, stderr = finish(run_cli(raw, out, api_url, "--runner", "thread", "--no-progress", "--json", *options))
    assert code == 0, stderr
    report = json.loads(stdout)
    assert report["adds_up"], report
    return report


def outcomes(report: dict) -> tuple:
    """documents, already_ingested, quarantined by reason, still_quarantined, ingested_from_quarantine."""
    keys = ("documents", "already_ingested", "quarantined", "still_quarantined", "ingested_from_quarantine")
    return tuple(report.get(key) for key in keys)


@pytest.mark.parametrize("index", ["without_version", "missing"])
def test_after_an_upgrade_a_file_an_older_version_quarantined_is_read_again(
    raw: Path, tmp_path: Path, api_url: str, index: str
) -> None:
    """Before: 0 documents, post.json quarantined for ever (its bytes unchanged, their verdict 0.1.0's)."""
    assert PIPELINE_VERSION != OLDER
    out = tmp_path / "out"
    quarantined_by(raw, out, OLDER, index)

    upgraded = run(raw, out, api_url)
    assert outcomes(upgraded) == (1, 0, {"binary": 1}, 0, 1)
    assert upgraded["changed_in_place"] == 0  # the bytes are those the verdict was on
    assert {language for _, language, _ in records(out)} == {"en"}
    # this version's verdict on the PNG is a row of its own: the next run knows it is this version's
    assert rows(out, "quarantine", QUARANTINE_COLUMNS) == [
        ("logo.png", "binary", OLDER),
        ("logo.png", "binary", PIPELINE_VERSION),
        ("post.json", "unsupported_format", OLDER),
    ]

    settled = (records(out), rows(out, "quarantine", QUARANTINE_COLUMNS))
    again = run(raw, out, api_url)
    assert outcomes(again) == (0, 2, {}, 0, 0)
    assert (records(out), rows(out, "quarantine", QUARANTINE_COLUMNS)) == settled


def test_the_same_version_skips_its_verdicts_and_retry_quarantined_tries_them_again(
    raw: Path, tmp_path: Path, api_url: str
) -> None:
    out = tmp_path / "out"
    quarantined_by(raw, out, PIPELINE_VERSION)
    written = rows(out, "quarantine", QUARANTINE_COLUMNS)

    same = run(raw, out, api_url)
    assert outcomes(same) == (0, 2, {}, 0, 0)
    assert records(out) == [] and rows(out, "quarantine", QUARANTINE_COLUMNS) == written

    retried = run(raw, out, api_url, "--retry-quarantined")
    # the PNG's verdict stands (same reason, detail, bytes and version): counted, no new row
    assert outcomes(retried) == (1, 0, {"binary": 1}, 1, 1)
    assert {language for _, language, _ in records(out)} == {"en"}
    assert rows(out, "quarantine", QUARANTINE_COLUMNS) == written

    settled = records(out)
    again = run(raw, out, api_url, "--retry-quarantined")  # post.json's latest event is its records now
    assert outcomes(again) == (0, 1, {"binary": 1}, 1, 0)
    assert records(out) == settled and rows(out, "quarantine", QUARANTINE_COLUMNS) == written


def test_index_rows_of_a_quarantine_carry_the_version_that_gave_it() -> None:
    """The verdict's version goes into the index, so a run tells an older verdict from its own without reading
    quarantine/."""
    when = datetime(2026, 12, 7, 21, 30, tzinfo=UTC)
    item = Quarantined("a.png", "binary", "a PNG image", "ab" * 32, 10)
    table = quarantine_table([quarantine_row(item, "older", when) | {"pipeline_version": OLDER}])
    indexed = index_table([], None, table)
    assert indexed.column("pipeline_version").to_pylist() == [OLDER]
    assert indexed.schema.field("pipeline_version").type.value_type == pa.string()


@pytest.mark.parametrize("version", [OLDER, PIPELINE_VERSION])
def test_a_quarantined_file_whose_bytes_changed_into_an_article_is_ingested_from_quarantine(
    raw: Path, tmp_path: Path, api_url: str, version: str
) -> None:
    """Whichever version gave the verdict: new bytes are read again either way, and the file's latest event was a
    quarantine. 44c70ad counted it only after another version's verdict (0 after this version's)."""
    out = tmp_path / "out"
    quarantined_by(raw, out, version)
    (raw / "post.json").write_bytes(wordpress(list(ntrex_articles("en")[1])))

    changed = run(raw, out, api_url)
    logo = (0, {"binary": 1}) if version == OLDER else (1, {})  # another version's verdict on it is tried again
    assert outcomes(changed) == (1, logo[0], logo[1], 0, 1)
    assert changed["changed_in_place_paths"] == ["post.json"]
