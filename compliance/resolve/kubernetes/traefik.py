"""Traefik's routers and the middlewares they run: an IngressRoute's routes, or an Ingress
served by Traefik through its `router.middlewares` annotation, with each Middleware among the
scanned files resolved (a `chain` middleware expanded into the middlewares it runs)."""

from __future__ import annotations

from typing import Any

from compliance.model import Path, Resource, Unknown
from compliance.resolve.graph import ResourceIndex
from compliance.resolve.kubernetes.facts import Facts, mapping, namespace_of, spec_of

MIDDLEWARES = ("traefik.io/*/Middleware", "traefik.containo.us/*/Middleware")
MIDDLEWARES_ANNOTATION = "traefik.ingress.kubernetes.io/router.middlewares"
CRD_PROVIDER = "@kubernetescrd"
MAX_CHAIN_DEPTH = 8


class Traefik:
    def __init__(self, index: ResourceIndex):
        self.middlewares: dict[tuple[Any, str], Resource] = {
            (namespace_of(r), r.name): r for r in index.of_types(MIDDLEWARES)}

    def ingress_route(self, resource: Resource, facts: Facts) -> None:
        """`route_middlewares`: for each route of spec.routes, {route (its index), middlewares:
        the middlewares it runs, see `_entries`}."""
        spec = spec_of(resource)
        routes = spec if isinstance(spec, Unknown) else spec.get("routes")
        if isinstance(routes, Unknown):
            facts.add("route_middlewares", routes, ("spec", "routes"))
            return
        namespace = namespace_of(resource)
        found: list[tuple[Path, Any]] = []
        for index, route in enumerate(routes if isinstance(routes, list) else []):
            path: Path = ("spec", "routes", index)
            if isinstance(route, Unknown):
                found.append((path, route))
                continue
            refs = mapping(route).get("middlewares") if isinstance(route, dict) else None
            if isinstance(refs, Unknown):
                found.append((path, {"route": index, "middlewares": [refs]}))
                continue
            middlewares: list[Any] = []
            for ref in refs if isinstance(refs, list) else []:
                if isinstance(ref, dict):
                    name = ref.get("name")
                    ref_namespace = ref.get("namespace") or namespace
                    middlewares += self._entries(ref_namespace, name, 0)
                elif isinstance(ref, Unknown):
                    middlewares.append(ref)
            found.append((path + ("middlewares",) if refs else path,
                          {"route": index, "middlewares": middlewares}))
        facts.add_list("route_middlewares", found, ("spec", "routes"))

    def ingress(self, resource: Resource, facts: Facts) -> None:
        """`traefik_middlewares`: the middlewares an Ingress's `router.middlewares`
        annotation (`<namespace>-<name>@kubernetescrd`, comma-separated) makes Traefik run."""
        metadata = mapping(resource.attributes.get("metadata"))
        annotations = metadata if isinstance(metadata, Unknown) else mapping(
            metadata.get("annotations"))
        value = annotations if isinstance(annotations, Unknown) else annotations.get(
            MIDDLEWARES_ANNOTATION)
        source: Path = ("metadata", "annotations", MIDDLEWARES_ANNOTATION)
        if isinstance(value, Unknown):
            facts.add("traefik_middlewares", [value], source)
            return
        entries: list[Any] = []
        for token in (t.strip() for t in (value if isinstance(value, str) else "").split(",")):
            if not token:
                continue
            if not token.endswith(CRD_PROVIDER):
                entries.append(_unresolved(token, "is defined by another Traefik provider"))
                continue
            qualified = token.removesuffix(CRD_PROVIDER)
            match = [key for key in self.middlewares
                     if isinstance(key[0], str) and f"{key[0]}-{key[1]}" == qualified]
            if match:
                entries += self._entries(match[0][0], match[0][1], 0)
            else:
                entries.append(_unresolved(token, "is not among the scanned files"))
        facts.add("traefik_middlewares", entries, source)

    def _entries(self, namespace: Any, name: Any, depth: int) -> list[Any]:
        """{name, middleware (address), rateLimit and buffering (its spec.rateLimit and
        spec.buffering, None when it has none)} for the middleware `name` of `namespace`, or for each middleware a chain runs;
        Unknown where a name or a middleware can't be read."""
        if isinstance(name, Unknown) or isinstance(namespace, Unknown):
            return [name if isinstance(name, Unknown) else namespace]
        if not isinstance(name, str):
            return []
        if "@" in name:
            provider = name.rpartition("@")[2]
            if "@" + provider != CRD_PROVIDER:
                return [_unresolved(name, "is defined by another Traefik provider")]
            name = name.rpartition("@")[0]
        middleware = self.middlewares.get((namespace, name))
        if middleware is None:
            return [_unresolved(f"{namespace}/{name}", "is not among the scanned files")]
        spec = spec_of(middleware)
        if isinstance(spec, Unknown):
            return [spec]
        chain = spec.get("chain")
        if isinstance(chain, dict) and depth < MAX_CHAIN_DEPTH:
            refs = chain.get("middlewares")
            if isinstance(refs, Unknown):
                return [refs]
            entries: list[Any] = []
            for ref in refs if isinstance(refs, list) else []:
                if isinstance(ref, dict):
                    entries += self._entries(namespace, ref.get("name"), depth + 1)
            return entries
        return [{"name": name, "middleware": middleware.address,
                 "rateLimit": spec.get("rateLimit"), "buffering": spec.get("buffering")}]


def _unresolved(name: str, why: str) -> Unknown:
    return Unknown(f"the Traefik middleware {name} {why}")
