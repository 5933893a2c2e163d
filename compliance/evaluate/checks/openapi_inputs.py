"""What an OpenAPI operation lets through as input: AWS request validation, request bodies
without a schema, and strings without a length bound.

- AWS request validation (REST APIs only: HTTP APIs have no request validators). An operation
  with a request body needs a validator with `validateRequestBody: true` (API Gateway then
  checks the body against the schema of its content type); an operation with a required query
  string or header parameter needs `validateRequestParameters: true` (API Gateway then rejects
  requests missing it). Path parameters are present whenever the route matches and are not
  counted. The validator is the operation's `x-amazon-apigateway-request-validator`, else the
  document's. A document is known to be for a REST API when it is embedded in an
  `aws_api_gateway_rest_api`, or uses an extension or integration type that only REST APIs
  accept (see `openapi.aws_api_kind`); other AWS documents are not judged.
- Request body schema: a structured media type (JSON, XML, form data, `*/*`) of a request
  body with no schema, or the empty schema `{}`, accepts any content.
- Unbounded strings: a `type: string` in a request body schema or a query parameter is bounded
  by `maxLength`, `enum`/`const`, a format with a fixed size (date, date-time, time, uuid,
  ipv4, ipv6) or an anchored `pattern` with no open-ended repetition (`^[a-z]{1,8}$`).
  `format: binary` and `byte` strings are file contents, bounded by the gateway's payload
  limit rather than a schema, and are not reported. The first unbounded string is the
  evidence: one finding per operation. A `$ref` cycle is walked once.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from compliance.evaluate.checks.openapi import (
    AWS,
    REST,
    applies,
    aws_api_kind,
    gateway,
    is_preflight,
)
from compliance.model import Outcome, Path, Resource, Unknown, UnknownKind

_STRUCTURED = re.compile(r"^(\*/\*|[^;]*(json|xml)|application/x-www-form-urlencoded|multipart/form-data)"
                         r"\s*(;.*)?$", re.I)
_BOUNDED_FORMATS = frozenset({"date", "date-time", "time", "uuid", "ipv4", "ipv6"})
_FILE_FORMATS = frozenset({"binary", "byte"})
_OPEN_REPEAT = re.compile(r"[*+]|\{\d*,\}")
_MAX_SCHEMA_NODES = 20_000


def _true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


# --- AWS request validation ------------------------------------------------------------------


def _has_body(resource: Resource) -> bool | None:
    body = resource.attributes.get("request_body")
    if isinstance(body, Unknown):
        return None
    if not isinstance(body, dict):
        return False
    content = body.get("content")
    if isinstance(content, Unknown):
        return None
    return isinstance(content, dict) and bool(content)


def _required_parameters(resource: Resource) -> bool | None:
    parameters = resource.attributes.get("parameters")
    if isinstance(parameters, Unknown):
        return None
    undecided = False
    for parameter in parameters if isinstance(parameters, list) else []:
        if not isinstance(parameter, dict):
            undecided = True
            continue
        where, required = parameter.get("in"), parameter.get("required")
        if isinstance(where, Unknown) or isinstance(required, Unknown):
            undecided = True
        elif where in ("query", "header") and _true(required):
            return True
    return None if undecided else False


def openapi_aws_rest_input_operation(resource: Resource, context: Any) -> Outcome:
    """Applies to operations of AWS REST API documents that take a body or required query or
    header parameters (see the module doc)."""
    if is_preflight(resource) or gateway(resource, context) != AWS:
        return applies(False, "an AWS REST API operation")
    if aws_api_kind(resource, context) != REST:
        return applies(False, "an AWS REST API operation")
    body, parameters = _has_body(resource), _required_parameters(resource)
    if body or parameters:
        return applies(True, "an operation with input")
    return applies(None if None in (body, parameters) else False, "an operation with input")


VALIDATION_EXPECTED = ("a request validator validates the request body (validateRequestBody) "
                       "and required parameters (validateRequestParameters) the operation takes")


def openapi_aws_request_validated(resource: Resource, context: Any) -> Outcome:
    validator = resource.attributes.get("request_validator")
    if isinstance(validator, Unknown):
        return Outcome.unknown(("request_validator",), validator, VALIDATION_EXPECTED)
    if not isinstance(validator, dict):
        return Outcome.failed(("request_validator",), None, VALIDATION_EXPECTED)
    needs = []
    if _has_body(resource):
        needs.append("validateRequestBody")
    if _required_parameters(resource):
        needs.append("validateRequestParameters")
    for key in needs:  # reported where the validator is chosen, naming the setting
        value = validator.get(key)
        if isinstance(value, Unknown):
            return Outcome.unknown(("request_validator",), value, VALIDATION_EXPECTED)
        if not _true(value):
            observed = {"name": validator.get("name"), key: value}
            return Outcome.failed(("request_validator",), observed, VALIDATION_EXPECTED)
    return Outcome.passed(("request_validator",), validator.get("name"), VALIDATION_EXPECTED)


# --- request body schemas --------------------------------------------------------------------

SCHEMA_EXPECTED = "every JSON, XML or form media type of the request body has a non-empty schema"


def openapi_request_body_schema(resource: Resource, context: Any) -> Outcome:
    body = resource.attributes.get("request_body")
    if isinstance(body, Unknown):
        return Outcome.unknown(("request_body",), body, SCHEMA_EXPECTED)
    content = body.get("content") if isinstance(body, dict) else None
    if isinstance(content, Unknown):
        return Outcome.unknown(("request_body", "content"), content, SCHEMA_EXPECTED)
    undecided: Outcome | None = None
    for media_type, entry in (content or {}).items():
        if not _STRUCTURED.match(media_type):
            continue
        path: Path = ("request_body", "content", media_type, "schema")
        schema = entry.get("schema") if isinstance(entry, dict) else entry
        if isinstance(schema, Unknown):
            undecided = undecided or Outcome.unknown(path, schema, SCHEMA_EXPECTED)
        elif schema is None or schema == {}:
            return Outcome.failed(path, schema, SCHEMA_EXPECTED)
    return undecided or Outcome.passed(("request_body",), None, SCHEMA_EXPECTED)


# --- unbounded strings -----------------------------------------------------------------------

STRING_EXPECTED = ("every string in the request body and query parameters has maxLength, enum, a "
                   "fixed-size format or an anchored pattern without open-ended repetition")


def _bounded_pattern(pattern: Any) -> bool:
    if not isinstance(pattern, str) or not pattern.startswith("^") or not pattern.endswith("$"):
        return False
    if pattern.endswith("\\$"):
        return False
    plain = re.sub(r"\\.", "", pattern)
    plain = re.sub(r"\[[^\]]*\]", "", plain)
    return not _OPEN_REPEAT.search(plain)


def _is_string(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    return kind == "string" or (isinstance(kind, list) and "string" in kind)


def _unbounded(schema: dict[str, Any]) -> bool:
    if schema.get("format") in _FILE_FORMATS:
        return False
    if any(key in schema for key in ("maxLength", "enum", "const")):
        return False
    return schema.get("format") not in _BOUNDED_FORMATS and not _bounded_pattern(schema.get("pattern"))


def _children(schema: dict[str, Any], path: Path) -> Iterator[tuple[Path, Any]]:
    for key in ("properties", "patternProperties"):
        members = schema.get(key)
        if isinstance(members, dict):
            yield from (((*path, key, name), item) for name, item in members.items())
    for key in ("items", "additionalProperties", "not"):
        item = schema.get(key)
        if isinstance(item, (dict, Unknown)):
            yield (*path, key), item
    for key in ("items", "prefixItems", "allOf", "anyOf", "oneOf"):
        items = schema.get(key)
        if isinstance(items, list):
            yield from (((*path, key, index), item) for index, item in enumerate(items))


def _first_unbounded(schema: Any, path: Path) -> tuple[Outcome | None, Outcome | None]:
    """(failure, undecided) for one schema: the first unbounded string, or an unknown part."""
    undecided: Outcome | None = None
    stack = [(path, schema)]
    seen = 0
    while stack:
        seen += 1
        if seen > _MAX_SCHEMA_NODES:
            return None, undecided or Outcome.unknown(path, "schema too large to walk", STRING_EXPECTED)
        where, node = stack.pop()
        if isinstance(node, Unknown):
            if node.kind is not UnknownKind.CYCLE:  # a cycle is walked once
                undecided = undecided or Outcome.unknown(where, node, STRING_EXPECTED)
            continue
        if not isinstance(node, dict):
            continue
        if _is_string(node) and _unbounded(node):
            return Outcome.failed(where, {k: v for k, v in node.items() if k != "description"},
                                  STRING_EXPECTED), None
        stack.extend(reversed(list(_children(node, where))))
    return None, undecided


def _inputs(resource: Resource) -> Iterator[tuple[Path, Any]]:
    body = resource.attributes.get("request_body")
    if isinstance(body, Unknown):
        yield ("request_body",), body
    elif isinstance(body, dict):
        content = body.get("content")
        if isinstance(content, Unknown):
            yield ("request_body", "content"), content
        elif isinstance(content, dict):
            for media_type, entry in content.items():
                schema = entry.get("schema") if isinstance(entry, dict) else entry
                yield ("request_body", "content", media_type, "schema"), schema
    parameters = resource.attributes.get("parameters")
    if isinstance(parameters, Unknown):
        yield ("parameters",), parameters
        return
    for index, parameter in enumerate(parameters if isinstance(parameters, list) else []):
        if isinstance(parameter, Unknown):
            yield ("parameters", index), parameter
        elif isinstance(parameter, dict) and parameter.get("in") == "query":
            if "schema" in parameter:  # OpenAPI 3; Swagger 2 writes the schema in the parameter
                yield ("parameters", index, "schema"), parameter["schema"]
            else:
                yield ("parameters", index), parameter


def openapi_bounded_strings(resource: Resource, context: Any) -> Outcome:
    undecided: Outcome | None = None
    for path, schema in _inputs(resource):
        failed, unknown = _first_unbounded(schema, path)
        if failed is not None:
            return failed
        undecided = undecided or unknown
    return undecided or Outcome.passed((), None, STRING_EXPECTED)


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "openapi_aws_rest_input_operation": openapi_aws_rest_input_operation,
    "openapi_aws_request_validated": openapi_aws_request_validated,
    "openapi_request_body_schema": openapi_request_body_schema,
    "openapi_bounded_strings": openapi_bounded_strings,
}
