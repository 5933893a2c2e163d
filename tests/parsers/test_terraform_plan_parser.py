"""The Terraform plan (`terraform show -json`) parser."""

from __future__ import annotations

import copy
import json

import pytest

from compliance.model import Unknown, resource_from_json
from compliance.parse.terraform_plan import parse


def managed(address, type_, name, values, index=None, mode="managed"):
    entry = {"address": address, "mode": mode, "type": type_, "name": name,
             "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
             "values": values, "sensitive_values": {}}
    if index is not None:
        entry["index"] = index
    return entry


def change(address, after_unknown, after_sensitive=None, **extra):
    return {"address": address, "mode": "managed", "type": address.split(".")[-2], "name": "x",
            "change": {"actions": ["create"], "before": None, "after": {},
                       "after_unknown": after_unknown, "after_sensitive": after_sensitive or {}},
            **extra}


PLAN = {
    "format_version": "1.2",
    "terraform_version": "1.7.5",
    "variables": {"env": {"value": "prod"}},
    "planned_values": {
        "outputs": {"arn": {"sensitive": False}},
        "root_module": {
            "resources": [
                managed("aws_s3_bucket.logs", "aws_s3_bucket", "logs",
                        {"bucket": "logs", "force_destroy": False, "tags": {"env": "prod"},
                         "grant": [{"id": "a", "permissions": ["READ"]}, {"permissions": ["WRITE"]}]}),
                managed("aws_instance.web[0]", "aws_instance", "web", {"ami": "ami-1"}, index=0),
                managed("aws_instance.web[1]", "aws_instance", "web", {"ami": "ami-1"}, index=1),
                managed('aws_iam_user.u["alice"]', "aws_iam_user", "u", {"name": "alice"}, index="alice"),
                managed("data.aws_caller_identity.me", "aws_caller_identity", "me",
                        {"account_id": "123"}, mode="data"),
                managed("aws_db_instance.db", "aws_db_instance", "db",
                        {"password": "hunter2", "engine": "postgres"}),
            ],
            "child_modules": [{
                "resources": [managed("module.api.aws_api_gateway_rest_api.this",
                                      "aws_api_gateway_rest_api", "this", {"name": "api"})],
                "address": "module.api",
                "child_modules": [{
                    "resources": [managed("module.api.module.auth.aws_cognito_user_pool.pool",
                                          "aws_cognito_user_pool", "pool", {"name": "users"})],
                    "address": "module.api.module.auth",
                }],
            }],
        },
    },
    "resource_changes": [
        change("aws_s3_bucket.logs", {
            "id": True, "arn": True, "force_destroy": False,
            "tags": {"owner": True},
            "grant": [{"id": False, "permissions": [False]}, {"id": True, "permissions": [False]}],
            "versioning": [{"enabled": True}],
            "logging": [],
        }),
        change("aws_instance.web[0]", {"id": True, "public_ip": True}),
        change("aws_instance.web[0]", {"ami": True}, deposed="abc123"),
        change("aws_db_instance.db", {}, after_sensitive={"password": True}),
    ],
    "configuration": {"root_module": {"resources": [{"address": "aws_s3_bucket.logs"}]}},
}


def resources(plan, indent=2):
    return {r.address: r for r in map(resource_from_json, parse(json.dumps(plan, indent=indent))["resources"])}


def test_resources_from_root_and_nested_child_modules():
    found = resources(PLAN)
    assert list(found) == [
        "aws_s3_bucket.logs", "aws_instance.web[0]", "aws_instance.web[1]", 'aws_iam_user.u["alice"]',
        "data.aws_caller_identity.me", "aws_db_instance.db",
        "module.api.aws_api_gateway_rest_api.this",
        "module.api.module.auth.aws_cognito_user_pool.pool",
    ]
    pool = found["module.api.module.auth.aws_cognito_user_pool.pool"]
    assert (pool.platform, pool.type, pool.name) == ("terraform", "aws_cognito_user_pool", "pool")
    assert pool.attributes == {"name": "users"}
    assert parse(json.dumps(PLAN))["errors"] == []


def test_data_sources_and_indexes():
    found = resources(PLAN)
    assert found["data.aws_caller_identity.me"].type == "data.aws_caller_identity"
    assert found["data.aws_caller_identity.me"].name == "me"
    assert found["aws_instance.web[1]"].name == "web"
    assert found['aws_iam_user.u["alice"]'].attributes == {"name": "alice"}


def test_values_unknown_until_apply_are_unknown_not_absent():
    bucket = resources(PLAN)["aws_s3_bucket.logs"].attributes
    after_apply = Unknown("known after apply")
    assert bucket["id"] == after_apply and bucket["arn"] == after_apply
    assert bucket["force_destroy"] is False  # false in after_unknown: the planned value stands
    assert bucket["tags"] == {"env": "prod", "owner": after_apply}
    assert bucket["grant"] == [{"id": "a", "permissions": ["READ"]},
                               {"id": after_apply, "permissions": ["WRITE"]}]
    assert bucket["versioning"] == [{"enabled": after_apply}]  # missing from planned_values
    assert "logging" not in bucket


def test_unknown_list_elements_replace_the_nulls_terraform_writes():
    plan = copy.deepcopy(PLAN)
    plan["planned_values"]["root_module"]["resources"][0]["values"]["cidrs"] = ["10.0.0.0/8", None]
    plan["resource_changes"][0]["change"]["after_unknown"]["cidrs"] = [False, True]
    bucket = resources(plan)["aws_s3_bucket.logs"].attributes
    assert bucket["cidrs"] == ["10.0.0.0/8", Unknown("known after apply")]


def test_deposed_changes_do_not_mark_the_current_object():
    web = resources(PLAN)["aws_instance.web[0]"].attributes
    assert web["ami"] == "ami-1"
    assert web["public_ip"] == Unknown("known after apply")


def test_sensitive_values_stay_values():
    db = resources(PLAN)["aws_db_instance.db"]
    assert db.attributes == {"password": "hunter2", "engine": "postgres"}
    assert db.lines == {} and db.anchors == {}


def _object_at(text: str, start: int, end: int):
    """The JSON object spanning exactly lines start..end of `text`."""
    block = "\n".join(text.splitlines()[start - 1:end]).strip().rstrip(",")
    return json.loads(block)


def test_line_spans_on_a_pretty_printed_plan():
    text = json.dumps(PLAN, indent=2)
    parsed = parse(text)["resources"]
    assert len(parsed) == 8
    starts = []
    for resource in parsed:
        _, start, end = resource["location"]
        assert start < end
        assert _object_at(text, start, end)["address"] == resource["address"]
        starts.append(start)
    assert starts == sorted(starts)


def test_line_spans_on_a_one_line_plan():
    text = json.dumps(PLAN)
    assert "\n" not in text
    assert {tuple(r["location"]) for r in parse(text)["resources"]} == {("", 1, 1)}


def test_module_address_written_after_its_resources():
    plan = copy.deepcopy(PLAN)
    for entry in plan["planned_values"]["root_module"]["child_modules"][0]["resources"]:
        del entry["address"]
    entry = plan["planned_values"]["root_module"]["resources"][3]
    del entry["address"]
    assert "module.api.aws_api_gateway_rest_api.this" in resources(plan)
    assert 'aws_iam_user.u["alice"]' in resources(plan)


def test_invalid_json_reports_its_line():
    text = json.dumps(PLAN, indent=2)
    lines = text.splitlines()
    lines[9] = lines[9] + " oops"
    result = parse("\n".join(lines))
    assert result["resources"] == []
    assert result["errors"][0]["line"] == 10
    assert result["errors"][0]["message"].startswith("invalid JSON:")


@pytest.mark.parametrize("text", [
    '{"format_version": "1.0", "values": {"root_module": {}}}',  # a state, not a plan
    "[1, 2, 3]",
    '"planned_values"',
    '{"planned_values": null}',
])
def test_json_that_is_not_a_plan(text):
    assert parse(text) == {"resources": [], "errors": [{"line": None, "message": "not a Terraform plan"}]}


def test_plan_without_changes():
    assert parse('{"format_version": "1.2", "planned_values": {"root_module": {}}}') == {
        "resources": [], "errors": []}
    assert parse('{"format_version": "1.2", "planned_values": {}}') == {"resources": [], "errors": []}


def test_malformed_resource_entries_are_reported_and_the_rest_kept():
    plan = copy.deepcopy(PLAN)
    plan["planned_values"]["root_module"]["resources"].insert(0, {"address": "x", "values": {}})
    plan["planned_values"]["root_module"]["resources"].insert(0, 42)
    result = parse(json.dumps(plan, indent=1))
    assert len(result["resources"]) == 8
    assert [e["message"] for e in result["errors"]] == ["planned resource without type or name; skipped"] * 2
    assert all(e["line"] and e["line"] > 1 for e in result["errors"])


def test_deeply_nested_json_does_not_raise():
    text = '{"planned_values": ' + "[" * 100_000 + "]" * 100_000 + "}"
    result = parse(text)
    assert result["resources"] == [] and len(result["errors"]) == 1


def test_output_is_plain_json():
    result = parse(json.dumps(PLAN, indent=2))
    assert json.loads(json.dumps(result)) == result


def test_a_big_plan_keeps_every_resource():
    plan = copy.deepcopy(PLAN)
    bucket = plan["planned_values"]["root_module"]["resources"][0]
    plan["planned_values"]["root_module"]["resources"] = [
        {**bucket, "address": f"aws_s3_bucket.b[{i}]", "index": i} for i in range(5000)]
    text = json.dumps(plan, indent=2)
    result = parse(text)
    assert len(result["resources"]) == 5002  # and the two in child modules
