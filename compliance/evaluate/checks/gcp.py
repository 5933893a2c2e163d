"""Google API Gateway and Cloud Endpoints settings in OpenAPI (2.0) documents.

- Backend identity: by default the gateway calls an `x-google-backend` with a Google-signed
  ID token of its service account, which is how a Cloud Run service or Cloud Function that
  requires authentication (the default) lets only the gateway in. With `disable_auth: true` no
  token is sent, so such a backend (an address on `run.app` or `cloudfunctions.net`) only works
  if it accepts unauthenticated calls, and then anyone can call it directly, bypassing the
  gateway's API keys, JWT checks and quotas. Other backends are not judged: whether they
  authenticate the gateway is not visible here.
- Quotas: a per-consumer quota is the gateway's only rate limit. It needs an API key (to know
  the consumer project), a metric and a limit in `x-google-management`, and the operation's
  `x-google-quota.metricCosts` charging that metric. An operation that requires an API key
  and charges no limited metric is not rate limited.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from compliance.evaluate.checks.openapi import GOOGLE, api_document, applies, gateway, is_preflight
from compliance.model import Outcome, Resource, Unknown

_SERVERLESS_HOSTS = (".run.app", ".cloudfunctions.net")


def _true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


# --- backend identity --------------------------------------------------------------------------

BACKEND_EXPECTED = ("the gateway sends its ID token to Cloud Run and Cloud Functions backends "
                    "(no disable_auth: true)")


def openapi_google_backend_auth(resource: Resource, context: Any) -> Outcome:
    backend = resource.attributes.get("backend")
    if isinstance(backend, Unknown):
        return Outcome.unknown(("backend",), backend, BACKEND_EXPECTED)
    if not isinstance(backend, dict):
        return Outcome.passed(("backend",), None, BACKEND_EXPECTED)
    disabled = backend.get("disable_auth")
    if isinstance(disabled, Unknown):
        return Outcome.unknown(("backend", "disable_auth"), disabled, BACKEND_EXPECTED)
    if not _true(disabled):
        return Outcome.passed(("backend", "disable_auth"), disabled, BACKEND_EXPECTED)
    address = backend.get("address")
    if isinstance(address, Unknown):
        return Outcome.unknown(("backend", "address"), address, BACKEND_EXPECTED)
    try:
        host = (urlsplit(address).hostname or "") if isinstance(address, str) else ""
    except ValueError:
        host = ""
    if host.lower().endswith(_SERVERLESS_HOSTS):
        return Outcome.failed(("backend", "disable_auth"), {"address": address, "disable_auth": disabled},
                              BACKEND_EXPECTED)
    return Outcome.passed(("backend", "address"), address, BACKEND_EXPECTED)


# --- quotas ------------------------------------------------------------------------------------

QUOTA_EXPECTED = ("the operation charges (x-google-quota.metricCosts) a metric that has a "
                  "limit in x-google-management.quota.limits")


def openapi_google_api_key_operation(resource: Resource, context: Any) -> Outcome:
    """Applies to operations of Google gateway documents that require an API key."""
    if is_preflight(resource) or gateway(resource, context) != GOOGLE:
        return applies(False, "a Google gateway operation that requires an API key")
    required = resource.attributes.get("api_key_required")
    return applies(None if isinstance(required, Unknown) else required is True,
                   "a Google gateway operation that requires an API key")


def _positive(value: Any) -> bool | None:
    if isinstance(value, Unknown):
        return None
    try:
        return float(value) > 0
    except (TypeError, ValueError):
        return False


def _limited_metrics(document: Resource | None) -> set[str] | Unknown:
    management = document.attributes.get("x-google-management") if document else None
    if isinstance(management, Unknown):
        return management
    quota = management.get("quota") if isinstance(management, dict) else None
    limits = quota.get("limits") if isinstance(quota, dict) else None
    if isinstance(quota, Unknown) or isinstance(limits, Unknown):
        return quota if isinstance(quota, Unknown) else limits
    metrics: set[str] = set()
    for limit in limits if isinstance(limits, list) else []:
        if not isinstance(limit, dict):
            continue
        values = limit.get("values")
        amounts = values.values() if isinstance(values, dict) else []
        if isinstance(limit.get("metric"), str) and any(_positive(v) for v in amounts):
            metrics.add(limit["metric"])
    return metrics


def openapi_google_quota(resource: Resource, context: Any) -> Outcome:
    quota = resource.attributes.get("x-google-quota")
    costs = quota.get("metricCosts") if isinstance(quota, dict) else quota
    if isinstance(costs, Unknown):
        return Outcome.unknown(("x-google-quota",), costs, QUOTA_EXPECTED)
    costs = costs if isinstance(costs, dict) else {}
    charged = {name for name, cost in costs.items() if _positive(cost)}
    maybe = {name for name, cost in costs.items() if _positive(cost) is None}
    if not charged and not maybe:
        return Outcome.failed(("x-google-quota",), quota, QUOTA_EXPECTED)
    limited = _limited_metrics(api_document(resource, context))
    if isinstance(limited, Unknown):
        return Outcome.unknown(("x-google-quota", "metricCosts"), limited, QUOTA_EXPECTED)
    if charged & limited:
        return Outcome.passed(("x-google-quota", "metricCosts"), sorted(charged & limited), QUOTA_EXPECTED)
    if maybe & limited:
        return Outcome.unknown(("x-google-quota", "metricCosts"), sorted(maybe & limited), QUOTA_EXPECTED)
    return Outcome.failed(("x-google-quota", "metricCosts"), sorted(charged | maybe), QUOTA_EXPECTED)


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "openapi_google_backend_auth": openapi_google_backend_auth,
    "openapi_google_api_key_operation": openapi_google_api_key_operation,
    "openapi_google_quota": openapi_google_quota,
}
