"""IAM policy documents: statements that allow every action on every resource.

A statement is an administrator grant when its effect is Allow and

- its actions are all actions: `Action` is `*` (or `*:*`), or it uses `NotAction`, which
  allows every action except those listed, including actions AWS adds later; and
- its resources are all resources: `Resource` is `*`, or it uses `NotResource`.

Conditions do not make such a statement narrow (an MFA condition still leaves an
administrator), so they are not looked at. Statements with a `Principal` are resource-based
policies (bucket, key, queue policies): they are not identity grants and are skipped.

Where the policy comes from:

- `policy` of `aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy`,
  `aws_iam_group_policy`, and `inline_policy[*].policy` of `aws_iam_role`: a JSON string
  (a heredoc, `jsonencode(...)`, `file(...)`) or, when the resolver kept it as a value, a
  mapping. A policy that is `data.aws_iam_policy_document.x.json` is read from that data
  source's statement blocks (the one in the same root module: root modules in different
  folders may use the same addresses). A `jsonencode(...)` whose object holds values known
  only after apply (a bucket's ARN) is judged on its known parts.
- `data.aws_iam_policy_document`: `statement` blocks (`effect` defaults to Allow; `actions`,
  `not_actions`, `resources`, `not_resources`, `principals`, `not_principals`). Documents
  merged in through `source_policy_documents` / `override_policy_documents` are not read.

A policy that cannot be resolved is unknown; so is a JSON string that does not parse.
"""

from __future__ import annotations

import json
from typing import Any, Iterator

from compliance.evaluate.conditions import all_of
from compliance.model import Outcome, Path, Resource, Unknown

EXPECTED = ("no Allow statement grants every action (* or NotAction) on every resource "
            "(* or NotResource)")
POLICY_DOCUMENT = "data.aws_iam_policy_document"


class _Undecided(Exception):
    """The document cannot be read: the check's answer is unknown."""

    def __init__(self, path: Path, observed: Any):
        super().__init__(str(observed))
        self.path = path
        self.observed = observed


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _is_wildcard(values: list[Any], wildcards: tuple[str, ...]) -> bool | None:
    """True when a known item is a full wildcard; None when an unknown item could be one."""
    if any(isinstance(v, str) and v.strip() in wildcards for v in values):
        return True
    if any(isinstance(v, Unknown) for v in values):
        return None
    return False


def _grants_all(effect: Any, actions: Any, not_actions: Any, resources: Any,
                not_resources: Any) -> bool | None:
    """Three-valued: does this statement allow every action on every resource?"""
    if isinstance(effect, Unknown):
        effect_allow: bool | None = None
    else:
        effect_allow = str(effect).strip().lower() == "allow"
    if effect_allow is False:
        return False
    if not_actions is not None:
        all_actions: bool | None = True
    else:
        all_actions = _is_wildcard(_as_list(actions), ("*", "*:*"))
    if not_resources is not None:
        all_resources: bool | None = True
    else:
        all_resources = _is_wildcard(_as_list(resources), ("*",))
    parts = (effect_allow, all_actions, all_resources)
    if False in parts:
        return False
    if None in parts:
        return None
    return True


# --- JSON policy documents ---------------------------------------------------------------


def _load_document(value: Any, path: Path) -> Any:
    if isinstance(value, Unknown):
        raise _Undecided(path, value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return {}
        try:
            return json.loads(text)
        except ValueError as exc:
            raise _Undecided(path, f"the policy is not valid JSON ({exc.args[0].split(':')[0]})") \
                from None
    return value


def _json_statements(document: Any, path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(document, Unknown):
        raise _Undecided(path, document)
    if not isinstance(document, dict):
        raise _Undecided(path, "the policy is not a JSON object")
    statements = document.get("Statement")
    if isinstance(statements, Unknown):
        raise _Undecided(path, statements)
    for index, statement in enumerate(_as_list(statements)):
        if isinstance(statement, Unknown):
            raise _Undecided(path, statement)
        if isinstance(statement, dict):
            yield index, statement


def _json_outcome(value: Any, path: Path) -> Outcome:
    unknown: Outcome | None = None
    document = _load_document(value, path)
    for _index, statement in _json_statements(document, path):
        if "Principal" in statement or "NotPrincipal" in statement:
            continue
        verdict = _grants_all(statement.get("Effect"), statement.get("Action"),
                              statement.get("NotAction"), statement.get("Resource"),
                              statement.get("NotResource"))
        if verdict:
            return Outcome.failed(path, statement, EXPECTED)
        if verdict is None and unknown is None:
            unknown = Outcome.unknown(path, statement, EXPECTED)
    return unknown or Outcome.passed(path, None, EXPECTED)


# --- data "aws_iam_policy_document" ------------------------------------------------------


def _document_outcome(resource: Resource) -> Outcome:
    statements = resource.attributes.get("statement")
    if isinstance(statements, Unknown):
        return Outcome.unknown(("statement",), statements, EXPECTED)
    unknown: Outcome | None = None
    for index, statement in enumerate(_as_list(statements)):
        where: Path = ("statement", index)
        if isinstance(statement, Unknown):
            unknown = unknown or Outcome.unknown(where, statement, EXPECTED)
            continue
        if not isinstance(statement, dict):
            continue
        if statement.get("principals") or statement.get("not_principals"):
            continue
        verdict = _grants_all(statement.get("effect", "Allow") or "Allow",
                              statement.get("actions"), statement.get("not_actions"),
                              statement.get("resources"), statement.get("not_resources"))
        if verdict:
            decider = "not_actions" if statement.get("not_actions") is not None else "actions"
            return Outcome.failed(where + (decider,), _statement_summary(statement), EXPECTED)
        if verdict is None and unknown is None:
            unknown = Outcome.unknown(where, _statement_summary(statement), EXPECTED)
    return unknown or Outcome.passed(("statement",), None, EXPECTED)


def _statement_summary(statement: dict[str, Any]) -> dict[str, Any]:
    keys = ("sid", "effect", "actions", "not_actions", "resources", "not_resources")
    return {key: statement[key] for key in keys if statement.get(key) is not None}


def referenced_policy_document(value: Unknown, resource: Resource,
                               context: Any) -> Resource | None:
    """The data.aws_iam_policy_document an unresolved `policy` comes from, if exactly one."""
    if len(value.refs) != 1 or not value.refs[0].startswith(POLICY_DOCUMENT + "."):
        return None
    index = getattr(context, "index", None)
    found = index.lookup(resource.scope, value.refs[0]) if index is not None else []
    return found[0] if len(found) == 1 else None


def _policy_outcome(value: Any, path: Path, resource: Resource, context: Any) -> Outcome:
    if isinstance(value, Unknown):
        document = referenced_policy_document(value, resource, context)
        if document is not None:
            inner = _document_outcome(document)
            # the evidence stays on this resource's attribute; the statement is the observation
            observed = document.address if inner.observed is None else \
                {"document": document.address, "statement": inner.observed}
            return Outcome(inner.status, path, observed, EXPECTED)
        if value.partial is None:
            return Outcome.unknown(path, value, EXPECTED)
        value = value.partial  # jsonencode of an object with unknown leaves: judge its shape
    try:
        return _json_outcome(value, path)
    except _Undecided as undecided:
        return Outcome.unknown(undecided.path, undecided.observed, EXPECTED)


def iam_no_admin_wildcard(resource: Resource, context: Any) -> Outcome:
    """Fails on an Allow statement for every action on every resource (see the module doc)."""
    if resource.type == POLICY_DOCUMENT:
        return _document_outcome(resource)
    attributes = resource.attributes
    if "policy" in attributes:
        return _policy_outcome(attributes["policy"], ("policy",), resource, context)
    inline = attributes.get("inline_policy")
    if isinstance(inline, Unknown):
        return Outcome.unknown(("inline_policy",), inline, EXPECTED)
    outcomes = []
    for index, block in enumerate(_as_list(inline)):
        if isinstance(block, dict) and "policy" in block:
            outcomes.append(_policy_outcome(block["policy"], ("inline_policy", index, "policy"),
                                            resource, context))
    return all_of(outcomes, Outcome.passed(("inline_policy",), None, EXPECTED))


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "iam_no_admin_wildcard": iam_no_admin_wildcard,
}
