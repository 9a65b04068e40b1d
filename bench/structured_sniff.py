"""What recognising PDFs, web pages, word-processor files, news XML, other structured files and Markdown costs a file
that is none: the routing checks.

Every file goes through the routing of tasks/pipeline.py make_text: is it a PDF (pdf.is_pdf), a web
page (html.page_kind), an RTF, DOCX or ODT file (office.document_kind), news
XML, other XML or JSON (news_xml.structured_kind), an e-mail message (mail.message_kind), Markdown (markdown.markdown_text: a few
substring searches of the first bytes; a file with markers of two constructs is
decoded and matched). This times the checks on the files of
bench/throughput.py's corpus (bench/corpus.py: NTREX and sentences text in the
encodings news archives hold, seed 7; built here, throughput.py is not run),
read into memory first, the best of --rounds rounds; and counts the files each
check routes away from text (on this corpus: none).

    .venv/bin/python bench/structured_sniff.py [--documents 4000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus as corpus_builder

from tasks.inputs.discover import find_inputs
from tasks.inputs.read import DEFAULT_MAX_BYTES, read_source
from tasks.steps.html import page_kind
from tasks.steps.mail import message_kind
from tasks.steps.markdown import markdown_text
from tasks.steps.news_xml import structured_kind
from tasks.steps.office import document_kind
from tasks.steps.pdf_text_layer import is_pdf


def best_seconds(
    check: Callable[[bytes], object], files: list[bytes], rounds: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = clock()
        for raw in files:
            check(raw)
        best = min(best, clock() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        manifest = corpus_builder.build(Path(work), args.documents, args.seed)
        files = [read_source(source, DEFAULT_MAX_BYTES)[0] for source in find_inputs(work)]
    print(f"corpus: {len(files)} files, {manifest.bytes / 1e6:.2f} MB (bench/corpus.py, seed {args.seed})")
    routed = Counter(
        str(
            (is_pdf(raw) and "pdf")
            or page_kind(raw)
            or document_kind(raw)
            or structured_kind(raw)
            or message_kind(raw)
            or (markdown_text(raw) and "markdown")
        )
        for raw in files
    )
    print(f"routed: {dict(routed)} ('None': read as text)")
    checks = (
        ("is_pdf", is_pdf), ("page_kind", page_kind), ("document_kind", document_kind), ("structured_kind", structured_kind)
    )  # fmt: skip
    for name, check in (*checks, ("message_kind", message_kind), ("markdown_text", markdown_text)):
        seconds = best_seconds(check, files, args.rounds)
        print(f"{name:<16} {seconds * 1e3:7.1f} ms for the corpus, {seconds / len(files) * 1e6:5.2f} µs a file")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
