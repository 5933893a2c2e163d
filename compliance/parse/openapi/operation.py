"""The attributes of one OpenAPI operation: its own keys with references resolved, plus the
settings that apply to it from its path item and the document (see `openapi` for the shape)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from compliance.model import Unknown, format_path
from compliance.parse.openapi.refs import RefResolver, Resolved, place_lines, sub_lines
from compliance.parse.openapi.security import SecuritySchemes, effective_security
from compliance.parse.templates import undecided_name
from compliance.parse.yaml_nodes import Problem, child_path

# operation keys replaced by a normalized attribute
_REPLACED = frozenset({"operationId", "parameters", "requestBody", "security", "servers", "schemes"})
_NOT_FIELD_SCHEMA = ("name", "in", "required")  # formData parameter keys that are not its schema
_ANY_MEDIA_TYPE = "*/*"  # Swagger 2.0 without `consumes`: the media type is not stated

VALIDATORS = "x-amazon-apigateway-request-validators"
VALIDATOR = "x-amazon-apigateway-request-validator"


@dataclass
class ApiContext:
    document: dict[str, Any]
    resolver: RefResolver
    schemes: SecuritySchemes
    swagger: bool  # 2.0; otherwise 3.x
    problems: list[Problem]

    @property
    def doc_lines(self) -> dict[str, int]:
        return self.resolver.doc_lines

    def resolve_key(self, container: dict[str, Any], at: str, key: str) -> Resolved | None:
        """`container[key]` resolved, or None when the key is absent."""
        if key not in container:
            return None
        return self.resolver.resolve(container[key], child_path(at, key))


# (value, document path) of a path item's keys
PathItem = dict[str, tuple[Any, str]]


class Attributes:
    """Attribute values with the line of each display path."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.lines: dict[str, int] = {}

    def set(self, name: str, value: Any, line: int | None = None) -> None:
        self.values[name] = value
        if line is not None:
            self.lines[name] = line

    def set_resolved(self, name: str, resolved: Resolved | None) -> None:
        self.values[name] = None if resolved is None else resolved.value
        if resolved is not None:
            place_lines(self.lines, name, resolved.lines)


def operation_attributes(api: ApiContext, method: str, path: str, path_at: str, item: PathItem,
                         operation: dict[str, Any],
                         operation_at: str) -> tuple[dict[str, Any], dict[str, int]]:
    """(attributes, display path -> line) of one operation."""
    doc_lines = api.doc_lines
    attributes = Attributes()
    attributes.set("method", method, doc_lines.get(operation_at))
    attributes.set("path", path, doc_lines.get(path_at))
    operation_id = api.resolve_key(operation, operation_at, "operationId")
    attributes.set_resolved("operation_id", operation_id)
    own: dict[str, Resolved] = {}
    for key in operation:
        if key not in _REPLACED:
            own[key] = api.resolve_key(operation, operation_at, key)
            attributes.set_resolved(key, own[key])
    attributes.values.setdefault("responses", None)

    parameters, body, form_fields = _parameters(api, item, operation, operation_at)
    if isinstance(parameters, Resolved):  # a template placeholder in place of a list
        attributes.set_resolved("parameters", parameters)
    else:
        if "parameters" in operation:
            list_line = doc_lines.get(child_path(operation_at, "parameters"))
        else:
            list_line = doc_lines.get(item["parameters"][1]) if "parameters" in item else None
        attributes.set("parameters", [p.value for p in parameters], list_line)
        for index, parameter in enumerate(parameters):
            place_lines(attributes.lines, f"parameters[{index}]", parameter.lines)
    if api.swagger:
        # an unknown parameter list might hold the body
        request_body = parameters if isinstance(parameters, Resolved) else _swagger_request_body(
            api, operation, parameters, body, form_fields)
        attributes.set_resolved("request_body", request_body)
    else:
        attributes.set_resolved("request_body", api.resolve_key(operation, operation_at, "requestBody"))

    _security(api, attributes, operation, operation_at, own.get("x-amazon-apigateway-auth"))
    _aws(api, attributes, operation, operation_at, own)
    _google(api, attributes, own)
    _servers_and_schemes(api, attributes, item, operation, operation_at)
    return attributes.values, attributes.lines


# --- parameters and request body -----------------------------------------------------------


def _parameters(api: ApiContext, item: PathItem, operation: dict[str, Any], operation_at: str):
    """Path-item and operation parameters merged (the operation's win by name and location).

    Returns (parameters, Swagger body parameter, Swagger formData parameters); `parameters` is
    a Resolved placeholder instead of a list when a parameter list is itself unknown.
    """
    merged: list[Resolved] = []
    position: dict[tuple[str, str], int] = {}
    sources = [item.get("parameters"),
               (operation.get("parameters"), child_path(operation_at, "parameters"))]
    for source in sources:
        if source is None or source[0] is None:
            continue
        raw, at = source
        if isinstance(raw, Unknown):
            return Resolved(raw, _line_dict(api.doc_lines.get(at))), None, []
        if not isinstance(raw, list):
            api.problems.append(Problem(api.doc_lines.get(at), "parameters is not a list"))
            continue
        for index, parameter in enumerate(raw):
            resolved = api.resolver.resolve(parameter, f"{at}[{index}]")
            key = _parameter_key(resolved.value)
            if key is not None and key in position:
                merged[position[key]] = resolved
            else:
                if key is not None:
                    position[key] = len(merged)
                merged.append(resolved)
    if not api.swagger:
        return merged, None, []
    body = next((p for p in merged if _location(p) == "body"), None)
    form_fields = [p for p in merged if _location(p) == "formData"]
    rest = [p for p in merged if _location(p) not in ("body", "formData")]
    return rest, body, form_fields


def _parameter_key(parameter: Any) -> tuple[str, str] | None:
    if isinstance(parameter, dict):
        name, location = parameter.get("name"), parameter.get("in")
        if isinstance(name, str) and isinstance(location, str):
            return name, location
    return None


def _location(parameter: Resolved) -> Any:
    return parameter.value.get("in") if isinstance(parameter.value, dict) else None


def _swagger_request_body(api: ApiContext, operation: dict[str, Any], parameters: list[Resolved],
                          body: Resolved | None, form_fields: list[Resolved]) -> Resolved | None:
    """Swagger 2.0's body (or formData) parameters in the shape of an OpenAPI 3 requestBody."""
    if body is None and not form_fields:
        # a parameter we can't read might be the body
        return next((p for p in parameters if isinstance(p.value, Unknown)), None)
    consumes = operation.get("consumes", api.document.get("consumes"))
    media_types = [m for m in consumes if isinstance(m, str)] if isinstance(consumes, list) else []
    media_types = media_types or [_ANY_MEDIA_TYPE]
    if body is not None:
        schema, schema_lines = body.value.get("schema"), sub_lines(body.lines, "schema")
        required = body.value.get("required", False)
        description = body.value.get("description")
        anchor_line = body.lines.get("")
    else:
        schema, schema_lines = _form_schema(form_fields)
        required = any(field.value.get("required") is True for field in form_fields)
        description = None
        anchor_line = form_fields[0].lines.get("")
    content, lines = {}, {}
    for media_type in media_types:
        content[media_type] = {"schema": schema}
        prefix = format_path(("content", media_type))
        if anchor_line is not None:
            lines[""] = lines["content"] = lines[prefix] = anchor_line
        place_lines(lines, f"{prefix}.schema", schema_lines)
    value: dict[str, Any] = {"content": content, "required": required}
    if description is not None:
        value["description"] = description
    return Resolved(value, lines)


def _form_schema(fields: list[Resolved]) -> tuple[dict[str, Any], dict[str, int]]:
    properties: dict[str, Any] = {}
    lines: dict[str, int] = {}
    required = []
    for field in fields:
        name = field.value.get("name")
        if not isinstance(name, str):
            continue
        properties[name] = {k: v for k, v in field.value.items() if k not in _NOT_FIELD_SCHEMA}
        kept = {path: line for path, line in field.lines.items()
                if not any(path == key or path.startswith(key + ".") for key in _NOT_FIELD_SCHEMA)}
        place_lines(lines, format_path(("properties", name)), kept)
        if field.value.get("required") is True:
            required.append(name)
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema, lines


# --- security --------------------------------------------------------------------------------


def _security(api: ApiContext, attributes: Attributes, operation: dict[str, Any],
              operation_at: str, aws_auth: Resolved | None) -> None:
    security = effective_security(operation, operation_at, api.document, api.schemes, api.problems)
    attributes.set_resolved("security", Resolved(security.requirements, security.lines))
    source_line = security.lines.get("")
    attributes.set("security_source", security.source, source_line)
    authenticated = security.authenticated
    # AWS: `x-amazon-apigateway-auth: {type: AWS_IAM}` protects a method without any `security`
    aws_auth_type = aws_auth.value.get("type") if aws_auth and isinstance(aws_auth.value, dict) else None
    attributes.set("aws_auth_type", aws_auth_type, aws_auth.lines.get("type") if aws_auth else None)
    if authenticated is not True and aws_auth is not None:
        if isinstance(aws_auth_type, str) and aws_auth_type.upper() == "AWS_IAM":
            authenticated, source_line = True, aws_auth.lines.get("type")
        elif isinstance(aws_auth_type, Unknown):
            authenticated, source_line = aws_auth_type, aws_auth.lines.get("type")
    attributes.set("authenticated", authenticated, source_line)
    attributes.set("api_key_required", security.api_key_required, security.lines.get(""))


# --- gateway extensions ------------------------------------------------------------------------


def _aws(api: ApiContext, attributes: Attributes, operation: dict[str, Any], operation_at: str,
         own: dict[str, Resolved]) -> None:
    attributes.set_resolved("integration", own.get("x-amazon-apigateway-integration"))
    if VALIDATOR in operation:
        selector = own[VALIDATOR]
    else:
        selector = api.resolve_key(api.document, "", VALIDATOR)
    attributes.set_resolved("request_validator", request_validator(api, selector))


def request_validator(api: ApiContext, selector: Resolved | None) -> Resolved | None:
    """The validator object a validator name selects, with the name under "name"."""
    if selector is None or selector.value is None:
        return None
    name = selector.value
    if isinstance(name, Unknown):
        return selector
    validators = api.resolve_key(api.document, "", VALIDATORS)
    defined = validators.value if validators else None
    if isinstance(defined, Unknown):
        return Resolved(defined, selector.lines)
    undecided = undecided_name(name, defined if isinstance(defined, dict) else {}, "request validator")
    if undecided is not None:
        return Resolved(undecided, selector.lines)
    if not isinstance(name, str) or not isinstance(defined, dict) or name not in defined:
        message = f"request validator {name!r} is not defined"
        api.problems.append(Problem(selector.lines.get(""), message))
        return Resolved(Unknown(message), selector.lines)
    definition = defined[name]
    if not isinstance(definition, dict):
        return Resolved(definition, selector.lines)
    lines = sub_lines(validators.lines, name)
    lines.pop("", None)
    if "" in selector.lines:  # the name is chosen where the selector is written
        lines[""] = lines["name"] = selector.lines[""]
    return Resolved({"name": name, **definition}, lines)


def _google(api: ApiContext, attributes: Attributes, own: dict[str, Resolved]) -> None:
    backend = own.get("x-google-backend") or api.resolve_key(api.document, "", "x-google-backend")
    attributes.set_resolved("backend", backend)


def _servers_and_schemes(api: ApiContext, attributes: Attributes, item: PathItem,
                         operation: dict[str, Any], operation_at: str) -> None:
    """The servers (3.x) or schemes (2.0) in effect: the operation's, else the path item's
    (3.x), else the document's; None when nothing says."""
    if api.swagger:
        attributes.set("servers", None)
        attributes.set_resolved("schemes", api.resolve_key(operation, operation_at, "schemes")
                                or api.resolve_key(api.document, "", "schemes"))
        return
    servers = api.resolve_key(operation, operation_at, "servers")
    if servers is None and "servers" in item:
        value, at = item["servers"]
        servers = api.resolver.resolve(value, at)
    servers = servers or api.resolve_key(api.document, "", "servers")
    attributes.set_resolved("servers", servers)
    attributes.set("schemes", None)


def _line_dict(line: int | None) -> dict[str, int]:
    return {} if line is None else {"": line}
