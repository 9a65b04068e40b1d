"""Whitespace and invisible characters: what the contract calls clean.

LF line ends; no trailing or leading whitespace on a line; no zero-width
characters, soft hyphens, bidi marks, stray BOMs or control characters; runs of
spaces become one; a non-breaking or ideographic space survives only between
two words; no blank lines at either end. Removing a character can bring a
letter and a combining mark together, so text that lost any is normalised to
NFC again (repair's NFC ran before).
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass

INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069\u180e"
INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")
# C0 and C1 controls other than tab and LF (CR is handled as a line end first).
CONTROL_CHARS = "\x00-\x08\x0b\x0e-\x1f\x7f-\x9f"
CONTROL = re.compile(f"[{CONTROL_CHARS}]")
# One pass over the text to find out whether INVISIBLE or CONTROL has anything to remove (most texts: nothing).
HIDDEN = re.compile(f"[{INVISIBLE_CHARS}{CONTROL_CHARS}]")
# CR LF, or any other line break. The patterns below start with a character set, not alternatives, so the
# regex engine skips ahead to the characters that can start a match instead of trying every position.
LINE_BREAKS = re.compile("[\r\x0c\u2028\u2029\x85](?:(?<=\r)\n)?")
# Every space separator (Unicode category Zs) other than the plain space.
WIDE_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# Two or more separators in a row, or a lone tab.
HORIZONTAL_RUN = re.compile(f"[ \t{WIDE_SPACES}](?:[ \t{WIDE_SPACES}]+|(?<=\t))")
EDGE_SPACES = " \t" + WIDE_SPACES


@dataclass
class Tidy:
    """What the whitespace step makes of a text: the clean text, fix codes, and the indentation it removed."""

    text: str
    fixes: list[str]
    # per line of `text`: how many whitespace characters its start lost (empty when no line was indented),
    # the evidence split_paragraphs reads paragraph starts from
    indents: tuple[int, ...] = ()


def clean_whitespace(text: str) -> tuple[str, list[str]]:
    """Return the cleaned text and fix codes for what changed."""
    tidy = tidy_whitespace(text)
    return tidy.text, tidy.fixes


def tidy_whitespace(text: str) -> Tidy:
    """Clean `text` as clean_whitespace does, and say how deep each kept line was indented.

    Indentation leaves the text (the contract: no leading whitespace on a line) but is handed on, since some
    files mark their paragraphs with it and only split_paragraphs can tell.

    >>> tidy = tidy_whitespace("  Title\\r\\n\\r\\n    First line\\r\\nsecond line.  ")
    >>> tidy.text, tidy.indents
    ('Title\\n\\nFirst line\\nsecond line.', (2, 0, 4, 0))
    """
    fixes: list[str] = []
    text = _apply(LINE_BREAKS, "\n", text, "line_endings_normalized", fixes)
    if HIDDEN.search(text):
        text = _apply(INVISIBLE, "", text, "zero_width_removed", fixes)
        text = _apply(CONTROL, "", text, "control_chars_removed", fixes)
    if fixes and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    lines = text.split("\n")
    unindented = [line.lstrip(EDGE_SPACES) for line in lines]
    stripped = [line.rstrip(EDGE_SPACES) for line in unindented]
    if any(s != line for s, line in zip(stripped, unindented, strict=True)):
        fixes.append("trailing_whitespace_stripped")
    while stripped and not stripped[-1]:
        stripped.pop()
    start = next((i for i, line in enumerate(stripped) if line), len(stripped))
    indents = _indents(lines[start : len(stripped)], unindented[start : len(stripped)])
    # runs never span lines, and collapsing never empties a line: one pass over the kept lines, after trimming
    text, collapsed = HORIZONTAL_RUN.subn(_one_space, "\n".join(stripped[start:]))
    if collapsed:
        fixes.append("spaces_collapsed")
    if start or len(stripped) < len(lines):
        fixes.append("blank_lines_trimmed")
    return Tidy(text, fixes, indents)


def _indents(lines: list[str], unindented: list[str]) -> tuple[int, ...]:
    """How many characters each line lost at its start; () when none lost any (most texts: one sum tells)."""
    if sum(map(len, lines)) == sum(map(len, unindented)):
        return ()
    indents = tuple(map(operator.sub, map(len, lines), map(len, unindented)))
    return indents if any(indents) else ()


def _apply(pattern: re.Pattern[str], replacement: str, text: str, code: str, fixes: list[str]) -> str:
    new, count = pattern.subn(replacement, text)
    if count:
        fixes.append(code)
    return new


def _one_space(match: re.Match[str]) -> str:
    """Keep one separator; a non-breaking or ideographic one wins over plain spaces."""
    wide = [c for c in match.group() if c in WIDE_SPACES]
    return wide[0] if wide else " "
