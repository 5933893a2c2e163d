"""Policy scopes of standalone policy files, from the APIOps extractor's folder layout.

The APIOps extractor (github.com/Azure/apiops) writes an API Management instance as:

    <root>/policy.xml                                   global (all APIs)
    <root>/products/<product>/policy.xml                product
    <root>/apis/<api>/policy.xml                        API
    <root>/apis/<api>/operations/<operation>/policy.xml operation

A `<root>/policy.xml` is taken as the global policy only when other files of that layout
under the same root are in the scan. Which products an API belongs to is written in
`products/<product>/apis.json`, which is not read: a route through each product policy of the
root is *possible* for every API (so a product can make a requirement unknown, never pass or
fail), and the route straight to the global scope is certain only when the root has no
product policy. Workspaces (`workspaces/<name>/...`) and any other file are a scope of their
own: what their `<base />` brings in is unknown.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

from compliance.model import Resource
from compliance.resolve.apim.documents import PolicyDoc
from compliance.resolve.apim.effective import Gap, Node

_LAYOUT = (
    ("operation", re.compile(r"^(?P<root>(?:.*/)?)apis/(?P<api>[^/]+)/operations/[^/]+/policy\.xml$")),
    ("api", re.compile(r"^(?P<root>(?:.*/)?)apis/(?P<api>[^/]+)/policy\.xml$")),
    ("product", re.compile(r"^(?P<root>(?:.*/)?)products/[^/]+/policy\.xml$")),
    ("global", re.compile(r"^(?P<root>(?:.*/)?)policy\.xml$")),
)
_WORKSPACE = re.compile(r"(^|/)workspaces/")


def layout_of(relpath: str) -> tuple[str, str, str | None] | None:
    """(level, root, api) of a file in the APIOps layout, or None."""
    for level, pattern in _LAYOUT:
        match = pattern.match(relpath)
        if match:
            root = match.group("root")
            if _WORKSPACE.search(root):
                return None
            return level, root, match.groupdict().get("api")
    return None


class FileScopes:
    def __init__(self, resources: Iterable[Resource], document: Callable[[Resource], PolicyDoc | None]):
        self.document = document
        self.files: dict[str, Resource] = {}
        self.layout: dict[str, tuple[str, str, str | None]] = {}
        roots: set[str] = set()
        for resource in resources:
            self.files[resource.location.file] = resource
            placed = layout_of(resource.location.file)
            if placed is not None:
                self.layout[resource.location.file] = placed
                if placed[0] != "global":
                    roots.add(placed[1])
        # a bare policy.xml is the global policy only beside other files of the layout
        self.layout = {file: placed for file, placed in self.layout.items()
                       if placed[0] != "global" or placed[1] in roots}
        self._nodes: dict[str, Node] = {}

    def level(self, resource: Resource) -> str:
        placed = self.layout.get(resource.location.file)
        return placed[0] if placed else "unknown"

    def node(self, resource: Resource) -> Node:
        file = resource.location.file
        if file in self._nodes:
            return self._nodes[file]
        placed = self.layout.get(file)
        node = Node(placed[0] if placed else "unknown", file, self.document(resource))
        self._nodes[file] = node
        if placed is None:
            node.parents = Gap(f"{file} is not in an APIOps layout, so the scope it belongs to and "
                               "what its <base /> brings in are not known")
            return node
        level, root, api = placed
        if level == "operation":
            node.parents = [(self._api_node(root, api), False)]
        elif level == "api":
            node.parents = self._api_parents(root)
        elif level == "product":
            node.parents = [(self._global_node(root), False)]
        return node

    def _api_node(self, root: str, api: str | None) -> Node:
        file = f"{root}apis/{api}/policy.xml"
        if file in self.files:
            return self.node(self.files[file])
        key = f"{file} (absent)"
        if key not in self._nodes:  # no policy at the API scope: it inherits everything
            self._nodes[key] = Node("api", f"API {api}", None, self._api_parents(root))
        return self._nodes[key]

    def _api_parents(self, root: str) -> list[tuple[Node, bool]]:
        products = [self.node(resource) for file, resource in sorted(self.files.items())
                    if self.layout.get(file, ("",))[0] == "product" and self.layout[file][1] == root]
        routes = [(product, True) for product in products]
        return routes + [(self._global_node(root), bool(products))]

    def _global_node(self, root: str) -> Node:
        file = f"{root}policy.xml"
        if file in self.files and self.layout.get(file, ("",))[0] == "global":
            return self.node(self.files[file])
        key = f"{file} (absent)"
        if key not in self._nodes:
            self._nodes[key] = Node("global", "global policy", None,
                                    Gap(f"the global policy ({file}) is not in the scan"))
        return self._nodes[key]
