"""Credentials handed to Google Cloud workloads in the clear: environment variables of Cloud
Run and Cloud Functions, and Compute Engine metadata (including startup scripts).

Unlike `secrets.tf_literal_credentials`, which reports credentials *written* in the
configuration, these checks report credentials *delivered* the wrong way, whatever their
source: a value Terraform only knows at apply time (a variable without default, a
`google_secret_manager_secret_version` data source, a `random_password`) still ends up in
clear in the Cloud Run revision, the function's configuration or the instance metadata, where
every principal with read access to the resource (`roles/run.viewer`,
`roles/cloudfunctions.viewer`, `roles/compute.viewer`) and every process on the VM can read
it. So an entry whose *name* says it is a credential fails when its value is set through the
plain-value argument, known or not; a known value that is plainly something else (a file
path, a `$VAR` reference, a URL without password, a switch) passes; and a known value that
looks like a credential (`masking.looks_like_credential`) fails whatever its name.

Startup scripts are read for assignments (`export DB_PASSWORD=...`, `$env:API_TOKEN = "..."`),
command-line options (`--db-password=...`) and, in cloud-init `user-data`, YAML entries
(`password: ...`) whose name says credential and whose value is
a literal credential; a value taken from a command or another variable (`$(gcloud secrets
versions access ...)`, `$TOKEN`) is what the script should do and passes. A script Terraform
cannot resolve (a `templatefile()` with unknown inputs) is unknown.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from compliance.model import Outcome, Path, Resource, Unknown
from compliance.model.masking import (
    looks_like_credential,
    named_credential_in_clear,
    names_credential,
)

# --- one named value ------------------------------------------------------------------------


def _plain_credential(name: Any, value: Any) -> bool:
    """Whether `value`, set through a plain (not secret-store) argument named `name`, delivers
    a credential in clear."""
    if value is None:
        return False
    if isinstance(value, Unknown):
        return names_credential(name)
    if not isinstance(value, str):
        return False
    if not value.strip():
        return False
    return looks_like_credential(value) or named_credential_in_clear(name, value)


def _first(hits: Iterator[tuple[Path, Any]], expected: str, unknown: tuple[Path, Any] | None,
           at: Path) -> Outcome:
    for path, value in hits:
        return Outcome.failed(path, value, expected)
    if unknown is not None:
        return Outcome.unknown(unknown[0], unknown[1], expected)
    return Outcome.passed(at, None, expected)


def _items(value: Any) -> list[tuple[int, Any]]:
    return list(enumerate(value)) if isinstance(value, list) else []


# --- Cloud Run ------------------------------------------------------------------------------

RUN_EXPECTED = ("credentials reach the container from Secret Manager "
                "(value_source.secret_key_ref), not as plain env values")

# where the containers are, by resource type
_RUN_CONTAINERS: dict[str, tuple[str, ...]] = {
    "google_cloud_run_v2_service": ("template", "containers"),
    "google_cloud_run_v2_job": ("template", "template", "containers"),
    "google_cloud_run_service": ("template", "spec", "containers"),
}


def _walk_blocks(value: Any, keys: tuple[str, ...], path: Path,
                 unknown: list[tuple[Path, Any]]) -> Iterator[tuple[Path, Any]]:
    """The items found at the nested-block path `keys` (every block is a list of dicts)."""
    if isinstance(value, Unknown):
        unknown.append((path, value))
        return
    if not keys:
        yield path, value
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk_blocks(item, keys, path + (index,), unknown)
        return
    if isinstance(value, dict) and keys[0] in value:
        yield from _walk_blocks(value[keys[0]], keys[1:], path + (keys[0],), unknown)


def cloud_run_env_from_secret_manager(resource: Resource, context: Any) -> Outcome:
    """Fails on a container env entry that delivers a credential through `value`."""
    unknown: list[tuple[Path, Any]] = []
    keys = _RUN_CONTAINERS.get(resource.type, ())
    containers = list(_walk_blocks(resource.attributes.get(keys[0]) if keys else None,
                                   keys[1:], keys[:1], unknown))

    def hits() -> Iterator[tuple[Path, Any]]:
        for path, container in containers:
            if isinstance(container, Unknown):
                continue
            containers_list = container if isinstance(container, list) else [container]
            for index, item in enumerate(containers_list):
                if not isinstance(item, dict):
                    continue
                item_path = path + (index,) if isinstance(container, list) else path
                env = item.get("env")
                if isinstance(env, Unknown):
                    unknown.append((item_path + ("env",), env))
                    continue
                for number, entry in _items(env):
                    if isinstance(entry, dict) and \
                            _plain_credential(entry.get("name"), entry.get("value")):
                        yield item_path + ("env", number, "value"), entry.get("value")

    found = list(hits())
    return _first(iter(found), RUN_EXPECTED, unknown[0] if unknown else None, keys[:1])


# --- Cloud Functions ------------------------------------------------------------------------

FUNCTION_EXPECTED = ("credentials reach the function from Secret Manager "
                     "(secret_environment_variables), not as plain environment variables")

# the maps of plain environment variables, by resource type
_FUNCTION_MAPS: dict[str, tuple[tuple[str, ...], ...]] = {
    "google_cloudfunctions_function": (("environment_variables",),
                                       ("build_environment_variables",)),
    "google_cloudfunctions2_function": (("service_config", "environment_variables"),
                                        ("build_config", "environment_variables")),
}


def cloudfunctions_env_from_secret_manager(resource: Resource, context: Any) -> Outcome:
    """Fails on a plain environment variable of a function that delivers a credential."""
    unknown: list[tuple[Path, Any]] = []
    found: list[tuple[Path, Any]] = []
    for keys in _FUNCTION_MAPS.get(resource.type, ()):
        for path, variables in _walk_blocks(resource.attributes.get(keys[0]), keys[1:],
                                            keys[:1], unknown):
            if isinstance(variables, Unknown):
                unknown.append((path, variables))
                continue
            if not isinstance(variables, dict):
                continue
            for name, value in variables.items():
                if _plain_credential(name, value):
                    found.append((path + (name,), value))
    return _first(iter(found), FUNCTION_EXPECTED, unknown[0] if unknown else None,
                  _FUNCTION_MAPS.get(resource.type, (("environment_variables",),))[0][:1])


# --- Compute Engine metadata ----------------------------------------------------------------

METADATA_EXPECTED = ("no credential in instance or project metadata (keys or startup scripts): "
                     "the workload reads it from Secret Manager")

# metadata keys that hold scripts run at boot
_SCRIPT_KEYS = frozenset({"startup-script", "user-data", "windows-startup-script-ps1",
                          "windows-startup-script-cmd", "windows-startup-script-bat",
                          "sysprep-specialize-script-ps1", "sysprep-specialize-script-cmd",
                          "sysprep-specialize-script-bat", "shutdown-script"})

# NAME=value, export NAME=value, $env:NAME = "value", set NAME=value
_ASSIGNMENT = re.compile(
    r"(?:^|[\s;&|(])(?:export\s+|set\s+|declare\s+(?:-\w+\s+)?|\$env:)?"
    r"([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(\"([^\"\n]*)\"|'([^'\n]*)'|([^\s;'\"|&)]+))")
# --name=value, --name value
_OPTION = re.compile(
    r"(?:^|\s)--([A-Za-z][A-Za-z0-9_-]*)(?:=|\s+)"
    r"(\"([^\"\n]*)\"|'([^'\n]*)'|([^\s;'\"|&)-][^\s;'\"|&)]*))")


# key: value, in cloud-init `user-data` (YAML)
_YAML_ENTRY = re.compile(
    r"(?m)^[ \t-]*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:[ \t]+"
    r"(\"([^\"\n]*)\"|'([^'\n]*)'|([^\s#'\"][^\n#]*?))[ \t]*(?:#.*)?$")
# a command substitution, whose options are those of the command that fetches the value
_SUBSTITUTION = re.compile(r"\$\([^()]*\)|`[^`]*`")


def _script_credentials(script: str, yaml: bool = False) -> Iterator[str]:
    previous = None
    while previous != script:  # innermost first, for nested substitutions
        previous, script = script, _SUBSTITUTION.sub("$SUBSTITUTED", script)
    for pattern in (_ASSIGNMENT, _OPTION, *((_YAML_ENTRY,) if yaml else ())):
        for match in pattern.finditer(script):
            name = match.group(1)
            value = next(group for group in match.groups()[2:] if group is not None)
            if not value or value[0] in "$`%":
                continue  # taken from a command or another variable at run time
            if named_credential_in_clear(name, value) or \
                    looks_like_credential(value):
                yield value


def _metadata_hits(metadata: Any, path: Path,
                   unknown: list[tuple[Path, Any]]) -> Iterator[tuple[Path, Any]]:
    if isinstance(metadata, Unknown):
        unknown.append((path, metadata))
        return
    if not isinstance(metadata, dict):
        return
    for key, value in metadata.items():
        yield from _entry_hits(str(key), value, path + (key,), unknown)


def _entry_hits(key: str, value: Any, path: Path,
                unknown: list[tuple[Path, Any]]) -> Iterator[tuple[Path, Any]]:
    if key in _SCRIPT_KEYS:
        if isinstance(value, Unknown):
            unknown.append((path, value))
        elif isinstance(value, str):
            for _secret in _script_credentials(value, yaml=key == "user-data"):
                yield path, value
                return
    elif _plain_credential(key, value):
        yield path, value


def compute_metadata_no_credentials(resource: Resource, context: Any) -> Outcome:
    """Fails on instance, template or project metadata that holds a credential."""
    attributes = resource.attributes
    unknown: list[tuple[Path, Any]] = []
    found: list[tuple[Path, Any]] = []
    if resource.type == "google_compute_project_metadata_item":
        key = attributes.get("key")
        if isinstance(key, Unknown):
            return Outcome.unknown(("key",), key, METADATA_EXPECTED)
        found += _entry_hits(str(key), attributes.get("value"), ("value",), unknown)
    else:
        found += _metadata_hits(attributes.get("metadata"), ("metadata",), unknown)
        script = attributes.get("metadata_startup_script")
        if script is not None:
            found += _entry_hits("startup-script", script, ("metadata_startup_script",),
                                 unknown)
    return _first(iter(found), METADATA_EXPECTED, unknown[0] if unknown else None,
                  ("metadata",))


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "gcp_cloud_run_env_from_secret_manager": cloud_run_env_from_secret_manager,
    "gcp_cloudfunctions_env_from_secret_manager": cloudfunctions_env_from_secret_manager,
    "gcp_compute_metadata_no_credentials": compute_metadata_no_credentials,
}
