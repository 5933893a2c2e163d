"""Literal secrets of Kong entities: certificate keys, private key material, and the `config`
of plugins, partials and vaults."""

from __future__ import annotations

import pytest

from compliance.evaluate.checks.kong import (
    certificate_no_literal_key,
    config_no_literal_secrets,
    key_no_literal_private_material,
)
from compliance.model import Location, Resource, Status, Unknown, UnknownKind

VAULT = Unknown("vault reference {vault://aws/x}", kind=UnknownKind.SECRET_REFERENCE)
PLACEHOLDER = Unknown('template placeholder ${{ env "DECK_X" }}', kind=UnknownKind.PLACEHOLDER)


def _resource(type_: str, attributes: dict) -> Resource:
    return Resource("kong", type_, "x", f"kong:{type_}/x", attributes, Location("kong.yaml", 1, 20))


def _config(config, type_: str = "kong_plugin"):
    return config_no_literal_secrets(_resource(type_, {"name": "p", "config": config}), None)


def test_certificate_key_literal_fails_reference_passes():
    literal = _resource("kong_certificate", {"cert": "c", "key": "-----BEGIN PRIVATE KEY-----\n..."})
    assert certificate_no_literal_key(literal, None).status is Status.FAIL
    alternate = _resource("kong_certificate", {"key": VAULT, "key_alt": "abc"})
    outcome = certificate_no_literal_key(alternate, None)
    assert outcome.status is Status.FAIL and outcome.path == ("key_alt",)
    for value in (VAULT, PLACEHOLDER):
        assert certificate_no_literal_key(_resource("kong_certificate", {"key": value}),
                                          None).status is Status.PASS
    other = Unknown("not read", kind=UnknownKind.NOT_READ)
    assert certificate_no_literal_key(_resource("kong_certificate", {"key": other}),
                                      None).status is Status.UNKNOWN


@pytest.mark.parametrize("jwk, status", [
    ('{"kty": "RSA", "n": "abc", "e": "AQAB"}', Status.PASS),
    ('{"kty": "RSA", "n": "abc", "e": "AQAB", "d": "secret"}', Status.FAIL),
    ('{"kty": "oct", "k": "c2VjcmV0"}', Status.FAIL),
    ('{"keys": [{"kty": "EC", "x": "a", "y": "b", "d": "c"}]}', Status.FAIL),
    ("not json", Status.UNKNOWN),
])
def test_jwk_private_members(jwk, status):
    assert key_no_literal_private_material(_resource("kong_key", {"jwk": jwk}), None).status is status


def test_pem_private_key():
    literal = _resource("kong_key", {"pem": {"private_key": "-----BEGIN RSA PRIVATE KEY-----",
                                             "public_key": "pub"}})
    outcome = key_no_literal_private_material(literal, None)
    assert outcome.status is Status.FAIL and outcome.path == ("pem", "private_key")
    public = _resource("kong_key", {"pem": {"private_key": PLACEHOLDER, "public_key": "pub"}})
    assert key_no_literal_private_material(public, None).status is Status.PASS


@pytest.mark.parametrize("config, path", [
    ({"redis": {"host": "r", "password": "p4ss"}}, ("config", "redis", "password")),
    ({"client_secret": ["abc123"]}, ("config", "client_secret", 0)),
    ({"provision_key": "k3y"}, ("config", "provision_key")),
    ({"auth": {"header_name": "Authorization", "header_value": "Bearer sk-1"}},
     ("config", "auth", "header_value")),
    ({"add": {"headers": ["x-a:b", "Authorization:Bearer abc123"]}}, ("config", "add", "headers", 1)),
    ({"headers": {"Authorization": "Basic dXNlcjpwYXNz"}}, ("config", "headers", "Authorization")),
    ({"http_endpoint": "https://user:pa55@logs.example.com/in"}, ("config", "http_endpoint")),
])
def test_literal_secrets_in_config_fail(config, path):
    outcome = _config(config)
    assert outcome.status is Status.FAIL
    assert outcome.path == path


@pytest.mark.parametrize("config", [
    {"redis": {"password": VAULT}},
    {"password": PLACEHOLDER},
    {"login_tokens": ["id_token"], "hide_credentials": True, "credentials": True},
    {"token_endpoint_auth_method": "client_secret_post"},
    {"rename": {"headers": ["Authorization:X-Original-Authorization"]}},
    {"add": {"headers": ["Authorization:Bearer"]}},
    {"password": None, "redis_password": ""},
    None,
])
def test_settings_and_references_pass(config):
    assert _config(config).status is Status.PASS


def test_vault_token_and_partial_password():
    assert _config({"auth_method": "token", "token": "hvs.abc"}, "kong_vault").status is Status.FAIL
    assert _config({"approle_secret_id": "8b2f6c1d"}, "kong_vault").status is Status.FAIL
    assert _config({"auth_method": "kubernetes", "kube_role": "kong"}, "kong_vault").status \
        is Status.PASS
    assert _config({"password": "p"}, "kong_partial").status is Status.FAIL
