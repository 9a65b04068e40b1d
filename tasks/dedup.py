"""Repeated paragraphs inside one document.

Two paragraphs are the same when they are equal after NFKC (which folds
fullwidth and halfwidth forms), case folding and collapsing whitespace. The
first is kept; later ones are dropped and counted. See docs/dedup.md.
"""

from __future__ import annotations

import re
import unicodedata

WHITESPACE = re.compile(r"\s+")


def paragraph_key(paragraph: str) -> str:
    """The form under which two paragraphs count as the same."""
    return WHITESPACE.sub(" ", unicodedata.normalize("NFKC", paragraph).casefold()).strip()


def first_occurrences(paragraphs: list[str]) -> list[int | None]:
    """For each paragraph, None if it is the first of its kind, else the index of the first one."""
    first: dict[str, int] = {}
    result: list[int | None] = []
    for index, paragraph in enumerate(paragraphs):
        key = paragraph_key(paragraph)
        result.append(first.get(key))
        first.setdefault(key, index)
    return result
