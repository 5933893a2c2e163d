"""`--pulumi-run`: Pulumi Python programs, run offline under the SDK's mocks.

This runs the program's code. Only when asked; each program in a separate process
(runner.py) with a time limit, an allow-listed environment (no credentials) and every process
it starts stopped at its end (sandbox.py). What it records (each resource's type token, name and inputs, and the line of its
constructor call) is normalized as the other Pulumi inputs are. A program that fails, times
out or prints something other than the runner's JSON is an error entry.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

from compliance.model import Location, Resource, ScanError, Unknown, UnknownKind
from compliance.parse.discover import find_named
from compliance.parse.pulumi import (
    SIG_KEY,
    is_skipped_type,
    long_token,
    normalize,
    special,
    type_table,
)
from compliance.parse.pulumi.runner import SECRET_MARKER
from compliance.parse.pulumi.sandbox import run_contained
from compliance.parse.regular_files import read_regular

DEFAULT_TIMEOUT_S = 120.0
PROJECT_FILES = ("Pulumi.yaml", "Pulumi.yml")
_UNSUPPORTED = {SIG_KEY: "compliance:unsupported-value"}


def python_main(project_file: Path) -> str | None:
    """The program's entry point relative to its folder when `project_file` declares
    `runtime: python` (or `runtime: {name: python}`), else None."""
    try:
        spec = yaml.safe_load(read_regular(project_file).decode("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(spec, dict):
        return None
    runtime = spec.get("runtime")
    if isinstance(runtime, dict):
        runtime = runtime.get("name")
    if runtime != "python":
        return None
    main = spec.get("main")
    main = main if isinstance(main, str) and main.strip() else "."
    target = (project_file.parent / main)
    return (Path(main) / "__main__.py").as_posix() if target.is_dir() else Path(main).as_posix()


def find_programs(paths: list[Path], root: Path, skip_patterns: tuple[str, ...] = (),
                  own_dirs: tuple[Path, ...] = ()) -> list[Path]:
    """Pulumi.yaml files of Python programs under `paths` (skipped paths and the scan's own
    folders left out)."""
    return [path for path in find_named(paths, root, PROJECT_FILES, skip_patterns, own_dirs)
            if python_main(path) is not None]


def run_program(project_file: Path, root: Path, timeout: float = DEFAULT_TIMEOUT_S
                ) -> tuple[list[Resource], list[ScanError]]:
    program_dir = project_file.parent
    main = python_main(project_file) or "__main__.py"

    def rel(name: str | None) -> str:
        path = (program_dir / name).resolve() if name else (program_dir / main).resolve()
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()

    main_rel = rel(main)

    def error(message: str, file: str | None = None, line: int | None = None):
        return [], [ScanError(rel(file) if file else main_rel, line, message)]

    if not (program_dir / main).exists():
        return error(f"Pulumi program entry point {main} not found; not run")
    try:
        code, stdout, stderr = run_contained(
            [sys.executable, "-m", "compliance.parse.pulumi.runner", str(program_dir), main],
            program_dir, timeout)
    except OSError as exc:
        return error(f"cannot run the Pulumi program: {exc.strerror or exc}")
    if code is None:
        return error(f"Pulumi program did not finish within {timeout:g} seconds; not scanned")
    try:
        data = json.loads(stdout.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError
    except ValueError:
        data = None
    if code != 0 or data is None or not isinstance(data.get("resources"), list):
        if isinstance(data, dict) and isinstance(data.get("error"), str):
            line = data.get("line") if isinstance(data.get("line"), int) else None
            file = data.get("file") if isinstance(data.get("file"), str) else None
            return error(f"Pulumi program failed: {data['error']}", file, line)
        tail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        return error(f"Pulumi program run failed (exit {code}): {tail[0][-500:]}")
    resources = []
    for item in data["resources"]:
        resource = _resource(item, rel, main_rel)
        if resource is not None:
            resources.append(resource)
    return resources, []


def _address_of(token: str, name: str) -> str:
    entry = type_table().get(long_token(token))
    return f"{entry['type'] if entry else long_token(token)}.{name}"


def _decode(value: Any, refs: tuple[str, ...]) -> Any:
    if isinstance(value, dict):
        if value == SECRET_MARKER:
            return Unknown("secret value", kind=UnknownKind.SECRET_REFERENCE)
        if value == _UNSUPPORTED:
            return Unknown("value of a kind not read (asset, archive)")
        return {k: _decode(v, refs) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v, refs) for v in value]
    value = special(value, "known after deployment")
    if isinstance(value, Unknown) and refs:
        return Unknown(value.reason, refs)
    return value


def _resource(item: Any, rel, main_rel: str) -> Resource | None:
    if not isinstance(item, dict):
        return None
    token, name, inputs = item.get("type"), item.get("name"), item.get("inputs")
    if not isinstance(token, str) or not isinstance(name, str) or is_skipped_type(token):
        return None
    inputs = inputs if isinstance(inputs, dict) else {}
    if item.get("custom") is False and not inputs:
        return None  # a component: its children are resources of their own
    deps = item.get("dependencies") if isinstance(item.get("dependencies"), dict) else {}
    props = {}
    for key, value in inputs.items():
        refs = tuple(dict.fromkeys(_address_of(t, n) for t, n in deps.get(key) or ()
                                   if isinstance(t, str) and isinstance(n, str)))
        props[key] = _decode(value, refs)
    props.pop("__defaults", None)
    rtype, attributes, _ = normalize(token, props)
    file = rel(item["file"]) if isinstance(item.get("file"), str) else main_rel
    line = item["line"] if isinstance(item.get("line"), int) else 1
    return Resource(platform="pulumi", type=rtype, name=name, address=f"{rtype}.{name}",
                    attributes=attributes, location=Location(file, line, line), scope=main_rel)
