"""`reprints export alignments` on OUTs written by the run's own sink: it reads a batch at a time, so its memory does
not grow with OUT, and its TMX is valid XML whatever the texts hold. (The formats themselves: tests/test_align.py.)"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from reprints.cli import main
from tasks.model import AlignedUnit, CleanDocument, Part
from tests.conftest import REPO, needs_proc, write_out

SENTENCES = 40  # sentence links per document


def document(number: int, name: str | None = None, english: str = "The ferry left at {i}.", french: str = "") -> CleanDocument:
    """A bilingual document with one paragraph a side and SENTENCES sentence links."""
    english_sentences = [english.format(i=f"{number}.{i}") + " " + "x" * 80 for i in range(SENTENCES)]
    french_sentences = [french or f"Le bac est parti à {number}.{i}. " + "y" * 80 for i in range(SENTENCES)]
    parts = [Part("en", [" ".join(english_sentences)], 1.0), Part("fr", [" ".join(french_sentences)], 1.0)]
    units = [AlignedUnit("paragraph", "en", "fr", (0,), (0,), (0,), (0,), parts[0].paragraphs[0], parts[1].paragraphs[0], 0.9)]
    units += [
        AlignedUnit("sentence", "en", "fr", (i,), (i,), (0,), (0,), en, fr, 0.8)
        for i, (en, fr) in enumerate(zip(english_sentences, french_sentences, strict=True))
    ]
    path = name or f"doc-{number:05d}.txt"
    digest = hashlib.sha256(path.encode()).hexdigest()
    return CleanDocument(path, digest, digest[:32], "utf-8", [], parts, alignments=units)


EXPORT = """
import sys
from reprints.cli import main
from tests.conftest import peak_mb
code = main(["export", "alignments", sys.argv[1], sys.argv[2], "--format", sys.argv[3]])
print(code, peak_mb())
"""


def peak_mb_of_export(out: Path, dest: Path, kind: str) -> int:
    done = subprocess.run([sys.executable, "-c", EXPORT, str(out), str(dest), kind], cwd=REPO, capture_output=True, text=True)
    code, peak = done.stdout.split()[-2:]
    assert code == "0", done.stderr
    return int(peak)


@needs_proc
def test_export_reads_a_batch_at_a_time_so_its_memory_does_not_grow_with_out(tmp_path: Path) -> None:
    """Before, every matching row became a dict at once: 80,000 sentence links more (3,000 documents against 1,000)
    took 220 MB more in JSON Lines and Moses, 410 MB in TMX (a tree of every link). Now 6-18 MB: the peak is that of
    a file's row group (tasks/output/write.py keeps them small) and the allocator's slack."""
    small, large = tmp_path / "small", tmp_path / "large"
    write_out(small, [document(i) for i in range(1000)], "small", documents_per_flush=500)
    write_out(large, [document(i) for i in range(3000)], "large", documents_per_flush=500)
    for kind in ("jsonl", "tmx", "moses"):
        growth = peak_mb_of_export(large, tmp_path / f"large-{kind}", kind) - peak_mb_of_export(small, tmp_path / kind, kind)
        assert growth < 60, f"{kind}: {growth} MB more for 80,000 more links"
    lines = (tmp_path / "large-jsonl" / "en__fr.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3000 * SENTENCES
    # in the order OUT holds them, each document's sentences in document order
    first = [json.loads(line) for line in lines[: 2 * SENTENCES]]
    assert [(unit["source_path"], unit["src_indices"]) for unit in first] == [
        (f"doc-{number:05d}.txt", [i]) for number in (0, 1) for i in range(SENTENCES)
    ]


def test_tmx_holds_any_text_and_file_name_as_valid_xml(tmp_path: Path) -> None:
    english = "Fish & chips <b>\"{i}\"</b> at O'Neill's ]]> café"
    french = "Poisson & frites <i>« maison »</i> & co ]]>"
    name = 'menus/"fish" & <chips>.txt'
    write_out(tmp_path / "out", [document(1, name, english, french)], "xml")
    assert main(["export", "alignments", str(tmp_path / "out"), str(tmp_path / "tmx"), "--format", "tmx"]) == 0
    root = ET.parse(tmp_path / "tmx" / "en__fr.tmx").getroot()
    units = root.findall("body/tu")
    assert [tu.get("tuid") for tu in units] == [str(i) for i in range(1, SENTENCES + 1)]
    header = root.find("header")
    assert header is not None and header.get("segtype") == "sentence" and header.get("srclang") == "en"
    segments = [[seg.text for seg in tu.findall("tuv/seg")] for tu in units]
    assert segments[3] == [english.format(i="1.3") + " " + "x" * 80, french]
    assert {tu.findtext("prop[@type='x-source_path']") for tu in units} == {name}
