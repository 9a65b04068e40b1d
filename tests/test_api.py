"""The Python API (reprints/api.py): `reprints.clean` gives what an ingest of the same bytes gives."""

from __future__ import annotations

import doctest
import re
import shutil
from pathlib import Path

import pytest

import reprints
from tasks.inputs.discover import find_inputs
from tasks.model import CleanDocument
from tasks.pipeline import CleanOptions, process_batch
from tests.conftest import REPO


def _ingested(raw: Path) -> CleanDocument:
    [outcome] = process_batch(find_inputs(str(raw)), {}, CleanOptions()).outcomes
    assert isinstance(outcome, CleanDocument)
    return outcome


def test_clean_gives_the_document_an_ingest_of_the_same_file_gives(tmp_path: Path, sample_path: Path) -> None:
    data = sample_path.read_bytes()
    (tmp_path / "sample.txt").write_bytes(data)
    ingested, doc = _ingested(tmp_path), reprints.clean(data)
    assert doc.languages == ["zh-Hant", "en"] and doc.reprint_source == "澳門新聞通訊社(MNA)"
    assert (doc.doc_id, doc.source_encoding, doc.fixes, doc.parts) == (
        ingested.doc_id,
        ingested.source_encoding,
        ingested.fixes,
        ingested.parts,
    )
    assert doc.text == "\n\n".join(p for part in ingested.parts for p in part.paragraphs)


def test_clean_of_a_small_bilingual_text_and_its_options(tmp_path: Path) -> None:
    data = "市議會週二開會，討論新的預算案。\n\nThe council met on Tuesday to discuss the new budget.\n".encode("big5", "ignore")
    doc = reprints.clean(data)
    assert doc.languages == ["zh-Hant", "en"] and doc.source_encoding == "big5"
    page = b"<!DOCTYPE html><html><head><title>T</title></head><body><p>One line of text here.</p></body></html>"
    assert "<p>" in reprints.clean(page, html="raw").text


def test_clean_raises_rejected_with_the_quarantine_reason() -> None:
    with pytest.raises(reprints.Rejected) as rejected:
        reprints.clean(bytes(range(256)) * 8)
    assert rejected.value.reason in {"binary", "undecodable"}


@pytest.mark.usefixtures("prefect_server")
def test_the_examples_of_docs_api_md_run_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/api.md's `>>>` blocks, `reprints.ingest("raw", "processed")` on the demo raw/ included, as a user in a
    checkout runs them."""
    shutil.copytree(REPO / "raw", tmp_path / "raw")
    monkeypatch.chdir(tmp_path)
    blocks = re.findall(r"^```python\n(.*?)^```", (REPO / "docs" / "api.md").read_text(encoding="utf-8"), re.M | re.S)
    examples = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, "docs/api.md", "docs/api.md", 0)
    assert len(examples.examples) >= 8
    assert doctest.DocTestRunner().run(examples).failed == 0
