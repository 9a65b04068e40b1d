"""What a word-processor file or a PDF gives: its body as a web page's (tasks/steps/html.py WebPage), and apart from it
the text of its notes: footnotes, endnotes, page headers and footers, a PDF's running heads and feet.

The notes are not the article and never become its text; the pipeline reads them for one thing only, a reprint
notice that sits there rather than in the body (tasks/pipeline.py lift_notice, docs/documents.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from tasks.steps.html import WebPage


@dataclass(frozen=True)
class DocumentPage(WebPage):
    notes: tuple[str, ...] = ()  # each note's, header's or footer's paragraphs, in the order the reader found them
