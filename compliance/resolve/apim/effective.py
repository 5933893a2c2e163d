"""The effective policy of a scope: its section with every `<base />` replaced by the enclosing
scope's section, recursively.

A scope (`Node`) has a policy document (or none: then it behaves as `<base />` in every
section) and the enclosing scopes a request may come through: an API's enclosing scope is the
product the caller's subscription belongs to, or the global scope when no product applies, so
there may be several *routes* to the top. A route is `possible` rather than certain when it
is not known whether requests take it (a product whose membership is not in the scan).

What can't be known becomes a `Gap` in the route: a `<base />` whose enclosing scope is not in
the scan, a section that is not written in a scope that has a parent, a document that can't be
read. What runs there is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compliance.resolve.apim.documents import PolicyDoc

MAX_ROUTES = 64
MAX_DEPTH = 8


@dataclass(frozen=True)
class Gap:
    reason: str
    doc: PolicyDoc | None = None  # the document the gap is in, when it is in one
    base: tuple[str | int, ...] | None = None  # the path of the <base /> it comes from, in `doc`


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
            above = _inherited(node, section, doc, (section, index), depth)
            routes = [Route(route.items + parent.items, route.possible or parent.possible,
                            route.scopes + parent.scopes)
                      for route in routes for parent in above][:MAX_ROUTES]
        else:
            entry = Entry(element, doc, (section, index))
            routes = [Route(route.items + [entry], route.possible, route.scopes) for route in routes]
    return routes


def _inherited(node: Node, section: str, doc: PolicyDoc | None,
               base: tuple[str | int, ...] | None, depth: int) -> list[Route]:
    parents = node.parents
    if parents is None:
        return [Route()]
    if isinstance(parents, Gap):
        return [Route([Gap(parents.reason, doc, base)])]
    routes: list[Route] = []
    for parent, possible in parents:
        for route in effective(parent, section, depth + 1):
            routes.append(Route(route.items, route.possible or possible,
                                (parent.label,) + route.scopes))
    return routes[:MAX_ROUTES] or [Route()]
