"""Damaged and hostile inputs in every format the pipeline reads: what becomes of each, and that none crashes a run.

Seeds are NTREX articles of ../shared/corpus, built at run time into every format tasks/pipeline.py routes by
content, in several languages and code pages, with the builders the format's tests use (tests/test_html.py,
tests/test_news_xml.py, tests/test_json_article.py, tests/test_rtf.py, tests/test_office.py, tests/word97_files.py,
bench/email_shapes.py, bench/markdown_articles.py, tests/pdf_files.py).
Each seed is damaged the way real archives damage files (MUTATIONS, with a seeded RNG): cut at a random point or
mid-character, bits flipped, bytes inserted or deleted, a slice of another seed spliced in, two seeds concatenated,
NUL runs, a BOM added or removed, CRLF or CR line ends, a huge single line, deep nesting, the header block alone,
binary junk appended, a ZIP member dropped or damaged inside the package, a MIME boundary wrong, a compound file's
FAT or directory damaged (.doc). Every mutant goes through
tasks.pipeline.clean_files, alone, under a time limit, twice (the outcome must be the same), after the
warm-up a worker does; a file is slow when both runs take over a second.

Printed, per format x mutation: mutants, documents, quarantined by reason, `failed`, exceptions (escaping
clean_files), timeouts, slow files (> 1 s) and outcomes that differ between the two runs; then each problem.

    PYTHONPATH=. .venv/bin/python bench/fuzz_formats.py [--per 3] [--seed 0] [--limit 10] [--save DIR] [--format pdf]
"""

from __future__ import annotations

import argparse
import codecs
import io
import random
import signal
import struct
import sys
import tempfile
import time
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import email_shapes
from bench.markdown_articles import render
from tasks.model import CleanDocument, Outcome, Quarantined, SourceFile
from tasks.pipeline import CleanOptions, StepTimer, clean_files, warm_up
from tests.corpus import ntrex_articles
from tests.pdf_files import article_pdf
from tests.test_html import page
from tests.test_json_article import guardian, json_ld, wordpress
from tests.test_news_xml import newsml, nitf
from tests.test_office import docx, odt
from tests.test_rtf import CODECS, rtf
from tests.word97_files import word97

SLOW_SECONDS = 1.0
# (language, codec) of the text, HTML and Markdown seeds; UTF-16 with a BOM, as Windows tools save it
TEXT_WRITINGS = [("en", "utf-8"), ("fr", "cp1252"), ("ru", "cp1251"), ("zh-Hant", "big5"), ("ja", "shift_jis"), ("ko", "utf-16")]
# language, the code page the news file declares and is written in
XML_WRITINGS = [("en", "utf-8"), ("zh-Hant", "big5"), ("ru", "windows-1251")]
JSON_WRITINGS = [("en", "utf-8"), ("ja", "utf-16")]  # language, the encoding of its JSON-LD and Guardian item
# language, Windows code page, font charset, \uN escapes (as tests/test_rtf.py WRITINGS)
RTF_WRITINGS = [("en", 1252, 0, False), ("ru", 1251, 204, False), ("zh-Hant", 950, 136, False), ("ja", 1252, 0, True)]
OFFICE_LANGUAGES = ["en", "ja", "ar"]
# language, .doc pieces: one (as saved whole) or many of 40 characters at most (as fast-saved), compressed or UTF-16;
# the title's code page
DOC_WRITINGS = [("en", 40, 1252), ("ja", 0, 932), ("ru", 40, 1251)]
# language, PDF shape (tests/pdf_files.py); the first uncompressed, so that byte mutations hit text, not zlib data
PDF_WRITINGS = [("en", "running"), ("zh-Hant", "blocks"), ("ar", "indented")]
# language, charset, transfer encoding, structure (bench/email_shapes.py)
MAIL_WRITINGS = [("en", "utf-8", "quoted-printable", "alternative"), ("zh-Hant", "big5", "base64", "html"),
                 ("ru", "koi8-r", "8bit", "attachment"), ("fr", "windows-1252", "quoted-printable", "mbox")]  # fmt: skip


@dataclass(frozen=True)
class Seed:
    name: str  # format/language-codec
    format: str
    data: bytes


def fitting(language: str, codec: str) -> tuple[str, ...]:
    """The first NTREX article of the language that the codec can write."""
    for lines in ntrex_articles(language):
        text = "\n".join(lines)
        if text.encode(codec, "replace").decode(codec) == text:
            return lines
    raise LookupError(f"no NTREX {language} article fits {codec}")


def text_seeds() -> list[Seed]:
    """Plain text, a web page declaring its charset and Markdown, in each of TEXT_WRITINGS."""
    made = []
    for language, codec in TEXT_WRITINGS:
        lines = fitting(language, codec)
        made.append(Seed(f"text/{language}-{codec}", "text", "\r\n\r\n".join(lines).encode(codec)))
        html = page([escape(line) for line in lines[1:]], head=f'<meta charset="{codec}">', title=escape(lines[0]))
        made.append(Seed(f"html/{language}-{codec}", "html", html.encode(codec, "xmlcharrefreplace")))
        made.append(Seed(f"markdown/{language}-{codec}", "markdown", render(lines, language, 0, "front-matter").encode(codec)))
    return made


def news_xml_seeds() -> list[Seed]:
    """NITF and NewsML-G2 in the code pages they declare; JSON articles (a WordPress post, JSON-LD, a Guardian Content
    API item: the article wrapped in its envelope) in UTF-8 and 16."""
    made = []
    for language, encoding in XML_WRITINGS:
        lines = list(fitting(language, encoding))
        made.append(Seed(f"nitf/{language}-{encoding}", "nitf", nitf(lines, encoding).encode(encoding)))
        made.append(Seed(f"newsml/{language}-{encoding}", "newsml", newsml(lines, encoding).encode(encoding)))
    for language, encoding in JSON_WRITINGS:
        lines = list(ntrex_articles(language)[0])
        made.append(Seed(f"json/wordpress-{language}", "json", wordpress(lines)))
        made.append(Seed(f"json/jsonld-{language}-{encoding}", "json", json_ld(lines).decode().encode(encoding)))
        made.append(Seed(f"json/guardian-{language}-{encoding}", "json", guardian(lines).decode().encode(encoding)))
    return made


def document_seeds() -> list[Seed]:
    """RTF in code pages and Unicode escapes; DOCX and ODT; Word 97-2003 .doc; PDF."""
    made = []
    for language, code_page, charset, unicode in RTF_WRITINGS:
        lines = list(fitting(language, "utf-8" if unicode else CODECS[code_page]))
        made.append(Seed(f"rtf/{language}-{code_page}", "rtf", rtf(lines, code_page, charset, unicode)))
    for language in OFFICE_LANGUAGES:
        lines = list(ntrex_articles(language)[0])
        made += [Seed(f"docx/{language}", "docx", docx(lines)), Seed(f"odt/{language}", "odt", odt(lines))]
    for language, split_every, code_page in DOC_WRITINGS:
        lines = list(ntrex_articles(language)[0])
        table = [["Ferry", "", "Crossings"], ["Harbour Star", "12", ""]]
        doc = word97(lines, lines[0], table=table, split_every=split_every, code_page=code_page)
        made.append(Seed(f"doc/{language}-{split_every}", "doc", doc))
    for number, (language, shape) in enumerate(PDF_WRITINGS):
        lines = list(ntrex_articles(language)[0])
        data = article_pdf(lines, language, shape, 70, title=lines[0], compress=number > 0)
        made.append(Seed(f"pdf/{language}-{shape}", "pdf", data))
    return made


def mail_seeds() -> list[Seed]:
    made = []
    for language, charset, transfer, structure in MAIL_WRITINGS:
        article = email_shapes.articles_in(language, charset, 1)[0]
        raw = email_shapes.message(article, language, charset, transfer, structure)
        made.append(Seed(f"email/{language}-{charset}-{structure}", "email", raw))
    return made


def seeds() -> list[Seed]:
    """Every format, in several languages and code pages, each an NTREX article."""
    return [*text_seeds(), *news_xml_seeds(), *document_seeds(), *mail_seeds()]


# A mutation: (rng, the seed's bytes, another seed's bytes) -> the damaged bytes.
Mutation = Callable[[random.Random, bytes, bytes], bytes]


def truncate(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data[: rng.randrange(len(data))]


def cut_mid_character(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """Cut right after a byte above ASCII: inside a multi-byte character where the text has them."""
    high = [i for i, byte in enumerate(data) if byte > 0x7F]
    return data[: rng.choice(high) + 1] if high else truncate(rng, data, other)


def cut_mid_tag(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """Cut just after an opening `<`, `{` or `\\`: inside a tag, a group or a control word."""
    marks = [i for i, byte in enumerate(data) if byte in b"<{\\"]
    return data[: rng.choice(marks) + 2] if marks else truncate(rng, data, other)


def flip_bits(rng: random.Random, data: bytes, other: bytes) -> bytes:
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
    return bytes(damaged)


def insert_bytes(rng: random.Random, data: bytes, other: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randint(1, 16)) + data[at:]


def delete_bytes(rng: random.Random, data: bytes, other: bytes) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randint(1, 64) :]


def splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """A random slice of another seed written over part of this one."""
    start = rng.randrange(len(other))
    piece = other[start : start + rng.randint(1, 2048)]
    at = rng.randrange(len(data))
    return data[:at] + piece + data[at + rng.randint(0, len(piece)) :]


def concatenate(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data + other


def nul_run(rng: random.Random, data: bytes, other: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + b"\0" * rng.choice([1, 7, 512, 8192]) + data[at:]


def toggle_bom(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """Remove the byte-order mark a seed has; else add one, which may not match the bytes that follow."""
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if data.startswith(bom):
            return data[len(bom) :]
    return rng.choice([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE]) + data


def crlf(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def bare_cr(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r")


def huge_line(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """The line ends gone from a stretch of the file, and words repeated into one line of about 600,000 bytes."""
    at = rng.randrange(len(data))
    words = data[at : at + 4096].replace(b"\n", b" ").replace(b"\r", b" ") or b"word "
    return data[:at] + words * (600_000 // len(words)) + data[at:]


def deep_nesting(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """Thousands of opened groups, tags, quotes or brackets, in the markup the file has, never closed."""
    if data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf"):
        opened = b"{" * rng.choice([300, 5000, 100_000])
    elif b"<" in data:
        opened = rng.choice([b"<div>", b"<b>", b"<p><span>"]) * rng.choice([300, 5000, 50_000])
    else:
        opened = rng.choice([b"> ", b"[", b"- ", b"*"]) * rng.choice([300, 5000, 50_000])
    marks = [i + 1 for i, byte in enumerate(data) if byte in b">}\n"] or [0]
    at = rng.choice(marks)
    return data[:at] + opened + data[at:]


def header_only(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """What comes before the first blank line (a message's header block, an article's headline), or the first
    tenth of the file."""
    for blank in (b"\r\n\r\n", b"\n\n"):
        if blank in data:
            return data[: data.index(blank) + len(blank)]
    return data[: len(data) // 10]


def binary_tail(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data + rng.randbytes(rng.choice([16, 700, 20_000]))


def _members(data: bytes) -> dict[str, bytes] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    except (zipfile.BadZipFile, OSError):
        return None


def _repack(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def drop_member(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """A ZIP package without one of its members (a file cut from a broken upload); other files as they are."""
    members = _members(data)
    if not members:
        return data
    del members[rng.choice(sorted(members))]
    return _repack(members)


def damage_member(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """A ZIP package, valid as a ZIP, whose every XML member is damaged by another mutation (nested, cut, ...)."""
    members = _members(data)
    if not members:
        return data
    inner = rng.choice([truncate, cut_mid_tag, flip_bits, deep_nesting, nul_run, splice])
    return _repack({name: inner(rng, content, other) if name.endswith(".xml") else content for name, content in members.items()})


def damage_sectors(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """An OLE compound file whose FAT or directory lies: a sector chained to itself, to the start, to nowhere or past
    the end, or a stream's start sector or size made huge; other files as they are."""
    if not data.startswith(b"\xd0\xcf\x11\xe0") or len(data) < 1024:
        return data
    sectors = (len(data) - 512) // 512
    fat, directory = struct.unpack_from("<I", data, 76)[0], struct.unpack_from("<I", data, 48)[0]
    if rng.random() < 0.5 and fat < sectors:  # a FAT entry, chaining sector `entry`
        entry = rng.randrange(128)
        at, value = 512 + fat * 512 + 4 * entry, rng.choice([entry, 0, 0xFFFFFFFF, 0xFFFFFFFE, 0x7FFFFFFF, sectors + 5])
    elif directory < sectors:  # a directory entry's start sector or size
        at = 512 + directory * 512 + 128 * rng.randrange(4) + rng.choice([116, 120])
        value = rng.choice([0, 0x7FFFFFFF, 0xFFFFFFF0, sectors * 512 * 1000])
    else:
        return data
    return data[:at] + struct.pack("<I", value & 0xFFFFFFFF) + data[at + 4 :]


def wrong_boundary(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """A multipart message whose boundary is wrong: the header names another, one delimiter line is altered, or the
    closing delimiter is gone (bench/email_shapes.py's damage)."""
    return email_shapes.wrong_boundary(data, ("renamed", "altered", "unclosed")[rng.randrange(3)])


MUTATIONS: dict[str, Mutation] = {
    "truncate": truncate, "cut_mid_char": cut_mid_character, "cut_mid_tag": cut_mid_tag, "flip_bits": flip_bits,
    "insert_bytes": insert_bytes, "delete_bytes": delete_bytes, "splice": splice, "concatenate": concatenate,
    "nul_run": nul_run, "bom": toggle_bom, "crlf": crlf, "bare_cr": bare_cr, "huge_line": huge_line,
    "deep_nesting": deep_nesting, "header_only": header_only, "binary_tail": binary_tail,
    "drop_member": drop_member, "damage_member": damage_member, "wrong_boundary": wrong_boundary,
    "damage_sectors": damage_sectors,
}  # fmt: skip
# mutations that change only files of these formats
ONLY_FOR = {"drop_member": {"docx", "odt"}, "damage_member": {"docx", "odt"}, "wrong_boundary": {"email"},
           "damage_sectors": {"doc"}}  # fmt: skip
# mutations whose result does not depend on the RNG: one mutant a seed
FIXED = {"crlf", "bare_cr", "header_only"}


@dataclass(frozen=True)
class Mutant:
    seed: Seed
    mutation: str
    number: int
    data: bytes

    @property
    def name(self) -> str:
        return f"{self.seed.name}/{self.mutation}/{self.number}"


def mutants(all_seeds: list[Seed], per: int, rng_seed: int, mutations: list[str] | None = None) -> Iterator[Mutant]:
    """`per` mutants of each seed by each mutation (one for a fixed one), the same for the same rng_seed."""
    rng = random.Random(rng_seed)
    for seed in all_seeds:
        for mutation in mutations or list(MUTATIONS):
            if seed.format not in ONLY_FOR.get(mutation, {seed.format}):
                continue
            for number in range(1 if mutation in FIXED else per):
                other = rng.choice(all_seeds).data
                yield Mutant(seed, mutation, number, MUTATIONS[mutation](rng, seed.data, other))


class TimeLimit(BaseException):
    """Raised by the alarm in the middle of a step: a BaseException, so that no step takes it for bad input."""


def _alarm(signum, frame) -> None:
    raise TimeLimit


@dataclass
class Result:
    outcome: str  # documents, a quarantine reason, "exception" or "timeout"
    signature: str  # what must be the same when the same bytes are cleaned again
    seconds: float


def clean_once(data: bytes, folder: Path, limit: float) -> Result:
    """The bytes through clean_files as one file, under `limit` seconds of wall time."""
    path = folder / "mutant"
    path.write_bytes(data)
    source = SourceFile(str(path), "mutant", len(data))
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    start = time.perf_counter()
    try:
        outcome: Outcome = clean_files([source], [()], CleanOptions(), StepTimer())[0]
    except TimeLimit:
        return Result("timeout", "timeout", time.perf_counter() - start)
    except Exception as error:  # the contract: clean_files never raises for bad input
        return Result("exception", f"{type(error).__name__}: {error}", time.perf_counter() - start)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return Result(*describe(outcome), time.perf_counter() - start)


def describe(outcome: Outcome) -> tuple[str, str]:
    if isinstance(outcome, CleanDocument):
        parts = ",".join(f"{part.language}:{len(part.paragraphs)}" for part in outcome.parts)
        return "documents", f"{outcome.doc_id} {outcome.source_encoding} {outcome.page.source_format} {parts}"
    assert isinstance(outcome, Quarantined), outcome
    return outcome.reason, f"{outcome.reason}: {outcome.detail}"


@dataclass
class Tally:
    """What became of the mutants of one format x mutation."""

    mutants: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    slow: int = 0
    unstable: int = 0


@dataclass
class Report:
    tallies: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    problems: list[tuple[Mutant, str]] = field(default_factory=list)  # failed, exception, timeout, unstable
    slowest: list[tuple[float, str]] = field(default_factory=list)

    def add(self, mutant: Mutant, first: Result, second: Result) -> None:
        tally = self.tallies[mutant.seed.format, mutant.mutation]
        tally.mutants += 1
        tally.outcomes[first.outcome] += 1
        seconds = min(first.seconds, second.seconds)  # the file's own time, not a step's first use
        if seconds > SLOW_SECONDS:
            tally.slow += 1
            self.slowest.append((seconds, mutant.name))
        if first.outcome in ("failed", "exception", "timeout"):
            self.problems.append((mutant, first.signature))
        if first.signature != second.signature:
            tally.unstable += 1
            self.problems.append((mutant, f"unstable: {first.signature} | then {second.signature}"))


def fuzz(batch: Iterator[Mutant], limit: float) -> Report:
    """Each mutant cleaned twice: the outcomes, the problems, the slow files."""
    warm_up()  # as a worker starts: no mutant pays for a step's first use
    report = Report()
    with tempfile.TemporaryDirectory(prefix="fuzz-formats-") as folder:
        for mutant in batch:
            report.add(mutant, clean_once(mutant.data, Path(folder), limit), clean_once(mutant.data, Path(folder), limit))
    return report


def table(report: Report) -> str:
    rows = [
        "| format | mutation | mutants | documents | quarantined (reason: count) | failed | exceptions | timeouts "
        "| slow | unstable |",
        "| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    every = Tally()
    for tally in report.tallies.values():
        every.mutants += tally.mutants
        every.outcomes += tally.outcomes
        every.slow += tally.slow
        every.unstable += tally.unstable
    for (format_, mutation), tally in [*sorted(report.tallies.items()), (("all", "all"), every)]:
        outcomes = tally.outcomes
        reasons = ", ".join(
            f"{reason}: {count}"
            for reason, count in sorted(outcomes.items())
            if reason not in ("documents", "failed", "exception", "timeout")
        )
        rows.append(
            f"| {format_} | {mutation} | {tally.mutants} | {outcomes['documents']} | {reasons or '-'} | "
            f"{outcomes['failed']} | {outcomes['exception']} | {outcomes['timeout']} | {tally.slow} | {tally.unstable} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per", type=int, default=3, help="mutants of each seed by each random mutation")
    parser.add_argument("--seed", type=int, default=0, help="the RNG's seed: the same seed, the same mutants")
    parser.add_argument("--limit", type=float, default=10.0, help="seconds one file may take before it is a timeout")
    parser.add_argument("--mutation", action="append", choices=list(MUTATIONS), help="only these mutations")
    parser.add_argument("--save", type=Path, help="write each problem mutant here, to reproduce it")
    parser.add_argument("--format", action="append", help="only the seeds of these formats (pdf, docx, ...)")
    args = parser.parse_args()
    all_seeds = [seed for seed in seeds() if not args.format or seed.format in args.format]
    start = time.perf_counter()
    report = fuzz(mutants(all_seeds, args.per, args.seed, args.mutation), args.limit)
    total = sum(tally.mutants for tally in report.tallies.values())
    print(f"{len(all_seeds)} seeds, {total} mutants (--per {args.per} --seed {args.seed}), each cleaned twice, "
          f"{time.perf_counter() - start:.0f} s\n")  # fmt: skip
    print(table(report))
    print(f"\nproblems: {len(report.problems)}")
    for mutant, what in report.problems:
        print(f"  {mutant.name} ({len(mutant.data)} bytes): {what[:300]}")
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / mutant.name.replace("/", "__")).write_bytes(mutant.data)
    print("slowest:", ", ".join(f"{name} {seconds:.1f} s" for seconds, name in sorted(report.slowest, reverse=True)[:10]) or "-")


if __name__ == "__main__":
    main()
