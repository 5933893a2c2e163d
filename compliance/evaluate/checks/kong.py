"""Checks on Kong decK configurations.

They read what the parser resolved per route (effective plugins, authentication, the service
behind it) and follow Kong's own defaults: a route without `protocols` accepts http and
https, a service without `protocol` speaks http, `tls_verify` left unset defers to the node's
configuration. A value that is a placeholder or vault reference (`Unknown`) gives an unknown
outcome when it could decide, never pass or fail.

A finding must point inside its resource: when the deciding plugin is declared elsewhere
(on the service, or globally), the evidence is the route's own attribute and the observed
value names the plugin and the line where it is declared.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from compliance.model import Outcome, Path, Resource, Status, Unknown
from compliance.parse.kong.entities import is_placeholder

RATE_LIMITING_PLUGINS = ("rate-limiting", "rate-limiting-advanced",
                         "graphql-rate-limiting-advanced", "ai-rate-limiting-advanced")
ROUTE_DEFAULT_PROTOCOLS = ["http", "https"]
PLAINTEXT_PROTOCOLS = frozenset({"http", "grpc", "ws", "tcp"})
TLS_PROTOCOLS = frozenset({"https", "grpcs", "wss", "tls", "tls_passthrough"})


# --- helpers ------------------------------------------------------------------------------


def _inside(resource: Resource, path: Path) -> bool:
    line = resource.line_of(path)
    location = resource.location
    return line is not None and location.start_line <= line <= location.end_line


def _at(resource: Resource, preferred: Path, fallback: Path) -> Path:
    """`preferred` when it is written inside the resource, else `fallback`."""
    return preferred if _inside(resource, preferred) else fallback


def _effective(resource: Resource) -> dict[str, Any]:
    plugins = resource.attributes.get("effective_plugins")
    return plugins if isinstance(plugins, dict) else {}


def _describe(name: str, entry: dict[str, Any]) -> str:
    return f"{name} ({entry.get('scope')} plugin, line {entry.get('line')})"


def _config(entry: dict[str, Any]) -> Any:
    config = entry.get("config")
    return {} if config is None else config


def _unresolved(resource: Resource) -> Outcome | None:
    """Unknown when a plugin with a templated name or scope might apply to the route."""
    unresolved = resource.attributes.get("unresolved_plugins") or []
    if not unresolved:
        return None
    first = unresolved[0]
    return Outcome.unknown(("unresolved_plugins",),
                           f"plugin at line {first.get('line')} might apply: {first.get('reason')}")


# --- routes -------------------------------------------------------------------------------


def route_authenticated(resource: Resource, context: Any) -> Outcome:
    value = resource.attributes.get("authenticated")
    info = resource.attributes.get("authentication") or {}
    reason, plugin = info.get("reason"), info.get("plugin")
    path: Path = ("authenticated",)
    if plugin:
        path = _at(resource, ("effective_plugins", plugin, "config", "anonymous"), path)
    expected = "an authentication plugin without `anonymous` applies to the route"
    if value is True:
        return Outcome.passed(path, reason, expected)
    if isinstance(value, Unknown):
        return Outcome.unknown(path, value, expected)
    return Outcome.failed(path, reason or "no authentication plugin", expected)


def route_rate_limited(resource: Resource, context: Any) -> Outcome:
    expected = "a rate limiting plugin (not scoped to a consumer) applies to the route"
    effective = _effective(resource)
    undecided = None
    for name in RATE_LIMITING_PLUGINS:
        entry = effective.get(name)
        if entry is None:
            continue
        path = ("effective_plugins", name)
        if entry.get("enabled") is True:
            return Outcome.passed(path, _describe(name, entry), expected)
        undecided = undecided or Outcome.unknown(_at(resource, path, ("effective_plugins",)),
                                                 entry.get("enabled"), expected)
    if undecided:
        return undecided
    unresolved = _unresolved(resource)
    if unresolved:
        return Outcome.unknown(unresolved.path, unresolved.observed, expected)
    limited_for = [p for p in resource.attributes.get("consumer_plugins") or []
                   if p.get("name") in RATE_LIMITING_PLUGINS]
    observed = "no rate limiting plugin"
    if limited_for:
        who = ", ".join(f"{p.get('scope')} {p.get('consumer') or p.get('consumer_group')}"
                        for p in limited_for)
        observed += f" for all requests (only for {who})"
    return Outcome.failed(("effective_plugins",), observed, expected)


def route_https_only(resource: Resource, context: Any) -> Outcome:
    expected = "protocols list no plaintext protocol (http, grpc, ws, tcp)"
    protocols = resource.attributes.get("protocols")
    if protocols is None:
        return Outcome.failed(("protocols",), "unset (Kong's default accepts http and https)", expected)
    if isinstance(protocols, Unknown):
        return Outcome.unknown(("protocols",), protocols, expected)
    if not isinstance(protocols, list):
        return Outcome.unknown(("protocols",), f"{protocols!r} is not a list", expected)
    undecided = None
    for index, protocol in enumerate(protocols):
        if isinstance(protocol, str) and protocol.lower() in PLAINTEXT_PROTOCOLS:
            return Outcome.failed(("protocols", index), protocol, expected)
        if isinstance(protocol, Unknown):
            undecided = undecided or Outcome.unknown(("protocols", index), protocol, expected)
    return undecided or Outcome.passed(("protocols",), protocols, expected)


def route_request_validated(resource: Resource, context: Any) -> Outcome:
    expected = "request-validator with a body_schema (or oas-validation) applies to the route"
    effective = _effective(resource)
    validator = effective.get("request-validator")
    if validator is not None:
        path = ("effective_plugins", "request-validator")
        config = _config(validator)
        for value in (validator.get("enabled"), config):
            if isinstance(value, Unknown):
                return Outcome.unknown(_at(resource, path, ("effective_plugins",)), value, expected)
        schema = config.get("body_schema") if isinstance(config, dict) else None
        if schema not in (None, "", {}):
            return Outcome.passed(path + ("config", "body_schema"), _describe("request-validator", validator),
                                  expected)
        return Outcome.failed(_at(resource, path + ("config",), ("effective_plugins",)),
                              f"{_describe('request-validator', validator)} has no body_schema", expected)
    oas = effective.get("oas-validation")
    if oas is not None:
        config = _config(oas)
        body = config.get("validate_request_body", True) if isinstance(config, dict) else config
        if oas.get("enabled") is True and body is True:
            return Outcome.passed(("effective_plugins", "oas-validation"), _describe("oas-validation", oas),
                                  expected)
        for value in (oas.get("enabled"), body):
            if isinstance(value, Unknown):
                return Outcome.unknown(("effective_plugins",), value, expected)
    unresolved = _unresolved(resource)
    if unresolved:
        return Outcome.unknown(unresolved.path, unresolved.observed, expected)
    return Outcome.failed(("effective_plugins",), "no request validation plugin", expected)


def admin_api_route_restricted(resource: Resource, context: Any) -> Outcome:
    expected = ("the route requires credentials and an acl or ip-restriction allow list limits "
                "who may call the Admin API")
    authenticated = route_authenticated(resource, context)
    if authenticated.status is not Status.PASS:
        return Outcome(authenticated.status, authenticated.path, authenticated.observed, expected)
    effective = _effective(resource)
    undecided = None
    for name in ("acl", "ip-restriction"):
        entry = effective.get(name)
        if entry is None:
            continue
        config = _config(entry)
        allow = config.get("allow", config.get("whitelist")) if isinstance(config, dict) else config
        if entry.get("enabled") is True and isinstance(allow, list) and allow:
            return Outcome.passed(("effective_plugins", name), _describe(name, entry), expected)
        for value in (entry.get("enabled"), allow):
            if isinstance(value, Unknown):
                undecided = undecided or Outcome.unknown(("effective_plugins",), value, expected)
    return undecided or Outcome.failed(
        ("effective_plugins",), f"{authenticated.observed}, but no acl or ip-restriction allow list: "
                                "any consumer can administer the gateway", expected)


# --- services -----------------------------------------------------------------------------


def _is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def service_upstream_tls(resource: Resource, context: Any) -> Outcome:
    expected = ("the upstream is reached over TLS (https, grpcs, wss, tls) and tls_verify is not "
                "false; plaintext only to a loopback address")
    attributes = resource.attributes
    protocol = attributes.get("protocol")
    # where the protocol is decided: written, from the url, or Kong's default (the first line)
    path: Path = ("url",) if "url" in resource.lines and "protocol" not in resource.lines else ("protocol",)
    if protocol is None:
        protocol, shown = "http", "unset (Kong's default is http)"
    else:
        shown = attributes.get("url") if path == ("url",) else protocol
    if isinstance(protocol, Unknown):
        return Outcome.unknown(path, protocol, expected)
    protocol = str(protocol).lower()
    if protocol in TLS_PROTOCOLS:
        verify = attributes.get("tls_verify")
        if verify is False:
            return Outcome.failed(("tls_verify",), False, expected)
        if isinstance(verify, Unknown):
            return Outcome.unknown(("tls_verify",), verify, expected)
        return Outcome.passed(path, protocol, expected)
    if protocol not in PLAINTEXT_PROTOCOLS:
        return Outcome.unknown(path, f"protocol {protocol!r} not recognised", expected)
    host = attributes.get("host")
    if isinstance(host, Unknown):
        return Outcome.unknown(("host",), host, expected)
    if isinstance(host, str) and _is_loopback(host):
        return Outcome.passed(("host",), f"{protocol} to loopback {host}", expected)
    return Outcome.failed(path, shown, expected)


# --- consumers ----------------------------------------------------------------------------

# credential list -> the field holding its secret
_SECRET_FIELDS = {
    "keyauth_credentials": "key",
    "basicauth_credentials": "password",
    "jwt_secrets": "secret",
    "hmacauth_credentials": "secret",
    "oauth2_credentials": "client_secret",
}
_SYMMETRIC_JWT = re.compile(r"^HS\d+$", re.I)


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


# --- plugins ------------------------------------------------------------------------------

# an origin no one in particular owns: an origin pattern that admits it admits anyone
_PROBE_HOST = "attacker.invalid"


def cors_credentials_any_origin(resource: Resource, context: Any) -> Outcome:
    expected = "with credentials: true, origins lists specific origins (no *, null or catch-all pattern)"
    config = resource.attributes.get("config")
    config = {} if config is None else config
    if isinstance(config, Unknown):
        return Outcome.unknown(("config",), config, expected)
    credentials = config.get("credentials", False)
    if isinstance(credentials, Unknown):
        return Outcome.unknown(("config", "credentials"), credentials, expected)
    if credentials is not True:
        return Outcome.passed(("config", "credentials"), credentials, expected)
    origins = config.get("origins")
    if origins in (None, []):
        return Outcome.failed(("config", "origins"), "unset: every origin, with credentials", expected)
    if isinstance(origins, Unknown):
        return Outcome.unknown(("config", "origins"), origins, expected)
    undecided = None
    for index, origin in enumerate(origins if isinstance(origins, list) else [origins]):
        admits = _admits_any_origin(origin)
        if admits is True:
            return Outcome.failed(("config", "origins", index), origin, expected)
        if isinstance(admits, Unknown):
            undecided = undecided or Outcome.unknown(("config", "origins", index), admits, expected)
    return undecided or Outcome.passed(("config", "origins"), origins, expected)


def _admits_any_origin(origin: Any) -> bool | Unknown:
    """Whether the cors plugin would accept any site's origin for this entry. Kong compares an
    entry made only of letters, digits and `.:/-` literally; any other is a regular expression
    anchored at both ends, matched against the origin's host (or the whole origin when the
    entry has a `:`)."""
    if isinstance(origin, Unknown):
        return origin
    if not isinstance(origin, str):
        return False
    if origin in ("*", "null"):
        return True  # `null` is the origin of sandboxed frames and files: anyone can send it
    if re.fullmatch(r"[A-Za-z0-9.:/-]+", origin):
        return False
    pattern = origin[1:] if origin.startswith("^") else origin
    pattern = pattern if pattern.endswith("$") else pattern + "$"
    subject = f"https://{_PROBE_HOST}" if ":" in origin else _PROBE_HOST
    try:
        return re.match(pattern, subject) is not None
    except re.error:
        return Unknown(f"origin pattern {origin[:40]!r} is not a Python regular expression")


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "kong_route_authenticated": route_authenticated,
    "kong_route_rate_limited": route_rate_limited,
    "kong_route_https_only": route_https_only,
    "kong_route_request_validated": route_request_validated,
    "kong_admin_api_route_restricted": admin_api_route_restricted,
    "kong_service_upstream_tls": service_upstream_tls,
    "kong_consumer_no_literal_credentials": consumer_no_literal_credentials,
    "kong_cors_credentials_any_origin": cors_credentials_any_origin,
}
