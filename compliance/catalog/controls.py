"""Loads and validates the control catalog, and users' own controls beside it.

Each control is a folder, `controls/<category>/<id>/`, holding `control.yaml` (validated
against compliance/schemas/control.schema.json, then by `semantics`) and its samples, `fail/`
and `pass/` (see docs/writing-controls.md). The catalog is data shipped with the package: in a
checkout it lives at the top of the repository; in an installed wheel, under compliance/_data/.

Users' controls (`--controls-dir DIR`) have the same format: every `control.yaml` under DIR is
a control, whose folder is named by its id. Their ids may not be the catalog's, and the
framework requirements they declare (`supports`) must exist. Every problem is a CatalogError
naming the file, the line and the field.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from compliance import data_dir, schema_text
from compliance.catalog import compiled, schema_memo
from compliance.catalog.attributes import attribute_lists
from compliance.model import Catalog, Check, Control, Supports

CONTROL_FILE = "control.yaml"
TYPE_GROUPS_FILE = "type-groups.yaml"


class CatalogError(Exception):
    """A control or framework file is broken; the message names the file, line and field."""


def line_of(raw: bytes, path: Iterable[str | int]) -> int | None:
    """The 1-based line of the value at `path` in a YAML file, or of its nearest ancestor."""
    import yaml

    try:
        node = yaml.compose(raw.decode("utf-8-sig"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            pair = next(((key, value) for key, value in node.value if key.value == step), None)
            if pair is None:
                break
            node, line = pair[1], pair[0].start_mark.line + 1  # the line of the key
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) \
                and 0 <= step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _field(path: Iterable[str | int]) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text or "(top level)"


def located(label: str, raw: bytes, path: tuple[str | int, ...], message: str) -> CatalogError:
    line = line_of(raw, path)
    where = f"{label}:{line}" if line else label
    return CatalogError(f"{where}: {_field(path)}: {message}")


class SchemaCheck:
    """Validates documents against one of the repository's schemas; a failure names the file,
    line and shallowest failing field. Passes are remembered by `schema_memo`."""

    def __init__(self, schema_name: str):
        self.text = schema_text(schema_name)

    @cached_property
    def validator(self):
        # jsonschema only when something new is validated (a warm run validates nothing)
        from jsonschema import Draft202012Validator

        return Draft202012Validator(json.loads(self.text),
                                    format_checker=Draft202012Validator.FORMAT_CHECKER)

    def check(self, data: Any, raw: bytes, label: str) -> None:
        if schema_memo.passed_before(self.text, raw):
            return
        self.validate(data, raw, label)
        schema_memo.remember_pass(self.text, raw)

    def validate(self, data: Any, raw: bytes, label: str) -> None:
        """The check without the memo, for callers that remember passes themselves."""
        errors = list(self.validator.iter_errors(data))
        if errors:
            best = min(errors, key=lambda e: (len(list(e.absolute_path)),
                                              list(map(str, e.absolute_path))))
            raise located(label, raw, tuple(best.absolute_path), best.message)


def read_bytes(path: Path | str, label: str) -> bytes:
    try:
        return _read(path)
    except OSError as exc:
        raise _unreadable(label, exc) from None


def _unreadable(label: str, exc: OSError) -> CatalogError:
    return CatalogError(f"{label}: cannot read: {exc.strerror or exc}")


def _read(path: Path | str) -> bytes:
    """A file's bytes, read without a file object: every run reads ~580 control files (to
    know the catalog unchanged), and a buffered file object each cost a third more."""
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def load_yaml(path: Path, label: str, raw: bytes | None = None) -> tuple[Any, bytes]:
    """The file's data and its bytes (read once: the bytes are hashed and schema-checked)."""
    import yaml  # only for a catalog that changed: an unchanged one is compiled

    raw = read_bytes(path, label) if raw is None else raw
    try:
        # the C loader: line marks are needed only for an error, and `line_of` composes again
        return yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), raw
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{label}:{mark.line + 1}" if mark is not None else label
        raise CatalogError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None


def _anchors_needed(check: dict[str, Any]) -> frozenset[str]:
    from compliance.catalog.semantics import paths_of

    names = set()
    for part in ("where", "condition"):
        for _, path in paths_of(check.get(part, {})):
            if path.startswith("$"):
                names.add(path[1:].split(".", 1)[0].split("[", 1)[0])
    return frozenset(names)


def _build_control(data: dict[str, Any], source: str, folder: Path, origin: str,
                   type_groups: Mapping[str, list[str]]) -> Control:
    checks = []
    for raw in data["checks"]:
        types: list[str] = []
        for type_name in raw["resource_types"]:
            types += type_groups[type_name[1:]] if type_name.startswith("@") else [type_name]
        checks.append(Check(id=raw["id"], platform=raw["platform"], resource_types=tuple(types),
                            condition=raw["condition"], where=raw.get("where"),
                            anchors=_anchors_needed(raw)))
    supports = tuple(Supports(framework, link["requirement"], link.get("strength", "supports"))
                     for framework, links in (data.get("supports") or {}).items()
                     for link in links)
    return Control(id=data["id"], title=data["title"], category=data["category"],
                   severity=data["severity"], description=data["description"].strip(),
                   rationale=data["rationale"].strip(), remediation=data["remediation"].strip(),
                   checks=tuple(checks), references=tuple(data.get("references", [])),
                   source=source, folder=str(folder.resolve()), origin=origin,
                   supports=supports)


class _Loader:
    """Reads control files one at a time, checking each and the set as a whole."""

    def __init__(self, python_checks: Iterable[str] | Callable[[], Iterable[str]],
                 type_groups: Mapping[str, list[str]]):
        self.schema = SchemaCheck("control.schema.json")
        self._python_checks = python_checks
        self.type_groups = type_groups
        self.digest = hashlib.sha256()
        self.controls: list[Control] = []
        self.seen: dict[str, str] = {}  # id -> where it is defined
        self._memo_key: str | None = None

    @cached_property
    def python_checks(self) -> set[str]:
        """The named checks a control may call; asked for only when a file is read (a warm
        run adopts the compiled catalog, and imports none of the checks' modules)."""
        given = self._python_checks
        return set(given() if callable(given) else given)

    def _check_paths(self, data: dict[str, Any], raw: bytes, label: str) -> None:
        """Every path names attributes of its types (`semantics.path_problems`)."""
        from compliance.catalog.semantics import path_problems

        for problem in path_problems(data, self.type_groups, attribute_lists()):
            raise located(label, raw, problem.path, problem.message)

    def _memo(self) -> str:
        """What a remembered pass depends on besides the file's bytes: the schema, the
        attribute lists and the type groups."""
        if self._memo_key is None:
            self._memo_key = "\0".join((self.schema.text, attribute_lists().digest,
                                        json.dumps(self.type_groups, sort_keys=True)))
        return self._memo_key

    def adopt(self, control: Control, label: str, origin: str, raw: bytes) -> None:
        """A control loaded before (compiled), counted as if read now."""
        self.digest.update(origin.encode() + b"\0" + label.encode() + b"\0" + raw + b"\0")
        self.seen[control.id] = label
        self.controls.append(control)

    def read(self, path: Path, label: str, origin: str, raw: bytes | None = None) -> Control:
        # the checks of a file read (semantics.py) are imported here: a warm run adopts the
        # compiled catalog and reads none
        from compliance.catalog.semantics import Problem, check_semantics

        data, raw = load_yaml(path, label, raw)
        self.digest.update(origin.encode() + b"\0" + label.encode() + b"\0" + raw + b"\0")
        # one remembered pass covers the schema and the attribute paths (the slow parts), so a
        # warm run validates nothing and reads no attribute list
        memo = self._memo()
        checked = schema_memo.passed_before(memo, raw)
        if not checked:
            self.schema.validate(data, raw, label)
        folder = path.parent
        if data["id"] != folder.name:
            raise located(label, raw, ("id",), f"{data['id']!r} does not match its folder "
                                               f"{folder.name!r}")
        if not origin and data["category"] != folder.parent.name:
            raise located(label, raw, ("category",), f"{data['category']!r} does not match "
                                                     f"the folder {folder.parent.name!r}")
        if not origin and "supports" in data:
            raise located(label, raw, ("supports",), "the catalog's controls are mapped in the "
                                                     "framework files (frameworks/*.yaml)")
        if data["id"] in self.seen:
            raise located(label, raw, ("id",), f"{data['id']!r} is also defined in "
                                               f"{self.seen[data['id']]}")
        problem: Problem | None = check_semantics(data, self.python_checks, self.type_groups)
        if problem is not None:
            raise located(label, raw, problem.path, problem.message)
        if not checked:
            self._check_paths(data, raw, label)
            schema_memo.remember_pass(memo, raw)
        self.seen[data["id"]] = label
        control = _build_control(data, label, folder, origin, self.type_groups)
        self.controls.append(control)
        return control


def _display(path: Path) -> str:
    """`path` as a user would type it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _python_checks() -> Iterable[str]:
    from compliance.evaluate.checks import CHECKS

    return CHECKS


def _python_checks_digest() -> str:
    """What the named checks' names depend on, known without importing them: the sources of
    compliance/evaluate/checks/ (every check is listed there, none registers itself)."""
    from compliance.parse.cache import files_digest

    return files_digest(sorted((Path(__file__).parents[1] / "evaluate" / "checks")
                               .glob("*.py")))


def control_files(directory: Path) -> list[Path]:
    """Every control.yaml under `directory` (a control folder itself, or any folder of them),
    outside the samples folders."""
    if (directory / CONTROL_FILE).is_file():
        return [directory / CONTROL_FILE]
    return sorted(p for p in directory.rglob(CONTROL_FILE)
                  if not {"fail", "pass"} & set(p.relative_to(directory).parts[:-1]))


def load_catalog(directory: Path | None = None, extra_dirs: Iterable[Path] = (),
                 python_checks: Iterable[str] | None = None) -> Catalog:
    """The catalog at `directory` (default: the shipped one) and the controls under each of
    `extra_dirs` (users' own), checked; CatalogError names the first problem."""
    directory = directory or data_dir("controls")
    if not directory.is_dir():
        raise CatalogError(f"control catalog not found at {directory}")
    # the named checks, by their names when given, else by their sources' digest (the
    # names themselves are imported only when a control file is read)
    checks: set[str] | Callable[[], Iterable[str]] = \
        _python_checks if python_checks is None else set(python_checks)
    checks_key = "sources:" + _python_checks_digest() if python_checks is None \
        else "names:" + "\0".join(sorted(python_checks))
    groups_file = directory / TYPE_GROUPS_FILE
    groups_raw = read_bytes(groups_file, groups_file.name) if groups_file.exists() else None
    files, raws = _catalog_files(directory)
    key = _compiled_key(directory, checks_key, groups_raw, files, raws) \
        if compiled.enabled() else b""
    payload = compiled.load("catalog", key) if key else None
    if payload is not None:
        loader = _Loader(checks, payload["type_groups"])
        for control, (_, label), raw in zip(compiled.controls_from_json(payload["controls"]),
                                            files, raws, strict=True):
            loader.adopt(control, label, "", raw)
    else:
        type_groups = (load_yaml(groups_file, groups_file.name, groups_raw)[0]
                       if groups_raw is not None else None) or {}
        loader = _Loader(checks, type_groups)
        for (path, label), raw in zip(files, raws):
            loader.read(Path(path), label, "", raw)
        if key:
            compiled.store("catalog", key, {"type_groups": type_groups,
                                            "controls": compiled.controls_to_json(
                                                loader.controls)})
    for extra in extra_dirs:
        if not extra.is_dir():
            raise CatalogError(f"{extra}: no such folder of controls")
        extra_files = control_files(extra)
        if not extra_files:
            raise CatalogError(f"{extra}: no {CONTROL_FILE} found (a control is a folder "
                               f"<id>/ holding {CONTROL_FILE}, fail/ and pass/)")
        for path in extra_files:
            loader.read(path, _display(path), str(extra))
    return Catalog(controls=loader.controls, type_groups=dict(loader.type_groups),
                   digest=loader.digest.hexdigest())


def _catalog_files(directory: Path) -> tuple[list[tuple[str, str]], list[bytes]]:
    """(path, label) of every `<category>/<id>/control.yaml`, in the order of
    `sorted(directory.glob("*/*/control.yaml"))`, and their bytes. Listed with scandir: on a
    warm run, building, sorting and relativizing ~580 Path objects cost more than reading the
    files; and a folder without the file is told by reading it (a stat of each cost as much)."""
    candidates = []
    for category in _folders(str(directory)):
        for control in _folders(category.path):
            candidates.append(((category.name, control.name),
                               os.path.join(control.path, CONTROL_FILE)))
    candidates.sort()  # by (category, id): Path order, which compares part by part
    files, raws = [], []
    for (category, name), path in candidates:
        label = f"{category}/{name}/{CONTROL_FILE}"
        try:
            raws.append(_read(path))
        except FileNotFoundError:  # not a control's folder (as os.path.exists said before)
            continue
        except OSError as exc:
            raise _unreadable(label, exc) from None
        files.append((path, label))
    return files, raws


def _folders(directory: str) -> list[os.DirEntry[str]]:
    try:  # as glob does, a folder that can't be listed holds nothing
        with os.scandir(directory) as entries:
            return [entry for entry in entries if entry.is_dir()]
    except OSError:
        return []


def _compiled_key(directory: Path, checks_key: str, groups_raw: bytes | None,
                  files: list[tuple[str, str]], raws: list[bytes]) -> bytes:
    """What the loaded catalog depends on: besides the files, what they are checked against
    (the schema, the attribute lists, the named checks) and where they are (`Control.folder`)."""
    parts = [schema_text("control.schema.json").encode(),
                   attribute_lists().digest.encode(),
                   checks_key.encode(),
                   b"none" if groups_raw is None else b"file:" + groups_raw,
                   str(directory.resolve()).encode()]
    for (_, label), raw in zip(files, raws):
        parts += [label.encode(), raw]
    return compiled.content_key("catalog", parts)
