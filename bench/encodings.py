"""Encoding detection accuracy per family and length, ours beside charset-normalizer's, and decode's cost.

    .venv/bin/python -m bench.encodings [--per-length 60] [--family cyrillic ...] [--baseline c105d59]

Inputs: bench/encoding_corpus.py's labelled set (held-out half of the NTREX articles in ../shared, encoded
into each code page of its family; texts a code page cannot represent are skipped and counted). Right = the
decoded text equals the original. charset-normalizer: `from_bytes(raw).best()`, its text compared the same way.
--baseline REV also scores the decoder of that git revision (the one before this rewrite) on the same inputs.
Then the time per document: decode over every NTREX article in UTF-8 (42 languages, 3 passes), and over
every fourth held-out article in its legacy code pages (one pass). Timings on a shared machine are noisy: run it twice.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import charset_normalizer

from bench.encoding_corpus import FAMILIES, LENGTHS, Labelled, articles, labelled, same_text
from tasks.model import Rejected
from tasks.steps.decode import decode

Decoder = Callable[[bytes], str | None]


def ours(raw: bytes) -> str | None:
    try:
        return decode(raw).text
    except Rejected:
        return None


def normalizer(raw: bytes) -> str | None:
    best = charset_normalizer.from_bytes(raw).best()
    return None if best is None else str(best)


def module_at(revision: str, path: str, name: str) -> ModuleType:
    """A module of the project as it was at an earlier git revision, loaded under `name`."""
    source = subprocess.run(["git", "show", f"{revision}:{path}"], capture_output=True, text=True, check=True).stdout
    file = Path(tempfile.mkdtemp()) / f"{name}.py"
    file.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, file)
    assert spec is not None and spec.loader is not None  # a .py file's
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def baseline(revision: str) -> Decoder:
    """The decoder of an earlier revision, loaded from git into a temporary module."""
    module = module_at(revision, "tasks/steps/decode.py", "decode_before")

    def before(raw: bytes) -> str | None:
        try:
            return module.decode(raw).text
        except Rejected:
            return None

    return before


def accuracy(decoders: dict[str, Decoder], families: tuple[str, ...] | None, per_length: int) -> None:
    right: dict[tuple[str, str, str], int] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    skipped: Counter[tuple[str, str, str]] = Counter()
    wrong: dict[str, Counter[str]] = defaultdict(Counter)
    for item in labelled(families, per_length):
        if not isinstance(item, Labelled):
            family, language, codec, _ = item
            skipped[family, language, codec] += 1
            continue
        total[item.family, item.length] += 1
        for name, decoder in decoders.items():
            text = decoder(item.raw)
            if text is not None and same_text(text, item.text, item.codec):
                right[name, item.family, item.length] += 1
            elif name == "ours":
                wrong[item.family][f"{item.codec}->{_ours_encoding(item.raw)}"] += 1
    names = list(decoders)
    header = f"{'family':<22}" + "".join(f"{length + ' n':>12}" + "".join(f"{n[:10]:>11}" for n in names) for length in LENGTHS)
    print(header)
    for family in FAMILIES:
        if families and family not in families:
            continue
        row = f"{family:<22}"
        for length in LENGTHS:
            n = total[family, length]
            row += f"{n:>12}" + "".join(f"{_share(right[name, family, length], n):>11}" for name in names)
        print(row)
    row = f"{'all':<22}"
    for length in LENGTHS:
        n = sum(count for (_, each), count in total.items() if each == length)
        row += f"{n:>12}" + "".join(
            f"{_share(sum(c for (nm, _, ln), c in right.items() if nm == name and ln == length), n):>11}" for name in names
        )
    print(row)
    print("\nour misses (codec -> what we said), by family:")
    for family, misses in wrong.items():
        print(f"  {family}: " + ", ".join(f"{k} {v}" for k, v in misses.most_common(6)))
    print("\nskipped (the code page cannot represent the text): " + ", ".join(
        f"{language} {codec} {count}" for (_, language, codec), count in sorted(skipped.items())
    ) or "none")  # fmt: skip


def _ours_encoding(raw: bytes) -> str:
    try:
        return decode(raw).encoding
    except Rejected as rejected:
        return rejected.reason


def _share(right: int, total: int) -> str:
    return f"{100 * right / total:.1f}%" if total else "-"


def timing(decoders: dict[str, Decoder]) -> None:
    languages = sorted(path.stem for path in Path(__file__).resolve().parents[2].joinpath(
        "shared", "corpus", "parallel", "ntrex128").glob("*.txt") if path.stem != "doc_ids")  # fmt: skip
    utf8 = ["\n".join(article).encode("utf-8") for language in languages for article in articles(language)]
    legacy = [item.raw for item in labelled(per_length=10**6) if isinstance(item, Labelled) and item.length == "article"]
    legacy = [raw for raw in legacy if not raw.isascii()][::4]
    print(f"\ntime per document (ms); {len(utf8)} NTREX articles in UTF-8 (3 passes), {len(legacy)} held-out in legacy")
    for name, decoder in decoders.items():
        if name == "charset-normalizer":
            continue
        figures = []
        for docs, passes in ((utf8, 3), (legacy, 1)):
            decoder(docs[0])
            start = time.perf_counter()
            for _ in range(passes):
                for raw in docs:
                    decoder(raw)
            figures.append(1000 * (time.perf_counter() - start) / (passes * len(docs)))
        print(f"  {name:<20} utf-8 {figures[0]:.3f}   legacy {figures[1]:.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-length", type=int, default=60, help="inputs per (language, codec, length)")
    parser.add_argument("--family", action="append", choices=list(FAMILIES))
    parser.add_argument("--baseline", help="git revision whose decoder to score too (e.g. c105d59)")
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--no-accuracy", action="store_true")
    args = parser.parse_args()
    decoders: dict[str, Decoder] = {"ours": ours, "charset-normalizer": normalizer}
    if args.baseline:
        decoders["before"] = baseline(args.baseline)
    families = tuple(args.family) if args.family else None
    if not args.no_accuracy:
        accuracy(decoders, families, args.per_length)
    if not args.no_timing:
        timing(decoders)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
