"""Paragraphs of plain-text files nobody here wrote: the licences and READMEs a Debian system ships.

No gold standard exists for them, so two signs of a paragraph step gone wrong are counted, through the text path's
own clean-up (tasks.pipeline.repair_and_tidy): a paragraph *cut mid-sentence* (it does not end in . ! ? : ; and the
next one starts in lower case: a wrapped line left alone) and a paragraph *holding a rule* (a run of three or more
= - _ * ~ # +, spaced or not: a heading's underline joined to it, or left as a paragraph).

    .venv/bin/python bench/plain_text_files.py            # /usr/share/common-licenses, then /usr/share/doc's READMEs
    .venv/bin/python bench/plain_text_files.py FILE...    # these files (.gz read through gunzip)

docs/paragraphs.md, "Plain-text files others wrote", has the figures.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import re
from pathlib import Path

from tasks.pipeline import repair_and_tidy

LICENCES = Path("/usr/share/common-licenses")
DOCS = Path("/usr/share/doc")
READMES = ("*/README", "*/README.gz", "*/README.Debian")
CUT = re.compile(r"[.!?:;]$")
RULE = re.compile(r"(?:^|\s)([-=_*~#+])(?: ?\1){2,}(?:\s|$)")


def read_text(path: Path) -> str | None:
    """The file's UTF-8 text (gunzipped when it ends in .gz), or None for a file that is not UTF-8 text."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def measure(paths: list[Path]) -> tuple[int, int, int, int]:
    """(files, paragraphs, paragraphs cut mid-sentence, paragraphs holding a rule) over the UTF-8 text files."""
    files = paragraphs = cut = ruled = 0
    for path in paths:
        text = read_text(path)
        if text is None or not text.strip():
            continue
        found = repair_and_tidy(text)[0].split("\n\n")
        files += 1
        paragraphs += len(found)
        cut += sum(1 for this, following in itertools.pairwise(found) if following[:1].islower() and not CUT.search(this))
        ruled += sum(1 for paragraph in found if RULE.search(paragraph))
    return files, paragraphs, cut, ruled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="files to measure (default: the two sets of the docstring)")
    args = parser.parse_args()
    sets = {"given files": args.files} if args.files else {
        f"{LICENCES}": sorted(p for p in LICENCES.iterdir() if p.is_file() and not p.is_symlink()),
        f"{DOCS} READMEs": sorted(p for pattern in READMES for p in DOCS.glob(pattern) if p.is_file() and not p.is_symlink()),
    }  # fmt: skip
    for name, paths in sets.items():
        files, paragraphs, cut, ruled = measure(paths)
        print(f"{name}: {files} files, {paragraphs} paragraphs, {cut} cut mid-sentence, {ruled} holding a rule")


if __name__ == "__main__":
    main()
