"""security_group_admin_ports_open: sources, protocols and port ranges."""

from __future__ import annotations

import pytest

from compliance.evaluate.checks.network import security_group_admin_ports_open
from compliance.model import Location, Resource, Status, Unknown

PORTS = [22, 3389, 5432]


def _check(type_: str, attributes: dict):
    resource = Resource("terraform", type_, "x", f"{type_}.x", attributes,
                        Location("main.tf", 1, 9))
    return security_group_admin_ports_open(resource, None, ports=PORTS)


def _group(*rules):
    return _check("aws_security_group", {"ingress": list(rules)})


def _rule(from_port, to_port, protocol="tcp", cidrs=("0.0.0.0/0",), ipv6=()):
    return {"from_port": from_port, "to_port": to_port, "protocol": protocol,
            "cidr_blocks": list(cidrs), "ipv6_cidr_blocks": list(ipv6)}


@pytest.mark.parametrize("rule", [
    _rule(22, 22),
    _rule(0, 65535),
    _rule(3000, 4000),            # covers 3389
    _rule(5432, 5432, protocol="6"),
    _rule("22", "22", protocol="TCP"),
    _rule(0, 0, protocol="-1"),
    _rule(0, 0, protocol="all"),
    _rule(22, 22, cidrs=(), ipv6=("::/0",)),
    _rule(22, 22, cidrs=("10.0.0.0/8", " 0.0.0.0/0")),
])
def test_open_admin_ports_fail(rule):
    outcome = _group(_rule(443, 443), rule)
    assert outcome.status is Status.FAIL
    assert outcome.path[:2] == ("ingress", 1)


@pytest.mark.parametrize("rule", [
    _rule(443, 443),
    _rule(23, 3388),              # a range that stops just short of 3389 and starts after 22
    _rule(22, 22, cidrs=("10.0.0.0/8",)),
    _rule(22, 22, protocol="udp"),
    _rule(0, 0, protocol="icmp"),
    _rule(22, 22, cidrs=()),
])
def test_other_rules_pass(rule):
    assert _group(rule).status is Status.PASS


def test_no_ingress_passes():
    assert _check("aws_security_group", {"name": "empty"}).status is Status.PASS


def test_the_evidence_names_the_open_source():
    outcome = _group(_rule(20, 30, ipv6=("::/0",), cidrs=()))
    assert outcome.path == ("ingress", 0, "ipv6_cidr_blocks")
    assert outcome.observed["source"] == "::/0"
    assert outcome.observed["admin_ports"] == [22]


def test_unknown_source_on_an_admin_port_is_unknown():
    outcome = _group(_rule(22, 22, cidrs=(Unknown("var.cidr has no value"),)))
    assert outcome.status is Status.UNKNOWN


def test_unknown_source_on_a_web_port_passes():
    assert _group(_rule(443, 443, cidrs=(Unknown("var.cidr has no value"),))).status is Status.PASS


def test_unknown_port_open_to_the_world_is_unknown():
    assert _group(_rule(Unknown("var.port"), Unknown("var.port"))).status is Status.UNKNOWN


def test_a_known_failure_wins_over_an_unknown_rule():
    outcome = _group(_rule(Unknown("var.port"), Unknown("var.port")), _rule(3389, 3389))
    assert outcome.status is Status.FAIL


def test_unknown_ingress_list_is_unknown():
    outcome = _check("aws_security_group", {"ingress": Unknown("dynamic blocks over var.rules")})
    assert outcome.status is Status.UNKNOWN


def test_security_group_rule():
    outcome = _check("aws_security_group_rule", {"type": "ingress", "from_port": 5432,
                                                 "to_port": 5432, "protocol": "tcp",
                                                 "cidr_blocks": ["0.0.0.0/0"]})
    assert outcome.status is Status.FAIL
    assert outcome.path == ("cidr_blocks",)


@pytest.mark.parametrize("attributes, status", [
    ({"ip_protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_ipv4": "0.0.0.0/0"}, Status.FAIL),
    ({"ip_protocol": "-1", "cidr_ipv6": "::/0"}, Status.FAIL),
    ({"ip_protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_ipv4": "192.0.2.0/24"},
     Status.PASS),
    ({"ip_protocol": "tcp", "from_port": 22, "to_port": 22,
      "referenced_security_group_id": "sg-123"}, Status.PASS),
    ({"ip_protocol": "tcp", "from_port": 80, "to_port": 80, "cidr_ipv4": "0.0.0.0/0"}, Status.PASS),
])
def test_vpc_security_group_ingress_rule(attributes, status):
    assert _check("aws_vpc_security_group_ingress_rule", attributes).status is status


# --- network ACLs ------------------------------------------------------------------------------

from compliance.evaluate.checks.network import (  # noqa: E402
    network_acl_ports_open,
    security_group_egress_open,
)

ACL_PORTS = [22, 3389]


def _acl(*rules):
    resource = Resource("terraform", "aws_network_acl", "x", "aws_network_acl.x",
                        {"ingress": list(rules)}, Location("main.tf", 1, 9))
    return network_acl_ports_open(resource, None, ports=ACL_PORTS)


def _entry(number, action, from_port, to_port, protocol="tcp", cidr="0.0.0.0/0", ipv6=None):
    entry = {"rule_no": number, "action": action, "protocol": protocol,
             "from_port": from_port, "to_port": to_port, "cidr_block": cidr}
    if ipv6 is not None:
        entry["ipv6_cidr_block"] = ipv6
    return entry


@pytest.mark.parametrize("rules", [
    [_entry(100, "allow", 22, 22)],
    [_entry(100, "allow", 0, 0, protocol="-1")],
    [_entry(100, "allow", 1024, 65535)],                              # includes 3389
    [_entry(100, "allow", 22, 22), _entry(200, "deny", 22, 22)],      # the deny comes too late
    [_entry(50, "deny", 22, 22, cidr="203.0.113.0/24"), _entry(100, "allow", 22, 22)],
    [_entry(100, "allow", 22, 22, cidr=None, ipv6="::/0")],
    [_entry(50, "deny", 22, 22), _entry(100, "allow", 0, 0, protocol="-1")],  # 3389 stays open
])
def test_acl_rules_open_to_the_internet_fail(rules):
    assert _acl(*rules).status is Status.FAIL


@pytest.mark.parametrize("rules", [
    [_entry(100, "allow", 443, 443)],
    [_entry(100, "allow", 22, 22, cidr="10.0.0.0/8")],
    [_entry(100, "allow", 32768, 65535)],
    [_entry(100, "deny", 0, 0, protocol="-1")],
    [_entry(50, "deny", 22, 22), _entry(60, "deny", 3389, 3389),
     _entry(100, "allow", 0, 0, protocol="-1")],
    [_entry(100, "allow", 22, 22, protocol="udp")],
])
def test_acl_rules_closed_to_the_internet_pass(rules):
    assert _acl(*rules).status is Status.PASS


def test_acl_unknown_source_or_order_is_unknown():
    assert _acl(_entry(100, "allow", 22, 22, cidr=Unknown("var.cidr"))).status \
        is Status.UNKNOWN
    assert _acl(_entry(Unknown("var.n"), "deny", 22, 3389),
                _entry(100, "allow", 22, 22)).status is Status.UNKNOWN


def test_standalone_acl_rule_reads_rule_action_and_number():
    resource = Resource("terraform", "aws_network_acl_rule", "x", "aws_network_acl_rule.x",
                        {"rule_number": 100, "rule_action": "allow", "protocol": "6",
                         "from_port": 3389, "to_port": 3389, "cidr_block": "0.0.0.0/0"},
                        Location("main.tf", 1, 9))
    outcome = network_acl_ports_open(resource, None, ports=ACL_PORTS)
    assert outcome.status is Status.FAIL and outcome.path == ("cidr_block",)


# --- egress ------------------------------------------------------------------------------------


def _egress(*rules):
    resource = Resource("terraform", "aws_security_group", "x", "aws_security_group.x",
                        {"egress": list(rules)}, Location("main.tf", 1, 9))
    return security_group_egress_open(resource, None)


@pytest.mark.parametrize("rule", [
    _rule(0, 0, protocol="-1"),
    _rule(0, 65535),
    _rule(0, 65535, protocol="udp"),
    _rule(0, 0, protocol="-1", cidrs=(), ipv6=("::/0",)),
])
def test_unrestricted_egress_fails(rule):
    assert _egress(_rule(443, 443), rule).status is Status.FAIL


@pytest.mark.parametrize("rule", [
    _rule(443, 443),
    _rule(1024, 65535),
    _rule(0, 0, protocol="-1", cidrs=("10.0.0.0/8",)),
    _rule(0, 0, protocol="icmp"),
])
def test_limited_egress_passes(rule):
    assert _egress(rule).status is Status.PASS


def test_no_egress_blocks_pass_and_unknown_destination_is_unknown():
    assert _egress().status is Status.PASS
    assert _egress(_rule(0, 0, protocol="-1", cidrs=(Unknown("var.cidr"),))).status \
        is Status.UNKNOWN
