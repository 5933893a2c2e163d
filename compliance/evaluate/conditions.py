"""The condition language: attribute paths, comparisons and wording (evaluator.py compiles
conditions into functions with them).

A condition describes the state a resource must be in to pass. Conditions are YAML mappings
(see docs/conditions.md):

    {path: P, <operator>: operand [, default: V] [, ignore_case: true]}
        exists absent equals not_equals in not_in intersects none_of matches contains
        gt gte lt lte
    {and: [C, ...]}  {or: [C, ...]}  {not: C}
    {any: {path: P, [where: C,] condition: C}}  {all: {path: P, [where: C,] condition: C}}
    {count: {path: P, [where: C]}, <gt|gte|lt|lte|equals>: N}
    {connected: {direction: referenced_by|references, types: [T, ...], via: P, where: C}}
    {python: NAME, args: {...}}                      a named check in compliance.evaluate.checks
    {unknown: REASON}                                always unknown: a case left to people

Evaluation is three-valued: a condition is true (pass), false (fail) or unknown, when the value
that would decide it cannot be resolved statically. Unknown never turns into pass or fail.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Callable

from compliance.model import (
    Outcome,
    Path,
    Resource,
    Status,
    Unknown,
    known_pieces,
    may_be,
    parse_path,
    patterns,
)
from compliance.model.identity import identity

LEAF_OPERATORS = ("exists", "absent", "equals", "not_equals", "in", "not_in", "intersects",
                  "none_of", "matches", "contains", "gt", "gte", "lt", "lte")
NUMERIC_OPERATORS = ("gt", "gte", "lt", "lte", "equals")
# inside any/all/count: the key (of a mapping) or index (of a list) of the item visited
ITEM_KEY = "@key"
MISSING = object()


# --- attribute paths ----------------------------------------------------------------------


@lru_cache(maxsize=4096)
def compile_path(text: str) -> Path:
    return parse_path(text)


def resolve(value: Any, pattern: Path, prefix: Path = ()) -> list[tuple[Path, Any]]:
    """(concrete path, value) for each match of `pattern` under `value`.

    A key applied to a list applies to each item (Terraform keeps nested blocks in lists), `*`
    matches any key or index, and an Unknown met on the way is given as the value: whatever
    lies below it is unknown too. Nothing is given for a path that does not exist. (A list,
    not a generator: every condition on every resource reads paths, and nested generators
    cost time at each step.)
    """
    found: list[tuple[Path, Any]] = []
    _resolve_into(value, pattern, prefix, found)
    return found


def _resolve_into(value: Any, pattern: Path, prefix: Path,
                  found: list[tuple[Path, Any]]) -> None:
    # down through mappings by name without a call per step: most paths are only that
    while pattern and type(value) is dict:
        step = pattern[0]
        if step == "*":
            break
        if step not in value:
            return
        value, pattern, prefix = value[step], pattern[1:], prefix + (step,)
    if not pattern or isinstance(value, Unknown):
        found.append((prefix, value))
        return
    step, rest = pattern[0], pattern[1:]
    if isinstance(value, list):
        if isinstance(step, int):
            if -len(value) <= step < len(value):
                _resolve_into(value[step], rest, prefix + (step % len(value),), found)
            return
        remaining = rest if step == "*" else pattern
        for index, item in enumerate(value):
            _resolve_into(item, remaining, prefix + (index,), found)
        return
    if isinstance(value, dict):
        if step == "*":
            for key, item in value.items():
                _resolve_into(item, rest, prefix + (key,), found)
        elif step in value:
            _resolve_into(value[step], rest, prefix + (step,), found)


def anchored(resource: Resource, text: str) -> list[tuple[Path, Path]]:
    """Split `$anchor.rest` into (anchor prefix, rest) for each prefix the resource names.

    A plain path yields one pair with an empty prefix. A resource without the anchor yields
    none: the condition does not apply to it.
    """
    if not text.startswith("$"):
        return [((), compile_path(text))]
    name, _, rest = text[1:].partition(".")
    prefixes = resource.anchors.get(name, [])
    rest_path = compile_path(rest) if rest else ()
    return [(compile_path(p), rest_path) for p in prefixes]


# --- comparisons --------------------------------------------------------------------------


def _coerce(value: Any, like: Any) -> Any:
    """Terraform converts "true" to true and "443" to 443 where a bool or number is expected."""
    if isinstance(value, str):
        if isinstance(like, bool):
            return {"true": True, "false": False}.get(value.lower(), value)
        if isinstance(like, (int, float)):
            try:
                return float(value) if "." in value else int(value)
            except ValueError:
                return value
    return value


def _folded(value: Any, ignore_case: bool) -> Any:
    return value.casefold() if ignore_case and isinstance(value, str) else value


def _equal(value: Any, expected: Any, ignore_case: bool = False) -> bool:
    if isinstance(expected, bool) != isinstance(value, bool) and not isinstance(value, str):
        return False
    return _folded(_coerce(value, expected), ignore_case) == _folded(expected, ignore_case)


def _any_equal(value: Any, operands: list[Any], ignore_case: bool) -> bool | None:
    """Whether `value` (an item, or any item of a list) equals one of `operands`; None when an
    Unknown item could."""
    items = value if isinstance(value, list) else [value]
    if any(_equal(item, o, ignore_case) for item in items if not isinstance(item, Unknown)
           for o in operands):
        return True
    return None if any(isinstance(item, Unknown) for item in items) else False


def _contains(value: Any, item: Any, ignore_case: bool = False) -> bool | None:
    """None when an Unknown inside the collection could be the item."""
    if isinstance(value, str):
        return isinstance(item, str) and _folded(item, ignore_case) in _folded(value, ignore_case)
    if isinstance(value, dict):
        return any(_folded(key, ignore_case) == _folded(item, ignore_case) for key in value)
    if isinstance(value, list):
        return _any_equal(value, [item], ignore_case)
    return False


def _number(value: Any) -> float | None:
    value = _coerce(value, 0)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def compare_number(op: str, number: float, operand: float) -> bool:
    return {"gt": number > operand, "gte": number >= operand, "lt": number < operand,
            "lte": number <= operand, "equals": number == operand}[op]


def compare(op: str, value: Any, operand: Any, ignore_case: bool = False) -> bool | None:
    """Apply a leaf operator; None means the answer is unknown."""
    if isinstance(value, Unknown):
        if op in ("exists", "absent"):
            return op == "exists"
        pieces = known_pieces(value)
        return _by_known_pieces(op, pieces, operand, ignore_case) if pieces else None
    present = value is not MISSING and value is not None
    if op == "exists":
        return present == bool(operand)
    if op == "absent":
        return (not present) == bool(operand)
    value = None if value is MISSING else value
    if op == "equals":
        return _equal(value, operand, ignore_case)
    if op == "not_equals":
        return not _equal(value, operand, ignore_case)
    if op == "in":
        return any(_equal(value, o, ignore_case) for o in operand)
    if op == "not_in":
        return not any(_equal(value, o, ignore_case) for o in operand)
    if op in ("intersects", "none_of"):
        found = _any_equal(value, operand, ignore_case) if value is not None else False
        return found if found is None or op == "intersects" else not found
    if op == "matches":
        return isinstance(value, str) and patterns.search(operand, value, ignore_case)
    if op == "contains":
        return _contains(value, operand, ignore_case)
    number = _number(value)
    if number is None:
        return False
    return compare_number(op, number, operand)


def _by_known_pieces(op: str, pieces: tuple[str | None, ...], operand: Any,
                     ignore_case: bool) -> bool | None:
    """A comparison of a string known only in part (`arn:${partition}:iam::aws:policy/X`)
    that its known pieces decide; None when a value the unknown parts could take would change
    the answer."""
    if None not in pieces:  # another resource's argument, as the configuration sets it
        return compare(op, pieces[0], operand, ignore_case)
    if op in ("equals", "not_equals", "in", "not_in", "intersects", "none_of"):
        operands = operand if op not in ("equals", "not_equals") else [operand]
        if not all(isinstance(o, str) for o in operands):
            return None
        if any(may_be(pieces, o, ignore_case) for o in operands):
            return None
        return op in ("not_equals", "not_in", "none_of")
    if op == "contains" and isinstance(operand, str):
        item = _folded(operand, ignore_case)
        return True if any(p is not None and item in _folded(p, ignore_case) for p in pieces) \
            else None
    if op == "matches":
        literal = _literal_pattern(operand)
        return _literal_match(pieces, literal, ignore_case) if literal else None
    return None


_REGEX_SPECIAL = set(".^$*+?{}[]|()\\")


def _literal_pattern(pattern: str) -> tuple[bool, str, bool] | None:
    """(anchored at the start, literal text, anchored at the end) of a pattern that is a
    plain text (`^arn:aws:`, `/AdministratorAccess$`), or None for a real regular expression."""
    start = pattern.startswith("^")
    end = pattern.endswith("$") and not pattern.endswith("\\$")
    body = pattern[int(start): len(pattern) - int(end)]
    literal: list[str] = []
    escaped = False
    for char in body:
        if escaped:
            if char.isalnum():
                return None  # \d, \S, \b: a class, not a character
            literal.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in _REGEX_SPECIAL:
            return None
        else:
            literal.append(char)
    if escaped or not literal:
        return None
    return start, "".join(literal), end


def _literal_match(pieces: tuple[str | None, ...], literal: tuple[bool, str, bool],
                   ignore_case: bool) -> bool | None:
    start, text, end = literal
    if ignore_case:
        text = text.casefold()
        pieces = tuple(p.casefold() if p is not None else None for p in pieces)
    if start and end:
        return None if may_be(pieces, text) else False
    if start or end:
        known = (pieces[0] if start else pieces[-1]) or ""
        if known.startswith(text) if start else known.endswith(text):
            return True
        common = min(len(known), len(text))
        if start:
            agree = known[:common] == text[:common]
        else:
            agree = common == 0 or known[-common:] == text[-common:]
        return None if agree else False
    return True if any(p is not None and text in p for p in pieces) else None


_DESCRIPTIONS: dict[int, tuple[Any, Any]] = {}


def per_condition(memo: dict[int, tuple[Any, Any]], condition: dict[str, Any],
                  make: Callable[[dict[str, Any]], Any]) -> Any:
    """`make(condition)`, remembered in `memo` by the condition's identity (a catalog's
    conditions live as long as the process; the entry holds the condition, so its id is not
    reused while remembered)."""
    cached = memo.get(identity(condition))
    if cached is not None and cached[0] is condition:
        return cached[1]
    made = make(condition)
    memo[identity(condition)] = (condition, made)
    return made


def describe(condition: dict[str, Any]) -> str:
    """A short human reading of a condition, used as the evidence's expectation (described
    once, not once per resource)."""
    return per_condition(_DESCRIPTIONS, condition, _describe)


def _describe(condition: dict[str, Any]) -> str:
    if "expected" in condition:
        return condition["expected"]
    for key in ("and", "or"):
        if key in condition:
            return f" {key} ".join(f"({describe(c)})" for c in condition[key])
    if "not" in condition:
        return f"not ({describe(condition['not'])})"
    for key in ("any", "all"):
        if key in condition:
            spec = condition[key]
            where = f" where ({describe(spec['where'])})" if "where" in spec else ""
            return f"{key} {spec['path']}{where}: {describe(spec['condition'])}"
    if "count" in condition:
        spec = condition["count"]
        where = f" where ({describe(spec['where'])})" if "where" in spec else ""
        op = next(o for o in NUMERIC_OPERATORS if o in condition)
        return f"the number of {spec['path']}{where} {_COUNT_WORDS[op]} {condition[op]}"
    if "connected" in condition:
        spec = condition["connected"]
        types = ", ".join(spec["types"])
        via = f" through {spec['via']}" if spec.get("via") else ""
        verb = ("refers to this resource" if spec["direction"] == "referenced_by"
                else "is referenced")
        return f"a {types}{via} {verb}"
    if "python" in condition:
        return condition["python"].replace("_", " ")
    if "unknown" in condition:
        return condition["unknown"]
    op = next(o for o in LEAF_OPERATORS if o in condition)
    operand = condition[op]
    if op in ("exists", "absent"):
        return f"{condition['path']} is {'set' if (op == 'exists') == bool(operand) else 'not set'}"
    case = " (ignoring case)" if condition.get("ignore_case") else ""
    return f"{condition['path']} {_OPERATOR_WORDS.get(op, op.replace('_', ' '))} " \
           f"{json.dumps(operand)}{case}"


_OPERATOR_WORDS = {"intersects": "has one of", "none_of": "has none of"}
_COUNT_WORDS = {"gt": "is more than", "gte": "is at least", "lt": "is less than",
                "lte": "is at most", "equals": "is"}


# --- evaluation ---------------------------------------------------------------------------


def all_of(outcomes: list[Outcome], if_empty: Outcome) -> Outcome:
    """Three-valued "and": the first failure, else the first unknown, else the first pass."""
    for wanted in (Status.FAIL, Status.UNKNOWN):
        for outcome in outcomes:
            if outcome.status is wanted:
                return outcome
    return outcomes[0] if outcomes else if_empty


def missing_path(text: str, resource: Resource, value: Any, base: Path) -> Path:
    """Where a missing attribute would have been: the deepest part of the path that exists,
    then the rest of the pattern, so the evidence points at the block it is missing from."""
    for prefix, rest in anchored(resource, text):
        if prefix:
            starts = list(resolve(resource.attributes, prefix))
        else:
            starts = [(base, value)]
        if not starts:
            return prefix + tuple(p for p in rest if p != "*")
        path, found = starts[0]
        for index, step in enumerate(rest):
            if step == "*" and index == len(rest) - 1:
                return path  # no item (or none `where` selects): the collection itself
            following = next(iter(resolve(found, (step,), path)), None)
            if following is None:
                if isinstance(found, list) and found and isinstance(step, str):
                    path = path + (0,)  # a nested block that lacks the attribute
                return path + tuple(p for p in rest[index:] if p != "*")
            path, found = following
        return path
    return base


def path_matches(concrete: Path, pattern: Path) -> bool:
    """Whether a reference found at `concrete` lies at or below `pattern` (indexes ignored)."""
    keys = [p for p in concrete if not isinstance(p, int)]
    wanted = [p for p in pattern if not isinstance(p, int) and p != "*"]
    return keys[: len(wanted)] == wanted





