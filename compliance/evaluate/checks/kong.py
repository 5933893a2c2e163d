"""Secrets written in a decK file: recognising a literal secret (as opposed to a vault
reference or a decK environment placeholder) is the one Kong judgement the condition language
leaves to Python. The routes', services' and cors plugins' controls are declarative, over the
facts of the Kong view (compliance/resolve/kong/).

- `kong_consumer_no_literal_credentials`: consumers' key-auth keys, basic-auth passwords,
  symmetric JWT secrets, HMAC secrets and OAuth2 client secrets.
- `kong_certificate_no_literal_key`: a certificate's private key (`key`, `key_alt`).
- `kong_key_no_literal_private_material`: a key's `pem.private_key`, or a `jwk` with private
  members (`d` of an RSA, EC or OKP key; `k` of a symmetric one).
- `kong_config_no_literal_secrets`: the `config` of a plugin, a partial or a vault: the fields
  Kong itself stores encrypted (`encrypted = true` in its schemas), recognised by name as
  Terraform arguments are (`password`, `client_secret`, `token`, `api_key`, ... at any depth,
  `redis.password` included) plus the Kong fields the rule misses (`provision_key`,
  `eab_hmac_key`, `secret_v1`, `approle_secret_id`, an AI plugin's `auth.header_value` and
  `auth.param_value`); a credential header set to a constant (`Authorization:Bearer ...` in a
  transformer's `headers` list, `Authorization` in a `headers` map); and any value that looks
  like a credential whatever its name (a private key block, a cloud access key, a URL with a
  password).

A value Kong reads from a vault (`{vault://...}`) or decK fills from the environment is Unknown
of kind SECRET_REFERENCE or PLACEHOLDER: not a literal, so it passes.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

from compliance.model import Outcome, Path, Resource, Unknown, UnknownKind
from compliance.model.masking import (
    CREDENTIAL_HEADERS,
    connection_string_without_secret,
    is_credential_value,
    is_header_credential,
    looks_like_credential,
    names_credential,
)

# credential list -> the field holding its secret
_SECRET_FIELDS = {
    "keyauth_credentials": "key",
    "basicauth_credentials": "password",
    "jwt_secrets": "secret",
    "hmacauth_credentials": "secret",
    "oauth2_credentials": "client_secret",
}
_SYMMETRIC_JWT = re.compile(r"^HS\d+$", re.I)


def is_placeholder(value: Any) -> bool:
    """An Unknown standing for text the file does not hold: a template placeholder (decK's
    `${{ env "DECK_X" }}` included) or a vault reference. (Here, not in the decK parser, so
    that a scan loads no YAML library for its checks.)"""
    return isinstance(value, Unknown) and value.kind in (UnknownKind.PLACEHOLDER,
                                                         UnknownKind.SECRET_REFERENCE)


def consumer_no_literal_credentials(resource: Resource, context: Any) -> Outcome:
    expected = ("credentials come from a vault reference or a decK environment placeholder, or "
                "are created outside the file")
    attributes = resource.attributes
    undecided = None
    for kind, field in _SECRET_FIELDS.items():
        if kind == "basicauth_credentials" and attributes.get("credentials_hashed") is True:
            continue  # with `_transform: false` the file holds password hashes
        credentials = attributes.get(kind)
        for index, credential in enumerate(credentials if isinstance(credentials, list) else []):
            if not isinstance(credential, dict):
                continue
            if kind == "jwt_secrets" and not _symmetric_jwt(credential.get("algorithm")):
                continue  # RS/ES/PS keys verify with the public key; `secret` is not used
            value = credential.get(field)
            path = (kind, index, field)
            if isinstance(value, str) and value:
                return Outcome.failed(path, value, expected)
            if isinstance(value, Unknown) and not is_placeholder(value):
                undecided = undecided or Outcome.unknown(path, value, expected)
    return undecided or Outcome.passed((), "no literal credential", expected)


def _symmetric_jwt(algorithm: Any) -> bool:
    return algorithm is None or (isinstance(algorithm, str) and bool(_SYMMETRIC_JWT.match(algorithm)))


# --- certificates and keys --------------------------------------------------------------------

KEY_EXPECTED = ("private key material comes from a vault reference or a decK environment "
                "placeholder, not the file")


def _literal(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _undecided(value: Any) -> bool:
    """An Unknown that might hide a literal (not a vault reference or placeholder)."""
    return isinstance(value, Unknown) and not is_placeholder(value)


def certificate_no_literal_key(resource: Resource, context: Any) -> Outcome:
    undecided = None
    for field in ("key", "key_alt"):
        value = resource.attributes.get(field)
        if _literal(value):
            return Outcome.failed((field,), value, KEY_EXPECTED)
        if _undecided(value):
            undecided = undecided or Outcome.unknown((field,), value, KEY_EXPECTED)
    return undecided or Outcome.passed(("key",), resource.attributes.get("key"), KEY_EXPECTED)


# JWK members that only a private (or symmetric) key has (RFC 7518 section 6)
_PRIVATE_JWK_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "k")


def key_no_literal_private_material(resource: Resource, context: Any) -> Outcome:
    attributes = resource.attributes
    pem = attributes.get("pem")
    private = pem.get("private_key") if isinstance(pem, dict) else None
    if _literal(private):
        return Outcome.failed(("pem", "private_key"), private, KEY_EXPECTED)
    undecided = Outcome.unknown(("pem", "private_key"), private, KEY_EXPECTED) \
        if _undecided(private) else None
    if _undecided(pem):
        undecided = undecided or Outcome.unknown(("pem",), pem, KEY_EXPECTED)
    jwk = attributes.get("jwk")
    if _undecided(jwk):
        undecided = undecided or Outcome.unknown(("jwk",), jwk, KEY_EXPECTED)
    elif isinstance(jwk, (str, dict)) and jwk:
        members = _jwk_members(jwk)
        if members is None:
            undecided = undecided or Outcome.unknown(("jwk",), "a jwk that is not a JSON object",
                                                     KEY_EXPECTED)
        elif members & set(_PRIVATE_JWK_MEMBERS):
            return Outcome.failed(("jwk",), jwk, KEY_EXPECTED)
    return undecided or Outcome.passed((), "public key material only", KEY_EXPECTED)


def _jwk_members(jwk: Any) -> set[str] | None:
    """The member names of a JWK (of every key of a JWK set); None when it can't be read."""
    if isinstance(jwk, str):
        try:
            jwk = json.loads(jwk)
        except ValueError:
            return None
    if not isinstance(jwk, dict):
        return None
    members = set(jwk)
    keys = jwk.get("keys")
    for key in keys if isinstance(keys, list) else []:
        if isinstance(key, dict):
            members |= set(key)
    return members


# --- plugin, partial and vault configuration --------------------------------------------------

CONFIG_EXPECTED = ("secrets in the configuration come from a vault reference or a decK "
                   "environment placeholder, not literal text")

# Fields Kong stores encrypted that the naming rule does not recognise, by their last key, or
# by their last two keys.
_KONG_SECRET_FIELDS = frozenset({"provision_key", "eab_hmac_key", "secret_v1", "approle_secret_id"})
_KONG_SECRET_PATHS = frozenset({("auth", "header_value"), ("auth", "param_value")})
# ... and fields named like credentials that hold none: openid-connect's `login_tokens` lists
# the kinds of token the login action returns (`id_token`, `access_token`).
_KONG_SETTINGS = frozenset({"login_tokens"})
# Lists of "name:value" entries that a transformer plugin sets on requests or responses (its
# `rename` lists hold "old:new" names, and `remove` lists names alone).
_PAIR_LISTS = frozenset({"headers", "querystring"})
_SETTING_ACTIONS = frozenset({"add", "append", "replace"})


def _field_name(path: Path) -> str:
    return next((str(p) for p in reversed(path) if not isinstance(p, int)), "")


def _secret_field(path: Path) -> bool:
    names = [str(p) for p in path if not isinstance(p, int)]
    if not names or names[-1] in _KONG_SETTINGS:
        return False
    return names_credential(names[-1]) or names[-1] in _KONG_SECRET_FIELDS or \
        tuple(names[-2:]) in _KONG_SECRET_PATHS


def _config_hits(value: Any, path: Path) -> Iterator[tuple[Path, Any, bool]]:
    """(path, value, decided) of each secret in clear (decided) or perhaps in clear (an Unknown
    that is not a reference) under `value`."""
    if isinstance(value, Unknown):
        if _secret_field(path) and not is_placeholder(value):
            yield path, value, False
        return
    if isinstance(value, str):
        if (_secret_field(path) and is_credential_value(value)
                and not connection_string_without_secret(_field_name(path), value)) \
                or looks_like_credential(value):
            yield path, value, True
        return
    if isinstance(value, list):
        pairs = len(path) >= 2 and path[-1] in _PAIR_LISTS and path[-2] in _SETTING_ACTIONS
        for index, item in enumerate(value):
            if pairs and isinstance(item, str) and ":" in item:
                name, _, text = item.partition(":")
                if is_header_credential(name, text):
                    yield path + (index,), item, True
                    continue
            yield from _config_hits(item, path + (index,))
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and str(key).strip().lower() in CREDENTIAL_HEADERS:
                if is_header_credential(str(key), item):
                    yield path + (key,), item, True
                continue
            yield from _config_hits(item, path + (key,))


def config_no_literal_secrets(resource: Resource, context: Any) -> Outcome:
    config = resource.attributes.get("config")
    undecided = None
    for path, value, decided in _config_hits(config, ("config",)):
        if decided:
            return Outcome.failed(path, value, CONFIG_EXPECTED)
        undecided = undecided or Outcome.unknown(path, value, CONFIG_EXPECTED)
    return undecided or Outcome.passed(("config",), None, CONFIG_EXPECTED)


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "kong_consumer_no_literal_credentials": consumer_no_literal_credentials,
    "kong_certificate_no_literal_key": certificate_no_literal_key,
    "kong_key_no_literal_private_material": key_no_literal_private_material,
    "kong_config_no_literal_secrets": config_no_literal_secrets,
}
