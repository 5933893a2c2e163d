"""AWS API Gateway settings found in OpenAPI documents (and the Terraform resources that
override them): backend TLS, credentials written into integrations, and the default
`execute-api` endpoint next to a custom domain.

- Backend TLS: an HTTP integration (`type: http` or `http_proxy`) whose `uri` is `http://`
  sends requests to the backend in clear; `tlsConfig.insecureSkipVerification: true` accepts
  any certificate from an `https://` backend. An HTTP API integration through a VPC link names
  a load balancer listener (an ARN) whose protocol the document does not say: unknown. Lambda
  and AWS service integrations are always called over HTTPS.
- Literal credentials: an integration's `requestParameters` that set a credential header or
  query string parameter (`Authorization`, `Proxy-Authorization`, or a name that denotes a
  credential: `x-api-key`, `client_secret`, `token`, ...) to a constant. In a REST API a
  constant is written in single quotes (`'Bearer abc...'`); in an HTTP API it is any value that
  is not a `$request`, `$context` or `$stageVariables` mapping. The value is a credential in
  clear unless it is a placeholder, a reference, or only a scheme word.
- Default endpoint: an API with a custom domain (an `aws_api_gateway_base_path_mapping` or
  `aws_apigatewayv2_api_mapping` whose `api_id` refers to it) can still be called at
  `https://{api-id}.execute-api.{region}.amazonaws.com` unless that endpoint is disabled,
  which bypasses what the domain adds (mutual TLS, its own access logs, a CloudFront
  distribution). Disabled means `disable_execute_api_endpoint = true` on the Terraform
  resource, or `x-amazon-apigateway-endpoint-configuration.disableExecuteApiEndpoint: true` in
  its OpenAPI `body` (for a REST API, a Terraform `true` overrides the document, a `false` does
  not; for an HTTP API a value set in Terraform wins).
"""

from __future__ import annotations

import re
from typing import Any

from compliance.model import Outcome, Path, Resource, Unknown
from compliance.model.masking import is_credential_value, names_credential

_HTTP_TYPES = ("http", "http_proxy")
_CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
_REST_TARGET = re.compile(r"^integration\.request\.(header|querystring)\.(.+)$", re.I)
_HTTP_TARGET = re.compile(r"^(overwrite|append):(header|querystring)\.(.+)$", re.I)
_SCHEME_ONLY = re.compile(r"^(bearer|basic|token|apikey|digest)?\s*$", re.I)
_SCHEME_PREFIX = re.compile(r"^(bearer|basic|token|apikey|digest)\s+", re.I)


def _true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


# --- backend TLS -------------------------------------------------------------------------------

TLS_EXPECTED = ("HTTP integrations call an https:// backend and verify its certificate "
                "(no insecureSkipVerification)")


def openapi_aws_integration_tls(resource: Resource, context: Any) -> Outcome:
    integration = resource.attributes.get("integration")
    if isinstance(integration, Unknown):
        return Outcome.unknown(("integration",), integration, TLS_EXPECTED)
    if not isinstance(integration, dict):
        return Outcome.passed(("integration",), None, TLS_EXPECTED)
    kind = integration.get("type")
    if isinstance(kind, Unknown):
        return Outcome.unknown(("integration", "type"), kind, TLS_EXPECTED)
    if not isinstance(kind, str) or kind.lower() not in _HTTP_TYPES:
        return Outcome.passed(("integration", "type"), kind, TLS_EXPECTED)
    tls = integration.get("tlsConfig")
    skip = tls.get("insecureSkipVerification") if isinstance(tls, dict) else None
    uri = integration.get("uri")
    if isinstance(uri, str) and uri.strip().lower().startswith("http://"):
        return Outcome.failed(("integration", "uri"), uri, TLS_EXPECTED)
    if _true(skip):
        return Outcome.failed(("integration", "tlsConfig", "insecureSkipVerification"), skip,
                              TLS_EXPECTED)
    if isinstance(uri, Unknown) or isinstance(skip, Unknown) or isinstance(tls, Unknown):
        unknown = next(v for v in (uri, tls, skip) if isinstance(v, Unknown))
        return Outcome.unknown(("integration", "uri"), unknown, TLS_EXPECTED)
    if isinstance(uri, str) and uri.strip().lower().startswith("https://"):
        return Outcome.passed(("integration", "uri"), uri, TLS_EXPECTED)
    return Outcome.unknown(("integration", "uri"), f"the backend's scheme is not in {uri!r}",
                           TLS_EXPECTED)


# --- credentials in integration request parameters --------------------------------------------

CREDENTIAL_EXPECTED = ("integration request parameters take credentials from the request, a "
                       "stage variable or the authorizer, never a constant")


def _constant(target: str, value: Any) -> tuple[str, str] | None:
    """(parameter name, constant value) when `target` sets a header or query parameter to a
    constant; None otherwise."""
    if not isinstance(value, str):
        return None
    rest = _REST_TARGET.match(target)
    if rest is not None:
        text = value.strip()
        if len(text) >= 2 and text.startswith("'") and text.endswith("'"):
            return rest.group(2), text[1:-1]
        return None
    http = _HTTP_TARGET.match(target)
    if http is not None and "$" not in value:
        return http.group(3), value
    return None


def _is_literal_credential(name: str, constant: str) -> bool:
    if name.lower() not in _CREDENTIAL_HEADERS and not names_credential(name):
        return False
    secret = _SCHEME_PREFIX.sub("", constant.strip())
    return not _SCHEME_ONLY.match(secret) and is_credential_value(secret)


def openapi_no_literal_integration_credentials(resource: Resource, context: Any) -> Outcome:
    integration = resource.attributes.get("integration")
    parameters = integration.get("requestParameters") if isinstance(integration, dict) else None
    base: Path = ("integration", "requestParameters")
    if isinstance(parameters, Unknown):
        return Outcome.unknown(base, parameters, CREDENTIAL_EXPECTED)
    if not isinstance(parameters, dict):
        return Outcome.passed(base, None, CREDENTIAL_EXPECTED)
    for target, value in parameters.items():
        constant = _constant(str(target), value)
        if constant is not None and _is_literal_credential(*constant):
            return Outcome.failed((*base, target), value, CREDENTIAL_EXPECTED)
    return Outcome.passed(base, None, CREDENTIAL_EXPECTED)


# --- the default execute-api endpoint ----------------------------------------------------------

ENDPOINT_EXPECTED = ("the default execute-api endpoint is disabled (disable_execute_api_endpoint, "
                     "or disableExecuteApiEndpoint in the OpenAPI body) when a custom domain "
                     "serves the API")
_MAPPINGS = {
    "aws_api_gateway_rest_api": "aws_api_gateway_base_path_mapping",
    "aws_apigatewayv2_api": "aws_apigatewayv2_api_mapping",
}


def _document_setting(resource: Resource, context: Any) -> tuple[Any, Resource | None]:
    """disableExecuteApiEndpoint of the API's embedded OpenAPI document, and that document."""
    index = getattr(context, "index", None)
    if index is None:
        return None, None
    for document in index.of_types(["openapi_api"]):
        if (document.scope == resource.scope
                and document.attributes.get("api_resource") == resource.address):
            configuration = document.attributes.get("endpoint_configuration")
            if isinstance(configuration, Unknown):
                return configuration, document
            if isinstance(configuration, dict):
                return configuration.get("disableExecuteApiEndpoint"), document
            return None, document
    return None, None


def _custom_domain(resource: Resource, context: Any) -> str | Unknown | None:
    """The address of a mapping that puts the API behind a custom domain, Unknown when one
    may, None when none does."""
    mapping_type = _MAPPINGS.get(resource.type)
    graph = getattr(context, "graph", None)
    if mapping_type is None or graph is None:
        return None
    for other, path in graph.referrers(resource):
        if other.type == mapping_type and path[:1] == ("api_id",):
            return other.address
    index = context.index
    for other in index.of_types([mapping_type]):
        value = other.attributes.get("api_id")
        if other.scope == resource.scope and isinstance(value, Unknown) and not value.refs:
            return Unknown(f"{other.address}.api_id is {value}")
    return None


def aws_apigw_default_endpoint_disabled(resource: Resource, context: Any) -> Outcome:
    setting = resource.attributes.get("disable_execute_api_endpoint")
    if _true(setting):
        return Outcome.passed(("disable_execute_api_endpoint",), setting, ENDPOINT_EXPECTED)
    rest = resource.type == "aws_api_gateway_rest_api"
    from_document, document = _document_setting(resource, context)
    if (rest or setting is None) and _true(from_document):
        return Outcome.passed(("body",), "disableExecuteApiEndpoint: true in the OpenAPI body",
                              ENDPOINT_EXPECTED)
    if isinstance(setting, Unknown):
        return Outcome.unknown(("disable_execute_api_endpoint",), setting, ENDPOINT_EXPECTED)
    if (rest or setting is None) and isinstance(from_document, Unknown):
        return Outcome.unknown(("body",), from_document, ENDPOINT_EXPECTED)
    domain = _custom_domain(resource, context)
    if domain is None:
        return Outcome.passed(("disable_execute_api_endpoint",), "no custom domain", ENDPOINT_EXPECTED)
    if isinstance(domain, Unknown):
        return Outcome.unknown(("disable_execute_api_endpoint",), domain, ENDPOINT_EXPECTED)
    observed = f"default endpoint enabled; custom domain through {domain}"
    if document is not None and setting is None:
        observed += f"; neither this argument nor the OpenAPI body ({document.location.file}) disables it"
    return Outcome.failed(("disable_execute_api_endpoint",), observed, ENDPOINT_EXPECTED)


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "openapi_aws_integration_tls": openapi_aws_integration_tls,
    "openapi_no_literal_integration_credentials": openapi_no_literal_integration_credentials,
    "aws_apigw_default_endpoint_disabled": aws_apigw_default_endpoint_disabled,
}
