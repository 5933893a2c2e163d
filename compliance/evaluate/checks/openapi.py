"""OpenAPI operations: which documents configure a gateway, and who such a gateway lets in.

Terms the OpenAPI controls share (attributes are those of `compliance.parsers.openapi`):

- A *gateway document* configures an API gateway rather than describing a service: it is
  embedded in a Terraform API resource (`api_resource_type`, see `compliance.embedded`), or
  it uses AWS API Gateway or Google API Gateway / Cloud Endpoints extensions: an operation's
  `x-amazon-apigateway-integration`, `x-amazon-apigateway-auth` or `x-google-backend`, a
  top-level `x-amazon-apigateway-*` or `x-google-*` key, or a security scheme with
  `x-amazon-apigateway-*` or `x-google-*` keys. In a gateway document an operation without
  `security` is open to anyone; in a plain description of a service it only means that the
  document does not say, so controls about who gets in judge gateway documents only.
- A *CORS preflight* operation is an OPTIONS operation whose AWS integration is a `mock`:
  the gateway answers it without calling a backend, and browsers send preflights without
  credentials, so it can't require them.
- An *API-key-only* requirement is a security requirement whose every scheme is an API key
  (`type: apiKey`, not an AWS Lambda/Cognito/SigV4 authorizer, which AWS also writes as
  `apiKey`). An API key identifies a calling application for quotas and metering; it is
  shared, long-lived, sent on every call and often shipped in client code, so it does not
  authenticate a user or a service. Operations whose only way in is an API key are reported
  by their own control, not as unauthenticated.
"""

from __future__ import annotations

from typing import Any

from compliance.model import Outcome, Resource, Unknown

AWS, GOOGLE = "aws", "google"
REST, HTTP = "rest", "http"
_AWS_PREFIX, _GOOGLE_PREFIX = "x-amazon-apigateway-", "x-google-"
_AWS_AUTHORIZER_KEYS = ("x-amazon-apigateway-authtype", "x-amazon-apigateway-authorizer")
_TERRAFORM_KINDS = {
    "aws_api_gateway_rest_api": (AWS, REST),
    "aws_apigatewayv2_api": (AWS, HTTP),
    "google_api_gateway_api_config": (GOOGLE, None),
    "google_endpoints_service": (GOOGLE, None),
}
# top-level extensions only REST APIs accept (HTTP APIs have no validators, API keys, gateway
# responses, resource policies or binary media types)
_REST_ONLY_KEYS = ("request_validators", "api_key_source", "gateway_responses", "resource_policy",
                   "binary_media_types", "minimum_compression_size")
_REST_ONLY_INTEGRATIONS = ("aws", "http", "mock")  # HTTP APIs take proxy integrations only

# path segments of administrative, debugging, monitoring and documentation endpoints
INTERNAL_SEGMENTS = frozenset({
    "admin", "_admin", "actuator", "debug", "_debug", "__debug__", "internal", "_internal",
    "metrics", "prometheus", "heapdump", "threaddump", "jolokia", "phpinfo", "graphiql",
    "swagger", "swagger-ui", "swagger-ui.html", "swagger.json", "swagger.yaml",
    "api-docs", "openapi.json", "openapi.yaml", "redoc",
})


# --- the document an operation belongs to ----------------------------------------------------


def api_document(resource: Resource, context: Any) -> Resource | None:
    """The `openapi_api` resource of an operation's document (the resource itself for one)."""
    if resource.type == "openapi_api":
        return resource
    index = getattr(context, "index", None)
    if index is None:
        return None
    address = resource.attributes.get("api_document")
    if not isinstance(address, str):
        address = resource.address.split(":", 1)[0] + ":api"
    found = [r for r in index.lookup(resource.scope, address)
             if r.address == address and r.type == "openapi_api"]
    return found[0] if len(found) == 1 else None


def terraform_api(resource: Resource, context: Any) -> Resource | None:
    """The Terraform resource an embedded document comes from."""
    address = resource.attributes.get("api_resource")
    index = getattr(context, "index", None)
    if not isinstance(address, str) or index is None:
        return None
    found = [r for r in index.lookup(resource.scope, address) if r.address == address]
    return found[0] if len(found) == 1 else None


def gateway(resource: Resource, context: Any) -> str | None:
    """AWS, GOOGLE, or None for a plain (non-gateway) document."""
    kind = _TERRAFORM_KINDS.get(resource.attributes.get("api_resource_type"))
    if kind is not None:
        return kind[0]
    attributes = resource.attributes
    if resource.type == "openapi_operation":
        if attributes.get("integration") is not None or attributes.get("aws_auth_type") is not None:
            return AWS
        if attributes.get("backend") is not None:
            return GOOGLE
    document = api_document(resource, context)
    return _document_vendor(document) if document is not None else None


def _document_vendor(document: Resource) -> str | None:
    keys = [key for key in document.attributes if key.startswith("x-")]
    schemes = document.attributes.get("security_schemes")
    if isinstance(schemes, dict):
        for scheme in schemes.values():
            if isinstance(scheme, dict):
                keys += [key for key in scheme if isinstance(key, str)]
    if any(key.startswith(_AWS_PREFIX) for key in keys):
        return AWS
    if any(key.startswith(_GOOGLE_PREFIX) for key in keys):
        return GOOGLE
    return None


def aws_api_kind(resource: Resource, context: Any) -> str | None:
    """REST or HTTP for an AWS document; None when it can't be told."""
    kind = _TERRAFORM_KINDS.get(resource.attributes.get("api_resource_type"))
    if kind is not None:
        return kind[1]
    document = api_document(resource, context)
    if document is None:
        return None
    attributes = document.attributes
    if attributes.get("cors") is not None or "x-amazon-apigateway-importexport-version" in attributes:
        return HTTP
    integration = resource.attributes.get("integration")
    if isinstance(integration, dict):
        if integration.get("payloadFormatVersion") is not None:
            return HTTP
        kind_name = integration.get("type")
        if isinstance(kind_name, str) and kind_name.lower() in _REST_ONLY_INTEGRATIONS:
            return REST
    if any(attributes.get(key) not in (None, {}, []) for key in _REST_ONLY_KEYS):
        return REST
    return None


def is_preflight(resource: Resource) -> bool:
    integration = resource.attributes.get("integration")
    kind = integration.get("type") if isinstance(integration, dict) else None
    return (resource.attributes.get("method") == "OPTIONS" and isinstance(kind, str)
            and kind.lower() == "mock")


def applies(condition: bool | None, why: str) -> Outcome:
    """An Outcome for a check used as `where`: pass applies, fail skips, unknown is unknown."""
    if condition is None:
        return Outcome.unknown((), why)
    return Outcome.passed((), why) if condition else Outcome.failed((), why)


# --- where: which operations ---------------------------------------------------------------


def openapi_gateway_operation(resource: Resource, context: Any, vendor: str | None = None) -> Outcome:
    """Applies to operations of gateway documents (of one vendor when given), except CORS
    preflights."""
    found = gateway(resource, context)
    wanted = found is not None and (vendor is None or found == vendor)
    return applies(wanted and not is_preflight(resource), "an operation of a gateway document")


def openapi_internal_route(resource: Resource, context: Any) -> Outcome:
    """Applies to gateway operations on a path with an administrative or documentation
    segment (INTERNAL_SEGMENTS, compared without case)."""
    path = resource.attributes.get("path")
    segments = {segment.lower() for segment in path.split("/")} if isinstance(path, str) else set()
    internal = bool(segments & INTERNAL_SEGMENTS)
    return applies(internal and gateway(resource, context) is not None and not is_preflight(resource),
                   "an internal or documentation route of a gateway")


# --- API keys --------------------------------------------------------------------------------

KEY_ONLY_EXPECTED = ("every security requirement includes a scheme that authenticates the "
                     "caller (OAuth2, OpenID Connect, JWT, HTTP, mutual TLS, an AWS or Google "
                     "authorizer), not only an API key")


def _is_api_key(definition: Any) -> bool | None:
    if isinstance(definition, Unknown):
        return None
    if not isinstance(definition, dict):
        return None
    kind = definition.get("type")
    if isinstance(kind, Unknown):
        return None
    return kind == "apiKey" and not any(key in definition for key in _AWS_AUTHORIZER_KEYS)


def openapi_not_api_key_only(resource: Resource, context: Any) -> Outcome:
    """Fails when one of the operation's alternative security requirements can be met with
    API keys alone (see the module doc)."""
    attributes = resource.attributes
    auth_type = attributes.get("aws_auth_type")
    if isinstance(auth_type, str) and auth_type.upper() == "AWS_IAM":
        return Outcome.passed(("aws_auth_type",), auth_type, KEY_ONLY_EXPECTED)
    security = attributes.get("security")
    if isinstance(security, Unknown):
        return Outcome.unknown(("security",), security, KEY_ONLY_EXPECTED)
    if not isinstance(security, list):
        return Outcome.passed(("security",), None, KEY_ONLY_EXPECTED)
    undecided: Outcome | None = None
    for index, requirement in enumerate(security):
        schemes = requirement.get("schemes") if isinstance(requirement, dict) else requirement
        if isinstance(schemes, Unknown) or not isinstance(schemes, list):
            undecided = undecided or Outcome.unknown(("security", index), schemes, KEY_ONLY_EXPECTED)
            continue
        verdicts = [_is_api_key(scheme.get("definition")) if isinstance(scheme, dict) else None
                    for scheme in schemes]
        if not verdicts or False in verdicts:
            continue  # anyone (another control's finding), or a real authenticating scheme
        names = [scheme.get("name") for scheme in schemes if isinstance(scheme, dict)]
        if all(verdicts):
            return Outcome.failed(("security", index), names, KEY_ONLY_EXPECTED)
        undecided = undecided or Outcome.unknown(("security", index), names, KEY_ONLY_EXPECTED)
    return undecided or Outcome.passed(("security",), None, KEY_ONLY_EXPECTED)


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "openapi_gateway_operation": openapi_gateway_operation,
    "openapi_internal_route": openapi_internal_route,
    "openapi_not_api_key_only": openapi_not_api_key_only,
}
