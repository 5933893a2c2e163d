"""Azure API Management policies: CIDR arithmetic over ip-filters, and recognising credentials
written in policies and backends. Both read a policy document (a standalone `apim_policy` file,
or the `policy_document` attached to a Terraform resource; see
`compliance.resolve.embedded.apim`).

- `apim_ip_filters_restrict`: no `ip-filter` with `action="allow"` lets every IPv4 or every
  IPv6 address in (its `address` and `address-range` entries together cover the whole address
  space). A bound written as a policy expression or a named value makes it unknown unless the
  known entries already cover everything.
- `apim_no_literal_credentials`: no policy element, at any depth (inside `<send-request>`,
  `<choose>`, ...), writes a credential as literal text: a `set-header` or `set-query-parameter`
  that sets a credential header or parameter (`Authorization`, `Ocp-Apim-Subscription-Key`,
  `x-api-key`, `x-functions-key`, ... as `masking.is_header_credential` reads names) to a
  constant value; the `password` of `authentication-basic`, the `password` or `body` of
  `authentication-certificate`; a `set-variable` named as a credential; a symmetric `<key>`
  of `validate-jwt`'s `issuer-signing-keys` or `decryption-keys` (a key given by
  `certificate-id` or by its public `n`/`e` is not a secret); or any attribute or text that
  looks like a credential whatever its place. Named values (`{{name}}`) and policy expressions
  are Unknown in the document and pass: a named value is where APIM keeps secrets (backed by
  Key Vault). On `azurerm_api_management_backend`, every value of `credentials.header` and
  `credentials.query` (the block exists to send credentials) and `credentials.authorization
  .parameter` must not be a literal.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from compliance.model import Outcome, Path, Resource, Unknown
from compliance.model.masking import (
    is_credential_value,
    is_header_credential,
    looks_like_credential,
    named_credential_in_clear,
)
from compliance.resolve.embedded.holders import APIM_DOCUMENT as DOCUMENT

EXPECTED = "no ip-filter allows every IPv4 or every IPv6 address"


def _policy_document(resource: Resource, expected: str) -> tuple[Path, dict[str, Any] | Outcome]:
    """(where, document) of the policy a file is or a Terraform resource holds; an unknown
    Outcome instead of the document when it can't be read."""
    prefix: Path = () if resource.platform == "apim" else (DOCUMENT,)
    document = resource.attributes if not prefix else resource.attributes.get(DOCUMENT)
    if isinstance(document, Unknown):
        return prefix, Outcome.unknown(prefix, document, expected)
    if not isinstance(document, dict):
        return prefix, Outcome.unknown(prefix, "no policy", expected)
    return prefix, document


def apim_ip_filters_restrict(resource: Resource, context: Any) -> Outcome:
    prefix, document = _policy_document(resource, EXPECTED)
    if isinstance(document, Outcome):
        return document
    unknown: Outcome | None = None
    for index, entry in enumerate(document.get("ip_filters") or []):
        verdict, observed = allows_everyone(entry)
        path = prefix + ("ip_filters", index)
        if verdict is True:
            return Outcome.failed(path, observed, EXPECTED)
        if verdict is None and unknown is None:
            unknown = Outcome.unknown(path, observed, EXPECTED)
    return unknown or Outcome.passed((), None, EXPECTED)


_ALL = {4: (int(ipaddress.IPv4Address("0.0.0.0")), int(ipaddress.IPv4Address("255.255.255.255"))),
        6: (0, int(ipaddress.IPv6Address("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")))}


def allows_everyone(ip_filter: dict[str, Any]) -> tuple[bool | None, Any]:
    """(whether an ip-filter summary entry lets every IPv4 or every IPv6 address in, what
    decides). Unknown when an allow filter's action or a range bound is a policy expression
    and the known entries don't already cover everything."""
    action = ip_filter.get("action")
    if isinstance(action, Unknown):
        return None, action
    if not isinstance(action, str) or action.strip().lower() != "allow":
        return False, action
    spans: dict[int, list[tuple[int, int]]] = {4: [], 6: []}
    unknown: Any = None
    for address in ip_filter.get("addresses") or []:
        span = _span(address, address)
        if span is not None:
            spans[span[0]].append(span[1:])
    for entry in ip_filter.get("address_ranges") or []:
        low, high = entry.get("from"), entry.get("to")
        if isinstance(low, Unknown) or isinstance(high, Unknown):
            unknown = unknown or (low if isinstance(low, Unknown) else high)
            continue
        span = _span(low, high)
        if span is not None:
            spans[span[0]].append(span[1:])
    for version, ranges in spans.items():
        if _covers(ranges, *_ALL[version]):
            return True, {"action": "allow", "covers": "every IPv4 address" if version == 4
                          else "every IPv6 address"}
    return (None, unknown) if unknown is not None else (False, None)


def _span(low: Any, high: Any) -> tuple[int, int, int] | None:
    try:
        first = ipaddress.ip_address(str(low).strip())
        last = ipaddress.ip_address(str(high).strip())
    except ValueError:
        return None
    if first.version != last.version or int(first) > int(last):
        return None
    return first.version, int(first), int(last)


def _covers(ranges: list[tuple[int, int]], low: int, high: int) -> bool:
    reach = low - 1
    for start, end in sorted(ranges):
        if start > reach + 1:
            return False
        reach = max(reach, end)
        if reach >= high:
            return True
    return False


# --- credentials written in policies -----------------------------------------------------------

CREDENTIAL_EXPECTED = ("credentials come from named values (backed by Key Vault) or a managed "
                       "identity, not literal text in the policy")
_SECTIONS = ("inbound", "backend", "outbound", "on-error", "elements")
_KEY_CONTAINERS = frozenset({"issuer-signing-keys", "decryption-keys"})
_PUBLIC_KEY_ATTRIBUTES = frozenset({"certificate-id", "n", "e", "id"})


def _literal(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _element_hits(elements: Any, path: Path, parent: str = "") -> Any:
    """(path, value) of each credential written as literal text under `elements`."""
    for index, element in enumerate(elements if isinstance(elements, list) else []):
        if not isinstance(element, dict):
            continue
        here = path + (index,)
        name = element.get("element")
        attributes = element.get("attributes") or {}
        children = element.get("children") or []
        if name in ("set-header", "set-query-parameter") and isinstance(attributes.get("name"), str):
            for position, child in enumerate(children):
                text = child.get("text") if isinstance(child, dict) else None
                if child.get("element") == "value" and isinstance(text, str) \
                        and is_header_credential(attributes["name"], text):
                    yield here + ("children", position, "text"), text
        elif name == "authentication-basic" and _literal(attributes.get("password")):
            yield here + ("attributes", "password"), attributes["password"]
        elif name == "authentication-certificate":
            for key in ("password", "body"):
                if _literal(attributes.get(key)):
                    yield here + ("attributes", key), attributes[key]
        elif name == "set-variable" \
                and named_credential_in_clear(attributes.get("name"), attributes.get("value")):
            yield here + ("attributes", "value"), attributes["value"]
        elif name == "key" and parent in _KEY_CONTAINERS and _literal(element.get("text")) \
                and not _PUBLIC_KEY_ATTRIBUTES & set(attributes):
            yield here + ("text",), element["text"]
        for key, value in attributes.items():
            if isinstance(value, str) and looks_like_credential(value):
                yield here + ("attributes", key), value
        text = element.get("text")
        if isinstance(text, str) and looks_like_credential(text):
            yield here + ("text",), text
        yield from _element_hits(children, here + ("children",), name if isinstance(name, str) else "")


def _backend_hits(attributes: dict[str, Any]) -> Any:
    for credentials_index, credentials in enumerate(attributes.get("credentials") or []):
        if not isinstance(credentials, dict):
            continue
        base: Path = ("credentials", credentials_index)
        for kind in ("header", "query"):
            values = credentials.get(kind)
            for key, value in (values.items() if isinstance(values, dict) else []):
                for item in value if isinstance(value, list) else [value]:
                    if is_credential_value(item):
                        yield base + (kind, key), item
        for position, authorization in enumerate(credentials.get("authorization") or []):
            parameter = authorization.get("parameter") if isinstance(authorization, dict) else None
            if is_credential_value(parameter):
                yield base + ("authorization", position, "parameter"), parameter


def apim_no_literal_credentials(resource: Resource, context: Any) -> Outcome:
    if resource.platform == "terraform" and resource.type == "azurerm_api_management_backend":
        for path, value in _backend_hits(resource.attributes):
            return Outcome.failed(path, value, CREDENTIAL_EXPECTED)
        return Outcome.passed(("credentials",), None, CREDENTIAL_EXPECTED)
    prefix, document = _policy_document(resource, CREDENTIAL_EXPECTED)
    if isinstance(document, Outcome):
        return document
    for section in _SECTIONS:
        for path, value in _element_hits(document.get(section), prefix + (section,)):
            return Outcome.failed(path, value, CREDENTIAL_EXPECTED)
    return Outcome.passed(prefix, None, CREDENTIAL_EXPECTED)


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "apim_ip_filters_restrict": apim_ip_filters_restrict,
    "apim_no_literal_credentials": apim_no_literal_credentials,
}
