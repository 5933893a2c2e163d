"""The effective policy of a scope as a derived attribute with lines.

    effective_policy
      inbound | backend | outbound | on-error
        routes           one per way a request reaches the scope: through each product the
                         API belongs to, or straight to the global scope
          - through      labels of the enclosing scopes it went through, narrowest first
            taken        true, or Unknown when it is not known whether requests come this way
                         (a product whose APIs are not in the scan, an unresolved
                         `subscription_required`)
            elements     what a request passes in this section, in order, each `<base />`
                         replaced by the enclosing scope's section:
              - element, attributes, children, text, expressions   as parsed (compliance.parse.apim)
                source             the policy it is written in (a Terraform address or a file)
                at                 "file:line" of the element
                on_every_request   true, or Unknown inside a `<when>`/`<otherwise>` of a
                                   `<choose>`: only the requests that take the branch run it
                exhaustive         (a `<choose>`) whether it has an `<otherwise>`, so that
                                   every request takes one of its branches
                branches           (a `<choose>`) [{elements: [...]}] per `<when>` and
                                   `<otherwise>`: its policies as above, `on_every_request`
                                   relative to the branch
              The policies inside `<choose>`, `<retry>`, `<limit-concurrency>` and `<wait>`
              follow their container in the list. Where what runs can't be known, the item is
              Unknown with the reason: a `<base />` whose enclosing scope is not in the scan, a
              document that can't be read, a section not written in a scope that has a parent,
              an `<include-fragment>` (fragments are not read).

Lines: an element of the resource's own document is at its own line; what is inherited from
another scope is at the resource's first line; `routes[i].elements` (where a missing policy
would go) is at the resource's own section, or the attribute holding its XML when the section is
not written or the XML can't be read, or the first line when the resource holds no policy
(an API, an operation); an unknown item at the `<base />` it comes from when that is in the
resource's own document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from compliance.model import Path, Resource, Unknown, UnknownKind, format_path
from compliance.model.identity import identity
from compliance.resolve.apim.documents import PolicyDoc
from compliance.resolve.apim.effective import Entry, Gap, Node, Route, effective

ATTRIBUTE = "effective_policy"
SECTIONS = ("inbound", "backend", "outbound", "on-error")
_KEPT = ("element", "attributes", "children", "text", "expressions")
_BRANCHES = ("when", "otherwise")
_SEQUENCES = ("retry", "limit-concurrency", "wait")  # every child runs when the container does


class _Flat(NamedTuple):
    """An element or a policy it contains, with its path in its document and whether it runs
    on every request that reaches the element (True, or Unknown inside a branch)."""
    item: dict[str, Any] | Unknown  # the entry without on_every_request, or an unknown item
    path: Path
    relative: Any


@dataclass
class _Builder:
    resource: Resource
    own: PolicyDoc | None  # the document the resource itself holds
    flat: dict[int, list[_Flat]]  # by id of the element: shared by every resource of a scan
    lines: dict[str, int] = field(default_factory=dict)

    def line(self, doc: PolicyDoc | None, inner: Path | None, section: str) -> int | None:
        """The line of a route item: its own line in the resource's own document, the first
        line when it is inherited; None when the resource holds no document (every line is
        the first then)."""
        if self.own is None:
            return None
        if doc is None:
            return self.section_line(section)
        if doc.resource is not self.resource:
            return self.resource.location.start_line
        return doc.line(inner) if inner is not None else self.section_line(section)

    def section_line(self, section: str) -> int:
        """Where a policy missing from the section would go."""
        own = self.own
        if own is None:
            return self.resource.location.start_line
        info = ((own.attributes or {}).get("sections") or {}).get(section) or {}
        return own.line((section,) if info.get("present") else ())


def effective_policy(resource: Resource, node: Node, own: PolicyDoc | None,
                     flat: dict[int, list[_Flat]]) -> tuple[dict[str, Any], dict[str, int]]:
    """The `effective_policy` attribute of `resource`, whose requests reach scope `node`, and
    its lines. `flat` caches flattened elements across the resources of a scan."""
    builder = _Builder(resource, own, flat)
    value = {section: {"routes": [_route(builder, route, (ATTRIBUTE, section, "routes", index),
                                         section)
                                  for index, route in enumerate(effective(node, section))]}
             for section in SECTIONS}
    return value, builder.lines


def _route(builder: _Builder, route: Route, at: Path, section: str) -> dict[str, Any]:
    elements: list[Any] = []
    at = at + ("elements",)
    if builder.own is not None:
        builder.lines[format_path(at)] = builder.section_line(section)
    for item in route.items:
        if isinstance(item, Gap):
            _place(builder, elements, at, Unknown(item.reason),
                   builder.line(item.doc, item.base, section))
            continue
        for flat in _flattened(builder.flat, item):
            _place(builder, elements, at, _with_relative(flat),
                   builder.line(item.doc, flat.path, section))
    taken: Any = True
    if route.possible:
        taken = Unknown(f"requests may not come through {' > '.join(route.scopes)}")
    return {"through": list(route.scopes), "taken": taken, "elements": elements}


def _place(builder: _Builder, elements: list[Any], at: Path, item: Any, line: int | None) -> None:
    if line is not None:
        builder.lines[format_path(at + (len(elements),))] = line
    elements.append(item)


def _flattened(cache: dict[int, list[_Flat]], entry: Entry) -> list[_Flat]:
    key = identity(entry.element)
    if key not in cache:
        cache[key] = _flat(entry.doc, entry.element, entry.path, cache)
    return cache[key]


def _flat(doc: PolicyDoc, element: dict[str, Any], path: Path,
          cache: dict[int, list[_Flat]]) -> list[_Flat]:
    """`element` (at `path` in `doc`) and the policies it contains, in order."""
    where = f"{doc.resource.location.file}:{doc.line(path)}"
    name = element["element"]
    if name == "include-fragment":
        return [_Flat(Unknown(f"<include-fragment> at {where}: the fragment's policies are not "
                              "read", kind=UnknownKind.NOT_READ), path, True)]
    entry = {key: element[key] for key in _KEPT if key in element}
    entry.update(source=doc.label(), at=where)
    found = [_Flat(entry, path, True)]
    if name == "choose":
        branch_only = Unknown(f"only under some conditions of the <choose> at {where}",
                              kind=UnknownKind.EXPRESSION)
        entry["exhaustive"] = any(child["element"] == "otherwise" for child in element["children"])
        entry["branches"] = []
        for index, branch in enumerate(element["children"]):
            if branch["element"] not in _BRANCHES:
                continue
            inside = [flat for position, child in enumerate(branch["children"])
                      for flat in _flattened(cache, Entry(child, doc, path + (
                          "children", index, "children", position)))]
            entry["branches"].append({"elements": [_with_relative(flat) for flat in inside]})
            found += [flat._replace(relative=branch_only) for flat in inside]
    elif name in _SEQUENCES:
        found += [flat for index, child in enumerate(element["children"])
                  for flat in _flattened(cache, Entry(child, doc, path + ("children", index)))]
    return found


def _with_relative(flat: _Flat) -> Any:
    """The item as it appears in a list: with whether it runs on every request of the list."""
    if isinstance(flat.item, Unknown):
        return flat.item
    return {**flat.item, "on_every_request": flat.relative}
