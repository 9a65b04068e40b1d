"""Reprint notices and titles: lifted from the text into metadata.

A reprint notice ("原刊於…", "转载自…", "Originally published in …") is only
looked for among the first and last few paragraphs of a document, where
publishers put them; the outlet it names fills `reprint_source`.
"""

from __future__ import annotations

import re

EDGE_PARAGRAPHS = 3  # how far from either end a notice may stand
MAX_NOTICE_LENGTH = 300
TITLE_MAX_CHARS = {"cjk": 40, "other": 150}
SENTENCE_END = tuple("。！？.!?")

_OUTLET_END = r"(?=[,，。;；:：]|\s*(?:網站|网站|網|网|website|on\b|in\b|and\b|with\b|$))"
NOTICE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(?:本文|此文|原文)?(?:原刊於|原刊于|原載於|原载于|原發表於|原发表于|首發於|首发于|刊於|刊于)(?P<source>.+?)"
        + _OUTLET_END,
        r"^(?:本文|此文)?(?:轉載自|转载自|轉自|转自)(?P<source>.+?)" + _OUTLET_END,
        r"^(?:this (?:article|story|piece|essay|op-ed|column) )?(?:was )?(?:originally|first) (?:published|appeared) "
        r"(?:in|on|by|at) (?:the website of )?(?P<source>.+?)"
        r"(?=[,;.]\s|[,;.]?$|\s+on\s+(?:\d|\w+ \d)| and is| and was| and has|\s*\()",
        r"^(?:this (?:article|story|piece|essay|op-ed|column) )?(?:is )?reprinted (?:with permission )?(?:from|by) "
        r"(?:the website of )?(?P<source>.+?)(?=[,;.]\s|[,;.]?$|\s+with permission|\s*\()",
        r"^source\s*:\s*(?P<source>.+?)$",
    )
)


def find_reprint_notice(paragraphs: list[str]) -> tuple[int, str] | None:
    """(index, outlet) of the reprint notice nearest either end of the document, if any.

    >>> find_reprint_notice(["美俄峰會應按五項原則進行", "正文……", "原刊於澳門新聞通訊社(MNA)網站,本社獲作者授權轉載。"])
    (2, '澳門新聞通訊社(MNA)')
    >>> find_reprint_notice(["A headline", "A paragraph that mentions being originally published in 1990."]) is None
    True
    """
    count = len(paragraphs)
    edges = list(range(count - 1, max(count - 1 - EDGE_PARAGRAPHS, -1), -1)) + list(range(min(EDGE_PARAGRAPHS, count)))
    for index in dict.fromkeys(edges):
        source = reprint_source(paragraphs[index])
        if source:
            return index, source
    return None


def reprint_source(paragraph: str) -> str | None:
    """The outlet a reprint notice names, None for any other paragraph.

    >>> reprint_source("转载自《经济观察》，有删节。")
    '经济观察'
    >>> reprint_source("This article was originally published by Project Syndicate on 3 May 2025.")
    'Project Syndicate'
    >>> reprint_source("The Diplomat published the story first.") is None
    True
    """
    if len(paragraph) > MAX_NOTICE_LENGTH:
        return None
    for pattern in NOTICE_PATTERNS:
        match = pattern.search(paragraph.strip())
        if match:
            source = match.group("source").strip(" \t\"'“”「」《》")
            return source or None
    return None


def title_of(paragraphs: list[str], cjk: bool) -> str | None:
    """The first paragraph, when it reads as a headline: short and not a finished sentence.

    >>> title_of(["A bridge too far", "The summit has reignited debate."], cjk=False)
    'A bridge too far'
    >>> title_of(["The summit has reignited debate.", "More."], cjk=False) is None
    True
    """
    if len(paragraphs) < 2:
        return None
    first = paragraphs[0]
    limit = TITLE_MAX_CHARS["cjk" if cjk else "other"]
    if len(first) > limit or first.endswith(SENTENCE_END):
        return None
    return first
