"""The Kong view: each route's plugins after Kong's precedence, consumer-scoped and unresolved
plugins, anonymous consumers and whether they are refused, termination, the lines of all of it,
loopback hosts and cors origins as Kong reads them; and the declarative Kong controls on the
cases their samples don't show."""

from __future__ import annotations

from dataclasses import replace
from textwrap import dedent

import pytest
from kong_samples import SHOP, line

from compliance.model import Location, Status, Unknown, resource_from_json
from compliance.parse import parse_source
from compliance.parse.kong import parse
from compliance.pipeline.scan import run_scan
from compliance.resolve.kong import kong_view
from compliance.resolve.kong.readings import admits_any_origin, is_loopback
from compliance.resolve.views import VIEWS


def view(*texts: str) -> dict:
    """The view over one file per text (file i is `kong-<i>.yaml`), by address."""
    resources = []
    for index, text in enumerate(texts):
        result = parse(dedent(text))
        assert result["errors"] == []
        for data in result["resources"]:
            resource = resource_from_json(data)
            name = f"kong-{index}.yaml"
            resources.append(replace(resource, scope=name, location=Location(
                name, resource.location.start_line, resource.location.end_line)))
    found = {}
    for resource in kong_view(resources):
        found.setdefault(resource.address, resource)
    return found


def test_the_view_is_registered():
    registered = [v for v in VIEWS if v.__name__ == "kong_view"]
    assert registered and registered[0].module == kong_view.__module__


# --- precedence --------------------------------------------------------------------------------


def test_route_plugin_wins_over_service_and_service_over_global():
    create = view(SHOP)["kong:route/orders/create-order"].attributes["effective_plugins"]
    assert create["rate-limiting"]["scope"] == "route"
    assert create["rate-limiting"]["config"] == {"second": 5}
    assert create["key-auth"]["scope"] == "service"
    assert create["cors"]["scope"] == "service"  # a top-level plugin naming the service
    assert create["key-auth"]["plugin"] == "kong:plugin/key-auth@service:orders"


def test_disabled_plugin_gives_way_to_a_less_specific_one():
    listing = view(SHOP)["kong:route/orders/list-orders"].attributes["effective_plugins"]
    assert listing["rate-limiting"]["scope"] == "global"
    assert listing["rate-limiting"]["config"] == {"minute": 100}
    assert listing["rate-limiting"]["enabled"] is True


def test_plugins_of_another_service_do_not_apply():
    products = view(SHOP)["kong:route/catalog/products"].attributes["effective_plugins"]
    assert set(products) == {"key-auth", "rate-limiting"}
    assert products["key-auth"]["scope"] == "global"


def test_consumer_plugins_are_listed_apart():
    route = view(SHOP)["kong:route/orders/list-orders"].attributes
    assert [(p["name"], p["scope"], p["consumer"], p["consumer_group"]) for p in route["consumer_plugins"]] \
        == [("rate-limiting", "consumer", "partner", None)]
    assert route["effective_plugins"]["rate-limiting"]["scope"] == "global"


def test_route_and_service_scoped_plugin_applies_only_to_that_pair():
    found = view("""\
        _format_version: "3.0"
        services:
          - name: a
            host: a.internal
            routes:
              - {name: ra, paths: [/a]}
          - name: b
            host: b.internal
        plugins:
          - {name: acl, route: ra, service: a, config: {allow: [x]}}
          - {name: ip-restriction, route: ra, service: b, config: {allow: [10.0.0.0/8]}}
        """)
    effective = found["kong:route/a/ra"].attributes["effective_plugins"]
    assert set(effective) == {"acl"} and effective["acl"]["scope"] == "route"


def test_references_to_a_service_the_file_lacks_still_match():
    found = view("""\
        _format_version: "3.0"
        plugins:
          - {name: jwt, service: elsewhere}
        routes:
          - {name: r, service: elsewhere, paths: [/]}
          - {name: s, service: other, paths: [/s]}
        """)
    assert set(found["kong:route/elsewhere/r"].attributes["effective_plugins"]) == {"jwt"}
    assert found["kong:route/other/s"].attributes["effective_plugins"] == {}


def test_enabled_that_is_not_a_boolean_is_unknown():
    found = view("""\
        _format_version: "3.0"
        plugins:
          - {name: key-auth, enabled: '${{ env "DECK_AUTH" }}'}
          - {name: cors, enabled: "yes"}
        routes:
          - {name: r, paths: [/]}
        """)
    effective = found["kong:route/-/r"].attributes["effective_plugins"]
    assert isinstance(effective["key-auth"]["enabled"], Unknown)
    assert "not a boolean" in effective["cors"]["enabled"].reason


# --- unresolved plugins ------------------------------------------------------------------------


def test_templated_name_or_scope_might_apply():
    text = """\
        _format_version: "3.0"
        services:
          - name: s
            host: s.internal
            routes: [{name: r, paths: [/]}]
          - name: t
            host: t.internal
            routes: [{name: r2, paths: [/t]}]
        plugins:
          - name: '${{ env "DECK_AUTH_PLUGIN" }}'
            service: t
          - name: rate-limiting
            service: '${{ env "DECK_SERVICE" }}'
        """
    found = view(text)
    templated = found["kong:route/t/r2"].attributes["unresolved_plugins"]
    assert templated[0]["line"] == line(text, "DECK_AUTH_PLUGIN")
    assert isinstance(templated[0]["name"], Unknown)
    assert isinstance(templated[0]["applies"], Unknown)
    assert "might apply" in templated[0]["applies"].reason
    assert [p["name"] for p in found["kong:route/s/r"].attributes["unresolved_plugins"]] == ["rate-limiting"]


def test_a_route_whose_service_is_a_placeholder_might_get_any_service_plugin():
    found = view("""\
        _format_version: "3.0"
        services:
          - name: s
            host: s.internal
            plugins: [{name: key-auth}]
        routes:
          - {name: r, service: '${{ env "DECK_SERVICE" }}', paths: [/]}
        """)
    route = found["kong:route/-/r"].attributes
    assert route["effective_plugins"] == {}
    assert [p["name"] for p in route["unresolved_plugins"]] == ["key-auth"]


# --- anonymous consumers -----------------------------------------------------------------------


def test_anonymous_consumer_and_whether_it_is_refused():
    found = view(SHOP)
    products = found["kong:route/catalog/products"].attributes["effective_plugins"]["key-auth"]
    assert (products["anonymous"], products["anonymous_refused"]) == ("guest", False)
    orders = found["kong:route/orders/list-orders"].attributes["effective_plugins"]["key-auth"]
    assert "anonymous" not in orders and "anonymous_refused" not in orders
    assert "anonymous" not in found["kong:route/orders/list-orders"].attributes[
        "effective_plugins"]["rate-limiting"]


@pytest.mark.parametrize("value", ['""', "null"])
def test_empty_anonymous_is_no_anonymous(value):
    found = view(f"""\
        _format_version: "1.1"
        services:
          - name: s
            host: s.internal
            plugins: [{{name: jwt, config: {{anonymous: {value}}}}}]
            routes: [{{name: r, paths: [/]}}]
        """)
    jwt = found["kong:route/s/r"].attributes["effective_plugins"]["jwt"]
    assert jwt["anonymous"] is None and "anonymous_refused" not in jwt


REFUSALS = """\
    _format_version: "3.0"
    services:
      - name: s
        host: s.internal
        plugins:
          - {name: key-auth, config: {anonymous: anon}}
          - {name: basic-auth, config: {anonymous: anon}}
        routes: [{name: r, paths: [/]}]
      - name: t
        host: t.internal
        plugins:
          - {name: jwt, config: {anonymous: visitor}}
          - {name: acl, config: {allow: [staff]}}
        routes: [{name: r2, paths: [/t]}]
      - name: u
        host: u.internal
        plugins:
          - {name: jwt, config: {anonymous: visitor}}
          - {name: acl, config: {allow: [public]}}
        routes: [{name: r3, paths: [/u]}]
      - name: v
        host: v.internal
        plugins:
          - {name: jwt, config: {anonymous: member}}
          - {name: acl, config: {deny: [gold], include_consumer_groups: true}}
        routes: [{name: r4, paths: [/v]}]
      - name: w
        host: w.internal
        plugins:
          - {name: jwt, config: {anonymous: member}}
        routes: [{name: r5, paths: [/w]}]
      - name: x
        host: x.internal
        plugins:
          - {name: jwt, config: {anonymous: nobody}}
          - {name: acl, config: {allow: [staff]}}
        routes: [{name: r6, paths: [/x]}]
    consumer_groups:
      - name: gold
        plugins:
          - {name: request-termination, route: r5, config: {status_code: 403}}
    consumers:
      - username: anon
        plugins: [{name: request-termination, config: {status_code: 401}}]
      - username: visitor
        acls: [{group: public}]
      - username: member
        groups: [{name: gold}]
    """


@pytest.mark.parametrize("route, plugin, refused", [
    ("kong:route/s/r", "key-auth", True),  # a request-termination scoped to the consumer
    ("kong:route/s/r", "basic-auth", True),
    ("kong:route/t/r2", "jwt", True),  # the acl allows none of its groups
    ("kong:route/u/r3", "jwt", False),  # the acl allows its group
    ("kong:route/v/r4", "jwt", True),  # the acl denies its consumer group
    ("kong:route/w/r5", "jwt", True),  # a request-termination scoped to its group and the route
])
def test_anonymous_consumer_refused_by_request_termination_or_acl(route, plugin, refused):
    entry = view(REFUSALS)[route].attributes["effective_plugins"][plugin]
    assert entry["anonymous_refused"] is refused


def test_refusal_that_cannot_be_known_is_unknown():
    found = view(REFUSALS)
    # not defined in the file: its ACL groups are unknown
    nobody = found["kong:route/x/r6"].attributes["effective_plugins"]["jwt"]["anonymous_refused"]
    assert isinstance(nobody, Unknown) and "not defined" in nobody.reason
    conditional = view("""\
        _format_version: "3.0"
        plugins: [{name: key-auth, config: {anonymous: sometimes}}]
        routes: [{name: r, paths: [/]}]
        consumers:
          - username: sometimes
            plugins: [{name: request-termination, config: {trigger: x-block}}]
        """)["kong:route/-/r"].attributes["effective_plugins"]["key-auth"]["anonymous_refused"]
    assert isinstance(conditional, Unknown) and "may not apply" in conditional.reason


def test_unknown_acl_lists_make_the_refusal_unknown():
    found = view("""\
        _format_version: "3.0"
        plugins:
          - {name: key-auth, config: {anonymous: visitor}}
          - {name: acl, config: {allow: '${{ env "DECK_ALLOW" }}'}}
        routes: [{name: r, paths: [/]}]
        consumers:
          - {username: visitor, acls: [{group: public}]}
        """)
    refused = found["kong:route/-/r"].attributes["effective_plugins"]["key-auth"]["anonymous_refused"]
    assert isinstance(refused, Unknown) and "allow or deny list" in refused.reason


def test_templated_anonymous_is_unknown():
    found = view("""\
        _format_version: "3.0"
        services:
          - name: s
            host: s.internal
            plugins: [{name: key-auth, config: {anonymous: '${{ env "DECK_ANON" }}'}}]
            routes: [{name: r, paths: [/]}]
          - name: t
            host: t.internal
            plugins: [{name: jwt, config: '${{ env "DECK_JWT" }}'}]
            routes: [{name: r2, paths: [/t]}]
        """)
    key_auth = found["kong:route/s/r"].attributes["effective_plugins"]["key-auth"]
    assert isinstance(key_auth["anonymous"], Unknown) and "DECK_ANON" in key_auth["anonymous"].reason
    assert isinstance(key_auth["anonymous_refused"], Unknown)
    jwt = found["kong:route/t/r2"].attributes["effective_plugins"]["jwt"]
    assert isinstance(jwt["anonymous"], Unknown) and "DECK_JWT" in jwt["anonymous"].reason


# --- termination -------------------------------------------------------------------------------


def test_request_termination_without_trigger_terminates():
    found = view("""\
        _format_version: "3.0"
        routes:
          - name: gone
            paths: [/v1]
            plugins: [{name: request-termination, config: {status_code: 410}}]
          - name: debug
            paths: [/debug]
            plugins: [{name: request-termination, config: {trigger: x-debug}}]
          - name: maybe
            paths: [/maybe]
            plugins: [{name: request-termination, enabled: '${{ env "DECK_OFF" }}'}]
          - name: open
            paths: [/open]
        """)
    assert found["kong:route/-/gone"].attributes["terminated"] is True
    assert found["kong:route/-/debug"].attributes["terminated"] is False
    assert isinstance(found["kong:route/-/maybe"].attributes["terminated"], Unknown)
    assert found["kong:route/-/open"].attributes["terminated"] is False


# --- lines -------------------------------------------------------------------------------------


def test_a_plugin_declared_in_the_route_keeps_its_lines():
    text = SHOP
    route = view(text)["kong:route/orders/create-order"]
    assert route.lines["effective_plugins.rate-limiting"] == line(text, "- name: rate-limiting", after=30)
    assert route.lines["effective_plugins.rate-limiting.config.second"] == line(text, "second: 5")
    # where config.anonymous would be: its config
    assert route.lines["effective_plugins.rate-limiting.anonymous"] == line(text, "config:", after=33)


def test_a_plugin_declared_elsewhere_is_located_at_the_route_but_for_its_address_and_values():
    text = SHOP
    route = view(text)["kong:route/catalog/products"]
    start = route.location.start_line
    declared = line(text, "- name: key-auth")
    assert route.line_of(("effective_plugins", "key-auth", "plugin")) == declared
    assert route.line_of(("effective_plugins", "key-auth", "config", "anonymous")) == \
        line(text, "anonymous: guest")
    for path in [("effective_plugins", "key-auth"), ("effective_plugins", "key-auth", "anonymous"),
                 ("effective_plugins", "key-auth", "anonymous_refused"),
                 ("effective_plugins", "key-auth", "enabled"),
                 ("effective_plugins", "rate-limiting", "config", "hour"),  # missing: at the route
                 ("effective_plugins",), ("unresolved_plugins",)]:
        assert (route.line_of(path) or start) == start, path


# --- configurations ----------------------------------------------------------------------------


def test_each_file_and_each_deck_document_is_a_configuration_of_its_own():
    global_auth = '_format_version: "3.0"\nplugins: [{name: key-auth}]\n'
    route = '_format_version: "3.0"\nroutes: [{name: r, paths: [/]}]\n'
    assert view(global_auth, route)["kong:route/-/r"].attributes["effective_plugins"] == {}
    both = [resource_from_json(r) for r in parse(global_auth + "---\n" + route)["resources"]]
    routes = [r for r in kong_view(both) if r.type == "kong_route"]
    assert routes[0].attributes["effective_plugins"] == {}
    same = [resource_from_json(r) for r in parse(global_auth + route.split("\n", 1)[1])["resources"]]
    assert set(next(r for r in kong_view(same) if r.type == "kong_route")
               .attributes["effective_plugins"]) == {"key-auth"}


@pytest.mark.parametrize("text", [
    ('_format_version: "3.0"\n'
     "services: [{name: [1], url: 5, routes: [{service: [], plugins: [{name: 1}]}]}]\n"),
    '_format_version: "3.0"\nplugins: [{name: key-auth, config: [1], service: {id: 7}}]\nroutes: [{}]\n',
    ('_format_version: "3.0"\n'
     "consumers: [{acls: 5, groups: [1, {name: []}]}]\nconsumer_groups: [{consumers: 3}]\n"),
    ('_format_version: "3.0"\nplugins: [{name: acl, config: {allow: [{a: 1}], deny: 3}},'
     " {name: jwt, config: {anonymous: x}}, {name: key-auth, config: {anonymous: 7}},"
     " {name: cors, config: {origins: 5}}]\n"
     "routes: [{name: r}]\nconsumers: [{username: x, acls: [{group: {a: 1}}]}]\n"),
])
def test_odd_shapes_never_raise(text):
    resources = [resource_from_json(r) for r in parse_source("kong", text)["resources"]]
    kong_view(resources)


# --- services and cors plugins -----------------------------------------------------------------


@pytest.mark.parametrize("host, loopback", [
    ("localhost", True), ("LOCALHOST", True), ("api.localhost", True), ("127.0.0.1", True),
    ("127.8.9.10", True), ("::1", True), ("[::1]", True), ("localhost.localdomain", True),
    ("orders.internal", False), ("10.0.0.1", False), ("localhost.example.com", False), (8080, False),
])
def test_loopback_hosts(host, loopback):
    assert is_loopback(host) is loopback


def test_services_know_whether_their_host_is_a_loopback_address():
    found = view("""\
        _format_version: "3.0"
        services:
          - {name: a, url: "http://127.0.0.1:9000"}
          - {name: b, host: orders.internal}
          - {name: c, url: '${{ env "DECK_URL" }}'}
          - {name: d, protocol: http}
        """)
    assert found["kong:service/a"].attributes["host_loopback"] is True
    assert found["kong:service/b"].attributes["host_loopback"] is False
    assert isinstance(found["kong:service/c"].attributes["host_loopback"], Unknown)
    assert "host_loopback" not in found["kong:service/d"].attributes


@pytest.mark.parametrize("origin, admits", [
    ("*", True), ("null", True), (".*", True), ("^.*$", True), ("https?://.*", True),
    (".*\\.example\\.com", False),  # only hosts under example.com
    ("^https://[a-z0-9-]+\\.example\\.com$", False),
    ("https://app.example.com", False), ("app.example.com", False),
    ("(", "unknown"),  # not a regular expression Python reads
])
def test_how_kong_reads_an_origin_entry(origin, admits):
    result = admits_any_origin(origin)
    if admits == "unknown":
        assert isinstance(result, Unknown)
    else:
        assert result is admits


def test_cors_plugins_know_which_origins_admit_any_site():
    text = """\
        _format_version: "3.0"
        plugins:
          - name: cors
            config:
              origins:
                - https://app.example.com
                - .*
              credentials: true
          - name: cors
            service: s
            config:
              origins: '${{ env "DECK_ORIGINS" }}'
          - name: cors
            route: r
            config: {credentials: true}
          - name: rate-limiting
            config: {origins: ["*"]}
        """
    found = view(text)
    listed = found["kong:plugin/cors@global"]
    assert listed.attributes["origin_admits_any"] == [False, True]
    assert listed.lines["origin_admits_any[1]"] == line(text, "- .*")
    assert isinstance(found["kong:plugin/cors@service:s"].attributes["origin_admits_any"], Unknown)
    assert "origin_admits_any" not in found["kong:plugin/cors@route:r"].attributes
    assert "origin_admits_any" not in found["kong:plugin/rate-limiting@global"].attributes


# --- the declarative controls on what their samples don't show ---------------------------------


def outcomes(tmp_path, catalog, control: str, text: str) -> dict[str, tuple[Status, str]]:
    (tmp_path / "kong.yaml").write_text(dedent(text))
    result = run_scan([tmp_path], catalog, controls=[catalog.by_id[control]])
    return {f.resource.address: (f.status, f.evidence.attribute) for f in result.findings}


def test_authentication_is_unknown_when_a_templated_plugin_might_authenticate(tmp_path, catalog):
    found = outcomes(tmp_path, catalog, "kong-route-authentication", """\
        _format_version: "3.0"
        services:
          - name: s
            host: s.internal
            routes: [{name: r, paths: [/]}]
          - name: t
            host: t.internal
            routes: [{name: r2, paths: [/t]}]
          - name: u
            host: u.internal
            routes: [{name: r3, paths: [/u]}]
        plugins:
          - {name: '${{ env "DECK_AUTH_PLUGIN" }}', service: t}
          - {name: key-auth, service: '${{ env "DECK_SERVICE" }}'}
          - {name: cors, route: '${{ env "DECK_ROUTE" }}'}
        """)
    # any route might get the key-auth of a templated service; r's cors would not authenticate
    assert found["kong:route/t/r2"][0] is Status.UNKNOWN
    assert found["kong:route/s/r"][0] is Status.UNKNOWN
    assert found["kong:route/s/r"][1].startswith("unresolved_plugins")
    # a templated scope on a plugin that is no authentication plugin changes nothing
    found = outcomes(tmp_path, catalog, "kong-route-authentication", """\
        _format_version: "3.0"
        plugins: [{name: cors, route: '${{ env "DECK_ROUTE" }}'}]
        routes: [{name: r, paths: [/]}]
        """)
    assert found["kong:route/-/r"] == (Status.FAIL, "effective_plugins")


def test_authentication_verdicts_on_anonymous_consumers(tmp_path, catalog):
    found = outcomes(tmp_path, catalog, "kong-route-authentication", REFUSALS)
    assert found["kong:route/s/r"] == (Status.PASS, "effective_plugins.key-auth.anonymous_refused")
    assert found["kong:route/u/r3"] == (Status.FAIL, "effective_plugins.jwt.anonymous")
    assert found["kong:route/x/r6"][0] is Status.UNKNOWN


def test_one_plugin_requiring_credentials_is_enough(tmp_path, catalog):
    found = outcomes(tmp_path, catalog, "kong-route-authentication", """\
        _format_version: "3.0"
        plugins:
          - {name: key-auth, config: {anonymous: guest}}
          - {name: jwt, enabled: '${{ env "DECK_JWT" }}'}
          - {name: basic-auth, config: {anonymous: ""}}
        routes: [{name: r, paths: [/]}]
        """)
    assert found["kong:route/-/r"] == (Status.PASS, "effective_plugins.basic-auth.anonymous")


def test_an_unknown_enabled_decides_nothing(tmp_path, catalog):
    text = """\
        _format_version: "3.0"
        plugins:
          - {name: rate-limiting, enabled: '${{ env "DECK_RL" }}', config: {minute: 5}}
          - {name: key-auth, enabled: '${{ env "DECK_AUTH" }}'}
        routes: [{name: r, paths: [/]}]
        """
    assert outcomes(tmp_path, catalog, "kong-route-rate-limiting", text)["kong:route/-/r"] == \
        (Status.UNKNOWN, "effective_plugins.rate-limiting.enabled")
    assert outcomes(tmp_path, catalog, "kong-route-authentication", text)["kong:route/-/r"] == \
        (Status.UNKNOWN, "effective_plugins.key-auth.enabled")


def test_oas_validation_counts_unless_it_skips_bodies(tmp_path, catalog):
    found = outcomes(tmp_path, catalog, "kong-request-validation", """\
        _format_version: "3.0"
        services:
          - name: a
            host: a.internal
            plugins: [{name: oas-validation, config: {api_spec: "{}"}}]
            routes: [{name: r, paths: [/a]}]
          - name: b
            host: b.internal
            plugins: [{name: oas-validation, config: {validate_request_body: false}}]
            routes: [{name: r2, paths: [/b]}]
        """)
    assert found["kong:route/a/r"] == (Status.PASS, "effective_plugins.oas-validation.plugin")
    assert found["kong:route/b/r2"] == (Status.FAIL, "effective_plugins")


def test_path_segments_of_plain_and_regex_paths():
    routes = view("""\
        _format_version: "3.0"
        services:
          - name: orders
            url: https://orders.example.com
            routes:
              - name: mixed
                paths: [/v1/admin, "~/orders/actuator$", /]
              - name: none
                hosts: [orders.example.com]
              - name: templated
                paths: ['${{ env "DECK_ORDERS_PATH" }}']
        """)
    mixed = routes["kong:route/orders/mixed"]
    assert mixed.attributes["path_segments"] == ["v1", "admin", "orders", "actuator"]
    assert mixed.line_of(("path_segments",)) == 7
    assert routes["kong:route/orders/none"].attributes["path_segments"] == []
    assert isinstance(routes["kong:route/orders/templated"].attributes["path_segments"], Unknown)
