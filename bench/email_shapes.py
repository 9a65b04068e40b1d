"""Reprints that arrive as e-mail: the share of paragraphs right per charset x transfer encoding x structure.

Each NTREX-128 article (../shared/corpus/parallel/ntrex128, headline first) of a
language is wrapped into a message by the standard library's `email` package,
its paragraphs a blank line apart, in the charset mail in that language often
uses (an article the charset cannot encode is left out), with each transfer
encoding and in each structure:

  plain        one text/plain part
  alternative  multipart/alternative: the text/plain part and the same text as text/html
  html         one text/html part (<p> per paragraph)
  gmail-html   one text/html part as Gmail writes it: <div dir="ltr">, paragraphs between <br><br>
  wrapped      text/plain hard-wrapped at 72 characters as mail clients wrap (bench/paragraph_shapes.py's
               wrapping: by character count for Chinese and Japanese), a blank line between paragraphs
  attachment   multipart/mixed: the text/plain part and a PDF attachment
  forwarded    text/plain, the article under a Gmail-style forwarded-message header block
  mbox         the plain message saved as a one-message mbox (a `From ` line first)
  plain-html   one text/plain part holding the html structure's page (some mailing systems send the HTML as the
               plain part)
  plain-br     one text/plain part holding gmail-html's <div> and <br>s
  plain-tags   one text/plain part holding the article in inline tags, a blank line between paragraphs
               (bench/html_fragments.py's inline blank: <b>, <a href>, <span class> on names, numbers and words)

and in the shapes real mail takes on the way, the `attachment` message damaged as gateways and clients damage
it, and the article forwarded as an attachment:

  renamed      the header names another boundary than the delimiters use (a gateway rewrote it)
  altered      the first delimiter line altered (its last character lost)
  unclosed     the closing delimiter gone
  unquoted     the boundary parameter unquoted, so its `=` ends it (RFC 2045 wants it quoted)
  attached     forwarded as an attachment: "See attached." above the message/rfc822 part, the outer
               subject the forwarder's ("Fwd: for Tuesday's paper")
  attached-eml the same with an empty note, the message attached as a file (application/octet-stream, .eml)
  enclosed     the message as the forward's whole content (message/rfc822 as its type: GroupWise's forward)

Written with CRLF line ends, as messages travel. A paragraph is right when the
document's output holds it exactly (the article's line, cleaned alone, as
bench/paragraph_shapes.py compares) in a record of its language; `extra` counts
output paragraphs that are no paragraph of the article (headers, base64, MIME
boundaries leaking into the text). Through tasks.pipeline.process_batch.

With --routing, what the check costs the files that are no message: message_kind()
(and page_kind(), the web-page check beside it) on every file of the benchmark
corpus bench/throughput.py ingests (bench/corpus.py, 4,000 files, seed 7, built
in a temporary folder) and on the NTREX articles of all 42 languages as text
files, best of 5 passes over the bytes in memory; and how many it takes for messages.

With --repair-cost, what the wrong-boundary checks (tasks/steps/mail.py) cost a message that needs no repair:
the two checks and the standard library's parse alone, best of 9 passes over the messages of the eight
STRUCTURES in memory, microseconds a message.

    .venv/bin/python bench/email_shapes.py [--articles 5] [--routing | --repair-cost]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from email import message_from_bytes, policy
from email.message import EmailMessage
from functools import partial
from html import escape
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.html_fragments import inline_blank
from bench.paragraph_shapes import render
from tasks.inputs.discover import find_inputs
from tasks.model import CleanDocument
from tasks.pipeline import CleanOptions, process_batch, repair_and_tidy
from tests.corpus import ntrex_articles

# Each language with a charset its mail is commonly sent in (and utf-8 for English).
CHARSETS = (
    ("en", "utf-8"),
    ("zh-Hant", "big5"),
    ("zh-Hans", "gb2312"),
    ("ja", "iso-2022-jp"),
    ("ru", "koi8-r"),
    ("cs", "iso-8859-2"),
    ("pl", "iso-8859-2"),
    ("fr", "windows-1252"),
)
TRANSFER_ENCODINGS = ("quoted-printable", "base64", "8bit")
STRUCTURES = ("plain", "alternative", "html", "gmail-html", "wrapped", "attachment", "forwarded", "mbox")
PLAIN_MARKUP = ("plain-html", "plain-br", "plain-tags")  # HTML sent as the text/plain part
DAMAGED = ("renamed", "altered", "unclosed", "unquoted")  # the `attachment` message with a wrong MIME boundary
ATTACHED = ("attached", "attached-eml", "enclosed")  # the plain message forwarded as an attachment
SHAPES = STRUCTURES + PLAIN_MARKUP + DAMAGED + ATTACHED
BOUNDARY = re.compile(rb'boundary="([^"]+)"')
WRAP = 72
FORWARDED = (
    "---------- Forwarded message ---------\n"
    "From: Wire Desk <desk@wire.example>\n"
    "Date: Mon, 2 Mar 2026 at 08:15\n"
    "Subject: {subject}\n"
    "To: Reprints <reprints@paper.example>\n\n"
)
MBOX_FROM = b"From desk@wire.example Mon Mar  2 08:15:00 2026\n"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def encodable(article: tuple[str, ...], charset: str) -> bool:
    try:
        "\n".join(article).encode(charset)
    except UnicodeEncodeError:
        return False
    return True


def articles_in(language: str, charset: str, count: int) -> list[tuple[str, ...]]:
    """The first `count` articles of `language` that `charset` can encode."""
    return [article for article in ntrex_articles(language) if encodable(article, charset)][:count]


def message(article: tuple[str, ...], language: str, charset: str, transfer_encoding: str, structure: str) -> bytes:
    """The article as a message of `structure` (one of SHAPES), every text part in `charset` and `transfer_encoding`."""
    if structure in DAMAGED:
        return wrong_boundary(message(article, language, charset, transfer_encoding, "attachment"), structure)
    if structure in ATTACHED:
        return forwarded_as_attachment(message(article, language, charset, transfer_encoding, "plain"), structure)
    mail = EmailMessage()
    mail["From"] = "Wire Desk <desk@wire.example>"
    mail["To"] = "Reprints <reprints@paper.example>"
    mail["Subject"] = f"Fwd: [wire] {article[0]}"
    mail["Date"] = "Mon, 02 Mar 2026 08:15:00 +0000"
    mail["Message-ID"] = "<reprint-1@wire.example>"
    text = "\n\n".join(article) + "\n"
    html = "<html><body>" + "".join(f"<p>{escape(line)}</p>\n" for line in article) + "</body></html>\n"
    if structure == "gmail-html":
        html = gmail_html(article)
    if structure == "forwarded":
        text = FORWARDED.format(subject=article[0]) + text
    if structure == "wrapped":
        text = render(article, language, "wrapped+blank", WRAP) + "\n"
    if structure in PLAIN_MARKUP:
        text = {"plain-html": html, "plain-br": gmail_html(article), "plain-tags": inline_blank(article)[0].decode()}[structure]
    if structure in ("html", "gmail-html"):
        mail.set_content(html, subtype="html", charset=charset, cte=transfer_encoding)
    else:
        mail.set_content(text, charset=charset, cte=transfer_encoding)
    if structure == "alternative":
        mail.add_alternative(html, subtype="html", charset=charset, cte=transfer_encoding)
    if structure == "attachment":
        mail.add_attachment(PDF, maintype="application", subtype="pdf", filename="reprint.pdf")
    raw = mail.as_bytes(policy=policy.SMTP)  # CRLF line ends
    return MBOX_FROM.replace(b"\n", b"\r\n") + raw if structure == "mbox" else raw


def gmail_html(article: tuple[str, ...]) -> str:
    return '<div dir="ltr">' + "<br><br>".join(escape(line) for line in article) + "<br></div>\n"


def wrong_boundary(raw: bytes, damage: str) -> bytes:
    """A multipart message with its boundary damaged as `damage` (one of DAMAGED) says; any other message as it is."""
    found = BOUNDARY.search(raw)
    if found is None:
        return raw
    delimiter = b"--" + found.group(1)
    if damage == "renamed":
        return raw[: found.start(1)] + b"gateway-" + raw[found.start(1) :]
    if damage == "altered":
        return raw.replace(delimiter + b"\r\n", delimiter[:-1] + b"\r\n", 1)
    if damage == "unclosed":
        return raw.replace(delimiter + b"--", b"")
    return raw[: found.start()] + b"boundary=" + found.group(1) + raw[found.end() :]


def forwarded_as_attachment(raw: bytes, shape: str) -> bytes:
    """The message `raw` forwarded as an attachment (`shape` one of ATTACHED), as mail clients do."""
    mail = EmailMessage()
    mail["From"] = "Anna Desk <anna@paper.example>"
    mail["To"] = "Reprints <reprints@paper.example>"
    mail["Subject"] = "Fwd: for Tuesday's paper"
    mail["Date"] = "Tue, 03 Mar 2026 09:00:00 +0000"
    if shape == "enclosed":
        mail.set_content(message_from_bytes(raw, policy=policy.default))
        return mail.as_bytes(policy=policy.SMTP)
    mail.set_content("See attached.\n" if shape == "attached" else "")
    if shape == "attached":
        mail.add_attachment(message_from_bytes(raw, policy=policy.default))
    else:
        mail.add_attachment(raw, maintype="application", subtype="octet-stream", filename="reprint.eml")
    return mail.as_bytes(policy=policy.SMTP)


def expected(article: tuple[str, ...]) -> list[str]:
    return [repair_and_tidy(line)[0] for line in article]


def measure(count: int) -> dict[tuple[str, str, str], list[int]]:
    """Per (charset, transfer encoding, structure): [paragraphs right, extra paragraphs, paragraphs]."""
    tally: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    with tempfile.TemporaryDirectory(prefix="email-shapes-") as tmp:
        raw, wanted = Path(tmp), {}
        for language, charset in CHARSETS:
            for number, article in enumerate(articles_in(language, charset, count)):
                for transfer_encoding in TRANSFER_ENCODINGS:
                    for structure in SHAPES:
                        name = f"{language}-{charset}/{transfer_encoding}/{structure}/{number:03d}.eml"
                        (raw / name).parent.mkdir(parents=True, exist_ok=True)
                        (raw / name).write_bytes(message(article, language, charset, transfer_encoding, structure))
                        wanted[name] = (language, expected(article))
        found: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for outcome in process_batch(find_inputs(str(raw)), {}, CleanOptions()).outcomes:
            if isinstance(outcome, CleanDocument):
                found[outcome.source_path] = [(p, part.language) for part in outcome.parts for p in part.paragraphs]
    for name, (language, paragraphs) in wanted.items():
        got = found.get(name, [])
        folder, transfer_encoding, structure, _ = name.split("/")
        counts = tally[(folder, transfer_encoding, structure)]
        counts[0] += sum((p, language) in got for p in paragraphs)
        counts[1] += sum(p not in paragraphs for p, _ in got)
        counts[2] += len(paragraphs)
    return tally


def routing(documents: int, seed: int) -> None:
    """The first-bytes checks on files that are no message: microseconds a file, and files taken for messages."""
    from bench import corpus as corpus_builder
    from tasks.steps.html import page_kind
    from tasks.steps.mail import message_kind

    with tempfile.TemporaryDirectory(prefix="email-routing-") as tmp:
        corpus_builder.build(Path(tmp), documents, seed)
        built = [path.read_bytes() for path in Path(tmp).rglob("*") if path.is_file()]
    files = {f"bench/corpus.py, {documents} files, seed {seed}": built}
    languages = sorted(p.stem for p in corpus_builder.CORPUS.glob("parallel/ntrex128/*.txt") if p.stem != "doc_ids")
    files[f"NTREX, {len(languages)} languages"] = [
        ("\r\n\r\n".join(article) + "\r\n").encode() for language in languages for article in ntrex_articles(language)
    ]
    for name, contents in files.items():
        for check in (message_kind, page_kind):
            best = min(_seconds(check, contents) for _ in range(5))
            taken = sum(check(raw) is not None for raw in contents)
            print(f"{check.__name__:<13} on {name} ({len(contents)}): {best / len(contents) * 1e6:.2f} µs a file; {taken} taken")


def _seconds(check: Callable[[Any], object], contents: list[Any]) -> float:
    started = time.perf_counter()
    for raw in contents:
        check(raw)
    return time.perf_counter() - started


def repair_cost(count: int) -> None:
    """Microseconds a message for the wrong-boundary checks, against the parse they follow."""
    from tasks.steps.mail import POLICY, _restore_altered_delimiters, _split_unsplit_multiparts

    messages = [
        message(article, language, charset, transfer_encoding, structure)
        for language, charset in CHARSETS
        for article in articles_in(language, charset, count)
        for transfer_encoding in TRANSFER_ENCODINGS
        for structure in STRUCTURES
    ]
    parsed = [message_from_bytes(raw, policy=POLICY) for raw in messages]
    size = sum(map(len, messages)) / len(messages)
    print(f"{len(messages)} messages of the {len(STRUCTURES)} structures, {size:,.0f} bytes on average; µs a message:")
    for name, check, inputs in (
        ("parse (message_from_bytes)", partial(message_from_bytes, policy=POLICY), messages),
        ("altered delimiters", _restore_altered_delimiters, messages),
        ("multiparts left whole", _split_unsplit_multiparts, parsed),
    ):
        print(f"  {name:<28}{min(_seconds(check, inputs) for _ in range(9)) / len(inputs) * 1e6:8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=5, help="articles per language (default 5)")
    parser.add_argument("--routing", action="store_true", help="only the cost of the check on files that are no message")
    parser.add_argument("--repair-cost", action="store_true", help="only the cost of the boundary checks on good mail")
    args = parser.parse_args()
    if args.routing:
        routing(4000, 7)
        return
    if args.repair_cost:
        repair_cost(args.articles)
        return
    started = time.perf_counter()
    tally = measure(args.articles)
    print(f"through process_batch, {time.perf_counter() - started:.0f} s; share of paragraphs right (extra paragraphs)")
    print(f"{'language-charset':<22}{'transfer':<18}" + "".join(f"{s:>16}" for s in SHAPES))
    for language, charset in CHARSETS:
        for transfer_encoding in TRANSFER_ENCODINGS:
            cells = [tally[(f"{language}-{charset}", transfer_encoding, s)] for s in SHAPES]
            row = "".join(f"{right / total:>10.3f} ({extra:>3})" for right, extra, total in cells)
            print(f"{language + '-' + charset:<22}{transfer_encoding:<18}{row}")
    totals = [[sum(c[i] for k, c in tally.items() if k[2] == s) for i in range(3)] for s in SHAPES]
    print(f"{'all':<40}" + "".join(f"{right / total:>10.3f} ({extra:>3})" for right, extra, total in totals))


if __name__ == "__main__":
    main()
