"""API Management policy XML held in Terraform (`resolve/embedded/apim.py`): parsed through the
batch parser and attached as `policy_document`, with lines inside the resource; unreadable XML
as Unknown with the reason; standalone copies marked."""

from __future__ import annotations

from textwrap import dedent

from compliance.model import Unknown
from compliance.parse.batch import content_key
from compliance.parse.cache import ParseCache

XML = "<policies>\n  <inbound>\n    <base />\n    <rate-limit calls=\"5\" renewal-period=\"60\" />\n  </inbound>\n</policies>"


def find(resources, address, file=None):
    return next(r for r in resources if r.address == address
                and (file is None or r.location.file == file))


def api_policy(xml_content: str) -> str:
    return ('resource "azurerm_api_management_api_policy" "orders" {\n'
            '  api_name            = "orders"\n'
            '  api_management_name = "contoso-apim"\n'
            '  resource_group_name = "rg"\n'
            f'  xml_content         = {xml_content}\n'
            '}\n')


def test_heredoc_xml_is_parsed_and_its_elements_keep_their_lines(scan_files):
    resources = scan_files({"main.tf": api_policy(f"<<XML\n{XML}\nXML")})
    policy = find(resources, "azurerm_api_management_api_policy.orders")
    document = policy.attributes["policy_document"]
    assert [e["element"] for e in document["inbound"]] == ["base", "rate-limit"]
    assert document["rate_limits"][0]["calls"] == "5"
    assert isinstance(policy.attributes["xml_content"], str)  # what was written stays
    attribute = policy.lines["xml_content"]
    assert policy.lines["policy_document"] == attribute
    assert policy.lines["policy_document.inbound"] == attribute + 2
    assert policy.line_of(("policy_document", "inbound", 1)) == attribute + 4
    assert policy.line_of(("policy_document", "rate_limits", 0)) == attribute + 4


def test_the_policy_block_of_a_service(scan_files):
    service = dedent("""\
        resource "azurerm_api_management" "svc" {
          name     = "contoso-apim"
          sku_name = "Developer_1"
          policy {
            xml_content = <<XML
        <policies>
          <inbound>
            <cors allow-credentials="true"><allowed-origins><origin>*</origin></allowed-origins></cors>
          </inbound>
        </policies>
        XML
          }
        }
        resource "azurerm_api_management" "bare" {
          name     = "bare-apim"
          sku_name = "Developer_1"
        }
    """)
    resources = scan_files({"main.tf": service})
    svc = find(resources, "azurerm_api_management.svc")
    assert svc.attributes["policy_document"]["cors"][0]["allowed_origins"] == ["*"]
    assert svc.line_of(("policy_document", "cors", 0)) == 8
    assert "policy_document" not in find(resources, "azurerm_api_management.bare").attributes


def test_xml_from_a_file_points_at_the_attribute_and_the_file_says_who_holds_it(scan_files):
    resources = scan_files({"main.tf": api_policy('file("${path.module}/orders.xml")'),
                                "orders.xml": XML})
    policy = find(resources, "azurerm_api_management_api_policy.orders")
    assert policy.line_of(("policy_document", "inbound", 1)) == policy.lines["xml_content"]
    standalone = find(resources, "policy", "orders.xml")
    assert standalone.attributes["embedded_in"] == ["azurerm_api_management_api_policy.orders"]


def test_unreadable_xml_is_unknown_with_the_reason(scan_files):
    files = {
        "broken/main.tf": api_policy('"<policies><inbound></policies>"'),
        "variable/main.tf": 'variable "xml" {\n  type = string\n}\n' + api_policy("var.xml"),
        "link/main.tf": api_policy('null\n  xml_link = "https://example.com/p.xml"'),
        "fragment/main.tf": api_policy('"<fragment><rate-limit calls=\\"1\\" renewal-period=\\"1\\" /></fragment>"'),
        "hostile/main.tf": api_policy('<<XML\n<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa">'
                                      '<!ENTITY b "&a;&a;&a;&a;">]><policies><inbound>&b;</inbound>'
                                      '</policies>\nXML'),
    }
    resources = scan_files(files)
    reasons = {r.scope: r.attributes["policy_document"].reason for r in resources
               if r.type == "azurerm_api_management_api_policy"}
    assert all(isinstance(r.attributes["policy_document"], Unknown) for r in resources
               if r.type == "azurerm_api_management_api_policy")
    assert "invalid XML" in reasons["broken"] and "line 1 of the XML" in reasons["broken"]
    assert reasons["variable"].startswith("xml_content is unknown")
    assert "xml_link https://example.com/p.xml" in reasons["link"]
    assert reasons["fragment"] == "not a <policies> document"
    assert "DTD" in reasons["hostile"]


def test_documents_go_through_the_parse_cache(scan_files, tmp_path):
    cache = tmp_path / "cache"
    scan_files({"main.tf": api_policy('"<policies><inbound /></policies>"')}, cache)
    cached = ParseCache(cache).get(*content_key("apim", b"<policies><inbound /></policies>"))
    assert cached is not None and cached["resources"][0]["type"] == "apim_policy"
