"""Group a document's paragraphs into one part per language, in document order."""

from __future__ import annotations

from tasks.model import Part
from tasks.steps.language import Guess
from tasks.steps.notices import title_of

CJK_LANGUAGES = ("zh-Hant", "zh-Hans", "ja", "ko")


def group_parts(paragraphs: list[str], guesses: list[Guess], repeats: list[int | None]) -> list[Part]:
    """Parts ordered by where each language first appears; repeats are counted, not kept.

    `repeats[i]` is the index of the paragraph that paragraph i repeats, or None.
    A repeat is counted in the part of the paragraph it repeats.

    >>> paragraphs = ["美俄峰會", "峰會在阿拉斯加舉行。", "The Alaska summit", "The summit was held in Alaska.", "美俄峰會"]
    >>> guesses = [Guess("zh-Hant", 0.9, "script", 4), Guess("zh-Hant", 1.0, "script", 9), Guess("en", 0.8, "langdetect", 14),
    ...            Guess("en", 1.0, "langdetect", 24), Guess("zh-Hant", 0.9, "script", 4)]
    >>> for part in group_parts(paragraphs, guesses, [None, None, None, None, 0]):
    ...     print(part.language, part.title, len(part.paragraphs), part.duplicate_paragraphs, round(part.confidence, 3))
    zh-Hant 美俄峰會 2 1 0.969
    en The Alaska summit 2 0 0.926
    """
    kept: dict[str, list[int]] = {}
    dropped: dict[str, int] = {}
    for index, guess in enumerate(guesses):
        original = repeats[index]
        if original is None:
            kept.setdefault(guess.language, []).append(index)
        else:
            language = guesses[original].language
            dropped[language] = dropped.get(language, 0) + 1
    return [_part(language, indices, paragraphs, guesses, dropped.get(language, 0)) for language, indices in kept.items()]


def _part(language: str, indices: list[int], paragraphs: list[str], guesses: list[Guess], dropped: int) -> Part:
    texts = [paragraphs[i] for i in indices]
    return Part(
        language=language,
        paragraphs=texts,
        confidence=_weighted_confidence([guesses[i] for i in indices]),
        duplicate_paragraphs=dropped,
        title=title_of(texts, cjk=language in CJK_LANGUAGES),
    )


def _weighted_confidence(guesses: list[Guess]) -> float:
    """Mean of paragraph confidences, weighted by letters (a long paragraph says more)."""
    weights = [max(1, g.letters) for g in guesses]
    return sum(w * g.confidence for w, g in zip(weights, guesses, strict=True)) / sum(weights)
