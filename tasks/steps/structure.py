"""Structural evidence for the aligner (tasks/steps/align.py): what a paragraph's shape says about its place.

A reprint's translation gains headings (sub-headings the translator added, headlines of other articles run into the
page) and loses paragraphs. A heading is known by its shape: a short line that does not end a sentence. Quotations
end sentences too, and languages close them differently (German „…“ closes with “ or ‘, French « … » puts a space
before »), so a paragraph that ends with a closed quotation is not taken for a heading.
"""

from __future__ import annotations

import re

# A sentence mark, then what may close a sentence after it: quotation marks as languages write them, brackets, spaces
# (tasks/steps/paragraphs.py SENTENCE_END, which splits paragraphs, takes neither German nor French closings)
SENTENCE_CLOSE = re.compile("[.!?…‼⁇⁈⁉。！？．｡؟۔।॥։።][\\s\"'“”‘’»«」』)\\]}）〕】〉》]*$")
CLOSING_CHARS = 12  # how far from the end the mark may be: after it, a few closing marks and spaces at most


def ends_a_sentence(text: str) -> bool:
    """Whether the text ends with a sentence mark, closing quotation marks, brackets or spaces after it included.

    >>> ends_a_sentence("„Wir sind arm“, sagte er. „Aber wir haben Würde.“"), ends_a_sentence("« Nous sommes pauvres. »")
    (True, True)
    >>> ends_a_sentence("「會議結束了。」"), ends_a_sentence("Macedonians vote in referendum")
    (True, False)
    """
    return SENTENCE_CLOSE.search(text, max(0, len(text) - CLOSING_CHARS)) is not None
