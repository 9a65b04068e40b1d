"""JSON articles: does a CMS's JSON export of an article give the text file's document, and does other JSON stay out?

Renderings: the first N NTREX-128 articles (../shared/corpus/parallel/ntrex128, headline first) of each language,
written with tests/test_json_article.py's builders as a WordPress REST post (HTML body), a schema.org NewsArticle in a
JSON-LD @graph and a plain API object (each body as text and as HTML); wrapped in an API's envelope (WRAPPED): a
Guardian Content API item (HTML body in `fields`, title, address and date beside it), a NewsAPI-like
{"status", "article"} and a Strapi {"data": {"attributes"}} (each body as text and as HTML), an ActivityPub Create of
an Article; and as a text file (headline and paragraphs a blank line apart). Each file goes through the pipeline's
steps (tasks/pipeline.clean_files, no Prefect); a rendering counts as `same` when it gives the text file's doc_id and
paragraphs (its headline as title, not a paragraph).

Real JSON-LD: every <script type="application/ld+json"> block of the 61 real news pages of
../shared/corpus/web/article-extraction, each saved as a file as it stands in its page (most are a page's metadata:
an Organization, a BreadcrumbList, a NewsArticle without its body; a few a NewsArticle with its articleBody). Each
goes through the same steps; the records are scored against the page's ground-truth article body with that
folder's evaluate.py (bench/web_extraction.py's scorer: shingle precision, recall, F1).

False positives: every *.json under the folders given (by default /usr/share and the venv's site-packages) and the
JSON files of tests/test_json_article.py that are no article (package.json, composer.json, tsconfig, GeoJSON, a JSON
schema...), through the same steps: how many became records, by source_format, and how many were quarantined, by
reason, and how long the steps took over them all; the files that became records are listed.

    PYTHONPATH=. .venv/bin/python -m bench.json_articles [--articles 3] [--languages en,fr,...] [--json-under DIR ...]
    PYTHONPATH=/tmp/base .venv/bin/python bench/json_articles.py     # the code of another checkout (git archive)
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.web_extraction import BENCHMARK, scorer
from tasks.model import CleanDocument, Outcome, Quarantined, SourceFile
from tasks.pipeline import CleanOptions, StepTimer, clean_files
from tests.corpus import ntrex_articles
from tests.test_json_article import RENDERINGS, WRAPPED, not_articles, page_json_ld

LANGUAGES = "en,fr,de,es,ru,zh-Hant,zh-Hans,ja,ko,ar,he,th,el,hi,tr,pl,vi,uk"
ALL_RENDERINGS = RENDERINGS | WRAPPED
VENV_PACKAGES = Path(sys.prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"


def clean_all(files: list[Path]) -> list[Outcome]:
    sources = [SourceFile(str(path), path.name, path.stat().st_size) for path in files]
    return clean_files(sources, [frozenset()] * len(sources), CleanOptions(), StepTimer())


def content(outcome: Outcome) -> tuple[str, list[str]] | None:
    """A document's doc_id and kept paragraphs; None for a file that became none."""
    if not isinstance(outcome, CleanDocument):
        return None
    return outcome.doc_id, [p for part in outcome.parts for p in part.paragraphs]


def renderings(folder: Path, languages: list[str], articles: int) -> None:
    same: Counter[str] = Counter()
    became: dict[str, Counter[str]] = {name: Counter() for name in ALL_RENDERINGS}
    total = 0
    for language in languages:
        for number, lines in enumerate(ntrex_articles(language)[:articles]):
            text = folder / f"{language}-{number}.txt"
            text.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
            files = [text]
            for name, write in ALL_RENDERINGS.items():
                files.append(folder / f"{language}-{number}-{name}.json")
                files[-1].write_bytes(write(list(lines)))
            text_outcome, *outcomes = clean_all(files)
            expected = content(text_outcome)
            assert expected is not None, text
            doc_id, paragraphs = expected
            total += 1
            for name, outcome in zip(ALL_RENDERINGS, outcomes, strict=True):
                became[name][_kind(outcome)] += 1
                same[name] += content(outcome) == (doc_id, paragraphs[1:])  # the headline: the JSON's title
    print(f"{total} NTREX articles ({len(languages)} languages: {', '.join(languages)}), each as text and ", end="")
    print(f"{len(ALL_RENDERINGS)} JSON renderings")
    print(f"{'rendering':<14}{'same doc_id and paragraphs':>28}   outcomes")
    for name in ALL_RENDERINGS:
        print(f"{name:<14}{same[name]:>20} / {total:<5}   {dict(became[name])}")
    print(f"{'all':<14}{sum(same.values()):>20} / {total * len(ALL_RENDERINGS)}")


def _kind(outcome: Outcome) -> str:
    if isinstance(outcome, CleanDocument):
        return f"record:{outcome.page.source_format}"
    return f"quarantined:{outcome.reason}" if isinstance(outcome, Quarantined) else type(outcome).__name__


def pages_json_ld(folder: Path) -> None:
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    files, pages = [], []
    for key, blocks in page_json_ld().items():
        for number, block in enumerate(blocks):
            files.append(folder / f"{key[:12]}-{number}.json")
            files[-1].write_bytes(block)
            pages.append(key)
    outcomes = clean_all(files)
    print(f"\n{len(files)} JSON-LD blocks of {len(set(pages))} of the {len(truth)} pages of {BENCHMARK}")
    for kind, count in Counter(_kind(outcome) for outcome in outcomes).most_common():
        print(f"  {kind:<34}{count:>6}")
    evaluate = scorer()
    for key, outcome in zip(pages, outcomes, strict=True):
        if isinstance(outcome, CleanDocument):
            text = "\n\n".join(p for part in outcome.parts for p in part.paragraphs)
            tp, fp, fn = evaluate.string_shingle_matching(true=truth[key]["articleBody"], pred=text)
            precision, recall = tp / ((tp + fp) or 1), tp / ((tp + fn) or 1)
            f1 = 2 * precision * recall / ((precision + recall) or 1)
            print(f"  record: page {key[:12]}: precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f}, {len(text)} chars")


def false_positives(folder: Path, roots: list[Path]) -> None:
    files = sorted(path for root in roots for path in root.rglob("*.json") if path.is_file())
    for name, data, _ in not_articles():
        files.append(folder / name)
        files[-1].write_bytes(data)
    started = time.perf_counter()
    outcomes = clean_all(files)
    seconds = time.perf_counter() - started
    kinds = Counter(_kind(outcome) for outcome in outcomes)
    print(
        f"\n{len(files)} JSON files that are no article: {len(files) - len(not_articles())} *.json under "
        f"{', '.join(map(str, roots))}, and {len(not_articles())} of tests/test_json_article.py "
        f"({sum(path.stat().st_size for path in files) / 1e6:.1f} MB, cleaned in {seconds:.1f} s)"
    )
    for kind, count in kinds.most_common():
        print(f"  {kind:<34}{count:>6}")
    for path, outcome in zip(files, outcomes, strict=True):
        if isinstance(outcome, CleanDocument):
            paragraphs = [p for part in outcome.parts for p in part.paragraphs]
            print(f"  record: {path} ({outcome.page.source_format}, {len(paragraphs)} paragraphs): {paragraphs[0][:70]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=3, help="articles per language")
    parser.add_argument("--languages", default=LANGUAGES)
    parser.add_argument("--json-under", type=Path, nargs="*", default=[Path("/usr/share"), VENV_PACKAGES])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="json-articles-") as tmp:
        renderings(Path(tmp), args.languages.split(","), args.articles)
        pages_json_ld(Path(tmp))
        false_positives(Path(tmp), args.json_under)


if __name__ == "__main__":
    main()
