"""The configuration file (`.compliance.yaml` at the scan root, or `--config FILE`).

Each key gives the default of a `scan` option; an option given on the command line (or
through its environment variable) wins. Schema: compliance/schemas/config.schema.json.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from compliance.config.yaml_files import ConfigError, YamlFile, load_yaml, validate

CONFIG_FILE = ".compliance.yaml"

# configuration key -> name of the `scan` parameter it sets
OPTION_OF_KEY = {
    "frameworks": "frameworks",
    "controls_dirs": "controls_dirs",
    "fail_on": "fail_on",
    "format": "output_format",
    "skip_paths": "skip_paths",
    "checks": "checks",
    "skip_checks": "skip_checks",
    "var_files": "var_files",
    "helm_values": "helm_values",
    "waivers": "waivers_file",
    "max_file_size": "max_file_size",
    "record": "record",
    "db": "db",
    "fail_on_unscanned": "fail_on_unscanned",
    "download_modules": "download_modules",
}
_PATH_LISTS = {"var_files", "controls_dirs", "helm_values"}
# What a configuration file found in the scanned tree may not set: it is data from whoever
# can change the repository, and these reach beyond it.
REPOSITORY_REFUSED = {
    "db": "a repository's configuration file may not name a database (it would receive the "
          "runner's credentials); give --db or COMPLIANCE_DB",
    # it would make the runner connect to hosts the repository names and, through git::file://
    # sources, copy repositories from the runner's disk into the report
    "download_modules": "a repository's configuration file may not turn on module downloads "
                        "(the runner would fetch from hosts and paths the repository names); "
                        "give --download-modules, or download_modules in a --config file",
}
_PATHS = {"waivers"}


def parse_size(value: str | int) -> int:
    """`5M`, `512K`, `1G`, `1000` (bytes) -> bytes; ValueError when it is none of these."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    match = re.fullmatch(r"\s*(\d+)\s*([kKmMgG]?)[bB]?\s*", str(value))
    if not match:
        raise ValueError("use a number of bytes, optionally with K, M or G (e.g. 5M)")
    number, unit = match.groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit.lower()]


@dataclass
class Config:
    """The project's configuration file, checked, and which of its keys were used."""

    file: str | None = None  # as named in messages; None: no configuration file
    values: dict[str, Any] = field(default_factory=dict)  # key -> checked, converted value
    document: YamlFile | None = None
    applied: set[str] = field(default_factory=set)  # keys whose value `resolve` used

    def line_of(self, key: str) -> int | None:
        return self.document.line_of((key,)) if self.document else None

    def error(self, key: str, message: str) -> ConfigError:
        return ConfigError(self.file or "configuration", [(self.line_of(key), message)])

    def resolve(self, ctx: click.Context) -> dict[str, Any]:
        """The value of every `scan` parameter: from the command line (or its environment
        variable) when given there, else from this file, else the option's default.

        Keys whose option the command does not have (yet) are left in `values`."""
        params = dict(ctx.params)
        for key, value in self.values.items():
            name = OPTION_OF_KEY[key]
            if name not in params:
                continue
            source = ctx.get_parameter_source(name)
            if source in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT):
                continue
            params[name] = value
            self.applied.add(key)
        return params


def find_config(root: Path) -> Path | None:
    candidate = root / CONFIG_FILE
    return candidate if candidate.is_file() else None


def load_config(path: Path, choices: dict[str, list[str]] | None = None,
                confined_to: Path | None = None, base_dir: Path | None = None,
                name: str | None = None) -> Config:
    """Read and check a configuration file; ConfigError (file and line) when it is wrong.

    `choices` maps a key to its allowed values where the command decides them (`format`:
    the formats `scan` offers, which grow as reporters are added). `confined_to` is the scan
    root when the file was found in the scanned tree rather than named by whoever runs the
    scan: it is data from the repository, so it may not name a database, and every file it
    names must lie inside that root. Paths are relative to `base_dir` (default: the file's
    folder); `name` is how messages cite the file."""
    document = load_yaml(path, name)
    config = Config(document.file, {}, document)
    if document.value is None:
        return config
    validate(document, "config.schema.json")
    base = (base_dir or path.resolve().parent).resolve()
    problems: list[tuple[int | None, str]] = []
    for key, value in document.value.items():
        allowed = (choices or {}).get(key)
        if allowed is not None:
            wrong = [v for v in (value if isinstance(value, list) else [value]) if v not in allowed]
            if wrong:
                problems.append((config.line_of(key), f"{key}: {wrong[0]!r} is not one of "
                                                      f"{', '.join(allowed)}"))
                continue
        if confined_to is not None and key in REPOSITORY_REFUSED:
            problems.append((config.line_of(key), f"{key}: {REPOSITORY_REFUSED[key]}"))
            continue
        if confined_to is not None and key in _PATH_LISTS | _PATHS:
            named = [value] if key in _PATHS else list(value)
            outside = [i for i, item in enumerate(named)
                       if not (base / item).resolve().is_relative_to(confined_to.resolve())]
            if outside:
                where = (key,) if key in _PATHS else (key, outside[0])
                problems.append((document.line_of(where), f"{key}: {named[outside[0]]} is outside "
                                 "the scanned folder; a repository's configuration file may only "
                                 "name files inside it"))
                continue
        if key in _PATH_LISTS:
            value = tuple(base / item for item in value)
            exists = Path.is_dir if key == "controls_dirs" else Path.is_file
            missing = [i for i, p in enumerate(value) if not exists(p)]
            if missing:
                kind = "folder" if key == "controls_dirs" else "file"
                problems.append((document.line_of((key, missing[0])),
                                 f"{key}: no such {kind} {value[missing[0]]}"))
                continue
        elif key in _PATHS:
            value = base / value
            if not value.is_file():
                problems.append((config.line_of(key), f"{key}: no such file {value}"))
                continue
        elif key == "db" and "://" not in value:  # a SQLite file, relative to this file
            value = str(base / value)
        elif key in ("skip_paths", "checks", "skip_checks"):
            value = tuple(value)
        elif key == "max_file_size":
            try:
                value = parse_size(value)
            except ValueError as exc:
                problems.append((config.line_of(key), f"{key}: {exc}"))
                continue
        config.values[key] = tuple(value) if isinstance(value, list) else value
    if problems:
        raise ConfigError(document.file, problems)
    return config
