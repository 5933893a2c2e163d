"""Each platform's effective view: what a resource amounts to once the others around it are
known (a Kong route's plugins after precedence, an APIM operation's policy after `<base/>`,
the Istio policies that cover a workload), added to resources as attributes with lines.

A view is a function `(resources) -> resources` that returns new resources (Resource is
frozen) carrying the facts it derives; it decides nothing about compliance, which controls
do. Views run in the order listed, after Terraform resolution and embedded documents, before
any control.
"""

from __future__ import annotations

from typing import Callable

from compliance.model import Resource, ScanError
from compliance.resolve.apim import apim_view
from compliance.resolve.ecs import ecs_view
from compliance.resolve.kong import kong_view
from compliance.resolve.kubernetes import kubernetes_view
from compliance.resolve.kubernetes.terraform import terraform_kubernetes_view
from compliance.resolve.openapi import openapi_view

View = Callable[[list[Resource]], list[Resource]]

VIEWS: tuple[View, ...] = (kong_view, openapi_view, apim_view, terraform_kubernetes_view,
                           kubernetes_view, ecs_view)


def apply_views(resources: list[Resource]) -> tuple[list[Resource], list[ScanError]]:
    """The resources with every view's facts, and an error for each file a view failed on."""
    errors: list[ScanError] = []
    for view in VIEWS:
        resources, failed = _guarded(view, resources)
        errors += failed
    return resources, errors


def _guarded(view: View, resources: list[Resource]) -> tuple[list[Resource], list[ScanError]]:
    """A defect in a view must not cost the scan: run it again file by file, keep what works,
    and name each file it failed on as not fully evaluated (never a quiet pass)."""
    try:
        return view(resources), []
    except Exception:  # noqa: BLE001 - RecursionError included; isolated below
        pass
    by_file: dict[str, list[Resource]] = {}
    for resource in resources:
        by_file.setdefault(resource.location.file, []).append(resource)
    kept: list[Resource] = []
    errors = []
    for file, group in by_file.items():
        try:
            kept += view(group)
        except Exception as exc:  # noqa: BLE001
            kept += group
            errors.append(ScanError(file, None, f"internal error in {view.__name__} "
                                    f"({type(exc).__name__}): its resources are judged "
                                    "without the facts it derives"))
    return kept, errors
