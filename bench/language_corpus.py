"""Labelled text for language identification, read from ../shared/corpus at run time (never copied here).

- NTREX-128: 123 news articles, line-aligned in 11 languages (`doc_ids.txt`
  says which article each line belongs to; its first line is the headline).
- sentences/: native news and web sentences, one per line, for each line alone.
- Mixed documents built from those lines: the shapes real reprints take
  (bilingual in either order, interleaved, also two languages of one script
  alternating, a quotation, a notice in another
  language, bylines, dates and links), each paragraph labelled with the
  language it is written in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tests.corpus import ntrex_articles as ntrex_by_language
from tests.corpus import sentences as sentences_of

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
NTREX = CORPUS / "parallel" / "ntrex128"
SENTENCES = CORPUS / "sentences"
LANGUAGES = ("zh-Hant", "zh-Hans", "en", "ja", "ko", "fr", "de", "es", "ru", "pt", "vi")
ALPHABETIC = ("en", "fr", "de", "es", "ru", "pt", "vi")
# Bilingual documents that alternate two languages of one script paragraph by paragraph (a two-column
# English/French document extracted to text, bilingual learning material), each in both orders.
SAME_SCRIPT_PAIRS = (("en", "fr"), ("en", "de"), ("en", "es"), ("fr", "de"))
# Lines without letters, as they stand under headlines and at the end of articles; they carry no language.
NO_LETTERS = ("2019-09-30", "30.09.2019 14:05", "https://www.bbc.com/news/uk-wales-politics-49914829", "— 1 —")


@dataclass(frozen=True)
class Document:
    kind: str  # what shape of document this is, e.g. "zh-Hant+en"
    paragraphs: list[str]
    expected: list[str]  # the language of each paragraph

    @property
    def languages(self) -> set[str]:
        return set(self.expected)


def available() -> bool:
    return NTREX.is_dir() and SENTENCES.is_dir()


@cache
def ntrex_articles() -> tuple[dict[str, list[str]], ...]:
    """Every article as {language: its lines}, in corpus order."""
    per_language = [ntrex_by_language(lang) for lang in LANGUAGES]
    articles = zip(*per_language, strict=True)
    return tuple({lang: list(lines) for lang, lines in zip(LANGUAGES, article, strict=True)} for article in articles)


@cache
def sentences() -> dict[str, list[str]]:
    return {path.stem: list(sentences_of(path.stem)) for path in sorted(SENTENCES.glob("*.txt"))}


def monolingual(article: dict[str, list[str]], lang: str) -> Document:
    return Document(lang, article[lang], [lang] * len(article[lang]))


def mixed_documents(articles: tuple[dict[str, list[str]], ...]) -> Iterator[Document]:
    """The shapes of real reprints, built from each article (and, for notices, the next article's lines)."""
    for index, article in enumerate(articles):
        other = articles[(index + 1) % len(articles)]
        yield _concatenated(article, "zh-Hant", "en")
        yield _concatenated(article, "en", "zh-Hant")
        yield _concatenated(article, "zh-Hans", "en")
        yield _concatenated(article, "fr", "en")
        yield _interleaved(article, "zh-Hant", "en")
        yield _interleaved(article, "zh-Hans", "en")
        for first, second in SAME_SCRIPT_PAIRS:
            yield _interleaved(article, first, second)
            yield _interleaved(article, second, first)
        yield _quoting(article, "zh-Hant", "en")
        yield _quoting(article, "zh-Hans", "en")
        for lang in ALPHABETIC:
            yield _with_notice(article, lang, other, "fr" if lang == "en" else "en")
        yield _with_notice(article, "zh-Hant", other, "en")
        yield _with_unlettered(article, "zh-Hant", "en")
        yield _with_unlettered(article, "en", "zh-Hans")


def _concatenated(article: dict[str, list[str]], first: str, second: str) -> Document:
    a, b = article[first], article[second]
    return Document(f"{first}+{second}", a + b, [first] * len(a) + [second] * len(b))


def _interleaved(article: dict[str, list[str]], first: str, second: str) -> Document:
    paragraphs = [line for pair in zip(article[first], article[second], strict=True) for line in pair]
    return Document(f"{first}/{second} interleaved", paragraphs, [first, second] * len(article[first]))


def _quoting(article: dict[str, list[str]], lang: str, quoted: str) -> Document:
    """Every third paragraph quotes the original sentence in brackets after the translation."""
    paragraphs = [
        f"{line}「{original}」" if row % 3 == 2 else line
        for row, (line, original) in enumerate(zip(article[lang], article[quoted], strict=True))
    ]
    return Document(f"{lang} quoting {quoted}", paragraphs, [lang] * len(paragraphs))


def _with_notice(article: dict[str, list[str]], lang: str, other: dict[str, list[str]], notice: str) -> Document:
    """A whole article with one sentence of another article, in another language, at its end (as notices stand)."""
    body = sorted(other[notice][1:], key=len)  # not the headline: notices are sentences
    line = body[len(body) // 2]
    return Document(f"{lang} + {notice} notice", [*article[lang], line], [lang] * len(article[lang]) + [notice])


def _with_unlettered(article: dict[str, list[str]], first: str, second: str) -> Document:
    """Bilingual, with a date and a link under each headline and a number closing each part."""
    paragraphs: list[str] = []
    expected: list[str] = []
    for lang in (first, second):
        lines = article[lang]
        part = [lines[0], NO_LETTERS[0], NO_LETTERS[2], *lines[1:], NO_LETTERS[3]]
        paragraphs += part
        expected += [lang] * len(part)
    return Document(f"{first}+{second} with dates, links, numbers", paragraphs, expected)
