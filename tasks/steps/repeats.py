"""Repeated paragraphs inside one document.

Two paragraphs are the same when they are equal after NFKC (which folds
fullwidth and halfwidth forms), case folding and collapsing whitespace. The
first is kept; later ones are dropped and counted. See docs/dedup.md.
"""

from __future__ import annotations

import unicodedata


def fold(paragraph: str) -> str:
    """NFKC and case folding: the form both this step and reprint clusters compare, computed once a paragraph.

    >>> fold("ＡＢＣ Summit")
    'abc summit'
    """
    return unicodedata.normalize("NFKC", paragraph).casefold()


def paragraph_key(paragraph: str) -> str:
    """The form under which two paragraphs count as the same: folded, whitespace collapsed.

    >>> paragraph_key("  ＡＢＣ　Summit  2025 ")
    'abc summit 2025'
    >>> paragraph_key("美俄峰會應按五項原則進行") == paragraph_key("美俄峰會應按四項原則進行")
    False
    """
    return folded_key(fold(paragraph))


def folded_key(folded: str) -> str:
    """paragraph_key of a paragraph whose fold() the caller has already.

    >>> folded_key(" abc\u3000 summit ")
    'abc summit'
    """
    return _collapse_whitespace(folded)


def _collapse_whitespace(text: str) -> str:
    # str.split() splits on exactly what the regex \s matches: a third of the cost of re.sub(r"\s+", " ", ...).strip()
    if "  " in text or text[:1] == " " or text[-1:] == " " or not text.isprintable():
        return " ".join(text.split())
    # (most paragraphs) single spaces between words, and no other whitespace (whitespace but the space is not printable:
    # tests/test_repeats.py checks every code point): split and join would give the text back, at twice the cost
    return text


def first_occurrences(paragraphs: list[str], folded: list[str] | None = None) -> list[int | None]:
    """For each paragraph, None if it is the first of its kind, else the index of the first one.

    `folded`, when the caller has it already, is fold() of each paragraph.

    >>> first_occurrences(["A heading", "Body text.", "A  HEADING", "Other text.", "Body text."])
    [None, None, 0, None, 1]
    """
    return first_of_keys([_collapse_whitespace(f) for f in (folded if folded is not None else map(fold, paragraphs))])


def first_of_keys(keys: list[str]) -> list[int | None]:
    """first_occurrences of paragraphs given as paragraph_key of each (what the pipeline keeps of them).

    >>> first_of_keys(["a heading", "body text.", "a heading"])
    [None, None, 0]
    """
    first: dict[str, int] = {}
    result: list[int | None] = []
    for index, key in enumerate(keys):
        result.append(first.get(key))
        first.setdefault(key, index)
    return result
