"""What counts as authentication, rate limiting and content validation in a policy element, and
when an `ip-filter` lets every address in.

A predicate answers True (the element meets the requirement), False, or None when it can't
be told (a policy expression decides).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any, Callable

from compliance.model import Unknown
from compliance.parse.apim.summary import boolean

TOKEN_VALIDATION = ("validate-jwt", "validate-azure-ad-token", "validate-client-certificate")
RATE_LIMITS = ("rate-limit", "rate-limit-by-key", "quota", "quota-by-key", "llm-token-limit",
               "azure-openai-token-limit")
_REQUEST_IDENTITY = ("context.request.certificate", "authorization")


def authenticates(element: dict[str, Any]) -> bool | None:
    """A validate-jwt (with signed tokens), validate-azure-ad-token or
    validate-client-certificate policy. A `<choose>` that rejects requests on a condition about
    the client certificate or the Authorization header might authenticate: can't be told."""
    name = element["element"]
    if name == "validate-jwt":
        signed = boolean(element["attributes"].get("require-signed-tokens"), True)
        if isinstance(signed, Unknown) or signed not in (True, False):
            return None
        return signed
    if name in TOKEN_VALIDATION:
        return True
    if name == "check-header":
        header = element["attributes"].get("name")
        if isinstance(header, str) and header.strip().lower() == "authorization":
            return None  # a fixed value compared: a shared secret, judged by people
        return False
    if name == "choose" and _rejects_on_identity(element):
        return None
    return False


def _rejects_on_identity(choose: dict[str, Any]) -> bool:
    for branch in choose["children"]:
        condition = branch["attributes"].get("condition")
        if not isinstance(condition, Unknown):
            continue
        text = condition.reason.lower()
        if any(marker in text for marker in _REQUEST_IDENTITY) and any(
                child["element"] == "return-response" for child in branch["children"]):
            return True
    return False


def limits_rate(element: dict[str, Any]) -> bool | None:
    return element["element"] in RATE_LIMITS


def validates_content(element: dict[str, Any]) -> bool | None:
    """A validate-content policy that blocks something: an action of `prevent` for an
    oversized body, an unspecified content type, or a content type's schema."""
    if element["element"] != "validate-content":
        return False
    actions = [element["attributes"].get("size-exceeded-action"),
               element["attributes"].get("unspecified-content-type-action")]
    actions += [child["attributes"].get("action") for child in element["children"]
                if child["element"] == "content"]
    if any(isinstance(a, str) and a.strip().lower() == "prevent" for a in actions):
        return True
    if any(isinstance(a, Unknown) for a in actions):
        return None
    return False


def _unsigned(element: dict[str, Any]) -> str | None:
    if element["element"] == "validate-jwt" and authenticates(element) is False:
        return 'accepts unsigned tokens (require-signed-tokens="false")'
    return None


def _detect_only(element: dict[str, Any]) -> str | None:
    if element["element"] == "validate-content" and validates_content(element) is False:
        return "only logs: none of its actions is prevent"
    return None


@dataclass(frozen=True)
class Requirement:
    wording: str
    test: Callable[[dict[str, Any]], "bool | None"]
    # why an element of the right kind does not count, or None
    why_not: Callable[[dict[str, Any]], "str | None"] = lambda element: None


REQUIREMENTS = {
    "authentication": Requirement("validate-jwt (signed tokens), validate-azure-ad-token or "
                                  "validate-client-certificate", authenticates, _unsigned),
    "rate_limit": Requirement("rate-limit, rate-limit-by-key, quota, quota-by-key or an LLM "
                              "token limit", limits_rate),
    "content_validation": Requirement("validate-content with a prevent action", validates_content,
                                      _detect_only),
}


# --- ip-filter ----------------------------------------------------------------------------

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
