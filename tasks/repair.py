"""Repair encoding damage with ftfy, configured to keep CJK punctuation and curly quotes.

ftfy's defaults fold fullwidth punctuation (，（）：) and the ideographic space to
ASCII and straighten quotes; the contract keeps punctuation as written, so those
fixes are off (as datatrove and NeMo Curator configure it), and the text is
normalised to NFC.
"""

from __future__ import annotations

import ftfy

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
    fixed, explanation = ftfy.fix_and_explain(text, REPAIR_CONFIG)
    codes = [_code(action, step) for action, step in explanation or ()]
    return fixed, list(dict.fromkeys(codes))


def _code(action: str, step: str) -> str:
    if action in ("encode", "decode", "transcode"):
        return "mojibake_repaired"
    if action == "normalize":
        return "unicode_normalized"
    return STEP_CODES.get(step, "other_repair")
