"""Reprint notices outside the body text: in a footnote, an endnote, a page header or a page footer of a DOCX, ODT,
RTF, Word 97 .doc or PDF that LibreOffice wrote. Per format and place, the share of documents whose `reprint_source`
(reprints.clean) is the notice's outlet; and, over the same articles with ordinary notes only, how many get one.

Each NTREX-128 article (../shared/corpus/parallel/ntrex128, headline first) of the languages in LANGUAGES becomes a
flat OpenDocument text (.fodt) on A5 pages (most articles take two or more, so a PDF's heads and feet repeat) with
ordinary notes: a footnote citing a report, another a "Source: …" label naming a statistics office, an endnote
"Ibid., p. 42.", the headline as the running head, "Photo: AFP" and the page number as the footer. A notice of its
language from bench/notices.py WRITTEN_NOTICES (those the body's notice finder reads right and that are no
"Source: …" label: docs/documents.md says why) goes into one place: a footnote on the headline, an endnote, the head
or the foot; a fifth copy has none. soffice converts every .fodt into each format (`--convert-to`, a profile of its
own); reprints.clean reads them.

    .venv/bin/python bench/note_notices.py [--articles N] [--folder DIR] [--languages en,fr] [--cost]

--folder keeps the documents; a second run with the same folder reads them again without converting (to compare
two versions of the code on the same files). Skips, saying so, when soffice is not installed. PDF leaves out
Japanese, Korean and Chinese: the machine's fonts do not draw them (docs/documents.md, PDF). With --cost, what the
`text` and `notices` steps take per document of each format (their seconds in the run report's steps, the best of
COST_ROUNDS rounds over all the format's files, wall time in one process).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.notices import WRITTEN_NOTICES
from reprints import clean
from tasks.model import Rejected, SourceFile
from tasks.pipeline import CleanOptions, StepTimer, clean_files
from tasks.steps.notices import SOURCE_LABELS, reprint_source
from tests.corpus import ntrex_articles

# NTREX language: the language of its notices in WRITTEN_NOTICES
LANGUAGES = {
    "en": "en", "fr": "fr", "de": "de", "es": "es", "pt": "pt", "it": "it", "nl": "nl", "pl": "pl", "ru": "ru",
    "uk": "uk", "tr": "tr", "id": "id", "vi": "vi", "ja": "ja", "ko": "ko", "zh-Hant": "zh",
}  # fmt: skip
NO_FONT = {"ja", "ko", "zh-Hant"}  # no font on the machine draws them: no PDF
PLACES = ("footnote", "endnote", "header", "footer", "none")
# format: soffice's --convert-to argument
FORMATS = {"docx": "docx:MS Word 2007 XML", "odt": "odt", "rtf": "rtf", "doc": "doc:MS Word 97", "pdf": "pdf"}
CITATION = "World Bank, World Development Indicators 2024, p. 17."
LABEL = "Source: National Statistics Office, 2025."
ENDNOTE = "Ibid., p. 42."
PHOTO = "Photo: AFP"
NAMESPACES = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
}
CONVERT_AT_ONCE = 40
COST_ROUNDS = 5


def notices(language: str) -> list[tuple[str, str]]:
    """The language's written notices the body's finder reads right, without the "Source: …" labels."""
    labels = "|".join(re.escape(label) for group in SOURCE_LABELS.values() for label in group)
    label = re.compile(rf"[\s(\[（【〔「*_※＊—–-]*(?:{labels})\s*[:：]")  # after the brackets a notice may open with
    return [
        (notice, outlet)
        for notice, outlet in WRITTEN_NOTICES[language]
        if reprint_source(notice) == outlet and not label.match(notice.lower())
    ]


def note(citation: str, text: str) -> str:
    return (
        f'<text:note text:note-class="{"endnote" if citation == "i" else "footnote"}"><text:note-citation>{citation}'
        f"</text:note-citation><text:note-body><text:p>{escape(text)}</text:p></text:note-body></text:note>"
    )


def fodt(article: tuple[str, ...], notice: str, place: str) -> str:
    """The article with its ordinary notes, and the notice in `place` (none for "none")."""
    headline_note = note("*", notice) if place == "footnote" else ""
    body = [f"<text:p>{escape(article[0])}{headline_note}</text:p>"]
    for number, line in enumerate(article[1:], 1):
        notes = {2: note("1", CITATION), 4: note("2", LABEL)}.get(number, "")
        if number == len(article) - 1:
            notes += note("i", notice if place == "endnote" else ENDNOTE)
        body.append(f"<text:p>{escape(line)}{notes}</text:p>")
    head = [escape(article[0][:60])] + ([escape(notice)] if place == "header" else [])
    foot = [f'{PHOTO} — <text:page-number text:select-page="current">1</text:page-number>'] + (
        [escape(notice)] if place == "footer" else []
    )
    namespaces = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {namespaces} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'"/></office:font-face-decls>
<office:styles><style:default-style style:family="paragraph"><style:text-properties style:font-name="DejaVu Sans"
 fo:font-size="12pt"/></style:default-style></office:styles>
<office:automatic-styles><style:page-layout style:name="Page"><style:page-layout-properties fo:page-width="14.8cm"
 fo:page-height="21cm" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="1.5cm" fo:margin-right="1.5cm"/>
</style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="Page">
<style:header>{"".join(f"<text:p>{line}</text:p>" for line in head)}</style:header>
<style:footer>{"".join(f"<text:p>{line}</text:p>" for line in foot)}</style:footer></style:master-page></office:master-styles>
<office:body><office:text>{"".join(body)}</office:text></office:body>
</office:document>
"""


def convert(sources: list[Path], folder: Path, target: str) -> None:
    """The documents converted into `folder`, CONVERT_AT_ONCE a soffice call (one call stops converting after a few
    hundred documents, silently), with a user profile of their own."""
    for start in range(0, len(sources), CONVERT_AT_ONCE):
        subprocess.run(
            ["soffice", f"-env:UserInstallation={(folder.parent / 'profile').as_uri()}", "--headless", "--convert-to",
             target, "--outdir", str(folder), *map(str, sources[start : start + CONVERT_AT_ONCE])],
            check=False, capture_output=True, timeout=1800,
        )  # fmt: skip


def language_of(source: Path) -> str:
    return source.stem.rsplit("-", 2)[0]


def outcome(path: Path) -> tuple[str | None, str | None, list[str], str | None]:
    """(reprint_source, the quarantine reason, the paragraphs, the doc_id) of the file as reprints.clean reads it."""
    if not path.exists():
        return None, "not converted", [], None
    try:
        document = clean(path.read_bytes(), name=path.name)
    except Rejected as rejected:
        return None, rejected.reason, [], None
    return document.reprint_source, None, [p for part in document.parts for p in part.paragraphs], document.doc_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=4, help="articles per language")
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--folder", type=Path, help="where to keep (or find) the documents")
    parser.add_argument("--cost", action="store_true", help="also time the text and notices steps per format")
    args = parser.parse_args()
    if shutil.which("soffice") is None:
        raise SystemExit("bench: skipped: soffice (LibreOffice) is not installed; apt-get install libreoffice-writer")
    with tempfile.TemporaryDirectory(prefix="note-notices-") as tmp:
        folder = args.folder or Path(tmp)
        cases = write_sources(folder / "fodt", args.languages.split(","), args.articles)
        for kind, target in FORMATS.items():
            wanted = [source for source, *_ in cases if kind != "pdf" or language_of(source) not in NO_FONT]
            missing = [source for source in wanted if not (folder / kind / f"{source.stem}.{kind}").exists()]
            convert(missing, folder / kind, target)
        report(folder, cases)
        if args.cost:
            cost(folder)


def write_sources(folder: Path, languages: list[str], per_language: int) -> list[tuple[Path, str, str, str]]:
    """(the .fodt, its place, the notice's outlet, the notice) for each article and place."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = []
    for language in languages:
        written = notices(LANGUAGES[language])
        for number, article in enumerate(ntrex_articles(language)[:per_language]):
            notice, outlet = written[number % len(written)]
            for place in PLACES:
                source = folder / f"{language}-{number:02d}-{place}.fodt"
                source.write_text(fodt(article, notice, place), encoding="utf-8")
                cases.append((source, place, outlet, notice))
    return cases


def report(folder: Path, cases: list[tuple[Path, str, str, str]]) -> None:
    print("documents whose reprint_source is the notice's outlet (right/documents); 'none': documents with ordinary")
    print("notes only, and how many of them got a reprint_source (false); wrong: another outlet named; as docx: the")
    print("documents whose paragraphs, and whose doc_id, are those of the DOCX of the same .fodt")
    print(f"{'format':<7}" + "".join(f"{place:>12}" for place in PLACES) + f"{'wrong':>7}{'in text':>9}{'as docx':>12}"
          "  quarantined")  # fmt: skip
    docx = {source: outcome(folder / "docx" / f"{source.stem}.docx") for source, *_ in cases}
    for kind in FORMATS:
        counts: Counter[tuple[str, str]] = Counter()
        reasons: Counter[str] = Counter()
        for source, place, outlet, notice in cases:
            if kind == "pdf" and language_of(source) in NO_FONT:
                continue
            found, reason, paragraphs, doc_id = outcome(folder / kind / f"{source.stem}.{kind}")
            counts["all", "paragraphs as docx"] += paragraphs == docx[source][2]
            counts["all", "doc_id as docx"] += doc_id == docx[source][3]
            reasons.update([reason] if reason else [])
            counts[place, "documents"] += 1
            counts[place, "right"] += found == outlet if place != "none" else found is not None
            counts["all", "wrong"] += found is not None and place != "none" and found != outlet
            counts["all", "in text"] += any(line in paragraphs for line in (notice, CITATION, LABEL, ENDNOTE, PHOTO))
        cells = "".join(f"{counts[place, 'right']:>6}/{counts[place, 'documents']:<5}" for place in PLACES)
        as_docx = f"{counts['all', 'paragraphs as docx']}, {counts['all', 'doc_id as docx']}"
        print(f"{kind:<7}{cells}{counts['all', 'wrong']:>7}{counts['all', 'in text']:>9}{as_docx:>12}  {dict(reasons) or 'none'}")


def cost(folder: Path) -> None:
    print(f"\nms a document, best of {COST_ROUNDS} rounds\n{'format':<7}{'files':>6}{'text':>8}{'notices':>9}")
    for kind in FORMATS:
        paths = sorted((folder / kind).glob(f"*.{kind}"))
        sources = [SourceFile(str(path), path.name, path.stat().st_size) for path in paths]
        best: dict[str, float] = {}
        for _ in range(COST_ROUNDS):
            timer = StepTimer()
            clean_files(sources, [frozenset()] * len(sources), CleanOptions(), timer)
            for step in ("text", "notices"):
                best[step] = min(best.get(step, float("inf")), timer.steps[step].seconds)
        print(
            f"{kind:<7}{len(paths):>6}"
            + "".join(f"{1000 * best[step] / len(paths):>{width}.3f}" for step, width in (("text", 8), ("notices", 9)))
        )


if __name__ == "__main__":
    main()
