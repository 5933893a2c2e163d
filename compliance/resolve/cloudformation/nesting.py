"""The parameters a parent template passes to the nested stacks whose template is in the scan
(`AWS::CloudFormation::Stack` with a local `TemplateURL`, SAM's `AWS::Serverless::Application`
with a local `Location`): what CloudFormation gives the child,
so the child is read with them rather than with its defaults.

A value the parent knows before deploying (a literal, its own parameter, a mapping) is passed
as it is; one it does not (a resource's `Ref`, a pseudo parameter) is passed as unknown, without
the parent's references (they name the parent's resources, not the child's). A parent's own
values come from its parent in turn. A template nested by several stacks that pass different
values (or one passes a value another leaves to the default) gets that parameter unknown.
"""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Any

from compliance.model import Unknown, UnknownKind, has_unknown
from compliance.resolve.cloudformation.shape import terraform_type
from compliance.resolve.cloudformation.values import NO_VALUE, Values

NESTED_STACK = "AWS::CloudFormation::Stack"
# SAM turns an application into a nested stack of its `Location` (a path, or a Serverless
# Application Repository application, which is not on disk)
SAM_APPLICATION = "AWS::Serverless::Application"
STACK_TYPES = {NESTED_STACK: "TemplateURL", SAM_APPLICATION: "Location"}
_LEFT_TO_DEFAULT = object()  # a nesting stack that does not pass the parameter


def local_template(root: FilePath, relpath: str, url: Any) -> FilePath | None:
    """The file a nested stack's `TemplateURL` names, when it is a local path."""
    if not isinstance(url, str) or "://" in url:
        return None
    return ((root / relpath).parent / url).resolve()


def passed_parameters(templates: list[tuple[str, dict[str, Any]]], root: FilePath,
                      parameters: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The parameters passed to each nested template, by its relpath."""
    by_file = {(root / relpath).resolve(): relpath
               for relpath, result in templates if "template" in result}
    parsed = {relpath: result["template"] for relpath, result in templates
              if "template" in result}
    nested_by: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for relpath, template in parsed.items():
        for body in _stacks(template):
            target = by_file.get(local_template(root, relpath, body["Properties"].get(
                STACK_TYPES[body["Type"]])))
            if target is not None and target != relpath:
                nested_by.setdefault(target, []).append((relpath, body))
    done: dict[str, dict[str, Any]] = {}

    def values_for(relpath: str, seen: frozenset[str]) -> dict[str, Any]:
        if relpath in done:
            return done[relpath]
        if relpath not in nested_by or relpath in seen:  # a top-level stack, or a cycle
            return {}
        passes = []
        for parent, body in nested_by[relpath]:
            own = {**parameters, **values_for(parent, seen | {relpath})}
            passes.append(_passed(parsed[parent], own, body, parent))
        done[relpath] = _merged(passes)
        return done[relpath]

    return {relpath: values_for(relpath, frozenset()) for relpath in nested_by}


def _stacks(template: dict[str, Any]) -> list[dict[str, Any]]:
    resources = template.get("Resources")
    return [body for body in (resources.values() if isinstance(resources, dict) else ())
            if isinstance(body, dict) and isinstance(body.get("Type"), str)
            and body["Type"] in STACK_TYPES
            and isinstance(body.get("Properties"), dict)]


def _passed(template: dict[str, Any], parameters: dict[str, Any], body: dict[str, Any],
            parent: str) -> dict[str, Any]:
    def address(logical_id: str) -> str:
        kind = (template.get("Resources") or {}).get(logical_id, {}).get("Type")
        return f"{terraform_type(kind) if isinstance(kind, str) else 'cloudformation'}." \
               f"{logical_id}"

    values = Values(template, parameters, address)
    if "Condition" in body and values.condition(body["Condition"], ()) is False:
        return {}
    given = body["Properties"].get("Parameters")
    evaluated = values.evaluate(given, ()) if isinstance(given, dict) else {}
    passed = {}
    for name, value in (evaluated.items() if isinstance(evaluated, dict) else ()):
        if value is NO_VALUE:
            continue
        if isinstance(value, Unknown) or has_unknown(value):
            kind = value.kind if isinstance(value, Unknown) else UnknownKind.APPLY_TIME
            value = Unknown(f"parameter {name}, passed by {parent} as a value known at deploy",
                            kind=kind)
        passed[name] = value
    return passed


def _merged(passes: list[dict[str, Any]]) -> dict[str, Any]:
    merged = {}
    for name in {name for passed in passes for name in passed}:
        values = [passed.get(name, _LEFT_TO_DEFAULT) for passed in passes]
        if all(value == values[0] for value in values[1:]):
            merged[name] = values[0]
        else:
            merged[name] = Unknown(f"parameter {name}: the stacks that nest this template "
                                   "pass different values", kind=UnknownKind.NO_VALUE)
    return {name: value for name, value in merged.items() if value is not _LEFT_TO_DEFAULT}
