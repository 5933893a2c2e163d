"""Kubernetes manifests given as text, parsed and seen through the Kubernetes view, then judged
by one check of the catalog: the tests of compliance/resolve/kubernetes and of the controls
that judge its facts (tests/resolve), and of the Kubernetes Python check (tests/checks). A
quoted "{{ ... }}" is a template placeholder, an `Unknown`, as the parser makes it."""

from __future__ import annotations

import textwrap
from functools import lru_cache

from compliance.catalog.controls import load_catalog
from compliance.evaluate.checks import CHECKS
from compliance.evaluate.run import ScanContext, run_controls
from compliance.model import Catalog, Finding, Resource, Status, resource_from_json
from compliance.parse.kubernetes import parse
from compliance.resolve.kubernetes import kubernetes_view

PASS, FAIL, UNKNOWN = Status.PASS, Status.FAIL, Status.UNKNOWN


def deployment(pod_spec: str, namespace: str = "shop", name: str = "api") -> str:
    """A Deployment whose pod spec is `pod_spec` (YAML text)."""
    body = textwrap.indent(textwrap.dedent(pod_spec).strip(), " " * 8)
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: {namespace}
spec:
  template:
    spec:
{body}
"""


@lru_cache(maxsize=1)
def _catalog() -> Catalog:
    return load_catalog()


def resources(text: str) -> list[Resource]:
    parsed = parse(textwrap.dedent(text))
    assert not [e for e in parsed["errors"] if "placeholder" not in e["message"]], parsed["errors"]
    return kubernetes_view([resource_from_json(r) for r in parsed["resources"]])


def resource(text: str, address: str) -> Resource:
    return next(r for r in resources(text) if r.address == address)


def finding(control: str, check: str, text: str, address: str) -> Finding | None:
    """The finding of `check` of `control` on the resource at `address`; None when the check
    does not apply to it (its `where` is false)."""
    chosen = _catalog().by_id[control]
    context = ScanContext(resources(text), CHECKS)
    found = [f for f in run_controls([chosen], context)
             if f.check == check and f.resource.address == address]
    assert len(found) <= 1, found
    return found[0] if found else None


def status(control: str, check: str, text: str, address: str) -> Status | None:
    found = finding(control, check, text, address)
    return found.status if found else None


def applies(control: str, check: str, text: str, address: str) -> Status:
    """The status of the check's `where` on the resource at `address`."""
    chosen = next(c for c in _catalog().by_id[control].checks if c.id == check)
    scanned = resources(text)
    context = ScanContext(scanned, CHECKS)
    target = next(r for r in scanned if r.address == address)
    return context.evaluator.evaluate(chosen.where, target).status
