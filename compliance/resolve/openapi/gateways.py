"""Which gateway an OpenAPI document configures, and what kind of API it is.

A document configures an API gateway, rather than describing a service, when it is embedded
in a Terraform API resource (`api_resource_type`, set by `compliance.resolve.embedded`) or
uses AWS API Gateway or Google API Gateway / Cloud Endpoints extensions: an operation's
`x-amazon-apigateway-integration`, `x-amazon-apigateway-auth` or `x-google-backend`, a
top-level `x-amazon-apigateway-*` or `x-google-*` key, or a security scheme with
`x-amazon-apigateway-*` or `x-google-*` keys.

An AWS document is for a REST API or an HTTP API. Embedded, the Terraform type says which;
standalone, `x-amazon-apigateway-cors`, `x-amazon-apigateway-importexport-version` or an
integration's `payloadFormatVersion` exist only in HTTP APIs, and `aws`, `http` and `mock`
integrations and the extensions of request validators, API key source, gateway responses,
resource policy, binary media types and minimum compression size only in REST APIs.
"""

from __future__ import annotations

from collections import defaultdict

from compliance.model import Resource

AWS, GOOGLE = "aws", "google"
REST, HTTP = "rest", "http"
_AWS_PREFIX, _GOOGLE_PREFIX = "x-amazon-apigateway-", "x-google-"
# Terraform type of the embedding resource -> (gateway, AWS API type)
TERRAFORM_KINDS: dict[str, tuple[str, str | None]] = {
    "aws_api_gateway_rest_api": (AWS, REST),
    "aws_apigatewayv2_api": (AWS, HTTP),
    "google_api_gateway_api_config": (GOOGLE, None),
    "google_endpoints_service": (GOOGLE, None),
}
# document attributes (see `compliance.parse.openapi`) only REST APIs accept
_REST_ONLY = ("request_validators", "api_key_source", "gateway_responses", "resource_policy",
              "binary_media_types", "minimum_compression_size")
_REST_ONLY_INTEGRATIONS = ("aws", "http", "mock")  # HTTP APIs take proxy integrations only


class Documents:
    """The `openapi_api` resources of a scan, found by the operations they hold."""

    def __init__(self, resources: list[Resource]):
        self._by_address: dict[tuple[str, str], list[Resource]] = defaultdict(list)
        for resource in resources:
            if resource.platform == "openapi" and resource.type == "openapi_api":
                self._by_address[(resource.scope, resource.address)].append(resource)

    def of(self, operation: Resource) -> Resource | None:
        """The document of an operation (None when it is not unique in its scope)."""
        address = operation.attributes.get("api_document")
        if not isinstance(address, str):
            address = operation.address.split(":", 1)[0] + ":api"
        found = self._by_address.get((operation.scope, address), [])
        return found[0] if len(found) == 1 else None


def document_gateway(document: Resource) -> str | None:
    """AWS, GOOGLE, or None for a document that describes a service."""
    kind = TERRAFORM_KINDS.get(document.attributes.get("api_resource_type"))
    if kind is not None:
        return kind[0]
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


def operation_gateway(operation: Resource, document: Resource | None) -> str | None:
    kind = TERRAFORM_KINDS.get(operation.attributes.get("api_resource_type"))
    if kind is not None:
        return kind[0]
    attributes = operation.attributes
    if attributes.get("integration") is not None or attributes.get("aws_auth_type") is not None:
        return AWS
    if attributes.get("backend") is not None:
        return GOOGLE
    return document_gateway(document) if document is not None else None


def aws_api_type(operation: Resource, document: Resource | None) -> str | None:
    """REST or HTTP for an operation of an AWS document; None when it can't be told."""
    kind = TERRAFORM_KINDS.get(operation.attributes.get("api_resource_type"))
    if kind is not None:
        return kind[1]
    if document is None:
        return None
    settings = document.attributes
    if settings.get("cors") is not None or "x-amazon-apigateway-importexport-version" in settings:
        return HTTP
    integration = operation.attributes.get("integration")
    if isinstance(integration, dict):
        if integration.get("payloadFormatVersion") is not None:
            return HTTP
        kind_name = integration.get("type")
        if isinstance(kind_name, str) and kind_name.lower() in _REST_ONLY_INTEGRATIONS:
            return REST
    if any(settings.get(key) not in (None, {}, []) for key in _REST_ONLY):
        return REST
    return None


def is_cors_preflight(operation: Resource) -> bool:
    """An OPTIONS operation that AWS answers itself (a `mock` integration)."""
    integration = operation.attributes.get("integration")
    kind = integration.get("type") if isinstance(integration, dict) else None
    return (operation.attributes.get("method") == "OPTIONS" and isinstance(kind, str)
            and kind.lower() == "mock")
