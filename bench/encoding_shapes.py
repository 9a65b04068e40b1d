"""Decoding files shaped like real archives, not like our tables: a table shape x code page, right / wrong / quarantined.

    .venv/bin/python -m bench.encoding_shapes [--per-pair 4] [--shape preamble ...] [--baseline e60478c]

bench/encodings.py scores a held-out NTREX line, paragraph or article alone in a code page: the non-ASCII
starts at byte 0 and fills the file. Archives hold other shapes; each is built here at run time from
../shared/corpus (NTREX-128's held-out articles, bench/encoding_corpus.py, and its English articles as the
ASCII parts), in every code page of the language's family that can encode it:

- paragraphs: the article with a blank line between its paragraphs (a file of one language in blocks: what
  a file of two parts must not be taken for);
- preamble: an English preamble of about 4 KB (an original, a licence note) before the body;
- headers: e-mail / Usenet headers (about 1.5 KB of Received:, Path:, Message-ID: lines) before the body;
- html: a page of about 3 KB of markup (script, style, navigation) without a charset, decoded as the
  product decodes web pages (tasks/steps/html.decode_page);
- html-lying: the same page declaring a charset it is not in (iso-8859-1, or windows-1251 for Latin text);
- csv: a CSV of numbers (about 4 KB) before the body;
- urls: a list of URLs (about 3 KB) before the body;
- islands: a long English file (about 6 KB) with a few non-ASCII islands of the language (two of its words with
  letters beyond ASCII, a currency sign, curly quotes where the code page has them); single-byte code pages;
- stray: a first non-ASCII line that is a symbol (© ° • ’, in the body's code page), 3 KB of English, then a
  CJK body;
- short: the first three words of a line; word: one word with letters beyond ASCII;
- mixed: two articles in two code pages (the language's first and second), concatenated: no single code page
  reads both (right = the first article came out right);
- bilingual: a reprint assembled from two sources: the article in a code page of its family, a blank line, then
  its English original in cp1252 with curly quotes, an é and a € (a last line added); bilingual-en: the English
  first. Code pages of the Western family left out (the English one's). Right = the whole text;
- bom-utf16, bom-utf8: the article behind a byte-order mark its bytes contradict (UTF-16 LE's FF FE, UTF-8's
  EF BB BF), as an editor or a broken export writes it; right = the article's text (the UTF-8 variant: UTF-8 with
  two bad bytes behind the mark, which stays UTF-8);
- Each shape again in UTF-8 with two bad bytes (a curly quote ’ as cp1252 0x92, as pasted from Windows):
  right = the text with those quotes, read as UTF-8 (`utf8-bad` column, one per shape).

Right = the decoded text equals the original (NFC for cp1258; an equivalent code page counts as right);
quarantined = decode raised Rejected. --baseline REV scores the decoder of that git revision too.
"""

from __future__ import annotations

import argparse
import random
import re
from codecs import BOM_UTF8, BOM_UTF16_LE
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from bench.encoding_corpus import FAMILIES, SHARED, articles, encode, held_out_half, legacy_form, same_text
from bench.encodings import module_at
from tasks.model import Rejected
from tasks.steps import decode as decode_module
from tasks.steps import html

CJK_CODECS = ("gb18030", "gbk", "gb2312", "big5", "cp950", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949")
LATIN_LIE, OTHER_LIE = "windows-1251", "iso-8859-1"
SKIPPED_FAMILIES = ("utf-16/32 without BOM",)  # the NUL pattern decides those before any shape matters
BAD_QUOTE = "\u2019"  # read back from cp1252's 0x92 by the damaged-UTF-8 repair


@dataclass(frozen=True)
class Shaped:
    shape: str
    language: str
    codec: str  # the code page of the non-ASCII part ("utf_8" for the damaged-UTF-8 variants)
    text: str  # what a right decoding gives
    raw: bytes
    web_page: bool = False  # decoded as the product decodes web pages


Decoder = Callable[[bytes, bool], tuple[str, str] | None]  # (text, encoding) or None when quarantined


def _english(seed: int, size: int) -> str:
    """English NTREX lines, about `size` characters, ASCII only."""
    lines = [line for article in articles("en") for line in article if line.isascii()]
    pick = random.Random(seed)
    out: list[str] = []
    while sum(map(len, out)) < size:
        out.append(pick.choice(lines))
    return "\n".join(out)


def _headers(seed: int) -> str:
    pick = random.Random(seed)
    hops = [
        f"Received: from mx{pick.randrange(99)}.news.example.net (mx{pick.randrange(99)}.example.net [10.{pick.randrange(255)}."
        f"{pick.randrange(255)}.{pick.randrange(255)}])\n\tby relay.example.org (8.12.{pick.randrange(11)}/8.12.3) with ESMTP id "
        f"h{pick.randrange(10**9)}; Tue, {pick.randrange(1, 28)} Jan 2003 {pick.randrange(24):02}:00:00 +0800"
        for _ in range(12)
    ]
    return "\n".join(
        [
            "Path: news.example.net!feed.example.org!not-for-mail",
            *hops,
            f"Message-ID: <{pick.randrange(10**12)}@wire.example.com>",
            "Newsgroups: alt.news.reprints",
            "From: wire desk <desk@wire.example.com>",
            "Subject: reprint",
            "MIME-Version: 1.0",
            "Content-Type: text/plain",
            "Content-Transfer-Encoding: 8bit",
            "",
        ]
    )


def _csv(seed: int) -> str:
    pick = random.Random(seed)
    rows = ["date,open,high,low,close,volume"]
    rows += [
        f"2003-01-{day % 28 + 1:02},{pick.uniform(10, 99):.2f},{pick.uniform(10, 99):.2f},{pick.uniform(10, 99):.2f},"
        f"{pick.uniform(10, 99):.2f},{pick.randrange(10**6)}"
        for day in range(110)
    ]
    return "\n".join(rows)


def _urls(seed: int) -> str:
    pick = random.Random(seed)
    return "\n".join(
        f"http://www.example{pick.randrange(99)}.com/news/2003/{pick.randrange(1, 13):02}/story_{pick.randrange(10**6)}.html"
        for _ in range(60)
    )


def _page(body: str, charset: str | None, seed: int) -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n' if charset else ""
    hide = "if (s{n}) {{ s{n}.style.display = 'none'; }}"
    script = "\n".join(f"  var s{n} = document.getElementById('ad-{n}'); " + hide.format(n=n) for n in range(20))
    nav = "\n".join(f'<li><a href="/section/{n}/index.html" class="nav-item">Section {n}</a></li>' for n in range(25))
    paragraphs = "\n".join(f"<p>{line}</p>" for line in body.split("\n"))
    return (
        f"<!DOCTYPE html>\n<html>\n<head>\n{meta}<title>News {seed}</title>\n<style>\nbody {{ font-family: serif; }}\n"
        f'.nav-item {{ color: #336; }}\n</style>\n<script type="text/javascript">\n{script}\n</script>\n</head>\n<body>\n'
        f'<ul class="nav">\n{nav}\n</ul>\n<div class="article">\n{paragraphs}\n</div>\n</body>\n</html>\n'
    )


def _island_words(body: str) -> list[str]:
    return [word.strip('.,;:()«»"“”') for word in body.split() if not word.isascii() and len(word) > 3][:2]


def _islands(body: str, codec: str, seed: int) -> str | None:
    words = _island_words(body)
    if len(words) < 2:
        return None
    english = _english(seed, 6000).split("\n")
    currency = next((sign for sign in "€£" if encode(sign, codec) is not None), "")
    quote_open, quote_close = ("“", "”") if encode("“”", codec) is not None else ('"', '"')
    english[len(english) // 4] += f" The report was written by {words[0]}."
    english[len(english) // 2] += f" Tickets cost {currency}25 each." if currency else ""
    english[3 * len(english) // 4] += f" {quote_open}{words[1]}{quote_close}, he said."
    return "\n".join(english)


def _stray(body: str, codec: str, seed: int) -> str | None:
    symbol = next((sign for sign in "©°•’" if encode(sign, codec) is not None), None)
    if symbol is None:
        return None
    return f"Copyright {symbol} 2003 Wire Desk. All rights reserved.\n{_english(seed, 3000)}\n\n{body}"


def _shaped_text(shape: str, body: str, codec: str, seed: int) -> str | None:
    if shape == "plain":
        return body
    if shape == "paragraphs":
        return body.replace("\n", "\n\n")
    if shape == "preamble":
        return f"{_english(seed, 4000)}\n\n{body}"
    if shape == "headers":
        return f"{_headers(seed)}\n{body}"
    if shape == "csv":
        return f"{_csv(seed)}\n\n{body}"
    if shape == "urls":
        return f"{_urls(seed)}\n\n{body}"
    if shape == "html":
        return _page(body, None, seed)
    if shape == "html-lying":
        return _page(body, LATIN_LIE if codec in LATIN_CODECS else OTHER_LIE, seed)
    if shape == "islands":
        return None if codec in CJK_CODECS or codec not in SINGLE_BYTE_SHAPED else _islands(body, codec, seed)
    if shape == "stray":
        return _stray(body, codec, seed) if codec in CJK_CODECS else None
    if shape == "short":
        words = body.split("\n")[0].split()[:3]
        return " ".join(words) if not " ".join(words).isascii() else None
    if shape in BOM_SHAPES:
        return body
    if shape == "word":
        words = _island_words(body)
        return words[0] if words else None
    raise ValueError(shape)


SHAPES = (
    "plain", "paragraphs", "preamble", "headers", "html", "html-lying", "csv", "urls", "islands", "stray", "short", "word",
    "mixed", "bilingual", "bilingual-en", "bom-utf16", "bom-utf8",
)  # fmt: skip
# A byte-order mark before bytes of another encoding (an editor's or a broken export's): right = the body's text.
BOM_SHAPES = {"bom-utf16": BOM_UTF16_LE, "bom-utf8": BOM_UTF8}
TWO_SOURCES = ("mixed", "bilingual", "bilingual-en")  # two code pages in one file: no UTF-8 variant
LATIN_CODECS = frozenset(("cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "cp1257", "iso8859_13", "iso8859_4"))
WESTERN_CODECS = frozenset(("cp1252", "latin_1", "iso8859_15"))
SINGLE_BYTE_SHAPED = decode_module.SINGLE_BYTE | {"cp1258"}


def _with_bad_quotes(text: str) -> tuple[str, bytes] | None:
    """The text in UTF-8 with two ’ written as cp1252's 0x92 (in place of its first two apostrophes, else before it)."""
    parts = text.split("'", 2)
    if len(parts) < 3:
        return f"{BAD_QUOTE}{BAD_QUOTE} {text}", b"\x92\x92 " + text.encode("utf-8")
    expected = BAD_QUOTE.join(parts)
    return expected, b"\x92".join(part.encode("utf-8") for part in parts)


def shaped(shapes: tuple[str, ...], per_pair: int) -> Iterator[Shaped]:
    for family, members in FAMILIES.items():
        if family in SKIPPED_FAMILIES:
            continue
        for language, codecs in members:
            bodies = ["\n".join(article) for article in held_out_half(language)]
            for shape in shapes:
                for index, codec in enumerate(codecs):
                    if codec in ("hz", "iso2022_jp", "iso2022_kr"):
                        continue  # 7-bit: escapes, not bytes 0x80-0xFF, carry them
                    taken = 0
                    for number, body in enumerate(bodies):
                        if taken == per_pair:
                            break
                        item = _shaped(shape, language, codecs, index, body, bodies[(number + 1) % len(bodies)], number)
                        if item is None:
                            continue
                        taken += 1
                        yield item
                        if index == 0 and shape not in TWO_SOURCES:
                            damaged = _with_bad_quotes(item.text)
                            if damaged:
                                raw = BOM_SHAPES.get(shape, b"") + damaged[1]
                                yield Shaped(shape, language, "utf_8", damaged[0], raw, item.web_page)


def _shaped(shape: str, language: str, codecs: tuple[str, ...], index: int, body: str, other: str, seed: int) -> Shaped | None:
    codec = codecs[index]
    body = legacy_form(body, codec)
    if shape == "mixed":
        second = codecs[(index + 1) % len(codecs)]
        if second == codec:
            return None
        first_raw, second_raw = encode(body, codec), encode(legacy_form(other, second), second)
        if first_raw is None or second_raw is None or first_raw.isascii():
            return None
        return Shaped(shape, language, f"{codec}+{second}", body, first_raw + b"\n\n" + second_raw)
    if shape.startswith("bilingual"):
        return _bilingual(shape, language, codec, body, seed)
    text = _shaped_text(shape, body, codec, seed)
    if text is None:
        return None
    raw = encode(text, codec)
    if raw is None or raw.isascii():
        return None
    raw = BOM_SHAPES.get(shape, b"") + raw
    return Shaped(shape, language, codec, text, raw, web_page=shape.startswith("html"))


def _bilingual(shape: str, language: str, codec: str, body: str, seed: int) -> Shaped | None:
    """The article in `codec` and its English original (NTREX is parallel) in cp1252, in the shape's order."""
    if codec in WESTERN_CODECS:
        return None
    original = "\n".join(_curly(line) for line in held_out_half("en")[seed])
    original += "\nThe café’s owner said tickets would cost €25."
    translation_raw, original_raw = encode(body, codec), encode(original, "cp1252")
    if translation_raw is None or original_raw is None or translation_raw.isascii():
        return None
    if shape == "bilingual-en":
        return Shaped(shape, language, f"{codec}+cp1252", f"{original}\n\n{body}", original_raw + b"\n\n" + translation_raw)
    return Shaped(shape, language, f"{codec}+cp1252", f"{body}\n\n{original}", translation_raw + b"\n\n" + original_raw)


def _curly(line: str) -> str:
    """Straight quotes as a Windows editor writes them: “ ” in pairs, ’ for an apostrophe.

    >>> _curly('He said "no" and left the team’s hotel'.replace("’", "'"))
    'He said “no” and left the team’s hotel'
    """
    return re.sub(r'"([^"]*)"', "“\\1”", line).replace("'", "’")


def decoder(decode_page: Callable[[bytes], Any], decode: Callable[[bytes], Any]) -> Decoder:
    """(text, encoding) of web pages through `decode_page`, of other files through `decode`; None when quarantined."""

    def decoded(raw: bytes, web_page: bool) -> tuple[str, str] | None:
        try:
            result = decode_page(raw) if web_page else decode(raw)
        except Rejected:
            return None
        return result.text, result.encoding

    return decoded


def _before(revision: str) -> Decoder:
    """The decoder of `revision`, and its web-page decoding (tasks/steps/html.py of then, calling that decoder)."""
    old = module_at(revision, "tasks/steps/decode.py", "decode_before")
    old_html = module_at(revision, "tasks/steps/html.py", "html_before")
    vars(old_html)["decode"] = old.decode  # the detection it falls back on: that revision's too
    return decoder(old_html.decode_page, old.decode)


def outcome(item: Shaped, decoder: Decoder) -> str:
    result = decoder(item.raw, item.web_page)
    if result is None:
        return "quarantined"
    text, encoding = result
    expected_codec = item.codec.split("+")[0]
    if item.shape == "mixed":
        return "right" if same_text(text[: len(item.text)], item.text, expected_codec) else f"wrong:{encoding}"
    return "right" if same_text(text, item.text, expected_codec) else f"wrong:{encoding}"


def report(decoders: dict[str, Decoder], shapes: tuple[str, ...], per_pair: int) -> None:
    cells: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)  # (decoder, codec, shape) -> outcomes
    for item in shaped(shapes, per_pair):
        for name, decoder in decoders.items():
            cells[name, item.codec, item.shape][outcome(item, decoder)] += 1
    for name in decoders:
        print(f"\n== {name}: right/n per code page (rows) and shape (columns); misses below\n")
        codecs = sorted({codec for (each, codec, _) in cells if each == name}, key=_codec_order)
        print(f"{'code page':<22}" + "".join(f"{shape:>13}" for shape in shapes))
        totals: dict[str, Counter[str]] = defaultdict(Counter)
        for codec in codecs:
            row = f"{codec:<22}"
            for shape in shapes:
                counts = cells.get((name, codec, shape), Counter())
                n = sum(counts.values())
                totals[shape]["n"] += n
                totals[shape]["right"] += counts["right"]
                row += f"{(str(counts['right']) + '/' + str(n)) if n else '-':>13}"
            print(row)
        print(f"{'all':<22}" + "".join(f"{_percent(totals[shape]):>13}" for shape in shapes))
        print("\nmisses (shape, code page: outcome count):")
        for (each, codec, shape), counts in sorted(cells.items()):
            misses = {key: value for key, value in counts.items() if key != "right"}
            if each == name and misses:
                print(f"  {shape:<11} {codec:<18} " + ", ".join(f"{key} {value}" for key, value in sorted(misses.items())))


def _percent(counts: Counter[str]) -> str:
    return f"{100 * counts['right'] / counts['n']:.1f}%" if counts["n"] else "-"


def _codec_order(codec: str) -> tuple[int, str]:
    order = [codec for _, codecs in (m for members in FAMILIES.values() for m in members) for codec in codecs]
    first = codec.split("+")[0]
    return (order.index(first) if first in order else -1, codec)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-pair", type=int, default=4, help="inputs per (language, code page, shape)")
    parser.add_argument("--shape", action="append", choices=SHAPES)
    parser.add_argument("--baseline", help="git revision whose decoder to score too (e.g. e60478c)")
    args = parser.parse_args()
    if not SHARED.exists():
        raise SystemExit(f"{SHARED} is missing: the shapes are built from ../shared/corpus")
    decoders: dict[str, Decoder] = {"ours": decoder(html.decode_page, decode_module.decode)}
    if args.baseline:
        decoders["before"] = _before(args.baseline)
    report(decoders, tuple(args.shape) if args.shape else SHAPES, args.per_pair)


if __name__ == "__main__":
    main()
