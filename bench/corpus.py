"""Build a benchmark corpus of raw reprints from ../shared/corpus, deterministically.

NTREX-128 has only 123 articles, so documents are assembled: a headline and a
run of body paragraphs from one article, each paragraph extended with one or
two lines drawn at random from other articles or from sentences/ in the same
language. That keeps paragraphs mostly unique (a corpus of repeats flatters
caches) while every line stays real news text. A bilingual document is the
same selection in two languages (the translation first, as reprints do), since
NTREX lines are aligned across languages.

Damage is added as raw reprints have it: legacy encodings (Big5, GB18030,
Shift-JIS, cp1252), a UTF-8 BOM or UTF-16 now and then, in-document repeats,
CRLF, trailing spaces, zero-width characters, blank lines, a reprint notice,
the odd HTML entity and some mojibake. The same size and seed give the same
bytes on every machine.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tests.corpus import ntrex_articles, sentences

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
LANGUAGES = ("en", "zh-Hant", "zh-Hans", "ja", "ko", "fr", "de", "es", "ru", "pt", "vi")
NO_SPACE_JOIN = ("zh-Hant", "zh-Hans", "ja")
LEGACY_ENCODINGS = {
    "zh-Hant": "big5",
    "zh-Hans": "gb18030",
    "ja": "shift_jis",
    "fr": "cp1252",
    "de": "cp1252",
    "es": "cp1252",
    "pt": "cp1252",
}
OUTLETS = ("MNA", "Reuters", "The Guardian", "BBC News", "Nikkei Asia", "Le Monde", "Deutsche Welle")
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
TRAILING = (" ", "  ", "\t", " \t ", "\u3000", "\u00a0")


@dataclass
class Sources:
    """Real text per language: NTREX articles (headline first) and native sentences (none for zh-Hant, es)."""

    articles: dict[str, tuple[tuple[str, ...], ...]]
    sentences: dict[str, tuple[str, ...]]

    @classmethod
    def load(cls) -> Sources:
        if not (CORPUS / "parallel" / "ntrex128").is_dir():
            raise SystemExit(f"bench: {CORPUS} is missing (the shared corpus beside the checkout)")
        articles = {language: ntrex_articles(language) for language in LANGUAGES}
        native = {
            language: sentences(language) if (CORPUS / "sentences" / f"{language}.txt").exists() else () for language in LANGUAGES
        }
        return cls(articles, native)


@dataclass
class Manifest:
    documents: int = 0
    bytes: int = 0
    paragraphs: int = 0  # paragraphs as written, repeats and notices included
    encodings: dict[str, int] = field(default_factory=dict)
    bilingual: int = 0
    exact_copies: int = 0


def build(folder: Path, documents: int, seed: int = 7, sources: Sources | None = None) -> Manifest:
    """Write `documents` raw files under `folder` (1,000 to a sub-folder) and return what was written."""
    sources = sources or Sources.load()
    manifest = Manifest()
    written: list[tuple[list[str], str]] = []
    for index in range(documents):
        rng = random.Random(f"{seed}:{index}")
        if written and rng.random() < 0.02:  # the same article reprinted by another outlet, byte for byte
            paragraphs, language = written[-rng.randint(1, min(50, len(written)))]
            manifest.exact_copies += 1
        else:
            paragraphs, language = _document(rng, sources)
        written.append((paragraphs, language))
        raw, encoding = _damage(rng, paragraphs, language)
        path = folder / f"d{index // 1000:03d}" / f"{index:06d}-{language}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
        manifest.documents += 1
        manifest.bytes += len(raw)
        manifest.paragraphs += len(paragraphs)
        manifest.encodings[encoding] = manifest.encodings.get(encoding, 0) + 1
        manifest.bilingual += "+" in language
    (folder.parent / f"{folder.name}.manifest.json").write_text(json.dumps(asdict(manifest), indent=1))
    return manifest


def _document(rng: random.Random, sources: Sources) -> tuple[list[str], str]:
    first = rng.choice(LANGUAGES)
    second = None
    if rng.random() < 0.35:
        second = "en" if first != "en" else rng.choice(LANGUAGES[1:])
    article = rng.randrange(len(sources.articles["en"]))
    body = len(sources.articles["en"][article]) - 1
    count = min(body, rng.randint(4, 12))
    start = rng.randint(1, body - count + 1)
    # Extra lines per paragraph: (article, line) pairs when bilingual, so both parts stay translations.
    extras = [[_pick_line(rng, sources) for _ in range(rng.choice((0, 1, 1, 2)))] for _ in range(count)]
    natives = [rng.random() < 0.5 for _ in range(count)]
    paragraphs: list[str] = []
    for language in (first, second) if second else (first,):
        part = _part(rng, sources, language, article, start, count, extras, natives if second is None else None)
        paragraphs.extend(part)
    return paragraphs, f"{first}+{second}" if second else first


def _pick_line(rng: random.Random, sources: Sources) -> tuple[int, int, float]:
    article = rng.randrange(len(sources.articles["en"]))
    return article, rng.randrange(1, len(sources.articles["en"][article])), rng.random()


def _part(
    rng: random.Random,
    sources: Sources,
    language: str,
    article: int,
    start: int,
    count: int,
    extras: list[list[tuple[int, int, float]]],
    natives: list[bool] | None,
) -> list[str]:
    lines = sources.articles[language][article]
    joiner = "" if language in NO_SPACE_JOIN else " "
    part = [lines[0]]
    for offset in range(count):
        pieces = [lines[start + offset]]
        for other, line, draw in extras[offset]:
            native = sources.sentences[language]
            if natives and native and natives[offset]:
                pieces.append(native[int(draw * len(native))])
            else:
                pieces.append(sources.articles[language][other][line])
        if rng.random() < 0.3:
            pieces.reverse()
        part.append(joiner.join(pieces))
    if rng.random() < 0.3:  # a paragraph repeated further down, as pasted twice
        part.insert(rng.randint(2, len(part)), rng.choice(part[1:]))
    if rng.random() < 0.15:  # the headline repeated as a sub-heading
        part.insert(rng.randint(2, len(part)), part[0])
    return part


def _damage(rng: random.Random, paragraphs: list[str], language: str) -> tuple[bytes, str]:
    paragraphs = list(paragraphs)
    first = language.split("+")[0]
    if rng.random() < 0.2:
        paragraphs.append(_notice(rng, first))
    if first not in (*NO_SPACE_JOIN, "ko") and rng.random() < 0.03:
        paragraphs = [p.replace(" and ", " &amp; ", 1).replace("'", "&#8217;", 1) for p in paragraphs]
    encoding = _encoding(rng, paragraphs, language)
    if encoding == "utf-8" and rng.random() < 0.02:
        paragraphs = [_mojibake(p) if rng.random() < 0.5 else p for p in paragraphs]
    if encoding == "utf-8" and rng.random() < 0.1:
        paragraphs = [_zero_width(rng, p) for p in paragraphs]
    trailing = rng.random() < 0.3
    spaces = TRAILING if encoding.startswith("utf") else TRAILING[:4]
    lines = [p + (rng.choice(spaces) if trailing else "") for p in paragraphs]
    separator = "\n\n" if rng.random() < 0.4 else "\n"
    text = ("\n" * rng.randint(1, 3) if rng.random() < 0.1 else "") + separator.join(lines)
    text += "\n" + (" \n" * rng.randint(1, 45) if rng.random() < 0.3 else "")
    if rng.random() < 0.25:
        text = text.replace("\n", "\r\n")
    return text.encode(encoding), encoding


def _encoding(rng: random.Random, paragraphs: list[str], language: str) -> str:
    draw = rng.random()
    legacy = LEGACY_ENCODINGS.get(language.split("+")[0])
    if legacy and language.split("+")[-1] in (language.split("+")[0], "en") and draw < 0.35:
        try:
            "\n".join(paragraphs).encode(legacy)
            return legacy
        except UnicodeEncodeError:
            return "utf-8"
    if draw > 0.98:
        return "utf-16"
    if draw > 0.95:
        return "utf-8-sig"
    return "utf-8"


def _notice(rng: random.Random, language: str) -> str:
    outlet = rng.choice(OUTLETS)
    if language == "zh-Hant":
        return f"原刊於{outlet}網站,本社獲作者授權轉載。"
    if language == "zh-Hans":
        return f"本文转载自{outlet}。"
    return f"Originally published by {outlet}."


def _mojibake(paragraph: str) -> str:
    """UTF-8 bytes read as Windows-1252 (Latin-1 where 1252 has a hole), the commonest damage."""
    data = paragraph.encode("utf-8")
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


def _zero_width(rng: random.Random, paragraph: str) -> str:
    if rng.random() < 0.3 and len(paragraph) > 2:
        at = rng.randrange(1, len(paragraph))
        return paragraph[:at] + rng.choice(ZERO_WIDTH) + paragraph[at:]
    return paragraph
