"""CloudFormation and SAM templates into resources of Terraform's types.

Each template parsed by compliance.parse.cloudformation is, in order: expanded when it is a SAM
template (`sam.py`), resolved as CloudFormation would before deploying (`values.py`, with the
scan's parameter values), and each resource mapped onto the Terraform type and attribute names
the catalog's AWS controls read (`shape.py`, table in controls/cloudformation-types.yaml).
Resources keep `platform: cloudformation`, the template as their scope and `<Terraform
type>.<logical ID>` as their address; a type the table does not list keeps its CloudFormation
type and property names. A resource whose `Condition` is known false is left out.

Problems with the template's expressions (an unknown intrinsic function, a circular condition,
a reference to nothing) are notices with their line: the value is unknown, the scan goes on.
A nested stack (`AWS::CloudFormation::Stack`) is not expanded: a local `TemplateURL` inside the
scan is scanned as a template of its own, with the parameters the parent passes it
(`nesting.py`); one outside the scanned folder or naming the template itself is reported.
"""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Any

from compliance.model import Location, Path, Resource, ScanError, parse_path
from compliance.resolve.cloudformation.nesting import (
    STACK_TYPES,
    local_template,
    passed_parameters,
)
from compliance.resolve.cloudformation.sam import TRANSFORM, Expansion, is_sam
from compliance.resolve.cloudformation.shape import shape, terraform_type
from compliance.resolve.cloudformation.values import Values
from compliance.resolve.terraform.origins import TextOrigins

PLATFORM = "cloudformation"
LANGUAGE_EXTENSIONS = "AWS::LanguageExtensions"


def build_resources(templates: list[tuple[str, dict[str, Any]]], root: FilePath,
                    parameters: dict[str, Any] | None = None,
                    origins: TextOrigins | None = None) -> tuple[list[Resource], list[ScanError]]:
    """The resources of every parsed template (relpath, parse result), and the notices."""
    resources: list[Resource] = []
    errors: list[ScanError] = []
    parameters = parameters or {}
    passed = passed_parameters(templates, root, parameters)
    for relpath, result in templates:
        if "template" not in result:
            continue
        built, problems = _template(relpath, result, root,
                                    {**parameters, **passed.get(relpath, {})},
                                    origins if origins is not None else TextOrigins())
        resources += built
        errors += problems
    return resources, errors


def _template(relpath: str, result: dict[str, Any], root: FilePath,
              parameters: dict[str, Any], origins: TextOrigins) -> tuple[list[Resource],
                                                                         list[ScanError]]:
    errors: list[ScanError] = []
    template = result["template"]
    lines: dict[Path, int] = {}
    for display, line in result["lines"].items():
        try:
            lines[parse_path(display)] = line
        except ValueError:
            continue
    ends: dict[str, int] = dict(result.get("ends") or {})
    aliases: dict[str, str] = {}
    if is_sam(template):
        expansion = Expansion(template, lines, ends, relpath, root, origins, errors)
        template = expansion.run()
        aliases = expansion.aliases
    declared = template.get("Resources") or {}

    def type_of(logical_id: str) -> str:
        body = declared.get(logical_id)
        kind = body.get("Type") if isinstance(body, dict) else None
        return terraform_type(kind) if isinstance(kind, str) else "cloudformation"

    def address(logical_id: str) -> str:
        return f"{type_of(logical_id)}.{logical_id}"

    values = Values(template, parameters, address, aliases=aliases)

    def line_of(path: Path) -> int | None:
        for end in range(len(path), 0, -1):
            if path[:end] in lines:
                return lines[path[:end]]
        return None

    resources = []
    errors += _macros(relpath, template, line_of)
    lines_by_resource = _property_lines(lines)
    for logical_id, body in declared.items():
        at = ("Resources", logical_id)
        start = line_of(at) or 1
        if logical_id.startswith("Fn::ForEach::"):
            errors.append(ScanError(relpath, start, f"{logical_id}: the resources Fn::ForEach "
                                    "makes are not read (only CloudFormation expands it)",
                                    skipped="macro"))
            continue
        if not isinstance(body, dict) or not isinstance(body.get("Type"), str):
            errors.append(ScanError(relpath, start, f"resource {logical_id} has no Type; "
                                                    "not read"))
            continue
        if "Condition" in body:
            created = values.condition(body["Condition"], (*at, "Condition"))
            if created is False:
                continue
        if body["Type"] in STACK_TYPES:
            errors += _nested_stack(relpath, root, logical_id, body, line_of)
        properties = values.evaluate(body.get("Properties") or {}, (*at, "Properties"))
        if not isinstance(properties, dict):
            properties = {}
        own_lines = lines_by_resource.get(logical_id, {})
        end = max(ends.get(logical_id, start), start)
        for shaped in shape(body["Type"], logical_id, properties, own_lines, address):
            first = start if shaped.name == logical_id else \
                (min(shaped.lines.values(), default=start))
            resources.append(Resource(
                platform=PLATFORM, type=shaped.type, name=shaped.name,
                address=f"{shaped.type}.{shaped.name}", attributes=shaped.attributes,
                location=Location(relpath, first, max(end, first)), lines=shaped.lines,
                scope=relpath))
    for problem in values.problems:
        errors.append(ScanError(relpath, line_of(problem.path), problem.message, unread=False))
    return resources, errors


def _property_lines(lines: dict[Path, int]) -> dict[str, dict[Path, int]]:
    """The lines under each resource's `Properties`, by logical ID and path relative to
    `Properties`: gathered in one pass (a pass per resource was quadratic in a template)."""
    by_resource: dict[str, dict[Path, int]] = {}
    for path, line in lines.items():
        if len(path) > 3 and path[0] == "Resources" and path[2] == "Properties":
            by_resource.setdefault(path[1], {})[path[3:]] = line
    return by_resource


def _macros(relpath: str, template: dict[str, Any], line_of: Any) -> list[ScanError]:
    """The template's transforms other than SAM's and the language extensions (whose
    functions are evaluated here, but for Fn::ForEach): macros only CloudFormation runs."""
    transform = template.get("Transform")
    names = transform if isinstance(transform, list) else [transform] if transform else []
    return [ScanError(relpath, line_of(("Transform",)), f"transform {name} is a macro only "
                      "CloudFormation runs: the resources are read as written, before it",
                      skipped="macro")
            for name in names if name not in (TRANSFORM, LANGUAGE_EXTENSIONS)]


def _nested_stack(relpath: str, root: FilePath, logical_id: str, body: dict[str, Any],
                  line_of: Any) -> list[ScanError]:
    properties = body.get("Properties") if isinstance(body.get("Properties"), dict) else {}
    key = STACK_TYPES[body["Type"]]
    url = properties.get(key)
    line = line_of(("Resources", logical_id, "Properties", key)) or \
        line_of(("Resources", logical_id))
    target = local_template(root, relpath, url)
    if target is None:
        return [ScanError(relpath, line, f"nested stack {logical_id}: its template is not a "
                                         "local file and is not read", skipped="stack")]
    if target == (root / relpath).resolve():
        return [ScanError(relpath, line, f"nested stack {logical_id} names this template "
                                         "itself; not expanded")]
    if not target.is_relative_to(root.resolve()):
        return [ScanError(relpath, line, f"nested stack {logical_id}: {url} is outside the "
                                         "scanned folder; not read")]
    return [ScanError(relpath, line, f"nested stack {logical_id}: {url} is scanned as a "
                                     "template of its own, with the parameters this stack "
                                     "passes it", unread=False)]
