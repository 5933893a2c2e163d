"""Is a web application firewall in front of an API Management gateway?

"In front" means, in the same Terraform root module:

- an `azurerm_application_gateway` with a backend pool (`backend_address_pool.fqdns` or
  `ip_addresses`) that designates the gateway, and a WAF in prevention mode: a
  `waf_configuration` block with `enabled = true` and `firewall_mode = "Prevention"`, or a
  `firewall_policy_id` (on the gateway, a listener or a path rule) naming an
  `azurerm_web_application_firewall_policy` whose `policy_settings` are enabled and in
  Prevention mode (both the defaults);
- or an Azure Front Door (Standard/Premium) origin (`azurerm_cdn_frontdoor_origin.host_name`)
  that designates the gateway, served by a route (`azurerm_cdn_frontdoor_route`, through its
  origin group or origin list) whose endpoint or custom domain is associated by an
  `azurerm_cdn_frontdoor_security_policy` with an enabled `azurerm_cdn_frontdoor_firewall_policy`
  in Prevention mode.

An address designates the gateway when it is `<name>.azure-api.net`, a proxy host name of
the service (`hostname_configuration.proxy.host_name`, `azurerm_api_management_custom_domain`
gateway host names), or an expression referring to the service or its custom domain
(`azurerm_api_management.x.gateway_url`, `...private_ip_addresses[0]`). An address that can't
be resolved at all might be the gateway: unknown. Detection mode logs and does not block, so
it does not count. Classic Front Door (`azurerm_frontdoor`) is not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from compliance.model import Resource, Unknown
from compliance.resolve.graph import base_address

APP_GATEWAY = "azurerm_application_gateway"
AGW_WAF_POLICY = "azurerm_web_application_firewall_policy"
FD_ORIGIN = "azurerm_cdn_frontdoor_origin"
FD_ROUTE = "azurerm_cdn_frontdoor_route"
FD_SECURITY_POLICY = "azurerm_cdn_frontdoor_security_policy"
FD_WAF_POLICY = "azurerm_cdn_frontdoor_firewall_policy"
CUSTOM_DOMAIN = "azurerm_api_management_custom_domain"
TYPES = (APP_GATEWAY, AGW_WAF_POLICY, FD_ORIGIN, FD_ROUTE, FD_SECURITY_POLICY, FD_WAF_POLICY,
         CUSTOM_DOMAIN)


@dataclass
class WafResult:
    status: str  # pass | fail | unknown
    observed: str


class Resources:
    """The resources of one root module that matter here, by type and base address."""

    def __init__(self, resources: Iterable[Resource]):
        self.by_type: dict[str, list[Resource]] = {t: [] for t in TYPES}
        self.by_base: dict[str, list[Resource]] = {}
        for resource in resources:
            self.by_type.setdefault(resource.type, []).append(resource)
            self.by_base.setdefault(base_address(resource.address), []).append(resource)

    def referenced(self, value: Any, wanted: str) -> tuple[list[Resource], bool]:
        """Resources of type `wanted` that a value refers to; False when it may refer to
        something else that can't be known."""
        found, known = [], True
        for item in _items(value):
            if isinstance(item, Unknown):
                if not item.refs:
                    known = False
                for ref in item.refs:
                    found += [r for r in self.by_base.get(base_address(ref), []) if r.type == wanted]
            elif item is not None:
                known = False  # a literal ID: the resource is not in this configuration
        return found, known


def waf_in_front(service: Resource, resources: Resources) -> WafResult:
    hosts, refs = _gateway_names(service, resources)
    undecided: str | None = None
    unprotected: str | None = None
    for gateway in resources.by_type.get(APP_GATEWAY, []):
        targets = _targets(gateway, hosts, refs)
        if targets is False:
            continue
        waf = _app_gateway_waf(gateway, resources)
        if targets is True and waf is True:
            return WafResult("pass", f"{gateway.address} routes to the gateway through its WAF")
        if targets is True and waf is False and unprotected is None:
            unprotected = (f"{gateway.address} routes to the gateway without a WAF in "
                           "prevention mode")
        if undecided is None and waf is not False:
            undecided = (f"{gateway.address} may route to the gateway" if targets is None
                         else f"the WAF mode of {gateway.address} is not known")
    for origin in resources.by_type.get(FD_ORIGIN, []):
        designates = _designates(origin.attributes.get("host_name"), hosts, refs)
        if designates is False:
            continue
        waf, how = _front_door_waf(origin, resources)
        if designates is True and waf is True:
            return WafResult("pass", f"{origin.address} is served by {how}")
        if designates is True and waf is False and unprotected is None:
            unprotected = f"{origin.address} points at the gateway: {how}"
        if undecided is None and waf is not False:
            undecided = (f"{origin.address} may point at the gateway" if designates is None
                         else f"{origin.address}: {how}")
    if undecided:
        return WafResult("unknown", undecided)
    return WafResult("fail", unprotected or "no Application Gateway or Front Door with a WAF in "
                                            "prevention mode routes to this gateway")


def _gateway_names(service: Resource, resources: Resources) -> tuple[set[str], set[str]]:
    hosts: set[str] = set()
    refs = {base_address(service.address)}
    name = service.attributes.get("name")
    if isinstance(name, str):
        hosts.add(f"{name.lower()}.azure-api.net")
    for config in _items(service.attributes.get("hostname_configuration")):
        if isinstance(config, dict):
            for proxy in _items(config.get("proxy")):
                if isinstance(proxy, dict) and isinstance(proxy.get("host_name"), str):
                    hosts.add(proxy["host_name"].lower())
    for domain in resources.by_type.get(CUSTOM_DOMAIN, []):
        services, _ = resources.referenced(domain.attributes.get("api_management_id"),
                                           "azurerm_api_management")
        if any(s is service for s in services):
            refs.add(base_address(domain.address))
            for gateway in _items(domain.attributes.get("gateway")):
                if isinstance(gateway, dict) and isinstance(gateway.get("host_name"), str):
                    hosts.add(gateway["host_name"].lower())
    return hosts, refs


def _designates(value: Any, hosts: set[str], refs: set[str]) -> bool | None:
    """Whether an address (or list of addresses) designates the gateway."""
    verdict: bool | None = False
    for item in _items(value):
        if isinstance(item, Unknown):
            if refs & {base_address(r) for r in item.refs}:
                return True
            if not item.refs:
                verdict = None
        elif isinstance(item, str) and _host(item) in hosts:
            return True
    return verdict


def _host(address: str) -> str:
    host = re.sub(r"^[a-z]+://", "", address.strip().lower())
    return re.split(r"[/:]", host, maxsplit=1)[0]


def _targets(gateway: Resource, hosts: set[str], refs: set[str]) -> bool | None:
    pools = gateway.attributes.get("backend_address_pool")
    if isinstance(pools, Unknown):
        return None
    verdict: bool | None = False
    for pool in _items(pools):
        if not isinstance(pool, dict):
            verdict = None
            continue
        for key in ("fqdns", "ip_addresses"):
            designates = _designates(pool.get(key), hosts, refs)
            if designates is True:
                return True
            if designates is None:
                verdict = None
    return verdict


def _app_gateway_waf(gateway: Resource, resources: Resources) -> bool | None:
    attributes = gateway.attributes
    for config in _items(attributes.get("waf_configuration")):
        if isinstance(config, dict):
            enabled, mode = config.get("enabled"), config.get("firewall_mode")
            if enabled is True or enabled == "true":
                return _prevents(mode)
            if isinstance(enabled, Unknown):
                return None
    policy_ids = [attributes.get("firewall_policy_id")]
    for key, nested in (("http_listener", None), ("url_path_map", "path_rule")):
        for block in _items(attributes.get(key)):
            if not isinstance(block, dict):
                continue
            if nested is None:
                policy_ids.append(block.get("firewall_policy_id"))
            else:
                policy_ids += [rule.get("firewall_policy_id") for rule in _items(block.get(nested))
                               if isinstance(rule, dict)]
    verdict: bool | None = False
    for policy_id in policy_ids:
        if policy_id is None:
            continue
        policies, known = resources.referenced(policy_id, AGW_WAF_POLICY)
        for policy in policies:
            settings = next(iter(_items(policy.attributes.get("policy_settings"))), {})
            if not isinstance(settings, dict):
                verdict = None
                continue
            enabled = settings.get("enabled", True)
            if isinstance(enabled, Unknown):
                verdict = None
            elif enabled is True or enabled == "true":
                prevents = _prevents(settings.get("mode", "Prevention"))
                if prevents is True:
                    return True
                if prevents is None:
                    verdict = None
        if not policies or not known:
            verdict = None  # a policy outside this configuration: its mode is not known
    return verdict


def _front_door_waf(origin: Resource, resources: Resources) -> tuple[bool | None, str]:
    origin_base = base_address(origin.address)
    group = origin.attributes.get("cdn_frontdoor_origin_group_id")
    group_refs = {base_address(r) for r in (group.refs if isinstance(group, Unknown) else ())}
    routes = []
    for route in resources.by_type.get(FD_ROUTE, []):
        linked = _refs(route.attributes.get("cdn_frontdoor_origin_group_id")) & group_refs or \
            origin_base in _refs(route.attributes.get("cdn_frontdoor_origin_ids"))
        if linked:
            routes.append(route)
    if not routes:
        return False, "no Front Door route serves it"
    verdict: bool | None = False
    how = "no Front Door security policy with a WAF in prevention mode covers its routes"
    for route in routes:
        domains = _refs(route.attributes.get("cdn_frontdoor_endpoint_id")) | \
            _refs(route.attributes.get("cdn_frontdoor_custom_domain_ids"))
        for policy in resources.by_type.get(FD_SECURITY_POLICY, []):
            for firewall in _firewalls(policy):
                associated = set()
                for association in _items(firewall.get("association")):
                    if isinstance(association, dict):
                        for domain in _items(association.get("domain")):
                            if isinstance(domain, dict):
                                associated |= _refs(domain.get("cdn_frontdoor_domain_id"))
                if not domains & associated:
                    continue
                prevents = _front_door_policy_prevents(firewall, resources)
                if prevents is True:
                    return True, f"{route.address} with the WAF of {policy.address}"
                if prevents is None:
                    verdict, how = None, f"the WAF mode of {policy.address} is not known"
    return verdict, how


def _firewalls(policy: Resource) -> list[dict[str, Any]]:
    found = []
    for block in _items(policy.attributes.get("security_policies")):
        if isinstance(block, dict):
            found += [f for f in _items(block.get("firewall")) if isinstance(f, dict)]
    return found


def _front_door_policy_prevents(firewall: dict[str, Any], resources: Resources) -> bool | None:
    policies, known = resources.referenced(firewall.get("cdn_frontdoor_firewall_policy_id"),
                                           FD_WAF_POLICY)
    if not policies:
        return None if not known or firewall.get("cdn_frontdoor_firewall_policy_id") else False
    verdict: bool | None = False
    for policy in policies:
        enabled = policy.attributes.get("enabled", True)
        if isinstance(enabled, Unknown):
            verdict = None
        elif enabled is True or enabled == "true":
            prevents = _prevents(policy.attributes.get("mode"))
            if prevents is True:
                return True
            if prevents is None:
                verdict = None
    return verdict


def _prevents(mode: Any) -> bool | None:
    if isinstance(mode, Unknown):
        return None
    return isinstance(mode, str) and mode.strip().lower() == "prevention"


def _refs(value: Any) -> set[str]:
    return {base_address(r) for item in _items(value) if isinstance(item, Unknown) for r in item.refs}


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
