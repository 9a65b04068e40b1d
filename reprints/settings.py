"""Settings of `reprints ingest` from the command line, the environment and a config file.

Every option of `reprints ingest` is a setting, found from the argparse parser's own actions (its name, type,
choices and default), so an option added to the parser is a setting without more code:

- on the command line, `--batch-size 512`;
- in the environment, `REPRINTS_BATCH_SIZE=512` (a flag: `REPRINTS_FOLLOW_SYMLINKS=true`);
- in a config file, `batch-size = 512` (or `batch_size`) in `reprints.toml` in the working directory, or under
  `[tool.reprints]` in a `pyproject.toml` there; `--config PATH` (or `REPRINTS_CONFIG`) names another file.

Precedence: command line > environment > file > the parser's default. The layers become the parser's defaults
before it parses, so the command line wins by argparse's own rules and a bad value is a usage error naming where it
came from. `reprints config` prints the effective settings and where each came from.

>>> parser = argparse.ArgumentParser(prog="demo")
>>> _ = parser.add_argument("--batch-size", type=int, default=None)
>>> _ = parser.add_argument("--follow-symlinks", action="store_true")
>>> [(s.name, s.variable, s.flag) for s in settings_of(parser)]
[('batch_size', 'REPRINTS_BATCH_SIZE', False), ('follow_symlinks', 'REPRINTS_FOLLOW_SYMLINKS', True)]
>>> layers = Layers(environment={"REPRINTS_BATCH_SIZE": "512"}, file={"follow-symlinks": True}, file_path="reprints.toml")
>>> resolved = resolve(parser, [], layers)
>>> resolved.values["batch_size"], resolved.sources["batch_size"]
(512, 'environment REPRINTS_BATCH_SIZE')
>>> resolved.values["follow_symlinks"], resolved.sources["follow_symlinks"]
(True, 'file reprints.toml')
>>> resolve(parser, ["--batch-size", "64"], layers).sources["batch_size"]
'command line'
"""

from __future__ import annotations

import argparse
import functools
import inspect
import os
import tomllib
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ParamSpec, TypeVar, cast

PREFIX = "REPRINTS_"
CONFIG_FILE = "reprints.toml"
PYPROJECT = "pyproject.toml"
CONFIG_VARIABLE = "REPRINTS_CONFIG"
TRUE, FALSE = frozenset({"1", "true", "yes", "on"}), frozenset({"0", "false", "no", "off", ""})
_UNSET = object()
T = TypeVar("T")
P = ParamSpec("P")


class SettingsError(ValueError):
    """A setting from the environment or a config file that its option does not accept (a usage error)."""


@dataclass(frozen=True)
class Setting:
    """One option of the parser, seen as a setting."""

    name: str  # argparse's dest: the flow parameter of the same name takes it
    action: argparse.Action

    @property
    def variable(self) -> str:
        return PREFIX + self.name.upper()

    @property
    def flag(self) -> bool:
        """An option that takes no value (`--follow-symlinks`): true or false in the environment and files."""
        return self.action.nargs == 0

    def convert(self, value: object, where: str) -> object:
        """`value` as the command line would have given it; SettingsError naming `where` when it is not accepted."""
        if self.flag:
            return _boolean(value, where)
        if isinstance(value, list):  # a TOML array for a comma-separated option: languages = ["en", "fr"]
            value = ",".join(str(item) for item in value)
        text = str(value).lower() if isinstance(value, bool) else str(value)
        try:
            converted = self.action.type(text) if callable(self.action.type) else text
        except (argparse.ArgumentTypeError, TypeError, ValueError) as error:
            raise SettingsError(f"{where}={text!r}: {error or 'not accepted'}") from None
        if self.action.choices is not None and converted not in self.action.choices:
            choices = ", ".join(map(str, self.action.choices))
            raise SettingsError(f"{where}: {text!r} is not one of {choices}")
        return converted


@dataclass
class Layers:
    """What the environment and the config file say, before conversion."""

    environment: Mapping[str, str] = field(default_factory=dict)
    file: Mapping[str, Any] = field(default_factory=dict)
    file_path: str | None = None


@dataclass
class Resolved:
    """The effective value of each setting and where it came from."""

    values: dict[str, object]
    sources: dict[str, str]
    file_path: str | None = None


def settings_of(parser: argparse.ArgumentParser) -> list[Setting]:
    """The parser's options as settings, one per destination: help, version and --config are not settings; where
    several options share one destination (`-v`, `-q`, `--log-level`), the one that takes a value stands for it."""
    chosen: dict[str, argparse.Action] = {}
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._VersionAction) or action.dest in (argparse.SUPPRESS, "config"):
            continue
        if action.dest not in chosen or (chosen[action.dest].nargs == 0 and action.nargs != 0):
            chosen[action.dest] = action
    return [Setting(name, action) for name, action in chosen.items() if not _constant_only(action)]


def _constant_only(action: argparse.Action) -> bool:
    """A flag that stores a constant other than true (`-v` alone, without `--log-level`) is no setting."""
    return action.nargs == 0 and not isinstance(action, argparse._StoreTrueAction | argparse._StoreFalseAction)


def read_layers(config: str | None = None, environment: Mapping[str, str] | None = None) -> Layers:
    """The environment's REPRINTS_* variables and the config file: `config`, else $REPRINTS_CONFIG, else
    reprints.toml or pyproject.toml's [tool.reprints] in the working directory (FileNotFoundError for a named
    file that does not exist; SettingsError for one that is not TOML)."""
    environment = os.environ if environment is None else environment
    named = config or environment.get(CONFIG_VARIABLE)
    if named:
        path = Path(named)
        if not path.is_file():
            raise SettingsError(f"config file {named!r} does not exist")
        return Layers(environment, _table(path), str(path))
    for candidate in (Path(CONFIG_FILE), Path(PYPROJECT)):
        if candidate.is_file() and (table := _table(candidate)):
            return Layers(environment, table, str(candidate))
    return Layers(environment)


def _table(path: Path) -> dict[str, Any]:
    """The settings in one TOML file: all of reprints.toml (or its [ingest] table), pyproject's [tool.reprints]."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsError(f"config file {str(path)!r} is not valid TOML: {error}") from None
    if path.name == PYPROJECT:
        document = document.get("tool", {}).get("reprints", {})
    return document.get("ingest", document)


def resolve(parser: argparse.ArgumentParser, argv: list[str], layers: Layers) -> Resolved:
    """Parse `argv` with the environment's and the file's values as the parser's defaults; SettingsError for a key
    in the file that is no setting, or a value its option does not accept."""
    settings = settings_of(parser)
    layered, sources = _layered(settings, layers)
    with _defaults(parser, dict.fromkeys((s.name for s in settings), _UNSET)):
        given = vars(parser.parse_args(argv))
    with _defaults(parser, layered):
        values = vars(parser.parse_args(argv))
    for setting in settings:
        if given.get(setting.name, _UNSET) is not _UNSET:
            sources[setting.name] = "command line"
        sources.setdefault(setting.name, "default")
    return Resolved({s.name: values[s.name] for s in settings}, sources, layers.file_path)


def _layered(settings: list[Setting], layers: Layers) -> tuple[dict[str, object], dict[str, str]]:
    """The converted values of the file, then the environment over them, with their sources."""
    by_key = {s.name: s for s in settings}
    values: dict[str, object] = {}
    sources: dict[str, str] = {}
    for key, value in layers.file.items():
        setting = by_key.get(key.replace("-", "_"))
        if setting is None:
            known = ", ".join(sorted(s.name.replace("_", "-") for s in settings))
            raise SettingsError(f"config file {layers.file_path!r}: {key!r} is not a setting (settings: {known})")
        values[setting.name] = setting.convert(value, f"{key} in {layers.file_path}")
        sources[setting.name] = f"file {layers.file_path}"
    for setting in settings:
        if setting.variable in layers.environment:
            values[setting.name] = setting.convert(layers.environment[setting.variable], setting.variable)
            sources[setting.name] = f"environment {setting.variable}"
    return values, sources


@contextmanager
def _defaults(parser: argparse.ArgumentParser, defaults: Mapping[str, object]) -> Iterator[None]:
    """The parser's actions with these defaults for the duration."""
    saved = [(action, action.default) for action in parser._actions if action.dest in defaults]
    try:
        for action, _ in saved:
            action.default = defaults[action.dest]
        yield
    finally:
        for action, default in saved:
            action.default = default


def _boolean(value: object, where: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE | FALSE:
        return text in TRUE
    raise SettingsError(f"{where}: {value!r} is not true or false (1/0, true/false, yes/no, on/off)")


def add_config_option(parser: argparse.ArgumentParser) -> None:
    """`--config PATH` on a command whose options are settings."""
    parser.add_argument(
        "--config",
        metavar="PATH",
        default=None,
        help=f"read settings from this TOML file (default: ${CONFIG_VARIABLE}, else ./{CONFIG_FILE}, else "
        "[tool.reprints] in ./pyproject.toml); precedence: command line > REPRINTS_* environment > file > default",
    )


def config_path_in(argv: list[str]) -> str | None:
    """The value of --config in `argv`, before the parser runs (it decides the other options' defaults).

    >>> config_path_in(["raw", "--config", "a.toml"]), config_path_in(["--config=b.toml"]), config_path_in(["raw"])
    ('a.toml', 'b.toml', None)
    """
    for index, argument in enumerate(argv):
        if argument == "--":
            break
        if argument == "--config" and index + 1 < len(argv):
            return argv[index + 1]
        if argument.startswith("--config="):
            return argument.split("=", 1)[1]
    return None


def parse_args(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """`parser.parse_args(argv)`; for a command with --config (see add_config_option), with the environment's and the
    config file's settings as its defaults, and the resolved settings in `settings`. A setting its option does not
    accept is a usage error (exit 2) that names the variable or the file."""
    command = _command_parser(parser, argv)
    if command is None:
        return parser.parse_args(argv)
    sub, sub_argv = command
    try:
        resolved = resolve(sub, sub_argv, read_layers(config_path_in(sub_argv)))
    except SettingsError as error:
        sub.error(str(error))
    with _defaults(sub, resolved.values):
        args = parser.parse_args(argv)
    args.settings = resolved
    return args


def _command_parser(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[argparse.ArgumentParser, list[str]] | None:
    """The sub-command's parser and its arguments, when the command takes settings (it has --config)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for index, argument in enumerate(argv):
                sub = action.choices.get(argument)
                if sub is not None:
                    has_config = any("--config" in a.option_strings for a in sub._actions)
                    return (sub, argv[index + 1 :]) if has_config else None
    return None


def flow_overrides(given: Mapping[str, object], parameters: Collection[str]) -> dict[str, object]:
    """The settings of `reprints ingest` from this process's environment and config file, for the flow `parameters`
    not `given` (or given as null): what a deployment or its run sets wins. Options that are no flow parameter
    (--json, --log-level) are left out."""
    from reprints.cli import build_parser

    command = _command_parser(build_parser(), ["ingest"])
    assert command is not None, "reprints ingest takes --config"
    layered, _ = _layered(settings_of(command[0]), read_layers())
    return {name: value for name, value in layered.items() if name in parameters and given.get(name) is None}


def deployment_settings(function: Callable[P, T]) -> Callable[P, T]:
    """Decorate a flow's function (under @flow): a run of a deployment takes the worker's REPRINTS_* variables and
    config file (docs/deploy.md) for the parameters that neither the deployment nor the run sets. Other calls (the
    CLI, which resolved them already, or Python) pass through."""
    signature = inspect.signature(function, eval_str=True)
    parameters = list(signature.parameters)

    @functools.wraps(function)
    def with_settings(*args: P.args, **kwargs: P.kwargs) -> T:
        from prefect.context import FlowRunContext

        context = FlowRunContext.get()
        run = context.flow_run if context else None
        if run is None or not run.deployment_id:
            return function(*args, **kwargs)
        call = signature.bind(*args, **kwargs)  # Prefect passes them by position
        try:  # the run's own parameters (the deployment's and the run's), not those Prefect filled with defaults
            call.arguments.update(flow_overrides(run.parameters or {}, parameters))
        except SettingsError as error:
            raise ValueError(f"reprints settings: {error}") from None
        return cast(Callable[..., T], function)(*call.args, **call.kwargs)  # the same call, bound anew

    # Prefect validates parameters against the signature; with its annotations evaluated here, in the flow
    # module's namespace, not in this one's (`from __future__ import annotations` leaves them as strings)
    with_settings.__signature__ = signature  # type: ignore[attr-defined]
    return with_settings
