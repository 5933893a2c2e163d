"""Azure API Management policies across scopes.

APIM runs the policies of four nested scopes, global > product > API > operation; in each
section (inbound, backend, outbound, on-error) of a narrower scope, `<base />` runs the
enclosing scope's section at that position, and a section without `<base />` drops it. To
judge whether, say, every request to an API is authenticated, the checks need the *effective*
section of the API's (or the operation's) scope. This package works it out from what the scan
holds:

- `documents`: the policy document a resource holds (a standalone `apim_policy` file, or the
  XML of a Terraform `azurerm_api_management*` resource, parsed like a file);
- `terraform_links` and `terraform_scopes`: scopes of Terraform resources, linked by name and
  reference (`api_management_name`, `product_id`, `api_name`, `operation_id`);
- `file_scopes`: scopes of standalone files, from the APIOps extractor's folder layout;
- `effective`: the effective section and whether a required policy runs on every request.

`scan_model(context)` builds all of it once per scan. What can't be known (a scope outside
the scan, an unreadable document, a policy expression) is unknown, never pass or fail.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from compliance.model import Resource
from compliance.resolve.apim.documents import TERRAFORM_POLICY_TYPES, PolicyDoc, policy_document
from compliance.resolve.apim.effective import Node
from compliance.resolve.apim.file_scopes import FileScopes
from compliance.resolve.apim.terraform_links import Links
from compliance.resolve.apim.terraform_scopes import TerraformScopes

__all__ = ["ApimModel", "scan_model"]


class ApimModel:
    def __init__(self, resources: list[Resource]):
        self._documents: dict[int, PolicyDoc | None] = {}
        terraform: dict[str, list[Resource]] = defaultdict(list)
        files: list[Resource] = []
        for resource in resources:
            if resource.platform == "apim" and resource.type == "apim_policy":
                files.append(resource)
            elif resource.type.startswith("azurerm_api_management"):
                terraform[resource.scope].append(resource)
        self._terraform_resources = terraform
        self._terraform: dict[str, TerraformScopes] = {}
        self.files = FileScopes(files, self.document)
        self._terraform_digests: set[str] | None = None

    def document(self, resource: Resource) -> PolicyDoc | None:
        return policy_document(resource, self._documents)

    def terraform(self, scope: str) -> TerraformScopes:
        if scope not in self._terraform:
            links = Links(self._terraform_resources.get(scope, []))
            self._terraform[scope] = TerraformScopes(links, self.document)
        return self._terraform[scope]

    def node(self, resource: Resource) -> Node | None:
        """The scope whose effective policy applies to requests reaching `resource`."""
        if resource.platform == "apim":
            return self.files.node(resource) if resource.type == "apim_policy" else None
        scopes = self.terraform(resource.scope)
        if resource.type == "azurerm_api_management_api":
            return scopes.api_node(resource)
        if resource.type == "azurerm_api_management_api_operation":
            return scopes.operation_node(resource)
        if resource.type == "azurerm_api_management_api_operation_policy":
            return scopes.operation_policy_node(resource)
        return None

    def embedded_elsewhere(self, resource: Resource) -> bool:
        """Whether a standalone policy file's text is also the XML of a Terraform resource of
        the scan (read with `file()`): the Terraform resource then speaks for it."""
        if self._terraform_digests is None:
            digests = set()
            for resources in self._terraform_resources.values():
                for other in resources:
                    if other.type in TERRAFORM_POLICY_TYPES:
                        document = self.document(other)
                        if document is not None and document.attributes is not None:
                            digests.add(document.attributes.get("document_sha256"))
            self._terraform_digests = digests
        return resource.attributes.get("document_sha256") in self._terraform_digests


def scan_model(context: Any) -> ApimModel:
    """The model of the scan `context` belongs to, built on first use."""
    model = getattr(context, "_apim_model", None)
    if model is None:
        model = ApimModel(context.index.resources)
        context._apim_model = model
    return model
