"""PDFs a real exporter wrote: NTREX articles laid out as a newsroom's documents, turned into PDF by LibreOffice
(`soffice --headless --convert-to pdf`), read back with reprints.clean; the share of paragraphs that come out exactly,
per shape and script.

Each article (../shared/corpus/parallel/ntrex128, headline first) becomes a flat OpenDocument text (.fodt, written
here under a temporary folder) in DejaVu Sans, the machine's font for Latin, Greek, Cyrillic, Arabic and Hebrew, in
each shape of SHAPES; every other article has its headline as the document's title (PDF /Title), the others none.
All the files of a run are converted by one soffice call, with a user profile of its own. A paragraph is right when
the document's parts hold it exactly (the article's line, cleaned alone); the headline also when it is the title.

    .venv/bin/python bench/pdf_libreoffice.py [--languages en,ar] [--shapes spacing,columns] [--articles N]

Skips, saying so, when soffice is not installed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.paragraph_shapes import NTREX
from reprints import clean
from tasks.model import Rejected
from tasks.pipeline import repair_and_tidy
from tests.corpus import ntrex_articles

LANGUAGES = ("en", "fr", "de", "vi", "ru", "el", "he", "ar", "fa")
RIGHT_TO_LEFT = {"he", "ar", "fa"}
SPACING_AFTER = 'fo:margin-bottom="0.28cm" fo:line-height="108%"'  # Word's default: 8 pt after, 1.08 lines
# shape: (the body paragraphs' properties, what the document has besides its paragraphs)
SHAPES: dict[str, tuple[str, frozenset[str]]] = {
    "spacing": (SPACING_AFTER, frozenset()),
    "indent": ('fo:text-indent="0.5cm"', frozenset()),
    "justified": (f'{SPACING_AFTER} fo:text-align="justify"', frozenset()),
    "head-foot": (SPACING_AFTER, frozenset({"head-foot"})),
    "columns": (SPACING_AFTER, frozenset({"columns"})),
    "heading": (SPACING_AFTER, frozenset({"heading"})),
    "table": (SPACING_AFTER, frozenset({"table"})),
    "footnotes": (SPACING_AFTER, frozenset({"footnotes"})),
    "long": (f'{SPACING_AFTER} fo:text-align="justify"', frozenset({"long", "head-foot"})),
}
NAMESPACES = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}
CONVERT_AT_ONCE = 50
TABLE = (("Year", "Visitors"), ("2018", "1,204"), ("2019", "1,377"))


def fodt(article: tuple[str, ...], language: str, shape: str, title: str | None) -> str:
    """The article as a flat OpenDocument text in `shape`."""
    properties, extras = SHAPES[shape]
    direction = 'style:writing-mode="rl-tb"' if language in RIGHT_TO_LEFT else ""
    size = "14pt" if "long" in extras else "11pt"
    page = 'fo:page-width="14.8cm" fo:page-height="21cm"' if "long" in extras else 'fo:page-width="21cm" fo:page-height="29.7cm"'
    headline = (
        f'<text:h text:style-name="Heading_20_1" text:outline-level="1">{escape(article[0])}</text:h>'
        if "heading" in extras
        else f'<text:p text:style-name="Body">{escape(article[0])}</text:p>'
    )
    body = [headline]
    for number, line in enumerate(article[1:], 1):
        note = (
            f'<text:note text:id="n{number}" text:note-class="footnote"><text:note-citation>{number // 3}'
            '</text:note-citation><text:note-body><text:p text:style-name="Footnote">Agency report, 2019.</text:p>'
            "</text:note-body></text:note>"
            if "footnotes" in extras and number % 3 == 0
            else ""
        )
        body.append(f'<text:p text:style-name="Body">{escape(line)}{note}</text:p>')
        if "table" in extras and number == 2:
            body.append(_table())
    text = "".join(body)
    if "columns" in extras:
        text = f'<text:section text:style-name="Columns" text:name="Columns">{text}</text:section>'
    head_foot = (
        f'<style:header><text:p text:style-name="Header">{escape(article[0][:60])}</text:p></style:header>'
        '<style:footer><text:p text:style-name="Footer"><text:page-number text:select-page="current">1'
        "</text:page-number></text:p></style:footer>"
        if "head-foot" in extras
        else ""
    )
    namespaces = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {namespaces} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta>{f"<dc:title>{escape(title)}</dc:title>" if title else ""}</office:meta>
<office:font-face-decls><style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:paragraph-properties {direction}/><style:text-properties
 style:font-name="DejaVu Sans" fo:font-size="{size}" style:font-name-asian="DejaVu Sans"
 style:font-name-complex="DejaVu Sans" style:font-size-complex="{size}"/></style:default-style>
<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties {properties}/></style:style>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
 style:default-outline-level="1"><style:paragraph-properties fo:margin-top="0.42cm" fo:margin-bottom="0.21cm"/>
 <style:text-properties fo:font-size="18pt" fo:font-weight="bold" style:font-size-complex="18pt"/></style:style>
<style:style style:name="Footnote" style:family="paragraph"><style:text-properties fo:font-size="9pt"/></style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="Page"><style:page-layout-properties {page} fo:margin-top="2cm"
 fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/><style:header-style><style:header-footer-properties
 fo:min-height="0cm" fo:margin-bottom="0.5cm"/></style:header-style><style:footer-style><style:header-footer-properties
 fo:min-height="0cm" fo:margin-top="0.5cm"/></style:footer-style></style:page-layout>
<style:style style:name="Columns" style:family="section"><style:section-properties><style:columns
 fo:column-count="2" fo:column-gap="0.6cm"/></style:section-properties></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="Page">{head_foot}
</style:master-page></office:master-styles>
<office:body><office:text>{text}</office:text></office:body>
</office:document>
"""


def _table() -> str:
    rows = "".join(
        "<table:table-row>"
        + "".join(f'<table:table-cell office:value-type="string"><text:p>{cell}</text:p></table:table-cell>' for cell in row)
        + "</table:table-row>"
        for row in TABLE
    )
    return f'<table:table table:name="Figures"><table:table-column table:number-columns-repeated="2"/>{rows}</table:table>'


def converted(sources: list[Path], folder: Path) -> list[Path]:
    """The documents as PDF in `folder`, by soffice calls with a user profile of their own (another soffice running
    on the machine would otherwise take the calls over, or lock the profile); the documents that did not convert.

    soffice 7.4 stops converting, without a word or an error status, after a few hundred documents in one call, so
    the documents go CONVERT_AT_ONCE a call, and any left out once more alone."""

    def convert(chunk: list[Path]) -> None:
        subprocess.run(
            ["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
             "--outdir", str(folder), *map(str, chunk)],
            check=False, capture_output=True, timeout=1800,
        )  # fmt: skip

    for start in range(0, len(sources), CONVERT_AT_ONCE):
        convert(sources[start : start + CONVERT_AT_ONCE])
    for source in [source for source in sources if not source.with_suffix(".pdf").exists()]:
        convert([source])
    return [source for source in sources if not source.with_suffix(".pdf").exists()]


def score(pdf: Path, article: tuple[str, ...]) -> tuple[int, str | None]:
    """(paragraphs of the article exactly in the document, the quarantine reason if it was quarantined)."""
    if not pdf.exists():
        return 0, None
    try:
        document = clean(pdf.read_bytes(), name=pdf.name)
    except Rejected as rejected:
        return 0, rejected.reason
    found = {paragraph for part in document.parts for paragraph in [*part.paragraphs, part.title or ""]}
    return sum(repair_and_tidy(line)[0] in found for line in article), None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--languages", default=",".join(LANGUAGES), help="NTREX languages, comma-separated")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--articles", type=int, default=10, help="articles per language")
    parser.add_argument("--keep", type=Path, help="a folder to leave the documents and PDFs in, to look at")
    args = parser.parse_args()
    if shutil.which("soffice") is None:
        raise SystemExit("bench: skipped: soffice (LibreOffice) is not installed; apt-get install libreoffice-writer")
    if not NTREX.is_dir():
        raise SystemExit(f"bench: {NTREX} is missing (the shared corpus beside the checkout)")
    languages, shapes = args.languages.split(","), args.shapes.split(",")
    with tempfile.TemporaryDirectory(prefix="pdf-libreoffice-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        articles = {language: ntrex_articles(language)[: args.articles] for language in languages}
        sources = []
        for shape in shapes:
            for language in languages:
                for number, article in enumerate(articles[language]):
                    source = folder / f"{shape}-{language}-{number:03d}.fodt"
                    title = article[0] if number % 2 == 0 else None
                    source.write_text(fodt(article, language, shape, title), encoding="utf-8")
                    sources.append(source)
        started = time.perf_counter()
        failed = converted(sources, folder)
        print(f"{len(sources)} documents converted by soffice in {time.perf_counter() - started:.0f} s; "
              f"not converted (counted as wrong): {[source.name for source in failed] or 'none'}")  # fmt: skip
        started = time.perf_counter()
        table, quarantined = _scored(folder, shapes, articles)
        print(f"read with reprints.clean in {time.perf_counter() - started:.0f} s; quarantined: {dict(quarantined) or 'none'}")
    print("\nshare of paragraphs exactly right\n" + f"{'language':<11}" + "".join(f"{shape:>11}" for shape in shapes))
    for language in [*languages, "all"]:
        print(f"{language:<11}" + "".join(f"{_share(table[shape, language]):>11.4f}" for shape in shapes))


def _scored(
    folder: Path, shapes: list[str], articles: dict[str, tuple[tuple[str, ...], ...]]
) -> tuple[dict[tuple[str, str], tuple[int, int]], Counter[str]]:
    table: dict[tuple[str, str], tuple[int, int]] = {}
    quarantined: Counter[str] = Counter()
    for shape in shapes:
        for language, chosen in articles.items():
            right = 0
            for number, article in enumerate(chosen):
                found, reason = score(folder / f"{shape}-{language}-{number:03d}.pdf", article)
                right += found
                quarantined.update([reason] if reason else [])
            table[shape, language] = (right, sum(map(len, chosen)))
        counts = [table[shape, language] for language in articles]
        table[shape, "all"] = (sum(right for right, _ in counts), sum(total for _, total in counts))
    return table, quarantined


def _share(counts: tuple[int, int]) -> float:
    return counts[0] / counts[1] if counts[1] else 0.0


if __name__ == "__main__":
    main()
