"""Convenience attributes of an API Management policy document: one list per kind of policy
the controls look at, each entry naming where the element is and what it says.

Every entry has `element` (the policy's name), `section` (inbound, backend, outbound, on-error,
or `fragment`), `path` (the element's display path in the resource, e.g. `inbound[2]` or
`inbound[1].children[0].children[0]`), `line`, and `conditional` (true when the element sits
inside a `<choose>`, so it runs only for some requests), then every attribute of the element
with `-` turned into `_` (`header-name` -> `header_name`), plus these, per list:

    validate_jwt            openid_config_urls, issuers, audiences, required_claims (names),
                            signing_keys (count); require_signed_tokens and
                            require_expiration_time as booleans, true when not written
    validate_azure_ad_token client_application_ids, audiences, required_claims
    validate_client_certificate  identities (count)
    rate_limits             rate-limit, rate-limit-by-key, quota, quota-by-key,
                            llm-token-limit, azure-openai-token-limit
    ip_filters              addresses, address_ranges [{from, to}]
    cors                    allowed_origins, allowed_methods, allowed_headers, expose_headers;
                            allow_credentials as a boolean, false when not written
    backend_services        set-backend-service (base_url, backend_id)
    authentication_managed_identity, check_header (values), validate_content (contents
    [{type, validate_as, action, schema_id}]), validate_parameters, validate_headers,
    include_fragments (fragment_id)

Values are strings as written, or Unknown (policy expressions, named values).
"""

from __future__ import annotations

from typing import Any, Iterator

from compliance.model import Unknown

# policies whose children are policies run in the same pipeline
CONTAINERS = frozenset({"choose", "when", "otherwise", "retry", "limit-concurrency", "wait"})

SUMMARIES = {
    "validate-jwt": "validate_jwt",
    "validate-azure-ad-token": "validate_azure_ad_token",
    "validate-client-certificate": "validate_client_certificate",
    "rate-limit": "rate_limits",
    "rate-limit-by-key": "rate_limits",
    "quota": "rate_limits",
    "quota-by-key": "rate_limits",
    "llm-token-limit": "rate_limits",
    "azure-openai-token-limit": "rate_limits",
    "ip-filter": "ip_filters",
    "cors": "cors",
    "set-backend-service": "backend_services",
    "authentication-managed-identity": "authentication_managed_identity",
    "check-header": "check_header",
    "validate-content": "validate_content",
    "validate-parameters": "validate_parameters",
    "validate-headers": "validate_headers",
    "include-fragment": "include_fragments",
}
SUMMARY_KEYS = tuple(dict.fromkeys(SUMMARIES.values()))


def walk(elements: list[dict[str, Any]], path: str, conditional: bool = False,
         ) -> Iterator[tuple[dict[str, Any], str, bool]]:
    """Every policy element under `elements` (a section or a container's children):
    (element, display path, conditional)."""
    for index, element in enumerate(elements):
        element_path = f"{path}[{index}]"
        yield element, element_path, conditional
        name = element["element"]
        if name in CONTAINERS:
            inner = conditional or name in ("choose", "when", "otherwise")
            yield from walk(element["children"], f"{element_path}.children", inner)


def summarize(sections: dict[str, list[dict[str, Any]]],
              ) -> tuple[dict[str, list[dict[str, Any]]], dict[str, int]]:
    """The convenience lists for the sections (name -> element list) of one document, and the
    lines of the entries' derived fields (`cors[0].allowed_origins` -> 14)."""
    lists: dict[str, list[dict[str, Any]]] = {key: [] for key in SUMMARY_KEYS}
    lines: dict[str, int] = {}
    for section, elements in sections.items():
        for element, path, conditional in walk(elements, section):
            key = SUMMARIES.get(element["element"])
            if key is None:
                continue
            entry = {"element": element["element"], "section": section, "path": path,
                     "line": element["line"], "conditional": conditional}
            entry.update({name.replace("-", "_"): val for name, val in element["attributes"].items()
                          if name.replace("-", "_") not in entry})
            detail_lines: dict[str, int] = {}
            _DETAILS.get(element["element"], lambda e, x, l: None)(element, entry, detail_lines)
            prefix = f"{key}[{len(lists[key])}]"
            lines.update({f"{prefix}.{field}": line for field, line in detail_lines.items()})
            lists[key].append(entry)
    return lists, lines


def _children(element: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [child for child in element["children"] if child["element"] == name]


def _texts(element: dict[str, Any], container: str, item: str, lines: dict[str, int] | None = None,
           field: str = "") -> list[Any]:
    """The texts of `<container><item>text</item>...</container>`; their lines in `lines`."""
    found = []
    for group in _children(element, container):
        if lines is not None:
            lines.setdefault(field, group["line"])
        for child in _children(group, item):
            if child["text"] is not None:
                if lines is not None:
                    lines[f"{field}[{len(found)}]"] = child["line"]
                found.append(child["text"])
    return found


def boolean(raw: Any, default: bool | None) -> Any:
    if raw is None:
        return default
    if isinstance(raw, Unknown):
        return raw
    lowered = str(raw).strip().lower()
    return {"true": True, "false": False}.get(lowered, raw)


def _validate_jwt(element: dict[str, Any], entry: dict[str, Any], lines: dict[str, int]) -> None:
    entry["require_signed_tokens"] = boolean(entry.get("require_signed_tokens"), True)
    entry["require_expiration_time"] = boolean(entry.get("require_expiration_time"), True)
    configs = _children(element, "openid-config")
    entry["openid_config_urls"] = [c["attributes"].get("url") for c in configs]
    lines.update({f"openid_config_urls[{i}]": c["line"] for i, c in enumerate(configs)})
    entry["issuers"] = _texts(element, "issuers", "issuer", lines, "issuers")
    entry["audiences"] = _texts(element, "audiences", "audience", lines, "audiences")
    entry["signing_keys"] = sum(len(_children(g, "key")) for g in _children(element, "issuer-signing-keys"))
    entry["required_claims"] = [claim["attributes"].get("name")
                                for group in _children(element, "required-claims")
                                for claim in _children(group, "claim")]


def _validate_azure_ad_token(element: dict[str, Any], entry: dict[str, Any],
                             lines: dict[str, int]) -> None:
    entry["client_application_ids"] = _texts(element, "client-application-ids", "application-id",
                                             lines, "client_application_ids")
    entry["audiences"] = _texts(element, "audiences", "audience", lines, "audiences")
    entry["required_claims"] = [claim["attributes"].get("name")
                                for group in _children(element, "required-claims")
                                for claim in _children(group, "claim")]


def _validate_client_certificate(element: dict[str, Any], entry: dict[str, Any],
                                 lines: dict[str, int]) -> None:
    entry["identities"] = sum(len(_children(g, "identity")) for g in _children(element, "identities"))


def _ip_filter(element: dict[str, Any], entry: dict[str, Any], lines: dict[str, int]) -> None:
    addresses = _children(element, "address")
    ranges = _children(element, "address-range")
    entry["addresses"] = [child["text"] for child in addresses]
    entry["address_ranges"] = [{"from": child["attributes"].get("from"),
                                "to": child["attributes"].get("to")} for child in ranges]
    lines.update({f"addresses[{i}]": child["line"] for i, child in enumerate(addresses)})
    lines.update({f"address_ranges[{i}]": child["line"] for i, child in enumerate(ranges)})


def _cors(element: dict[str, Any], entry: dict[str, Any], lines: dict[str, int]) -> None:
    entry["allow_credentials"] = boolean(entry.get("allow_credentials"), False)
    entry["allowed_origins"] = _texts(element, "allowed-origins", "origin", lines, "allowed_origins")
    entry["allowed_methods"] = _texts(element, "allowed-methods", "method", lines, "allowed_methods")
    entry["allowed_headers"] = _texts(element, "allowed-headers", "header", lines, "allowed_headers")
    entry["expose_headers"] = _texts(element, "expose-headers", "header", lines, "expose_headers")


def _check_header(element: dict[str, Any], entry: dict[str, Any], lines: dict[str, int]) -> None:
    values = _children(element, "value")
    entry["values"] = [child["text"] for child in values]
    lines.update({f"values[{i}]": child["line"] for i, child in enumerate(values)})


def _validate_content(element: dict[str, Any], entry: dict[str, Any], lines: dict[str, int]) -> None:
    contents = _children(element, "content")
    entry["contents"] = [{"type": c["attributes"].get("type"),
                          "validate_as": c["attributes"].get("validate-as"),
                          "action": c["attributes"].get("action"),
                          "schema_id": c["attributes"].get("schema-id")} for c in contents]
    lines.update({f"contents[{i}]": c["line"] for i, c in enumerate(contents)})


_DETAILS = {
    "validate-jwt": _validate_jwt,
    "validate-azure-ad-token": _validate_azure_ad_token,
    "validate-client-certificate": _validate_client_certificate,
    "ip-filter": _ip_filter,
    "cors": _cors,
    "check-header": _check_header,
    "validate-content": _validate_content,
}
