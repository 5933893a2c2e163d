"""The Kong decK parser: entities as resources, the scope each plugin is bound to, consumers and
their credentials, service URLs, lines, templates, discovery and broken input. What applies to
each route (precedence, anonymous consumers) is the view's: tests/resolve/test_kong.py."""

from __future__ import annotations

import json
from textwrap import dedent

import pytest
from kong_samples import SHOP, line

from compliance.model import Unknown, resource_from_json
from compliance.parse import parse_source, yaml_nodes
from compliance.parse.discover import KONG, KUBERNETES, OPENAPI, classify
from compliance.parse.kong import parse


@pytest.fixture(params=["libyaml", "pure-python"])
def each_loader(request, monkeypatch):
    """Run a test with libyaml's composer and with PyYAML's fallback."""
    if request.param == "pure-python":
        monkeypatch.setattr(yaml_nodes, "_LOADER", yaml_nodes.yaml.SafeLoader)
        monkeypatch.setattr(yaml_nodes, "_USES_LIBYAML", False)
    elif not yaml_nodes._USES_LIBYAML:
        pytest.skip("PyYAML without libyaml")


def resources(text: str) -> dict:
    result = parse(dedent(text))
    assert result["errors"] == []
    return {r.address: r for r in map(resource_from_json, result["resources"])}


# --- resources and addresses -----------------------------------------------------------------


def test_entities_become_resources_with_addresses(each_loader):
    found = resources(SHOP)
    types = {address: r.type for address, r in found.items()}
    assert types["kong:service/orders"] == "kong_service"
    assert types["kong:route/orders/list-orders"] == "kong_route"
    assert types["kong:route/catalog/products"] == "kong_route"
    assert types["kong:consumer/partner"] == "kong_consumer"
    assert types["kong:plugin/key-auth@global"] == "kong_plugin"
    assert types["kong:plugin/cors@service:orders"] == "kong_plugin"
    assert types["kong:plugin/rate-limiting@route:orders/create-order"] == "kong_plugin"
    assert types["kong:plugin/rate-limiting@consumer:partner"] == "kong_plugin"
    assert all(r.platform == "kong" for r in found.values())
    assert found["kong:route/orders/list-orders"].attributes["workspace"] == "shop"


def test_key_material_and_secret_bearing_entities_become_resources():
    found = resources("""\
        _format_version: "3.0"
        certificates:
          - cert: '{vault://aws/tls/cert}'
            key: '${{ env "DECK_TLS_KEY" }}'
            snis: [{name: api.example.com}]
          - id: 2e4b8f3a
            cert: x
            key: y
        ca_certificates:
          - cert: public
        key_sets:
          - name: signing
        keys:
          - kid: k1
            jwk: '{"kty": "oct", "k": "c2VjcmV0"}'
            set: {name: signing}
        vaults:
          - name: hcv
            prefix: hashicorp
            config: {token: '{vault://env/vault-token}'}
        partials:
          - name: shared-redis
            type: redis-ee
            config: {password: p}
        """)
    types = {address: r.type for address, r in found.items()}
    assert types == {"kong:certificate/api.example.com": "kong_certificate",
                     "kong:certificate/2e4b8f3a": "kong_certificate",
                     "kong:key/k1": "kong_key", "kong:vault/hashicorp": "kong_vault",
                     "kong:partial/shared-redis": "kong_partial"}
    certificate = found["kong:certificate/api.example.com"]
    assert isinstance(certificate.attributes["key"], Unknown)
    assert certificate.attributes["key"].kind.name == "PLACEHOLDER"
    assert certificate.attributes["cert"].kind.name == "SECRET_REFERENCE"
    assert found["kong:partial/shared-redis"].attributes["config"] == {"password": "p"}
    assert found["kong:vault/hashicorp"].location.start_line == 18


def test_plugin_resources_carry_their_scope():
    found = resources(SHOP)
    assert found["kong:plugin/key-auth@global"].attributes["scope"] == "global"
    assert found["kong:plugin/key-auth@service:orders"].attributes["scope"] == "service"
    assert found["kong:plugin/rate-limiting@consumer:partner"].attributes["scope"] == "consumer"
    disabled = found["kong:plugin/rate-limiting@service:orders"]
    assert disabled.attributes["enabled"] is False


# --- plugin scopes -----------------------------------------------------------------------------


def test_plugins_are_bound_to_the_keys_of_their_scope():
    found = resources(SHOP)
    bound = {address: r.attributes["bound_to"] for address, r in found.items() if r.type == "kong_plugin"}
    assert bound["kong:plugin/key-auth@global"] == {}
    assert bound["kong:plugin/cors@service:orders"] == {"service": "kong:service/orders"}
    assert bound["kong:plugin/rate-limiting@route:orders/create-order"] == {
        "route": "kong:route/orders/create-order"}
    assert bound["kong:plugin/rate-limiting@consumer:partner"] == {"consumer": "kong:consumer/partner"}


def test_references_to_entities_the_file_lacks_keep_their_name():
    found = resources("""\
        _format_version: "3.0"
        plugins:
          - {name: acl, service: elsewhere, config: {allow: [x]}}
          - {name: jwt, route: '${{ env "DECK_ROUTE" }}'}
        routes:
          - {name: r, service: elsewhere, paths: [/]}
        """)
    assert found["kong:plugin/acl@service:elsewhere"].attributes["bound_to"] == {
        "service": "services?elsewhere"}
    route = found["kong:route/elsewhere/r"].attributes["service"]
    assert (route["key"], route["address"], route["name"]) == ("services?elsewhere", None, "elsewhere")
    templated = found["kong:plugin/jwt@route:?"].attributes["bound_to"]["route"]
    assert isinstance(templated, Unknown) and "DECK_ROUTE" in templated.reason


def test_own_plugins_of_services_and_routes():
    found = resources(SHOP)
    assert set(found["kong:service/orders"].attributes["plugins"]) == {"key-auth", "cors"}
    assert set(found["kong:route/orders/create-order"].attributes["plugins"]) == {"rate-limiting"}
    assert set(found["kong:consumer/partner"].attributes["plugins"]) == {"rate-limiting"}


# --- services ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url, expected", [
    ("http://orders.internal:8080/v1", ("http", "orders.internal", 8080, "/v1")),
    ("https://orders.internal", ("https", "orders.internal", 443, None)),
    ("grpcs://pricing.internal:50051", ("grpcs", "pricing.internal", 50051, None)),
])
def test_service_url_is_split_like_kong(url, expected):
    found = resources(f"""\
        _format_version: "3.0"
        services: [{{name: s, url: "{url}"}}]
        """)
    attributes = found["kong:service/s"].attributes
    assert tuple(attributes[k] for k in ("protocol", "host", "port", "path")) == expected


def test_templated_url_keeps_what_is_known():
    found = resources("""\
        _format_version: "3.0"
        services:
          - name: partial
            url: https://${{ env "DECK_HOST" }}/api
          - name: whole
            url: ${{ env "DECK_URL" }}
        """)
    partial = found["kong:service/partial"].attributes
    assert partial["protocol"] == "https" and partial["path"] == "/api"
    assert isinstance(partial["host"], Unknown)
    assert isinstance(found["kong:service/whole"].attributes["protocol"], Unknown)


def test_url_without_scheme_is_reported():
    result = parse('_format_version: "3.0"\nservices:\n  - name: s\n    url: orders.internal\n')
    assert result["errors"] == [{"line": 4, "message": "service url 'orders.internal' has no scheme"}]
    service = resource_from_json(result["resources"][0])
    assert isinstance(service.attributes["protocol"], Unknown)


def test_info_defaults_fill_missing_keys():
    found = resources("""\
        _format_version: "3.0"
        _info:
          defaults:
            service: {protocol: https, port: 443}
            route: {protocols: [https]}
        services:
          - name: s
            host: s.internal
            routes:
              - {name: r, paths: [/]}
              - {name: r2, paths: [/2], protocols: [http]}
        """)
    assert found["kong:service/s"].attributes["protocol"] == "https"
    assert found["kong:route/s/r"].attributes["protocols"] == ["https"]
    assert found["kong:route/s/r2"].attributes["protocols"] == ["http"]


def test_route_knows_its_service():
    found = resources(SHOP)
    service = found["kong:route/orders/list-orders"].attributes["service"]
    assert service["address"] == "kong:service/orders"
    assert (service["protocol"], service["host"], service["port"]) == ("https", "orders.internal", 8443)
    assert found["kong:route/orders/list-orders"].attributes["service_name"] == "orders"


# --- consumers ---------------------------------------------------------------------------------


def test_consumer_credentials_groups_and_references():
    found = resources("""\
        _format_version: "3.0"
        _transform: false
        consumers:
          - username: app
            keyauth_credentials:
              - key: '{vault://env/app-key}'
              - key: '${{ env "DECK_APP_KEY" }}'
              - key: literal-key
            basicauth_credentials:
              - {username: app, password: hashed}
            acls: [{group: readers}]
            groups: [{name: gold}]
        consumer_groups:
          - name: gold
          - name: silver
            consumers: [{username: app}]
        """)
    app = found["kong:consumer/app"].attributes
    keys = [c["key"] for c in app["keyauth_credentials"]]
    assert isinstance(keys[0], Unknown) and keys[0].reason.startswith("vault reference")
    assert isinstance(keys[1], Unknown) and keys[1].reason.startswith("template placeholder")
    assert keys[2] == "literal-key"
    assert app["groups"] == ["gold", "silver"]
    assert app["group_keys"] == ["kong:consumer_group/gold", "kong:consumer_group/silver"]
    assert app["credentials_hashed"] is True


# --- lines -------------------------------------------------------------------------------------


def test_locations_and_lines_are_the_entities_own():
    text = SHOP
    found = resources(text)
    route = found["kong:route/orders/create-order"]
    start = line(text, "- name: create-order")
    assert (route.location.start_line, route.location.end_line) == (start, line(text, "second: 5"))
    assert route.lines["methods"] == line(text, "methods: [POST]")
    assert route.lines["plugins.rate-limiting.config.second"] == line(text, "second: 5")
    service = found["kong:service/orders"]
    assert service.location.start_line == line(text, "- name: orders")
    assert service.location.end_line == line(text, "second: 5")
    assert service.lines["url"] == line(text, "url: https://orders")


def test_parts_read_from_the_url_are_located_at_the_url():
    text = SHOP
    service = resources(text)["kong:service/orders"]
    assert service.lines["protocol"] == service.lines["host"] == line(text, "url: https://orders")
    catalog = resources(text)["kong:service/catalog"]
    assert "protocol" not in catalog.lines and catalog.lines["host"] == line(text, "host: catalog")


def test_each_deck_document_of_a_file_is_numbered():
    result = parse('_format_version: "3.0"\nservices: [{name: a, host: a}]\n---\nkind: x\n---\n'
                   '_format_version: "3.0"\nservices: [{name: a, host: b}]\n')
    assert [(r["address"], r["attributes"]["document"]) for r in result["resources"]] == [
        ("kong:service/a", 0), ("kong:service/a", 1)]


# --- discovery and foreign files ---------------------------------------------------------------


def test_format_version_decides_the_kind():
    assert classify("kong.yaml", b'_format_version: "3.0"\nservices: []\n') == KONG
    assert classify("kong.yml", b"# decK\n'_format_version': '1.1'\n") == KONG
    assert classify("kong.json", b'{"_format_version": "3.0", "services": []}') == KONG
    assert classify("kong.yaml", b'{"_format_version": "3.0"}') == KONG
    assert classify("values.yaml", b'kong:\n  _format_version: "3.0"\n') is None
    # a KongIngress or KongPlugin manifest stays a Kubernetes object
    manifest = b"apiVersion: configuration.konghq.com/v1\nkind: KongPlugin\n"
    assert classify("plugin.yaml", manifest) == KUBERNETES
    assert classify("api.yaml", b"openapi: 3.0.0\ninfo: {title: x}\n") == OPENAPI


def test_deck_files_without_format_version_are_recognized_by_their_content():
    """Kong and decK read a declarative file without `_format_version` (Kong/deck's own
    kong.yaml is one); its top-level lists of Kong entities say what it is."""
    deck = b"_info:\n  select_tags: [a]\nservices:\n# the shop\n- name: s\n  host: shop\n"
    assert classify("kong.yaml", deck) == KONG
    assert classify("c.yaml", b"consumers:\n  - username: alice\n") == KONG
    assert classify("p.yaml", b"plugins: [{name: cors, config: {origins: ['*']}}]\n") == KONG
    assert classify("k.json", b'{"routes": [{"paths": ["/"]}]}') == KONG
    # a docker-compose file's services are a mapping; a list of other tools' plugins
    assert classify("compose.yaml", b"services:\n  web:\n    image: nginx\n") is None
    assert parse("plugins:\n- name: prettier\n  version: 3\n") == {"resources": [],
                                                                     "errors": []}
    assert parse("routes:\n- a\n- b\n") == {"resources": [], "errors": []}
    found = {r["address"] for r in parse(deck.decode())["resources"]}
    assert found == {"kong:service/s"}
    plugin = parse("plugins:\n- name: cors\n  config: {origins: ['*']}\n")["resources"]
    assert [r["address"] for r in plugin] == ["kong:plugin/cors@global"]


def test_other_yaml_gives_nothing():
    assert parse("services:\n  web:\n    image: nginx\n") == {"resources": [], "errors": []}
    assert parse("apiVersion: v1\nkind: Pod\n") == {"resources": [], "errors": []}


def test_json_deck_file():
    text = json.dumps({"_format_version": "3.0", "services": [
        {"name": "s", "url": "http://s.internal", "routes": [{"name": "r", "paths": ["/"]}]}]},
        indent="\t")
    found = {r["address"] for r in parse(text)["resources"]}
    assert found == {"kong:service/s", "kong:route/s/r"}


# --- broken input ------------------------------------------------------------------------------


def test_invalid_yaml_is_an_error_with_its_line(each_loader):
    result = parse('_format_version: "3.0"\nservices:\n  - name: s\n    host: a: b\n')
    assert result["resources"] == []
    assert [e["line"] for e in result["errors"]] == [4]
    assert "mapping values are not allowed" in result["errors"][0]["message"]


def test_bad_entries_are_reported_and_the_rest_kept():
    result = parse(dedent("""\
        _format_version: "3.0"
        services:
          - just-a-string
          - name: ok
            host: ok.internal
            routes: not-a-list
        consumers: {username: x}
        plugins:
          - name: cors
          - name: cors
          - config: {}
        """))
    messages = {(e["line"], e["message"]) for e in result["errors"]}
    assert (3, "an entry of services is not a mapping; skipped") in messages
    assert (6, "routes is not a list; its entries are not read") in messages
    assert (7, "consumers is not a list; its entries are not read") in messages
    assert (10, "plugin cors is declared twice for the same scope; Kong refuses this") in messages
    assert (11, "plugin name missing or not a string; not applied to any route") in messages
    assert "kong:service/ok" in {r["address"] for r in result["resources"]}


def test_alias_bomb_and_deep_nesting_are_refused():
    lines = ['_format_version: "3.0"', "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    result = parse("\n".join(lines) + "\n")
    assert result["resources"] == [] and "alias expansion too large" in result["errors"][0]["message"]
    deep = '_format_version: "3.0"\nservices: ' + "[" * 300 + "]" * 300 + "\n"
    assert parse_source("kong", deep)["errors"]


@pytest.mark.parametrize("text", [
    "", "_format_version:", "_format_version: [1]\nservices: 5\n", "---\n- a\n---\n_format_version: x\n",
    '_format_version: "3.0"\n'
    "services: [{name: [1], url: 5, routes: [{service: [], plugins: [{name: 1}]}]}]\n",
    '_format_version: "3.0"\nplugins: [{name: key-auth, config: [1], service: {id: 7}}]\nroutes: [{}]\n',
    '_format_version: "3.0"\n'
    "consumers: [{acls: 5, groups: [1, {name: []}]}]\nconsumer_groups: [{consumers: 3}]\n",
])
def test_odd_shapes_never_raise(text):
    result = parse_source("kong", text)
    assert "internal parser error" not in json.dumps(result["errors"])
    json.dumps(result)
