"""What a module call's `source` names, as Terraform reads it: a local folder, a registry
module (`[HOST/]NAMESPACE/NAME/PROVIDER[//SUBDIR]`), or a remote package for go-getter
(`git::URL`, `github.com/...`, `https://...zip`, `s3::...`, with `//SUBDIR` and `?ref=`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_REGISTRY = "registry.terraform.io"

_PART = r"[0-9A-Za-z](?:[0-9A-Za-z_-]{0,62}[0-9A-Za-z])?"
_REGISTRY = re.compile(rf"^(?:(?P<host>[0-9A-Za-z.-]+(?::\d+)?)/)?(?P<ns>{_PART})/"
                       rf"(?P<name>{_PART})/(?P<provider>[0-9a-z]{{1,64}})"
                       r"(?://(?P<subdir>.*))?$")
# go-getter's shorthands, which Terraform reads before registry addresses
_GETTER_SHORTHANDS = ("github.com/", "bitbucket.org/")


@dataclass(frozen=True, slots=True)
class RegistrySource:
    host: str
    namespace: str
    name: str
    provider: str
    subdir: str  # "" for the package's root

    @property
    def package(self) -> str:
        """host/namespace/name/provider, lower case (registry addresses are not case
        sensitive), without the subdirectory."""
        return f"{self.host}/{self.namespace}/{self.name}/{self.provider}".lower()

    def __str__(self) -> str:
        return self.package + (f"//{self.subdir}" if self.subdir else "")


def is_local(source: str) -> bool:
    return source.startswith(("./", "../")) or source in (".", "..")


def registry_source(source: str) -> RegistrySource | None:
    """The registry address `source` names, or None for a local path or a go-getter source."""
    if is_local(source) or "::" in source or "://" in source \
            or source.startswith(_GETTER_SHORTHANDS) or source.startswith("git@"):
        return None
    found = _REGISTRY.match(source)
    if found is None:
        return None
    host = found["host"] or DEFAULT_REGISTRY
    if found["host"] is not None and "." not in host and not host.startswith("localhost"):
        return None  # four parts whose first is no host name: not a registry address
    return RegistrySource(host.lower(), found["ns"], found["name"], found["provider"],
                          (found["subdir"] or "").strip("/"))


def same_source(called: str, installed: str) -> bool:
    """Whether an installed module (as modules.json records it) is what a call now names.
    Registry addresses compare without their default host and case. Other sources are taken
    as installed: Terraform records them in normal forms of its own (GitHub shorthands become
    `git::https://...`), and refuses to plan when a call's source changed since init."""
    called_registry, installed_registry = registry_source(called), registry_source(installed)
    if called_registry is None or installed_registry is None:
        return True
    return str(called_registry) == str(installed_registry)
