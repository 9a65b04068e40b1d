"""Repair encoding damage with ftfy, configured to keep CJK punctuation and curly quotes.

ftfy's defaults fold fullwidth punctuation (，（）：) and the ideographic space to
ASCII and straighten quotes; the contract keeps punctuation as written, so those
fixes are off (as datatrove and NeMo Curator configure it), and the text is
normalised to NFC.

Invisible characters and C0 controls are removed before ftfy sees the text: one
inside a mojibake sequence (`Â\u180e€`) hides it from ftfy, and it would be
repaired only on a second pass once the whitespace step removed it. Mojibake
never contains them (UTF-8 never encodes to bytes below 0x80 inside a character).
"""

from __future__ import annotations

import re

import ftfy

from tasks.whitespace import INVISIBLE

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


def repair(text: str) -> tuple[str, list[str]]:
    """Return the repaired text and the fix codes for what changed, in first-seen order."""
    codes = []
    for pattern, code in ((INVISIBLE, "zero_width_removed"), (C0_CONTROLS, "control_chars_removed")):
        text, count = pattern.subn("", text)
        if count:
            codes.append(code)
    fixed, explanation = ftfy.fix_and_explain(text, REPAIR_CONFIG)
    codes += [_code(action, step) for action, step in explanation or ()]
    return fixed, list(dict.fromkeys(codes))


def _code(action: str, step: str) -> str:
    if action in ("encode", "decode", "transcode"):
        return "mojibake_repaired"
    if action == "normalize":
        return "unicode_normalized"
    return STEP_CODES.get(step, "other_repair")
