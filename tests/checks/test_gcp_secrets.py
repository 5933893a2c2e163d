"""Credentials delivered to Cloud Run, Cloud Functions and Compute Engine in the clear."""

from __future__ import annotations

import pytest

from compliance.evaluate.checks.gcp_secrets import (
    cloud_run_env_from_secret_manager,
    cloudfunctions_env_from_secret_manager,
    compute_metadata_no_credentials,
)
from compliance.evaluate.checks.values import attributes_differ
from compliance.model import Location, Resource, Status, Unknown


def _resource(type_: str, attributes: dict) -> Resource:
    return Resource("terraform", type_, "x", f"{type_}.x", attributes, Location("main.tf", 1, 20))


def _run(env: list) -> Resource:
    return _resource("google_cloud_run_v2_service",
                     {"template": [{"containers": [{"image": "app", "env": env}]}]})


@pytest.mark.parametrize("env, status", [
    ([{"name": "DB_PASSWORD", "value": "Summer-2024-db"}], Status.FAIL),
    ([{"name": "DB_PASSWORD", "value": Unknown("var.db_password has no value")}], Status.FAIL),
    ([{"name": "GITHUB", "value": "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"}], Status.FAIL),
    ([{"name": "DB_PASSWORD_FILE", "value": "/secrets/db"}], Status.PASS),
    ([{"name": "DB_HOST", "value": Unknown("apply time")}], Status.PASS),
    ([{"name": "API_KEY", "value_source": [{"secret_key_ref": [{"secret": "k"}]}]}],
     Status.PASS),
    (Unknown("var.env has no value"), Status.UNKNOWN),
])
def test_cloud_run_env(env, status):
    assert cloud_run_env_from_secret_manager(_run(env), None).status is status


def test_cloud_run_v1_and_job_paths():
    v1 = _resource("google_cloud_run_service", {"template": [{"spec": [{"containers": [
        {"env": [{"name": "AUTH_TOKEN", "value": "b6f1c0d9e2a84f7c"}]}]}]}]})
    job = _resource("google_cloud_run_v2_job", {"template": [{"template": [{"containers": [
        {"env": [{"name": "AUTH_TOKEN", "value": "b6f1c0d9e2a84f7c"}]}]}]}]})
    outcome = cloud_run_env_from_secret_manager(v1, None)
    assert outcome.status is Status.FAIL
    assert outcome.path == ("template", 0, "spec", 0, "containers", 0, "env", 0, "value")
    assert cloud_run_env_from_secret_manager(job, None).status is Status.FAIL


@pytest.mark.parametrize("type_, attributes, status", [
    ("google_cloudfunctions_function", {"environment_variables": {"SLACK_TOKEN": "xyz-123-abc"}},
     Status.FAIL),
    ("google_cloudfunctions_function", {"build_environment_variables": {"NPM_TOKEN": Unknown("v")}},
     Status.FAIL),
    ("google_cloudfunctions2_function",
     {"service_config": [{"environment_variables": {"LOG_LEVEL": "info"}}]}, Status.PASS),
    ("google_cloudfunctions2_function",
     {"service_config": [{"environment_variables": Unknown("var.env")}]}, Status.UNKNOWN),
])
def test_cloudfunctions_env(type_, attributes, status):
    assert cloudfunctions_env_from_secret_manager(_resource(type_, attributes), None).status \
        is status


@pytest.mark.parametrize("script, status", [
    ("#!/bin/bash\nexport DB_PASSWORD='Autumn-2024-db'\n", Status.FAIL),
    ("$env:API_TOKEN = \"9c2b7f3e1a8d4c6b\"", Status.FAIL),
    ("/opt/sync --api-key=9c2b7f3e1a8d4c6b5e0f --region eu", Status.FAIL),
    ("export DB_PASSWORD=\"$(gcloud secrets versions access latest --secret=db-pass)\"",
     Status.PASS),
    ("TOKEN=`curl -s http://metadata/token`\nexport API_TOKEN=$TOKEN", Status.PASS),
    ("run --password-file=/run/secrets/db --token-audience https://api.example.com", Status.PASS),
    (Unknown("templatefile with unknown inputs"), Status.UNKNOWN),
])
def test_startup_scripts(script, status):
    instance = _resource("google_compute_instance", {"metadata": {"startup-script": script}})
    assert compute_metadata_no_credentials(instance, None).status is status


def test_metadata_keys_and_project_items():
    named = _resource("google_compute_instance", {"metadata": {"db-password": Unknown("v")}})
    assert compute_metadata_no_credentials(named, None).status is Status.FAIL
    item = _resource("google_compute_project_metadata_item",
                     {"key": "smtp-password", "value": "Mailer!2024-smtp"})
    assert compute_metadata_no_credentials(item, None).path == ("value",)
    other = _resource("google_compute_project_metadata_item",
                      {"key": "enable-oslogin", "value": "TRUE"})
    assert compute_metadata_no_credentials(other, None).status is Status.PASS


def test_attributes_differ_reads_nested_blocks():
    def bucket(log_bucket):
        return _resource("google_storage_bucket",
                         {"name": "logs", "logging": [{"log_bucket": log_bucket}]})
    names = ["name", "logging.log_bucket"]
    assert attributes_differ(bucket("logs"), None, names).status is Status.FAIL
    assert attributes_differ(bucket("logs"), None, names).path == ("logging", 0, "log_bucket")
    assert attributes_differ(bucket("other"), None, names).status is Status.PASS
    assert attributes_differ(bucket(Unknown("v")), None, names).status is Status.UNKNOWN


@pytest.mark.parametrize("user_data, status", [
    ("#cloud-config\nusers:\n  - name: ops\n    passwd: 'Winter-2024-ops'\n", Status.FAIL),
    ("#cloud-config\nwrite_files:\n  - path: /etc/app.env\n    content: |\n"
     "      API_TOKEN=9c2b7f3e1a8d4c6b\n", Status.FAIL),
    ("#cloud-config\nssh_pwauth: false\npackages:\n  - nginx\n", Status.PASS),
    ("#cloud-config\nusers:\n  - name: ops\n    passwd: $PASSWORD_HASH\n", Status.PASS),
])
def test_cloud_init_user_data(user_data, status):
    instance = _resource("google_compute_instance", {"metadata": {"user-data": user_data}})
    assert compute_metadata_no_credentials(instance, None).status is status
