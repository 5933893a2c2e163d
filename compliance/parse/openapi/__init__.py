"""OpenAPI 2.0 (Swagger) and 3.x documents, YAML or JSON, with AWS API Gateway and Google API
Gateway / Cloud Endpoints extensions, as resources.

Every operation is an `openapi_operation` resource named `GET /pets` (`ANY` for
`x-amazon-apigateway-any-method`), at address `<api>:GET /pets` where `<api>` is a slug of
`info.title`; the document itself is an `openapi_api` resource at `<api>:api`. Local `$ref`s
are resolved (see `openapi_refs`); external ones, recursive ones and template placeholders
(`${...}`, `{{ ... }}`) are Unknown. Attributes of an operation:

    method, path, operation_id     "GET", "/pets/{id}", operationId or None
    <own keys>                     every other key of the operation as written, refs resolved
                                   (summary, tags, responses, x-amazon-apigateway-integration...)
    parameters                     path-item and operation parameters, the operation's winning
                                   by (name, in); in 2.0 without body/formData parameters
    request_body                   3.x requestBody; in 2.0 the body (or formData) parameters as
                                   {content: {<consumes or */*>: {schema}}, required, description}
    responses                      as written, refs resolved (None when absent)
    security                       the effective requirements: the operation's `security` if set
                                   (`[]` included), else the document's, else [];
                                   [{schemes: [{name, scopes, definition}]}], definition being
                                   the scheme object (Unknown when the scheme is not defined)
    security_source                "operation" | "document" | "none"
    authenticated                  every requirement has a defined scheme (`{}` lets anyone in),
                                   or x-amazon-apigateway-auth.type is AWS_IAM; Unknown when a
                                   templated or unresolvable scheme decides
    api_key_required               every requirement has an API key scheme (an apiKey scheme
                                   that is not an AWS authorizer)
    aws_auth_type                  x-amazon-apigateway-auth.type or None
    request_validator              {name, validateRequestBody, validateRequestParameters} chosen
                                   by the operation's x-amazon-apigateway-request-validator, else
                                   the document's; None when neither names one
    integration                    x-amazon-apigateway-integration or None
    backend                        x-google-backend of the operation, else of the document
    servers / schemes              in effect (3.x servers: operation, path item, document;
                                   2.0 schemes: operation, document); None when unstated

Attributes of the API: version ("2.0", "3.0.3"), title, info, servers, host, basePath,
schemes, security_schemes (name -> scheme object), global_security (the document's `security`
expanded as above) and global_authenticated, operation_count, request_validators,
default_request_validator, resource_policy, endpoint_configuration, api_key_source, cors,
gateway_responses, binary_media_types, minimum_compression_size, google_backend; and every
top-level `x-` key as written.

Lines: what is written in the operation keeps its line; what a `$ref` brings in is shown at
the `$ref`; document-level settings (global security, scheme definitions, the default
validator) are shown where the document defines them.
"""

from __future__ import annotations

import re
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compliance.model import Location, Resource, Unknown
from compliance.model.identity import identity
from compliance.parse.openapi.operation import (
    VALIDATOR,
    VALIDATORS,
    ApiContext,
    Attributes,
    PathItem,
    operation_attributes,
    request_validator,
)
from compliance.parse.openapi.refs import RefResolver, Resolved
from compliance.parse.openapi.security import SecuritySchemes, document_security
from compliance.parse.templates import mark_placeholders, placeholder_unknown
from compliance.parse.yaml_nodes import (
    Converted,
    Document,
    DocumentTooLarge,
    Problem,
    SourceLines,
    check_bounds,
    child_path,
    convert,
    parse_documents,
)

METHODS = {"get": "GET", "put": "PUT", "post": "POST", "delete": "DELETE", "options": "OPTIONS",
           "head": "HEAD", "patch": "PATCH", "trace": "TRACE", "x-amazon-apigateway-any-method": "ANY"}

# API attribute -> top-level key it is read from
_API_EXTENSIONS = {
    "resource_policy": "x-amazon-apigateway-policy",
    "endpoint_configuration": "x-amazon-apigateway-endpoint-configuration",
    "api_key_source": "x-amazon-apigateway-api-key-source",
    "cors": "x-amazon-apigateway-cors",
    "gateway_responses": "x-amazon-apigateway-gateway-responses",
    "request_validators": VALIDATORS,
    "binary_media_types": "x-amazon-apigateway-binary-media-types",
    "minimum_compression_size": "x-amazon-apigateway-minimum-compression-size",
    "google_backend": "x-google-backend",
}


def parse(text: str) -> dict[str, Any]:
    return parse_documents(text, _read_document)


def _read_document(document: Document, source: SourceLines, resources: list[Resource],
                   problems: list[Problem]) -> None:
    node = document.node
    if not isinstance(node, MappingNode):
        return
    version_entry = _version_entry(node)
    if version_entry is None:
        return  # not an OpenAPI document
    version_key, version_node = version_entry
    version_line = version_node.start_mark.line + document.line_offset + 1
    try:
        check_bounds(node)
    except DocumentTooLarge as exc:
        problems.append(Problem(node.start_mark.line + document.line_offset + 1, str(exc)))
        return
    version = _version(version_key, version_node, version_line, problems)
    if version is None:
        return
    converted = convert(node, document.line_offset, source, placeholders=False)
    problems.extend(converted.problems)
    api = _api_context(mark_placeholders(converted.value), converted.lines, version_key == "swagger",
                       version, problems)
    title = api.document["info"].get("title") if isinstance(api.document.get("info"), dict) else None
    slug = _slug(title)
    operations = [
        Resource(platform="openapi", type="openapi_operation", name=f"{method} {path}",
                 address=f"{slug}:{method} {path}", attributes=attributes,
                 location=Location("", start, end), lines=lines)
        for method, path, attributes, lines, start, end in _operations(api, node, document, source)
    ]
    resources.append(_api_resource(api, version, title, slug, len(operations), converted))
    resources.extend(operations)
    _report_external_refs(api.resolver, problems)
    problems.extend(api.resolver.problems)


def _api_context(doc: dict[str, Any], doc_lines: dict[str, int], swagger: bool, version: str | Unknown,
                 problems: list[Problem]) -> ApiContext:
    resolver = RefResolver(doc, doc_lines,
                           keep_ref_siblings=isinstance(version, str) and version[:3] in ("3.1", "3.2"))
    if swagger:
        schemes = SecuritySchemes(resolver, doc.get("securityDefinitions"), "securityDefinitions")
    else:
        components = doc.get("components")
        raw = components.get("securitySchemes") if isinstance(components, dict) else components
        schemes = SecuritySchemes(resolver, raw, "components.securitySchemes")
    return ApiContext(doc, resolver, schemes, swagger, problems)


def _report_external_refs(resolver: RefResolver, problems: list[Problem]) -> None:
    """One message for all external references: multi-file specs have many."""
    if not resolver.external_refs:
        return
    first_at, first = next(iter(resolver.external_refs.items()))
    more = len(set(resolver.external_refs.values())) - 1
    message = f"external $ref {first} not followed" + (f" (and {more} more)" if more else "")
    problems.append(Problem(resolver.doc_lines.get(first_at), message))


def _version_entry(node: MappingNode) -> tuple[str, Node] | None:
    entries = {key.value: value for key, value in node.value if isinstance(key, ScalarNode)}
    for key in ("openapi", "swagger"):
        if key in entries:
            return key, entries[key]
    return None


def _version(key: str, node: Node, line: int, problems: list[Problem]) -> str | Unknown | None:
    """The version as written (`3.0` stays "3.0", not a float); None when we can't read it."""
    text = node.value if isinstance(node, ScalarNode) else None
    unknown = placeholder_unknown(text) if isinstance(text, str) else None
    if unknown is not None:
        return unknown
    if key == "openapi" and isinstance(text, str) and text.startswith("3."):
        return text
    if key == "swagger" and text == "2.0":
        return text
    problems.append(Problem(line, f"unsupported {key} version {text!r}; document skipped"))
    return None


def _slug(title: Any) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") if isinstance(title, str) else ""
    return slug or "api"


# --- operations ------------------------------------------------------------------------------


def _operations(api: ApiContext, root: MappingNode, document: Document, source: SourceLines):
    """(method, path, attributes, lines, start line, end line) of every operation."""
    paths = api.document.get("paths")
    if paths is None:
        return
    node_index: dict[int, dict[str, Node]] = {}
    if not isinstance(paths, dict):
        what = "a template placeholder" if isinstance(paths, Unknown) else "not a mapping"
        api.problems.append(Problem(api.doc_lines.get("paths"), f"paths is {what}; no operations read"))
        return
    for path, item in paths.items():
        path_at = child_path("paths", path)
        if path.startswith("x-") or item is None:
            continue
        entries = _path_item(api, item, path_at, ("paths", path))
        if entries is None:
            continue
        item_settings: PathItem = {key: (value, at) for key, (value, at, _) in entries.items()}
        for key, (operation, operation_at, parts) in entries.items():
            method = METHODS.get(key)
            if method is None:
                continue
            if not isinstance(operation, dict):
                api.problems.append(Problem(api.doc_lines.get(operation_at),
                                            f"operation {method} {path} is not a mapping; skipped"))
                continue
            attributes, lines = operation_attributes(api, method, path, path_at, item_settings,
                                                     operation, operation_at)
            start = api.doc_lines.get(operation_at) or api.doc_lines.get(path_at) or 1
            end = _end_line(_node_at(root, parts, node_index), document.line_offset, source, start)
            yield method, path, attributes, lines, start, end


def _path_item(api: ApiContext, item: Any, at: str, parts: tuple[Any, ...]):
    """A path item's keys -> (value, document path, path parts), following a local `$ref`."""
    if not isinstance(item, dict):
        what = "a template placeholder" if isinstance(item, Unknown) else "not a mapping"
        api.problems.append(Problem(api.doc_lines.get(at),
                                    f"path item is {what}; its operations are not read"))
        return None
    entries: dict[str, tuple[Any, str, tuple[Any, ...]]] = {}
    ref = item.get("$ref")
    if ref is not None:
        ref_line = api.doc_lines.get(child_path(at, "$ref"))
        located = api.resolver.locate(ref) if isinstance(ref, str) and ref.startswith("#") else None
        if located is None or not isinstance(located[0], dict):
            shown = ref.reason if isinstance(ref, Unknown) else ref
            api.problems.append(Problem(ref_line, f"path item $ref {shown} not followed; "
                                                  "its operations are not read"))
        else:
            target, target_at, target_parts = located
            for key, value in target.items():
                entries[key] = (value, child_path(target_at, key), (*target_parts, key))
    for key, value in item.items():
        if key != "$ref":
            entries[key] = (value, child_path(at, key), (*parts, key))
    return entries


def _node_at(root: Node, parts: tuple[Any, ...], index: dict[int, dict[str, Node]]) -> Node | None:
    """The node at a document path; `index` keeps each mapping's keys, so that finding every
    operation of a document with thousands of paths stays linear."""
    node: Node | None = root
    for part in parts:
        if isinstance(node, MappingNode):
            keys = index.get(identity(node))
            if keys is None:
                keys = index[identity(node)] = {}
                for key, value in node.value:
                    if isinstance(key, ScalarNode):
                        keys[key.value] = value  # the last of duplicate keys, as converted
            node = keys.get(part)
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return None
    return node


def _end_line(node: Node | None, line_offset: int, source: SourceLines, start: int) -> int:
    """Last line of a node's content: a block collection ends with its last child's value
    (its own end mark is where the next token starts, past any trailing comments)."""
    if node is None:
        return start
    while isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, MappingNode) else last
    end = node.end_mark
    line = end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
    line = source.last_content_line(line + line_offset, start - 1) + 1
    return max(line, start)


# --- the API ---------------------------------------------------------------------------------


def _api_resource(api: ApiContext, version: str | Unknown, title: Any, slug: str,
                  operation_count: int, converted: Converted) -> Resource:
    doc = api.document
    attributes = Attributes()
    attributes.set("version", version, converted.lines.get("swagger" if api.swagger else "openapi"))
    attributes.set("title", title, converted.lines.get("info.title"))
    for key in ("info", "servers", "host", "basePath", "schemes"):
        attributes.set_resolved(key, api.resolve_key(doc, "", key))
    attributes.set_resolved("security_schemes", api.schemes.all())
    security = document_security(doc, api.schemes, api.problems)
    attributes.set_resolved("global_security", Resolved(security.requirements, security.lines))
    attributes.set("global_authenticated", security.authenticated, security.lines.get(""))
    attributes.set("operation_count", operation_count)
    for name, key in _API_EXTENSIONS.items():
        attributes.set_resolved(name, api.resolve_key(doc, "", key))
    attributes.set_resolved("default_request_validator",
                            request_validator(api, api.resolve_key(doc, "", VALIDATOR)))
    for key in doc:
        if key.startswith("x-"):
            attributes.set_resolved(key, api.resolve_key(doc, "", key))
    return Resource(
        platform="openapi", type="openapi_api",
        name=title if isinstance(title, str) and title else slug,
        address=f"{slug}:api", attributes=attributes.values,
        location=Location("", converted.start_line, converted.end_line),
        lines=attributes.lines,
    )
