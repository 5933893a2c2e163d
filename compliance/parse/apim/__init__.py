"""Azure API Management policy documents (`<policies>` XML) as resources.

One resource per file: `platform="apim"`, `type="apim_policy"` (or `apim_policy_fragment` for
a `<fragment>` document, a policy fragment), name and address `policy` (`fragment`); the scan
gives it its file as location and scope. The parser does not know the scope of the policy
(global, product, API, operation): the view `compliance.resolve.apim` works it out from the
file's place in an APIOps extractor layout, or from the Terraform resource holding the XML.

Attributes:

    inbound, backend, outbound, on-error
        the section's policy elements in order, or None when the section is not written.
        ELEMENT = {"element": "validate-jwt", "attributes": {"header-name": "Authorization"},
                   "children": [ELEMENT...], "text": str | Unknown | None, "line": 12,
                   "expressions": {"condition": "@(...)"}}
        `expressions` is there only when an attribute holds a policy expression: the
        expression's text (whitespace-normalized) by attribute name, the attribute's value
        being Unknown.
        `<base />` is an element like the others ({"element": "base", ...}).
    sections
        per section name: {"present": bool, "line": int | None, "base": bool,
                           "base_index": index of the first <base /> in the section or None,
                           "base_line": its line or None}
    elements                             (fragments only) the fragment's policy elements
    validate_jwt, rate_limits, ip_filters, cors, backend_services, ...
        convenience lists, see `apim_policy_summary`
    document_sha256                      digest of the document text (whitespace-trimmed),
                                         to recognise the same XML embedded in Terraform

Attribute values and texts are strings as written; a value holding a policy expression
(`@(...)`, `@{...}`) or a named value (`{{name}}`) is Unknown, never guessed. Lines: each
element's path (`inbound[2]`), each section (`sections.inbound`) and each convenience entry
(`validate_jwt[0]`) map to the element's line.
"""

from __future__ import annotations

import hashlib
from typing import Any

from compliance.model import Location, Resource, resource_to_json
from compliance.parse.apim.summary import SUMMARY_KEYS, summarize
from compliance.parse.apim.xml_tree import XmlElement, read_xml

SECTIONS = ("inbound", "backend", "outbound", "on-error")


def parse(text: str) -> dict[str, Any]:
    document = read_policy(text)
    resources = []
    if document["attributes"] is not None:
        kind = document["kind"]
        resource = Resource(platform="apim", type=f"apim_{kind}", name=kind.removeprefix("policy_"),
                            address=kind.removeprefix("policy_"),
                            attributes=document["attributes"],
                            location=Location("", 1, _last_line(text)),
                            lines=document["lines"])
        resources.append(resource_to_json(resource))
    return {"resources": resources, "errors": document["errors"]}


def _last_line(text: str) -> int:
    return max(1, text.count("\n") + (0 if text.endswith("\n") else 1))


def read_policy(text: str) -> dict[str, Any]:
    """{"kind": "policy" | "policy_fragment", "attributes": dict | None, "lines": {...},
    "errors": [...]} for one policy document's text (also used for XML held in Terraform)."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return {"kind": "policy", "attributes": None, "lines": {},
                "errors": [{"line": None, "message": "empty policy document"}]}
    root, error = read_xml(text)
    if root is None:
        return {"kind": "policy", "attributes": None, "lines": {}, "errors": [error]}
    digest = hashlib.sha256(text.strip().encode("utf-8")).hexdigest()
    if root.name == "fragment":
        attributes, lines = _fragment(root)
        kind = "policy_fragment"
        errors: list[dict[str, Any]] = []
    elif root.name == "policies":
        attributes, lines, errors = _policies(root)
        kind = "policy"
    else:
        return {"kind": "policy", "attributes": None, "lines": {},
                "errors": [{"line": root.line, "message": f"the root element is <{root.name}>, "
                            "not <policies> or <fragment>: not an API Management policy"}]}
    attributes["document_sha256"] = digest
    return {"kind": kind, "attributes": attributes, "lines": lines, "errors": errors}


def _policies(root: XmlElement) -> tuple[dict[str, Any], dict[str, int], list[dict[str, Any]]]:
    sections: dict[str, list[dict[str, Any]]] = {}
    info: dict[str, dict[str, Any]] = {}
    lines: dict[str, int] = {}
    errors: list[dict[str, Any]] = []
    for child in root.children:
        if child.name not in SECTIONS:
            continue
        if child.name in sections:
            errors.append({"line": child.line, "message": f"a second <{child.name}> section; "
                                                          "only the first is read"})
            continue
        elements = [_element(e) for e in child.children]
        sections[child.name] = elements
        base_index = next((i for i, e in enumerate(elements) if e["element"] == "base"), None)
        info[child.name] = {"present": True, "line": child.line, "base": base_index is not None,
                            "base_index": base_index,
                            "base_line": elements[base_index]["line"] if base_index is not None else None}
        lines[f"sections.{child.name}"] = child.line
        lines[child.name] = child.line
    attributes: dict[str, Any] = {}
    for name in SECTIONS:
        attributes[name] = sections.get(name)
        info.setdefault(name, {"present": False, "line": None, "base": False, "base_index": None,
                               "base_line": None})
        _element_lines(sections.get(name) or [], name, lines)
    attributes["sections"] = info
    attributes.update(_summaries(sections, lines))
    return attributes, lines, errors


def _fragment(root: XmlElement) -> tuple[dict[str, Any], dict[str, int]]:
    elements = [_element(e) for e in root.children]
    lines: dict[str, int] = {"elements": root.line}
    _element_lines(elements, "elements", lines)
    attributes: dict[str, Any] = {"elements": elements}
    attributes.update(_summaries({"fragment": elements}, lines, prefix="elements"))
    return attributes, lines


def _summaries(sections: dict[str, list[dict[str, Any]]], lines: dict[str, int],
               prefix: str | None = None) -> dict[str, list[dict[str, Any]]]:
    lists, detail_lines = summarize(sections)
    lines.update(detail_lines)
    for key in SUMMARY_KEYS:
        for index, entry in enumerate(lists[key]):
            if prefix:  # a fragment's elements live under "elements", not under a section
                entry["path"] = prefix + entry["path"].removeprefix(entry["section"])
            lines[f"{key}[{index}]"] = entry["line"]
    return lists


def _element(node: XmlElement) -> dict[str, Any]:
    """An XmlElement as plain data, iteratively."""
    top = _plain(node)
    stack = [(node, top)]
    while stack:
        source, target = stack.pop()
        for child in source.children:
            converted = _plain(child)
            target["children"].append(converted)
            stack.append((child, converted))
    return top


def _plain(node: XmlElement) -> dict[str, Any]:
    plain = {"element": node.name, "attributes": node.attributes, "children": [], "text": node.text,
             "line": node.line}
    if node.expressions:
        plain["expressions"] = node.expressions
    return plain


def _element_lines(elements: list[dict[str, Any]], path: str, lines: dict[str, int]) -> None:
    stack = [(elements, path)]
    while stack:
        items, prefix = stack.pop()
        for index, element in enumerate(items):
            element_path = f"{prefix}[{index}]"
            lines[element_path] = element["line"]
            if element["children"]:
                stack.append((element["children"], f"{element_path}.children"))
