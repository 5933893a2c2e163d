"""Named Python checks, for what the condition language cannot say: policy-document semantics,
CIDR and port arithmetic, credential recognition, and the platform rules still to be moved into
declarative controls.

A check is a function `(resource, context, **args) -> Outcome`; controls call it with
`{python: name, args: {...}}`. `context` gives the scan's `index` (resources by type and
address) and `graph` (references between them). Each module here groups the checks of one
subject and lists them in its `CHECKS`; this module puts those lists together, explicitly, so
that nothing is registered by the side effect of an import.

A check looks no further than its resource's scope (its root module, its file): other
resources only through `context.index.lookup(resource.scope, ...)` and `context.graph`, which
keep to the scope. Warm scans rely on it: what the checks said about a scope whose resources
are unchanged is replayed (compliance/evaluate/remembered.py). A check that must compare across
scopes is named in `READS_OTHER_SCOPES` and always evaluated.
"""

from __future__ import annotations

from typing import Callable, Mapping

from compliance.evaluate.checks import (
    azure_apim,
    azure_network,
    gcp_firewall,
    gcp_secrets,
    iam,
    kong,
    kubernetes,
    network,
    openapi_credentials,
    openapi_policy,
    secrets,
    values,
)
from compliance.model import Outcome

_MODULES = (azure_apim, azure_network, gcp_firewall, gcp_secrets, iam, kong, kubernetes, network,
            openapi_credentials, openapi_policy, secrets, values)


def _merged() -> dict[str, Callable[..., Outcome]]:
    merged: dict[str, Callable[..., Outcome]] = {}
    for module in _MODULES:
        for name, function in module.CHECKS.items():
            if name in merged:
                raise ValueError(f"Python check {name!r} is named twice")
            merged[name] = function
    return merged


CHECKS: Mapping[str, Callable[..., Outcome]] = _merged()


# checks that read resources of other scopes (value_not_shared: no other resource anywhere
# holds the same value)
READS_OTHER_SCOPES = frozenset({"value_not_shared"})
