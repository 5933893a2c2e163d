"""Azure API Management checks: effective policies across scopes (Terraform links and the
APIOps layout), policy XML held in Terraform, ip-filter coverage, the WAF in front."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from compliance.evaluate.checks import CHECKS
from compliance.evaluate.checks.apim_rules import REQUIREMENTS, allows_everyone, authenticates
from compliance.evaluate.run import ScanContext
from compliance.model import Status, Unknown
from compliance.pipeline.scan import ScanOptions, run_scan

SERVICE = dedent("""\
    resource "azurerm_api_management" "svc" {
      name                = "contoso-apim"
      location            = "westeurope"
      resource_group_name = "rg"
      publisher_name      = "Contoso"
      publisher_email     = "api@contoso.example"
      sku_name            = "Developer_1"
    }
""")


def scan(root: Path, files: dict[str, str]):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text))
    result = run_scan([root], None, controls=[], options=ScanOptions(cache_dir=None))
    assert not result.errors, [str(e) for e in result.errors]
    return result.resources, ScanContext(result.resources, CHECKS)


def find(resources, address, file=None):
    return next(r for r in resources if r.address == address
                and (file is None or r.location.file == file))


def effective(resource, context, requirement="authentication"):
    return CHECKS["apim_effective_policy"](resource, context, requirement=requirement)


def policy_resource(name, kind, target, xml, extra=""):
    return dedent(f"""\
        resource "azurerm_api_management_{kind}" "{name}" {{
          {target}
          api_management_name = "contoso-apim"
          resource_group_name = "rg"
          {extra}
          xml_content = <<XML
        {xml}
        XML
        }}
    """)


def api(name, extra=""):
    return dedent(f"""\
        resource "azurerm_api_management_api" "{name}" {{
          name                = "{name}"
          resource_group_name = "rg"
          api_management_name = azurerm_api_management.svc.name
          revision            = "1"
          protocols           = ["https"]
          {extra}
        }}
    """)


JWT = '<validate-jwt header-name="Authorization" />'
LIMIT = '<rate-limit calls="5" renewal-period="60" />'


def doc(*inbound: str) -> str:
    return "<policies><inbound>" + "".join(inbound) + "</inbound></policies>"


# --- Terraform scopes ---------------------------------------------------------------------


def global_policy(xml: str) -> str:
    return ('resource "azurerm_api_management_policy" "global" {\n'
            '  api_management_id = azurerm_api_management.svc.id\n'
            f'  xml_content       = <<XML\n{xml}\nXML\n}}\n')


def test_api_inherits_the_global_policy_through_base(tmp_path):
    resources, context = scan(tmp_path, {"main.tf": SERVICE + api("orders") + global_policy(doc(JWT))
                                         + policy_resource("orders", "api_policy",
                                                           'api_name = "orders"', doc("<base />"))})
    outcome = effective(find(resources, "azurerm_api_management_api.orders"), context)
    assert outcome.status is Status.PASS
    assert "azurerm_api_management_policy.global" in outcome.observed


def test_an_api_policy_without_base_drops_the_global_policy(tmp_path):
    resources, context = scan(tmp_path, {"main.tf": SERVICE + api("orders") + global_policy(doc(JWT))
                                         + policy_resource("orders", "api_policy",
                                                           'api_name = "orders"', doc(LIMIT))})
    outcome = effective(find(resources, "azurerm_api_management_api.orders"), context)
    assert outcome.status is Status.FAIL


def test_operation_policy_links_through_the_operation_reference(tmp_path):
    operation = dedent("""\
        resource "azurerm_api_management_api_operation" "get" {
          operation_id        = "get"
          api_name            = azurerm_api_management_api.orders.name
          api_management_name = azurerm_api_management.svc.name
          resource_group_name = "rg"
          display_name        = "Get"
          method              = "GET"
          url_template        = "/"
        }
    """)
    op_policy = policy_resource(
        "get", "api_operation_policy",
        "api_name = azurerm_api_management_api_operation.get.api_name",
        doc("<base />"), "operation_id = azurerm_api_management_api_operation.get.operation_id")
    resources, context = scan(tmp_path, {"main.tf": SERVICE + api("orders") + operation + op_policy
                                         + policy_resource("orders", "api_policy",
                                                           "api_name = azurerm_api_management_api.orders.name",
                                                           doc("<base />", JWT))})
    for address in ("azurerm_api_management_api_operation_policy.get",
                    "azurerm_api_management_api_operation.get"):
        assert effective(find(resources, address), context).status is Status.PASS


def test_product_routes_and_keyless_callers(tmp_path):
    product = dedent("""\
        resource "azurerm_api_management_product" "starter" {
          product_id          = "starter"
          api_management_name = azurerm_api_management.svc.name
          resource_group_name = "rg"
          display_name        = "Starter"
        }
        resource "azurerm_api_management_product_api" "keyed" {
          product_id          = azurerm_api_management_product.starter.product_id
          api_name            = azurerm_api_management_api.keyed.name
          api_management_name = "contoso-apim"
          resource_group_name = "rg"
        }
        resource "azurerm_api_management_product_api" "open" {
          product_id          = azurerm_api_management_product.starter.product_id
          api_name            = azurerm_api_management_api.open.name
          api_management_name = "contoso-apim"
          resource_group_name = "rg"
        }
    """) + policy_resource("starter", "product_policy",
                           "product_id = azurerm_api_management_product.starter.product_id",
                           doc("<base />", LIMIT))
    resources, context = scan(tmp_path, {"main.tf": SERVICE + product + api("keyed")
                                         + api("open", "subscription_required = false")})
    keyed = effective(find(resources, "azurerm_api_management_api.keyed"), context, "rate_limit")
    assert keyed.status is Status.PASS
    open_ = effective(find(resources, "azurerm_api_management_api.open"), context, "rate_limit")
    assert open_.status is Status.FAIL


def test_unresolvable_links_are_unknown(tmp_path):
    resources, context = scan(tmp_path, {"main.tf": dedent("""\
        variable "service" {
          type = string
        }
        resource "azurerm_api_management_api" "orders" {
          name                = "orders"
          resource_group_name = "rg"
          api_management_name = var.service
          revision            = "1"
        }
    """)})
    outcome = effective(find(resources, "azurerm_api_management_api.orders"), context)
    assert outcome.status is Status.UNKNOWN


def test_unreadable_xml_is_unknown(tmp_path):
    resources, context = scan(tmp_path, {"main.tf": SERVICE + api("orders") + policy_resource(
        "orders", "api_policy", 'api_name = "orders"', "<policies><inbound></policies>")})
    outcome = effective(find(resources, "azurerm_api_management_api.orders"), context)
    assert outcome.status is Status.UNKNOWN
    assert "invalid XML" in outcome.observed


def test_heredoc_elements_point_at_their_own_line(tmp_path):
    xml = "<policies>\n  <inbound>\n    <base />\n  </inbound>\n</policies>"
    text = SERVICE + policy_resource("op", "api_operation_policy", 'api_name = "orders"', xml,
                                     'operation_id = "get"') + api("orders")
    resources, context = scan(tmp_path, {"main.tf": text})
    resource = find(resources, "azurerm_api_management_api_operation_policy.op")
    outcome = effective(resource, context)
    assert outcome.status is Status.FAIL
    attribute_line = resource.lines["xml_content"]
    assert resource.line_of(outcome.path) == attribute_line + 2  # the <inbound> line


def test_xml_from_file_points_at_the_attribute_and_the_file_is_not_judged_twice(tmp_path):
    text = SERVICE + api("orders") + dedent("""\
        resource "azurerm_api_management_api_policy" "orders" {
          api_name            = "orders"
          api_management_name = "contoso-apim"
          resource_group_name = "rg"
          xml_content         = file("${path.module}/orders.xml")
        }
    """)
    resources, context = scan(tmp_path, {"main.tf": text, "orders.xml": doc(LIMIT)})
    policy = find(resources, "azurerm_api_management_api_policy.orders")
    outcome = CHECKS["apim_policy_xml"](
        policy, context, condition={"all": {"path": "rate_limits", "condition":
                                            {"path": "calls", "equals": "6"}}})
    assert outcome.status is Status.FAIL
    assert policy.line_of(outcome.path) == policy.lines["xml_content"]
    standalone = find(resources, "policy", "orders.xml")
    assert CHECKS["apim_policy_file"](standalone, context).status is Status.FAIL
    assert CHECKS["apim_entry_policy_file"](standalone, context).status is Status.FAIL


# --- standalone files ---------------------------------------------------------------------


APIOPS = {
    "extract/policy.xml": doc(JWT),
    "extract/apis/orders/policy.xml": doc("<base />"),
    "extract/apis/orders/operations/get/policy.xml": doc("<base />", LIMIT),
    "extract/apis/billing/operations/pay/policy.xml": doc("<base />"),
}


def test_apiops_layout_resolves_operation_api_and_global(tmp_path):
    resources, context = scan(tmp_path, APIOPS)
    get = find(resources, "policy", "extract/apis/orders/operations/get/policy.xml")
    assert effective(get, context).status is Status.PASS
    assert effective(get, context, "rate_limit").status is Status.PASS
    # an API without a policy file inherits everything
    pay = find(resources, "policy", "extract/apis/billing/operations/pay/policy.xml")
    assert effective(pay, context).status is Status.PASS
    assert effective(pay, context, "rate_limit").status is Status.FAIL
    global_policy = find(resources, "policy", "extract/policy.xml")
    assert CHECKS["apim_entry_policy_file"](global_policy, context).status is Status.FAIL


def test_product_policies_of_the_layout_make_routes_possible_only(tmp_path):
    files = dict(APIOPS)
    files["extract/products/gold/policy.xml"] = doc("<base />", LIMIT)
    resources, context = scan(tmp_path, files)
    orders = find(resources, "policy", "extract/apis/orders/policy.xml")
    assert effective(orders, context, "rate_limit").status is Status.UNKNOWN
    assert effective(orders, context).status is Status.PASS


def test_missing_global_policy_and_loose_files(tmp_path):
    resources, context = scan(tmp_path, {
        "apis/orders/policy.xml": doc("<base />"),
        "elsewhere/orders.xml": doc("<base />", LIMIT),
        "elsewhere/self.xml": doc(JWT),
    })
    assert effective(find(resources, "policy", "apis/orders/policy.xml"), context).status \
        is Status.UNKNOWN  # apis/ without its global policy.xml
    loose = find(resources, "policy", "elsewhere/orders.xml")
    assert effective(loose, context).status is Status.UNKNOWN
    assert effective(loose, context, "rate_limit").status is Status.PASS
    assert effective(find(resources, "policy", "elsewhere/self.xml"), context).status is Status.PASS


@pytest.mark.parametrize("inbound, status", [
    (f"<choose><when condition=\"@(true)\">{JWT}</when><otherwise>{JWT}</otherwise></choose>",
     Status.PASS),
    (f"<choose><when condition=\"@(true)\">{JWT}</when></choose>", Status.UNKNOWN),
    (f"<retry condition=\"@(false)\" count=\"1\" interval=\"1\">{JWT}</retry>", Status.PASS),
    ('<include-fragment fragment-id="auth" />', Status.UNKNOWN),
    ('<check-header name="Authorization" failed-check-httpcode="401"><value>x</value></check-header>',
     Status.UNKNOWN),
    ('<choose><when condition="@(context.Request.Certificate == null)"><return-response>'
     '<set-status code="403" /></return-response></when></choose>', Status.UNKNOWN),
    ('<validate-jwt header-name="a" require-signed-tokens="false" />', Status.FAIL),
    ('<validate-jwt header-name="a" require-signed-tokens="@(true)" />', Status.UNKNOWN),
    ('<send-request mode="new" response-variable-name="r"><set-url>https://x</set-url>'
     '<authentication-managed-identity resource="x" /></send-request>', Status.FAIL),
])
def test_what_counts_as_authentication(tmp_path, inbound, status):
    resources, context = scan(tmp_path, {"p.xml": doc(inbound)})
    assert effective(resources[0], context).status is status


def test_content_validation_needs_a_prevent_action():
    requirement = REQUIREMENTS["content_validation"]

    def element(**attributes):
        return {"element": "validate-content", "attributes": attributes, "children": [], "line": 1}

    assert requirement.test(element(**{"size-exceeded-action": "prevent"})) is True
    assert requirement.test(element(**{"size-exceeded-action": "detect"})) is False
    assert requirement.test(element(**{"size-exceeded-action": Unknown("x")})) is None
    assert "only logs" in requirement.why_not(element(**{"size-exceeded-action": "ignore"}))


def test_authenticates_only_looks_at_validation_policies():
    assert authenticates({"element": "authentication-basic", "attributes": {}, "children": []}) is False
    assert authenticates({"element": "validate-azure-ad-token", "attributes": {}, "children": []})


# --- ip-filter ----------------------------------------------------------------------------


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


# --- WAF in front -------------------------------------------------------------------------


def gateway(fqdns: str, waf: str) -> str:
    return dedent(f"""\
        resource "azurerm_application_gateway" "edge" {{
          name                = "edge"
          resource_group_name = "rg"
          location            = "westeurope"
          backend_address_pool {{
            name  = "apim"
            fqdns = {fqdns}
          }}
          {waf}
        }}
    """)


@pytest.mark.parametrize("fqdns, waf, status", [
    ('["contoso-apim.azure-api.net"]',
     'waf_configuration {\n enabled = true\n firewall_mode = "Prevention"\n}', Status.PASS),
    ('[replace(azurerm_api_management.svc.gateway_url, "https://", "")]',
     'waf_configuration {\n enabled = true\n firewall_mode = "Prevention"\n}', Status.PASS),
    ('["contoso-apim.azure-api.net"]',
     'waf_configuration {\n enabled = true\n firewall_mode = "Detection"\n}', Status.FAIL),
    ('["contoso-apim.azure-api.net"]', "", Status.FAIL),
    ('["other.example"]',
     'waf_configuration {\n enabled = true\n firewall_mode = "Prevention"\n}', Status.FAIL),
    ('["contoso-apim.azure-api.net"]',
     'firewall_policy_id = "/subscriptions/x/providers/Microsoft.Network/'
     'ApplicationGatewayWebApplicationFirewallPolicies/p"', Status.UNKNOWN),
])
def test_application_gateway_in_front(tmp_path, fqdns, waf, status):
    resources, context = scan(tmp_path, {"main.tf": SERVICE + gateway(fqdns, waf)})
    outcome = CHECKS["apim_waf_in_front"](find(resources, "azurerm_api_management.svc"),
                                                 context)
    assert outcome.status is status, outcome.observed


def test_hostile_xml_in_terraform_is_unknown_not_expanded(tmp_path):
    bomb = ('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><policies><inbound>&b;</inbound></policies>')
    resources, context = scan(tmp_path, {"main.tf": SERVICE + api("orders") + policy_resource(
        "orders", "api_policy", 'api_name = "orders"', bomb)})
    outcome = effective(find(resources, "azurerm_api_management_api.orders"), context)
    assert outcome.status is Status.UNKNOWN and "DTD" in outcome.observed
