"""Literal credentials in Terraform variables, providers and resources."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from compliance.evaluate.checks.secrets import (
    names_credential,
    tf_holds_credentials,
    tf_literal_credentials,
    tf_variable_holds_credential,
    tf_variable_secret_default,
)
from compliance.evaluate.run import ScanContext
from compliance.model import Location, Resource, Status, Unknown


def _resource(type_: str, attributes: dict, name: str = "x", prefix: str = "") -> Resource:
    if type_ == "variable":
        address = f"{prefix}var.{name}"
    elif type_ == "provider":
        address = f"{prefix}provider.{name}"
    else:
        address = f"{prefix}{type_}.{name}"
    return Resource("terraform", type_, name, address, attributes, Location("main.tf", 1, 30))


def _literal(resource: Resource, *others: Resource):
    return tf_literal_credentials(resource, ScanContext([resource, *others]))


@pytest.mark.parametrize("name", [
    "password", "db_password", "master_password", "DB_PASS", "passphrase", "auth_token", "token",
    "client_secret", "JWT_SECRET", "api_key", "apiKey", "STRIPE_SECRET_KEY", "SECRET_KEY_BASE",
    "private_key", "certificate_private_key", "access_key", "secret_key", "credentials",
    "connection_string", "password_wo", "api_keys", "TOKEN2",
])
def test_names_that_hold_a_credential(name):
    assert names_credential(name)


@pytest.mark.parametrize("name", [
    "password_length", "secret_name", "secret_arn", "auth_token_update_strategy", "token_url",
    "kms_key_id", "access_key_id", "public_key", "ssh_key", "shared_credentials_files",
    "password_wo_version", "api_key_source", "secret_string", "bypass", "region", "name",
])
def test_names_that_only_describe_a_credential(name):
    assert not names_credential(name)


@pytest.mark.parametrize("value", [
    "hunter2", "Orders-2024!", "changeme", "AKIAIOSFODNN7EXAMPLE",
])
def test_literal_credential_arguments_fail(value):
    outcome = _literal(_resource("aws_db_instance", {"username": "app", "password": value}))
    assert outcome.status is Status.FAIL
    assert outcome.path == ("password",)


@pytest.mark.parametrize("value", [
    "", "   ", Unknown("random_password.db.result is known after apply"), None, True, 16,
    "arn:aws:secretsmanager:eu-west-1:1:secret:db-AbC", "/run/secrets/db", "./db.pass",
    "secrets/db-password.txt", "$DB_PASSWORD", "${DB_PASSWORD}", "<password>",
    "{{resolve:secretsmanager:db}}", "true",
])
def test_non_literal_or_non_secret_values_pass(value):
    outcome = _literal(_resource("aws_db_instance", {"username": "app", "password": value}))
    assert outcome.status is Status.PASS


def test_a_credential_looking_value_fails_whatever_its_name():
    user_data = "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE"
    resource = _resource("aws_instance", {"user_data": user_data})
    assert _literal(resource).status is Status.FAIL


def test_a_url_with_a_password_fails():
    resource = _resource("aws_lambda_function", {"environment": [{"variables": {
        "DATABASE_URL": "postgres://app:s3cret@db.example.com/app"}}]})
    outcome = _literal(resource)
    assert outcome.status is Status.FAIL
    assert outcome.path == ("environment", 0, "variables", "DATABASE_URL")


def test_a_url_without_a_password_passes():
    resource = _resource("aws_lambda_function", {"environment": [{"variables": {
        "DATABASE_URL": "postgres://db.example.com/app", "API_TOKEN": Unknown("var.t")}}]})
    assert _literal(resource).status is Status.PASS


def test_name_value_pairs_are_judged_by_their_name():
    pairs = [{"name": "LOG_LEVEL", "value": "info"}, {"name": "DB_PASSWORD", "value": "pw-123"}]
    outcome = _literal(_resource("aws_codebuild_project", {"environment": [
        {"environment_variable": pairs}]}))
    assert outcome.status is Status.FAIL
    assert outcome.path == ("environment", 0, "environment_variable", 1, "value")


def test_name_value_pairs_from_a_parameter_store_pass():
    pairs = [{"name": "DB_PASSWORD", "value": "/prod/db/password", "type": "PARAMETER_STORE"},
             {"name": "API_TOKEN", "value": "prod-api-token", "type": "SECRETS_MANAGER"}]
    assert _literal(_resource("aws_codebuild_project", {"environment": [
        {"environment_variable": pairs}]})).status is Status.PASS


def test_container_definitions_json_is_read():
    definitions = json.dumps([{"name": "app", "environment": [
        {"name": "API_TOKEN", "value": "tok-123456"}]}])
    outcome = _literal(_resource("aws_ecs_task_definition", {"container_definitions": definitions}))
    assert outcome.status is Status.FAIL
    assert outcome.path == ("container_definitions",)


@pytest.mark.parametrize("secret_string, status", [
    ("plain-secret-value", Status.FAIL),
    (json.dumps({"username": "app", "password": "pw-1"}), Status.FAIL),
    (json.dumps({"host": "db.example.com", "port": 5432}), Status.PASS),
    (Unknown("jsonencode with random_password.db.result"), Status.PASS),
    ("", Status.PASS),
])
def test_secrets_manager_secret_string(secret_string, status):
    resource = _resource("aws_secretsmanager_secret_version",
                         {"secret_id": "x", "secret_string": secret_string})
    assert _literal(resource).status is status


def test_ssm_parameter_value_is_a_secret_only_when_secure():
    secure = _resource("aws_ssm_parameter", {"type": "SecureString", "value": "abc123def"})
    plain = _resource("aws_ssm_parameter", {"type": "String", "value": "abc123def"})
    assert _literal(secure).status is Status.FAIL
    assert _literal(plain).status is Status.PASS


def test_a_value_from_a_variable_default_is_left_to_the_variable():
    variable = _resource("variable", {"default": "reporting-dev-password"}, name="db_password")
    resource = _resource("aws_db_instance", {"password": "reporting-dev-password"})
    assert _literal(resource, variable).status is Status.PASS
    assert tf_variable_secret_default(variable, None).status is Status.FAIL


def test_a_default_of_another_module_does_not_excuse_a_literal():
    variable = _resource("variable", {"default": "shared-password"}, name="pw", prefix="module.a.")
    resource = _resource("aws_db_instance", {"password": "shared-password"}, prefix="module.b.")
    assert _literal(resource, variable).status is Status.FAIL


def test_a_default_of_the_same_module_is_matched_by_prefix():
    variable = _resource("variable", {"default": "shared-password"}, name="pw", prefix="module.a.")
    resource = _resource("aws_db_instance", {"password": "shared-password"}, prefix="module.a.")
    assert _literal(resource, variable).status is Status.PASS


def test_providers():
    aws = _resource("provider", {"region": "eu-west-1", "access_key": "AKIAIOSFODNN7EXAMPLE"},
                    name="aws")
    google = _resource("provider", {"credentials": "account.json"}, name="google")
    inline = _resource("provider", {"credentials": json.dumps(
        {"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\nMIIE\n"})},
        name="google")
    assert _literal(aws).status is Status.FAIL
    assert _literal(google).status is Status.PASS
    assert _literal(inline).status is Status.FAIL


def test_where_selects_blocks_with_credential_arguments():
    assert tf_holds_credentials(_resource("aws_db_instance", {"password": Unknown("v")}),
                                None).status is Status.PASS
    assert tf_holds_credentials(_resource("aws_s3_bucket", {"bucket": "b"}),
                                None).status is Status.FAIL
    assert tf_holds_credentials(_resource("provider", {"region": "eu-west-1"}, name="aws"),
                                None).status is Status.FAIL


@pytest.mark.parametrize("name, default, status", [
    ("db_password", "hunter2", Status.FAIL),
    ("db_password", None, Status.PASS),
    ("db_password", "", Status.PASS),
    ("api_token", "/run/secrets/api-token", Status.PASS),
    ("settings", {"user": "app", "password": "pw-1"}, Status.FAIL),
    ("settings", {"user": "app", "password": ""}, Status.PASS),
    ("env", {"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE"}, Status.FAIL),
    ("api_tokens", ["tok-1", "tok-2"], Status.FAIL),
    ("database_url", "mysql://root:root@localhost/app", Status.FAIL),
])
def test_variable_defaults(name, default, status):
    variable = _resource("variable", {"default": default, "type": "string"}, name=name)
    assert tf_variable_secret_default(variable, None).status is status


@pytest.mark.parametrize("name, default, selected", [
    ("db_password", None, True),
    ("secret_name", "prod/db", False),
    ("password_length", 24, False),
    ("settings", {"password": None}, True),
    ("bootstrap", "AKIAIOSFODNN7EXAMPLE", True),
    ("region", "eu-west-1", False),
])
def test_where_selects_variables_about_credentials(name, default, selected):
    variable = _resource("variable", {"default": default}, name=name)
    outcome = tf_variable_holds_credential(variable, None)
    assert (outcome.status is Status.PASS) is selected


def test_a_default_in_another_root_folder_does_not_excuse_a_literal():
    variable = replace(_resource("variable", {"default": "shared-password"}, name="pw"),
                       location=Location("envs/dev/variables.tf", 1, 4))
    resource = _resource("aws_db_instance", {"password": "shared-password"})
    resource = replace(resource, location=Location("envs/prod/main.tf", 1, 9))
    assert _literal(resource, variable).status is Status.FAIL
    resource = replace(resource, location=Location("envs/dev/main.tf", 1, 9))
    assert _literal(resource, variable).status is Status.PASS


# --- ecs_environment_credentials ---------------------------------------------------------------

def _apply_time(expression: str) -> Unknown:
    from compliance.model import UnknownKind
    return Unknown(f"{expression} is known only after apply", (expression.rsplit(".", 1)[0],),
                   kind=UnknownKind.APPLY_TIME)


def _ecs(*environment) -> Status:
    from compliance.evaluate.checks.secrets import ecs_environment_credentials
    containers = [{"name": "app", "environment": [{"name": n, "value": v} for n, v in environment]}]
    resource = _resource("aws_ecs_task_definition", {"containers": containers})
    return ecs_environment_credentials(resource, ScanContext([resource])).status


@pytest.mark.parametrize("environment, status", [
    ([("DB_PASSWORD", "S3cr3t-Passw0rd!")], Status.FAIL),
    ([("DB_PASSWORD", _apply_time("aws_secretsmanager_secret_version.db.secret_string"))],
     Status.FAIL),
    ([("API_TOKEN", _apply_time("random_password.token.result"))], Status.FAIL),
    ([("API_TOKEN", Unknown("var.api_token has no value"))], Status.FAIL),
    ([("DB_SECRET", _apply_time("aws_secretsmanager_secret.db.arn"))], Status.PASS),
    ([("DB_PASSWORD", "arn:aws:secretsmanager:eu-west-1:1:secret:db")], Status.PASS),
    ([("PASSWORD_MIN_LENGTH", "12"), ("DB_HOST", "db.internal")], Status.PASS),
    ([("DB_PASSWORD", Unknown("template placeholder ${var.db_password}"))], Status.FAIL),
    ([("DB_SECRET", Unknown("template placeholder ${aws_secretsmanager_secret.db.arn}"))],
     Status.PASS),
    ([("PARTNER_TOKEN", Unknown("one(data.x.values) is known only after apply"))],
     Status.UNKNOWN),
])
def test_ecs_environment_credentials(environment, status):
    assert _ecs(*environment) is status


def test_ecs_environment_of_unknown_containers_is_unknown():
    from compliance.evaluate.checks.secrets import ecs_environment_credentials
    resource = _resource("aws_ecs_task_definition",
                         {"containers": Unknown("var.defs has no value")})
    assert ecs_environment_credentials(resource, ScanContext([resource])).status is Status.UNKNOWN


# --- the one-walk `where:` predicate agrees with the two walks it replaced -------------------

def _two_walks(resource: Resource) -> bool:
    from compliance.evaluate.checks import secrets

    if resource.type in secrets._SECRET_VALUED or resource.type == "aws_ssm_parameter":
        return True
    return secrets._has_credential_argument(secrets._arguments(resource)) or \
        any(True for _ in secrets._resource_hits(resource))


@pytest.mark.parametrize("attributes", [
    {"name": "DB_PASSWORD", "value": "x"},  # a name/value pair at the top
    {"env": [{"Name": "API_TOKEN", "Value": "hunter2hunter2"}]},  # capitalised pair, literal
    {"env": [{"Name": "API_TOKEN", "Value": Unknown("apply")}]},
    {"env": [{"name": "API_TOKEN", "value": "x", "type": "SECRETS_MANAGER"}]},
    {"env": [{"name": "plain", "value": "postgres://u:pw@db/x"}]},  # a URL with a password
    {"container_definitions": json.dumps([{"environment": [
        {"name": "TOKEN", "value": "s3cr3t-v4lue-x"}]}])},
    {"container_definitions": json.dumps([{"image": "nginx"}])},
    {"container_definitions": [{"auth_token": "x"}]},  # not a string: walked as it is
    {"tags": {"Name": "web"}, "ami": "ami-123"},
    {"nested": [[{"deep": {"client_secret": None}}]]},
])
def test_holds_credentials_is_the_two_walks_in_one(attributes):
    from compliance.evaluate.checks.secrets import _holds_credentials

    resource = _resource("aws_instance", attributes)
    assert _holds_credentials(resource) == _two_walks(resource)


def test_holds_credentials_agrees_on_every_sample_resource(tmp_path):
    from compliance import data_dir
    from compliance.catalog.controls import load_catalog
    from compliance.evaluate.checks.secrets import _holds_credentials
    from compliance.pipeline.scan import ScanOptions, run_scan

    examples = data_dir("controls").parent / "examples"
    result = run_scan([examples, data_dir("controls")], load_catalog(),
                      options=ScanOptions(cache_dir=tmp_path / "cache"))
    verdicts = [(_holds_credentials(r), _two_walks(r)) for r in result.resources
                if r.platform in ("terraform", "pulumi", "cloudformation")]
    assert [one for one, two in verdicts] == [two for one, two in verdicts]
    assert sum(one for one, _ in verdicts) > 100 and sum(not one for one, _ in verdicts) > 1000
