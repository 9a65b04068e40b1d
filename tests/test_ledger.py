"""What OUT already holds (tasks/output/ledger.py), asked of real OUT folders written by the run's own sink."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tasks.inputs.discover import find_inputs
from tasks.model import CleanDocument
from tasks.output.ledger import Ledger
from tasks.output.schema import INDEX_DIR, REPRINT_CACHE_DIR
from tasks.pipeline import CleanOptions, process_batch
from tests.cli_runs import article
from tests.conftest import outcome_as, write_out

FOOTER = "Subscribe to the Harbour Gazette for daily news from the islands, the ferries and the council."
FERRIES = """Ferry operators on the northern route will add two evening crossings from March, after a winter of complaints.

Commuters had waited up to forty minutes in the cold when the last boat filled before everyone could board.

The council's transport committee approved the extra sailings on Tuesday by seven votes to two.

Critics said the timetable still ignores shift workers at the hospital, who finish after midnight.

The operator promised to review passenger numbers in June and to publish them on its website.
"""
LIBRARY = """The central library reopens next week with longer hours and a new reading room for teenagers.

Renovation took eighteen months and cost less than planned, the city's culture office said.

Volunteers moved more than forty thousand books into temporary storage during the works.

Opening hours will run until nine in the evening on weekdays and until six on Saturdays.

A celebration with readings by local authors is planned for the first Sunday of the month.
"""


def long_article(i: int) -> str:
    """An article long enough for reprint detection: five distinct paragraphs."""
    return "\n\n".join(article(i * 10 + k).strip().replace("\n", " ") for k in range(1, 6)) + "\n"


def ingest(raw: Path, out: Path, run_id: str) -> list:
    outcomes = process_batch(find_inputs(str(raw)), {}, CleanOptions()).outcomes
    write_out(out, outcomes, run_id)
    return outcomes


@pytest.fixture
def out(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(long_article(1), encoding="utf-8")
    (raw / "b.txt").write_text(FERRIES, encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    ingest(raw, out, "first")
    (raw / "a.txt").write_text(long_article(3), encoding="utf-8")  # changed in place: its old bytes stay known
    ingest(raw, out, "second")
    return out


def digests(out: Path) -> dict[str, str | None]:
    return {
        o.source_path: o.source_sha256 for o in process_batch(find_inputs(str(out.parent / "raw")), {}, CleanOptions()).outcomes
    }


def test_the_latest_digest_of_each_path_is_known_and_unseen_paths_are_not(out: Path) -> None:
    ledger = Ledger.load(str(out))
    known = ledger.known(["a.txt", "b.txt", "empty.txt", "new.txt"])
    assert sorted(known) == ["a.txt", "b.txt", "empty.txt"]
    # the bytes after the change only: changed back to the bytes before, the file is handled again
    assert known["a.txt"] == {digests(out)["a.txt"]}
    assert known["b.txt"] == {digests(out)["b.txt"]} and len(known["empty.txt"]) == 1  # a quarantine's bytes, too
    assert ledger.was_seen("a.txt") and not ledger.was_seen("new.txt")
    ledger.close()


def test_a_document_s_original_is_the_first_path_that_held_it_in_out_or_in_this_run(out: Path) -> None:
    ledger = Ledger.load(str(out))
    documents = [o for o in process_batch(find_inputs(str(out.parent / "raw")), {}, CleanOptions()).outcomes]
    by_path = {o.source_path: o for o in documents if isinstance(o, CleanDocument)}
    assert ledger.original_of(by_path["b.txt"].doc_id) == "b.txt"
    assert ledger.original_of("0" * 32) is None
    ledger.add_document("f" * 32, "later.txt", "1" * 64)
    ledger.add_document("f" * 32, "even-later.txt", "2" * 64)
    assert ledger.original_of("f" * 32) == "later.txt"
    assert ledger.known(["even-later.txt"]) == {"even-later.txt": frozenset({"2" * 64})}
    ledger.close()


def test_without_its_index_out_answers_the_same_from_the_datasets(out: Path) -> None:
    ledger = Ledger.load(str(out))
    before = (ledger.known(["a.txt", "b.txt", "empty.txt"]), len(ledger.doc_keys))
    ledger.close()
    shutil.rmtree(out / INDEX_DIR)
    rebuilt = Ledger.load(str(out))
    assert (rebuilt.known(["a.txt", "b.txt", "empty.txt"]), len(rebuilt.doc_keys)) == before == (before[0], 3)
    rebuilt.close()


def test_an_edited_reprint_joins_the_cluster_of_its_original_and_an_unrelated_article_starts_its_own(out: Path) -> None:
    raw = out.parent / "reprints"
    raw.mkdir()
    edited = "A new lede from the outlet that reprinted it.\n\n" + FERRIES.replace("March", "April") + "\n" + FOOTER + "\n"
    (raw / "b-reprinted.txt").write_text(edited, encoding="utf-8")
    (raw / "unrelated.txt").write_text(LIBRARY, encoding="utf-8")
    reprinted, unrelated = [
        outcome_as(CleanDocument, o) for o in process_batch(find_inputs(str(raw)), {}, CleanOptions()).outcomes
    ]
    shutil.rmtree(out / REPRINT_CACHE_DIR)  # a cache, safe to delete
    ledger = Ledger.load(str(out))
    assert not (out / REPRINT_CACHE_DIR).exists()  # the clusters load only when a document needs placing
    original = ledger.original_of  # exact duplicates are not what clusters are for: these are new documents
    assert original(reprinted.doc_id) is None and original(unrelated.doc_id) is None
    clusters = ledger.reprints.assign_all([(reprinted.doc_id, reprinted.minhash), (unrelated.doc_id, unrelated.minhash)])
    b = next(
        o for o in process_batch(find_inputs(str(out.parent / "raw")), {}, CleanOptions()).outcomes if o.source_path == "b.txt"
    )
    assert clusters == [outcome_as(CleanDocument, b).doc_id, unrelated.doc_id]
    assert (out / REPRINT_CACHE_DIR).is_dir()
    ledger.close()
