"""Small YAML files the user writes to steer a scan (`.compliance.yaml`, the waivers file),
read with the line of every key and validated against a JSON Schema.

Every problem is a `ConfigError` that names the file and the line, so the command can say
exactly what to fix and exit 2.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compliance import schema_text
from compliance.model import Unknown, format_path


class ConfigError(Exception):
    """A configuration file is wrong: one or more (line, message) problems in `file`."""

    def __init__(self, file: str, problems: list[tuple[int | None, str]]):
        self.file = file
        self.problems = sorted(problems, key=lambda p: (p[0] or 0, p[1]))
        super().__init__(str(self))

    def lines(self) -> list[str]:
        return [f"{self.file}:{line}: {message}" if line else f"{self.file}: {message}"
                for line, message in self.problems]

    def __str__(self) -> str:
        return "\n".join(self.lines())


@dataclass
class YamlFile:
    """A configuration file's value with the line of each of its values."""

    value: Any
    lines: dict[str, int]  # display path ("[0].owner", "fail_on") -> 1-based line
    file: str  # the name used in messages

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        """Line of the value at `path`, or of its nearest ancestor; the first line at the top."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(format_path(path[:end]))
            if line is not None:
                return line
        return 1


def display_path(path: Path) -> str:
    """`path` as a user would type it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def load_yaml(path: Path, file: str | None = None) -> YamlFile:
    """One YAML document (an empty file is `None`); dates and times stay text."""
    # here, not above: every scan looks for a configuration and waivers, few have them
    from compliance.parse.yaml_nodes import (
        Document,
        DocumentTooLarge,
        Problem,
        SourceLines,
        check_bounds,
        compose_documents,
        convert,
    )

    file = file or display_path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ConfigError(file, [(None, f"cannot read: {exc.strerror or exc}")]) from None
    except UnicodeDecodeError:
        raise ConfigError(file, [(None, "not valid UTF-8 text")]) from None
    source = SourceLines(text)
    documents: list[Document] = []
    for item in compose_documents(source):
        if isinstance(item, Problem):
            raise ConfigError(file, [(item.line, item.message)])
        documents.append(item)
    if not documents:
        return YamlFile(None, {}, file)
    if len(documents) > 1:
        line = documents[1].node.start_mark.line + documents[1].line_offset + 1
        raise ConfigError(file, [(line, "only one YAML document is expected")])
    try:
        check_bounds(documents[0].node)
    except DocumentTooLarge as exc:
        raise ConfigError(file, [(None, str(exc))]) from None
    converted = convert(documents[0].node, documents[0].line_offset, source, placeholders=False)
    problems = [(p.line, p.message) for p in converted.problems]
    problems += _unknown_values(converted.value, (), converted.lines)
    if problems:
        raise ConfigError(file, problems)
    return YamlFile(converted.value, converted.lines, file)


def _unknown_values(value: Any, path: tuple, lines: dict[str, int]) -> list[tuple[int | None, str]]:
    if isinstance(value, Unknown):
        return [(lines.get(format_path(path)), value.reason)]
    if isinstance(value, dict):
        return [p for key, item in value.items()
                for p in _unknown_values(item, (*path, key), lines)]
    if isinstance(value, list):
        return [p for index, item in enumerate(value)
                for p in _unknown_values(item, (*path, index), lines)]
    return []


def schema(name: str) -> dict[str, Any]:
    return json.loads(schema_text(name))


def validate(document: YamlFile, schema_name: str) -> None:
    """Raise a ConfigError listing every place where the document breaks the schema."""
    from jsonschema import Draft202012Validator  # only when there is a file to validate

    validator = Draft202012Validator(schema(schema_name))
    problems: list[tuple[int | None, str]] = []
    for error in validator.iter_errors(document.value):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = error.schema.get("properties", {})
            for key in error.instance:
                if key not in known:
                    problems.append((document.line_of((*path, key)),
                                     f"unknown key {key!r} (known keys: {', '.join(known)})"))
            continue
        problems.append((document.line_of(path), _message(error, path)))
    if problems:
        raise ConfigError(document.file, problems)


def _message(error: Any, path: tuple) -> str:
    keys = [part for part in path if isinstance(part, str)]
    where = keys[-1] if keys else ""
    if error.validator == "required":
        return error.message.replace("is a required property", "is missing")
    if (error.validator == "minLength" and error.validator_value == 1) or (
            error.validator == "type" and error.instance is None and path):
        return f"{where or 'value'} must not be empty"
    if error.validator == "type" and not path:
        expected = "a list of entries" if error.validator_value == "array" else "key: value lines"
        return f"the file must hold {expected}"
    return f"{where}: {error.message}" if where else error.message
