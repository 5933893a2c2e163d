"""Each platform's effective view: what a resource amounts to once the others around it are
known (a Kong route's plugins after precedence, an APIM operation's policy after `<base/>`,
the Istio policies that cover a workload), added to resources as attributes with lines.

A view is a function `(resources) -> resources` that returns new resources (Resource is
frozen) carrying the facts it derives; it decides nothing about compliance, which controls
do. Views run in the order listed, after Terraform resolution and embedded documents, before
any control.
"""

from __future__ import annotations

from importlib import import_module
from typing import Callable

from compliance.model import Resource, ScanError

View = Callable[[list[Resource]], list[Resource]]

# the Terraform types terraform_kubernetes_view reads all start so (a test holds the table to it)
KUBERNETES_TERRAFORM_PREFIX = "kubernetes_"


class _Deferred:
    """A view whose module is imported only when the scan holds a resource it reads (most
    scans have no Kong, APIM or Kubernetes input, and those modules cost start-up time); on
    resources it doesn't read, a view changes nothing, so skipping it is exact. What it reads
    is told by platform and type alone, so a scan's thousands of resources are looked at once
    for all the views (their distinct kinds), not once per view."""

    def __init__(self, module: str, name: str, reads: Callable[[str, str], bool],
                 makes_kinds: bool = False):
        self.module, self.__name__, self.reads = module, name, reads
        # whether it gives resources of a (platform, type) it was not given; the others only
        # add facts, so the kinds stay those the scan started with
        self.makes_kinds = makes_kinds

    def needed(self, kinds: set[tuple[str, str]]) -> bool:
        return any(self.reads(platform, type_) for platform, type_ in kinds)

    def __call__(self, resources: list[Resource]) -> list[Resource]:
        if not self.needed({(r.platform, r.type) for r in resources}):
            return resources  # (a file of the others, when a failure is isolated by file)
        return self.function()(resources)

    def function(self) -> View:
        return getattr(import_module(self.module), self.__name__)


VIEWS: tuple[View, ...] = (
    _Deferred("compliance.resolve.kong", "kong_view", lambda platform, _: platform == "kong"),
    _Deferred("compliance.resolve.openapi", "openapi_view",
              lambda platform, _: platform == "openapi"),
    _Deferred("compliance.resolve.apim", "apim_view",
              lambda platform, type_: platform == "apim"
              or type_.startswith("azurerm_api_management")),
    _Deferred("compliance.resolve.kubernetes.terraform", "terraform_kubernetes_view",
              lambda platform, type_: platform == "terraform"
              and type_.startswith(KUBERNETES_TERRAFORM_PREFIX), makes_kinds=True),
    _Deferred("compliance.resolve.kubernetes", "kubernetes_view",
              lambda platform, _: platform == "kubernetes"),
    _Deferred("compliance.resolve.ecs", "ecs_view",
              lambda _, type_: type_ == "aws_ecs_task_definition"),
)


def import_views_for(kinds: set[tuple[str, str]]) -> None:
    """Import, now, the modules of the views that read resources of `kinds` (platform, type):
    a scan does while its build's helpers resolve, rather than when the views run."""
    for view in VIEWS:
        if isinstance(view, _Deferred) and view.needed(kinds):
            view.function()


def apply_views(resources: list[Resource]) -> tuple[list[Resource], list[ScanError]]:
    """The resources with every view's facts, and an error for each file a view failed on."""
    errors: list[ScanError] = []
    kinds: set[tuple[str, str]] | None = None  # of `resources`, until a view makes new ones
    for view in VIEWS:
        if isinstance(view, _Deferred):
            if kinds is None:
                kinds = {(r.platform, r.type) for r in resources}
            if not view.needed(kinds):
                continue
        resources, failed = _guarded(view, resources, whole=True)
        if not isinstance(view, _Deferred) or view.makes_kinds:
            kinds = None
        errors += failed
    return resources, errors


def _guarded(view: View, resources: list[Resource], whole: bool = False,
             ) -> tuple[list[Resource], list[ScanError]]:
    """A defect in a view must not cost the scan: run it again file by file, keep what works,
    and name each file it failed on as not fully evaluated (never a quiet pass). `whole`: the
    view is known to read some of `resources` (a deferred view is not asked again)."""
    try:
        if whole and isinstance(view, _Deferred):
            return view.function()(resources), []
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
