"""Repair encoding damage with ftfy, configured to keep CJK punctuation and curly quotes.

ftfy's defaults fold fullwidth punctuation (，（）：) and the ideographic space to
ASCII and straighten quotes; the contract keeps punctuation as written, so those
fixes are off (as datatrove and NeMo Curator configure it), and the text is
normalised to NFC.

Invisible characters that spell nothing (tasks/steps/whitespace.py) and C0 controls are removed before ftfy sees the text: one
inside a mojibake sequence (`Â\u180e€`) hides it from ftfy, and it would be
repaired only on a second pass once the whitespace step removed it. Mojibake
never contains them (UTF-8 never encodes to bytes below 0x80 inside a character), with one exception:
the soft hyphen U+00AD is byte 0xAD read through cp1252 ("Ã\xad" is "í"), so text with a soft hyphen after a
non-ASCII character gets an ftfy pass first (SOFT_HYPHEN_IN_MOJIBAKE).

ftfy costs about 1.5 ms for a 3 KB document, and most documents need no
repair, so a cheap check runs first: `might_change` is False only when no fix
that REPAIR_CONFIG enables could change the text, and then ftfy is skipped.
The output is identical to running ftfy on every document (tests/test_repair.py
compares both over the shared corpus, ftfy's own documented examples and
generated mojibake). See docs/performance.md.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

# the stdlib's own regex parser: reads ftfy's pattern, never changes it (private modules: typeshed does not describe them)
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parser  # type: ignore[attr-defined]
from typing import Any

import ftfy
from ftfy.badness import BADNESS_RE, is_bad
from ftfy.chardata import CONTROL_CHARS, HTML_ENTITY_RE

from tasks.steps.lost_bytes import HINT, HINT_LEAD, restore_lost_bytes
from tasks.steps.whitespace import BIDI_CONTROL_CHARS, HIDDEN, INVISIBLE_CHARS, drop_invisible
from tasks.steps.whitespace import CONTROL_CHARS as C0_C1_CONTROL_CHARS

# A soft hyphen after a non-ASCII character: U+00AD is byte 0xAD read through cp1252 or Latin-1, the second
# byte of "í" (Ã\xad) or the third of "中" (ä¸\xad). Removing it as invisible first would leave mojibake
# ftfy can no longer repair, so such text gets an ftfy pass before strip_hidden. The pattern starts with the soft
# hyphen itself, not the lookbehind, so the regex engine skips ahead to it instead of trying every position (40x).
_SOFT_HYPHEN_AFTER_NON_ASCII = "(?<=[^\x00-\x7f]\u00ad)"
SOFT_HYPHEN_IN_MOJIBAKE = re.compile("\u00ad" + _SOFT_HYPHEN_AFTER_NON_ASCII)

# Not ESC: ftfy removes whole terminal escape sequences (ESC [31m) before it looks for mojibake.
C0_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")

REPAIR_CONFIG = ftfy.TextFixerConfig(
    unescape_html=True,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_line_breaks=False,
    normalization="NFC",
    explain=True,
)
# For text already read by an HTML parser, which decoded its entities: an "&amp;" left in it is what the page says.
REPAIR_CONFIG_PARSED = REPAIR_CONFIG._replace(unescape_html=False)

# ftfy's explanation steps, mapped to our stable fix codes (schema.FIX_CODES).
STEP_CODES: dict[str, str] = {
    "unescape_html": "html_entities_decoded",
    "decode_inconsistent_utf8": "mojibake_repaired",
    "replace_lossy_sequences": "mojibake_repaired",
    "restore_byte_a0": "mojibake_repaired",
    "remove_terminal_escapes": "control_chars_removed",
    "fix_c1_controls": "control_chars_removed",
    "remove_control_chars": "control_chars_removed",
    "fix_surrogates": "surrogates_repaired",
}

# The fixes `might_change` knows how to rule out; tests check REPAIR_CONFIG enables no other.
CHECKED_FIXES = frozenset(
    {"unescape_html", "fix_encoding", "fix_c1_controls", "fix_surrogates", "remove_terminal_escapes", "remove_control_chars"}
)

# Characters whose mere presence lets a fix act: ESC (terminal escapes), C1 controls,
# surrogates, and what ftfy's remove_control_chars deletes (taken from ftfy itself).
_ACTIVE_CHARS = "\x1b\x80-\x9f\ud800-\udfff" + "".join(re.escape(chr(code)) for code in sorted(CONTROL_CHARS))
_ACTIVE_CHARACTERS = re.compile(f"[{_ACTIVE_CHARS}]")


def repair(text: str, unescape_html: bool = True) -> tuple[str, list[str]]:
    """Return the repaired text and the fix codes for what changed, in first-seen order.

    `unescape_html=False` for text an HTML parser produced: its entities are decoded once, by the parser.
    """
    config = REPAIR_CONFIG if unescape_html else REPAIR_CONFIG_PARSED
    codes: list[str] = []
    if ANY_CHECK is not None and not ANY_CHECK.search(text) and unicodedata.is_normalized("NFC", text):
        return text, []  # what every check below would find (most texts): nothing to restore, strip or fix
    restored = restore_lost_bytes(text)  # what ftfy cannot re-encode: bytes a cp1252 reader dropped
    if restored is not None:
        text = restored
        codes.append("mojibake_repaired")
    if SOFT_HYPHEN_IN_MOJIBAKE.search(text) and might_change(text):
        text, more = _fix(text, config)  # before strip_hidden takes the soft hyphen, which is part of the mojibake
        codes += more
    text, hidden = strip_hidden(text)
    codes += hidden
    if might_change(text):
        text, more = _fix(text, config)
        codes += more
    return text, list(dict.fromkeys(codes))


def _fix(text: str, config: ftfy.TextFixerConfig = REPAIR_CONFIG) -> tuple[str, list[str]]:
    text, explanation = ftfy.fix_and_explain(text, config)
    return text, [_code(action, step) for action, step in explanation or ()]


def strip_hidden(text: str) -> tuple[str, list[str]]:
    """The text without the invisible characters that spell nothing, unbalanced bidi controls and C0 controls (see
    above), and the fix codes for them. ZWNJ, ZWJ and the direction marks stay (tasks/steps/whitespace.py)."""
    codes: list[str] = []
    if not HIDDEN.search(text):  # one pass finds most texts have nothing to strip (HIDDEN covers both sets)
        return text, codes
    text = drop_invisible(text, codes)
    text, count = C0_CONTROLS.subn("", text)
    if count:
        codes.append("control_chars_removed")
    return text, codes


def might_change(text: str) -> bool:
    """False only if ftfy.fix_and_explain(text, REPAIR_CONFIG) would return `text` unchanged, with nothing to explain.

    Each enabled fix is a no-op without its trigger: HTML entities need `&name;`,
    the encoding fix needs ftfy's own is_bad() to be true, the control fixes need
    their characters, NFC needs text that is not NFC already. is_bad() is the one
    costly test (a regex of some 40 alternatives tried at every character), so
    MOJIBAKE_HINT, a necessary condition for it, is tried first.
    """
    if _ACTIVE_CHARACTERS.search(text) or HTML_ENTITY_RE.search(text) or not unicodedata.is_normalized("NFC", text):
        return True
    if text.isascii():
        return False
    return is_bad(text) if MOJIBAKE_HINT is None else bad_near_hints(text)


def bad_near_hints(text: str) -> bool:
    """is_bad(text), with ftfy's pattern tried only where it could match: at most BADNESS_WIDTH characters before
    each place MOJIBAKE_HINT matches (every match of it holds one of those places). A text the hint lets through
    mostly holds a few accented capitals and symbols, and no mojibake: trying the pattern's 40 alternatives at
    every character of it cost more than the rest of repair's checks together.

    >>> bad_near_hints("The Summit’s failure".encode().decode("cp1252")), bad_near_hints("Café Ça va — «oui»")
    (True, False)
    """
    assert MOJIBAKE_HINT is not None and BADNESS_WIDTH is not None  # callers check MOJIBAKE_HINT, None without a width
    position, tried = 0, -1  # tried: the last start BADNESS_RE was matched at
    while (hint := MOJIBAKE_HINT.search(text, position)) is not None:
        start = hint.start()
        for candidate in range(max(start - BADNESS_WIDTH, tried + 1), start + 1):
            if BADNESS_RE.match(text, candidate):
                return True
        tried, position = start, start + 1  # from the next character, not the match's end: hints may overlap
    return False


def _code(action: str, step: str) -> str:
    if action in ("encode", "decode", "transcode"):
        return "mojibake_repaired"
    if action == "normalize":
        return "unicode_normalized"
    return STEP_CODES.get(step, "other_repair")


def mojibake_hint(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """mojibake_hint_parts as one regex: its lead, then any of its branches."""
    parts = mojibake_hint_parts(pattern)
    return None if parts is None else re.compile(f"[{parts[0]}](?:{parts[1]})")


def mojibake_hint_parts(pattern: re.Pattern[str]) -> tuple[str, str] | None:
    """A fast regex, as (lead, branches), that matches wherever `pattern` (ftfy's BADNESS_RE) could: a necessary condition for it.

    Every alternative of BADNESS_RE must match some non-ASCII character from a
    set it lists, mostly as two adjacent sets (a lower-case accented letter
    followed by a currency sign, ...). The hint keeps, per alternative, one
    such pair (or one set when there is no pair), and starts with the union of
    the rarer side of each pair, so Python's regex engine skips ahead to those
    characters instead of trying 40 alternatives at every position. None when
    the pattern has an alternative this cannot bound; then is_bad() always runs. `lead` is the class body of the
    characters a match starts with, and each of `branches` checks the character it consumed by a lookbehind.
    """
    if pattern.flags & re.IGNORECASE:
        return None
    parsed = list(sre_parser.parse(pattern.pattern, pattern.flags))
    if len(parsed) != 1 or parsed[0][0] is not sre_constants.BRANCH:
        return None
    singles: set[str] = set()
    pairs: set[tuple[frozenset[str], frozenset[str]]] = set()
    for alternative in parsed[0][1][1]:
        wide = [_wide_set(op, value) for op, value in alternative]
        adjacent = [(a, b) for a, b in itertools.pairwise(wide) if a and b]
        if adjacent:
            pairs.add(adjacent[0])
        elif any(wide):
            smallest: frozenset[str] = min((s for s in wide if s), key=len)
            singles.update(smallest)
        else:
            return None
    anchors = set(singles)
    branches = [f"(?<={_class(singles)})"] if singles else []
    for first, second in sorted(pairs, key=lambda pair: (sorted(pair[0]), sorted(pair[1]))):
        if _commonness(first) < _commonness(second):
            anchors |= first
            branches.append(f"(?<={_class(first)}){_class(second)}")
        else:
            anchors |= second
            branches.append(f"(?<={_class(first)}{_class(second)})")
    return _class(anchors)[1:-1], "|".join(branches)


def _wide_set(op: object, value: Any) -> frozenset[str] | None:  # value: what the parser gives op (a code, a list)
    """The characters one regex item matches, if it is a plain set of non-ASCII characters only."""
    if op is sre_constants.LITERAL:
        chars = {chr(value)}
    elif op is sre_constants.IN:
        chars = set()
        for item, argument in value:
            if item is sre_constants.LITERAL:
                chars.add(chr(argument))
            elif item is sre_constants.RANGE:
                chars.update(map(chr, range(argument[0], argument[1] + 1)))
            else:  # a negated set or a category such as \s: not a plain set
                return None
    else:
        return None
    return frozenset(chars) if min(map(ord, chars)) >= 0x80 else None


def _commonness(chars: frozenset[str]) -> tuple[int, int]:
    """Lower-case letters, then letters: how often a set's characters appear in running text, roughly."""
    categories = [unicodedata.category(c) for c in chars]
    return sum(c == "Ll" for c in categories), sum(c.startswith("L") for c in categories)


def _class(chars: set[str] | frozenset[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


MOJIBAKE_HINT = mojibake_hint(BADNESS_RE)
_WIDTH = sre_parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags).getwidth()[1]
BADNESS_WIDTH = _WIDTH if _WIDTH < sre_constants.MAXREPEAT else None  # the longest match of BADNESS_RE
if BADNESS_WIDTH is None:  # a match could start anywhere before a hint: try the whole pattern
    MOJIBAKE_HINT = None


def any_check(tests: list[tuple[str, str]]) -> re.Pattern[str]:
    """One regex that matches wherever one of `tests` does, each given as (lead, rest): the class body of the
    characters its matches start with, and the pattern of what follows. It starts with every lead, so the regex
    engine skips ahead to those characters once, instead of once per test, and each branch checks by a lookbehind
    that the character it stands on is one its test starts with.

    >>> check = any_check([("a-c", "x"), ("&", "#?[0-9]+;")])
    >>> [bool(check.search(text)) for text in ("zax", "zay", "&#38;", "& so", "xa")]
    [True, False, True, False, False]
    """
    return re.compile(f"[{''.join(lead for lead, _ in tests)}](?:{'|'.join(f'(?<=[{lead}])(?:{rest})' for lead, rest in tests)})")


def _rest_after(lead: str, pattern: re.Pattern[str]) -> str:
    """What `pattern` matches after its first character, whose class body is `lead`."""
    first = f"[{lead}]" if len(lead) > 1 else lead
    if not pattern.pattern.startswith(first):
        raise ValueError(f"{pattern.pattern!r} does not start with {first!r}")
    return pattern.pattern[len(first) :]


# Every check repair() makes before ftfy, as one pass (any_check): lost bytes, a soft hyphen inside mojibake,
# characters to strip, characters a fix acts on, an HTML entity, the mojibake hint. A text none of them matches (and
# already NFC) comes out of repair() as it went in. None when there is no mojibake hint: then is_bad() always runs.
ANY_CHECK = (
    None
    if MOJIBAKE_HINT is None or (MOJIBAKE_HINT_PARTS := mojibake_hint_parts(BADNESS_RE)) is None
    else any_check(
        [
            (HINT_LEAD, _rest_after(HINT_LEAD, HINT)),
            ("\u00ad", _SOFT_HYPHEN_AFTER_NON_ASCII),
            (
                INVISIBLE_CHARS + BIDI_CONTROL_CHARS + C0_C1_CONTROL_CHARS,
                _rest_after(INVISIBLE_CHARS + BIDI_CONTROL_CHARS + C0_C1_CONTROL_CHARS, HIDDEN),
            ),
            (_ACTIVE_CHARS, ""),
            ("&", _rest_after("&", HTML_ENTITY_RE)),
            MOJIBAKE_HINT_PARTS,
        ]
    )
)
