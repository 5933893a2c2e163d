"""What is in front of an API Management gateway: the Application Gateways and Azure Front Door
origins whose backend is the gateway, with the modes of the WAFs that protect them. A fact for
the service (`fronted_by`); whether that is enough (a WAF in Prevention mode) is the controls'.

Looked for in the same Terraform root module:

- an `azurerm_application_gateway` with a backend pool (`backend_address_pool.fqdns` or
  `ip_addresses`) that designates the gateway. Its WAF modes: the `firewall_mode` of a
  `waf_configuration` block with `enabled = true` (which then decides alone), else the `mode`
  (Prevention by default) of every enabled `azurerm_web_application_firewall_policy` (enabled
  by default) a `firewall_policy_id` names, on the gateway, a listener or a path rule;
- an Azure Front Door (Standard/Premium) origin (`azurerm_cdn_frontdoor_origin.host_name`) that
  designates the gateway. Its WAF modes: the `mode` of every enabled
  `azurerm_cdn_frontdoor_firewall_policy` that an `azurerm_cdn_frontdoor_security_policy`
  associates with the endpoint or a custom domain of a route (`azurerm_cdn_frontdoor_route`,
  through its origin group or origin list) serving the origin.

An address designates the gateway when it is `<name>.azure-api.net`, a proxy host name of
the service (`hostname_configuration.proxy.host_name`, `azurerm_api_management_custom_domain`
gateway host names), or an expression referring to the service or its custom domain
(`azurerm_api_management.x.gateway_url`, `...private_ip_addresses[0]`). An address that can't
be resolved at all might be the gateway (`routes_to_gateway` is Unknown); a mode, an `enabled`
or a WAF policy that can't be resolved (or is not in the configuration) is an Unknown mode.
Classic Front Door (`azurerm_frontdoor`) is not read.
"""

from __future__ import annotations

import re
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


def fronted_by(service: Resource, resources: Resources) -> list[dict[str, Any]]:
    """The Application Gateways and Front Door origins that route (or may route) to the
    gateway of `service`, each with the modes of the WAFs that protect that route."""
    hosts, refs = _gateway_names(service, resources)
    found = []
    for gateway in resources.by_type.get(APP_GATEWAY, []):
        targets = _targets(gateway, hosts, refs)
        if targets is not False:
            found.append(_front(gateway, targets, _app_gateway_waf_modes(gateway, resources)))
    for origin in resources.by_type.get(FD_ORIGIN, []):
        designates = _designates(origin.attributes.get("host_name"), hosts, refs)
        if designates is not False:
            found.append(_front(origin, designates, _front_door_waf_modes(origin, resources)))
    return found


def _front(resource: Resource, routes: bool | None, waf_modes: list[Any]) -> dict[str, Any]:
    reaches: Any = True
    if routes is None:
        reaches = Unknown(f"an address of {resource.address} can't be resolved: it may be the "
                          "gateway's")
    return {"type": resource.type, "address": resource.address, "routes_to_gateway": reaches,
            "waf_modes": waf_modes}


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


def _app_gateway_waf_modes(gateway: Resource, resources: Resources) -> list[Any]:
    """An enabled `waf_configuration` decides alone; else every enabled WAF policy the gateway,
    a listener or a path rule names."""
    attributes = gateway.attributes
    for config in _items(attributes.get("waf_configuration")):
        if isinstance(config, dict):
            enabled = config.get("enabled")
            if enabled is True or enabled == "true":
                return [_mode(config.get("firewall_mode"), f"{gateway.address} waf_configuration")]
            if isinstance(enabled, Unknown):
                return [_unknown(f"whether the waf_configuration of {gateway.address} is enabled")]
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
    modes: list[Any] = []
    for policy_id in policy_ids:
        if policy_id is None:
            continue
        policies, known = resources.referenced(policy_id, AGW_WAF_POLICY)
        for policy in policies:
            settings = next(iter(_items(policy.attributes.get("policy_settings"))), {})
            if not isinstance(settings, dict):
                modes.append(_unknown(f"the policy_settings of {policy.address}"))
                continue
            modes += _enabled_mode(policy, settings.get("enabled", True),
                                   settings.get("mode", "Prevention"))
        if not policies or not known:
            modes.append(_unknown(f"the mode of a firewall policy of {gateway.address}: it is "
                                  "not in this configuration"))
    return modes


def _front_door_waf_modes(origin: Resource, resources: Resources) -> list[Any]:
    """The WAF policies that security policies associate with the endpoints or custom domains
    of the routes serving the origin."""
    origin_base = base_address(origin.address)
    group = origin.attributes.get("cdn_frontdoor_origin_group_id")
    group_refs = {base_address(r) for r in (group.refs if isinstance(group, Unknown) else ())}
    modes: list[Any] = []
    for route in resources.by_type.get(FD_ROUTE, []):
        linked = _refs(route.attributes.get("cdn_frontdoor_origin_group_id")) & group_refs or \
            origin_base in _refs(route.attributes.get("cdn_frontdoor_origin_ids"))
        if not linked:
            continue
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
                if domains & associated:
                    modes += _front_door_policy_modes(policy, firewall, resources)
    return modes


def _firewalls(policy: Resource) -> list[dict[str, Any]]:
    found = []
    for block in _items(policy.attributes.get("security_policies")):
        if isinstance(block, dict):
            found += [f for f in _items(block.get("firewall")) if isinstance(f, dict)]
    return found


def _front_door_policy_modes(security_policy: Resource, firewall: dict[str, Any],
                             resources: Resources) -> list[Any]:
    policy_id = firewall.get("cdn_frontdoor_firewall_policy_id")
    policies, known = resources.referenced(policy_id, FD_WAF_POLICY)
    if not policies:
        if known and policy_id is None:
            return []
        return [_unknown(f"the mode of the firewall policy of {security_policy.address}: it is "
                         "not in this configuration")]
    modes: list[Any] = []
    for policy in policies:
        modes += _enabled_mode(policy, policy.attributes.get("enabled", True),
                               policy.attributes.get("mode"))
    return modes


def _enabled_mode(policy: Resource, enabled: Any, mode: Any) -> list[Any]:
    """[the mode] of an enabled WAF policy, [] of a disabled one."""
    if isinstance(enabled, Unknown):
        return [_unknown(f"whether {policy.address} is enabled")]
    if enabled is True or enabled == "true":
        return [_mode(mode, policy.address)]
    return []


def _mode(mode: Any, owner: str) -> Any:
    """The mode as written; a fresh Unknown (without references: the service does not refer
    to the WAF) when it can't be resolved."""
    return _unknown(f"the mode of {owner}") if isinstance(mode, Unknown) else mode


def _unknown(what: str) -> Unknown:
    return Unknown(f"{what} is not known")


def _refs(value: Any) -> set[str]:
    return {base_address(r) for item in _items(value) if isinstance(item, Unknown) for r in item.refs}


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
