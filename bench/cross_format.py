"""One article in many formats: does the real command make it one document?

Each of the first N NTREX-128 articles (../shared/corpus/parallel/ntrex128, headline first) of each language is
written into one RAW in every format a newsroom receives it in, with the builders the format's tests use:

  text      the headline and paragraphs a blank line apart, UTF-8, a trailing newline
  nitf      NITF 3.6 as wire services send it (tests/test_news_xml.py: title, hedline, byline, dateline)
  newsml    NewsML-G2 with an inline XHTML body (tests/test_news_xml.py)
  email     a plain text/plain message, "Fwd: [wire] headline" as subject (bench/email_shapes.py)
  docx      Word: the headline in style Title, runs split by revisions (tests/test_office.py)
  odt       LibreOffice: the headline as <text:h> (tests/test_office.py)
  rtf       Word's RTF, \\uN escapes beyond ASCII (tests/test_rtf.py)
  markdown  front matter, the headline as `# `, bold, links, lists, quotes (bench/markdown_articles.py)
  html      a news page: <title> "headline | outlet", <h1>, <p>s, a menu and a footer
  wordpress a WordPress REST post: HTML in content.rendered, \\u escapes (tests/test_json_article.py)
  jsonld    a schema.org NewsArticle in a JSON-LD @graph, its articleBody text (tests/test_json_article.py)

`reprints ingest RAW OUT` (a subprocess, one run) reads them all; for every pair of formats and every article the
table counts the pair as `dup` (same doc_id: one of the two files is in OUT/duplicates), `reprint` (two documents,
one reprint_cluster) or `separate`; `same` counts the pairs whose kept records have equal paragraphs (a duplicate
and its original always do).

    PYTHONPATH=. .venv/bin/python -m bench.cross_format [--articles 3] [--languages en,fr,de,ru,zh-Hant,ja] [--keep DIR]
    PYTHONPATH=/tmp/base .venv/bin/python bench/cross_format.py      # the code of another checkout (git archive)
"""

from __future__ import annotations

import argparse
import html
import itertools
import os
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow.dataset as ds

from bench import email_shapes, markdown_articles
from tests.corpus import ntrex_articles
from tests.test_json_article import json_ld, wordpress
from tests.test_news_xml import newsml, nitf
from tests.test_office import docx, odt
from tests.test_rtf import rtf

ROOT = Path(__file__).resolve().parents[1]
OUTLET = "Harbour Times"


def web_page(lines: list[str]) -> bytes:
    """A news page around the article: the outlet in <title>, a menu, a footer with its copyright."""
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8">\n<title>{html.escape(lines[0])} | {OUTLET}</title>\n'
        f'<meta property="og:site_name" content="{OUTLET}">\n</head><body>\n'
        '<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/world">World</a></nav>\n'
        f"<article>\n<h1>{html.escape(lines[0])}</h1>\n{body}\n</article>\n"
        f"<footer><p>© 2026 {OUTLET}. All rights reserved.</p></footer>\n</body></html>\n"
    ).encode()


def text_file(lines: list[str]) -> bytes:
    return ("\n\n".join(lines) + "\n").encode()


def email(lines: list[str]) -> bytes:
    return email_shapes.message(tuple(lines), "und", "utf-8", "quoted-printable", "plain")


def markdown(lines: list[str]) -> bytes:
    return markdown_articles.render(tuple(lines), "en", 0, "front-matter").encode()


# format: (file name, how it is written)
FORMATS: dict[str, tuple[str, Callable[[list[str]], bytes]]] = {
    "text": ("story.txt", text_file),
    "nitf": ("wire.xml", lambda lines: nitf(lines).encode()),
    "newsml": ("item.xml", lambda lines: newsml(lines).encode()),
    "email": ("message.eml", email),
    "docx": ("edited.docx", docx),
    "odt": ("edited.odt", odt),
    "rtf": ("edited.rtf", lambda lines: rtf(lines, unicode=True)),
    "markdown": ("cms.md", markdown),
    "html": ("page.html", web_page),
    "wordpress": ("post.json", wordpress),
    "jsonld": ("article.jsonld", json_ld),
}


def write_raw(raw: Path, languages: list[str], articles: int) -> list[Path]:
    """Every article in every format, one folder per article; the folders."""
    folders = []
    for language in languages:
        for number, lines in enumerate(ntrex_articles(language)[:articles]):
            folder = raw / f"{language}-{number}"
            folder.mkdir(parents=True)
            for name, write in FORMATS.values():
                (folder / name).write_bytes(write(list(lines)))
            folders.append(folder)
    return folders


def ingest(raw: Path, out: Path) -> None:
    """The real command, as a user runs it, in OUT's parent folder: started in a checkout, its pool's workers import
    that checkout's `tasks`, whatever PYTHONPATH says (so a run of eafc121's copy measured this branch's code)."""
    env = dict(os.environ, PREFECT_HOME=str(out.parent / ".prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    env.update(PREFECT_LOGGING_LEVEL="WARNING", PYTHONPATH=os.pathsep.join(str(Path(p).resolve()) for p in paths if p))
    command = [str(Path(sys.executable).with_name("reprints")), "ingest", str(raw), str(out)]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, cwd=out.parent)


def _rows(out: Path, dataset: str, columns: list[str]) -> list[dict]:
    folder = out / dataset
    if not folder.is_dir():
        return []
    return ds.dataset(folder, format="parquet", partitioning="hive").to_table(columns=columns).to_pylist()


@dataclass(frozen=True)
class Kept:
    """What a file became: its document (a duplicate's is its original's), cluster and paragraphs."""

    doc_id: str
    cluster: str
    paragraphs: tuple[str, ...]


def outcomes(out: Path) -> dict[str, Kept]:
    """Each file of RAW that became records or a duplicate, by its path relative to RAW."""
    records = _rows(out, "records", ["source_path", "doc_id", "reprint_cluster", "paragraphs", "part_index"])
    by_path: dict[str, list[dict]] = {}
    for record in records:
        by_path.setdefault(record["source_path"], []).append(record)
    kept = {}
    for path, parts in by_path.items():
        parts.sort(key=lambda part: part["part_index"])
        paragraphs = tuple(p for part in parts for p in part["paragraphs"])
        kept[path] = Kept(parts[0]["doc_id"], parts[0]["reprint_cluster"], paragraphs)
    for duplicate in _rows(out, "duplicates", ["source_path", "duplicate_of_path"]):
        kept[duplicate["source_path"]] = kept[duplicate["duplicate_of_path"]]
    return kept


def tally(kept: dict[str, Kept], raw: Path, folders: list[Path]) -> dict[tuple[str, str], Counter[str]]:
    """Per pair of formats: how many articles' two files are dup, reprint, separate; how many have the same paragraphs."""
    table: dict[tuple[str, str], Counter[str]] = {}
    for (first, (first_name, _)), (second, (second_name, _)) in itertools.combinations(FORMATS.items(), 2):
        counts = table.setdefault((first, second), Counter())
        for folder in folders:
            a = kept.get(str((folder / first_name).relative_to(raw)))
            b = kept.get(str((folder / second_name).relative_to(raw)))
            if a is None or b is None:
                counts["missing"] += 1
                continue
            counts["dup" if a.doc_id == b.doc_id else "reprint" if a.cluster == b.cluster else "separate"] += 1
            counts["same"] += a.paragraphs == b.paragraphs
    return table


def report(table: dict[tuple[str, str], Counter[str]], articles: int) -> None:
    print(f"{articles} articles, each in {len(FORMATS)} formats: {', '.join(FORMATS)}")
    print(f"{'pair':<20}{'dup':>6}{'reprint':>9}{'separate':>10}{'missing':>9}{'same':>6}")
    for (first, second), counts in table.items():
        figures = "".join(f"{counts[key]:>{width}}" for key, width in (("dup", 6), ("reprint", 9), ("separate", 10)))
        print(f"{first + '/' + second:<20}{figures}{counts['missing']:>9}{counts['same']:>6}")
    total = sum(table.values(), Counter())
    print(f"{'all pairs':<20}{total['dup']:>6}{total['reprint']:>9}{total['separate']:>10}{total['missing']:>9}", end="")
    print(f"{total['same']:>6}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=3, help="articles per language")
    parser.add_argument("--languages", default="en,fr,de,ru,zh-Hant,ja")
    parser.add_argument("--keep", type=Path, help="write RAW and OUT here (a new folder) and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cross-format-") as tmp:
        base = args.keep or Path(tmp)
        raw, out = base / "raw", base / "out"
        folders = write_raw(raw, args.languages.split(","), args.articles)
        ingest(raw, out)
        report(tally(outcomes(out), raw, folders), len(folders))


if __name__ == "__main__":
    main()
