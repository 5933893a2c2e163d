"""The condition language: every operator, the three-valued logic, paths and connections."""

from __future__ import annotations

from dataclasses import replace

import pytest

from compliance.evaluate.conditions import resolve
from compliance.evaluate.evaluator import Evaluator
from compliance.evaluate.run import ScanContext
from compliance.model import Location, Outcome, Resource, Status, Unknown, format_path, parse_path

PASS, FAIL, UNKNOWN = Status.PASS, Status.FAIL, Status.UNKNOWN


def make(attributes, type_="aws_thing", address=None, anchors=None, lines=None):
    address = address or f"{type_}.r"
    return Resource("terraform", type_, address.split(".")[-1], address, attributes,
                    Location("main.tf", 1, 20), lines or {}, anchors or {})


def run(condition, resource, others=(), checks=None):
    context = ScanContext([resource, *others])
    return Evaluator(context, checks or {}).evaluate(condition, resource)


ATTRS = {
    "enabled": True,
    "flag_text": "true",
    "port": 443,
    "port_text": "8443",
    "name": "orders-api",
    "empty": None,
    "tags": {"env": "prod", "team": "payments"},
    "cidrs": ["10.0.0.0/8", "0.0.0.0/0"],
    "ingress": [{"from_port": 22, "cidr_blocks": ["0.0.0.0/0"]},
                {"from_port": 443, "cidr_blocks": ["10.0.0.0/8"]}],
    "secret": Unknown("var.secret has no value"),
    "mixed": ["a", Unknown("aws_x.y.id", ("aws_x.y",))],
}


@pytest.mark.parametrize("condition,status", [
    ({"path": "enabled", "exists": True}, PASS),
    ({"path": "missing", "exists": True}, FAIL),
    ({"path": "empty", "exists": True}, FAIL),  # null is unset, as in Terraform
    ({"path": "secret", "exists": True}, PASS),  # unknown but set
    ({"path": "missing", "absent": True}, PASS),
    ({"path": "enabled", "absent": True}, FAIL),
    ({"path": "secret", "absent": True}, FAIL),
    ({"path": "enabled", "equals": True}, PASS),
    ({"path": "enabled", "equals": False}, FAIL),
    ({"path": "flag_text", "equals": True}, PASS),  # Terraform converts "true"
    ({"path": "port_text", "equals": 8443}, PASS),
    ({"path": "port", "equals": "443"}, FAIL),  # no conversion the other way
    ({"path": "port", "equals": True}, FAIL),
    ({"path": "missing", "equals": True, "default": True}, PASS),
    ({"path": "missing", "equals": True, "default": False}, FAIL),
    ({"path": "name", "not_equals": "admin"}, PASS),
    ({"path": "name", "not_equals": "orders-api"}, FAIL),
    ({"path": "name", "in": ["orders-api", "x"]}, PASS),
    ({"path": "name", "in": ["x"]}, FAIL),
    ({"path": "name", "not_in": ["x"]}, PASS),
    ({"path": "name", "not_in": ["orders-api"]}, FAIL),
    ({"path": "name", "matches": "^orders-"}, PASS),
    ({"path": "name", "matches": "^billing"}, FAIL),
    ({"path": "port", "matches": "443"}, FAIL),  # only strings match
    ({"path": "port", "gte": 443}, PASS),
    ({"path": "port", "gte": 444}, FAIL),
    ({"path": "port_text", "gte": 8000}, PASS),
    ({"path": "name", "gte": 1}, FAIL),
    ({"path": "missing", "gte": 1}, FAIL),
    ({"path": "port", "lte": 443}, PASS),
    ({"path": "port", "lte": 80}, FAIL),
    ({"path": "cidrs", "contains": "0.0.0.0/0"}, PASS),
    ({"path": "cidrs", "contains": "192.168.0.0/16"}, FAIL),
    ({"path": "name", "contains": "api"}, PASS),
    ({"path": "tags", "contains": "team"}, PASS),
    ({"path": "tags", "contains": "owner"}, FAIL),
    ({"path": "mixed", "contains": "a"}, PASS),
    ({"path": "mixed", "contains": "b"}, UNKNOWN),  # the unknown item could be "b"
    ({"path": "secret", "equals": "x"}, UNKNOWN),
    ({"path": "secret", "gte": 1}, UNKNOWN),
    ({"path": "secret.deeper.still", "equals": "x"}, UNKNOWN),  # below an unknown is unknown
])
def test_leaf_operators(condition, status):
    assert run(condition, make(ATTRS)).status is status


def test_every_match_of_a_path_must_satisfy_a_leaf():
    outcome = run({"path": "ingress[*].cidr_blocks", "not_equals": ["0.0.0.0/0"]}, make(ATTRS))
    assert outcome.status is FAIL
    assert outcome.path == ("ingress", 0, "cidr_blocks")


def test_a_key_applied_to_a_list_applies_to_each_item():
    outcome = run({"path": "ingress.from_port", "lte": 443}, make(ATTRS))
    assert outcome.status is PASS
    outcome = run({"path": "ingress.from_port", "gte": 100}, make(ATTRS))
    assert (outcome.status, outcome.path, outcome.observed) == (FAIL, ("ingress", 0, "from_port"), 22)


@pytest.mark.parametrize("condition,status", [
    ({"and": [{"path": "enabled", "equals": True}, {"path": "port", "equals": 443}]}, PASS),
    ({"and": [{"path": "enabled", "equals": True}, {"path": "port", "equals": 80}]}, FAIL),
    ({"and": [{"path": "secret", "equals": 1}, {"path": "port", "equals": 443}]}, UNKNOWN),
    ({"and": [{"path": "secret", "equals": 1}, {"path": "port", "equals": 80}]}, FAIL),
    ({"or": [{"path": "enabled", "equals": False}, {"path": "port", "equals": 443}]}, PASS),
    ({"or": [{"path": "enabled", "equals": False}, {"path": "port", "equals": 80}]}, FAIL),
    ({"or": [{"path": "secret", "equals": 1}, {"path": "port", "equals": 80}]}, UNKNOWN),
    ({"or": [{"path": "secret", "equals": 1}, {"path": "port", "equals": 443}]}, PASS),
    ({"not": {"path": "enabled", "equals": True}}, FAIL),
    ({"not": {"path": "enabled", "equals": False}}, PASS),
    ({"not": {"path": "secret", "equals": 1}}, UNKNOWN),
])
def test_three_valued_logic(condition, status):
    assert run(condition, make(ATTRS)).status is status


@pytest.mark.parametrize("condition,status", [
    ({"any": {"path": "ingress", "condition": {"path": "from_port", "equals": 443}}}, PASS),
    ({"any": {"path": "ingress", "condition": {"path": "from_port", "equals": 80}}}, FAIL),
    ({"any": {"path": "missing", "condition": {"path": "x", "equals": 1}}}, FAIL),
    ({"all": {"path": "ingress", "condition": {"path": "from_port", "gte": 22}}}, PASS),
    ({"all": {"path": "ingress", "condition": {"path": "from_port", "gte": 100}}}, FAIL),
    ({"all": {"path": "missing", "condition": {"path": "x", "equals": 1}}}, PASS),
    ({"all": {"path": "mixed", "condition": {"path": "x", "exists": True}}}, FAIL),
    ({"any": {"path": "secret", "condition": {"path": "x", "equals": 1}}}, UNKNOWN),
])
def test_quantifiers(condition, status):
    assert run(condition, make(ATTRS)).status is status


def test_all_names_the_failing_item():
    outcome = run({"all": {"path": "ingress", "condition": {"path": "cidr_blocks",
                                                            "not_equals": ["0.0.0.0/0"]}}},
                  make(ATTRS))
    assert outcome.path == ("ingress", 0, "cidr_blocks")


def test_missing_attribute_reports_where_it_would_be():
    outcome = run({"path": "access_log_settings.destination_arn", "exists": True}, make({}))
    assert outcome.status is FAIL
    assert outcome.path == ("access_log_settings", "destination_arn")


def test_anchored_paths_use_the_resource_anchors():
    pod = {"spec": {"containers": [{"name": "a", "securityContext": {"privileged": False}},
                                   {"name": "b", "securityContext": {"privileged": True}}]}}
    resource = make(pod, anchors={"containers": ["spec.containers[0]", "spec.containers[1]"]})
    outcome = run({"path": "$containers.securityContext.privileged", "not_equals": True}, resource)
    assert (outcome.status, outcome.path) == (FAIL, ("spec", "containers", 1, "securityContext",
                                                     "privileged"))
    outcome = run({"all": {"path": "$containers", "condition": {
        "path": "securityContext.privileged", "not_equals": True}}}, resource)
    assert outcome.path == ("spec", "containers", 1, "securityContext", "privileged")


def test_connection_referenced_by():
    stage = make({"stage_name": "prod"}, "aws_api_gateway_stage", "aws_api_gateway_stage.prod")
    association = make({"resource_arn": Unknown("aws_api_gateway_stage.prod.arn",
                                                ("aws_api_gateway_stage.prod",))},
                       "aws_wafv2_web_acl_association", "aws_wafv2_web_acl_association.a")
    condition = {"connected": {"direction": "referenced_by",
                               "types": ["aws_wafv2_web_acl_association"], "via": "resource_arn"}}
    assert run(condition, stage, [association]).status is PASS
    assert run(condition, stage).status is FAIL
    other_stage = make({}, "aws_api_gateway_stage", "aws_api_gateway_stage.dev")
    assert run(condition, other_stage, [association]).status is FAIL


def test_connection_through_an_unresolvable_link_is_unknown():
    stage = make({}, "aws_api_gateway_stage", "aws_api_gateway_stage.prod")
    association = make({"resource_arn": Unknown("var.stage_arn has no value")},
                       "aws_wafv2_web_acl_association", "aws_wafv2_web_acl_association.a")
    condition = {"connected": {"direction": "referenced_by",
                               "types": ["aws_wafv2_web_acl_association"], "via": "resource_arn"}}
    assert run(condition, stage, [association]).status is UNKNOWN


def test_connection_where_filters_the_other_resource():
    bucket = make({}, "aws_s3_bucket", "aws_s3_bucket.logs")
    block = make({"bucket": Unknown("aws_s3_bucket.logs.id", ("aws_s3_bucket.logs",)),
                  "block_public_acls": False},
                 "aws_s3_bucket_public_access_block", "aws_s3_bucket_public_access_block.b")
    condition = {"connected": {"direction": "referenced_by",
                               "types": ["aws_s3_bucket_public_access_block"], "via": "bucket",
                               "where": {"path": "block_public_acls", "equals": True}}}
    assert run(condition, bucket, [block]).status is FAIL
    block.attributes["block_public_acls"] = True
    assert run(condition, bucket, [block]).status is PASS


def test_connection_references_and_instance_addresses():
    role = make({}, "aws_iam_role", "aws_iam_role.app[0]")
    attachment = make({"role": Unknown("aws_iam_role.app[0].name", ("aws_iam_role.app",))},
                      "aws_iam_role_policy_attachment", "aws_iam_role_policy_attachment.x")
    refs = {"connected": {"direction": "references", "types": ["aws_iam_role"]}}
    assert run(refs, attachment, [role]).status is PASS
    back = {"connected": {"direction": "referenced_by", "types": ["aws_iam_role_policy_*"]}}
    assert run(back, role, [attachment]).status is PASS


def test_python_checks_are_called_with_their_args():
    calls = []

    def check(resource, context, minimum):
        calls.append((resource.address, minimum))
        return Outcome.failed(("x",), 1, f"x at least {minimum}")

    outcome = run({"python": "check_x", "args": {"minimum": 5}}, make({}), checks={"check_x": check})
    assert outcome.status is FAIL and calls == [("aws_thing.r", 5)]


def test_resolve_yields_concrete_paths():
    found = list(resolve(ATTRS, parse_path("tags.*")))
    assert found == [(("tags", "env"), "prod"), (("tags", "team"), "payments")]


@pytest.mark.parametrize("text,parts", [
    ("a.b[0].c", ("a", "b", 0, "c")),
    ("ingress[*].cidr_blocks", ("ingress", "*", "cidr_blocks")),
    ('metadata.annotations["nginx.ingress.kubernetes.io/auth-url"]',
     ("metadata", "annotations", "nginx.ingress.kubernetes.io/auth-url")),
    ('a["quote\\"d"]', ("a", 'quote"d')),
    ("$pod_spec.containers", ("$pod_spec", "containers")),
])
def test_path_syntax_round_trips(text, parts):
    assert parse_path(text) == parts
    assert format_path(parts) == text


def test_invalid_path_is_rejected():
    with pytest.raises(ValueError):
        parse_path("a..b")


def test_references_stay_within_their_root_module():
    """envs/prod and envs/staging may both declare aws_api_gateway_stage.api."""
    prod = make({}, "aws_api_gateway_stage", "aws_api_gateway_stage.api")
    staging = make({}, "aws_api_gateway_stage", "aws_api_gateway_stage.api")
    association = make({"resource_arn": Unknown("aws_api_gateway_stage.api.arn",
                                                ("aws_api_gateway_stage.api",))},
                       "aws_wafv2_web_acl_association", "aws_wafv2_web_acl_association.a")
    prod, staging = replace(prod, scope="envs/prod"), replace(staging, scope="envs/staging")
    association = replace(association, scope="envs/prod")
    condition = {"connected": {"direction": "referenced_by",
                               "types": ["aws_wafv2_web_acl_association"], "via": "resource_arn"}}
    assert run(condition, prod, [staging, association]).status is PASS
    assert run(condition, staging, [prod, association]).status is FAIL


def test_a_connection_whose_condition_is_unknown_is_unknown():
    bucket = make({}, "aws_s3_bucket", "aws_s3_bucket.logs")
    block = make({"bucket": Unknown("aws_s3_bucket.logs.id", ("aws_s3_bucket.logs",)),
                  "block_public_acls": Unknown("var.block has no value")},
                 "aws_s3_bucket_public_access_block", "aws_s3_bucket_public_access_block.b")
    condition = {"connected": {"direction": "referenced_by",
                               "types": ["aws_s3_bucket_public_access_block"], "via": "bucket",
                               "where": {"path": "block_public_acls", "equals": True}}}
    assert run(condition, bucket, [block]).status is UNKNOWN


def test_attribute_missing_from_an_existing_block_points_at_the_block():
    resource = make({"viewer_certificate": [{"acm_certificate_arn": "arn"}]},
                    lines={"viewer_certificate[0]": 7})
    outcome = run({"path": "viewer_certificate.minimum_protocol_version", "exists": True}, resource)
    assert outcome.path == ("viewer_certificate", 0, "minimum_protocol_version")
    assert resource.line_of(outcome.path) == 7


def test_unknown_kinds_survive_the_parse_cache_form():
    from compliance.model import UnknownKind, value_from_json, value_to_json

    value = {"a": [Unknown("vault reference {vault://x}", kind=UnknownKind.SECRET_REFERENCE)],
             "b": Unknown("var.x has no value")}
    back = value_from_json(value_to_json(value))
    assert back["a"][0].kind is UnknownKind.SECRET_REFERENCE
    assert back["b"].kind is UnknownKind.UNRESOLVED
    assert "kind" not in value_to_json(value)["b"]  # the common case costs nothing in the cache


# --- the operators for gateways: sets, case, strict bounds, counting, filtered quantifiers ---

PLUGINS = {
    "protocols": ["HTTPS", "grpcs"],
    "methods": ["GET", Unknown("template placeholder ${M}")],
    "plugins": {"key-auth": {"enabled": True, "config": {"anonymous": None}},
                "cors": {"enabled": False, "config": {"origins": ["*"]}},
                "acl": {"enabled": Unknown("template placeholder ${ACL}"), "config": {}}},
    "rules": [{"action": "allow", "port": 22}, {"action": "deny", "port": 22},
              {"action": "allow", "port": 443}],
    "limit": 100,
    "host": "API.Example.COM",
}


@pytest.mark.parametrize("condition,status", [
    ({"path": "protocols", "intersects": ["http", "HTTPS"]}, PASS),
    ({"path": "protocols", "intersects": ["http", "ws"]}, FAIL),
    ({"path": "protocols", "intersects": ["https"], "ignore_case": True}, PASS),
    ({"path": "protocols", "intersects": ["https"]}, FAIL),  # case counts unless told
    ({"path": "methods", "intersects": ["GET"]}, PASS),
    ({"path": "methods", "intersects": ["POST"]}, UNKNOWN),  # the placeholder may be POST
    ({"path": "host", "intersects": ["api.example.com"], "ignore_case": True}, PASS),  # a scalar
    ({"path": "missing", "intersects": ["x"]}, FAIL),
    ({"path": "protocols", "none_of": ["http", "ws"]}, PASS),
    ({"path": "protocols", "none_of": ["grpcs"]}, FAIL),
    ({"path": "methods", "none_of": ["POST"]}, UNKNOWN),
    ({"path": "missing", "none_of": ["x"]}, PASS),
    ({"path": "host", "equals": "api.example.com", "ignore_case": True}, PASS),
    ({"path": "host", "equals": "api.example.com"}, FAIL),
    ({"path": "host", "in": ["api.example.com"], "ignore_case": True}, PASS),
    ({"path": "host", "not_in": ["api.example.com"], "ignore_case": True}, FAIL),
    ({"path": "host", "matches": "^api\\.", "ignore_case": True}, PASS),
    ({"path": "host", "contains": "example", "ignore_case": True}, PASS),
    ({"path": "plugins", "contains": "KEY-AUTH", "ignore_case": True}, PASS),
    ({"path": "limit", "gt": 99}, PASS),
    ({"path": "limit", "gt": 100}, FAIL),
    ({"path": "limit", "lt": 101}, PASS),
    ({"path": "limit", "lt": 100}, FAIL),
    ({"path": "host", "gt": 1}, FAIL),  # not a number
])
def test_gateway_operators(condition, status):
    assert run(condition, make(PLUGINS)).status is status


@pytest.mark.parametrize("condition,status,observed", [
    ({"count": {"path": "rules"}, "equals": 3}, PASS, 3),
    ({"count": {"path": "rules", "where": {"path": "action", "equals": "allow"}}, "gte": 2},
     PASS, 2),
    ({"count": {"path": "rules", "where": {"path": "action", "equals": "allow"}}, "gt": 2},
     FAIL, 2),
    ({"count": {"path": "missing"}, "equals": 0}, PASS, 0),
    ({"count": {"path": "missing"}, "gte": 1}, FAIL, 0),
    # the acl plugin's `enabled` is a placeholder: one or two enabled plugins
    ({"count": {"path": "plugins[*]", "where": {"path": "enabled", "equals": True}}, "gte": 1},
     PASS, "1 to 2"),
    ({"count": {"path": "plugins[*]", "where": {"path": "enabled", "equals": True}}, "gte": 2},
     UNKNOWN, "1 to 2"),
    ({"count": {"path": "methods"}, "lte": 2}, PASS, "1 to 2"),
])
def test_count(condition, status, observed):
    outcome = run(condition, make(PLUGINS))
    assert (outcome.status, outcome.observed) == (status, observed)


def test_count_points_at_the_list():
    outcome = run({"count": {"path": "rules"}, "lt": 2}, make(PLUGINS))
    assert outcome.status is FAIL and outcome.path == ("rules",)


@pytest.mark.parametrize("condition,status", [
    # every allow rule is on 443: the deny rule on 22 is not selected
    ({"all": {"path": "rules", "where": {"path": "action", "equals": "allow"},
              "condition": {"path": "port", "equals": 443}}}, FAIL),
    ({"all": {"path": "rules", "where": {"path": "action", "equals": "deny"},
              "condition": {"path": "port", "equals": 22}}}, PASS),
    ({"any": {"path": "rules", "where": {"path": "action", "equals": "deny"},
              "condition": {"path": "port", "equals": 443}}}, FAIL),
    # an item `where` can't decide can't make `any` pass or `all` fail
    ({"any": {"path": "plugins[*]", "where": {"path": "enabled", "equals": True},
              "condition": {"path": "config", "contains": "origins"}}}, FAIL),
    ({"any": {"path": "plugins[*]", "where": {"path": "enabled", "not_equals": False},
              "condition": {"path": "config", "exists": True}}}, PASS),
    ({"all": {"path": "plugins[*]", "where": {"path": "enabled", "not_equals": False},
              "condition": {"path": "config.anonymous", "absent": True}}}, PASS),
    ({"all": {"path": "plugins[*]", "where": {"path": "enabled", "not_equals": False},
              "condition": {"path": "config", "contains": "anonymous"}}}, UNKNOWN),
])
def test_quantifier_where_selects_items(condition, status):
    assert run(condition, make(PLUGINS)).status is status


def test_item_key_names_the_visited_key():
    enabled_auth = {"any": {"path": "plugins[*]",
                            "where": {"path": "@key", "in": ["key-auth", "jwt"]},
                            "condition": {"path": "enabled", "equals": True}}}
    outcome = run(enabled_auth, make(PLUGINS))
    assert outcome.status is PASS and outcome.path == ("plugins", "key-auth", "enabled")
    names = {"all": {"path": "plugins[*]", "condition": {"path": "@key", "matches": "^[a-z-]+$"}}}
    assert run(names, make(PLUGINS)).status is PASS


def test_no_selected_item_points_at_the_collection():
    rate_limited = {"any": {"path": "plugins[*]", "where": {"path": "@key", "equals": "rate-limiting"},
                            "condition": {"path": "enabled", "equals": True}}}
    outcome = run(rate_limited, make(PLUGINS))
    assert outcome.status is FAIL and outcome.path == ("plugins",)
    counted = {"count": {"path": "plugins[*]", "where": {"path": "@key", "equals": "jwt"}}, "gte": 1}
    outcome = run(counted, make(PLUGINS))
    assert outcome.status is FAIL and outcome.path == ("plugins",)
    # a nested block still points at the first item lacking it
    missing = {"path": "ingress[*].ipv6_cidr_blocks", "exists": True}
    assert run(missing, make(ATTRS)).path == ("ingress", 0, "ipv6_cidr_blocks")


def test_item_key_outside_a_quantifier_is_a_catalog_error(tmp_path):
    import yaml

    from compliance.catalog.controls import CatalogError, load_catalog

    folder = tmp_path / "logging" / "demo-control"
    folder.mkdir(parents=True)
    (folder / "control.yaml").write_text(yaml.safe_dump({
        "id": "demo-control", "title": "Demo resources enable the thing",
        "category": "logging", "severity": "low",
        "description": "Demo resources must enable the thing.",
        "rationale": "Without the thing nothing is recorded.",
        "remediation": "Set enabled = true on the demo resource.",
        "checks": [{"id": "demo", "platform": "terraform", "resource_types": ["aws_demo"],
                    "condition": {"path": "@key", "equals": "x"}}]}))
    with pytest.raises(CatalogError, match="@key names the item an any, all or count visits"):
        load_catalog(tmp_path)


def test_new_operators_describe_themselves():
    from compliance.evaluate.conditions import describe

    assert describe({"path": "protocols", "none_of": ["http"], "ignore_case": True}) == \
        'protocols has none of ["http"] (ignoring case)'
    assert describe({"count": {"path": "rules", "where": {"path": "action", "equals": "allow"}},
                     "gte": 1}) == 'the number of rules where (action equals "allow") is at least 1'


@pytest.mark.parametrize("condition,status", [
    ({"unknown": "left to people"}, UNKNOWN),
    ({"or": [{"path": "enabled", "equals": True}, {"unknown": "x"}]}, PASS),
    ({"or": [{"path": "enabled", "equals": False}, {"unknown": "x"}]}, UNKNOWN),
    ({"and": [{"path": "enabled", "equals": False}, {"unknown": "x"}]}, FAIL),
    ({"and": [{"path": "enabled", "equals": True}, {"unknown": "x"}]}, UNKNOWN),
    ({"not": {"unknown": "x"}}, UNKNOWN),
])
def test_unknown_is_never_pass_or_fail(condition, status):
    assert run(condition, make(ATTRS)).status is status


def test_unknown_names_the_item_visited_and_its_reason():
    outcome = run({"any": {"path": "ingress", "where": {"path": "from_port", "equals": 22},
                           "condition": {"unknown": "a shared secret: judged by people"}}},
                  make(ATTRS))
    assert (outcome.status, outcome.path, outcome.observed) == (
        UNKNOWN, ("ingress", 0), "a shared secret: judged by people")
