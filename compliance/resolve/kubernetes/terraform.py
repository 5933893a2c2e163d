"""Terraform's hashicorp/kubernetes resources as the Kubernetes objects they create.

`kubernetes_deployment_v1.api`, `kubernetes_role`, `kubernetes_network_policy`, ... hold a
Kubernetes object written the provider's way: snake_case arguments, nested blocks as lists,
`metadata` and `spec` as blocks. `terraform_kubernetes_view` replaces each such resource with
a `kubernetes` resource of the object's type (`apps/v1/Deployment`), its attributes the object
as the provider sends it to the API server, so that the catalog's Kubernetes checks, and the
Kubernetes view after this one (ServiceAccounts, NetworkPolicies, LimitRanges of a namespace),
apply to it unchanged. It keeps the Terraform resource's address, file, lines and scope, so a
finding names `kubernetes_deployment_v1.api` at the line of the argument that decided it. The
`kubernetes_manifest` resource, whose `manifest` is the object as written, becomes that object.

The table is data, in controls/kubernetes-terraform-types.yaml: the type each resource creates,
names that are not the camelCase of the argument, blocks that are items of a Kubernetes list
(`container` -> `containers`), and the defaults the provider sends for unset arguments that the
API server would not (a pod spec's `automountServiceAccountToken: true`). The steps:

1. every key of a nested block is renamed (snake_case -> camelCase, or the table's name); the
   keys of a map argument (labels, annotations, resource limits) are kept as written;
2. a block becomes a list of objects where the table lists it, else its single object;
3. the provider's defaults are added, at the line of the block they belong to;
4. a reference to another kubernetes resource's configured `metadata[0].name` or
   `.namespace` (known at plan time, since it is written in the configuration) is replaced by
   that value, so a workload's namespace is known when it comes from a `kubernetes_namespace`.

Values Terraform cannot know stay Unknown. Secrets and ConfigMaps stay Terraform resources
(see the table).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any


from compliance import data_yaml
from compliance.model import Location, Path, Resource, Unknown, format_path, parse_path
from compliance.parse.kubernetes import workload_anchors
from compliance.resolve.graph import ResourceIndex

__all__ = ["terraform_kubernetes_view"]

TABLE_FILE = "kubernetes-terraform-types.yaml"
MANIFEST = "kubernetes_manifest"
_REFERENCE = re.compile(r"^(?P<address>\S+?)\.metadata(?:\[0\]|\.0)\.(?P<field>name|namespace) "
                        r"is known only after apply$")
_CAMEL = re.compile(r"_([a-z0-9])")


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    raw = data_yaml("controls", TABLE_FILE)
    singles = {tuple(entry.split(".")) for entry in raw.get("singles") or []}
    return {"types": raw["types"], "names": raw.get("names") or {},
            "lists": raw.get("lists") or {}, "singles": singles,
            "arguments": frozenset(raw.get("arguments") or ()),
            "defaults": raw.get("defaults") or {}}


def camel(name: str) -> str:
    names = table()["names"]
    return names[name] if name in names else _CAMEL.sub(lambda m: m.group(1).upper(), name)


def terraform_kubernetes_view(resources: list[Resource]) -> list[Resource]:
    types = table()["types"]
    if not any(r.platform == "terraform" and (r.type in types or r.type == MANIFEST)
               for r in resources):
        return resources
    index = ResourceIndex(r for r in resources if r.platform == "terraform")
    out = []
    for resource in resources:
        if resource.platform == "terraform" and resource.type in types:
            out.append(_Normalizer(resource, index).object(types[resource.type]))
        elif resource.platform == "terraform" and resource.type == MANIFEST:
            out.append(_manifest(resource))
        else:
            out.append(resource)
    return out


class _Normalizer:
    def __init__(self, resource: Resource, index: ResourceIndex):
        self.resource = resource
        self.index = index
        self.lines: dict[str, int] = {}

    def object(self, kind_type: str) -> Resource:
        api_version, _, kind = kind_type.rpartition("/")
        attributes: dict[str, Any] = {"apiVersion": api_version, "kind": kind}
        attributes.update(self._block(self.resource.attributes, (), (), None))
        if self.resource.type.startswith("kubernetes_default_service_account"):
            metadata = attributes.setdefault("metadata", {})
            if isinstance(metadata, dict):
                metadata.setdefault("name", "default")
        group = api_version.rpartition("/")[0]
        anchors = workload_anchors(group, kind, attributes)
        self._defaults(attributes, anchors)
        return _converted(self.resource, kind_type, attributes, self.lines, anchors)

    # --- step 1 and 2: names and blocks -----------------------------------------------------

    def _block(self, block: dict[str, Any], source: Path, target: Path,
               parent: str | None) -> dict[str, Any]:
        self._line(source, target)
        out: dict[str, Any] = {}
        for key, value in block.items():
            if not isinstance(key, str):
                continue
            lists = table()["lists"]
            as_list = key in lists and (parent, key) not in table()["singles"]
            if isinstance(value, Unknown) and as_list and key not in table()["arguments"]:
                # a dynamic block whose for_each is not known: the list is unknown
                self._line(source + (key,), target + (lists[key],))
                out[lists[key]] = value
            elif _is_block(value):
                name = lists[key] if as_list else camel(key)
                if as_list:
                    items = out.setdefault(name, [])
                    if not isinstance(items, list):  # `port` and `ports` never meet; in case
                        continue
                    for position, item in enumerate(value):
                        self._item(items, item, source + (key, position),
                                   target + (name, len(items)), key)
                else:
                    self._single(out, name, value, source + (key,), target + (name,), key)
            else:
                name = camel(key)
                out[name] = self._value(value, source + (key,), target + (name,))
        return out

    def _item(self, items: list[Any], item: Any, source: Path, target: Path, key: str) -> None:
        if isinstance(item, dict):
            items.append(self._block(item, source, target, key))
        else:
            items.append(self._value(item, source, target))

    def _single(self, out: dict[str, Any], name: str, value: Any, source: Path, target: Path,
                key: str) -> None:
        if isinstance(value, Unknown):
            self._line(source, target)
            out[name] = self._resolved(value)
        elif value:  # a block given once (more is not valid for a single one)
            first = value[0]
            out[name] = (self._block(first, source + (0,), target, key)
                         if isinstance(first, dict) else self._value(first, source + (0,),
                                                                     target))
            self._line(source, target)

    def _value(self, value: Any, source: Path, target: Path) -> Any:
        """An argument's value: maps and lists of values keep their keys as written."""
        self._line(source, target)
        if isinstance(value, Unknown):
            return self._resolved(value)
        if isinstance(value, dict):
            return {k: self._value(v, source + (k,), target + (k,)) for k, v in value.items()}
        if isinstance(value, list):
            return [self._value(v, source + (i,), target + (i,)) for i, v in enumerate(value)]
        return value

    def _line(self, source: Path, target: Path) -> None:
        line = self.resource.lines.get(format_path(source))
        if line is not None:
            self.lines.setdefault(format_path(target), line)

    # --- step 3: the provider's defaults -----------------------------------------------------

    def _defaults(self, attributes: dict[str, Any], anchors: dict[str, list[str]]) -> None:
        for text in anchors.get("pod_spec", []):
            pod = attributes
            for step in parse_path(text):
                pod = pod.get(step) if isinstance(pod, dict) else None
            if isinstance(pod, dict):
                for key, value in (table()["defaults"].get("pod_spec") or {}).items():
                    pod.setdefault(key, value)

    # --- step 4: names of other kubernetes resources, as configured -----------------------------

    def _resolved(self, value: Unknown) -> Any:
        match = _REFERENCE.match(value.reason)
        if match is None or len(value.refs) != 1:
            return value
        found = self.index.lookup(self.resource.scope, match["address"])
        if len(found) != 1 or not found[0].type.startswith("kubernetes_") \
                or found[0].address != match["address"]:
            return value
        metadata = found[0].attributes.get("metadata")
        first = metadata[0] if isinstance(metadata, list) and metadata else None
        configured = first.get(match["field"]) if isinstance(first, dict) else None
        return configured if isinstance(configured, str) and configured else value


def _is_block(value: Any) -> bool:
    """A nested block: Terraform keeps them as lists of objects (an Unknown list when a dynamic
    block's for_each is not known is read as one too, by the caller's table)."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _converted(resource: Resource, kind_type: str, attributes: dict[str, Any],
               lines: dict[str, int], anchors: dict[str, list[str]]) -> Resource:
    metadata = attributes.get("metadata")
    name = metadata.get("name") if isinstance(metadata, dict) else None
    return Resource(
        platform="kubernetes",
        type=kind_type,
        name=name if isinstance(name, str) and name else resource.name,
        address=resource.address,
        attributes=attributes,
        location=Location(resource.location.file, resource.location.start_line,
                          resource.location.end_line),
        lines=lines,
        anchors=anchors,
        scope=resource.scope,
    )


def _manifest(resource: Resource) -> Resource:
    """A `kubernetes_manifest`: its `manifest` argument is the object as written."""
    manifest = resource.attributes.get("manifest")
    if not isinstance(manifest, dict):
        return resource
    api_version, kind = manifest.get("apiVersion"), manifest.get("kind")
    if not (isinstance(api_version, str) and api_version and isinstance(kind, str) and kind):
        return resource
    prefix = "manifest."
    lines = {path[len(prefix):]: line for path, line in resource.lines.items()
             if path.startswith(prefix)}
    anchors = workload_anchors(api_version.rpartition("/")[0], kind, manifest)
    return _converted(resource, f"{api_version}/{kind}", manifest, lines, anchors)
