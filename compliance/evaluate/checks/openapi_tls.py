"""Plain-HTTP servers declared by OpenAPI documents that describe a service.

A 3.x `servers[].url` (its variables replaced by their defaults) whose scheme is `http` or
`ws`, or a 2.0 `schemes` list with `http` or `ws`, says the API is offered without TLS, unless
the host is the local machine (`localhost`, `*.localhost`, `127.0.0.1`, `::1`, `0.0.0.0`), as
in development servers. Relative server URLs take the scheme the document was fetched with and
pass. Gateway documents (see `openapi`) are not judged: AWS API Gateway and Google API Gateway
serve HTTPS only, whatever `servers` or `schemes` say. The document's own `servers`/`schemes`
are judged; a path or operation that declares its own servers is not looked at separately.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from compliance.evaluate.checks.openapi import applies, gateway
from compliance.model import Outcome, Resource, Unknown

EXPECTED = "the API is offered over https (servers and schemes name no http or ws endpoint)"
_PLAIN = ("http", "ws")
_LOCAL = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})
_VARIABLE = re.compile(r"\{([^{}]*)\}")


def openapi_plain_document(resource: Resource, context: Any) -> Outcome:
    """Applies to documents that describe a service rather than configure a gateway."""
    return applies(gateway(resource, context) is None, "a document that is not a gateway's")


def _local(host: str | None) -> bool:
    host = (host or "").lower().strip("[]")
    return host in _LOCAL or host.endswith(".localhost")


def _hostname(host: str) -> str | None:
    try:
        return urlsplit("//" + host.strip()).hostname
    except ValueError:
        return None


def _expanded(server: dict[str, Any]) -> str | Unknown | None:
    url = server.get("url")
    if not isinstance(url, str):
        return url if isinstance(url, Unknown) else None
    variables = server.get("variables") if isinstance(server.get("variables"), dict) else {}

    def default(match: re.Match[str]) -> str:
        variable = variables.get(match.group(1))
        value = variable.get("default") if isinstance(variable, dict) else None
        return value if isinstance(value, str) else match.group(0)

    return _VARIABLE.sub(default, url)


def _plain_url(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
        return parts.scheme.lower() in _PLAIN and not _local(parts.hostname)
    except ValueError:
        return False


def openapi_servers_https(resource: Resource, context: Any) -> Outcome:
    attributes = resource.attributes
    servers = attributes.get("servers")
    undecided: Outcome | None = None
    if isinstance(servers, Unknown):
        undecided = Outcome.unknown(("servers",), servers, EXPECTED)
    for index, server in enumerate(servers if isinstance(servers, list) else []):
        url = _expanded(server) if isinstance(server, dict) else server
        if isinstance(url, Unknown):
            undecided = undecided or Outcome.unknown(("servers", index, "url"), url, EXPECTED)
        elif isinstance(url, str) and _plain_url(url):
            return Outcome.failed(("servers", index, "url"), url, EXPECTED)
    schemes = attributes.get("schemes")
    host = attributes.get("host")
    if isinstance(schemes, Unknown):
        return undecided or Outcome.unknown(("schemes",), schemes, EXPECTED)
    for index, scheme in enumerate(schemes if isinstance(schemes, list) else []):
        if isinstance(scheme, str) and scheme.lower() in _PLAIN:
            if isinstance(host, Unknown):
                undecided = undecided or Outcome.unknown(("host",), host, EXPECTED)
            elif not (isinstance(host, str) and _local(_hostname(host))):
                return Outcome.failed(("schemes", index), scheme, EXPECTED)
        elif isinstance(scheme, Unknown):
            undecided = undecided or Outcome.unknown(("schemes", index), scheme, EXPECTED)
    return undecided or Outcome.passed(("servers",), None, EXPECTED)


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "openapi_plain_document": openapi_plain_document,
    "openapi_servers_https": openapi_servers_https,
}
