"""The reprint clusters kept in OUT for later runs (tasks/output/reprint_cache.py): real OUT folders, real documents."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import numpy as np
import pytest

from tasks.inputs.discover import find_inputs
from tasks.model import CleanDocument
from tasks.output import doc_index, reprint_cache
from tasks.output.reprint_cache import COVERED, CachedDocuments
from tasks.output.schema import REPRINT_CACHE_DIR
from tasks.pipeline import CleanOptions, process_batch
from tasks.steps.reprint_clusters import ReprintIndex, Segment
from tests.conftest import outcome_as, write_out

TOPICS = (
    "harbour council ferry timetable winter evening crossing operator reply weeks library reading room teenagers "
    "renovation budget schools district parents decision calendar hospital shift workers midnight passengers website "
    "volunteers books storage opening hours weekdays authors celebration festival market farmers bridge tunnel river"
)
WORDS = tuple(TOPICS.split(" "))


def article(seed: int) -> str:
    """Five paragraphs of words drawn at random: articles with different seeds share few shingles."""
    rng = random.Random(seed)
    return "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(40)).capitalize() + "." for _ in range(5)) + "\n"


def documents(folder: Path, texts: dict[str, str]) -> list[CleanDocument]:
    folder.mkdir(parents=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [outcome_as(CleanDocument, o) for o in process_batch(find_inputs(str(folder)), {}, CleanOptions()).outcomes]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """OUT holding 20 documents in 20 flushes (20 index files)."""
    out = tmp_path / "out"
    write_out(out, documents(tmp_path / "raw", {f"{i:02d}.txt": article(i) for i in range(20)}), "first", documents_per_flush=1)
    return out


def cache_file(out: Path, name: str) -> Path:
    return out / REPRINT_CACHE_DIR / name


def clusters(segments: list) -> list[str]:
    return sorted(cluster.hex() for segment in segments for cluster in segment.clusters.tolist())


def test_the_cache_holds_every_signed_record_and_is_reused_while_out_does_not_change(out: Path) -> None:
    first = reprint_cache.load(str(out))
    assert [type(segment) for segment in first] == [CachedDocuments] and len(first[0]) == 20
    in_memory = reprint_cache._read(str(out), None)
    assert clusters(first) == clusters([in_memory])
    written = cache_file(out, "bands").stat().st_mtime_ns
    covered = sorted(doc_index.index_files(str(out)))
    first[0].close()
    again = reprint_cache.load(str(out))
    assert cache_file(out, "bands").stat().st_mtime_ns == written and len(again[0]) == 20
    assert sorted(json.loads(cache_file(out, COVERED).read_text())) == covered
    again[0].close()


def test_a_few_newer_documents_are_read_beside_the_cache_and_many_rewrite_it(out: Path, tmp_path: Path) -> None:
    reprint_cache.load(str(out))[0].close()
    written = cache_file(out, "bands").stat().st_mtime_ns
    write_out(out, documents(tmp_path / "later", {"20.txt": article(20)}), "second")  # 1 new: a twentieth of the cache
    segments = reprint_cache.load(str(out))
    assert [type(segment) for segment in segments] == [CachedDocuments, Segment] and len(segments[1]) == 1
    assert cache_file(out, "bands").stat().st_mtime_ns == written
    for segment in segments:
        segment.close()
    write_out(out, documents(tmp_path / "many", {f"{i}.txt": article(i) for i in range(21, 25)}), "third")  # 5 more
    [rewritten] = reprint_cache.load(str(out))
    assert len(rewritten) == 25 and cache_file(out, "bands").stat().st_mtime_ns != written
    rewritten.close()


def test_an_edited_reprint_finds_its_original_through_the_cache_as_through_memory(out: Path, tmp_path: Path) -> None:
    original = next(d for d in documents(tmp_path / "again", {"07.txt": article(7)}) if isinstance(d, CleanDocument))
    edited = "A new lede from the outlet that reprinted the article.\n\n" + article(7).replace(".", "!", 2)
    [reprint] = documents(tmp_path / "edited", {"edited.txt": edited})
    assert reprint.doc_id != original.doc_id
    from_cache = ReprintIndex(reprint_cache.load(str(out)))
    from_memory = ReprintIndex([reprint_cache._read(str(out), None)])
    assert from_cache.assign_all([(reprint.doc_id, reprint.minhash)]) == [original.doc_id]
    assert from_memory.assign_all([(reprint.doc_id, reprint.minhash)]) == [original.doc_id]
    [unrelated] = documents(tmp_path / "new", {"new.txt": article(99)})
    assert from_cache.assign_all([(unrelated.doc_id, unrelated.minhash)]) == [unrelated.doc_id]
    from_cache.close()


def test_a_cache_cut_short_or_without_its_list_of_files_is_written_again(out: Path) -> None:
    reprint_cache.load(str(out))[0].close()
    bands = cache_file(out, "bands")
    os.truncate(bands, bands.stat().st_size - 8)  # a disk full, a copy interrupted
    [rewritten] = reprint_cache.load(str(out))
    assert bands.stat().st_size % 8 == 0 and len(rewritten) == 20
    assert np.array_equal(np.sort(np.fromfile(bands, dtype="<u8")), np.fromfile(bands, dtype="<u8"))  # sorted, whole
    rewritten.close()
    cache_file(out, COVERED).unlink()  # written last: without it the cache is incomplete
    [again] = reprint_cache.load(str(out))
    assert cache_file(out, COVERED).exists() and len(again) == 20
    again.close()
