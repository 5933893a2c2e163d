"""azure_nsg_ports_open_to_internet (sources, protocols, port ranges) and
azure_appgw_http_listeners_redirect (listener, rule, path map and redirect joins)."""

from __future__ import annotations

import pytest

from compliance.evaluate.checks.azure_network import (
    azure_appgw_http_listeners_redirect,
    azure_nsg_ports_open_to_internet,
)
from compliance.model import Location, Resource, Status, Unknown

PORTS = [22, 3389, 5432]


def _resource(type_: str, attributes: dict) -> Resource:
    return Resource("terraform", type_, "x", f"{type_}.x", attributes, Location("main.tf", 1, 40))


def _nsg(*rules):
    return azure_nsg_ports_open_to_internet(
        _resource("azurerm_network_security_group", {"security_rule": list(rules)}), None,
        ports=PORTS)


def _rule(ports="22", source="*", protocol="Tcp", access="Allow", direction="Inbound",
          port_key="destination_port_range", source_key="source_address_prefix"):
    return {"access": access, "direction": direction, "protocol": protocol,
            port_key: ports, source_key: source}


@pytest.mark.parametrize("rule", [
    _rule(),
    _rule(ports="22-22", source="Internet"),
    _rule(ports="*", source="0.0.0.0/0"),
    _rule(ports="3000-4000", source="any", protocol="*"),          # covers 3389
    _rule(ports=["80", "5432"], port_key="destination_port_ranges"),
    _rule(source=["10.0.0.0/8", "::/0"], source_key="source_address_prefixes"),
    _rule(ports=" 22 ", source=" INTERNET ", protocol="tcp", access="allow", direction="inbound"),
])
def test_rules_open_to_the_internet_fail(rule):
    outcome = _nsg(_rule(ports="443"), rule)
    assert outcome.status is Status.FAIL
    assert outcome.path[:2] == ("security_rule", 1)


@pytest.mark.parametrize("rule", [
    _rule(ports="443"),
    _rule(ports="23-3388"),                 # stops short of 3389, starts after 22
    _rule(source="10.0.0.0/8"),
    _rule(source="VirtualNetwork"),
    _rule(protocol="Udp"),
    _rule(access="Deny"),
    _rule(direction="Outbound"),
])
def test_other_rules_pass(rule):
    assert _nsg(rule).status is Status.PASS


def test_standalone_rule_and_empty_group():
    rule = _resource("azurerm_network_security_rule", _rule(ports="3389"))
    assert azure_nsg_ports_open_to_internet(rule, None, ports=PORTS).status is Status.FAIL
    assert _nsg().status is Status.PASS


@pytest.mark.parametrize("rule", [
    _rule(source=Unknown("var.source")),
    _rule(ports=Unknown("var.port")),
    _rule(access=Unknown("var.access")),
    _rule(ports="ssh"),                      # not a port number or range
])
def test_unresolved_values_are_unknown(rule):
    assert _nsg(rule).status is Status.UNKNOWN


def test_an_open_rule_fails_whatever_else_is_unknown():
    assert _nsg(_rule(source=Unknown("var.source")), _rule()).status is Status.FAIL


def _gateway(listeners, rules, redirects=(), path_maps=()):
    return azure_appgw_http_listeners_redirect(_resource("azurerm_application_gateway", {
        "http_listener": list(listeners), "request_routing_rule": list(rules),
        "redirect_configuration": list(redirects), "url_path_map": list(path_maps)}), None)


HTTP = {"name": "http", "protocol": "Http"}
HTTPS = {"name": "https", "protocol": "Https"}
TO_HTTPS = {"name": "to-https", "target_listener_name": "https"}


def test_forwarding_http_fails_and_points_at_the_listener():
    outcome = _gateway([HTTP, HTTPS], [{"name": "r", "http_listener_name": "http",
                                        "backend_address_pool_name": "app"}])
    assert outcome.status is Status.FAIL
    assert outcome.path == ("http_listener", 0, "protocol")


@pytest.mark.parametrize("redirect", [
    TO_HTTPS,
    {"name": "to-https", "target_url": "https://www.contoso.example"},
])
def test_redirecting_http_passes(redirect):
    rules = [{"name": "r", "http_listener_name": "http", "redirect_configuration_name": "to-https"}]
    assert _gateway([HTTP, HTTPS], rules, [redirect]).status is Status.PASS


def test_redirect_to_another_http_listener_fails():
    rules = [{"name": "r", "http_listener_name": "http", "redirect_configuration_name": "loop"}]
    loop = {"name": "loop", "target_listener_name": "http"}
    assert _gateway([HTTP], rules, [loop]).status is Status.FAIL


def test_path_based_rules_need_every_path_to_redirect():
    path_map = {"name": "paths", "default_redirect_configuration_name": "to-https",
                "path_rule": [{"name": "api", "backend_address_pool_name": "api"}]}
    rules = [{"name": "r", "http_listener_name": "http", "url_path_map_name": "paths"}]
    assert _gateway([HTTP, HTTPS], rules, [TO_HTTPS], [path_map]).status is Status.FAIL
    path_map["path_rule"][0] = {"name": "api", "redirect_configuration_name": "to-https"}
    assert _gateway([HTTP, HTTPS], rules, [TO_HTTPS], [path_map]).status is Status.PASS


def test_https_only_and_unused_listeners_pass():
    assert _gateway([HTTPS], [{"name": "r", "http_listener_name": "https"}]).status is Status.PASS
    assert _gateway([HTTP], []).status is Status.PASS


def test_redirects_not_written_in_the_resource_are_unknown():
    rules = [{"name": "r", "http_listener_name": "http",
              "redirect_configuration_name": "elsewhere"}]
    assert _gateway([HTTP, HTTPS], rules).status is Status.UNKNOWN
    unresolved = [{"name": "r", "http_listener_name": Unknown("var.listener")}]
    assert _gateway([HTTP], unresolved).status is Status.UNKNOWN
