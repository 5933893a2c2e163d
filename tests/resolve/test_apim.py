"""The Azure API Management view (`resolve/apim/`): effective policies across scopes (Terraform
links and the APIOps layout), the elements' facts (on every request or not, unknown where not
read), the scope of standalone files, what is in front of a gateway; and the controls that judge
them (what counts as authentication, rate limiting, content validation, a WAF)."""

from __future__ import annotations

from textwrap import dedent

import pytest

from compliance.catalog.controls import load_catalog
from compliance.evaluate.checks import CHECKS
from compliance.evaluate.run import ScanContext
from compliance.model import Status, Unknown

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
JWT = '<validate-jwt header-name="Authorization" />'
LIMIT = '<rate-limit calls="5" renewal-period="60" />'
GLOBAL = "global policy of azurerm_api_management.svc"


def find(resources, address, file=None):
    return next(r for r in resources if r.address == address
                and (file is None or r.location.file == file))


def routes(resource, section="inbound"):
    return resource.attributes["effective_policy"][section]["routes"]


def names(route):
    return [e.reason if isinstance(e, Unknown) else e["element"] for e in route["elements"]]


def doc(*inbound: str) -> str:
    return "<policies><inbound>" + "".join(inbound) + "</inbound></policies>"


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


def global_policy(xml: str) -> str:
    return ('resource "azurerm_api_management_policy" "global" {\n'
            '  api_management_id = azurerm_api_management.svc.id\n'
            f'  xml_content       = <<XML\n{xml}\nXML\n}}\n')


# --- Terraform scopes ---------------------------------------------------------------------


def test_api_inherits_the_global_policy_through_base(scan_files):
    resources = scan_files({"main.tf": SERVICE + api("orders") + global_policy(doc(JWT))
                                + policy_resource("orders", "api_policy", 'api_name = "orders"',
                                                  doc("<base />", LIMIT))})
    (route,) = routes(find(resources, "azurerm_api_management_api.orders"))
    assert route["through"] == [GLOBAL] and route["taken"] is True
    assert names(route) == ["validate-jwt", "rate-limit"]
    jwt = route["elements"][0]
    assert jwt["source"] == "azurerm_api_management_policy.global"
    assert jwt["on_every_request"] is True and jwt["attributes"]["header-name"] == "Authorization"
    api_resource = find(resources, "azurerm_api_management_api.orders")
    assert api_resource.anchors["effective_policy"] == ["effective_policy"]


def test_an_api_policy_without_base_drops_the_global_policy(scan_files):
    resources = scan_files({"main.tf": SERVICE + api("orders") + global_policy(doc(JWT))
                                + policy_resource("orders", "api_policy", 'api_name = "orders"',
                                                  doc(LIMIT))})
    (route,) = routes(find(resources, "azurerm_api_management_api.orders"))
    assert names(route) == ["rate-limit"]


def test_operation_policy_links_through_the_operation_reference(scan_files):
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
        doc("<base />", LIMIT), "operation_id = azurerm_api_management_api_operation.get.operation_id")
    resources = scan_files({"main.tf": SERVICE + api("orders") + operation + op_policy
                                + policy_resource("orders", "api_policy",
                                                  "api_name = azurerm_api_management_api.orders.name",
                                                  doc("<base />", JWT))})
    for address in ("azurerm_api_management_api_operation_policy.get",
                    "azurerm_api_management_api_operation.get"):
        (route,) = routes(find(resources, address))
        assert route["through"] == ["API azurerm_api_management_api.orders", GLOBAL]
        assert names(route) == ["validate-jwt", "rate-limit"]


def test_product_routes_and_keyless_callers(scan_files):
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
    resources = scan_files({"main.tf": SERVICE + product + api("keyed")
                                + api("open", "subscription_required = false")})
    product_route = ["product azurerm_api_management_product.starter", GLOBAL]
    (keyed,) = routes(find(resources, "azurerm_api_management_api.keyed"))
    assert keyed["through"] == product_route and names(keyed) == ["rate-limit"]
    # callers without a key skip the product
    through_product, keyless = routes(find(resources, "azurerm_api_management_api.open"))
    assert through_product["through"] == product_route and names(through_product) == ["rate-limit"]
    assert keyless["through"] == [GLOBAL] and names(keyless) == []


def test_unresolvable_links_are_unknown(scan_files):
    resources = scan_files({"main.tf": dedent("""\
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
    (route,) = routes(find(resources, "azurerm_api_management_api.orders"))
    (gap,) = route["elements"]
    assert isinstance(gap, Unknown) and "which API Management service" in gap.reason


def test_unreadable_xml_is_unknown_where_it_is_inherited(scan_files):
    resources = scan_files({"main.tf": SERVICE + api("orders") + policy_resource(
        "orders", "api_policy", 'api_name = "orders"', "<policies><inbound></policies>")})
    (route,) = routes(find(resources, "azurerm_api_management_api.orders"))
    (gap,) = route["elements"]
    assert "invalid XML" in gap.reason


def test_lines_point_into_the_resource(scan_files):
    xml = "<policies>\n  <inbound>\n    <base />\n    <set-header name=\"x\" />\n  </inbound>\n</policies>"
    text = SERVICE + global_policy(doc(JWT)) + api("orders") + policy_resource(
        "op", "api_operation_policy", 'api_name = "orders"', xml, 'operation_id = "get"')
    resources = scan_files({"main.tf": text})
    resource = find(resources, "azurerm_api_management_api_operation_policy.op")
    attribute_line = resource.lines["xml_content"]
    at = ("effective_policy", "inbound", "routes", 0, "elements")
    assert resource.line_of(at) == attribute_line + 2  # its own <inbound>: where one would go
    assert resource.line_of(at + (0,)) == resource.location.start_line  # inherited
    assert resource.line_of(at + (1, "on_every_request")) == attribute_line + 4  # its own
    api_resource = find(resources, "azurerm_api_management_api.orders")
    assert api_resource.line_of(at + (0,)) is None  # holds no policy: its first line


# --- standalone files ---------------------------------------------------------------------


APIOPS = {
    "extract/policy.xml": doc(JWT),
    "extract/apis/orders/policy.xml": doc("<base />"),
    "extract/apis/orders/operations/get/policy.xml": doc("<base />", LIMIT),
    "extract/apis/billing/operations/pay/policy.xml": doc("<base />"),
}


def test_apiops_layout_resolves_operation_api_and_global(scan_files):
    resources = scan_files(APIOPS)
    get = find(resources, "policy", "extract/apis/orders/operations/get/policy.xml")
    (route,) = routes(get)
    assert route["through"] == ["extract/apis/orders/policy.xml", "extract/policy.xml"]
    assert names(route) == ["validate-jwt", "rate-limit"]
    assert route["elements"][0]["at"] == "extract/policy.xml:1"
    # an API without a policy file inherits everything
    pay = find(resources, "policy", "extract/apis/billing/operations/pay/policy.xml")
    assert names(routes(pay)[0]) == ["validate-jwt"]
    levels = {r.location.file: r.attributes["scope_level"] for r in resources}
    assert levels == {"extract/policy.xml": "global", "extract/apis/orders/policy.xml": "api",
                      "extract/apis/orders/operations/get/policy.xml": "operation",
                      "extract/apis/billing/operations/pay/policy.xml": "operation"}


def test_product_policies_of_the_layout_make_routes_possible_only(scan_files):
    files = dict(APIOPS)
    files["extract/products/gold/policy.xml"] = doc("<base />", LIMIT)
    resources = scan_files(files)
    gold, straight = routes(find(resources, "policy", "extract/apis/orders/policy.xml"))
    assert gold["through"] == ["extract/products/gold/policy.xml", "extract/policy.xml"]
    assert isinstance(gold["taken"], Unknown) and isinstance(straight["taken"], Unknown)
    assert names(gold) == ["validate-jwt", "rate-limit"] and names(straight) == ["validate-jwt"]


def test_missing_global_policy_and_loose_files(scan_files):
    resources = scan_files({
        "apis/orders/policy.xml": doc("<base />"),
        "elsewhere/orders.xml": doc("<base />", LIMIT),
    })
    (route,) = routes(find(resources, "policy", "apis/orders/policy.xml"))
    assert "the global policy (policy.xml) is not in the scan" in names(route)[0]
    loose = find(resources, "policy", "elsewhere/orders.xml")
    (route,) = routes(loose)
    assert "not in an APIOps layout" in names(route)[0] and names(route)[1] == "rate-limit"
    assert loose.attributes["scope_level"] == "unknown"
    assert loose.line_of(("effective_policy", "inbound", "routes", 0, "elements", 0)) == 1


# --- what runs on every request -----------------------------------------------------------


def test_policies_inside_a_choose_run_only_for_some_requests(scan_files):
    inbound = (f'<choose><when condition="@(true)">{JWT}<choose><when condition="@(false)">'
               f'{LIMIT}</when></choose></when><otherwise>{LIMIT}</otherwise></choose>')
    resources = scan_files({"p.xml": doc(inbound)})
    (route,) = routes(resources[0])
    assert names(route) == ["choose", "validate-jwt", "choose", "rate-limit", "rate-limit"]
    choose, jwt, inner, limit, other = route["elements"]
    assert choose["on_every_request"] is True and choose["exhaustive"] is True
    for element in (jwt, inner, limit, other):  # the reason names the outermost <choose>
        assert element["on_every_request"].reason == \
            "only under some conditions of the <choose> at p.xml:1"
    first, second = choose["branches"]
    assert [e["element"] for e in first["elements"]] == ["validate-jwt", "choose", "rate-limit"]
    assert first["elements"][0]["on_every_request"] is True  # relative to its branch
    assert isinstance(first["elements"][2]["on_every_request"], Unknown)
    assert second["elements"][0]["on_every_request"] is True
    assert inner["exhaustive"] is False


def test_retry_runs_its_policies_and_fragments_are_not_read(scan_files):
    inbound = (f'<retry condition="@(false)" count="1" interval="1">{JWT}</retry>'
               '<include-fragment fragment-id="auth" />')
    resources = scan_files({"p.xml": doc(inbound)})
    (route,) = routes(resources[0])
    retry, jwt, fragment = route["elements"]
    assert retry["element"] == "retry" and jwt["on_every_request"] is True
    assert isinstance(fragment, Unknown) and "<include-fragment> at p.xml:1" in fragment.reason


def test_expressions_are_kept_with_the_element(scan_files):
    inbound = '<choose><when condition="@(context.Request.Certificate == null)" /></choose>'
    resources = scan_files({"p.xml": doc(inbound)})
    when = routes(resources[0])[0]["elements"][0]["children"][0]
    assert isinstance(when["attributes"]["condition"], Unknown)
    assert when["expressions"] == {"condition": "@(context.Request.Certificate == null)"}


# --- the controls' judgement --------------------------------------------------------------


CATALOG = load_catalog()


def verdict(resources, resource, control: str, check: str):
    """The status of a control's check on `resource`, whatever its type."""
    (found,) = [c for c in CATALOG.by_id[control].checks if c.id == check]
    return ScanContext(resources, CHECKS).evaluator.evaluate(found.condition, resource)


@pytest.mark.parametrize("inbound, status", [
    (JWT, Status.PASS),
    ('<validate-azure-ad-token tenant-id="x" />', Status.PASS),
    ('<validate-client-certificate />', Status.PASS),
    (f"<choose><when condition=\"@(true)\">{JWT}</when><otherwise>{JWT}</otherwise></choose>",
     Status.PASS),
    (f"<choose><when condition=\"@(true)\">{JWT}</when><otherwise>{LIMIT}</otherwise></choose>",
     Status.UNKNOWN),
    (f"<choose><when condition=\"@(true)\">{JWT}</when></choose>", Status.UNKNOWN),
    (f"<choose><when condition=\"@(true)\">{LIMIT}</when></choose>", Status.FAIL),
    (f"<retry condition=\"@(false)\" count=\"1\" interval=\"1\">{JWT}</retry>", Status.PASS),
    (f"<limit-concurrency key=\"k\" max-count=\"1\">{JWT}</limit-concurrency>", Status.PASS),
    ('<include-fragment fragment-id="auth" />', Status.UNKNOWN),
    ('<check-header name="Authorization" failed-check-httpcode="401"><value>x</value></check-header>',
     Status.UNKNOWN),
    ('<check-header name="X-Tenant" failed-check-httpcode="401"><value>x</value></check-header>',
     Status.FAIL),
    ('<choose><when condition="@(context.Request.Certificate == null)"><return-response>'
     '<set-status code="403" /></return-response></when></choose>', Status.UNKNOWN),
    ('<choose><when condition="@(context.Request.Certificate == null)"><set-header name="x" />'
     '</when></choose>', Status.FAIL),
    ('<validate-jwt header-name="a" require-signed-tokens="false" />', Status.FAIL),
    ('<validate-jwt header-name="a" require-signed-tokens="True" />', Status.PASS),
    ('<validate-jwt header-name="a" require-signed-tokens="@(true)" />', Status.UNKNOWN),
    ('<send-request mode="new" response-variable-name="r"><set-url>https://x</set-url>'
     '<authentication-managed-identity resource="x" /></send-request>', Status.FAIL),
])
def test_what_counts_as_authentication(scan_files, inbound, status):
    resources = scan_files({"p.xml": doc(inbound)})
    outcome = verdict(resources, resources[0], "azure-apim-validate-jwt", "policy-file")
    assert outcome.status is status, outcome


@pytest.mark.parametrize("inbound, status", [
    ('<rate-limit-by-key calls="1" renewal-period="1" counter-key="k" />', Status.PASS),
    ('<azure-openai-token-limit tokens-per-minute="1" counter-key="k" />', Status.PASS),
    (f"<choose><when condition=\"@(true)\">{LIMIT}</when><otherwise>{LIMIT}</otherwise></choose>",
     Status.PASS),
    (f"<choose><when condition=\"@(true)\">{LIMIT}</when><otherwise /></choose>", Status.UNKNOWN),
    ('<set-header name="x" />', Status.FAIL),
])
def test_what_counts_as_rate_limiting(scan_files, inbound, status):
    resources = scan_files({"p.xml": doc(inbound)})
    assert verdict(resources, resources[0], "azure-apim-rate-limit", "policy-file").status \
        is status


@pytest.mark.parametrize("attributes, children, status", [
    ('size-exceeded-action="prevent"', "", Status.PASS),
    ('unspecified-content-type-action="Prevent"', "", Status.PASS),
    ('size-exceeded-action="detect"', '<content type="application/json" action="prevent" />',
     Status.PASS),
    ('size-exceeded-action="detect"', "", Status.FAIL),
    ('size-exceeded-action="ignore" unspecified-content-type-action="detect"', "", Status.FAIL),
    ('size-exceeded-action="@(context.Variables["a"])"', "", Status.UNKNOWN),
])
def test_content_validation_needs_a_prevent_action(scan_files, attributes, children, status):
    inbound = f"<validate-content max-size=\"1\" {attributes}>{children}</validate-content>"
    resources = scan_files({"p.xml": doc(inbound)})
    assert verdict(resources, resources[0], "azure-apim-validate-content", "operation").status \
        is status


@pytest.mark.parametrize("subscription, inbound, status, attribute", [
    ("", "", Status.PASS, ("subscription_required",)),
    ("subscription_required = false", JWT, Status.PASS, ()),
    ("subscription_required = false", LIMIT, Status.FAIL, ("subscription_required",)),
    ("subscription_required = false", f'<choose><when condition="@(true)">{JWT}</when></choose>',
     Status.UNKNOWN, ("subscription_required",)),
    ("subscription_required = var.key", JWT, Status.PASS, None),
    ("subscription_required = var.key", LIMIT, Status.UNKNOWN, ("subscription_required",)),
])
def test_subscription_or_authentication_names_the_setting(scan_files, subscription, inbound,
                                                          status, attribute):
    text = (SERVICE + 'variable "key" {\n  type = bool\n}\n' + api("orders", subscription)
            + policy_resource("orders", "api_policy", 'api_name = "orders"', doc(inbound)))
    resources = scan_files({"main.tf": text})
    outcome = verdict(resources, find(resources, "azurerm_api_management_api.orders"),
                      "azure-apim-api-subscription-or-auth", "api")
    assert outcome.status is status
    if attribute is not None:
        assert outcome.path == attribute


# --- what is in front of the gateway --------------------------------------------------------


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


PREVENTION = 'waf_configuration {\n enabled = true\n firewall_mode = "Prevention"\n}'


@pytest.mark.parametrize("fqdns, waf, modes, status", [
    ('["contoso-apim.azure-api.net"]', PREVENTION, ["Prevention"], Status.PASS),
    ('[replace(azurerm_api_management.svc.gateway_url, "https://", "")]', PREVENTION,
     ["Prevention"], Status.PASS),
    ('["contoso-apim.azure-api.net"]',
     'waf_configuration {\n enabled = true\n firewall_mode = "Detection"\n}', ["Detection"],
     Status.FAIL),
    ('["contoso-apim.azure-api.net"]', "", [], Status.FAIL),
    ('["other.example"]', PREVENTION, None, Status.FAIL),
    ('["contoso-apim.azure-api.net"]',
     'firewall_policy_id = "/subscriptions/x/providers/Microsoft.Network/'
     'ApplicationGatewayWebApplicationFirewallPolicies/p"', [Unknown], Status.UNKNOWN),
])
def test_application_gateway_in_front(scan_files, fqdns, waf, modes, status):
    resources = scan_files({"main.tf": SERVICE + gateway(fqdns, waf)})
    service = find(resources, "azurerm_api_management.svc")
    fronts = service.attributes["fronted_by"]
    if modes is None:
        assert fronts == []
    else:
        (front,) = fronts
        assert front["address"] == "azurerm_application_gateway.edge"
        assert front["routes_to_gateway"] is True
        assert [Unknown if isinstance(m, Unknown) else m for m in front["waf_modes"]] == modes
        assert not any(m.refs for m in front["waf_modes"] if isinstance(m, Unknown))
    assert verdict(resources, service, "azure-apim-waf", "service").status is status


def test_an_unresolvable_backend_may_be_the_gateway(scan_files):
    text = SERVICE + 'variable "backend" {\n  type = string\n}\n' + gateway("[var.backend]",
                                                                            PREVENTION)
    resources = scan_files({"main.tf": text})
    service = find(resources, "azurerm_api_management.svc")
    (front,) = service.attributes["fronted_by"]
    assert isinstance(front["routes_to_gateway"], Unknown)
    assert verdict(resources, service, "azure-apim-waf", "service").status is Status.UNKNOWN
