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

from compliance.model import Resource
from compliance.resolve.apim import apim_view
from compliance.resolve.kong import kong_view
from compliance.resolve.kubernetes import kubernetes_view
from compliance.resolve.kubernetes.terraform import terraform_kubernetes_view
from compliance.resolve.openapi import openapi_view

View = Callable[[list[Resource]], list[Resource]]

VIEWS: tuple[View, ...] = (kong_view, openapi_view, apim_view, terraform_kubernetes_view,
                           kubernetes_view)


def apply_views(resources: list[Resource]) -> list[Resource]:
    for view in VIEWS:
        resources = view(resources)
    return resources
