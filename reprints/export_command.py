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
from collections.abc import Iterator

from reprints import __version__
from reprints.commands import EXIT_FAILED, EXIT_OK, EXIT_USAGE, add_command, out_argument

FORMATS = ("moses", "tmx", "jsonl")
LEVELS = ("sentence", "paragraph")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


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
    by_pair = read_pairs(folder, args.level, args.min_score, args.pair)
    if not by_pair:
        print("reprints: no aligned pair matches", file=sys.stderr)
        return EXIT_FAILED
    os.makedirs(args.dest, exist_ok=True)
    for (left, right), units in by_pair.items():
        written = WRITERS[args.format](args.dest, left, right, units)
        print(f"  {left}-{right}: {len(units)} {args.level} pairs -> {', '.join(written)}")
    return EXIT_OK


def read_pairs(folder: str, level: str, min_score: float, pair: tuple[str, str] | None) -> dict[tuple[str, str], list[dict]]:
    """The links with text on both sides, per (source, target) language pair, each oriented that way and in
    document order."""
    import pyarrow.dataset as ds  # here, not at the top: `reprints --help` and ingest need not load it

    from tasks.output.records import pair_of

    dataset = ds.dataset(folder, format="parquet", partitioning="hive")
    condition = (ds.field("level") == level) & (ds.field("score") >= min_score)
    if pair:
        condition &= ds.field("pair") == pair_of(*pair)
    by_pair: dict[tuple[str, str], list[dict]] = {}
    for row in dataset.to_table(filter=condition).to_pylist():
        if not (row["src_text"] and row["tgt_text"]):
            continue
        orientation = pair or tuple(sorted((row["src_language"], row["tgt_language"])))
        by_pair.setdefault(orientation, []).append(oriented(row, orientation[0]))
    for units in by_pair.values():
        units.sort(key=lambda u: (u["source_path"], u["tgt_language"], u["src_paragraph_indices"], u["src_indices"]))
    return dict(sorted(by_pair.items()))


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


def write_moses(dest: str, left: str, right: str, units: list[dict]) -> list[str]:
    names = []
    for language, side in ((left, "src_text"), (right, "tgt_text")):
        name = f"{left}__{right}.{language}"
        with open(os.path.join(dest, name), "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(_one_line(unit[side]) + "\n" for unit in units)
        names.append(name)
    return names


def write_jsonl(dest: str, left: str, right: str, units: list[dict]) -> list[str]:
    name = f"{left}__{right}.jsonl"
    with open(os.path.join(dest, name), "w", encoding="utf-8", newline="\n") as handle:
        handle.writelines(json.dumps(_jsonl_record(unit), ensure_ascii=False) + "\n" for unit in units)
    return [name]


def _jsonl_record(unit: dict) -> dict:
    keep = ("doc_id", "source_path", "level", "src_language", "tgt_language", "src_text", "tgt_text", "score", "method")
    keep += ("src_indices", "tgt_indices", "src_paragraph_indices", "tgt_paragraph_indices")
    return {key: round(unit[key], 4) if key == "score" else unit[key] for key in keep}


def write_tmx(dest: str, left: str, right: str, units: list[dict]) -> list[str]:
    """TMX 1.4b: a header naming the source language, one <tu> per link, one <tuv xml:lang=...> per side."""
    import xml.etree.ElementTree as ET

    name = f"{left}__{right}.tmx"
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        creationtool="reprints",
        creationtoolversion=__version__,
        segtype="sentence" if units and units[0]["level"] == "sentence" else "paragraph",
        datatype="plaintext",
        adminlang="en",
        srclang=left,
        **{"o-tmf": "reprints"},
    )
    body = ET.SubElement(root, "body")
    for unit in _with_ids(units):
        tu = ET.SubElement(body, "tu", tuid=unit["tuid"])
        for prop, value in (
            ("x-doc_id", unit["doc_id"]),
            ("x-source_path", unit["source_path"]),
            ("x-score", f"{unit['score']:.4f}"),
        ):
            ET.SubElement(tu, "prop", type=prop).text = value
        for language, side in ((left, "src_text"), (right, "tgt_text")):
            ET.SubElement(ET.SubElement(tu, "tuv", {XML_LANG: language}), "seg").text = _one_line(unit[side])
    ET.indent(root)
    ET.ElementTree(root).write(os.path.join(dest, name), encoding="UTF-8", xml_declaration=True)
    return [name]


def _with_ids(units: list[dict]) -> Iterator[dict]:
    for number, unit in enumerate(units, 1):
        yield {**unit, "tuid": str(number)}


WRITERS = {"moses": write_moses, "tmx": write_tmx, "jsonl": write_jsonl}
