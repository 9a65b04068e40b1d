"""Whitespace and invisible characters: what the contract calls clean.

LF line ends; no trailing or leading whitespace on a line; no zero-width
spaces, word joiners, soft hyphens, stray BOMs, unbalanced bidi controls or
control characters (the invisible characters that spell words stay: ZWNJ and
ZWJ, which Persian, Urdu, Indic scripts and emoji sequences need, and the
direction marks LRM, RLM and ALM, which keep mixed-direction text in order); runs of
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

# Invisible characters that spell nothing: zero-width space, word joiner, BOM (as ZWNBSP), soft hyphen, Mongolian
# vowel separator. Not ZWNJ/ZWJ (U+200C/D) nor LRM/RLM/ALM (U+200E/F, U+061C): removing those changes the text.
INVISIBLE_CHARS = "\u200b\u2060\ufeff\u00ad\u180e"
INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")
# Bidi embeddings and overrides (LRE RLE PDF LRO RLO) and isolates (LRI RLI FSI PDI). A balanced pair on one line
# keeps a quoted name in its direction; an opener never closed (or a closer never opened) spills its direction
# over the rest of the line, and over whatever text the line is later joined to: those are removed.
BIDI_CONTROL_CHARS = "\u202a-\u202e\u2066-\u2069"
BIDI_CONTROL = re.compile(f"[{BIDI_CONTROL_CHARS}]")
BIDI_CONTROL_OR_LINE_END = re.compile(f"[{BIDI_CONTROL_CHARS}\n]")
EMBEDDING_OPENERS = "\u202a\u202b\u202d\u202e"
EMBEDDING_CLOSER = "\u202c"
ISOLATE_OPENERS = "\u2066\u2067\u2068"
ISOLATE_CLOSER = "\u2069"
# C0 and C1 controls other than tab and LF (CR is handled as a line end first).
CONTROL_CHARS = "\x00-\x08\x0b\x0e-\x1f\x7f-\x9f"
CONTROL = re.compile(f"[{CONTROL_CHARS}]")
# One pass over the text to find out whether INVISIBLE, BIDI_CONTROL or CONTROL has anything to remove (most texts: nothing).
HIDDEN = re.compile(f"[{INVISIBLE_CHARS}{BIDI_CONTROL_CHARS}{CONTROL_CHARS}]")
# CR LF, or any other line break. The patterns below start with a character set, not alternatives, so the
# regex engine skips ahead to the characters that can start a match instead of trying every position.
LINE_BREAKS = re.compile("[\r\x0c\u2028\u2029\x85](?:(?<=\r)\n)?")
# Every space separator (Unicode category Zs) other than the plain space.
WIDE_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# Two or more separators in a row, or a lone tab.
HORIZONTAL_RUN = re.compile(f"[ \t{WIDE_SPACES}](?:[ \t{WIDE_SPACES}]+|(?<=\t))")
EDGE_SPACES = " \t" + WIDE_SPACES
# A wide space next to another separator. A text has a HORIZONTAL_RUN exactly when it holds two plain spaces in a
# row, a tab or this: the three are looked for without stopping at every plain space, as HORIZONTAL_RUN must.
WIDE_BESIDE_SEPARATOR = re.compile(f"[{WIDE_SPACES}](?:(?<=[ \t{WIDE_SPACES}][{WIDE_SPACES}])|[ \t{WIDE_SPACES}])")


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
        text = drop_invisible(text, fixes)
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
    text, collapsed = collapse_runs("\n".join(stripped[start:]))
    if collapsed:
        fixes.append("spaces_collapsed")
    if start or len(stripped) < len(lines):
        fixes.append("blank_lines_trimmed")
    return Tidy(text, fixes, indents)


def collapse_runs(text: str) -> tuple[str, int]:
    """HORIZONTAL_RUN.subn(_one_space, text): each run of separators one separator, each tab a space; and how many.

    >>> collapse_runs("a  b\tc d\u3000e"), collapse_runs("a \u3000b"), collapse_runs("a b")
    (('a b c d\u3000e', 2), ('a\u3000b', 1), ('a b', 0))
    """
    if "  " in text or "\t" in text or (not text.isascii() and WIDE_BESIDE_SEPARATOR.search(text)):
        return HORIZONTAL_RUN.subn(_one_space, text)
    return text, 0  # (most texts) HORIZONTAL_RUN would scan them stopping at every space, to find nothing


def _indents(lines: list[str], unindented: list[str]) -> tuple[int, ...]:
    """How many characters each line lost at its start; () when none lost any (most texts: one sum tells)."""
    if sum(map(len, lines)) == sum(map(len, unindented)):
        return ()
    indents = tuple(map(operator.sub, map(len, lines), map(len, unindented)))
    return indents if any(indents) else ()


def drop_invisible(text: str, fixes: list[str]) -> str:
    r"""The text without the invisible characters that spell nothing and without unbalanced bidi controls; appends
    `zero_width_removed` and `bidi_controls_removed` to `fixes` for what went.

    >>> fixes = []
    >>> drop_invisible("zero\u200bwidth soft\u00adhyphen", fixes), fixes
    ('zerowidth softhyphen', ['zero_width_removed'])
    >>> kept = "می\u200cخواهم 👩\u200d💻 שלום\u200f!"  # Persian ZWNJ, emoji ZWJ, Hebrew RLM
    >>> drop_invisible(kept, []) == kept
    True
    >>> fixes = []
    >>> drop_invisible("said \u2067שלום\u2069 then \u202eleft open", fixes), fixes
    ('said \u2067שלום\u2069 then left open', ['bidi_controls_removed'])
    """
    text = _apply(INVISIBLE, "", text, "zero_width_removed", fixes)
    unbalanced = unbalanced_bidi(text) if BIDI_CONTROL.search(text) else set()
    if unbalanced:
        fixes.append("bidi_controls_removed")
        text = "".join(char for index, char in enumerate(text) if index not in unbalanced)
    return text


def unbalanced_bidi(text: str) -> set[int]:
    """Positions of bidi controls without their partner on the same line (a line ends every embedding and isolate,
    as a paragraph does in the Unicode bidi algorithm). A PDI closes its isolate and any embedding left open inside
    it; a PDF closes only an embedding opened after the last open isolate."""
    unbalanced: set[int] = set()
    open_: list[tuple[int, str]] = []  # (position, opener) not closed yet, innermost last
    for match in BIDI_CONTROL_OR_LINE_END.finditer(text):
        char, position = match.group(), match.start()
        if char in EMBEDDING_OPENERS or char in ISOLATE_OPENERS:
            open_.append((position, char))
        elif char == EMBEDDING_CLOSER and open_ and open_[-1][1] in EMBEDDING_OPENERS:
            open_.pop()
        elif char == ISOLATE_CLOSER and any(opener in ISOLATE_OPENERS for _, opener in open_):
            while open_[-1][1] not in ISOLATE_OPENERS:
                unbalanced.add(open_.pop()[0])
            open_.pop()
        elif char == "\n":
            unbalanced.update(position for position, _ in open_)
            open_.clear()
        else:  # a closer without its opener
            unbalanced.add(position)
    unbalanced.update(position for position, _ in open_)
    return unbalanced


def _apply(pattern: re.Pattern[str], replacement: str, text: str, code: str, fixes: list[str]) -> str:
    new, count = pattern.subn(replacement, text)
    if count:
        fixes.append(code)
    return new


def _one_space(match: re.Match[str]) -> str:
    """Keep one separator; a non-breaking or ideographic one wins over plain spaces."""
    wide = [c for c in match.group() if c in WIDE_SPACES]
    return wide[0] if wide else " "
