"""The effective policy of a scope: its section with every `<base />` replaced by the enclosing
scope's section, recursively, and whether a required policy runs on every request.

A scope (`Node`) has a policy document (or none: then it behaves as `<base />` in every
section) and the enclosing scopes a request may come through: an API's enclosing scope is the
product the caller's subscription belongs to, or the global scope when no product applies, so
there may be several *routes* to the top. A route is `possible` rather than certain when it
is not known whether requests take it (a product whose membership is not in the scan).

What can't be known becomes a `Gap` in the route: a `<base />` whose enclosing scope is not in
the scan, a section that is not written in a scope that has a parent, a document that can't be
read, an `<include-fragment>`. A required policy then is `maybe` there, never `always`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from compliance.resolve.apim.documents import PolicyDoc

MAX_ROUTES = 64
MAX_DEPTH = 8


@dataclass(frozen=True)
class Gap:
    reason: str
    doc: PolicyDoc | None = None
    xml_line: int | None = None


@dataclass(frozen=True)
class Entry:
    element: dict[str, Any]
    doc: PolicyDoc
    path: tuple[str | int, ...]  # the element's path in its document, e.g. ("inbound", 2)


@dataclass
class Node:
    level: str  # global | product | api | operation | unknown
    label: str
    doc: PolicyDoc | None
    # None at the top; a Gap when the enclosing scope is not known; else (node, possible) pairs
    parents: list[tuple["Node", bool]] | Gap | None = None


@dataclass
class Route:
    items: list[Entry | Gap] = field(default_factory=list)
    possible: bool = False
    scopes: tuple[str, ...] = ()  # labels of the enclosing scopes this route went through


def effective(node: Node, section: str, depth: int = 0) -> list[Route]:
    if depth > MAX_DEPTH:
        return [Route([Gap("policy scopes nest too deeply")])]
    doc = node.doc
    if doc is None:
        return _inherited(node, section, None, None, depth)
    if doc.attributes is None:
        return [Route([Gap(f"{doc.label()}: {doc.unknown}", doc)])]
    elements = doc.attributes.get(section)
    if elements is None:
        if node.parents is None:
            return [Route()]
        return [Route([Gap(f"{doc.label()} has no <{section}> section; whether the enclosing "
                           f"scope's {section} policies still run is not documented", doc)])]
    routes = [Route()]
    for index, element in enumerate(elements):
        if element["element"] == "base":
            above = _inherited(node, section, doc, element, depth)
            routes = [Route(route.items + parent.items, route.possible or parent.possible,
                            route.scopes + parent.scopes)
                      for route in routes for parent in above][:MAX_ROUTES]
        else:
            entry = Entry(element, doc, (section, index))
            routes = [Route(route.items + [entry], route.possible, route.scopes) for route in routes]
    return routes


def _inherited(node: Node, section: str, doc: PolicyDoc | None, base: dict[str, Any] | None,
               depth: int) -> list[Route]:
    parents = node.parents
    if parents is None:
        return [Route()]
    if isinstance(parents, Gap):
        return [Route([Gap(parents.reason, doc, base["line"] if base else None)])]
    routes: list[Route] = []
    for parent, possible in parents:
        for route in effective(parent, section, depth + 1):
            routes.append(Route(route.items, route.possible or possible,
                                (parent.label,) + route.scopes))
    return routes[:MAX_ROUTES] or [Route()]


# --- does a policy run on every request? --------------------------------------------------

class Predicate(Protocol):
    """What a required policy is (see `policy_rules.Requirement`)."""

    def test(self, element: dict[str, Any]) -> bool | None: ...  # None: can't tell

    def why_not(self, element: dict[str, Any]) -> str | None: ...


@dataclass
class Found:
    state: str  # always | maybe | never
    element: dict[str, Any] | None = None
    doc: PolicyDoc | None = None
    reason: str = ""
    line: int | None = None  # for a gap: the XML line of the <base /> it comes from


def occurs(items: list[Entry | Gap], predicate: Predicate) -> Found:
    """`always` with the element that runs, `maybe` with the reason, or `never` (with an
    element of the right kind that does not count, if any)."""
    maybe: Found | None = None
    near: Found | None = None
    for item in items:
        if isinstance(item, Gap):
            maybe = maybe or Found("maybe", None, item.doc, item.reason, item.xml_line)
            continue
        found = _in_element(item.element, item.doc, predicate)
        if found.state == "always":
            return found
        if found.state == "maybe" and maybe is None:
            maybe = found
        if found.state == "never" and found.element is not None and near is None:
            near = found
    return maybe or near or Found("never")


def _in_element(element: dict[str, Any], doc: PolicyDoc, predicate: Predicate) -> Found:
    verdict = predicate.test(element)
    if verdict is True:
        return Found("always", element, doc)
    if verdict is None:
        return Found("maybe", element, doc, f"<{element['element']}> at {_where(doc, element)} "
                                            "may not meet the requirement")
    name = element["element"]
    if name == "include-fragment":
        return Found("maybe", element, doc, f"<include-fragment> at {_where(doc, element)}: the "
                                            "fragment's policies are not read")
    if name == "choose":
        branches = [child for child in element["children"] if child["element"] in ("when", "otherwise")]
        results = [_in_sequence(branch["children"], doc, predicate) for branch in branches]
        has_otherwise = any(branch["element"] == "otherwise" for branch in branches)
        if results and has_otherwise and all(r.state == "always" for r in results):
            return results[0]
        hit = next((r for r in results if r.state != "never"), None)
        if hit is not None:
            what = f"<{hit.element['element']}>" if hit.element else "it"
            return Found("maybe", hit.element, doc, f"{what} runs only under some conditions of the "
                                                    f"<choose> at {_where(doc, element)}")
        return Found("never")
    if name in ("retry", "limit-concurrency", "wait"):
        return _in_sequence(element["children"], doc, predicate)
    reason = predicate.why_not(element)
    if reason:
        return Found("never", element, doc, reason)
    return Found("never")


def _where(doc: PolicyDoc, element: dict[str, Any]) -> str:
    return f"{doc.resource.location.file}:{doc.line(element.get('line'))}"


def _in_sequence(elements: list[dict[str, Any]], doc: PolicyDoc, predicate: Predicate) -> Found:
    maybe: Found | None = None
    for element in elements:
        found = _in_element(element, doc, predicate)
        if found.state == "always":
            return found
        if found.state == "maybe" and maybe is None:
            maybe = found
    return maybe or Found("never")


@dataclass
class Verdict:
    status: str  # pass | fail | unknown
    found: Found
    route: Route


def requirement(routes: list[Route], predicate: Predicate) -> Verdict:
    """Pass when the policy runs on every route, fail when a certain route lacks it, unknown
    otherwise."""
    results = [(route, occurs(route.items, predicate)) for route in routes]
    for route, found in results:
        if found.state == "never" and not route.possible:
            return Verdict("fail", found, route)
    for route, found in results:
        if found.state == "maybe":
            return Verdict("unknown", found, route)
    for route, found in results:
        if found.state == "never":
            return Verdict("unknown", Found("maybe", None, None,
                                            f"requests through {' > '.join(route.scopes)} may "
                                            "lack it (product membership is not in the scan)"),
                           route)
    route, found = results[0]
    return Verdict("pass", found, route)
