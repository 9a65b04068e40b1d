"""Damaged and hostile files in every format never crash a run: a fixed-seed sample of bench/fuzz_formats.py (NTREX
articles of ../shared/corpus in every format, each damaged by every mutation once), each mutant cleaned twice.
Every file ends as records or a quarantine reason, never `failed`, an exception or a hang, and the same bytes give
the same outcome. How long files take is the bench's to say; the time limit here only stops a hang."""

from __future__ import annotations

from collections import Counter

from bench.fuzz_formats import MUTATIONS, Report, fuzz, mutants, seeds

SEEDS_PER_FORMAT = 2
HANG_SECONDS = 30


def sample() -> Report:
    """The first SEEDS_PER_FORMAT seeds of each format (languages and code pages), each mutation once."""
    chosen, taken = [], Counter[str]()
    for seed in seeds():
        taken[seed.format] += 1
        if taken[seed.format] <= SEEDS_PER_FORMAT:
            chosen.append(seed)
    return fuzz(mutants(chosen, per=1, rng_seed=0), HANG_SECONDS)


def test_no_mutant_fails_raises_hangs_or_changes_outcome() -> None:
    report = sample()
    assert {format_ for format_, _ in report.tallies} == {
        "text", "html", "markdown", "nitf", "newsml", "json", "rtf", "docx", "odt", "doc", "email", "pdf"}  # fmt: skip
    assert {mutation for _, mutation in report.tallies} == set(MUTATIONS)
    assert sum(tally.mutants for tally in report.tallies.values()) >= 250
    assert [(mutant.name, what) for mutant, what in report.problems] == []
