"""Policy scopes of the API Management resources of one Terraform root module.

    global     the service's policy: an `azurerm_api_management_policy` whose
               `api_management_id` designates the service, or the service's `policy` block
               (azurerm 3.x); neither: the default global policy, which has no inbound policy
    product    `azurerm_api_management_product_policy` (product_id), enclosed by global
    api        `azurerm_api_management_api_policy` (api_name), enclosed by each product the
               API is in (`azurerm_api_management_product_api`), or by global alone when
               callers need no subscription (`subscription_required = false`) or the API is
               in no product
    operation  `azurerm_api_management_api_operation_policy` (operation_id, api_name),
               enclosed by its API

A scope without a policy inherits everything. A service, product or API that the configuration
does not manage (a literal name, a data source) has an unknown policy.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Callable

from compliance.model import Resource, Unknown
from compliance.model.identity import identity
from compliance.resolve.apim.documents import PolicyDoc
from compliance.resolve.apim.effective import Gap, Node
from compliance.resolve.apim.terraform_links import API, OPERATION, PRODUCT, SERVICE, Links

GLOBAL_POLICY = "azurerm_api_management_policy"
PRODUCT_POLICY = "azurerm_api_management_product_policy"
API_POLICY = "azurerm_api_management_api_policy"
OPERATION_POLICY = "azurerm_api_management_api_operation_policy"
PRODUCT_API = "azurerm_api_management_product_api"


class TerraformScopes:
    def __init__(self, links: Links, document: Callable[[Resource], PolicyDoc | None]):
        self.links = links
        self.document = document
        self._nodes: dict[tuple[str, int], Node] = {}
        self._designated: dict[tuple[str, str], _Designations] = {}

    # --- scopes -------------------------------------------------------------------------

    def api_node(self, api: Resource) -> Node:
        key = ("api", identity(api))
        if key not in self._nodes:
            doc = self._owned_document(API_POLICY, "api_name", API, api)
            node = Node("api", f"API {api.address}", doc)
            self._nodes[key] = node
            node.parents = self._api_parents(api)
        return self._nodes[key]

    def operation_node(self, operation: Resource) -> Node:
        key = ("operation", identity(operation))
        if key not in self._nodes:
            doc = self._operation_document(operation)
            node = Node("operation", f"operation {operation.address}", doc)
            self._nodes[key] = node
            node.parents = self._enclosing_api(operation)
        return self._nodes[key]

    def operation_policy_node(self, policy: Resource) -> Node:
        key = ("operation-policy", identity(policy))
        if key not in self._nodes:
            node = Node("operation", f"operation policy {policy.address}", self.document(policy))
            self._nodes[key] = node
            node.parents = self._enclosing_api(policy)
        return self._nodes[key]

    def product_node(self, product: Resource) -> Node:
        key = ("product", identity(product))
        if key not in self._nodes:
            doc = self._owned_document(PRODUCT_POLICY, "product_id", PRODUCT, product)
            node = Node("product", f"product {product.address}", doc)
            self._nodes[key] = node
            node.parents = self._enclosing_global(product)
        return self._nodes[key]

    def global_node(self, service: Resource) -> Node:
        key = ("global", identity(service))
        if key not in self._nodes:
            self._nodes[key] = Node("global", f"global policy of {service.address}",
                                    self._global_document(service))
        return self._nodes[key]

    # --- enclosing scopes ---------------------------------------------------------------

    def _enclosing_global(self, resource: Resource) -> list[tuple[Node, bool]] | Gap:
        services, decided = self.links.find(resource, "api_management_name", SERVICE)
        if len(services) == 1 and decided:
            return [(self.global_node(services[0]), False)]
        name = resource.attributes.get("api_management_name")
        if len(services) > 1 or not decided:
            return Gap(f"which API Management service {resource.address} belongs to is not known, "
                       "so neither is its global policy")
        return Gap(f"the API Management service {_show(name)} is not managed in this "
                   "configuration: its global policy is not known")

    def _enclosing_api(self, resource: Resource) -> list[tuple[Node, bool]] | Gap:
        apis, decided = self.links.find(resource, "api_name", API)
        if len(apis) == 1 and decided:
            return [(self.api_node(apis[0]), False)]
        if len(apis) > 1 or not decided:
            return Gap(f"which API {resource.address} belongs to is not known, so neither are the "
                       "policies it inherits")
        return Gap(f"the API {_show(resource.attributes.get('api_name'))} is not managed in this "
                   "configuration: the policies it inherits are not known")

    def _api_parents(self, api: Resource) -> list[tuple[Node, bool]] | Gap:
        routes: list[tuple[Node, bool]] = []
        in_products = False
        for link in self.links.by_type.get(PRODUCT_API, []):
            apis, decided = self.links.find(link, "api_name", API)
            if not any(a is api for a in apis):
                if not decided:
                    routes.append((self._unknown_product(f"{link.address} may add this API to a "
                                                         "product whose policy is not known"), True))
                continue
            in_products = True
            products, known = self.links.find(link, "product_id", PRODUCT)
            if len(products) == 1 and known:
                routes.append((self.product_node(products[0]), False))
            else:
                routes.append((self._unknown_product(
                    f"the product {_show(link.attributes.get('product_id'))} of {link.address} "
                    "is not managed in this configuration: its policy is not known"), False))
        subscription = api.attributes.get("subscription_required")  # None: true, the default
        enclosing = self._enclosing_global(api)
        if isinstance(enclosing, Gap):
            enclosing = [(Node("global", "global policy", None, enclosing), False)]
        # callers without a product subscription go straight to the global scope
        if subscription is False or subscription == "false" or not in_products:
            routes += [(node, False) for node, _ in enclosing]
        elif isinstance(subscription, Unknown):
            routes += [(node, True) for node, _ in enclosing]
        return routes

    def _unknown_product(self, reason: str) -> Node:
        return Node("product", "a product", None, Gap(reason))

    # --- documents ----------------------------------------------------------------------

    def _designations(self, policy_type: str, attribute: str, owner_type: str) -> _Designations:
        """Which resources the policies of `policy_type` designate through `attribute`, looked
        up once for all owners (a scan may hold thousands of operations and their policies)."""
        key = (policy_type, attribute)
        if key not in self._designated:
            found = _Designations(defaultdict(list), [])
            for policy in self.links.by_type.get(policy_type, []):
                owners, decided = self.links.find(policy, attribute, owner_type)
                for owner in owners:
                    found.by_owner[identity(owner)].append(policy)
                if not decided:
                    found.undecided.append((policy, {identity(owner) for owner in owners}))
            self._designated[key] = found
        return self._designated[key]

    def _owned_document(self, policy_type: str, attribute: str, owner_type: str,
                        owner: Resource) -> PolicyDoc | None:
        """The policy of `policy_type` whose `attribute` designates `owner`."""
        designations = self._designations(policy_type, attribute, owner_type)
        policies = designations.by_owner.get(identity(owner))
        if policies:
            return self.document(policies[0])
        return _maybe(designations, owner, attribute)

    def _operation_document(self, operation: Resource) -> PolicyDoc | None:
        apis, _ = self.links.find(operation, "api_name", API)
        designations = self._designations(OPERATION_POLICY, "operation_id", OPERATION)
        for policy in designations.by_owner.get(identity(operation), []):
            policy_apis, api_known = self.links.find(policy, "api_name", API)
            if not apis or not api_known or any(a is b for a in apis for b in policy_apis):
                return self.document(policy)
        return _maybe(designations, operation, "operation_id")

    def _global_document(self, service: Resource) -> PolicyDoc | None:
        maybe: Resource | None = None
        for policy in self.links.by_type.get(GLOBAL_POLICY, []):
            services, decided = self.links.service_of_id(policy)
            if any(s is service for s in services):
                return self.document(policy)
            if not decided and maybe is None:
                maybe = policy
        inline = self.document(service)
        if inline is not None:
            return inline
        if maybe is not None:
            return PolicyDoc(maybe, ("api_management_id",), None,
                             f"{maybe.address} may be the global policy of {service.address}")
        return None  # the default global policy: nothing in inbound


@dataclass
class _Designations:
    by_owner: dict[int, list[Resource]]  # id of the owner -> the policies designating it, in order
    # policies whose link can't be resolved in full (they may designate others), with the ids of
    # the owners they do designate
    undecided: list[tuple[Resource, set[int]]]


def _maybe(designations: _Designations, owner: Resource, attribute: str) -> PolicyDoc | None:
    """A policy that may be the owner's: its link can't be resolved."""
    maybe = next((policy for policy, owners in designations.undecided
                  if identity(owner) not in owners), None)
    if maybe is None:
        return None
    return PolicyDoc(maybe, (attribute,), None, f"{maybe.address} may be the policy of {owner.address}")


def _show(value: Any) -> str:
    return f"{value!r}" if isinstance(value, str) else str(value)
