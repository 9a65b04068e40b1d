"""`reprints export alignments OUT DEST`: the aligned pairs of OUT/alignments in the formats MT tools load.

Moses (two plain-text files per language pair, line N of one the translation of line N of the other), TMX 1.4b
and JSON Lines, as OPUS distributes them. Only links with text on both sides are exported (a 1-0 or 0-1 link
has nothing to pair). See docs/alignment.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator
from itertools import chain
from xml.sax.saxutils import escape, quoteattr

from reprints import __version__
from reprints.commands import EXIT_FAILED, EXIT_OK, EXIT_USAGE, add_command, out_argument

FORMATS = ("moses", "tmx", "jsonl")
EXPORTED: tuple[str, ...]  # the columns read, every one of them in a JSON Lines record
EXPORTED = ("doc_id", "source_path", "level", "src_language", "tgt_language", "src_text", "tgt_text", "score", "method")
EXPORTED += ("src_indices", "tgt_indices", "src_paragraph_indices", "tgt_paragraph_indices")
BATCH_ROWS = 4096  # rows read at a time: a few MB
LEVELS = ("sentence", "paragraph")


SUMMARY = "write the aligned pairs of OUT/alignments as Moses text, TMX or JSON Lines"
DESCRIPTION = (
    "Write the aligned sentence (or paragraph) pairs of OUT/alignments into DEST, one file (Moses: two) per language "
    "pair, named after the pair (en__zh-Hant.en and en__zh-Hant.zh-Hant, en__zh-Hant.tmx, en__zh-Hant.jsonl). Only "
    "links with text on both sides are written. Exit 0 when pairs were written, 1 when none matched, 2 when OUT has "
    "no alignments. Details: docs/alignment.md."
)


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_command(commands, "export", SUMMARY, DESCRIPTION, run)
    parser.add_argument("dataset", choices=("alignments",), help="what to export: alignments")
    out_argument(parser, optional=False)
    parser.add_argument("dest", help="folder to write into (created if missing)")
    parser.add_argument("--format", choices=FORMATS, required=True, help="moses, tmx (TMX 1.4b) or jsonl")
    parser.add_argument(
        "--pair",
        type=_pair,
        help="one language pair, e.g. en,zh-Hant: its first language is the source side (default: every pair, "
        "its tags in sorted order)",
    )
    parser.add_argument("--min-score", type=float, default=0.0, help="leave out links scored below this (0 to 1)")
    parser.add_argument("--level", choices=LEVELS, default="sentence", help="sentence pairs (default) or paragraph pairs")


def _pair(value: str) -> tuple[str, str]:
    tags = [tag.strip() for tag in value.split(",")]
    if len(tags) != 2 or not all(tags) or tags[0] == tags[1]:
        raise argparse.ArgumentTypeError(f"a pair is two different language tags, e.g. en,zh-Hant, not {value!r}")
    return tags[0], tags[1]


def run(args: argparse.Namespace) -> int:
    folder = os.path.join(args.out, "alignments")
    if not os.path.isdir(folder):
        print(f"reprints: no alignments under {args.out!r} (expected {folder}/)", file=sys.stderr)
        return EXIT_USAGE
    exported = 0
    for (left, right), units in pair_units(folder, args.level, args.min_score, args.pair):
        first = next(units, None)
        if first is None:
            continue
        os.makedirs(args.dest, exist_ok=True)
        counted = _Counted(chain([first], units))
        written = WRITERS[args.format](args.dest, left, right, args.level, counted)
        print(f"  {left}-{right}: {counted.count} {args.level} pairs -> {', '.join(written)}")
        exported += counted.count
    if not exported:
        print("reprints: no aligned pair matches", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def pair_units(
    folder: str, level: str, min_score: float, pair: tuple[str, str] | None
) -> Iterator[tuple[tuple[str, str], Iterator[dict]]]:
    """Per (source, target) language pair, its links with text on both sides, each oriented that way, read a batch at
    a time (memory stays that of a batch, whatever OUT holds: a list of every row took 3.5 KB a row). They come in the
    order OUT holds them: file by file (in path order), each document's links in document order."""
    import pyarrow.dataset as ds  # here, not at the top: `reprints --help` and ingest need not load it

    from tasks.output.records import pair_of

    dataset = ds.dataset(folder, format="parquet", partitioning="hive")
    in_pair = ds.field("pair") == pair_of(*pair) if pair else None
    by_pair: dict[tuple[str, str], list] = {}
    for fragment in dataset.get_fragments(filter=in_pair):
        tags = ds.get_partition_keys(fragment.partition_expression)["pair"].split("__")
        by_pair.setdefault(pair or (tags[0], tags[1]), []).append(fragment)
    condition = (ds.field("level") == level) & (ds.field("score") >= min_score)
    for orientation, fragments in sorted(by_pair.items()):
        yield orientation, _oriented_units(sorted(fragments, key=lambda fragment: fragment.path), condition, orientation[0])


def _oriented_units(fragments: list, condition: object, source_language: str) -> Iterator[dict]:
    for fragment in fragments:
        for batch in fragment.to_batches(columns=list(EXPORTED), filter=condition, batch_size=BATCH_ROWS):
            for row in batch.to_pylist():
                if row["src_text"] and row["tgt_text"]:
                    yield oriented(row, source_language)


def oriented(row: dict, source_language: str) -> dict:
    """The row with its source side in `source_language` (src_* and tgt_* swapped if need be)."""
    if row["src_language"] == source_language:
        return row
    swapped = dict(row)
    for name in ("language", "indices", "paragraph_indices", "text"):
        swapped[f"src_{name}"], swapped[f"tgt_{name}"] = row[f"tgt_{name}"], row[f"src_{name}"]
    return swapped


def _one_line(text: str) -> str:
    """A unit on one line, as Moses files need: paragraph breaks and line breaks become spaces."""
    return " ".join(text.split())


class _Counted:
    """The units, counted as a writer takes them."""

    def __init__(self, units: Iterable[dict]) -> None:
        self.units, self.count = units, 0

    def __iter__(self) -> Iterator[dict]:
        for unit in self.units:
            self.count += 1
            yield unit


def write_moses(dest: str, left: str, right: str, level: str, units: Iterable[dict]) -> list[str]:
    names = [f"{left}__{right}.{left}", f"{left}__{right}.{right}"]
    with (
        open(os.path.join(dest, names[0]), "w", encoding="utf-8", newline="\n") as source,
        open(os.path.join(dest, names[1]), "w", encoding="utf-8", newline="\n") as target,
    ):
        for unit in units:
            source.write(_one_line(unit["src_text"]) + "\n")
            target.write(_one_line(unit["tgt_text"]) + "\n")
    return names


def write_jsonl(dest: str, left: str, right: str, level: str, units: Iterable[dict]) -> list[str]:
    name = f"{left}__{right}.jsonl"
    with open(os.path.join(dest, name), "w", encoding="utf-8", newline="\n") as handle:
        handle.writelines(json.dumps(_jsonl_record(unit), ensure_ascii=False) + "\n" for unit in units)
    return [name]


def _jsonl_record(unit: dict) -> dict:
    return {key: round(unit[key], 4) if key == "score" else unit[key] for key in EXPORTED}


def write_tmx(dest: str, left: str, right: str, level: str, units: Iterable[dict]) -> list[str]:
    """TMX 1.4b: a header naming the source language, one <tu> per link, one <tuv xml:lang=...> per side. Written as
    text, a <tu> at a time (an XML tree of every link would hold them all)."""
    name = f"{left}__{right}.tmx"
    header = {"creationtool": "reprints", "creationtoolversion": __version__, "segtype": level, "datatype": "plaintext"}
    header |= {"adminlang": "en", "srclang": left, "o-tmf": "reprints"}
    with open(os.path.join(dest, name), "w", encoding="utf-8", newline="\n") as handle:
        handle.write(f"<?xml version='1.0' encoding='UTF-8'?>\n<tmx version=\"1.4\">\n  <header{_attributes(header)} />\n")
        handle.write("  <body>\n")
        handle.writelines(_tu(number, unit, left, right) for number, unit in enumerate(units, 1))
        handle.write("  </body>\n</tmx>\n")
    return [name]


def _tu(number: int, unit: dict, left: str, right: str) -> str:
    props = (("x-doc_id", unit["doc_id"]), ("x-source_path", unit["source_path"]), ("x-score", f"{unit['score']:.4f}"))
    lines = [f'    <tu tuid="{number}">']
    lines += [f"      <prop type={quoteattr(kind)}>{escape(value)}</prop>" for kind, value in props]
    for language, side in ((left, "src_text"), (right, "tgt_text")):
        seg = escape(_one_line(unit[side]))
        lines += [f"      <tuv xml:lang={quoteattr(language)}>", f"        <seg>{seg}</seg>", "      </tuv>"]
    return "\n".join([*lines, "    </tu>\n"])


def _attributes(values: dict[str, str]) -> str:
    return "".join(f" {key}={quoteattr(value)}" for key, value in values.items())


WRITERS = {"moses": write_moses, "tmx": write_tmx, "jsonl": write_jsonl}
