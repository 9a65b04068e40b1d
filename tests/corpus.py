"""Reading ../shared/corpus at test time (never copied into the project)."""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from tests.conftest import shared_path


@cache
def ntrex_lines(language: str) -> tuple[str, ...]:
    return tuple(shared_path("corpus", "parallel", "ntrex128", f"{language}.txt").read_text(encoding="utf-8").split("\n"))


@cache
def ntrex_articles(language: str) -> tuple[tuple[str, ...], ...]:
    """NTREX articles (headline first) as tuples of lines, grouped by doc_ids.txt."""
    ids = ntrex_lines("doc_ids")
    articles: dict[str, list[str]] = defaultdict(list)
    for doc_id, line in zip(ids, ntrex_lines(language), strict=True):
        if doc_id and line:
            articles[doc_id].append(line)
    return tuple(tuple(lines) for lines in articles.values())


@cache
def sentences(language: str) -> tuple[str, ...]:
    text = shared_path("corpus", "sentences", f"{language}.txt").read_text(encoding="utf-8")
    return tuple(line for line in text.split("\n") if line)
