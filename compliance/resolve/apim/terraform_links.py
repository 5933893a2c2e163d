"""Which API Management resource a Terraform resource belongs to.

azurerm links API Management resources by name, not by ID: an API names its service in
`api_management_name`, a policy its API in `api_name`, an operation policy its operation in
`operation_id`, a product policy its product in `product_id`. A value is either a literal
(matched against the other resource's own name attribute) or a reference to another resource
(`azurerm_api_management_api.orders.name`, which the resolver keeps as an Unknown naming
`azurerm_api_management_api.orders`). A reference to a sibling that is not of the wanted type
is followed through that sibling's attribute of the same name: an operation policy's
`api_name = azurerm_api_management_api_operation.get.api_name` names the operation's API.

Lookups answer (matches, decided): `decided` is False when some value could not be resolved
(a variable without a value, a reference into an unknown instance), so other resources might
match too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any, Iterable

from compliance.model import Resource, Unknown
from compliance.model.identity import identity
from compliance.resolve.graph import base_address

SERVICE = "azurerm_api_management"
API = "azurerm_api_management_api"
OPERATION = "azurerm_api_management_api_operation"
PRODUCT = "azurerm_api_management_product"

# the attribute holding each type's own name, which literal references are compared with
KEY_ATTRIBUTE = {SERVICE: "name", API: "name", OPERATION: "operation_id", PRODUCT: "product_id"}
_INSTANCE_KEY = re.compile(r"(\[[^\]]*\])$")
_MAX_FOLLOW = 4


class Links:
    """The Terraform resources of one root module, for name and reference lookups."""

    def __init__(self, resources: Iterable[Resource]):
        self.by_type: dict[str, list[Resource]] = defaultdict(list)
        self.by_base: dict[str, list[Resource]] = defaultdict(list)
        for resource in resources:
            self.by_type[resource.type].append(resource)
            self.by_base[base_address(resource.address)].append(resource)

    def find(self, source: Resource, attribute: str, wanted: str,
             value: Any = None, depth: int = 0) -> tuple[list[Resource], bool]:
        """The resources of type `wanted` that `source.<attribute>` designates."""
        if value is None:
            value = source.attributes.get(attribute)
        if value is None:
            return [], True
        if isinstance(value, Unknown):
            return self._by_reference(source, attribute, wanted, value, depth)
        if isinstance(value, str):
            return self._by_literal(wanted, value)
        return [], True

    def _by_reference(self, source: Resource, attribute: str, wanted: str, value: Unknown,
                      depth: int) -> tuple[list[Resource], bool]:
        if not value.refs:
            return [], False
        matches: list[Resource] = []
        decided = True
        for ref in value.refs:
            targets = self._instances(ref, source)
            if targets is None:
                decided = False
                continue
            for target in targets:
                if target.type == wanted:
                    matches.append(target)
                elif attribute in target.attributes and depth < _MAX_FOLLOW:
                    found, ok = self.find(target, attribute, wanted, depth=depth + 1)
                    matches += found
                    decided = decided and ok
        return _unique(matches), decided

    def _instances(self, ref: str, source: Resource) -> list[Resource] | None:
        """The instances a reference designates: all of them for a single resource, the one
        with the source's own instance key for `count`/`for_each` pairs; None if ambiguous."""
        targets = self.by_base.get(base_address(ref), [])
        if len(targets) <= 1:
            return targets
        key = _INSTANCE_KEY.search(source.address)
        if key:
            same = [t for t in targets if t.address.endswith(key.group(1))]
            if len(same) == 1:
                return same
        return None

    def _by_literal(self, wanted: str, value: str) -> tuple[list[Resource], bool]:
        key = KEY_ATTRIBUTE[wanted]
        matches, decided = [], True
        for candidate in self.by_type.get(wanted, []):
            own = candidate.attributes.get(key)
            if isinstance(own, str):
                if own == value:
                    matches.append(candidate)
            else:
                decided = False
        return matches, decided

    def service_of_id(self, source: Resource, attribute: str = "api_management_id",
                      ) -> tuple[list[Resource], bool]:
        """The service an Azure resource ID designates (`.../service/<name>`)."""
        value = source.attributes.get(attribute)
        if isinstance(value, str):
            match = re.search(r"/service/([^/]+)/?$", value, re.I)
            if not match:
                return [], True
            return self._by_literal(SERVICE, match.group(1))
        return self.find(source, attribute, SERVICE, value)


def _unique(resources: list[Resource]) -> list[Resource]:
    seen: dict[int, Resource] = {}
    for resource in resources:
        seen.setdefault(identity(resource), resource)
    return list(seen.values())
