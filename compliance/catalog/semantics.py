"""What a control's schema cannot say: check ids are unique, type groups exist, paths parse,
named Python checks exist, regular expressions compile, and (`path_problems`) every path names
attributes its resource types can have.

Each problem comes with the path of the offending field in the control file, so the loader
can name its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping

from compliance.catalog.attributes import ANY, FREE_KEY, AttributeLists, Tree
from compliance.evaluate.conditions import ITEM_KEY, compile_path
from compliance.model import format_path
from compliance.model.identity import identity

Location = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    path: Location  # of the field in the control file
    message: str


def walk_conditions(condition: dict[str, Any], at: Location = ()
                    ) -> Iterator[tuple[Location, dict[str, Any]]]:
    """Every condition node under `condition`, with its place in the file."""
    yield at, condition
    for key in ("and", "or"):
        for index, child in enumerate(condition.get(key, [])):
            yield from walk_conditions(child, (*at, key, index))
    if "not" in condition:
        yield from walk_conditions(condition["not"], (*at, "not"))
    for key in ("any", "all", "count"):
        if key in condition and "where" in condition[key]:
            yield from walk_conditions(condition[key]["where"], (*at, key, "where"))
    for key in ("any", "all"):
        if key in condition:
            yield from walk_conditions(condition[key]["condition"], (*at, key, "condition"))
    if "connected" in condition and "where" in condition["connected"]:
        yield from walk_conditions(condition["connected"]["where"], (*at, "connected", "where"))


def paths_of(condition: dict[str, Any], at: Location = ()) -> Iterator[tuple[Location, str]]:
    """Every attribute path a condition reads, with the place it is written."""
    for where, node in walk_conditions(condition, at):
        if "path" in node:
            yield (*where, "path"), node["path"]
        for key in ("any", "all", "count"):
            if key in node:
                yield (*where, key, "path"), node[key]["path"]
        if "connected" in node and "via" in node["connected"]:
            yield (*where, "connected", "via"), node["connected"]["via"]


def check_semantics(data: dict[str, Any], python_checks: set[str],
                    type_groups: Mapping[str, list[str]]) -> Problem | None:
    seen: set[str] = set()
    for index, check in enumerate(data["checks"]):
        at: Location = ("checks", index)
        if check["id"] in seen:
            return Problem((*at, "id"), f"duplicate check id {check['id']!r}")
        seen.add(check["id"])
        for position, type_name in enumerate(check["resource_types"]):
            if type_name.startswith("@") and type_name[1:] not in type_groups:
                return Problem((*at, "resource_types", position),
                               f"unknown type group {type_name!r}")
        for part in ("where", "condition"):
            if part not in check:
                continue
            for where, path in paths_of(check[part], (*at, part)):
                if path == ITEM_KEY:
                    if not {"any", "all", "count"} & set(map(str, where)):
                        return Problem(where, f"{ITEM_KEY} names the item an any, all or count "
                                              "visits: use it inside one")
                    continue
                try:
                    compile_path(path)
                except ValueError as exc:
                    return Problem(where, str(exc))
            for where, node in walk_conditions(check[part], (*at, part)):
                if "python" in node and node["python"] not in python_checks:
                    return Problem((*where, "python"),
                                   f"no Python check named {node['python']!r}")
                if "matches" in node:
                    try:
                        re.compile(node["matches"])
                    except re.error as exc:
                        return Problem((*where, "matches"), str(exc))
    return None


# --- attribute paths against the attributes of the checked types ---------------------------

# The gateway platforms' resources are our own model (compliance/parse/openapi, kong, apim),
# not a provider's schema: their attribute lists come next, with the resolve views that
# derive their attributes. Until then their paths are not checked.
UNCHECKED_PLATFORMS = frozenset({"openapi", "kong", "apim"})


@dataclass(frozen=True)
class _Scope:
    """Where a path starts for one of a check's types: the trees it may be at."""

    label: str  # the type, or the glob, as the control names it
    nodes: tuple[Tree, ...]


Scopes = Callable[[], list[_Scope]]


class _PathCheck:
    """Walks one check's conditions with, for every type it names, the trees its paths are
    relative to: the type's root, the item an any/all/count visits, a connected type's root.
    Problems are collected, so that a known one does not hide the next."""

    def __init__(self, lists: AttributeLists, platform: str,
                 type_groups: Mapping[str, list[str]]):
        self.lists = lists
        self.platform = platform
        self.type_groups = type_groups
        self.problems: list[Problem] = []

    def scopes(self, types: list[str], at: Location) -> Scopes:
        """The roots of `types`, found on first use: a list is read only when a path needs it."""
        found: list[list[_Scope]] = []

        def build() -> list[_Scope]:
            if found:
                return found[0]
            found.append([])
            for position, entry in enumerate(types):
                group = entry.startswith("@")
                for type_name in self.type_groups[entry[1:]] if group else [entry]:
                    roots = self.lists.roots(self.platform, type_name)
                    if roots:
                        found[0].append(_Scope(type_name, tuple(roots)))
                    else:
                        self.problems.append(Problem(
                            (*at, position), f"no attribute list for type {type_name!r}"
                                             + (f" (in {entry})" if group else "")))
            return found[0]
        return build

    def condition(self, node: dict[str, Any], at: Location, scopes: Scopes,
                  resource: Scopes) -> None:
        """`scopes`: what plain paths are relative to; `resource`: the resource's own roots
        (a quantifier changes the first, a connection both)."""
        for key in ("and", "or"):
            for index, child in enumerate(node.get(key, [])):
                self.condition(child, (*at, key, index), scopes, resource)
        if "not" in node:
            self.condition(node["not"], (*at, "not"), scopes, resource)
        for key in ("any", "all", "count"):
            if key in node:
                spec = node[key]
                items = self.path(spec["path"], (*at, key, "path"), scopes)
                for part in ("where", "condition"):
                    if part in spec:
                        self.condition(spec[part], (*at, key, part), lambda found=items: found,
                                       resource)
        if "connected" in node:
            spec = node["connected"]
            other = self.scopes(spec["types"], (*at, "connected", "types"))
            if "via" in spec:  # the referring attribute: the other's, or ours for references
                holder = resource if spec["direction"] == "references" else other
                self.path(spec["via"], (*at, "connected", "via"), holder)
            if "where" in spec:
                self.condition(spec["where"], (*at, "connected", "where"), other, other)
        if "path" in node and node["path"] != ITEM_KEY:
            self.path(node["path"], (*at, "path"), scopes)

    def path(self, text: str, at: Location, scopes: Scopes) -> list[_Scope]:
        """The scopes at the end of `text` (what an any/all/count visits); none where it
        cannot exist, with the problem recorded."""
        current = scopes()
        anchor, steps = "", compile_path(text)
        if text.startswith("$"):
            name, _, rest = text[1:].partition(".")
            tree = self.lists.anchor(self.platform, name)
            if tree is None:
                self.problems.append(Problem(at, f"no anchor ${name} on {self.platform} "
                                                 "resources"))
                return []
            anchor, steps = f"${name}", compile_path(rest) if rest else ()
            current = [_Scope(s.label, (tree,)) for s in current]
        ends = []
        for scope in current:
            nodes = [self.lists.deref(n) for n in scope.nodes]
            for index, step in enumerate(steps):
                following = [self.lists.deref(n) for n in _step(nodes, step)]
                if not following:
                    self.problems.append(Problem(at, _missing(scope.label, anchor,
                                                              steps[:index], step, nodes)))
                    break
                nodes = following
            else:
                ends.append(_Scope(scope.label, tuple(nodes)))
        return ends


def _missing(label: str, anchor: str, before: tuple, step: str | int,
             nodes: list[Tree]) -> str:
    def shown(*steps: str | int) -> str:
        text = format_path(steps)
        return ".".join(p for p in (anchor, text) if p).replace(".[", "[")

    names = sorted({k for n in nodes if isinstance(n, dict) for k in n if k != FREE_KEY})
    if not names:
        return (f"{label} has no attribute {shown(*before, step)!r}: "
                f"{shown(*before)!r} holds a plain value")
    import difflib  # only for a path that names no attribute

    guess = difflib.get_close_matches(str(step), names, n=1)
    hint = f" (did you mean {shown(*before, guess[0])!r}?)" if guess else ""
    return f"{label} has no attribute {shown(*before, step)!r}{hint}"


def _step(nodes: list[Tree], step: str | int) -> list[Tree]:
    """The trees one path step leads to. Lists are transparent: an index or `*` may stay where
    it is; `*` also takes a map's free keys or any attribute of an object."""
    found: list[Tree] = []
    for node in nodes:
        if node == ANY:
            found.append(ANY)
        elif isinstance(step, int) or step == FREE_KEY:
            found.append(node)
            if isinstance(node, dict) and step == FREE_KEY:
                found += list(node.values())
        elif isinstance(node, dict):
            if step in node:
                found.append(node[step])
            elif FREE_KEY in node:
                found.append(node[FREE_KEY])
    unique: dict[tuple[str, Any], Tree] = {}
    for node in found:
        unique.setdefault(("tree", identity(node)) if isinstance(node, dict) else ("leaf", node),
                          node)
    return list(unique.values())


def path_problems(data: dict[str, Any], type_groups: Mapping[str, list[str]],
                  lists: AttributeLists) -> list[Problem]:
    """Every path the control's checks read that cannot exist on the types they read it from:
    key segments must be attributes, `[N]`/`[*]` pass through lists, free-key maps take any
    key; and every type a path is read from must have an attribute list."""
    problems = []
    for index, check in enumerate(data["checks"]):
        if check["platform"] in UNCHECKED_PLATFORMS:
            continue
        at: Location = ("checks", index)
        walker = _PathCheck(lists, check["platform"], type_groups)
        own = walker.scopes(check["resource_types"], (*at, "resource_types"))
        for part in ("where", "condition"):
            if part in check:
                walker.condition(check[part], (*at, part), own, own)
        problems += walker.problems
    return problems
