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


# --- credentials written in policies -----------------------------------------------------------


def _policy_outcome(xml: str):
    from compliance.evaluate.checks.azure_apim import apim_no_literal_credentials
    from compliance.model import resource_from_json
    from compliance.parse.apim import parse

    resource = resource_from_json(parse(dedent(xml))["resources"][0])
    return apim_no_literal_credentials(resource, None)


@pytest.mark.parametrize("inner, path", [
    ('<set-header name="Ocp-Apim-Subscription-Key"><value>0123456789abcdef</value></set-header>',
     ("inbound", 0, "children", 0, "text")),
    ('<set-query-parameter name="api_key"><value>k3y-v4lue</value></set-query-parameter>',
     ("inbound", 0, "children", 0, "text")),
    ('<choose><when condition="@(true)"><authentication-certificate body="MIIKsQIBAzCC" '
     'password="pfx-pass" /></when></choose>',
     ("inbound", 0, "children", 0, "children", 0, "attributes", "password")),
    ('<set-variable name="clientSecret" value="s3cr3t-value" />', ("inbound", 0, "attributes", "value")),
    ('<set-body>{"token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N"}'
     '</set-body>', ("inbound", 0, "text")),
])
def test_literal_credentials_in_policies(inner, path):
    outcome = _policy_outcome(f"<policies><inbound>{inner}</inbound></policies>")
    assert outcome.status is Status.FAIL
    assert outcome.path == path


@pytest.mark.parametrize("inner", [
    '<set-header name="Authorization"><value>Bearer {{token}}</value></set-header>',
    '<set-header name="Authorization"><value>@((string)context.Variables["t"])</value></set-header>',
    '<set-header name="Authorization" exists-action="delete" />',
    '<set-header name="Accept"><value>application/json</value></set-header>',
    '<authentication-basic username="svc" password="{{svc-password}}" />',
    '<validate-jwt header-name="Authorization"><issuer-signing-keys><key n="0vx7ag" e="AQAB" />'
    '<key certificate-id="cert" /></issuer-signing-keys></validate-jwt>',
    '<set-variable name="tokenUrl" value="https://login.example.com/token" />',
])
def test_named_values_expressions_and_settings_pass(inner):
    assert _policy_outcome(f"<policies><inbound>{inner}</inbound></policies>").status is Status.PASS
