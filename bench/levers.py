"""The levers of issue 7, each measured in this process on the benchmark corpus: the obvious way against ours.

- decode: charset-normalizer on every file (the obvious way) against strict
  UTF-8 first, then our checked guess (tasks/steps/decode.py);
- repair: ftfy on every document against the cheap check first (tasks/steps/repair.py),
  with a count of outputs that differ (must be 0);
- language: langdetect on every paragraph against the Unicode-script check
  first (tasks/steps/language.py, whatever detector it uses);
- a profile of the whole per-document pipeline (process_batch, one process):
  time per step and the functions that cost most.
"""

from __future__ import annotations

import cProfile
import pstats
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import charset_normalizer
import ftfy
from langdetect import DetectorFactory, LangDetectException, detect_langs

from tasks.inputs.discover import find_inputs
from tasks.model import Rejected
from tasks.pipeline import CleanOptions, StepTimer, clean_text, process_batch
from tasks.steps.decode import decode
from tasks.steps.language import identify_paragraphs
from tasks.steps.paragraphs import split_paragraphs
from tasks.steps.repair import REPAIR_CONFIG, might_change, repair, strip_hidden

DetectorFactory.seed = 0


def timed(function: Callable, items: Iterable) -> tuple[float, list]:
    started = time.perf_counter()
    results = [function(item) for item in items]
    return time.perf_counter() - started, results


def lever_lines(corpus: Path) -> list[str]:
    sources = list(find_inputs(str(corpus)))
    raws = [Path(source.path).read_bytes() for source in sources]
    lines = [f"levers, in one process over {len(raws)} files of {corpus.name}:"]
    lines += _decode_lines(raws)
    texts = [_cleanable(raw) for raw in raws]
    lines += _repair_lines([text for text in texts if text is not None])
    paragraphs = [_paragraphs(raw) for raw in raws]
    lines += _language_lines([p for p in paragraphs if p])
    lines += profile_lines(sources)
    return lines


def _row(name: str, seconds: float, count: int, unit: str) -> str:
    return f"  {name:44s} {seconds:8.3f} s  {seconds / max(count, 1) * 1e6:9.1f} µs/{unit}"


def _decode_lines(raws: list[bytes]) -> list[str]:
    obvious, _ = timed(lambda raw: charset_normalizer.from_bytes(raw).best(), raws)
    ours, decoded = timed(_decode_or_none, raws)
    utf8 = sum(1 for d in decoded if d is not None and d.encoding == "utf-8")
    return [
        _row("decode: charset-normalizer on every file", obvious, len(raws), "file"),
        _row(f"decode: strict UTF-8 first ({utf8} of {len(raws)} files)", ours, len(raws), "file") + f"  {obvious / ours:5.1f}x",
    ]


def _repair_lines(texts: list[str]) -> list[str]:
    everywhere, expected = timed(lambda text: ftfy.fix_and_explain(strip_hidden(text)[0], REPAIR_CONFIG).text, texts)
    fast, got = timed(lambda text: repair(text)[0], texts)
    sent = sum(might_change(strip_hidden(text)[0]) for text in texts)
    differ = sum(a != b for a, b in zip(expected, got, strict=True))
    return [
        _row("repair: ftfy on every document", everywhere, len(texts), "doc"),
        _row(f"repair: cheap check first ({sent} of {len(texts)} to ftfy)", fast, len(texts), "doc")
        + f"  {everywhere / fast:5.1f}x, outputs that differ: {differ}",
    ]


def _language_lines(documents: list[list[str]]) -> list[str]:
    flat = [paragraph for paragraphs in documents for paragraph in paragraphs]
    obvious, _ = timed(_langdetect, flat)
    ours, guesses = timed(identify_paragraphs, documents)
    by_detector = sum(1 for doc in guesses for guess in doc if guess.method == "langdetect")
    return [
        _row("language: langdetect on every paragraph", obvious, len(flat), "paragraph"),
        _row(f"language: script first ({by_detector} of {len(flat)} to a detector)", ours, len(flat), "paragraph")
        + f"  {obvious / ours:5.1f}x",
    ]


def profile_lines(sources: list, top: int = 12) -> list[str]:
    """cProfile of process_batch over every file, as a worker runs it; time per step and the costliest functions."""
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    result = process_batch(sources, {}, CleanOptions())
    profiler.disable()
    wall = time.perf_counter() - started
    total = sum(result.step_seconds.values())
    lines = [f"profile of process_batch over {len(sources)} files, one process: {wall:.2f} s under cProfile"]
    for step, seconds in sorted(result.step_seconds.items(), key=lambda item: -item[1]):
        lines.append(f"  step {step:12s} {seconds:8.3f} s  {100 * seconds / total:5.1f}%")
    stats = pstats.Stats(profiler)
    rows = sorted(stats.stats.items(), key=lambda item: -item[1][2])[:top]  # type: ignore[attr-defined]  # by own time (typeshed lacks .stats)
    for (filename, line, function), (_, calls, own, cumulative, _) in rows:
        where = f"{Path(filename).parent.name}/{Path(filename).name}:{line}({function})"
        lines.append(f"  {own:7.3f} s own {cumulative:7.3f} s cum {calls:9d} calls  {where[-90:]}")
    return lines


def _decode_or_none(raw: bytes):
    try:
        return decode(raw)
    except Rejected:
        return None


def _cleanable(raw: bytes) -> str | None:
    decoded = _decode_or_none(raw)
    return decoded.text if decoded else None


def _paragraphs(raw: bytes) -> list[str]:
    try:
        text, _, _ = clean_text(raw, CleanOptions(), StepTimer())
    except Rejected:
        return []
    return split_paragraphs(text)


def _langdetect(paragraph: str) -> str:
    try:
        return detect_langs(paragraph)[0].lang
    except LangDetectException:
        return "und"
