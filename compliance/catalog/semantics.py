"""What a control's schema cannot say: check ids are unique, type groups exist, paths parse,
named Python checks exist, regular expressions compile.

Each problem comes with the path of the offending field in the control file, so the loader
can name its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from compliance.evaluate.conditions import ITEM_KEY, compile_path

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
