"""A PDF's lines, each with its place on the page (tasks/steps/pdf_text_layer.py), made into one text and its
indents for split_paragraphs: what of the lines is the article, and where its paragraphs are.

- a gap between two lines larger than the document's usual line spacing (the smallest frequent one, in sizes of the
  font) is a blank line, a first line set in from the left margin an indent, both evidence
  tasks/steps/paragraphs.py weighs as in a text file, which then re-joins the hard-wrapped lines; a table's row
  (a line whose pieces stand far apart) is a paragraph of its own;
- running heads and feet are left out: a line among the two topmost or bottommost of a page whose text, digits
  aside, stands at the same height on at least two pages and a quarter of them ("Chapter 2: Structures 3",
  "The Harbour Times | June 2025"), and a bare page number ("7", "- 7 -", "Page 7 of 9") at a page's very top or
  bottom; the heads and feet are the document's notes, read for a reprint notice only
  (tasks/steps/html.py WebPage.notes);
- footnotes and endnotes are left out: the lines at a page's foot set smaller than the body's text, from one that
  opens with a mark the body raised ("1 Originally published in…"); they are notes too (without_notes);
- at a page break (or a jump back up the page: the next column), in a document whose paragraphs are marked by
  gaps, the paragraph goes on when the page's last line is not short and does not end a sentence, or the next page
  begins in lower case; otherwise a paragraph ends there. In one without gaps a page break is a line break, which
  split_paragraphs judges as any other;
- a Latin word broken at a line's end by a hyphen is joined without it only where that is safe: the whole word
  stands elsewhere in the document and the hyphenated form never does inside a line; otherwise the hyphen stays, as
  in a text file ("well-known" stays). A soft hyphen (U+00AD) at a line's end is always joined.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

from tasks.steps.paragraphs import SENTENCE_END

FURNITURE_LINES = 2  # lines at each end of a page that may be a running head or foot
SAME_HEIGHT = 2.0  # points: a running head stands at the same height on every page
PARAGRAPH_GAP = 1.3  # a line spacing this many times the usual one is a gap between paragraphs
SPACING_BINS = 20  # line spacings, in sizes of the font, are counted to the nearest 1/20
FREQUENT_SPACING = 0.05  # a line spacing this share of a document's (and at least two) is one of its usual ones
SHORT_LINE = 0.7  # a page's last line shorter than this share of the usual line ends its paragraph
NEXT_LINE = 2.0  # sizes of the font: the line below a line of a head or foot, in the same block
COLUMN_STEP = 10.0  # sizes of the font: far more than an indent, less than a column's width
DIGITS = re.compile(r"\d+")
PAGE_NUMBER = re.compile(
    r"[\W_]*(?:(?:page|p\.|seite|página|pagina|страница|стр\.)\s*)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/|de|von|из)\s*\d{1,4})?[\W_]*",
    re.IGNORECASE,
)
RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
LATIN_LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
HYPHENATED_END = re.compile(f"([{LATIN_LETTERS}]+)-$")
HYPHENATED_WORD = re.compile(f"[{LATIN_LETTERS}]+(?:-[{LATIN_LETTERS}]+)+")
WORD = re.compile(f"[{LATIN_LETTERS}]+")
SOFT_HYPHEN = "\u00ad"
JOINED = re.compile(f"{SOFT_HYPHEN} ?")
# a note's mark: a number, an asterisk, a dagger, or a small Roman numeral (LibreOffice's and Word's endnotes: "i")
NOTE_MARK = re.compile(r"\d{1,3}|[*\u2020\u2021]|[ivxl]{1,6}")
# a note opens with its mark, set apart from its text (LibreOffice) or raised against it (Word: "1Originally"); a
# Roman numeral only before a space ("in the" opens no note "i"), a number not before a digit or sign ("3/5/2023."
# goes on a note wrapped before it)
NOTE_OPENING = re.compile(r"(\d{1,3}|[*\u2020\u2021])(?:\s+|(?=[^\W\d_]))(?=\S)|([ivxl]{1,6})\s+(?=\S)")
NOTE_SIZE = 0.95  # a note is set this much smaller than the body's text, or less (LibreOffice: 10 pt under 12)


@dataclass(frozen=True)
class PageLine:
    """A line of a page's text layer, where it starts on the page (points from the bottom left) and its font size."""

    text: str
    x: float
    y: float
    size: float
    cells: bool = False  # a table's row: pieces of text far apart on the line
    marks: tuple[str, ...] = ()  # the notes' marks the line draws raised and smaller ("ridicule.¹"), left out of text


def without_furniture(pages: list[list[PageLine]]) -> tuple[list[list[PageLine]], list[str]]:
    """The pages without their running heads and feet and page numbers (see the module's docstring), and the text
    of the heads and feet, each once (_heads_and_feet_texts).

    >>> def page(number, *texts):
    ...     return [PageLine(text, 72, 800 - 14 * row, 11) for row, text in enumerate(texts)] + [
    ...         PageLine(str(number), 297, 40, 9)]
    >>> pages = [page(1, "Bridge reopens", "The bridge reopened."), page(2, "Bridge reopens", "Traffic is back.")]
    >>> kept, heads_and_feet = without_furniture(pages)
    >>> [[line.text for line in lines] for lines in kept]
    [['The bridge reopened.'], ['Traffic is back.']]
    >>> heads_and_feet
    ['Bridge reopens']
    """
    heights: dict[str, list[float]] = defaultdict(list)
    for lines in pages:
        for line in _ends(lines):
            heights[_key(line.text)].append(line.y)
    repeated = max(2, len(pages) / 4)
    furniture = {key: _usual(ys) for key, ys in heights.items() if len(ys) >= repeated}
    # where a head or foot may go on: a line below one stands at most one line further in than the two they take
    standing = Counter(_place(line) for lines in pages for line in _ends(lines, FURNITURE_LINES + 1))
    running = {place for place, count in standing.items() if count >= repeated}
    kept = []
    heads_and_feet: dict[str, None] = {}
    full_line = SHORT_LINE * statistics.median([len(line.text) for lines in pages for line in lines] or [0])
    for lines in pages:
        ends = {id(line) for line in _ends(lines)}
        body: list[PageLine] = []
        dropped: list[PageLine] = []
        for line in lines:
            key = _key(line.text)
            is_furniture = id(line) in ends and key in furniture and abs(line.y - furniture[key]) <= SAME_HEIGHT
            (dropped if is_furniture else body).append(line)
        kept.append(_without_page_number(body))
        heads_and_feet |= dict.fromkeys(_heads_and_feet_texts(lines, dropped, running, full_line))
    return kept, list(heads_and_feet)


def without_notes(pages: list[list[PageLine]]) -> tuple[list[list[PageLine]], list[str]]:
    """The pages without their footnotes and endnotes, and the notes' texts without their marks, in page order (with
    the lines of a running foot under them, see _note_block).

    A page's notes are the lines at its foot (below its text, above its running foot, which without_furniture
    took out) set smaller than the body's text (NOTE_SIZE), from the first that opens with a mark the body draws
    raised somewhere ("…ridicule.¹" above, "1 Originally published in…" below); each line that opens with such a
    mark starts a note, the others go on the one above. Endnotes are the same, on the pages after the text
    (LibreOffice) or under its last line (Word). Text that merely ends a page is in the body's size, or opens with
    no mark of the body's, and stays text.

    >>> body = [PageLine("The bridge reopened.", 72, 770, 12, marks=("1",)), PageLine("Traffic is back.", 72, 756, 12)]
    >>> notes = [PageLine("1 Originally published in The", 72, 90, 10), PageLine("Diplomat.", 90, 78, 10)]
    >>> kept, texts = without_notes([body + notes, [PageLine("2 A last line.", 72, 90, 12)]])
    >>> [[line.text for line in lines] for lines in kept], texts
    ([['The bridge reopened.', 'Traffic is back.'], ['2 A last line.']], ['Originally published in The Diplomat.'])
    """
    sizes = Counter({line.size: 0 for lines in pages for line in lines})
    for lines in pages:
        for line in lines:
            sizes[line.size] += len(line.text)
    if not sizes:
        return pages, []
    smaller = NOTE_SIZE * sizes.most_common(1)[0][0]
    marks = {mark for lines in pages for line in lines for mark in line.marks}
    kept, notes = [], []
    for lines in pages:
        block, foot = _note_block(lines, smaller, marks)
        noted = {id(line) for line in block + foot}
        kept.append([line for line in lines if id(line) not in noted])
        # a foot's notice wrapped over its lines is read whole, as in a running foot (_heads_and_feet_texts)
        full_line = SHORT_LINE * statistics.median(len(line.text) for line in lines) if foot else 0
        notes += _note_texts(block) + _heads_and_feet_texts(foot, foot, set(map(_place, foot)), full_line)
    return kept, notes


def _note_block(lines: list[PageLine], smaller: float, marks: set[str]) -> tuple[list[PageLine], list[PageLine]]:
    """The page's notes, top to bottom: the run of lines smaller than `smaller` at its foot, from the first that opens
    with one of the body's `marks`; and the lines below them, the page's running foot. A foot of up to
    FURNITURE_LINES + 1 lines (a notice wrapped under a photo credit) stays there on a PDF of one page
    (without_furniture tells a running foot by its repeating); a word processor sets nothing else under a page's
    notes."""
    bottom_up = sorted(lines, key=lambda line: line.y)
    for foot in range(FURNITURE_LINES + 2):
        run = list(itertools.takewhile(lambda line: line.size < smaller, bottom_up[foot:]))[::-1]
        first = next((index for index, line in enumerate(run) if _note_mark(line.text) in marks), None)
        if first is not None:
            return run[first:], bottom_up[:foot][::-1]
    return [], []


def _note_mark(text: str) -> str | None:
    opening = NOTE_OPENING.match(text)
    return opening and (opening[1] or opening[2])


def _note_texts(block: list[PageLine]) -> list[str]:
    """The notes' texts, a line that opens with a mark starting one, without the mark."""
    notes: list[str] = []
    for line in block:
        opening = NOTE_OPENING.match(line.text)
        if opening or not notes:
            notes.append(line.text[opening.end() if opening else 0 :])
        else:
            notes[-1] = _joined_lines(notes[-1], line.text)
    return notes


def _joined_lines(text: str, below: str) -> str:
    """Two lines of one paragraph as one: a space between them, but none after a CJK character."""
    return text + ("" if unicodedata.east_asian_width(text[-1]) in "WF" else " ") + below


def _heads_and_feet_texts(
    lines: list[PageLine], furniture: list[PageLine], running: set[tuple[str, int]], full_line: float
) -> list[str]:
    """The texts of a page's heads and feet (`furniture`, of the page's `lines`), top to bottom, page numbers left
    out. A line that is not short (`full_line` characters or more), ends no sentence and has right below it a line
    that stands there on other pages too (its place among the `running` ones, _place) may go on there: it is given
    joined with that line first, and alone after, so that a notice wrapped over two lines ("…from the Frankfurter" /
    "Allgemeine Zeitung") names its outlet whole, even where its last line is past the two a head may take and stays
    in the text, and one under a long running title is still found alone. The line below a head is more often the
    page's first line of text, which changes from page to page, and the one below a foot the page number: joined,
    either would run on the outlet's name ("The Straits Times" + "Welsh AMs worried about…", + "2").

    >>> lines = [PageLine("Photo: AFP", 72, 60, 9), PageLine("Reprinted with permission from the Frankfurter", 72, 48, 9),
    ...          PageLine("Allgemeine Zeitung", 72, 37, 9), PageLine("2", 290, 20, 9)]
    >>> print(*_heads_and_feet_texts(lines, lines, {_place(line) for line in lines}, full_line=40), sep="\\n")
    Photo: AFP
    Reprinted with permission from the Frankfurter Allgemeine Zeitung
    Reprinted with permission from the Frankfurter
    Allgemeine Zeitung
    >>> _heads_and_feet_texts(lines, lines, set(), full_line=40)[1]  # the line below stands there on this page only
    'Reprinted with permission from the Frankfurter'
    """
    by_height = sorted(lines, key=lambda line: -line.y)
    below_of = {id(line): below for line, below in itertools.pairwise(by_height)}
    dropped = {id(line) for line in furniture}
    notes = []
    for line in (line for line in by_height if id(line) in dropped and not PAGE_NUMBER.fullmatch(line.text)):
        text, below = line.text, below_of.get(id(line))
        if (
            below
            and _place(below) in running
            and not PAGE_NUMBER.fullmatch(below.text)
            and line.y - below.y <= NEXT_LINE * line.size
            and len(text) >= full_line
            and not SENTENCE_END.search(text)
        ):
            notes.append(_joined_lines(text, below.text))
        notes.append(text)
    return notes


def _ends(lines: list[PageLine], depth: int = FURNITURE_LINES) -> list[PageLine]:
    """The `depth` lines at the top and bottom of a page, where heads and feet stand (whatever order they were drawn
    in)."""
    by_height = sorted(lines, key=lambda line: -line.y)
    return by_height[:depth] + by_height[depth:][-depth:]


def _key(text: str) -> str:
    return DIGITS.sub("#", text).casefold()


def _place(line: PageLine) -> tuple[str, int]:
    """A line's text (digits aside) and height, the same on every page where a head or foot repeats."""
    return _key(line.text), round(line.y)


def _usual(values: list[float]) -> float:
    return Counter(round(value) for value in values).most_common(1)[0][0]


def _without_page_number(lines: list[PageLine]) -> list[PageLine]:
    """The page without a bare page number at its very top or bottom."""
    if not lines:
        return lines
    top, bottom = max(lines, key=lambda line: line.y), min(lines, key=lambda line: line.y)
    return [line for line in lines if not (line in (top, bottom) and PAGE_NUMBER.fullmatch(line.text))]


def page_text(pages: list[list[PageLine]]) -> tuple[str, list[int]]:
    """The pages' lines as one text for split_paragraphs, and each line's indent; a hyphen that may be undone marked.

    A gap between two lines of a page is a blank line. In a document that marks its paragraphs so, a paragraph that
    ends at a page's (or column's) foot gets one too, else split_paragraphs would take the next page's first
    paragraph for its continuation; in one that does not, a page break is a line break like any other (a blank line
    there would be the only mark, and split_paragraphs would take it to be the way paragraphs are marked).

    >>> first = [PageLine("The bridge", 72, 770, 11), PageLine("reopened.", 72, 756, 11), PageLine("Traffic", 72, 734, 11)]
    >>> third = [PageLine("Cars", 90, 770, 11), PageLine("and buses", 72, 756, 11), PageLine("too.", 72, 742, 11)]
    >>> page_text([first, [PageLine("is back.", 72, 770, 11)], third])
    ('The bridge\\nreopened.\\n\\nTraffic\\nis back.\\n\\nCars\\nand buses\\ntoo.', [0, 0, 0, 0, 0, 0, 3, 0, 0])
    """
    lines = [line for lines in pages for line in lines]
    if not lines:
        return "", []
    spacing = _usual_spacing(pages)
    breaks = {id(lines[0]) for lines in pages if lines}  # page breaks, and jumps up the page: the next column
    breaks |= {id(below) for above, below in itertools.pairwise(lines) if below.y > above.y + SAME_HEIGHT}
    gaps = {
        id(below)
        for above, below in itertools.pairwise(lines)
        if id(below) not in breaks and _spacing(above, below) > PARAGRAPH_GAP * spacing
    }
    if gaps:
        usual_length = statistics.median(len(line.text) for line in lines)
        gaps |= {
            id(line)
            for before, line in itertools.pairwise(lines)
            if id(line) in breaks and not _goes_on(before.text, line.text, usual_length)
        }
        # a table's row is a paragraph of its cells, as in a DOCX (tasks/steps/office.py); the line below the
        # table starts the next paragraph though no gap stands above it (a table keeps no space below it)
        gaps |= {id(below) for above, below in itertools.pairwise(lines) if above.cells or below.cells}
    margins = _left_margins(lines, breaks)
    out: list[str] = []
    indents: list[int] = []
    for line, text, margin in zip(lines, _dehyphenated([line.text for line in lines]), margins, strict=True):
        if id(line) in gaps:
            out.append("")
            indents.append(0)
        out.append(text)
        indents.append(_indent(line, margin))
    return "\n".join(out), indents


def _usual_spacing(pages: list[list[PageLine]]) -> float:
    """The document's usual line spacing inside a paragraph, in sizes of the lower line's font: the smallest of
    the spacings between a line and the next on a page that are frequent.

    Not simply the commonest: in an article whose paragraphs are mostly one line long (NTREX's Arabic, many
    news stories) most steps from a line to the next cross a paragraph's gap. In sizes of the font, not points, so
    that a headline's wrapped lines in a larger font are one paragraph and a smaller footnote's lines set the
    spacing for no one else.

    >>> lines = [PageLine(text, 57, y, 11) for text, y in [("A", 775), ("B", 753), ("C", 739), ("D", 717), ("E", 703)]]
    >>> round(_usual_spacing([lines + [PageLine("F", 57, 681, 11), PageLine("G", 57, 659, 11)]]), 2)
    1.25
    """
    ratios = Counter(
        round(_spacing(above, below) * SPACING_BINS) for lines in pages for above, below in itertools.pairwise(lines)
        if above.y - below.y > SAME_HEIGHT
    )  # fmt: skip
    if not ratios:
        return math.inf
    frequent = [ratio for ratio, count in ratios.items() if count >= max(2, FREQUENT_SPACING * ratios.total())]
    return min(frequent or ratios) / SPACING_BINS


def _spacing(above: PageLine, below: PageLine) -> float:
    return (above.y - below.y) / max(below.size, 1.0)


def _left_margins(lines: list[PageLine], breaks: set[int]) -> list[float]:
    """Each line's left margin: of the places where left-to-right lines of its page or column start, the one most
    lines of the document start at. A page's two columns and a book's even and odd pages each have their own; a page
    of short paragraphs, most of its lines first lines, still has the document's; a title or a quote's hanging
    indent, left of the text's lines, is not the margin. A left-to-right line far left of the one before it starts
    another run too: a heading across two columns after the right column, and the columns below it."""
    starts = Counter(round(line.x) for line in lines if not RTL.search(line.text))
    runs: list[list[PageLine]] = []
    before: PageLine | None = None  # the last left-to-right line
    for line in lines:
        leftward = before is not None and line.x < before.x - COLUMN_STEP * line.size
        if id(line) in breaks or not runs or (leftward and not RTL.search(line.text)):
            runs.append([])
        runs[-1].append(line)
        before = before if RTL.search(line.text) else line
    margins: list[float] = []
    for run in runs:
        places = sorted({round(line.x) for line in run if not RTL.search(line.text)}) or [0]
        margins += [max(places, key=lambda place: starts[place])] * len(run)
    return margins


def _indent(line: PageLine, margin: float) -> int:
    """How far the line starts right of the margin, in characters of its font (half its size): a right-to-left
    line starts at the right, so it has none."""
    if RTL.search(line.text) or line.x <= margin + SAME_HEIGHT:
        return 0
    return max(1, round((line.x - margin) / (line.size / 2 or 1)))


def _goes_on(last: str, first: str, usual_length: float) -> bool:
    """Does the paragraph at a page's foot go on at the next page's (or column's) head?"""
    if first[:1].islower():
        return True
    return not SENTENCE_END.search(last) and len(last) >= SHORT_LINE * usual_length


def _dehyphenated(texts: list[str]) -> list[str]:
    """The lines, a hyphen at a line's end that breaks a word (see the module's docstring) made a soft hyphen,
    which split_paragraphs joins as it joins any line end and read_pdf then takes out with the space.

    >>> _dehyphenated(["Our infor-", "mation desk", "has information.", "a well-", "known shop"])
    ['Our infor\\xad', 'mation desk', 'has information.', 'a well-', 'known shop']
    """
    words = {word.casefold() for text in texts for word in WORD.findall(text.removesuffix("-"))}
    hyphenated = {word.casefold() for text in texts for word in HYPHENATED_WORD.findall(text.removesuffix("-"))}
    out = list(texts)
    for index, (text, following) in enumerate(itertools.pairwise(texts)):
        head, tail = HYPHENATED_END.search(text), WORD.match(following)
        if not head or not tail or not following[0].islower():
            continue
        joined = head[1] + tail[0]
        if joined.casefold() in words and f"{head[1]}-{tail[0]}".casefold() not in hyphenated:
            out[index] = text[:-1] + SOFT_HYPHEN
    return out


def joined_at_soft_hyphens(paragraphs: list[str]) -> list[str]:
    """The paragraphs with each word broken by a soft hyphen whole again: inside a paragraph (split_paragraphs
    joined its line with a space) and at a paragraph's end, where a soft hyphen says the word, and so the paragraph,
    goes on.

    >>> joined_at_soft_hyphens(["Our infor\xad mation desk", "struc\xad", "tures stand."])
    ['Our information desk', 'structures stand.']
    """
    joined: list[str] = []
    for paragraph in paragraphs:
        if joined and joined[-1].endswith(SOFT_HYPHEN):
            joined[-1] = joined[-1][:-1] + paragraph
        else:
            joined.append(paragraph)
    return [JOINED.sub("", paragraph) for paragraph in joined if paragraph.strip(SOFT_HYPHEN)]
