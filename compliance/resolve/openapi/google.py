"""Google API Gateway and Cloud Endpoints extensions, as they apply to an operation.

- The backend's host: the host name of the effective `x-google-backend.address` (lowercase;
  None when the address is not a URL).
- Quota charges: a per-consumer quota needs a metric with a limit in the document's
  `x-google-management.quota.limits` and the operation's `x-google-quota.metricCosts`
  charging it. Each charge is the metric, its cost as written and the metric's largest
  positive limit (None when it has none).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from compliance.model import Resource, Unknown
from compliance.parse.openapi.refs import Resolved

QUOTA = "x-google-quota"


def backend_host(operation: Resource) -> Resolved | None:
    backend = operation.attributes.get("backend")
    if backend is None:
        return None
    address = backend.get("address") if isinstance(backend, dict) else backend
    if isinstance(address, Unknown):
        host: Any = address
    else:
        try:
            host = urlsplit(address).hostname if isinstance(address, str) else None
        except ValueError:
            host = None
    line = operation.line_of(("backend", "address"))
    return Resolved(host, {"": line} if line is not None else {})


def _positive(value: Any) -> float | None:
    if isinstance(value, Unknown) or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def metric_limits(document: Resource | None) -> dict[str, float] | Unknown:
    """Metric -> its largest positive limit, from the document's x-google-management."""
    management = document.attributes.get("x-google-management") if document else None
    quota = management.get("quota") if isinstance(management, dict) else management
    limits = quota.get("limits") if isinstance(quota, dict) else quota
    if isinstance(limits, Unknown):
        return limits
    found: dict[str, float] = {}
    for limit in limits if isinstance(limits, list) else []:
        values = limit.get("values") if isinstance(limit, dict) else None
        metric = limit.get("metric") if isinstance(limit, dict) else None
        amounts = [_positive(v) for v in values.values()] if isinstance(values, dict) else []
        amounts = [amount for amount in amounts if amount is not None]
        if isinstance(metric, str) and amounts:
            found[metric] = max(found.get(metric, 0), *amounts)
    return found


def quota_charges(operation: Resource, limits: dict[str, float] | Unknown) -> Resolved:
    """The operation's charges (see the module doc), shown at `metricCosts`."""
    quota = operation.attributes.get(QUOTA)
    costs = quota.get("metricCosts") if isinstance(quota, dict) else quota
    line = operation.line_of((QUOTA, "metricCosts")) if isinstance(quota, dict) and \
        "metricCosts" in quota else operation.line_of((QUOTA,))
    lines = {"": line} if line is not None else {}
    if isinstance(costs, Unknown):
        return Resolved(costs, lines)
    charges = []
    for metric, cost in (costs if isinstance(costs, dict) else {}).items():
        limit = limits if isinstance(limits, Unknown) else limits.get(metric)
        entry_line = operation.line_of((QUOTA, "metricCosts", metric))
        if entry_line is not None:
            lines[f"[{len(charges)}]"] = entry_line
        charges.append({"metric": metric, "cost": cost, "limit": limit})
    return Resolved(charges, lines)
