"""The condition language and the evaluation of controls over resources.

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

import fnmatch
import json
from functools import lru_cache
from typing import Any, Callable, Iterator

from compliance.model import (
    Outcome,
    Path,
    Resource,
    Status,
    Unknown,
    format_path,
    known_pieces,
    may_be,
    parse_path,
    patterns,
)

LEAF_OPERATORS = ("exists", "absent", "equals", "not_equals", "in", "not_in", "intersects",
                  "none_of", "matches", "contains", "gt", "gte", "lt", "lte")
NUMERIC_OPERATORS = ("gt", "gte", "lt", "lte", "equals")
# inside any/all/count: the key (of a mapping) or index (of a list) of the item visited
ITEM_KEY = "@key"
_MISSING = object()


# --- attribute paths ----------------------------------------------------------------------


@lru_cache(maxsize=4096)
def compile_path(text: str) -> Path:
    return parse_path(text)


def resolve(value: Any, pattern: Path, prefix: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Yield (concrete path, value) for each match of `pattern` under `value`.

    A key applied to a list applies to each item (Terraform keeps nested blocks in lists), `*`
    matches any key or index, and an Unknown met on the way is yielded as the value: whatever
    lies below it is unknown too. Nothing is yielded for a path that does not exist.
    """
    if not pattern:
        yield prefix, value
        return
    if isinstance(value, Unknown):
        yield prefix, value
        return
    step, rest = pattern[0], pattern[1:]
    if isinstance(value, list):
        if isinstance(step, int):
            if -len(value) <= step < len(value):
                yield from resolve(value[step], rest, prefix + (step % len(value),))
            return
        remaining = rest if step == "*" else pattern
        for index, item in enumerate(value):
            yield from resolve(item, remaining, prefix + (index,))
        return
    if isinstance(value, dict):
        if step == "*":
            for key, item in value.items():
                yield from resolve(item, rest, prefix + (key,))
        elif step in value:
            yield from resolve(value[step], rest, prefix + (step,))


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


def _compare(op: str, value: Any, operand: Any, ignore_case: bool = False) -> bool | None:
    """Apply a leaf operator; None means the answer is unknown."""
    if isinstance(value, Unknown):
        if op in ("exists", "absent"):
            return op == "exists"
        pieces = known_pieces(value)
        return _by_known_pieces(op, pieces, operand, ignore_case) if pieces else None
    present = value is not _MISSING and value is not None
    if op == "exists":
        return present == bool(operand)
    if op == "absent":
        return (not present) == bool(operand)
    value = None if value is _MISSING else value
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
        return _compare(op, pieces[0], operand, ignore_case)
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


_DESCRIPTIONS: dict[int, tuple[dict[str, Any], str]] = {}


def describe(condition: dict[str, Any]) -> str:
    """A short human reading of a condition, used as the evidence's expectation.

    Memoized by identity: a catalog's conditions live as long as the scan and are described
    once per resource otherwise."""
    cached = _DESCRIPTIONS.get(id(condition))
    if cached is not None and cached[0] is condition:
        return cached[1]
    text = _describe(condition)
    _DESCRIPTIONS[id(condition)] = (condition, text)
    return text


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
        verb = "refers to this resource" if spec["direction"] == "referenced_by" else "is referenced"
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


PythonCheck = Callable[..., Outcome]


class Evaluator:
    """Evaluates conditions against resources, with the scan's context for connections."""

    def __init__(self, context: "Any", python_checks: dict[str, PythonCheck]):
        self.context = context
        self.python_checks = python_checks
        self._dangling: dict[tuple[tuple[str, ...], Path], dict[str, str]] = {}

    def evaluate(self, condition: dict[str, Any], resource: Resource,
                 value: Any = None, base: Path = ()) -> Outcome:
        """Evaluate on `resource`; `value`/`base` are the element a quantifier is visiting."""
        if value is None:
            value = resource.attributes
        if "and" in condition:
            return self._all_of(condition, [self.evaluate(c, resource, value, base)
                                            for c in condition["and"]])
        if "or" in condition:
            return self._one_of(condition, [self.evaluate(c, resource, value, base)
                                            for c in condition["or"]])
        if "not" in condition:
            inner = self.evaluate(condition["not"], resource, value, base)
            flipped = {Status.PASS: Status.FAIL, Status.FAIL: Status.PASS}.get(inner.status,
                                                                                inner.status)
            return Outcome(flipped, inner.path, inner.observed, describe(condition))
        if "any" in condition or "all" in condition:
            return self._quantified(condition, resource, value, base)
        if "count" in condition:
            return self._count(condition, resource, value, base)
        if "connected" in condition:
            return self._connected(condition, resource)
        if "python" in condition:
            check = self.python_checks[condition["python"]]
            return check(resource, self.context, **condition.get("args", {}))
        if "unknown" in condition:  # what the control leaves to people, at the item visited
            return Outcome.unknown(base, condition["unknown"], describe(condition))
        return self._leaf(condition, resource, value, base)

    @staticmethod
    def _all_of(condition: dict[str, Any], outcomes: list[Outcome]) -> Outcome:
        return all_of(outcomes, Outcome.passed(expected=describe(condition)))

    @staticmethod
    def _one_of(condition: dict[str, Any], outcomes: list[Outcome]) -> Outcome:
        for outcome in outcomes:
            if outcome.status is Status.PASS:
                return outcome
        for outcome in outcomes:
            if outcome.status is Status.UNKNOWN:
                return outcome
        first = outcomes[0] if outcomes else Outcome.failed()
        return Outcome(Status.FAIL, first.path, first.observed, describe(condition))

    def _targets(self, text: str, resource: Resource, value: Any,
                 base: Path) -> list[tuple[Path, Any, Path]]:
        """(absolute path, value, pattern) matches for a possibly anchored path."""
        if text == ITEM_KEY:  # the key or index of the item a quantifier is visiting
            return [(base, base[-1], base)] if base else []
        matches = []
        for prefix, rest in anchored(resource, text):
            if prefix:
                for anchor_path, anchor_value in resolve(resource.attributes, prefix):
                    matches += [(p, v, anchor_path + rest)
                                for p, v in resolve(anchor_value, rest, anchor_path)]
            else:
                matches += [(p, v, base + rest) for p, v in resolve(value, rest, base)]
        return matches

    def _leaf(self, condition: dict[str, Any], resource: Resource, value: Any,
              base: Path) -> Outcome:
        op = next(o for o in LEAF_OPERATORS if o in condition)
        operand = condition[op]
        ignore_case = bool(condition.get("ignore_case"))
        expected = describe(condition)
        matches = self._targets(condition["path"], resource, value, base)
        if not matches:
            missing = condition.get("default", _MISSING)
            result = _compare(op, missing, operand, ignore_case)
            status = Status.PASS if result else Status.FAIL
            if missing is not _MISSING and "expected" not in condition:
                expected += f" (unset means {json.dumps(missing)})"
            return Outcome(status, _missing_path(condition["path"], resource, value, base), None,
                           expected)
        unknown = None
        for path, found, _ in matches:
            result = _compare(op, found, operand, ignore_case)
            if result is False:
                return Outcome.failed(path, found, expected)
            if result is None and unknown is None:
                unknown = Outcome.unknown(path, found, expected)
        if unknown:
            return unknown
        path, found, _ = matches[0]
        return Outcome.passed(path, found, expected)

    def _elements(self, text: str, resource: Resource, value: Any,
                  base: Path) -> list[tuple[Path, Any]]:
        """The items a quantifier or count visits: each item of a list the path reaches, or
        each value it reaches (a mapping's values with `[*]`)."""
        elements: list[tuple[Path, Any]] = []
        for path, found, _ in self._targets(text, resource, value, base):
            if isinstance(found, list):
                elements += [(path + (i,), item) for i, item in enumerate(found)]
            elif found is not None:
                elements.append((path, found))
        return elements

    def _selected(self, spec: dict[str, Any], resource: Resource, path: Path,
                  element: Any) -> Status:
        """Whether an item is one the quantifier's `where` selects (PASS when it has none)."""
        if "where" not in spec:
            return Status.PASS
        if isinstance(element, Unknown):
            return Status.UNKNOWN
        return self.evaluate(spec["where"], resource, element, path).status

    def _quantified(self, condition: dict[str, Any], resource: Resource, value: Any,
                    base: Path) -> Outcome:
        quantifier = "any" if "any" in condition else "all"
        spec = condition[quantifier]
        outcomes = []
        for path, element in self._elements(spec["path"], resource, value, base):
            selected = self._selected(spec, resource, path, element)
            if selected is Status.FAIL:
                continue
            if isinstance(element, Unknown):
                outcome = Outcome.unknown(path, element, describe(condition))
            else:
                outcome = self.evaluate(spec["condition"], resource, element, path)
            # an item that may or may not be selected can't make `any` pass or `all` fail
            decisive = Status.PASS if quantifier == "any" else Status.FAIL
            if selected is Status.UNKNOWN and outcome.status is decisive:
                outcome = Outcome(Status.UNKNOWN, outcome.path, outcome.observed, outcome.expected)
            outcomes.append(outcome)
        if quantifier == "all":
            return self._all_of(condition, outcomes)
        if not outcomes:
            return Outcome.failed(_missing_path(spec["path"], resource, value, base), None,
                                  describe(condition))
        return self._one_of(condition, outcomes)

    def _count(self, condition: dict[str, Any], resource: Resource, value: Any,
               base: Path) -> Outcome:
        spec = condition["count"]
        op = next(o for o in NUMERIC_OPERATORS if o in condition)
        expected = describe(condition)
        elements = self._elements(spec["path"], resource, value, base)
        sure, maybe = 0, 0
        for path, element in elements:
            selected = self._selected(spec, resource, path, element)
            if selected is Status.PASS and not isinstance(element, Unknown):
                sure += 1
            elif selected is not Status.FAIL:
                maybe += 1  # an unknown item, or one `where` can't decide
        results = {compare_number(op, n, condition[op]) for n in range(sure, sure + maybe + 1)}
        path = (elements[0][0][:-1] if elements and isinstance(elements[0][0][-1], int)
                else _missing_path(spec["path"], resource, value, base))
        observed = sure if not maybe else f"{sure} to {sure + maybe}"
        if results == {True}:
            return Outcome.passed(path, observed, expected)
        if results == {False}:
            return Outcome.failed(path, observed, expected)
        return Outcome.unknown(path, observed, expected)

    def _connected(self, condition: dict[str, Any], resource: Resource) -> Outcome:
        spec = condition["connected"]
        expected = describe(condition)
        graph = self.context.graph
        types = spec["types"]
        via = compile_path(spec["via"]) if spec.get("via") else None
        where = spec.get("where")
        if spec["direction"] == "referenced_by":
            edges = graph.referrers(resource)
        else:
            edges = graph.references(resource)
        undecided: Outcome | None = None
        for other, path in edges:
            if not any(fnmatch.fnmatchcase(other.type, t) for t in types):
                continue
            if via is not None and not _path_matches(path, via):
                continue
            status = Status.PASS if where is None else self.evaluate(where, other).status
            if status is Status.PASS:
                return Outcome.passed((), other.address, expected)
            if status is Status.UNKNOWN and undecided is None:
                undecided = Outcome.unknown((), f"{other.address} may not meet the condition",
                                            expected)
        if undecided:
            return undecided
        if spec["direction"] == "referenced_by" and via is not None:
            dangling = self._dangling_links(tuple(types), via).get(resource.scope)
            if dangling:
                return Outcome.unknown((), dangling, expected)
        return Outcome.failed((), None, expected)

    def _dangling_links(self, types: tuple[str, ...], via: Path) -> dict[str, str]:
        """By scope: a resource of `types` whose `via` link is unresolvable could point at
        any resource of its scope. Computed once per (types, via) for the whole scan."""
        key = (types, via)
        if key not in self._dangling:
            found: dict[str, str] = {}
            for other in self.context.index.of_types(types):
                if other.scope in found:
                    continue
                for path, value in resolve(other.attributes, via):
                    if isinstance(value, Unknown) and not value.refs:
                        found[other.scope] = f"{other.address}.{format_path(path)} is {value}"
                        break
            self._dangling[key] = found
        return self._dangling[key]


def _missing_path(text: str, resource: Resource, value: Any, base: Path) -> Path:
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


def _path_matches(concrete: Path, pattern: Path) -> bool:
    """Whether a reference found at `concrete` lies at or below `pattern` (indexes ignored)."""
    keys = [p for p in concrete if not isinstance(p, int)]
    wanted = [p for p in pattern if not isinstance(p, int) and p != "*"]
    return keys[: len(wanted)] == wanted





