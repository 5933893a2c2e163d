"""AWS API Gateway extensions, as they apply to an operation or to the Terraform API that
embeds the document.

- The integration's uri scheme: the scheme of `x-amazon-apigateway-integration.uri`
  (lowercase); unknown when the uri names none, as the ARN of a VPC link's load balancer
  listener, whose protocol the document does not say (or of a Lambda function or AWS
  service, which API Gateway calls over HTTPS).
- What the request validator in effect validates: `validateRequestBody` and
  `validateRequestParameters` of the validator the operation (else the document) selects,
  shown where it is selected.
- The endpoint configuration of an embedded document: the
  `x-amazon-apigateway-endpoint-configuration` of the OpenAPI `body` of an
  `aws_api_gateway_rest_api` or `aws_apigatewayv2_api`, shown at `body`.
"""

from __future__ import annotations

import re
from typing import Any

from compliance.model import Resource, Unknown
from compliance.parse.openapi.refs import Resolved

TERRAFORM_APIS = ("aws_api_gateway_rest_api", "aws_apigatewayv2_api")
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*)://")


def _shown_at(resource: Resource, *path: str) -> dict[str, int]:
    line = resource.line_of(path)
    return {"": line} if line is not None else {}


def integration_uri_scheme(operation: Resource) -> Resolved | None:
    integration = operation.attributes.get("integration")
    if isinstance(integration, Unknown):
        return Resolved(integration, _shown_at(operation, "integration"))
    if not isinstance(integration, dict):
        return None
    uri = integration.get("uri")
    match = _SCHEME.match(uri) if isinstance(uri, str) else None
    if isinstance(uri, Unknown):
        scheme: Any = uri
    elif match is not None:
        scheme = match.group(1).lower()
    else:
        scheme = Unknown(f"the backend's scheme is not in {uri!r}")
    return Resolved(scheme, _shown_at(operation, "integration", "uri"))


def _true(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def validates(operation: Resource, setting: str) -> Resolved | None:
    """Whether the request validator in effect has `setting` (validateRequestBody,
    validateRequestParameters) true."""
    validator = operation.attributes.get("request_validator")
    if validator is None:
        return None
    value = validator.get(setting) if isinstance(validator, dict) else validator
    return Resolved(_true(value), _shown_at(operation, "request_validator"))


def body_endpoint_configuration(api: Resource, document: Resource) -> Resolved:
    return Resolved(document.attributes.get("endpoint_configuration"), _shown_at(api, "body"))
