"""IAM policy documents (identity policies and resource policies): JSON text -> the statements
the policy is made of, in one normal form.

Policies are not files of their own here: they are texts held in other documents (a
Terraform `policy`, an OpenAPI `x-amazon-apigateway-policy`), which
`compliance.resolve.embedded.policies` finds and gives to this parser (kind `iam-policy`)
through the batch parser. `parse(text)` returns no resources but

    {"resources": [], "errors": [{"line", "message"}],
     "policy": {"statements": [...], "statements_at": "Statement", "lines": {path: line}}}

with `"policy": null` (and an error) when the text is not a policy: not valid JSON, not a
JSON object, or of a shape AWS refuses (a statement that is not an object, a `Principal` that
is neither `"*"` nor an object, a `Condition` that is not an object of objects). Blank text is
a policy without statements. `lines` gives the line of `Statement`, of each statement
(`Statement[1]`) and of each element key in it (`Statement[1].Action`), in the text's lines.

A normalized statement (the same for a value that is already structured, such as the object
of a `jsonencode()`: `statements_of`, and for the `statement` blocks of Terraform's
`data.aws_iam_policy_document`: `statements_of_blocks`) has:

    at                      where the statement is written, relative to the document
                            (`Statement[1]`, `Statement` when it is a single object,
                            `statement[1]` for a block)
    Sid, Effect             as written; a block's `effect` defaults to Allow
    Action, NotAction,      lists (a single value becomes a list of it)
    Resource, NotResource
    Principal, NotPrincipal mapping principal type -> list of identifiers; `"*"` (and a
                            block of type `*`) is `{"*": [...]}`; `null` is `{}`
    Condition               mapping operator -> condition key -> list of values

An element that is not written is absent. A value the resolver could not know (an `Unknown`)
stays where it stands: a whole element, an item of a list, a statement, or all of them.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from typing import Any, Callable

from compliance.model import Path, Unknown, format_path

LISTS = ("Action", "NotAction", "Resource", "NotResource")
PRINCIPALS = ("Principal", "NotPrincipal")
# a data.aws_iam_policy_document statement block's names for the elements of a statement
BLOCK_NAMES = {"Sid": "sid", "Effect": "effect", "Action": "actions",
               "NotAction": "not_actions", "Resource": "resources",
               "NotResource": "not_resources", "Principal": "principals",
               "NotPrincipal": "not_principals", "Condition": "condition"}

_DECODER = json.JSONDecoder()
_scanstring: Callable[[str, int], tuple[str, int]] = \
    json.decoder.scanstring  # type: ignore[attr-defined]
_WHITESPACE = re.compile(r"[ \t\n\r]*")


class NotAPolicy(ValueError):
    """The value is not a policy document AWS would accept; the message says why, `at` is
    the element at fault."""

    def __init__(self, message: str, at: Path = ()):
        super().__init__(message)
        self.at = at


def parse(text: str) -> dict[str, Any]:
    if not text.strip():
        return _result([], "Statement", {})
    try:
        document = json.loads(text)
    except ValueError as exc:
        return _failed(f"the policy is not valid JSON ({exc.args[0].split(':')[0]})",
                       getattr(exc, "lineno", None))
    try:
        statements, statements_at = statements_of(document)
    except NotAPolicy as problem:
        lines = _lines(text)
        found = (lines.get(format_path(problem.at[:end])) for end in range(len(problem.at), 0, -1))
        return _failed(str(problem), next((line for line in found if line), None))
    return _result(statements, statements_at, _lines(text))


def _result(statements: list[Any], statements_at: str, lines: dict[str, int]) -> dict[str, Any]:
    return {"resources": [], "errors": [],
            "policy": {"statements": statements, "statements_at": statements_at,
                       "lines": lines}}


def _failed(message: str, line: int | None) -> dict[str, Any]:
    return {"resources": [], "errors": [{"line": line, "message": message}], "policy": None}


# --- the normal form ---------------------------------------------------------------------


def statements_of(document: Any) -> tuple[list[Any] | Unknown, str]:
    """The normalized statements of a JSON policy document (parsed, possibly holding
    Unknowns) and where they are written (`Statement`; "" when the document itself is
    unknown). Raises NotAPolicy."""
    if isinstance(document, Unknown):
        return document, ""
    if not isinstance(document, dict):
        raise NotAPolicy("the policy is not a JSON object")
    statements = document.get("Statement")
    if statements is None:
        return [], "Statement"
    if isinstance(statements, Unknown):
        return statements, "Statement"
    if isinstance(statements, dict):
        return [_statement(statements, ("Statement",))], "Statement"
    if not isinstance(statements, list):
        raise NotAPolicy("Statement is neither an object nor a list", ("Statement",))
    return [_statement(item, ("Statement", index)) for index, item in enumerate(statements)], \
        "Statement"


def _statement(statement: Any, at: Path) -> dict[str, Any] | Unknown:
    if isinstance(statement, Unknown):
        return statement
    if not isinstance(statement, dict):
        raise NotAPolicy(f"{format_path(at)} is not an object", at)
    normalized: dict[str, Any] = {"at": format_path(at)}
    for name in ("Sid", "Effect"):
        if statement.get(name) is not None:
            normalized[name] = statement[name]
    for name in LISTS:
        if statement.get(name) is not None:
            normalized[name] = listed(statement[name])
    for name in PRINCIPALS:
        if name in statement:
            normalized[name] = _principal(statement[name], at + (name,))
    if statement.get("Condition") is not None:
        normalized["Condition"] = _condition(statement["Condition"], at + ("Condition",))
    return normalized


def listed(value: Any) -> list[Any] | Unknown:
    if isinstance(value, (list, Unknown)):
        return list(value) if isinstance(value, list) else value
    return [value]


def _principal(value: Any, at: Path) -> dict[str, Any] | Unknown:
    if isinstance(value, Unknown):
        return value
    if value is None:
        return {}
    if value == "*":
        return {"*": ["*"]}
    if not isinstance(value, dict):
        raise NotAPolicy(f"{format_path(at)} is neither \"*\" nor an object", at)
    return {str(kind): listed(identifiers) for kind, identifiers in value.items()}


def _condition(value: Any, at: Path) -> dict[str, Any] | Unknown:
    if isinstance(value, Unknown):
        return value
    if not isinstance(value, dict):
        raise NotAPolicy(f"{format_path(at)} is not an object", at)
    conditions: dict[str, Any] = {}
    for test, keys in value.items():
        if isinstance(keys, Unknown):
            conditions[str(test)] = keys
        elif isinstance(keys, dict):
            conditions[str(test)] = {str(key): listed(values) for key, values in keys.items()}
        else:
            raise NotAPolicy(f"{format_path((*at, str(test)))} is not an object", (*at, str(test)))
    return conditions


# --- data "aws_iam_policy_document" statement blocks ---------------------------------------


def statements_of_blocks(blocks: Any) -> list[Any] | Unknown:
    """The normalized statements of a data.aws_iam_policy_document's `statement` blocks."""
    if isinstance(blocks, Unknown):
        return blocks
    return [_block_statement(block, index) for index, block in enumerate(listed(blocks or []))]


def _block_statement(block: Any, index: int) -> dict[str, Any] | Unknown:
    if isinstance(block, Unknown):
        return block
    if not isinstance(block, dict):
        return Unknown("a statement block that can't be read")
    statement: dict[str, Any] = {"at": format_path(("statement", index))}
    if block.get("sid") is not None:
        statement["Sid"] = block["sid"]
    statement["Effect"] = block.get("effect") or "Allow"  # the data source's default
    for name in LISTS:
        if block.get(BLOCK_NAMES[name]) is not None:
            statement[name] = listed(block[BLOCK_NAMES[name]])
    for name in PRINCIPALS:
        if block.get(BLOCK_NAMES[name]):
            statement[name] = _block_principals(block[BLOCK_NAMES[name]])
    if block.get("condition"):
        statement["Condition"] = _block_conditions(block["condition"])
    return statement


def _block_principals(blocks: Any) -> dict[str, Any] | Unknown:
    if isinstance(blocks, Unknown):
        return blocks
    principals: dict[str, Any] = {}
    for block in listed(blocks):
        if not isinstance(block, dict):
            return Unknown("a principals block that can't be read")
        kind = block.get("type")
        if isinstance(kind, Unknown):
            return kind
        identifiers = listed(block.get("identifiers") or [])
        # identifiers that can't be resolved: one unknown principal beside the known ones
        principals.setdefault(str(kind), []).extend(
            [identifiers] if isinstance(identifiers, Unknown) else identifiers)
    return principals


def _block_conditions(blocks: Any) -> dict[str, Any] | Unknown:
    if isinstance(blocks, Unknown):
        return blocks
    conditions: dict[str, Any] = {}
    for block in listed(blocks):
        if not isinstance(block, dict):
            return Unknown("a condition block that can't be read")
        test, variable = block.get("test"), block.get("variable")
        if isinstance(test, Unknown) or isinstance(variable, Unknown):
            return Unknown("a condition with an unknown test or variable")
        values = block.get("values")
        conditions.setdefault(str(test), {})[str(variable)] = \
            listed(values) if values is not None else []
    return conditions


# --- lines ---------------------------------------------------------------------------------
#
# A walk over text already known to be valid JSON, down to the elements of each statement;
# every other value is skipped with raw_decode (C speed).


def _lines(text: str) -> dict[str, int]:
    starts = [0] + [match.end() for match in re.finditer(r"\r\n|\r|\n", text)]
    lines: dict[str, int] = {}

    def line(pos: int) -> int:
        return bisect_right(starts, pos)

    def skip_space(pos: int) -> int:
        return _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]

    def value(pos: int, path: Path) -> int:
        """Record the lines below the value at `pos`; return where it ends."""
        wanted = len(path) < 3 and (not path or path[0] == "Statement")
        if not wanted or text[pos] not in "{[":
            return _DECODER.raw_decode(text, pos)[1]
        closing, index = ("}" if text[pos] == "{" else "]"), 0
        pos = skip_space(pos + 1)
        while text[pos] != closing:
            child: Path
            if closing == "}":
                key, end = _scanstring(text, pos + 1)
                child = (*path, key)
                lines[format_path(child)] = line(pos)
                pos = skip_space(skip_space(end) + 1)  # past ':'
            else:
                child = (*path, index)
                lines[format_path(child)] = line(pos)
                index += 1
            pos = skip_space(value(pos, child))
            if text[pos] == ",":
                pos = skip_space(pos + 1)
        return pos + 1

    value(skip_space(0), ())
    return lines
