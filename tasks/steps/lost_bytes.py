"""Mojibake whose undefined bytes were lost: UTF-8 read through cp1252 that dropped 0x81 0x8D 0x8F 0x90 0x9D.

cp1252 has no character for five bytes. A reader that decoded UTF-8 through it
replaced them with U+FFFD or dropped them, and ftfy cannot re-encode what is
gone: Japanese suffers most ("の" is E3 81 AE, and 0x81 is one of the five).
Each lost byte was one of those five, and where it was lost the UTF-8 sequence
is one byte short or has a U+FFFD in it, so the byte can be put back: of the
five, the one whose character is likeliest after the one before it (the CJK
letter models of tasks/steps/letters.py). A line is rewritten only if every
sequence then decodes as UTF-8 and enough whole characters decoded without a guess (MIN_CERTAIN); anything
else stays for ftfy or as it was.
"""

from __future__ import annotations

import re
from functools import cache

from tasks.steps import letters

LOST = (0x81, 0x8D, 0x8F, 0x90, 0x9D)  # the bytes cp1252 leaves undefined
MISSING = object()  # a U+FFFD where a lost byte was
DROPPED = object()  # a byte dropped from this character, at an unknown place after its lead byte
# A UTF-8 lead byte read as cp1252 (â..ï) followed by a continuation byte read as cp1252 or a lost one.
HINT_LEAD = "\u00e2-\u00ef"  # its first character (a class body): repair's one-pass check starts from it
HINT = re.compile(f"[{HINT_LEAD}][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122\ufffd]")
CJK_LANGUAGES = ("ja", "zh-Hans", "zh-Hant", "ko")
# Whole multi-byte characters a line must hold besides the guessed ones (and at least a third as many): the
# evidence that it is UTF-8 read through cp1252 at all.
MIN_CERTAIN = 2


def restore_lost_bytes(text: str) -> str | None:
    """The text with each line of lossy cp1252 mojibake decoded as UTF-8 again, or None if no line was.

    >>> restore_lost_bytes("æ—¥æœ¬ã\ufffd®é¦–ç›¸")  # 日本の首相, the 0x81 of の lost
    '日本の首相'
    >>> restore_lost_bytes("Le café est très chaud") is None
    True
    """
    if not HINT.search(text):
        return None
    lines = text.split("\n")
    restored = [_restore_line(line) if HINT.search(line) else None for line in lines]
    if not any(restored):
        return None
    return "\n".join(new if new is not None else old for old, new in zip(lines, restored, strict=True))


def _restore_line(line: str) -> str | None:
    data = _bytes_of(line)
    if data is None:
        return None
    out: list[str | list[str]] = []
    index, guessed, certain = 0, 0, 0
    while index < len(data):
        byte = data[index]
        if byte is not MISSING and byte < 0x80:
            out.append(chr(byte))
            index += 1
            continue
        needed = _continuations(byte)
        if needed is None:
            return None
        sequence = [byte]
        index += 1
        while len(sequence) < needed + 1:
            nxt = data[index] if index < len(data) else None
            if nxt is MISSING or (nxt is not None and 0x80 <= nxt <= 0xBF):
                sequence.append(nxt)
                index += 1
            elif MISSING not in sequence and DROPPED not in sequence:
                sequence.append(DROPPED)  # a dropped byte, somewhere after the lead: at most one per character
            else:
                return None
        options = _options(sequence)
        if not options:
            return None
        lost = sequence.count(MISSING) + sequence.count(DROPPED)
        guessed += lost
        certain += not lost
        out.append(options[0] if len(options) == 1 else options)
    if not guessed or certain < max(MIN_CERTAIN, guessed / 3):
        return None  # too little real UTF-8 around the gaps: "filtré”." is cp1252 text, not lossy mojibake
    restored = "".join(_resolve(out))
    return restored if restored != line else None


def _bytes_of(line: str) -> list | None:
    """The bytes cp1252 made this line from, MISSING for each U+FFFD; None if a character has no cp1252 byte."""
    data: list = []
    for char in line:
        if char == "\ufffd":
            data.append(MISSING)
            continue
        code = _cp1252_byte(char)
        if code is None:
            return None
        data.append(code)
    return data


@cache
def _cp1252_byte(char: str) -> int | None:
    try:
        return char.encode("cp1252")[0]
    except UnicodeEncodeError:
        return ord(char) if 0x80 <= ord(char) <= 0x9F else None  # C1 controls: sloppy readers keep them


def _continuations(lead: object) -> int | None:
    if not isinstance(lead, int):  # MISSING: data holds ints and MISSING only
        return None
    if 0xC2 <= lead <= 0xDF:
        return 1
    if 0xE0 <= lead <= 0xEF:
        return 2
    if 0xF0 <= lead <= 0xF4:
        return 3
    return None


def _options(sequence: list) -> list[str]:
    """The characters a UTF-8 sequence can be, its one lost byte any of the five cp1252 lacks."""
    if MISSING not in sequence and DROPPED not in sequence:  # (most sequences) no byte lost: one reading at most
        try:
            return [bytes(sequence).decode("utf-8")]
        except UnicodeDecodeError:
            return []
    options = []
    for lost in LOST:
        for candidate in _fillings(sequence, lost):
            try:
                options.append(bytes(candidate).decode("utf-8"))
            except UnicodeDecodeError:
                continue
    return list(dict.fromkeys(options))


def _resolve(out: list[str | list[str]]) -> list[str]:
    """Each uncertain character chosen as the likeliest between its neighbours, in the CJK language that
    makes the whole line likeliest once so resolved."""
    models = letters.models()
    best: tuple[float, list[str]] | None = None
    for language in CJK_LANGUAGES:
        chars = _resolved_in(out, models[language])
        score = models[language].log_likelihood(letters.pair_counts(letters.fold("".join(chars))))
        if best is None or score > best[0]:
            best = (score, chars)
    assert best is not None  # CJK_LANGUAGES is not empty
    return best[1]


def _resolved_in(out: list[str | list[str]], model: letters.LanguageModel) -> list[str]:
    chars: list[str] = []
    for index, item in enumerate(out):
        if isinstance(item, str):
            chars.append(item)
            continue
        before = chars[-1] if chars else " "
        after = out[index + 1] if index + 1 < len(out) else " "
        after = after if isinstance(after, str) else ""  # an uncertain neighbour says nothing yet

        def likelihood(char: str, before: str = before, after: str = after) -> float:
            pairs = {letters.fold(before + char): 1, **({letters.fold(char + after): 1} if after else {})}
            return model.log_likelihood(pairs)

        chars.append(max(item, key=likelihood))
    return chars


def _fillings(sequence: list, lost: int) -> list[list[int]]:
    """The byte sequences the lost byte gives: in place of U+FFFD, or at each place after the lead if dropped."""
    if MISSING in sequence:
        return [[lost if byte is MISSING else byte for byte in sequence]]
    if DROPPED in sequence:
        kept = [byte for byte in sequence if byte is not DROPPED]
        return [[*kept[:place], lost, *kept[place:]] for place in range(1, len(kept) + 1)]
    return [sequence]
