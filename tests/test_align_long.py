"""Long documents in the aligner (tasks/steps/align.py): thousands of paragraphs a side are aligned in a band around
the diagonal, in memory and time that grow with the document's length, not its square. Before, every table above 16
cells was costed whole in NumPy: 2.4 GB at 2,000 paragraphs a side, about 38 GB at 8,000 (a 2 MB bilingual report
with one paragraph per line)."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

import tasks.steps.align as align_module
from tasks.steps.align import align
from tests.conftest import REPO, needs_proc

PIERS = ("North", "Harbour", "Ferry", "Island", "Market", "Castle", "Station")


def english(i: int) -> str:
    return f"On day {i} the harbour council counted {7 * i + 3} ferries and {3 * i + 1} buses at the {PIERS[i % 7]} pier."


def german(i: int) -> str:
    return f"Am Tag {i} zählte der Hafenrat {7 * i + 3} Fähren und {3 * i + 1} Busse am {PIERS[i % 7]}-Pier."


def pairs(links: list) -> list[tuple]:
    return [(link.src, link.tgt) for link in links]


def test_a_long_document_costed_in_its_band_gets_the_links_of_the_whole_table(monkeypatch: pytest.MonkeyPatch) -> None:
    src = [english(i) for i in range(300)]
    kept = [i for i in range(300) if i % 37]  # 9 paragraphs dropped: no clear diagonal
    tgt = [german(i) for i in kept]
    tgt[100:102] = [f"{tgt[100]} {tgt[101]}"]  # and two run together
    assert align_module._costed_lazily(len(src), len(tgt))
    in_band = pairs(align(src, tgt, "en", "de"))
    monkeypatch.setattr(align_module, "LAZY_CELL_COST", math.inf)
    assert not align_module._costed_lazily(len(src), len(tgt))
    assert in_band == pairs(align(src, tgt, "en", "de"))
    assert ((kept[100], kept[101]), (100,)) in in_band
    assert all(((i,), ()) in in_band for i in range(0, 300, 37))


def test_a_band_narrower_than_the_difference_of_the_counts_still_reaches_the_last_units(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A side of many more units than the other, on a document long enough for its band to be capped: the band still
    leaves a way from the first units to the last (each row's band meets the next's)."""
    monkeypatch.setattr(align_module, "BAND_CELLS", 100)
    src = [english(i) for i in range(40)]
    tgt = [part for i in range(40) for part in german(i).split(" ")]  # every German word a unit of its own
    found = pairs(align(src, tgt, "en", "de"))
    assert [i for src_units, _ in found for i in src_units] == list(range(len(src)))
    assert [j for _, tgt_units in found for j in tgt_units] == list(range(len(tgt)))


LONG_DOCUMENT = """
import json, random, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))  # a regression fails here, not on the machine
from tests.conftest import peak_mb
from tests.test_align_long import english, german
from tasks.steps.align import _band_width, align
n = int(sys.argv[1])
rng = random.Random(7)
kept = [i for i in range(n) if rng.random() >= 0.1]
links = align([english(i) for i in range(n)], [german(i) for i in kept], "en", "de")
right = sum(link.src == (kept[link.tgt[0]],) for link in links if len(link.tgt) == 1)
print(json.dumps({"right": right, "kept": len(kept), "peak_mb": peak_mb(), "width": _band_width(n, len(kept))}))
"""


@needs_proc
def test_a_document_of_thousands_of_paragraphs_a_side_aligns_in_bounded_memory() -> None:
    """2,500 paragraphs a side, a tenth of one side's dropped at random: the band is capped (narrower than the 250
    paragraphs the counts differ by), the process stays far under the 3 GB it may use (NumPy's whole table needed
    about 4 GB), and the links are still right."""
    done = subprocess.run(
        [sys.executable, "-c", LONG_DOCUMENT, "2500"], cwd=REPO, capture_output=True, text=True, timeout=900, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout)
    assert found["width"] < 250 - 1  # capped: BAND_CELLS
    assert found["peak_mb"] < 600
    assert found["right"] >= 0.98 * found["kept"]
