"""Credentials written as literal environment values in Kubernetes workloads: recognising a
credential is real computation the condition language leaves to Python. What the API server
and the kubelet make of a manifest (effective security contexts, ServiceAccounts, the
policies of a namespace) is computed as facts by compliance.resolve.kubernetes, and judged
in the controls' YAML.

A value that is a template placeholder (`Unknown`) makes the outcome unknown when it could
decide it, never pass or fail.
"""

from __future__ import annotations

from typing import Any

from compliance.model import Outcome, Resource, Unknown
from compliance.model.masking import is_credential_value, looks_like_credential, names_credential
from compliance.resolve.kubernetes.facts import containers, pod_spec

# --- environment variables ------------------------------------------------------------------

ENV_EXPECTED = "credentials reach containers through valueFrom.secretKeyRef, not literal env values"


def _literal_secret(name: Any, value: Any) -> bool | None:
    """Whether an env entry holds a credential in clear; None when a template hides it."""
    sensitive = names_credential(name)
    if isinstance(value, Unknown):
        return None if sensitive else False
    if not isinstance(value, str) or not value.strip():
        return False
    return looks_like_credential(value) or (sensitive and is_credential_value(value))


def env_no_literal_secret(resource: Resource, context: Any) -> Outcome:
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


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "k8s_env_no_literal_secret": env_no_literal_secret,
}
