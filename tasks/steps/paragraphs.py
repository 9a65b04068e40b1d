"""Split clean text into paragraphs, whatever shape the file was written in.

Reprints come one paragraph per line (with or without blank lines between
them), or hard-wrapped: every paragraph broken into lines of a fixed width, its
paragraphs marked by blank lines, by an indented first line, or by nothing but
a short last line. The decision is made from evidence in the text, separately
for the scripts written without spaces (Chinese, Japanese, Thai...: wrapped by
character count) and the others (wrapped at spaces):

- blank lines or indented first lines mark the paragraphs when hardly a line
  between two marks ends a sentence (or, in Thai, which has no sentence mark,
  is short): the lines between two marks are one paragraph;
- otherwise a script's lines are hard-wrapped when many of them are *full*
  (the next line's first word would not have fitted: the width is the longest
  line's) and end mid-sentence; a file written one paragraph per line has at
  most a line or two that long, and those end a sentence. A paragraph then
  ends after a line that is not full, and after a full line that ends a
  sentence when the next line does not begin in lower case;
- anything else (too few lines, no such evidence) keeps one paragraph per line:
  a whole document is never merged into one paragraph on a guess.

Lines nobody wrapped keep their lines in every shape: a list item (a marker
that starts two lines of its block) starts a paragraph, and between two marks,
lines that are not full (a list, a byline, an address, a table) end one.

Wrapped lines are joined with one space, but with none between two characters
of scripts written without spaces (or next to fullwidth punctuation, or the
middle dots, dashes and curly quotes those scripts write without spaces),
between such a character and a Latin word or number as the text itself writes
them (SpacingHabit), and none after a hyphen that ends a word ("well-" + "known" is "well-known"; the hyphen
is kept, since a dictionary would be needed to tell a hyphenated compound from
a word split by typesetting). docs/paragraphs.md has the rules with examples.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

BLOCK_SEPARATOR = re.compile(r"\n\s*\n")
# A rule: one mark repeated, perhaps spaced: a heading's underline (=== or --- in plain text), a section break (* * *)
RULE = re.compile(r"^([-=_*~#+])(?: ?\1){2,}$", re.MULTILINE)
# The start of a rule after the first line: a line break first, which the regex engine finds fast (RULE's "^" is
# tried at every character: a fifth of the step's time on bench/throughput.py's texts, for the few that hold one)
RULE_AFTER_BREAK = re.compile(r"\n([-=_*~#+]) ?\1 ?\1")
# Scripts written without spaces between words, whose wrapped lines break between any two letters: Thai, Lao,
# Myanmar, Khmer, kana, Han (not Hangul: Korean separates words with spaces). Plus fullwidth and CJK punctuation.
UNSPACED_CHARS = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uff66-\uff9d\U00020000-\U0003134f"
)
CJK_PUNCTUATION = "\u3000-\u303f\uff00-\uff65"
UNSPACED = re.compile(f"[{UNSPACED_CHARS}{CJK_PUNCTUATION}]")
UNSPACED_LETTER = re.compile(f"[{UNSPACED_CHARS}]")
UNSPACED_RUN = re.compile(f"[{UNSPACED_CHARS}{CJK_PUNCTUATION}]+")
# Every character from Thai on: one range, searched about ten times faster than UNSPACED's many, to find
# out whether a text may have an unspaced character at all (most have none)
BEYOND_ALPHABETS = re.compile("[\u0e00-\U0003134f]")
QUICK_LOOKS = 16  # characters beyond alphabets looked at one by one before a full search
CJK_PUNCTUATION_CHAR = re.compile(f"[{CJK_PUNCTUATION}]")
# A sentence-final mark, then any closing quotes or brackets: Latin, CJK, Arabic/Urdu, Devanagari, Armenian, Ethiopic.
SENTENCE_END = re.compile(
    "[.!?\u2026\u203c\u2047-\u2049\u3002\uff01\uff1f\uff0e\uff61\u061f\u06d4\u0964\u0965\u0589\u1362]"
    "[\"')\\]}\u201d\u2019\u00bb\u300d\u300f\uff09\u3015\u3011\u3009\u300b]*$"
)
# Marks that combine with the letter before them: a wrapper never breaks before one.
COMBINING = "".join(
    chr(code)
    for low, high in ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x3099, 0x309A))
    for code in range(low, high + 1)
    if unicodedata.category(chr(code)).startswith("M")
)
# Punctuation a line never starts with (closing) or ends with (opening), in CJK line breaking (kinsoku).
CLOSING = "\u3001\u3002\uff0c\uff0e\uff01\uff1f\uff1a\uff1b\u300d\u300f\uff09\u3015\u3011\u3009\u300b\u201d\u2019)]}"
OPENING = "\u300c\u300e\uff08\u3014\u3010\u3008\u300a\u201c\u2018([{"
CLOSING_MARKS = CLOSING + ".,;:!?%\u00b7\u30fb"  # ... and what follows a word without a space (a name's middle dot)
# Punctuation that is not fullwidth but that Chinese and Japanese write without a space next to their letters: a
# name's middle dot, dashes, the ellipsis, closing curly quotes (NTREX zh-Hans: "·" spaced 0 times of 649, "——" 0 of
# 22, "”" then a letter 15 of 232)
CJK_TIGHT = "\u00b7\u2027\u2014\u2015\u2026\u201d\u2019"
# An unspaced letter, perhaps a space, and a character of another kind (a Latin letter, a digit, a bracket, "%"),
# counted where a join can meet them: not an opening mark before the letter, nor a closing one after it (those join
# without a space whatever the text's habit). The other character is looked at, not taken: "的A的" counts twice.
OTHER = f"[^\\s{UNSPACED_CHARS}{CJK_PUNCTUATION}{CJK_TIGHT}]"
OTHER_CHAR = re.compile(OTHER)
UNSPACED_THEN_OTHER = re.compile(f"[{UNSPACED_CHARS}]( ?)(?=({OTHER}))(?![{re.escape(CLOSING_MARKS)}])")
OTHER_THEN_UNSPACED = re.compile(f"(?![{re.escape(OPENING)}])({OTHER})( ?)(?=[{UNSPACED_CHARS}])")
# How a text writes an unspaced letter next to a Latin letter or digit decides a break there: a space goes back unless
# the text writes them without one more than TIGHT_HABIT times as often as with one. NTREX's Chinese mixes both habits
# within an article (in bench/paragraph_shapes.py, where every break between a letter and a Latin word was a space,
# zh-Hans wrapped+blank had 20 paragraphs wrong of 1,997 with both habits counted alike, 19 at 4).
TIGHT_HABIT = 4
# An opening curly quote after an unspaced letter: its own habit, with PRIOR counts more shared as the text's Latin
# habit is (NTREX zh-Hans writes it without a space 137 times of 140, but an article that spaces its Latin words and
# writes one quote spaced, once, most likely spaced that one). Brackets, "%" and the rest keep the space that text in
# Latin letters puts there: a wrapper that breaks only at spaces next to them (bench/paragraph_shapes.py's) would
# lose more than one that breaks anywhere (bench/alignment_raw.py's) gains.
OPENING_QUOTES = "\u201c\u2018"
PRIOR = 8
LATIN = "latin"  # the kind of Latin letters and digits
# The first place a line could have been broken: a space, or between two characters of an unspaced script.
FIRST_BREAK = re.compile(
    f".+?(?= |(?<=[{UNSPACED_CHARS}{CJK_PUNCTUATION}])(?<![{re.escape(OPENING)}])(?![{COMBINING}{re.escape(CLOSING)}])"
    f"[{UNSPACED_CHARS}{CJK_PUNCTUATION}])"
)
# A full stop that ends a title or an initial, not a sentence: "Mr.", "St.", "vs.", "J.", "p.m."
ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[A-Z][a-z]?|vs|[A-Za-z]\.[A-Za-z])\.$")
SENTENCE_TAIL = 8  # characters at a line's end that can hold its last sentence mark and what closes it
HYPHENS = "-\u2010"
LONGEST_WORD = 40  # how far into a line to look for the first place it could have been broken
FULL_SHARE = 0.5  # a script's lines are wrapped when at least this share of its long lines are full
MIN_FULL = 3  # ... and at least this many end mid-sentence where no blank line or indent marks paragraphs (else one)
SLACK = 0.04  # share of the width a full line may fall short by
MARKED_TOLERANCE = 0.25  # share of the lines between marks that may look like a paragraph's end
NEIGHBOURS = 2  # lines on each side that count in judging a line's kind of script
# A list item's marker at a line's start: a bullet, a number or a letter with its full stop or bracket, then a space
LIST_MARKER = re.compile(r"(?:[-*\u2022\u00b7]|\d{1,3}[.)]|[a-z]\)|\((?:\d{1,3}|[a-z])\)) ")
LIST_MARKER_AFTER_BREAK = re.compile("\n" + LIST_MARKER.pattern)
ORDINAL = re.compile(r"\d+|[a-z]")  # what tells a list's items apart, not their kind
ITEM_REACH = 4  # lines from one list item to the next at most (an item's own wrapped lines between)
UNSPACED_SHARE = 0.1  # lines with this share of unspaced characters are unspaced (Chinese holding English names)
TYPICAL = 0.9  # the share of a wrapped text's lines at most as long as the width it was wrapped at, give or take
MINORITY = 0.25  # spaced lines fewer than this share of the unspaced ones take the unspaced lines' width too


@dataclass(slots=True)
class _Line:
    text: str
    width: int  # characters, with the indentation the whitespace step removed
    unspaced: bool  # mostly written in a script without spaces between words
    block: int  # which blank-line-separated block it is in
    indent: int  # characters of indentation the whitespace step removed


def split_paragraphs(text: str, indents: Sequence[int] = ()) -> list[str]:
    """Split `text` (clean: no leading or trailing whitespace on a line) into paragraphs.

    `indents` gives, per line of `text`, how many whitespace characters the whitespace step removed from its
    start (empty when none was): indentation is evidence of where paragraphs start.

    One paragraph per line stays so, even when every line is short:

    >>> split_paragraphs("美國總統川普今日抵達。\\n會談在下午舉行。\\n雙方未達成協議。")
    ['美國總統川普今日抵達。', '會談在下午舉行。', '雙方未達成協議。']

    Hard-wrapped paragraphs separated by blank lines are joined, with a space where the script has spaces:

    >>> split_paragraphs("The talks in Alaska\\nended without a deal.\\n\\n한국 정부는 회담\\n결과를 환영했다.")
    ['The talks in Alaska ended without a deal.', '한국 정부는 회담 결과를 환영했다.']

    An indented line starts a paragraph:

    >>> split_paragraphs("Both sides met in\\nAnchorage today.\\nThe talks ended\\nwithout a deal.", [4, 0, 4, 0])
    ['Both sides met in Anchorage today.', 'The talks ended without a deal.']

    A rule (a heading's underline, a section break) ends a paragraph and is none:

    >>> split_paragraphs("Talks end\\n=========\\nThe talks ended.\\n* * *\\nBoth sides left.")
    ['Talks end', 'The talks ended.', 'Both sides left.']
    """
    if not (RULE.match(text) or RULE_AFTER_BREAK.search(text)):  # (no line that could be a rule)
        return _split(text, indents)
    return [paragraph for paragraph in _split(text, indents, rules=True) if not RULE.fullmatch(paragraph)]


def _split(text: str, indents: Sequence[int], rules: bool = False) -> list[str]:
    """split_paragraphs' paragraphs, rules (RULE) among them: with `rules`, never joined to a line beside them."""
    blocks = [block for block in BLOCK_SEPARATOR.split(text) if block.strip()]
    if all("\n" not in block for block in blocks):
        return [block.strip() for block in blocks]  # one line per block: nothing to join (and clean text's shape)
    if not indents and _one_paragraph_per_line(text, blocks):
        return blocks[0].split("\n")
    lines = _measure(text, indents)
    # (one search over the text spares most texts, which hold no list, a match per line)
    items = _item_starts(lines) if LIST_MARKER.match(text) or LIST_MARKER_AFTER_BREAK.search(text) else {}
    breaks = _paragraph_breaks(lines, _indent_starts(lines, items) if indents else set(), items)
    if rules:
        ruled = [bool(RULE.fullmatch(line.text)) for line in lines]
        breaks = [ends or rule or next_rule for ends, rule, next_rule in zip(breaks, ruled, ruled[1:], strict=False)]
    paragraphs, current = [], lines[0].text
    habit = SpacingHabit(text)
    for index in range(1, len(lines)):
        line = lines[index].text
        if breaks[index - 1]:
            paragraphs.append(current)
            current = line
        elif lines[index - 1].unspaced and lines[index].unspaced:
            current = join_wrapped(current, line, unspaced=True, habit=habit)
        else:
            current = join_wrapped(current, line)
    paragraphs.append(current)
    return paragraphs


def _one_paragraph_per_line(text: str, blocks: list[str]) -> bool:
    """A shortcut for most files (one block, one kind of script): fewer than MIN_FULL lines are full, so the lines
    cannot be hard-wrapped (what _paragraph_breaks would find, without measuring every line)."""
    if len(blocks) > 1:
        return False
    lines = blocks[0].split("\n")
    own = _own_kinds(text, lines)
    if any(own) and not all(own):
        return False  # two kinds of script: each has its own width
    widths = list(map(len, lines))
    breakable = [w for w, line in zip(widths, lines, strict=True) if " " in line or (own[0] and FIRST_BREAK.match(line))]
    needed = max(breakable or widths) * (1 - SLACK) - 1
    full = 0
    for index, line_width in enumerate(widths[:-1]):
        if line_width + LONGEST_WORD >= needed:  # only lines near the longest need their next line's first word
            full += line_width + _first_word(lines[index + 1]) >= needed
    return full < MIN_FULL


def _may_hold_unspaced(text: str) -> bool:
    # the first few characters beyond alphabets tell (curly quotes and dashes are not unspaced); then the full search
    position = 0
    for _ in range(QUICK_LOOKS):
        beyond = BEYOND_ALPHABETS.search(text, position)
        if not beyond:
            return False
        if UNSPACED.match(text, beyond.start()):
            return True
        position = beyond.end()
    return bool(UNSPACED.search(text, position))


def join_wrapped(left: str, right: str, unspaced: bool = False, habit: SpacingHabit | None = None) -> str:
    """Join two lines of one wrapped paragraph.

    >>> join_wrapped("The summit", "ended.")
    'The summit ended.'
    >>> join_wrapped("美國總統", "川普今日抵達。")
    '美國總統川普今日抵達。'
    >>> join_wrapped("a well-", "known outlet")
    'a well-known outlet'

    Lines of a script without spaces (`unspaced`: Chinese, Japanese) may have been wrapped by character count,
    anywhere: no space goes back inside brackets or quotes, before a mark that follows its word, nor between such a
    letter and the punctuation these scripts write without spaces (CJK_TIGHT: a name's middle dot, dashes, the
    ellipsis, closing curly quotes); between such a letter and a Latin letter or digit, or an opening curly quote
    after it, the text's own habit decides (`habit`, SpacingHabit; none known: a space). Two Latin words (an English
    name broken at its space) get their space back:

    >>> join_wrapped("加入北約 (", "NATO) 的申請", unspaced=True), join_wrapped("會見金正恩 (Kim", "Jong-un)", unspaced=True)
    ('加入北約 (NATO) 的申請', '會見金正恩 (Kim Jong-un)')
    >>> join_wrapped("派崔克", "·瑞德在2018年說：", unspaced=True), join_wrapped("副總統邁克·", "彭斯說“", unspaced=True)
    ('派崔克·瑞德在2018年說：', '副總統邁克·彭斯說“')
    >>> habit = SpacingHabit("在2019年和2020年，他說“談判”")
    >>> join_wrapped("在", "2018年", True, habit), join_wrapped("他們的", "“個人”資料", True, habit)
    ('在2018年', '他們的“個人”資料')
    """
    if left[-1] in HYPHENS and len(left) > 1 and left[-2].isalpha() and right[0].isalpha():
        return left + right
    if unspaced and (left[-1] in OPENING or right[0] in CLOSING_MARKS or _tight_punctuation(left[-1], right[0])):
        return left + right  # a wrapper at spaces never breaks there, and these scripts put none there
    if unspaced and (kind := _other_kind(left[-1], right[0])):
        return f"{left} {right}" if habit is None or habit.spaces(kind) else left + right
    return left + right if _joins_without_space(left[-1], right[0]) else f"{left} {right}"


def _tight_punctuation(left: str, right: str) -> bool:
    """Punctuation these scripts write without a space (CJK_TIGHT) and an unspaced character, in either order.

    >>> _tight_punctuation("·", "瑞"), _tight_punctuation("的", "—"), _tight_punctuation("”", "T")
    (True, True, False)
    """
    return bool((left in CJK_TIGHT and UNSPACED.match(right)) or (right in CJK_TIGHT and UNSPACED.match(left)))


def _other_kind(left: str, right: str) -> str | None:
    """Of an unspaced letter and a character of another kind (OTHER), in either order: the other's kind (LATIN for a
    letter or digit, else the character); else None.

    >>> _other_kind("川", "T"), _other_kind("2", "年"), _other_kind(")", "時"), _other_kind("」", "T")
    ('latin', 'latin', ')', None)
    """
    if UNSPACED_LETTER.match(left) and OTHER_CHAR.match(right):
        return _kind(right)
    if UNSPACED_LETTER.match(right) and OTHER_CHAR.match(left):
        return _kind(left)
    return None


def _kind(char: str) -> str:
    return LATIN if char.isalnum() else char


class SpacingHabit:
    """How a text writes an unspaced letter next to a character of another kind (a Latin letter or digit, an opening
    curly quote): with a space between them or without, counted within its lines when first asked.

    >>> tight, spaced = SpacingHabit("在2019年和2020年，他說“談判”"), SpacingHabit("川普 Trump 會見了 Biden 並說“談判”")
    >>> [(habit.spaces(LATIN), habit.spaces("\u201c"), habit.spaces(")")) for habit in (tight, spaced)]
    [(False, False, True), (True, True, True)]
    """

    __slots__ = ("_counts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._counts: dict[str, list[int]] | None = None

    def spaces(self, kind: str) -> bool:
        """Does a break between an unspaced letter and `kind` get a space back (TIGHT_HABIT, OPENING_QUOTES)?"""
        if kind != LATIN and kind not in OPENING_QUOTES:
            return True
        if self._counts is None:
            self._counts = _spacing_counts(self._text)
        spaced, tight = self._counts[LATIN]
        if kind == LATIN:
            return TIGHT_HABIT * spaced >= tight
        share = (spaced + 0.5) / (spaced + tight + 1)  # (half and half in a text with no Latin beside its letters)
        quote_spaced, quote_tight = self._counts[kind]
        return quote_spaced + PRIOR * share >= quote_tight + PRIOR * (1 - share)


def _spacing_counts(text: str) -> dict[str, list[int]]:
    """Per kind of character: how often the text writes it next to an unspaced letter with a space, and without."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    pairs = [*UNSPACED_THEN_OTHER.findall(text), *(pair[::-1] for pair in OTHER_THEN_UNSPACED.findall(text))]
    for space, other in pairs:
        counts[_kind(other)][not space] += 1
    return counts


def _joins_without_space(left: str, right: str) -> bool:
    """Scripts without spaces wrap between any two letters; fullwidth punctuation carries its own spacing."""
    return bool(
        CJK_PUNCTUATION_CHAR.match(left) or CJK_PUNCTUATION_CHAR.match(right) or (UNSPACED.match(left) and UNSPACED.match(right))
    )


def _measure(text: str, indents: Sequence[int]) -> list[_Line]:
    """The non-empty lines of `text`, with what the decision needs of each (list operations, for speed)."""
    numbered = [(number, line) for number, line in enumerate(text.split("\n")) if line]
    numbers = [number for number, _ in numbered]
    texts = [line for _, line in numbered]
    blocks = itertools.accumulate((later - earlier > 1 for earlier, later in itertools.pairwise(numbers)), initial=0)
    depths = [indents[number] if number < len(indents) else 0 for number, _ in numbered] if indents else [0] * len(texts)
    widths = [len(line) + depth for line, depth in zip(texts, depths, strict=True)]
    return [_Line(*fields) for fields in zip(texts, widths, _unspaced_kinds(text, texts), blocks, depths, strict=True)]


def _unspaced_kinds(text: str, lines: list[str]) -> list[bool]:
    """Per line: mostly written in an unspaced script? A line's kind is the kind of most lines around it (two on
    each side): a Chinese line wrapped in the middle of an English name is Chinese."""
    own = _own_kinds(text, lines)
    if not any(own) or all(own):
        return own
    sums = list(itertools.accumulate(own, initial=0))
    spans = [(max(index - NEIGHBOURS, 0), min(index + NEIGHBOURS + 1, len(lines))) for index in range(len(lines))]
    return [2 * (sums[high] - sums[low]) > high - low for low, high in spans]


def _own_kinds(text: str, lines: list[str]) -> list[bool]:
    """Per line of `lines` (the non-empty lines of `text`): at least UNSPACED_SHARE of it in an unspaced script?"""
    if not _may_hold_unspaced(text):  # most texts have no unspaced character at all
        return [False] * len(lines)
    # runs, not characters: a Thai or Chinese line is a few runs (the regex engine's cost is per match)
    return [UNSPACED_SHARE * len(line) < sum(map(len, UNSPACED_RUN.findall(line))) for line in lines]


def _indent_starts(lines: list[_Line], items: dict[int, int]) -> set[int]:
    """Indices of the `lines` that indentation marks as paragraph starts.

    A first line indented deeper than the paragraph's other lines starts it; a block whose lines are all indented
    alike (a licence's paragraphs, a quotation) or whose first line is the shallowest (a hanging indent) is one
    paragraph, its blank lines marking it. So a line indented deeper than the file's shallowest starts a paragraph
    when the next line of its block is shallower or itself starts one (a paragraph of one line); the last line of a
    block, only in a block that has first lines indented. A line deeper than the list item (`items`) above it is that
    item's wrapped line (a hanging indent), no start:

    >>> text = "Title\\nfirst line\\nsecond line\\nthird\\n\\nnext\\nand next\\n\\none"
    >>> sorted(_indent_starts(_measure(text, [0, 4, 0, 4, 0, 6, 6, 0, 9]), {}))
    [1, 3]
    """
    shallowest = min(line.indent for line in lines)
    hanging = _hanging_lines(lines, items)
    starts = set()
    for _, numbered in itertools.groupby(enumerate(lines), key=lambda pair: pair[1].block):
        block = list(numbered)
        first_lines = any(upper.indent > lower.indent for (_, upper), (_, lower) in itertools.pairwise(block))
        # what follows the block's last line: as if a shallower line, where first lines are indented; else nothing
        next_depth: float = shallowest if first_lines else math.inf
        next_starts = False
        for index, line in reversed(block):
            next_starts = index not in hanging and shallowest < line.indent and (next_depth < line.indent or next_starts)
            if next_starts:
                starts.add(index)
            next_depth = line.indent
    return starts


def _hanging_lines(lines: list[_Line], items: dict[int, int]) -> set[int]:
    """Indices of the `lines` under the text of the list item (`items`) above them, in its block: deeper than its
    marker, not deeper than its text (a paragraph's indented first line may follow an item), no shallower line
    between: the item's own wrapped lines."""
    hanging: set[int] = set()
    marker_depth = text_depth = -1  # the indentation of the marker and of the text of the item above, if any
    for index, line in enumerate(lines):
        if index in items:
            marker_depth, text_depth = line.indent, line.indent + items[index]
        elif marker_depth < line.indent <= text_depth and line.block == lines[index - 1].block:
            hanging.add(index)
        else:
            marker_depth = text_depth = -1
    return hanging


def _paragraph_breaks(lines: list[_Line], indented: set[int], items: dict[int, int]) -> list[bool]:
    """For each line but the last: whether a paragraph ends after it (always before a list item, `items`)."""
    widths = _wrap_widths(lines)
    pairs = list(itertools.pairwise(lines))
    # inner: the next line neither follows a blank line nor is indented
    inner = [line.block == following.block and index + 1 not in indented for index, (line, following) in enumerate(pairs)]
    # full: the next line's first word would not have fitted, give or take SLACK (a wrapper may count a trailing
    # space; normalisation, removed invisible characters and collapsed spaces change a line's length after wrapping)
    needed = {kind: width * (1 - SLACK) - 1 for kind, width in widths.items()}
    full = [
        line.width + LONGEST_WORD >= needed[line.unspaced] and line.width + _first_word(following.text) >= needed[line.unspaced]
        for line, following in pairs
    ]
    if wrapped_onto := {index for index in items if _wrapped_onto(index, lines, inner, full, items, indented)}:
        items = _item_starts(lines, wrapped_onto)
    marks = any(line.block != following.block for line, following in pairs) or bool(indented)
    if not marks and sum(full) < MIN_FULL:
        return [True] * len(pairs)  # (most files, one paragraph per line: too few full lines to look further)
    # whether a line ends a sentence matters where it is full, or to judge the marks
    ends_sentence = [
        (marks or is_full) and _ends_sentence(line.text) for line, is_full in zip(lines, [*full, False], strict=True)
    ]
    if marks and _marks_paragraphs(inner, full, ends_sentence):
        return _marked_breaks(lines, inner, full, needed, items)
    # a line before a list item ends a paragraph whatever its length: no evidence of wrapping either way
    before_item = [is_inner and index + 1 not in items for index, is_inner in enumerate(inner)]
    wrapped = _wrapped_kinds(lines, before_item, full, ends_sentence, widths, 1 if marks else MIN_FULL)
    if not any(wrapped.values()):
        return [True] * len(pairs)
    return [
        not is_inner
        or not wrapped[line.unspaced]
        or not is_full
        or (ends and not following.text[0].islower())
        or index + 1 in items
        for index, (line, following, is_inner, is_full, ends) in enumerate(
            zip(lines, lines[1:], inner, full, ends_sentence, strict=False)
        )
    ]


def _marked_breaks(
    lines: list[_Line], inner: list[bool], full: list[bool], needed: dict[bool, float], items: dict[int, int]
) -> list[bool]:
    """For each line but the last, in a text whose blank lines or indents mark the paragraphs: does one end after it?

    At a mark; before a list item (`items`); and after a line that is not full (against _inner_needed) when the next
    does not go on in lower case, in a stretch between two marks with at least two such lines: a wrapped paragraph
    has one, its last, and a list, a byline, an address or a table are all such lines. A stretch wrapped by hand (a
    licence, a README) has lines a word or two short of the width, their double spaces collapsed since: where more of
    its lines are near full (room for the next line's first two words lacking) than far from it, only those far from
    full end a paragraph.

    >>> text = "Prices rose again in\\nMay, the office said.\\nBy Jane Smith\\nReuters\\nDecember 6, 2026"
    >>> lines = _measure(text, [4, 0, 4, 0, 0])
    >>> _marked_breaks(lines, [True, False, True, True], [False] * 4, {False: 60.0}, {})
    [False, True, True, True]
    """
    # the lines that may end a paragraph: not full against any width smaller than `needed` either (most wrapped
    # texts have none inside their stretches, and are done here)
    cuts = [
        is_inner and not is_full and not following.text[0].islower()
        for following, is_inner, is_full in zip(lines[1:], inner, full, strict=False)
    ]
    stretches = [(start, end) for start, end in _stretches(inner) if sum(cuts[start:end]) > 1] if sum(cuts) > 1 else []
    if not stretches:
        return [not is_inner or index + 1 in items for index, is_inner in enumerate(inner)]
    needed = _inner_needed(lines, inner, needed)
    kept = [False] * len(inner)
    for start, end in stretches:
        # a stretch holding both kinds of script is measured against the narrower width: a Chinese paragraph
        # wrapped by character count has lines all in Latin letters (an English title), wrapped at the Chinese width
        mixed = len({line.unspaced for line in lines[start : end + 1]}) > 1
        short, far = [], []
        for index in range(start, end):
            line, following = lines[index], lines[index + 1].text
            room = min(needed.values()) if mixed else needed[line.unspaced]
            if cuts[index] and line.width + _first_word(following) < room:
                short.append(index)
                if line.width + _first_words(following) < room:
                    far.append(index)
        # one line not full may be a wrapped paragraph's last against the wrong width (a file of one-line
        # paragraphs, one of them broken); a stretch wrapped by hand has more lines near full than far from it
        for index in (far if 2 * len(far) < len(short) else short) if len(short) > 1 else ():
            kept[index] = True
    return [not is_inner or index + 1 in items or cut for index, (is_inner, cut) in enumerate(zip(inner, kept, strict=True))]


def _stretches(inner: list[bool]) -> list[tuple[int, int]]:
    """The runs of `inner` pairs (a line and the next, no mark between), as (start, end): lines start to end.

    >>> _stretches([True, True, False, False, True])
    [(0, 2), (4, 5)]
    """
    stretches, start = [], 0
    for is_inner, run in itertools.groupby(inner):
        end = start + len(list(run))
        if is_inner:
            stretches.append((start, end))
        start = end
    return stretches


def _inner_needed(lines: list[_Line], inner: list[bool], needed: dict[bool, float]) -> dict[bool, float]:
    """Per kind of script: the length a line needs to be full, for _marked_breaks. The longest line may be longer
    than the text was wrapped at (a one-line headline above wrapped paragraphs; a Chinese line that a wrapper breaking
    only between two Han characters let run on past an English name): the lines inside marked stretches tell the
    width instead where they are wrapped prose, at least 2 * MIN_FULL of them and either most full against their own
    (TYPICAL) length with a third going on in lower case (or hardly any in a cased letter: Arabic, Hindi), or half of
    them of one length, as a wrapper counting characters leaves them. A table's rows are fewer, and of lengths that
    vary once spaces are collapsed."""
    own = dict(needed)
    for kind in (True, False):
        pairs = [
            (line, following)
            for line, following, is_inner in zip(lines, lines[1:], inner, strict=False)
            if is_inner and line.unspaced == kind
        ]
        if len(pairs) < 2 * MIN_FULL:
            continue
        widths = sorted(line.width for line, _ in pairs)
        width = widths[int(TYPICAL * len(widths))] * (1 - SLACK) - 1
        full = sum(
            line.width + LONGEST_WORD >= width and line.width + _first_word(following.text) >= width for line, following in pairs
        )
        lower = sum(following.text[0].islower() for _, following in pairs)
        cased = sum(following.text[0].isupper() for _, following in pairs) + lower
        common, count = Counter(line.width for line, _ in pairs).most_common(1)[0]
        if 2 * full >= len(pairs) and (3 * lower >= len(pairs) or 3 * cased < len(pairs)):
            own[kind] = min(width, needed[kind])
        elif 2 * count >= len(pairs):
            own[kind] = min(common * (1 - SLACK) - 1, needed[kind])
    return own


def _item_starts(lines: list[_Line], wrapped_onto: Collection[int] = ()) -> dict[int, int]:
    """The `lines` that start a list item, by index, with their marker's length: a marker (LIST_MARKER) of a kind
    (a bullet; a number or letter with its marks) that starts another line of the block at most ITEM_REACH lines away
    (an item's own wrapped lines between); a dash or a number that a wrapper happened to put at a line's start is
    alone, or far from the next, or known (`wrapped_onto`, _wrapped_onto) and not counted.

    >>> _item_starts(_measure("Prices:\\n- gas\\n- oil\\n1. coal\\n\\n2. wood", ()))
    {1: 2, 2: 2}
    """
    kinds: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    for index, line in enumerate(lines):
        if (marker := LIST_MARKER.match(line.text)) and index not in wrapped_onto:
            kinds[line.block, ORDINAL.sub("0", marker.group())].append((index, marker.end()))
    items = {}
    for starts in kinds.values():
        for (index, length), (following, following_length) in itertools.pairwise(starts):
            if following - index <= ITEM_REACH:
                items[index], items[following] = length, following_length
    return items


def _wrapped_onto(
    index: int, lines: list[_Line], inner: list[bool], full: list[bool], items: dict[int, int], indented: set[int]
) -> bool:
    """Did a wrapper put list item `index`'s marker at its line's start (a parenthetical dash, a day's number:
    "president⏎- who faces", "am⏎3. Oktober")? The line before is a full line of the same paragraph's prose: no
    item, not deeper than the marker (an item's own lines under its text) unless it is a paragraph's indented first
    line (`indented`, the line before it none), no sentence or lead-in ending it; and the marker goes on in lower case
    (in a script without case, a list's first item under a lead-in as long as the width would look the same). A
    list's later items follow an item or its lines."""
    before, line = lines[index - 1], lines[index]
    return (
        index > 0
        and inner[index - 1]
        and full[index - 1]
        and index - 1 not in items
        and (before.indent <= line.indent or (index - 1 in indented and index - 2 not in indented))
        and line.text[items[index] : items[index] + 1].islower()
        and not before.text.endswith(":")
        and not _ends_sentence(before.text)
    )


def _marks_paragraphs(inner: list[bool], full: list[bool], ends_sentence: list[bool]) -> bool:
    """Do the blank lines or indents mark the paragraphs (the lines between two marks being one paragraph)?

    Yes when hardly a line between two marks ends a sentence, in a text whose marked paragraphs mostly end one;
    in a text that does not end sentences with a mark (Thai), when hardly a line between two marks is short.
    """
    inner_count = sum(inner)
    if not inner_count:
        return False
    last_lines = [ends for ends, is_inner in zip(ends_sentence, [*inner, False], strict=True) if not is_inner]
    if 2 * sum(last_lines) >= len(last_lines):
        inner_ends = sum(is_inner and ends for is_inner, ends in zip(inner, ends_sentence, strict=False))
        return inner_ends <= MARKED_TOLERANCE * inner_count
    inner_short = sum(is_inner and not is_full for is_inner, is_full in zip(inner, full, strict=True))
    return inner_short <= MARKED_TOLERANCE * inner_count


def _wrapped_kinds(
    lines: list[_Line], inner: list[bool], full: list[bool], ends_sentence: list[bool], widths: dict[bool, int], minimum: int
) -> dict[bool, bool]:
    """Per kind of script (unspaced or not): are its lines hard-wrapped?

    Full lines that end mid-sentence say so, when there are at least `minimum` of them and most long lines (at
    least half the width) are full: in a file written one paragraph per line, long lines have all sorts of lengths.
    """
    evidence = {True: 0, False: 0}
    long_lines = {True: 0, False: 0}
    long_full = {True: 0, False: 0}
    for line, is_inner, is_full, ends in zip(lines, inner, full, ends_sentence, strict=False):
        if is_inner:
            evidence[line.unspaced] += is_full and not ends
            if 2 * line.width >= widths[line.unspaced]:
                long_lines[line.unspaced] += 1
                long_full[line.unspaced] += is_full
    return {kind: evidence[kind] >= minimum and long_full[kind] >= FULL_SHARE * long_lines[kind] for kind in (True, False)}


def _ends_sentence(line: str) -> bool:
    # only the line's end can match: searching from near it spares the regex engine the rest of the line
    end = max(len(line) - SENTENCE_TAIL, 0)
    return bool(SENTENCE_END.search(line, end)) and not ABBREVIATION.search(line, end)


def _wrap_widths(lines: list[_Line]) -> dict[bool, int]:
    """Per kind of script (unspaced or not): the width its lines were wrapped at (_wrap_width). The few spaced lines
    of a text mostly unspaced (a byline, English headlines in a Chinese article) tell no width of their own (their
    longest would look full): they are measured against the unspaced lines' width too, in characters (a wrapper
    counting characters wraps an English name in a Chinese article as it wraps the Chinese)."""
    kinds = {kind: [line for line in lines if line.unspaced == kind] for kind in (True, False)}
    widths = {kind: _wrap_width(kind_lines) for kind, kind_lines in kinds.items()}
    if kinds[False] and len(kinds[False]) < MINORITY * len(kinds[True]):
        widths[False] = max(widths[False], widths[True])
    return widths


def _wrap_width(lines: list[_Line]) -> int:
    """The width lines were wrapped at: the longest line's, leaving out lines that could not have been broken
    anywhere (a long name or URL runs past the width)."""
    breakable = [line.width for line in lines if " " in line.text or FIRST_BREAK.match(line.text)]
    return max(breakable or [line.width for line in lines] or [0])


def _first_words(line: str) -> int:
    """Length of the first two words of `line` (_first_word): a line that would have had room for them is far from
    full, not just a line wrapped by hand a little short (its double spaces collapsed since)."""
    first = _first_word(line)
    second = first + (line[first : first + 1] == " ")
    return second + _first_word(line[second:]) if second < len(line) else first


def _first_word(line: str) -> int:
    """Length of what a wrapper could not have split from the start of `line` (at most LONGEST_WORD)."""
    first = FIRST_BREAK.match(line, 0, LONGEST_WORD)
    return first.end() if first else min(len(line), LONGEST_WORD)
