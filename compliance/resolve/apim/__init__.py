"""The Azure API Management view: each scope's effective policy, the scope of standalone policy
files, and what is in front of a gateway, as derived attributes with lines.

APIM runs the policies of four nested scopes, global > product > API > operation; in each
section (inbound, backend, outbound, on-error) of a narrower scope, `<base />` runs the
enclosing scope's section at that position, and a section without `<base />` drops it. So what
a request to an API passes is the API's *effective* policy. The view works it out from what the
scan holds and adds, per resource type:

    apim_policy (a standalone policy file)
        effective_policy   see `attributes` (the file taken as the policy of its scope)
        scope_level        global | product | api | operation | unknown: its place in an APIOps
                           extractor layout (see `file_scopes`), unknown outside one
    azurerm_api_management_api                    effective_policy (of the API's scope)
    azurerm_api_management_api_operation          effective_policy (of the operation's scope)
    azurerm_api_management_api_operation_policy   effective_policy (of the operation it is for)
    azurerm_api_management
        fronted_by         the Application Gateways and Front Door origins in front of the
                           gateway, with their WAF modes (see `waf`)

Resources with `effective_policy` also get the anchor `$effective_policy`, so that conditions
can reach it from inside a quantifier.

The modules: `documents` (the document a resource holds: a policy file, or the
`policy_document` attached to a Terraform resource by `resolve.embedded.apim`);
`terraform_links` and `terraform_scopes` (scopes of Terraform resources, linked by name and
reference: `api_management_name`, `product_id`, `api_name`, `operation_id`); `file_scopes`
(scopes of standalone files, from the APIOps layout); `effective` (the routes of a section,
`<base />` resolved); `attributes` (those routes as an attribute with lines); `waf`. What can't
be known (a scope outside the scan, an unreadable document, a policy expression) is Unknown,
never a guess.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from compliance.model import Resource
from compliance.model.identity import identity
from compliance.resolve.apim.attributes import ATTRIBUTE, effective_policy
from compliance.resolve.apim.documents import PolicyDoc, policy_document
from compliance.resolve.apim.effective import Node
from compliance.resolve.apim.file_scopes import FileScopes
from compliance.resolve.apim.terraform_links import Links
from compliance.resolve.apim.terraform_scopes import TerraformScopes
from compliance.resolve.apim.waf import TYPES as WAF_TYPES
from compliance.resolve.apim.waf import Resources, fronted_by

__all__ = ["ApimModel", "apim_view"]

SERVICE = "azurerm_api_management"
_SCOPED = ("azurerm_api_management_api", "azurerm_api_management_api_operation",
           "azurerm_api_management_api_operation_policy")

# the Terraform types apim_view may add facts to (every resource of the apim platform too)
_GIVEN_FACTS = frozenset((*_SCOPED, SERVICE))


class ApimModel:
    """The scopes of the resources of one scan."""

    def __init__(self, resources: list[Resource]):
        self._documents: dict[int, PolicyDoc | None] = {}
        terraform: dict[str, list[Resource]] = defaultdict(list)
        files: list[Resource] = []
        for resource in resources:
            if resource.platform == "apim" and resource.type == "apim_policy":
                files.append(resource)
            elif resource.platform == "terraform" and (
                    resource.type.startswith(SERVICE) or resource.type in WAF_TYPES):
                terraform[resource.scope].append(resource)
        self._terraform_resources = terraform
        self._terraform: dict[str, TerraformScopes] = {}
        self.files = FileScopes(files, self.document)

    def document(self, resource: Resource) -> PolicyDoc | None:
        key = identity(resource)
        if key not in self._documents:
            self._documents[key] = policy_document(resource)
        return self._documents[key]

    def terraform(self, scope: str) -> TerraformScopes:
        if scope not in self._terraform:
            links = Links(self._terraform_resources.get(scope, []))
            self._terraform[scope] = TerraformScopes(links, self.document)
        return self._terraform[scope]

    def node(self, resource: Resource) -> Node | None:
        """The scope whose effective policy applies to requests reaching `resource`."""
        if resource.platform == "apim":
            return self.files.node(resource) if resource.type == "apim_policy" else None
        if resource.platform != "terraform" or resource.type not in _SCOPED:
            return None
        scopes = self.terraform(resource.scope)
        if resource.type == "azurerm_api_management_api":
            return scopes.api_node(resource)
        if resource.type == "azurerm_api_management_api_operation":
            return scopes.operation_node(resource)
        return scopes.operation_policy_node(resource)

    def in_front(self, service: Resource) -> list[dict[str, Any]]:
        return fronted_by(service, Resources(self._terraform_resources.get(service.scope, [])))


def apim_view(resources: list[Resource]) -> list[Resource]:
    """`resources` with the APIM facts added (see the module doc)."""
    if not any(r.platform == "apim" or r.type.startswith(SERVICE) for r in resources):
        return resources
    model = ApimModel(resources)
    flat: dict[int, Any] = {}  # flattened elements, shared by the resources of the scan
    result = []
    for resource in resources:
        platform, type_ = resource.platform, resource.type
        if platform != "apim" and (platform != "terraform" or type_ not in _GIVEN_FACTS):
            result.append(resource)  # most of a scan's resources: nothing to add
            continue
        added: dict[str, Any] = {}
        lines: dict[str, int] = {}
        node = model.node(resource)
        if node is not None:
            added[ATTRIBUTE], lines = effective_policy(resource, node, model.document(resource),
                                                       flat)
        if resource.platform == "apim" and resource.type == "apim_policy":
            added["scope_level"] = model.files.level(resource)
        if resource.platform == "terraform" and resource.type == SERVICE:
            added["fronted_by"] = model.in_front(resource)
        if not added:
            result.append(resource)
            continue
        anchors = {ATTRIBUTE: [ATTRIBUTE]} if ATTRIBUTE in added else {}
        result.append(resource.with_facts(added, lines, anchors))
    return result
