"""Evaluating conditions: each condition of the catalog is compiled once into a closure.

Interpreting a condition's mapping on every resource (which operator? which keys? what does
it read? how is it worded?) cost more than the comparisons themselves: the language's meaning
is in conditions.py (paths, comparisons, wording); here each node is turned into a function
`(evaluator, resource, value, base) -> Outcome` with all of that decided in advance, so a
scan only walks attributes and compares. Compiled closures are kept by the condition's
identity (the catalog's conditions live as long as the process), like its description.

Outcomes are exactly those of reading the condition afresh: every operand of `and`/`or` is
evaluated (a named check's side effects and errors stay as they were), and a quantifier's
item that is None is read, as before, as the resource itself.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from compliance.evaluate.conditions import (
    ITEM_KEY,
    LEAF_OPERATORS,
    MISSING,
    NUMERIC_OPERATORS,
    all_of,
    compare,
    compare_number,
    compile_path,
    describe,
    missing_path,
    path_matches,
    per_condition,
    resolve,
)
from compliance.model import Outcome, Path, Resource, Status, Unknown, format_path
from compliance.resolve.graph import matches_glob

PythonCheck = Callable[..., Outcome]
Compiled = Callable[["Evaluator", Resource, Any, Path], Outcome]
# (resource, value, base) -> [(absolute path, value)] a path reaches
Targets = Callable[[Resource, Any, Path], list[tuple[Path, Any]]]

PASS, FAIL, UNKNOWN = Status.PASS, Status.FAIL, Status.UNKNOWN


class Evaluator:
    """Evaluates conditions against resources, with the scan's context for connections."""

    def __init__(self, context: "Any", python_checks: dict[str, PythonCheck]):
        self.context = context
        self.python_checks = python_checks
        self._dangling: dict[tuple[tuple[str, ...], Path], dict[str, str]] = {}

    def evaluate(self, condition: dict[str, Any], resource: Resource,
                 value: Any = None, base: Path = ()) -> Outcome:
        """Evaluate on `resource`; `value`/`base` are the element a quantifier is visiting."""
        return compiled(condition)(self, resource, value, base)

    def dangling_links(self, types: tuple[str, ...], via: Path) -> dict[str, str]:
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


_COMPILED: dict[int, tuple[Any, Any]] = {}


def compiled(condition: dict[str, Any]) -> Compiled:
    """The closure of `condition`, compiled on first use."""
    return per_condition(_COMPILED, condition, _compile)


def _compile(condition: dict[str, Any]) -> Compiled:
    for key, compile_node in _COMPILERS:
        if key in condition:
            return compile_node(condition)
    return _compile_leaf(condition)


def _compile_unknown(condition: dict[str, Any]) -> Compiled:
    """What the control leaves to people, at the item visited."""
    reason, expected = condition["unknown"], describe(condition)
    return lambda ev, resource, value, base: Outcome(UNKNOWN, base, reason, expected)


# --- and, or, not ---------------------------------------------------------------------------


def _compile_and(condition: dict[str, Any]) -> Compiled:
    parts = [compiled(c) for c in condition["and"]]
    expected = describe(condition)

    def evaluate_and(ev: Evaluator, resource: Resource, value: Any, base: Path) -> Outcome:
        outcomes = [part(ev, resource, value, base) for part in parts]
        return all_of(outcomes, Outcome(PASS, (), None, expected))
    return evaluate_and


def _compile_or(condition: dict[str, Any]) -> Compiled:
    parts = [compiled(c) for c in condition["or"]]
    expected = describe(condition)

    def evaluate_or(ev: Evaluator, resource: Resource, value: Any, base: Path) -> Outcome:
        return _one_of([part(ev, resource, value, base) for part in parts], expected)
    return evaluate_or


def _one_of(outcomes: list[Outcome], expected: str) -> Outcome:
    """Three-valued "or": the first pass, else the first unknown, else a failure at the first
    operand's attribute."""
    for outcome in outcomes:
        if outcome.status is PASS:
            return outcome
    for outcome in outcomes:
        if outcome.status is UNKNOWN:
            return outcome
    first = outcomes[0] if outcomes else Outcome.failed()
    return Outcome(FAIL, first.path, first.observed, expected)


_FLIPPED = {PASS: FAIL, FAIL: PASS}


def _compile_not(condition: dict[str, Any]) -> Compiled:
    inner = compiled(condition["not"])
    expected = describe(condition)

    def evaluate_not(ev: Evaluator, resource: Resource, value: Any, base: Path) -> Outcome:
        outcome = inner(ev, resource, value, base)
        status = _FLIPPED.get(outcome.status, outcome.status)
        return Outcome(status, outcome.path, outcome.observed, expected)
    return evaluate_not


# --- paths ----------------------------------------------------------------------------------


def _targets(text: str) -> Targets:
    """The matches of a path (plain, `$anchor.rest` or `@key`) as a function."""
    if text == ITEM_KEY:  # the key or index of the item a quantifier is visiting
        return lambda resource, value, base: [(base, base[-1])] if base else []
    if not text.startswith("$"):
        rest = compile_path(text)
        return lambda resource, value, base: resolve(value, rest, base)
    name, _, tail = text[1:].partition(".")
    rest = compile_path(tail) if tail else ()

    def anchored_targets(resource: Resource, value: Any, base: Path) -> list[tuple[Path, Any]]:
        matches: list[tuple[Path, Any]] = []
        for anchor in resource.anchors.get(name, ()):
            prefix = compile_path(anchor)
            if not prefix:  # an anchor at the top: the value visited, as a plain path
                matches += resolve(value, rest, base)
                continue
            for anchor_path, anchor_value in resolve(resource.attributes, prefix):
                matches += resolve(anchor_value, rest, anchor_path)
        return matches
    return anchored_targets


def _elements(targets: Targets, resource: Resource, value: Any,
              base: Path) -> list[tuple[Path, Any]]:
    """The items a quantifier or count visits: each item of a list the path reaches, or each
    value it reaches (a mapping's values with `[*]`)."""
    elements: list[tuple[Path, Any]] = []
    for path, found in targets(resource, value, base):
        if isinstance(found, list):
            elements += [(path + (i,), item) for i, item in enumerate(found)]
        elif found is not None:
            elements.append((path, found))
    return elements


# --- leaf conditions ------------------------------------------------------------------------


def _compile_leaf(condition: dict[str, Any]) -> Compiled:
    op = next(o for o in LEAF_OPERATORS if o in condition)
    operand = condition[op]
    ignore_case = bool(condition.get("ignore_case"))
    text = condition["path"]
    targets = _targets(text)
    judge = _comparator(op, operand, ignore_case)
    expected = describe(condition)
    # what an attribute that isn't there gives: the same on every resource
    missing = condition.get("default", MISSING)
    missing_status = PASS if compare(op, missing, operand, ignore_case) else FAIL
    missing_expected = expected
    if missing is not MISSING and "expected" not in condition:
        missing_expected += f" (unset means {json.dumps(missing)})"

    def evaluate_leaf(ev: Evaluator, resource: Resource, value: Any, base: Path) -> Outcome:
        if value is None:
            value = resource.attributes
        matches = targets(resource, value, base)
        if not matches:
            return Outcome(missing_status, missing_path(text, resource, value, base), None,
                           missing_expected)
        unknown = None
        for path, found in matches:
            result = judge(found)
            if result is False:
                return Outcome(FAIL, path, found, expected)
            if result is None and unknown is None:
                unknown = Outcome(UNKNOWN, path, found, expected)
        if unknown:
            return unknown
        path, found = matches[0]
        return Outcome(PASS, path, found, expected)
    return evaluate_leaf


def _comparator(op: str, operand: Any, ignore_case: bool) -> Callable[[Any], bool | None]:
    """`_compare` with its operator and operand bound; the commonest cases without its chain
    of tests (the same answers: a string operand is only ever equal to the same string)."""
    if not ignore_case and op in ("equals", "not_equals") and type(operand) is str:
        same = op == "equals"
        return lambda found: compare(op, found, operand) if isinstance(found, Unknown) \
            else (found == operand) is same
    if op in ("equals", "not_equals") and isinstance(operand, bool):
        same = op == "equals"
        return lambda found: compare(op, found, operand, ignore_case) \
            if isinstance(found, Unknown) else _is_bool(found, operand) is same
    if not ignore_case and op in ("in", "not_in") and operand \
            and all(type(o) is str for o in operand):
        texts, inside = frozenset(operand), op == "in"
        return lambda found: compare(op, found, operand) if isinstance(found, Unknown) \
            else (type(found) is str and found in texts) is inside
    if op in ("exists", "absent"):
        wanted = bool(operand)
        present_passes = (op == "exists") == wanted
        return lambda found: (op == "exists") if isinstance(found, Unknown) \
            else (found is not None) is present_passes
    return lambda found: compare(op, found, operand, ignore_case)


def _is_bool(found: Any, operand: bool) -> bool:
    """`_equal(found, operand)` for a boolean operand: a boolean, or the text "true"/"false" in
    any case (as Terraform converts it); nothing else equals a boolean."""
    if isinstance(found, bool):
        return found is operand
    if isinstance(found, str):
        return _BOOL_TEXT.get(found.lower()) is operand
    return False


_BOOL_TEXT = {"true": True, "false": False}


# --- quantifiers ----------------------------------------------------------------------------


def _selector(spec: dict[str, Any]) -> Callable[[Evaluator, Resource, Path, Any], Status]:
    """Whether an item is one the quantifier's `where` selects (PASS when it has none)."""
    if "where" not in spec:
        return lambda ev, resource, path, element: PASS
    where = compiled(spec["where"])

    def selected(ev: Evaluator, resource: Resource, path: Path, element: Any) -> Status:
        if isinstance(element, Unknown):
            return UNKNOWN
        return where(ev, resource, element, path).status
    return selected


def _compile_quantified(condition: dict[str, Any]) -> Compiled:
    quantifier = "any" if "any" in condition else "all"
    spec = condition[quantifier]
    text = spec["path"]
    targets = _targets(text)
    selected = _selector(spec)
    inner = compiled(spec["condition"])
    expected = describe(condition)
    # an item that may or may not be selected can't make `any` pass or `all` fail
    decisive = PASS if quantifier == "any" else FAIL

    def evaluate_quantified(ev: Evaluator, resource: Resource, value: Any,
                            base: Path) -> Outcome:
        if value is None:
            value = resource.attributes
        outcomes = []
        for path, element in _elements(targets, resource, value, base):
            chosen = selected(ev, resource, path, element)
            if chosen is FAIL:
                continue
            if isinstance(element, Unknown):
                outcome = Outcome(UNKNOWN, path, element, expected)
            else:
                outcome = inner(ev, resource, element, path)
            if chosen is UNKNOWN and outcome.status is decisive:
                outcome = Outcome(UNKNOWN, outcome.path, outcome.observed, outcome.expected)
            outcomes.append(outcome)
        if quantifier == "all":
            return all_of(outcomes, Outcome(PASS, (), None, expected))
        if not outcomes:
            return Outcome(FAIL, missing_path(text, resource, value, base), None, expected)
        return _one_of(outcomes, expected)
    return evaluate_quantified


def _compile_count(condition: dict[str, Any]) -> Compiled:
    spec = condition["count"]
    text = spec["path"]
    targets = _targets(text)
    selected = _selector(spec)
    op = next(o for o in NUMERIC_OPERATORS if o in condition)
    operand = condition[op]
    expected = describe(condition)

    def evaluate_count(ev: Evaluator, resource: Resource, value: Any, base: Path) -> Outcome:
        if value is None:
            value = resource.attributes
        elements = _elements(targets, resource, value, base)
        sure, maybe = 0, 0
        for path, element in elements:
            chosen = selected(ev, resource, path, element)
            if chosen is PASS and not isinstance(element, Unknown):
                sure += 1
            elif chosen is not FAIL:
                maybe += 1  # an unknown item, or one `where` can't decide
        results = {compare_number(op, n, operand) for n in range(sure, sure + maybe + 1)}
        path = (elements[0][0][:-1] if elements and isinstance(elements[0][0][-1], int)
                else missing_path(text, resource, value, base))
        observed = sure if not maybe else f"{sure} to {sure + maybe}"
        if results == {True}:
            return Outcome(PASS, path, observed, expected)
        if results == {False}:
            return Outcome(FAIL, path, observed, expected)
        return Outcome(UNKNOWN, path, observed, expected)
    return evaluate_count


# --- connections and named checks -----------------------------------------------------------


def _compile_connected(condition: dict[str, Any]) -> Compiled:
    spec = condition["connected"]
    expected = describe(condition)
    types = spec["types"]
    type_tuple = tuple(types)
    via = compile_path(spec["via"]) if spec.get("via") else None
    where = compiled(spec["where"]) if spec.get("where") is not None else None
    referenced_by = spec["direction"] == "referenced_by"
    matching: dict[str, bool] = {}  # resource type -> whether a pattern of `types` matches

    def evaluate_connected(ev: Evaluator, resource: Resource, value: Any,
                           base: Path) -> Outcome:
        graph = ev.context.graph
        edges = graph.referrers(resource) if referenced_by else graph.references(resource)
        undecided: Outcome | None = None
        for other, path in edges:
            wanted = matching.get(other.type)
            if wanted is None:
                wanted = matching[other.type] = any(matches_glob(other.type, t)
                                                    for t in types)
            if not wanted:
                continue
            if via is not None and not path_matches(path, via):
                continue
            status = PASS if where is None else where(ev, other, None, ()).status
            if status is PASS:
                return Outcome(PASS, (), other.address, expected)
            if status is UNKNOWN and undecided is None:
                undecided = Outcome(UNKNOWN, (), f"{other.address} may not meet the condition",
                                    expected)
        if undecided:
            return undecided
        if referenced_by and via is not None:
            dangling = ev.dangling_links(type_tuple, via).get(resource.scope)
            if dangling:
                return Outcome(UNKNOWN, (), dangling, expected)
        return Outcome(FAIL, (), None, expected)
    return evaluate_connected


def _compile_python(condition: dict[str, Any]) -> Compiled:
    name = condition["python"]
    args = condition.get("args", {})

    def evaluate_python(ev: Evaluator, resource: Resource, value: Any, base: Path) -> Outcome:
        return ev.python_checks[name](resource, ev.context, **args)
    return evaluate_python


# the key that makes a condition of each kind, in the order they are recognized
_COMPILERS: tuple[tuple[str, Callable[[dict[str, Any]], Compiled]], ...] = (
    ("and", _compile_and), ("or", _compile_or), ("not", _compile_not),
    ("any", _compile_quantified), ("all", _compile_quantified), ("count", _compile_count),
    ("connected", _compile_connected), ("python", _compile_python),
    ("unknown", _compile_unknown))
