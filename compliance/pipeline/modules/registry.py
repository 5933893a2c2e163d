"""Terraform's module registry protocol: service discovery (`https://HOST/.well-known/
terraform.json`, key `modules.v1`), the version list, and the download endpoint, whose
`X-Terraform-Get` header (or `location` in a JSON body) names where the package is. A
private registry gets the token Terraform itself would send: `TF_TOKEN_<host>`, dots as
underscores and hyphens as double underscores (or left as they are)."""

from __future__ import annotations

import json
import os
import urllib.parse

from compliance.pipeline.modules.fetch import Deadline, FetchError, http_get
from compliance.resolve.terraform.remote_source import RegistrySource

MAX_DOCUMENT = 4 * 1024 * 1024  # discovery and version lists: JSON documents


def registry_token(host: str) -> tuple[str, str] | None:
    """(host name, token) from TF_TOKEN_<host>, as Terraform reads it; None when unset."""
    name = host.split(":", 1)[0].lower()
    for variable in (f"TF_TOKEN_{name.replace('.', '_').replace('-', '__')}",
                     f"TF_TOKEN_{name.replace('.', '_')}"):
        token = os.environ.get(variable)
        if token:
            return name, token.strip()
    return None


def _scheme(host: str) -> str:
    from compliance.pipeline.modules.fetch import _LOOPBACK, LOOPBACK_HTTP_ENV

    name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return "http" if name in _LOOPBACK and os.environ.get(LOOPBACK_HTTP_ENV) == "1" else "https"


class Registry:
    """One scan's registry client: discovery answers are kept per host."""

    def __init__(self) -> None:
        self._bases: dict[str, str] = {}

    def _json(self, url: str, deadline: Deadline, token) -> object:
        _status, _headers, body, _final = http_get(url, deadline, MAX_DOCUMENT, token)
        try:
            return json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise FetchError(f"{url} did not answer with JSON") from None

    def modules_base(self, source: RegistrySource, deadline: Deadline) -> str:
        if source.host not in self._bases:
            discovery = f"{_scheme(source.host)}://{source.host}/.well-known/terraform.json"
            document = self._json(discovery, deadline, registry_token(source.host))
            base = document.get("modules.v1") if isinstance(document, dict) else None
            if not isinstance(base, str):
                raise FetchError(f"{source.host} is not a module registry (its "
                                 "/.well-known/terraform.json has no modules.v1)")
            self._bases[source.host] = urllib.parse.urljoin(discovery, base).rstrip("/") + "/"
        return self._bases[source.host]

    def versions(self, source: RegistrySource, deadline: Deadline) -> list[str]:
        url = (f"{self.modules_base(source, deadline)}{source.namespace}/{source.name}/"
               f"{source.provider}/versions")
        document = self._json(url, deadline, registry_token(source.host))
        try:
            return [entry["version"] for module in document["modules"]
                    for entry in module["versions"] if isinstance(entry.get("version"), str)]
        except (KeyError, TypeError, AttributeError):
            raise FetchError(f"{source.package}: the registry's version list is not in the "
                             "registry protocol's form") from None

    def location(self, source: RegistrySource, version: str, deadline: Deadline) -> str:
        """Where the package of `version` is (a go-getter source), as the download endpoint
        says, relative URLs resolved against it."""
        url = (f"{self.modules_base(source, deadline)}{source.namespace}/{source.name}/"
               f"{source.provider}/{urllib.parse.quote(version)}/download")
        _status, headers, body, final = http_get(url, deadline, MAX_DOCUMENT,
                                                 registry_token(source.host))
        location = headers.get("x-terraform-get")
        if not location and body:
            try:
                document = json.loads(body)
                location = document.get("location") if isinstance(document, dict) else None
            except (ValueError, UnicodeDecodeError):
                location = None
        if not location:
            raise FetchError(f"{source.package} {version}: the registry named no download "
                             "location")
        return _resolved(location, final)


def _resolved(location: str, base: str) -> str:
    """A relative location (`./x.tar.gz`, `/archive/x.zip`) is relative to the download URL;
    a go-getter source with a forced getter or scheme is taken as it is."""
    if "::" in location.split("/", 1)[0] or "://" in location or location.startswith(
            ("github.com/", "git@")):
        return location
    return urllib.parse.urljoin(base, location)
