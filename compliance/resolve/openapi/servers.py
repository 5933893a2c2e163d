"""The endpoints a document offers its API at.

A 3.x document lists `servers`, each a URL whose `{variables}` take their defaults; a 2.0
document offers its `host` over each of its `schemes`. Every endpoint has the scheme it is
reached with (None for a relative URL, which takes the scheme the document was fetched with)
and whether its host is the local machine (`localhost`, `*.localhost`, `127.0.0.1`, `::1`,
`0.0.0.0`), as a development server's is. An endpoint that can't be read is Unknown.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from compliance.model import Resource, Unknown
from compliance.parse.openapi.refs import Resolved

_LOCAL = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})
_VARIABLE = re.compile(r"\{([^{}]*)\}")


def is_local(host: str | None) -> bool:
    host = (host or "").lower().strip("[]")
    return host in _LOCAL or host.endswith(".localhost")


def _expanded(server: dict[str, Any]) -> Any:
    url = server.get("url")
    if not isinstance(url, str):
        return url
    variables = server.get("variables") if isinstance(server.get("variables"), dict) else {}

    def default(match: re.Match[str]) -> str:
        variable = variables.get(match.group(1))
        value = variable.get("default") if isinstance(variable, dict) else None
        return value if isinstance(value, str) else match.group(0)

    return _VARIABLE.sub(default, url)


def _url_endpoint(url: str) -> dict[str, Any]:
    try:
        parts = urlsplit(url.strip())
        scheme, host = parts.scheme.lower() or None, parts.hostname
    except ValueError:
        scheme, host = None, None
    return {"url": url, "scheme": scheme, "host": host, "local_host": is_local(host)}


def _host_endpoint(scheme: str, host: Any) -> dict[str, Any]:
    if isinstance(host, Unknown):
        return {"scheme": scheme, "host": host, "local_host": host}
    try:
        name = urlsplit("//" + host.strip()).hostname if isinstance(host, str) else None
    except ValueError:
        name = None
    return {"scheme": scheme, "host": host, "local_host": isinstance(host, str) and is_local(name)}


def endpoints(document: Resource) -> Resolved:
    """The document's endpoints (see the module doc), each shown at its URL or scheme; the
    list is shown at `servers` (a 2.0 document lists no endpoints as such: at the document)."""
    found: list[Any] = []
    lines: dict[str, int] = {}

    def add(endpoint: Any, *where: str | int) -> None:
        line = document.line_of(where)
        if line is not None:
            lines[f"[{len(found)}]"] = line
        found.append(endpoint)

    servers, schemes = document.attributes.get("servers"), document.attributes.get("schemes")
    if isinstance(servers, Unknown):
        add(servers, "servers")
    for index, server in enumerate(servers if isinstance(servers, list) else []):
        url = _expanded(server) if isinstance(server, dict) else server
        if isinstance(url, Unknown):
            add(url, "servers", index, "url")
        elif isinstance(url, str):
            add(_url_endpoint(url), "servers", index, "url")
    if isinstance(schemes, Unknown):
        add(schemes, "schemes")
    host = document.attributes.get("host")
    for index, scheme in enumerate(schemes if isinstance(schemes, list) else []):
        if isinstance(scheme, Unknown):
            add(scheme, "schemes", index)
        elif isinstance(scheme, str):
            add(_host_endpoint(scheme, host), "schemes", index)
    list_line = document.line_of(("servers",))
    if list_line is not None:
        lines[""] = list_line
    return Resolved(found, lines)
