"""The OpenAPI view: facts about each operation and document that take the whole document,
or the Terraform resource it is embedded in, to work out. Controls judge them (which gateways
need authentication, which schemes authenticate, which protocols are plaintext).

Derived attributes, each with its line:

`openapi_operation`
    gateway                 "aws" | "google" | None: the gateway the document configures, None
                            for a document that describes a service (`gateways`)
    aws_api_type            "rest" | "http" | None: of an AWS document, when it can be told
    cors_preflight          an OPTIONS operation AWS answers itself (a `mock` integration):
                            browsers send preflights without credentials
    path_segments           the path split at "/", as written (`/v1/admin` -> [v1, admin])
    security[i].schemes[j].kind
                            api_key | aws_authorizer | the scheme's type (`security`)
    unbounded_strings       display paths of the request body and query strings without a
                            length bound, or Unknown when none is found but a part can't be
                            read (`strings`)
    unbounded_arrays        the same for arrays without maxItems (`strings`)
    integration_uri_scheme  scheme of the AWS integration's uri, Unknown when it names none
    validates_body, validates_parameters
                            what the AWS request validator in effect checks (`aws`)
    backend_host            host of the Google backend's address
    quota_charges           [{metric, cost, limit}]: the Google quota metrics the operation
                            charges, with the document's limit for each (`google`)
`openapi_api`
    gateway                 as for operations
    endpoints               [{url, scheme, host, local_host}] the API is offered at (`servers`)
`aws_api_gateway_rest_api`, `aws_apigatewayv2_api` with an OpenAPI `body` (Terraform, Pulumi or
    CloudFormation: a `Body` written as an object)
    body_endpoint_configuration
                            the body's x-amazon-apigateway-endpoint-configuration (`aws`)

A fact that does not apply (no integration, no backend, no validator, an operation that is not
Google's) is absent.
"""

from __future__ import annotations

from compliance.model import TERRAFORM_SHAPED, Resource
from compliance.parse.openapi.operation import Attributes
from compliance.resolve.openapi.aws import (
    TERRAFORM_APIS,
    body_endpoint_configuration,
    integration_uri_scheme,
    validates,
)
from compliance.resolve.openapi.gateways import (
    AWS,
    GOOGLE,
    Documents,
    aws_api_type,
    document_gateway,
    is_cors_preflight,
    operation_gateway,
)
from compliance.resolve.openapi.google import backend_host, metric_limits, quota_charges
from compliance.resolve.openapi.security import with_scheme_kinds
from compliance.resolve.openapi.servers import endpoints
from compliance.resolve.openapi.strings import unbounded_arrays, unbounded_strings

__all__ = ["openapi_view"]


def openapi_view(resources: list[Resource]) -> list[Resource]:
    documents = Documents(resources)
    embedded = _embedded_documents(resources)
    viewed = []
    for resource in resources:
        platform, type_ = resource.platform, resource.type
        if platform == "openapi":
            if type_ == "openapi_operation":
                resource = _operation(resource, documents.of(resource))
            elif type_ == "openapi_api":
                resource = _document(resource)
        elif type_ in TERRAFORM_APIS and platform in TERRAFORM_SHAPED:
            document = embedded.get((resource.scope, resource.address))
            if document is not None:
                facts = Attributes()
                facts.set_resolved("body_endpoint_configuration",
                                   body_endpoint_configuration(resource, document))
                resource = _with(resource, facts)
        viewed.append(resource)
    return viewed


def _embedded_documents(resources: list[Resource]) -> dict[tuple[str, str], Resource]:
    """(scope, Terraform address) -> the first document embedded in that resource."""
    found: dict[tuple[str, str], Resource] = {}
    for resource in resources:
        if resource.type != "openapi_api":  # (the type first: most resources are not)
            continue
        owner = resource.attributes.get("api_resource")
        if isinstance(owner, str):
            found.setdefault((resource.scope, owner), resource)
    return found


def _operation(operation: Resource, document: Resource | None) -> Resource:
    gateway = operation_gateway(operation, document)
    start = operation.location.start_line
    facts = Attributes()
    facts.set("gateway", gateway, start)
    facts.set("aws_api_type", aws_api_type(operation, document) if gateway == AWS else None,
              start)
    facts.set("cors_preflight", is_cors_preflight(operation), start)
    path = operation.attributes.get("path")
    facts.set("path_segments", [s for s in path.split("/") if s] if isinstance(path, str) else [],
              operation.line_of(("path",)))
    facts.set_resolved("security", with_scheme_kinds(operation))
    facts.set_resolved("unbounded_strings", unbounded_strings(operation))
    facts.set_resolved("unbounded_arrays", unbounded_arrays(operation))
    optional = {
        "integration_uri_scheme": integration_uri_scheme(operation),
        "validates_body": validates(operation, "validateRequestBody"),
        "validates_parameters": validates(operation, "validateRequestParameters"),
        "backend_host": backend_host(operation),
        "quota_charges": (quota_charges(operation, metric_limits(document))
                          if gateway == GOOGLE else None),
    }
    for name, resolved in optional.items():
        if resolved is not None:
            facts.set_resolved(name, resolved)
    return _with(operation, facts)


def _document(document: Resource) -> Resource:
    facts = Attributes()
    facts.set("gateway", document_gateway(document), document.location.start_line)
    facts.set_resolved("endpoints", endpoints(document))
    return _with(document, facts)


def _with(resource: Resource, facts: Attributes) -> Resource:
    """`resource` with the derived attributes and their lines (an operation's `security`
    keeps its lines and gains those of its schemes' kinds)."""
    return resource.with_facts(facts.values, facts.lines)
