"""ECS task definitions: the containers a task runs, read from their JSON.

An `aws_ecs_task_definition` holds its containers in `container_definitions`, a JSON string
(a heredoc, `file()`, `templatefile()` or `jsonencode([...])`), which conditions cannot look
into. `ecs_view` adds, on Terraform and Pulumi resources of that type:

    containers      the container definitions, a list of objects with the keys of the ECS
                    API as written (name, image, user, privileged, readonlyRootFilesystem,
                    logConfiguration, environment, secrets, linuxParameters, ...): nothing
                    is defaulted, which is for the controls to say.

It is Unknown when the text can't be known (a variable without a value, a file outside the
scan) or is not a JSON list of objects, which ECS would refuse. What is known in part stays
known in part: a `jsonencode()` of values known only at apply gives its known shape with the
unknown values Unknown where they are, and a heredoc or `templatefile()` known except for some
interpolations is read with each interpolation an Unknown (when the JSON is valid around them:
an interpolation inside a string, not in place of a `true`).

Lines: `containers[i].<key>` is at the line of that key when the definitions are written in
the resource with `jsonencode()`, `containers[i]` at the line of its first key; everything
else (a heredoc, a file) at the line of `container_definitions`.
"""

from __future__ import annotations

import json
from typing import Any

from compliance.model import TERRAFORM_SHAPED, Resource, Unknown, format_path, parse_path
from compliance.parse.templates import mark_placeholders
from compliance.resolve.terraform.origins import PartialText

TASK_DEFINITION = "aws_ecs_task_definition"
SOURCE = "container_definitions"
ATTRIBUTE = "containers"


def ecs_view(resources: list[Resource]) -> list[Resource]:
    return [_with_containers(resource)
            if resource.type == TASK_DEFINITION and resource.platform in TERRAFORM_SHAPED
            else resource
            for resource in resources]


def _with_containers(resource: Resource) -> Resource:
    if SOURCE not in resource.attributes:
        return resource  # a required argument: nothing to read in a broken block
    containers = _containers(resource.attributes[SOURCE])
    return resource.with_facts({ATTRIBUTE: containers}, _lines(resource))


def _containers(value: Any) -> Any:
    if isinstance(value, Unknown) and isinstance(value.partial, PartialText) and value.partial.text:
        text = value.partial  # a template known except for some interpolations
        if text.base64:
            return value
        document = _decoded(text.text)
        return value if isinstance(document, Unknown) else \
            _checked(mark_placeholders(document), value)
    if isinstance(value, Unknown):
        if isinstance(value.partial, (list, dict)):  # a jsonencode() with unknown values
            return _checked(value.partial, value)
        return value
    if not isinstance(value, str):  # a list given directly (a Pulumi program, a plan)
        return _checked(value, None)
    document = _decoded(value)
    return document if isinstance(document, Unknown) else _checked(document, None)


def _decoded(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return Unknown("container definitions that are not valid JSON")


def _checked(document: Any, unknown: Unknown | None) -> Any:
    """The list of container definitions, or Unknown when it is not one."""
    if isinstance(document, Unknown):
        return document
    if not isinstance(document, list) or not all(isinstance(item, (dict, Unknown))
                                                 for item in document):
        refs = unknown.refs if unknown is not None else ()
        return Unknown("container definitions that are not a JSON list of objects", refs)
    return document


def _lines(resource: Resource) -> dict[str, int]:
    """Lines of the derived attribute, from those of the written one (see the module doc)."""
    lines: dict[str, int] = {}
    at = resource.lines.get(SOURCE)
    if at is not None:
        lines[ATTRIBUTE] = at
    prefix = SOURCE + "["
    for path, line in resource.lines.items():
        if not path.startswith(prefix):
            continue
        parts = (ATTRIBUTE, *parse_path(path)[1:])
        lines[format_path(parts)] = line
        item = format_path(parts[:2])
        lines[item] = min(line, lines.get(item, line))
    return lines
