"""What reading a word-processor file costs next to the same article as a text file: the text step, CPU time.

NTREX articles of ../shared/corpus (the first --articles of each language, in
the languages below) are written as UTF-8 text and, with the builders of
tests/test_rtf.py and tests/test_office.py, as RTF (Word's way: its code page's
\\'hh bytes, or \\uN escapes for Japanese), DOCX and ODT, and with tests/word97_files.py as Word 97-2003 .doc
(one piece, as Word saves a document whole: cp1252 for English, UTF-16 for the others), and with tests/pdf_files.py
as PDF (the `blocks` shape: gaps between paragraphs, 25 lines a page); each set goes through tasks/pipeline.py
make_text's routing and reading (clean_pdf, clean_word_document, else clean_text), in one process, the best of
--rounds rounds in CPU time.

    PYTHONPATH=. .venv/bin/python bench/documents.py [--articles 50] [--rounds 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.paragraph_shapes import width_of
from bench.structured_sniff import best_seconds
from tasks.pipeline import CleanOptions, StepTimer, clean_pdf, clean_text, clean_word_document
from tests.corpus import ntrex_articles
from tests.pdf_files import article_pdf
from tests.test_office import docx, odt
from tests.test_rtf import CODECS, rtf
from tests.word97_files import word97

# language, the RTF's code page and font charset, Unicode escapes or bytes (as tests/test_rtf.py WRITINGS)
LANGUAGES = [("en", 1252, 0, False), ("zh-Hant", 950, 136, False), ("ru", 1251, 204, False), ("ja", 1252, 0, True)]


def articles(count: int) -> list[tuple[list[str], int, int, bool]]:
    """The first `count` articles of each language whose every line its RTF code page can write."""
    chosen = []
    for language, code_page, charset, unicode in LANGUAGES:
        fits = [
            list(lines)
            for lines in ntrex_articles(language)
            if unicode or "\n".join(lines).encode(CODECS[code_page], "replace").decode(CODECS[code_page]) == "\n".join(lines)
        ]
        chosen += [(lines, code_page, charset, unicode) for lines in fits[:count]]
    return chosen


def pdf(lines: list[str]) -> bytes:
    """The article as a PDF of the `blocks` shape, wrapped at its language's width (bench/paragraph_shapes.py)."""
    language = next(language for language, *_ in LANGUAGES if tuple(lines) in ntrex_articles(language))
    return article_pdf(lines, language, "blocks", width_of(language, lines[0]), title=lines[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=50, help="articles of each language")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    chosen = articles(args.articles)
    sets = {
        "text": [("\n\n".join(lines) + "\n").encode() for lines, *_ in chosen],
        "rtf": [rtf(lines, code_page, charset, unicode) for lines, code_page, charset, unicode in chosen],
        "docx": [docx(lines) for lines, *_ in chosen],
        "odt": [odt(lines) for lines, *_ in chosen],
        # the title in the code page Windows saves it in: the RTF's, Japanese Windows' for the Japanese
        "doc": [word97(lines, lines[0], code_page=932 if unicode else code_page) for lines, code_page, _, unicode in chosen],
        "pdf": [pdf(lines) for lines, *_ in chosen],
    }
    options = CleanOptions()
    print(f"{len(chosen)} NTREX articles ({', '.join(language for language, *_ in LANGUAGES)}); CPU, best of {args.rounds}")
    for name, files in sets.items():
        read = {"text": clean_text, "pdf": clean_pdf}.get(name, clean_word_document)

        def make_text(raw: bytes, read: Callable[..., object] = read) -> object:
            return read(raw, options, StepTimer())

        seconds = best_seconds(make_text, files, args.rounds, time.process_time)
        size = sum(map(len, files)) / len(files) / 1024
        print(f"{name:<5} {size:6.1f} KB a file  {seconds / len(files) * 1e3:6.2f} ms a file")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
