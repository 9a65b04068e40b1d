"""Split clean text into paragraphs.

Reprints come in two shapes: one paragraph per line (the real sample), or
hard-wrapped prose where blank lines separate paragraphs. A document whose
blank-line blocks mostly span several short lines is the second kind, and its
lines are re-joined; otherwise every non-empty line is a paragraph.
"""

from __future__ import annotations

import re

from tasks.steps.scripts import char_script

BLOCK_SEPARATOR = re.compile(r"\n\s*\n")
WRAP_WIDTH = 100  # lines no longer than this, in multi-line blocks, are hard-wrapped prose
CJK = ("han", "kana", "hangul")


def split_paragraphs(text: str) -> list[str]:
    blocks = [block.split("\n") for block in BLOCK_SEPARATOR.split(text) if block.strip()]
    if _is_hard_wrapped(blocks):
        return [_join_wrapped(lines) for lines in blocks]
    return [line for lines in blocks for line in lines if line]


def _is_hard_wrapped(blocks: list[list[str]]) -> bool:
    multi = [lines for lines in blocks if len(lines) > 1]
    if not multi or len(multi) * 2 < len(blocks):
        return False
    return all(len(line) <= WRAP_WIDTH for lines in multi for line in lines)


def _join_wrapped(lines: list[str]) -> str:
    joined = lines[0]
    for line in lines[1:]:
        joined += line if _joins_without_space(joined[-1], line[0]) else " " + line
    return joined


def _joins_without_space(left: str, right: str) -> bool:
    """CJK text wraps without spaces: between two CJK letters or next to CJK punctuation, a line break is nothing."""
    return (char_script(left) in CJK and char_script(right) in CJK) or _is_cjk_punctuation(left) or _is_cjk_punctuation(right)


def _is_cjk_punctuation(char: str) -> bool:
    code = ord(char)
    return 0x3000 <= code < 0x3040 or 0xFF00 <= code <= 0xFFEF
