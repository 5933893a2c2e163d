"""`pulumi stack export` and `pulumi preview --json` output into resources.

A stack export lists the deployed resources (`deployment.resources[]`); a preview lists the
planned steps (`steps[]`, each with the resource's `newState`). A resource's `inputs` are what
the program declared (what the catalog's checks read, as with Terraform configuration);
`outputs` fill in what the inputs leave out. Secrets are masked, unknown values are Unknown.
Each resource's location is the line of its `"urn"` in the file.
"""

from __future__ import annotations

import json
import re
from typing import Any

from compliance.model import Location, Resource, resource_to_json
from compliance.parse.pulumi import is_skipped_type, name_from_urn, normalize, special

# preview steps that leave no resource behind
_GONE = frozenset({"delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace"})


def parse(text: str) -> dict[str, Any]:
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return {"resources": [], "errors": [{"line": exc.lineno, "message": f"invalid JSON: {exc.msg}"}]}
    except RecursionError:
        return {"resources": [], "errors": [{"line": None, "message": "nesting too deep"}]}
    states: list[tuple[dict[str, Any], str]] = []
    if isinstance(data, dict) and isinstance(data.get("deployment"), dict):
        for state in data["deployment"].get("resources") or []:
            states.append((state, "known after deployment"))
    elif isinstance(data, dict) and isinstance(data.get("steps"), list):
        for step in data["steps"]:
            if isinstance(step, dict) and step.get("op") not in _GONE \
                    and isinstance(step.get("newState"), dict):
                states.append((step["newState"], "known after pulumi up"))
    else:
        return {"resources": [], "errors": [{"line": None,
                                             "message": "not a Pulumi stack export or preview"}]}
    resources, errors = [], []
    for state, reason in states:
        if not isinstance(state, dict):
            continue
        token, urn = state.get("type"), state.get("urn")
        if not isinstance(token, str) or not isinstance(urn, str):
            errors.append({"line": None, "message": "resource without type or urn; skipped"})
            continue
        if is_skipped_type(token) or state.get("custom") is False and not state.get("inputs"):
            continue
        inputs = special(state.get("inputs") or {}, reason)
        outputs = special(state.get("outputs") or {}, reason)
        props = dict(outputs) if isinstance(outputs, dict) else {}
        if isinstance(inputs, dict):
            props.update(inputs)
        props.pop("__defaults", None)
        rtype, attributes, _ = normalize(token, props)
        line = _line_of_urn(text, urn)
        name = name_from_urn(urn)
        resources.append(Resource(platform="pulumi", type=rtype, name=name,
                                  address=f"{rtype}.{name}", attributes=attributes,
                                  location=Location("", line, line)))
    return {"resources": [resource_to_json(r) for r in resources], "errors": errors}


def _line_of_urn(text: str, urn: str) -> int:
    match = re.search(r'"urn"\s*:\s*' + re.escape(json.dumps(urn)), text)
    return text.count("\n", 0, match.start()) + 1 if match else 1
