"""Whitespace and invisible characters: what the contract calls clean.

LF line ends; no trailing or leading whitespace on a line; no zero-width
characters, soft hyphens, bidi marks, stray BOMs or control characters; runs of
spaces become one; a non-breaking or ideographic space survives only between
two words; no blank lines at either end. Removing a character can bring a
letter and a combining mark together, so text that lost any is normalised to
NFC again (repair's NFC ran before).
"""

from __future__ import annotations

import re
import unicodedata

INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069\u180e]")
# C0 and C1 controls other than tab and LF (CR is handled as a line end first).
CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
LINE_BREAKS = re.compile("\r\n?|[\x0c\u2028\u2029\x85]")
# Every space separator (Unicode category Zs) other than the plain space.
WIDE_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
HORIZONTAL_RUN = re.compile(f"[ \t{WIDE_SPACES}]{{2,}}|\t")
EDGE_SPACES = " \t" + WIDE_SPACES


def clean_whitespace(text: str) -> tuple[str, list[str]]:
    """Return the cleaned text and fix codes for what changed."""
    fixes: list[str] = []
    text = _apply(LINE_BREAKS, "\n", text, "line_endings_normalized", fixes)
    text = _apply(INVISIBLE, "", text, "zero_width_removed", fixes)
    text = _apply(CONTROL, "", text, "control_chars_removed", fixes)
    if fixes and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    lines = text.split("\n")
    stripped = [line.strip(EDGE_SPACES) for line in lines]
    if any(s != line.lstrip(EDGE_SPACES) for s, line in zip(stripped, lines, strict=True)):
        fixes.append("trailing_whitespace_stripped")
    collapsed = [HORIZONTAL_RUN.sub(_one_space, line) for line in stripped]
    if collapsed != stripped:
        fixes.append("spaces_collapsed")
    while collapsed and not collapsed[-1]:
        collapsed.pop()
    start = next((i for i, line in enumerate(collapsed) if line), len(collapsed))
    if start or len(collapsed) < len(lines):
        fixes.append("blank_lines_trimmed")
    return "\n".join(collapsed[start:]), fixes


def _apply(pattern: re.Pattern[str], replacement: str, text: str, code: str, fixes: list[str]) -> str:
    new, count = pattern.subn(replacement, text)
    if count:
        fixes.append(code)
    return new


def _one_space(match: re.Match[str]) -> str:
    """Keep one separator; a non-breaking or ideographic one wins over plain spaces."""
    wide = [c for c in match.group() if c in WIDE_SPACES]
    return wide[0] if wide else " "
