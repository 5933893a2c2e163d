"""Azure API Management ip-filter policies that let every address in: CIDR arithmetic over the
`ip_filters` of a policy document (a standalone `apim_policy` file, or the `policy_document`
attached to a Terraform resource; see `compliance.resolve.embedded.apim`).

- `apim_ip_filters_restrict`: no `ip-filter` with `action="allow"` lets every IPv4 or every
  IPv6 address in (its `address` and `address-range` entries together cover the whole address
  space). A bound written as a policy expression or a named value makes it unknown unless the
  known entries already cover everything.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from compliance.model import Outcome, Path, Resource, Unknown
from compliance.resolve.embedded.apim import DOCUMENT

EXPECTED = "no ip-filter allows every IPv4 or every IPv6 address"


def apim_ip_filters_restrict(resource: Resource, context: Any) -> Outcome:
    prefix: Path = () if resource.platform == "apim" else (DOCUMENT,)
    document = resource.attributes if not prefix else resource.attributes.get(DOCUMENT)
    if isinstance(document, Unknown):
        return Outcome.unknown(prefix, document, EXPECTED)
    if not isinstance(document, dict):
        return Outcome.unknown(prefix, "no policy", EXPECTED)
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


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "apim_ip_filters_restrict": apim_ip_filters_restrict,
}
