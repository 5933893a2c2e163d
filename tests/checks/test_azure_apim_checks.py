"""Azure API Management ip-filter coverage (CIDR arithmetic), in standalone policy files and
in the policy XML of Terraform resources."""

from __future__ import annotations

from textwrap import dedent

import pytest

from compliance.evaluate.checks import CHECKS
from compliance.evaluate.checks.azure_apim import allows_everyone
from compliance.evaluate.run import ScanContext
from compliance.model import Status, Unknown


@pytest.fixture
def scan(scan_files):
    def scan(files: dict[str, str]):
        resources = scan_files(files)
        return resources, ScanContext(resources, CHECKS)
    return scan


@pytest.mark.parametrize("entry, verdict", [
    ({"action": "allow", "address_ranges": [{"from": "0.0.0.0", "to": "255.255.255.255"}]}, True),
    ({"action": "Allow", "address_ranges": [{"from": "0.0.0.0", "to": "9.255.255.255"},
                                            {"from": "10.0.0.0", "to": "255.255.255.255"}]}, True),
    ({"action": "allow", "address_ranges": [{"from": "::", "to": "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"}]},
     True),
    ({"action": "allow", "address_ranges": [{"from": "0.0.0.0", "to": "9.255.255.255"},
                                            {"from": "10.0.0.1", "to": "255.255.255.255"}]}, False),
    ({"action": "forbid", "address_ranges": [{"from": "0.0.0.0", "to": "255.255.255.255"}]}, False),
    ({"action": "allow", "addresses": ["10.0.0.1"], "address_ranges": []}, False),
    ({"action": "allow", "address_ranges": [{"from": Unknown("x"), "to": "255.255.255.255"}]}, None),
    ({"action": Unknown("x"), "address_ranges": []}, None),
    ({"action": "allow", "address_ranges": [{"from": "not-an-ip", "to": "255.255.255.255"}]}, False),
])
def test_ip_filter_coverage(entry, verdict):
    assert allows_everyone(entry)[0] is verdict


ALLOW_ALL = ('<policies><inbound><ip-filter action="allow">'
             '<address-range from="0.0.0.0" to="255.255.255.255" /></ip-filter></inbound></policies>')


def test_ip_filters_in_terraform_point_at_their_line(scan):
    resources, context = scan({"main.tf": dedent(f"""\
        resource "azurerm_api_management_api_policy" "orders" {{
          api_name            = "orders"
          api_management_name = "contoso-apim"
          resource_group_name = "rg"
          xml_content         = <<XML
        {ALLOW_ALL.replace("<ip-filter", chr(10) + "<ip-filter")}
        XML
        }}
        variable "xml" {{
          type = string
        }}
        resource "azurerm_api_management_api_policy" "unknown" {{
          api_name            = "orders"
          api_management_name = "contoso-apim"
          resource_group_name = "rg"
          xml_content         = var.xml
        }}
    """)})
    check = CHECKS["apim_ip_filters_restrict"]
    policy = next(r for r in resources if r.address == "azurerm_api_management_api_policy.orders")
    outcome = check(policy, context)
    assert (outcome.status, outcome.path) == (Status.FAIL, ("policy_document", "ip_filters", 0))
    assert policy.line_of(outcome.path) == policy.lines["xml_content"] + 2
    unknown = next(r for r in resources if r.address == "azurerm_api_management_api_policy.unknown")
    assert check(unknown, context).status is Status.UNKNOWN


def test_ip_filters_of_a_standalone_file(scan):
    resources, context = scan({"p.xml": ALLOW_ALL})
    outcome = CHECKS["apim_ip_filters_restrict"](resources[0], context)
    assert (outcome.status, outcome.path) == (Status.FAIL, ("ip_filters", 0))
    assert outcome.observed == {"action": "allow", "covers": "every IPv4 address"}
