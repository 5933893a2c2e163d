"""Credentials written as literal environment values in Kubernetes workloads, and secret values
committed in Secret manifests: recognising a credential (and public material such as a
certificate, which is not one) is real computation the condition language leaves to Python.
What the API server and the kubelet make of a manifest (effective security contexts,
ServiceAccounts, the policies of a namespace) is computed as facts by
compliance.resolve.kubernetes, and judged in the controls' YAML.

A value that is a template placeholder (`Unknown`) makes the outcome unknown when it could
decide it, never pass or fail.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from compliance.model import Outcome, Resource, Unknown
from compliance.model.masking import (
    looks_like_credential,
    named_credential_in_clear,
    names_credential,
)

# --- environment variables ------------------------------------------------------------------

ENV_EXPECTED = "credentials reach containers through valueFrom.secretKeyRef, not literal env values"


def _literal_secret(name: Any, value: Any) -> bool | None:
    """Whether an env entry holds a credential in clear; None when a template hides it."""
    sensitive = names_credential(name)
    if isinstance(value, Unknown):
        return None if sensitive else False
    if not isinstance(value, str) or not value.strip():
        return False
    return looks_like_credential(value) or named_credential_in_clear(name, value)


def env_no_literal_secret(resource: Resource, context: Any) -> Outcome:
    # imported on use: the package holds every Kubernetes view, which a scan of Terraform
    # alone does not run (start-up time)
    from compliance.resolve.kubernetes.facts import containers, pod_spec

    found = pod_spec(resource)
    if found is None:
        return Outcome.unknown((), None, ENV_EXPECTED)
    pod_path, pod = found
    if isinstance(pod, Unknown):
        return Outcome.unknown(pod_path, pod, ENV_EXPECTED)
    unknown = None
    for path, container in containers(pod_path, pod):
        if isinstance(container, Unknown):
            unknown = unknown or Outcome.unknown(path, None, ENV_EXPECTED)
            continue
        env = container.get("env")
        if isinstance(env, Unknown):
            unknown = unknown or Outcome.unknown(path + ("env",), None, ENV_EXPECTED)
            continue
        for index, entry in enumerate(env if isinstance(env, list) else []):
            if not isinstance(entry, dict) or "value" not in entry:
                continue
            name, value = entry.get("name"), entry["value"]
            verdict = _literal_secret(name, value)
            label = name if isinstance(name, str) else "this variable"
            expected = f"{label} comes from a Secret (valueFrom.secretKeyRef), not a literal value"
            if verdict is True:
                return Outcome.failed(path + ("env", index, "value"), value, expected)
            if verdict is None:
                unknown = unknown or Outcome.unknown(path + ("env", index, "value"), value,
                                                     expected)
    return unknown or Outcome.passed(pod_path, None, ENV_EXPECTED)


# --- values committed in a Secret -----------------------------------------------------------

SECRET_EXPECTED = ("the Secret holds no secret value under data or stringData (certificates, "
                   "public keys and the namespace name are public)")
# PEM blocks that hold public material only
_PUBLIC_PEM = frozenset({"CERTIFICATE", "TRUSTED CERTIFICATE", "X509 CRL", "PUBLIC KEY",
                         "RSA PUBLIC KEY"})
_PEM_BLOCK = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----.*?-----END \1-----", re.S)
_SSH_PUBLIC_KEY = re.compile(
    r"^(\S+ )?(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp\d+|sk-(ssh-ed25519|ecdsa-sha2-nistp256)"
    r"@openssh\.com) [A-Za-z0-9+/]+=*( .*)?$")
# keys that name a certificate by convention (kubernetes.io/tls's tls.crt, a CA bundle)
_CERTIFICATE_KEY = re.compile(r"(^|[._-])(crt|cert|cer|certificate|ca-bundle)$|\.(crt|cer)$", re.I)
# keys that hold no secret: where to connect and as whom, or the token Secret's namespace
_NON_SECRET_KEYS = frozenset({"namespace", "username", "user", "host", "hostname", "port",
                              "database", "dbname", "region", "endpoint", "url", "uri"})


def _decoded(value: str) -> str | None:
    """A `data` value as text; None when it is not base64, or not text (binary)."""
    try:
        raw = base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _public_text(text: str) -> bool:
    """PEM blocks of public material only (certificates, CRLs, public keys), or SSH public keys,
    with nothing else but blank and comment lines."""
    blocks = list(_PEM_BLOCK.finditer(text))
    if blocks:
        if any(block.group(1) not in _PUBLIC_PEM for block in blocks):
            return False
        rest = _PEM_BLOCK.sub("", text)
    else:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if not lines or not all(_SSH_PUBLIC_KEY.match(line) for line in lines):
            return False
        rest = ""
    return all(not line.strip() or line.lstrip().startswith("#") for line in rest.splitlines())


def _secret_entry(key: Any, value: Any, encoded: bool) -> bool | None:
    """Whether a Secret's entry holds a secret value: False for an empty value or public
    material, None when a template value hides it."""
    name = key if isinstance(key, str) else ""
    public_name = name.lower() in _NON_SECRET_KEYS
    certificate_name = bool(_CERTIFICATE_KEY.search(name))
    if isinstance(value, Unknown):
        return False if public_name or certificate_name else None
    if value is None or value == "" or not isinstance(value, (str, int, float, bool)):
        return False
    text = str(value)
    if encoded:
        decoded = _decoded(text)
        if decoded is None:
            # binary (a DER certificate under a certificate's name is public) or not base64
            return not certificate_name or _decoded_binary_is_key(text)
        text = decoded
    if _public_text(text):
        return False
    if "-----BEGIN" in text:
        return True  # a PEM block that is not public: a private key
    if public_name and not looks_like_credential(text):
        return False
    return True


def _decoded_binary_is_key(value: str) -> bool:
    """A binary value under a certificate's name: a certificate unless it is clearly a key
    (PKCS#8 and PKCS#1 private keys start with a version INTEGER where certificates start with
    a nested SEQUENCE)."""
    try:
        raw = base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError):
        return True
    # DER: SEQUENCE, length (short or long form), then the first element's tag
    if len(raw) < 4 or raw[0] != 0x30:
        return True
    offset = 2 + (raw[1] & 0x7F if raw[1] & 0x80 else 0)
    return offset >= len(raw) or raw[offset] != 0x30


def secret_values(resource: Resource, context: Any) -> Outcome:
    """Fails on the first entry of a Secret's `data` (base64) or `stringData` (text) that holds
    a secret value: anything but empty values and public material."""
    unknown = None
    for section, encoded in (("data", True), ("stringData", False)):
        entries = resource.attributes.get(section)
        if isinstance(entries, Unknown):
            unknown = unknown or Outcome.unknown((section,), entries, SECRET_EXPECTED)
            continue
        if not isinstance(entries, dict):
            continue
        for key, value in entries.items():
            verdict = _secret_entry(key, value, encoded)
            if verdict is True:
                return Outcome.failed((section, key), value, SECRET_EXPECTED)
            if verdict is None:
                unknown = unknown or Outcome.unknown((section, key), value, SECRET_EXPECTED)
    return unknown or Outcome.passed((), None, SECRET_EXPECTED)


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "k8s_env_no_literal_secret": env_no_literal_secret,
    "k8s_secret_values": secret_values,
}
