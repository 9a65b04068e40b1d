"""Mojibake repair: ftfy's own real-world test cases, and UTF-8 read through cp1252 that lost its undefined bytes.

    .venv/bin/python -m bench.mojibake [--ftfy-cases /work/ftfy-cases/test_cases.json]

1. ftfy's test cases (tests/test_cases.json of ftfy 6.3.1's source distribution, fetched outside the project):
   repair() against each case's `fixed-encoding` (or `fixed`), NFC. Our configuration keeps curly quotes and
   fullwidth forms, so the encoding-only expectation is the one that applies; cases whose expectation differs
   from our policy (HTML entities decoded, C0 controls removed) are counted apart, as are ftfy's known failures.
2. Held-out NTREX lines (second half of the articles) in ja, zh-Hans, zh-Hant, ko, encoded in UTF-8 and read
   through cp1252 three ways: undefined bytes kept as C1 controls (Latin-1 style), replaced by U+FFFD, dropped.
   Exact lines after repair(), characters right, and lines with mojibake left (a UTF-8 lead read as cp1252).
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from pathlib import Path

from bench.encoding_corpus import held_out_half
from tasks.steps.lost_bytes import HINT
from tasks.steps.repair import repair

POLICY = {  # ftfy cases whose expected output our configuration deliberately differs from
    "HTML entity on top of UTF-8 / Latin-1": "we decode HTML entities (unescape_html=True)",
    "Synthetic, negative: don't leak our internal use of byte 0x1A": "we remove C0 controls",
    "Synthetic, negative: U+1A on its own": "we remove C0 controls",
}


def ftfy_cases(path: Path) -> None:
    cases = json.loads(path.read_text(encoding="utf-8"))
    groups: dict[str, list[bool]] = {"expected to pass": [], "our policy differs": [], "ftfy's known failures": []}
    misses = []
    for case in cases:
        want = unicodedata.normalize("NFC", case.get("fixed-encoding", case["fixed"]))
        got, _ = repair(case["original"])
        group = "our policy differs" if case["label"] in POLICY else (
            "expected to pass" if case["expect"] == "pass" else "ftfy's known failures")  # fmt: skip
        groups[group].append(got == want)
        if got != want and group == "expected to pass":
            misses.append((case["label"], want, got))
    print(f"ftfy test cases ({path}), exact match with fixed-encoding/fixed, NFC:")
    for group, results in groups.items():
        print(f"  {group:<24} {sum(results):>4} / {len(results):<4} {100 * sum(results) / max(1, len(results)):.1f}%")
    for label, want, got in misses:
        print(f"    miss: {label}\n      want {want[:90]!r}\n      got  {got[:90]!r}")


def lossy(text: str, mode: str) -> str:
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes((byte,)).decode("cp1252"))
        except UnicodeDecodeError:
            out.append({"c1": chr(byte), "fffd": "\ufffd", "drop": ""}[mode])
    return "".join(out)


def lost_bytes(per_language: int) -> None:
    print(f"\nUTF-8 read through cp1252, held-out NTREX lines ({per_language} a language): exact / chars right / mojibake left")
    for language in ("ja", "zh-Hans", "zh-Hant", "ko"):
        lines = [line for article in held_out_half(language) for line in article][:per_language]
        row = f"  {language:<8}"
        for mode in ("c1", "fffd", "drop"):
            exact = right = total = left = 0
            for line in lines:
                got, _ = repair(lossy(line, mode))
                exact += got == line
                right += sum(a == b for a, b in zip(got, line, strict=False)) if len(got) == len(line) else 0
                total += len(line)
                left += bool(HINT.search(got))
            row += f"  {mode:>4}: {100 * exact / len(lines):5.1f}% {100 * right / total:5.1f}% {left:>3}"
        print(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ftfy-cases", type=Path, default=Path("/work/ftfy-cases/test_cases.json"))
    parser.add_argument("--per-language", type=int, default=300)
    args = parser.parse_args()
    if args.ftfy_cases.exists():
        ftfy_cases(args.ftfy_cases)
    else:
        print(f"no {args.ftfy_cases}: ftfy's tests/test_cases.json (from its sdist) is needed for part 1")
    lost_bytes(args.per_language)


if __name__ == "__main__":
    main()
