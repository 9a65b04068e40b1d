"""Settings of `reprints ingest` from REPRINTS_* variables and config files (reprints/settings.py), and `reprints config`.

Each test parses with the real `reprints` parser in a folder of its own (the config file is looked up in the working
directory); nothing runs a flow here (tests/test_deployment.py runs one that takes its settings from the worker).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from reprints import settings
from reprints.cli import EXIT_OK, EXIT_USAGE, build_parser, main


@pytest.fixture(autouse=True)
def clean_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory without config files, and no REPRINTS_* variable from outside."""
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith(settings.PREFIX)]:
        monkeypatch.delenv(name)
    return tmp_path


def parse(*argv: str) -> argparse.Namespace:
    return settings.parse_args(build_parser(), ["ingest", *argv])


def usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_:
        settings.parse_args(build_parser(), argv)
    assert exit_.value.code == EXIT_USAGE
    return capsys.readouterr().err


def test_without_environment_or_file_the_parser_defaults_stand() -> None:
    args = parse()
    given = (args.raw, args.out, args.runner, args.batch_size, args.follow_symlinks)
    assert given == ("raw", "processed", "process", None, False)
    assert set(args.settings.sources.values()) == {"default"}


def test_environment_variables_set_every_kind_of_option(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "RAW": "in",
        "RUNNER": "thread",
        "BATCH_SIZE": "64",
        "FLUSH_MB": "0.5",
        "LANGUAGES": "fr,en",
        "FOLLOW_SYMLINKS": "yes",
        "LOG_LEVEL": "info",
    }.items():
        monkeypatch.setenv(f"REPRINTS_{name}", value)
    args = parse()
    assert (args.raw, args.runner, args.batch_size, args.flush_mb) == ("in", "thread", 64, 0.5)
    assert (args.languages, args.follow_symlinks, args.log_level) == (["en", "fr"], True, "INFO")
    assert args.settings.sources["batch_size"] == "environment REPRINTS_BATCH_SIZE"


def test_precedence_is_command_line_then_environment_then_file_then_default(
    clean_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean_folder.joinpath("reprints.toml").write_text('batch-size = 8\nworkers = 3\nhtml = "text"\n', encoding="utf-8")
    monkeypatch.setenv("REPRINTS_WORKERS", "5")
    monkeypatch.setenv("REPRINTS_HTML", "raw")
    args = parse("--html", "article")
    assert (args.batch_size, args.workers, args.html, args.limit) == (8, 5, "article", None)
    sources = args.settings.sources
    assert (sources["batch_size"], sources["workers"], sources["html"], sources["limit"]) == (
        "file reprints.toml",
        "environment REPRINTS_WORKERS",
        "command line",
        "default",
    )


def test_the_file_takes_toml_types_and_either_spelling_of_a_name(clean_folder: Path) -> None:
    clean_folder.joinpath("reprints.toml").write_text(
        'max_bytes = 1000\nlanguages = ["zh-Hant", "en"]\nfollow-symlinks = true\nraw = "incoming"\n', encoding="utf-8"
    )
    args = parse()
    assert (args.max_bytes, args.languages, args.follow_symlinks, args.raw) == (1000, ["en", "zh-Hant"], True, "incoming")


def test_pyproject_tool_reprints_and_a_named_config_file(clean_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clean_folder.joinpath("pyproject.toml").write_text('[project]\nname = "x"\n[tool.reprints]\nlimit = 7\n', encoding="utf-8")
    assert parse().limit == 7
    clean_folder.joinpath("team.toml").write_text("limit = 9\n", encoding="utf-8")
    assert parse("--config", "team.toml").limit == 9
    monkeypatch.setenv("REPRINTS_CONFIG", "team.toml")
    assert parse().settings.file_path == "team.toml"


def test_bad_settings_are_usage_errors_that_say_where(
    clean_folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REPRINTS_BATCH_SIZE", "0")
    assert "REPRINTS_BATCH_SIZE='0'" in usage_error(["ingest"], capsys)
    monkeypatch.delenv("REPRINTS_BATCH_SIZE")
    monkeypatch.setenv("REPRINTS_RUNNER", "cluster")
    assert "REPRINTS_RUNNER" in usage_error(["ingest"], capsys)
    monkeypatch.delenv("REPRINTS_RUNNER")
    clean_folder.joinpath("reprints.toml").write_text("batchsize = 8\n", encoding="utf-8")
    message = usage_error(["ingest"], capsys)
    assert "'batchsize' is not a setting" in message and "batch-size" in message
    assert "does not exist" in usage_error(["ingest", "--config", "missing.toml"], capsys)


def test_an_option_added_to_ingest_later_is_a_setting_without_more_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """What another change adds to `reprints ingest` (a threshold, a flag) is read from the environment too: the
    options added after the settings layer (--boilerplate-min-docs, --debug) and one added here."""
    parser = build_parser()
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    ingest = commands.choices["ingest"]
    ingest.add_argument("--later-threshold", type=float, default=0.5, help="a later option")
    monkeypatch.setenv("REPRINTS_LATER_THRESHOLD", "0.8")
    monkeypatch.setenv("REPRINTS_BOILERPLATE_MIN_DOCS", "7")
    monkeypatch.setenv("REPRINTS_DEBUG", "1")
    args = settings.parse_args(parser, ["ingest"])
    assert (args.later_threshold, args.boilerplate_min_docs, args.debug) == (0.8, 7, True)


def test_flow_overrides_fill_only_what_a_deployment_run_leaves_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPRINTS_WORKERS", "2")
    monkeypatch.setenv("REPRINTS_RAW", "elsewhere")
    monkeypatch.setenv("REPRINTS_LIMIT", "4")
    monkeypatch.setenv("REPRINTS_JSON", "true")  # no flow parameter
    given = {"raw": "raw", "out": "processed", "workers": None}
    assert settings.flow_overrides(given, ["raw", "out", "workers", "limit"]) == {"workers": 2, "limit": 4}


def test_reprints_config_prints_each_setting_and_where_it_came_from(
    clean_folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_folder.joinpath("reprints.toml").write_text("limit = 3\n", encoding="utf-8")
    monkeypatch.setenv("REPRINTS_RUNNER", "thread")
    assert main(["config", "--workers", "2"]) == EXIT_OK
    lines = {line.split()[0]: line.split(maxsplit=2)[1:] for line in capsys.readouterr().out.splitlines()[1:]}
    assert lines["limit"] == ["3", "file reprints.toml"]
    assert lines["runner"] == ['"thread"', "environment REPRINTS_RUNNER"]
    assert lines["workers"] == ["2", "command line"]
    assert lines["batch-size"][0] == "(unset)" and lines["batch-size"][1].startswith("default: 1024 with process")


def test_reprints_config_says_what_a_run_does_with_a_setting_left_unset(
    clean_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unset setting shows the default its --help states, and those are the defaults the code runs with."""
    from tasks.inputs.read import DEFAULT_MAX_BYTES, DEFAULT_MAX_LINE_CHARS
    from tasks.output.sink import DEFAULT_FLUSH_MB
    from tasks.steps.html import DEFAULT_HTML_MODE

    assert main(["config", "--html", "text"]) == EXIT_OK
    lines = {line.split()[0]: line.split(maxsplit=2)[1:] for line in capsys.readouterr().out.splitlines()[1:]}
    assert lines["html"] == ['"text"', "command line"]
    assert lines["max-bytes"] == ["(unset)", "default: 64 MiB"] and DEFAULT_MAX_BYTES == 64 * 2**20
    assert lines["max-line-chars"] == ["(unset)", f"default: {DEFAULT_MAX_LINE_CHARS}"]
    assert lines["flush-mb"] == ["(unset)", f"default: {DEFAULT_FLUSH_MB}"]
    assert DEFAULT_HTML_MODE == "article"
    assert main(["config"]) == EXIT_OK
    assert "default: article" in capsys.readouterr().out
    assert lines["limit"] == ["(unset)", "default"]  # no default said: every file
