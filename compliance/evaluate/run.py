"""Running the catalog: every check of every control on the resources of its types, each
outcome turned into a finding with its evidence (secrets masked).

The named Python checks are passed in (`compliance.evaluate.checks.CHECKS` in a scan), never
found through import side effects.
"""

from __future__ import annotations

import json
from operator import itemgetter
from typing import Any, Callable, Iterable, Mapping

from compliance.evaluate.conditions import describe
from compliance.evaluate.evaluator import Evaluator, compiled
from compliance.evaluate.remembered import Remembered, stays_in_scope
from compliance.model import (
    TERRAFORM_SHAPED,
    Control,
    Evidence,
    Finding,
    Outcome,
    Resource,
    ScanError,
    Status,
    Unknown,
)
from compliance.model.identity import identity
from compliance.model.masking import mask, mask_secrets_in
from compliance.model.values import path_prefixes
from compliance.processes.forked import ForkedHelpers
from compliance.resolve.graph import Graph, ResourceIndex

PythonChecks = Mapping[str, Callable[..., Outcome]]


class ScanContext:
    """What checks may look at beyond their own resource: the index, the graph, and the
    evaluator (with the named Python checks the scan was given)."""

    def __init__(self, resources: list[Resource], python_checks: PythonChecks | None = None):
        self.index = ResourceIndex(resources)
        self._graph = None
        self.evaluator = Evaluator(self, python_checks or {})
        # a check that failed on a resource (a defect of ours): the finding is unknown, and
        # the resource's file is named as not fully evaluated
        self.errors: list[ScanError] = []

    def release(self) -> None:
        """Part from the evaluator once the controls have run: the two refer to each other,
        and would otherwise keep the index and graph for the cyclic garbage collector."""
        self.evaluator.context = None

    @property
    def graph(self):
        if self._graph is None:  # built only when a control asks about connections
            self._graph = Graph(self.index)
        return self._graph


def _evidence(condition: Any, outcome: Outcome, resource: Resource, secret: bool) -> Evidence:
    name = str(outcome.path[-1]) if outcome.path else ""
    shown = path_prefixes(outcome.path)  # the path's text and its ancestors', built once
    return Evidence(
        attribute=shown[-1] if shown else "",
        observed=_observed(outcome.observed, secret, name),
        expected=outcome.expected or describe(condition),
        line=resource.line_of_prefixes(shown) or resource.location.start_line,
    )


def _failed_check(context: ScanContext, control: Control, resource: Resource,
                  exc: Exception) -> tuple[Outcome, Evidence]:
    """A check that raised on a resource: unknown, never a pass or a lost finding."""
    reason = f"internal error evaluating this check ({type(exc).__name__})"
    context.errors.append(ScanError(resource.location.file, resource.location.start_line,
                                    f"{control.id} on {resource.address}: {reason}"))
    outcome = Outcome.unknown((), Unknown(reason), "")
    return outcome, Evidence(attribute="", observed=reason, expected="",
                             line=resource.location.start_line)


def _observed(value: Any, secret: bool, name: str) -> Any:
    if isinstance(value, Unknown):
        return str(value)
    value = mask(value) if secret else mask_secrets_in(value, name)
    if isinstance(value, (dict, list)):
        text = json.dumps(value, default=str)
        return value if len(text) <= 300 else text[:297] + "..."
    return value


def _without_cloudformation_counterpart() -> frozenset[str]:
    # imported on the first CloudFormation resource only: other scans never read the table
    from compliance.resolve.cloudformation.shape import controls_without_counterpart
    return controls_without_counterpart()


def run_controls(controls: list[Control], context: ScanContext,
                 remembered: Remembered | None = None, helpers: int = 0) -> list[Finding]:
    """Evaluate every check of every control on the resources of its types; with
    `remembered`, a check that looks no further than its resource's scope takes what it said
    last time about a scope whose resources are unchanged (see `remembered`), and up to
    `helpers` forked processes evaluate such checks on some of the scopes it does not answer
    (`_ScopesAhead`)."""
    # (control's place, check's place, resource's place among the check's, finding): the order
    # in which the loop below visits, which the findings keep (their later sort is stable)
    found: list[tuple[int, int, int, Finding]] = []
    places = _check_places(controls) if remembered is not None else None
    # (two selected controls with one id, which a user's controls folder could give, leave
    # the remembered outcomes of a check unattributable: every scope is evaluated then)
    known_ids = remembered.known_ids if remembered is not None and places else set()
    replayed = _Replayed(places, context) if places else None
    ahead = _ScopesAhead.start(controls, context, remembered, replayed, helpers) \
        if remembered is not None and replayed is not None else None
    # what the checks that stay in scope leave to the replay below, or to `ahead`
    left = known_ids | ahead.ids if ahead is not None else known_ids
    for control_place, control in enumerate(controls):
        for check_place, check in enumerate(control.checks):
            local = remembered if remembered is not None and stays_in_scope(check) else None
            skipped = left if local is not None else ()
            visit = _Visit(control, check, context, local)
            for place, resource in enumerate(context.index.of_types(check.resource_types)):
                if identity(resource) in skipped:
                    continue
                finding = visit(resource)
                if finding is not None:
                    found.append((control_place, check_place, place, finding))
    if ahead is not None:
        found += ahead.finish()
    if known_ids or ahead is not None:
        found += replayed(remembered.replay())
        found.sort(key=itemgetter(0, 1, 2))
    return [item[3] for item in found]


class _Visit:
    """One check of one control, visiting resources of its types: the finding on each, noted
    in `local` when given, or None (the check is not for that resource, or its `where` leaves
    the resource out)."""

    __slots__ = ("control", "check", "context", "local", "secret", "where", "condition")

    def __init__(self, control: Control, check: Any, context: ScanContext,
                 local: Remembered | None):
        self.control, self.check, self.context, self.local = control, check, context, local
        self.secret = control.category == "secrets"
        self.where = self.condition = None  # compiled on the first visit, inside its `try`

    def __call__(self, resource: Resource) -> Finding | None:
        control, check, local = self.control, self.check, self.local
        if resource.platform != check.platform and not (
                check.platform == "terraform" and resource.platform in TERRAFORM_SHAPED):
            return None
        if resource.platform == "cloudformation" and \
                control.id in _without_cloudformation_counterpart():
            return None
        if any(a not in resource.anchors for a in check.anchors):
            return None
        evaluator = self.context.evaluator
        try:
            condition = self.condition
            if condition is None:
                self.where = compiled(check.where) if check.where else None
                condition = self.condition = compiled(check.condition)
            where = self.where
            scope = where(evaluator, resource, None, ()) if where else None
            if scope is not None and scope.status is Status.FAIL:
                if local is not None:
                    local.note(resource, control.id, check.id, None)
                return None  # the check does not apply to this resource
            outcome = condition(evaluator, resource, None, ())
            if scope is not None and scope.status is Status.UNKNOWN \
                    and outcome.status is Status.FAIL:
                # it fails only if it applies, and whether it applies can't be known
                outcome = Outcome.unknown(scope.path, scope.observed, outcome.expected)
            evidence = _evidence(check.condition, outcome, resource, self.secret)
        except Exception as exc:  # noqa: BLE001 - RecursionError too: one resource
            outcome, evidence = _failed_check(self.context, control, resource, exc)
            if local is not None:
                local.failed(resource)  # its scope is evaluated afresh next time
        else:
            if local is not None:
                local.note(resource, control.id, check.id, outcome.status, evidence)
        return Finding(control.id, check.id, control.title, control.category,
                       control.severity, outcome.status, resource, evidence)


# scopes the cache does not answer holding fewer resources than this are evaluated without
# helpers: forking costs more than it saves
MIN_RESOURCES_FOR_HELPERS = 1000
# what recalling a scope a helper evaluated, and replaying its findings, costs this process,
# as a share of evaluating it (measured on the corpus: 0.08 s for 0.52 s of a helper's work)
REPLAY_SHARE = 0.15


class _ScopesAhead:
    """The checks that stay in scope, on the scopes `remembered` does not answer, evaluated
    scope by scope: helpers take scopes from the end, evaluate them and store what they said
    as remembered outcomes (compliance/processes/forked.py); this process takes them from the
    front once the rest of the catalog has run, then recalls the helpers' scopes, whose
    findings the replay gives. What is remembered replays exactly as evaluating would."""

    def __init__(self, controls: list[Control], context: ScanContext, remembered: Remembered,
                 replayed: _Replayed, scopes: list[Any]):
        self.context, self.remembered, self.scopes = context, remembered, scopes
        self.replayed = replayed
        self.ids = {identity(resource) for scope in scopes for resource in scope.resources}
        # by scope, each in-scope check that has resources there, in the loop's order, with
        # those resources at their place among the check's
        self.plan: dict[str, list[tuple[int, int, _Visit, list[tuple[int, Resource]]]]] = {}
        by_types: dict[tuple[str, ...], dict[str, list[tuple[int, Resource]]]] = {}
        for control_place, control in enumerate(controls):
            for check_place, check in enumerate(control.checks):
                if not stays_in_scope(check):
                    continue
                types = tuple(check.resource_types)
                by_scope = by_types.get(types)
                if by_scope is None:
                    by_scope = by_types[types] = {}
                    for place, resource in enumerate(context.index.of_types(types)):
                        by_scope.setdefault(resource.scope, []).append((place, resource))
                visit = _Visit(control, check, context, remembered)
                for name, members in by_scope.items():
                    self.plan.setdefault(name, []).append(
                        (control_place, check_place, visit, members))
        self.forked: ForkedHelpers | None = None

    @classmethod
    def start(cls, controls: list[Control], context: ScanContext, remembered: Remembered,
              replayed: _Replayed, helpers: int) -> _ScopesAhead | None:
        if helpers < 1:
            return None
        scopes = remembered.unanswered()
        if sum(len(scope.resources) for scope in scopes) < MIN_RESOURCES_FOR_HELPERS:
            return None
        scopes = largest_at_the_ends(scopes, lambda scope: len(scope.resources))
        ahead = cls(controls, context, remembered, replayed, scopes)
        ahead.forked = ForkedHelpers.start(len(scopes), helpers, ahead._in_helper, minimum=2,
                                           replay_share=REPLAY_SHARE)
        return ahead if ahead.forked is not None else None

    def visit(self, scope: Any) -> list[tuple[int, int, int, Finding]]:
        found = []
        for control_place, check_place, visit, members in self.plan.get(scope.name, ()):
            for place, resource in members:
                finding = visit(resource)
                if finding is not None:
                    found.append((control_place, check_place, place, finding))
        return found

    def _in_helper(self, index: int) -> bytes | None:  # pragma: no cover - in a helper
        scope = self.scopes[index]
        self.visit(scope)
        return self.remembered.store_scope(scope)  # its key, handed back to `finish`

    def finish(self) -> list[tuple[int, int, int, Finding]]:
        """The findings of the scopes this process evaluates, and of the helpers', recalled
        and replayed (or, when a helper stored nothing for one, evaluated here)."""
        assert self.forked is not None
        found = []
        try:
            for index, scope in enumerate(self.scopes):
                if self.forked.claim(index):
                    found += self.visit(scope)
                    # its key, now that its resources are at hand, beside the helpers: not
                    # later, in the helper that stores it, which would copy every page of them
                    self.remembered.key_of(scope)
                    continue
                # the rest are the helpers': each recalled and replayed as soon as it is
                # stored, while they do the others
                for at, key in self.forked.as_finished(range(index, len(self.scopes))):
                    theirs = self.scopes[at]
                    if self.remembered.recall(theirs, key or b""):
                        found += self.replayed(self.remembered.replay([theirs]))
                    else:
                        found += self.visit(theirs)
                break
        finally:
            self.forked.close()
        return found


def largest_at_the_ends(items: list[Any], size: Callable[[Any], int]) -> list[Any]:
    """`items` with the largest at both ends and the smallest in the middle (alternately, by
    `size`): the main process takes items from the front and a helper from the end, so the two
    meet on small ones, and neither waits long for the other's last (the corpus's evaluation
    waited 10-50 ms for a helper's last scope). The findings are sorted after."""
    by_size = sorted(items, key=size, reverse=True)
    return by_size[0::2] + by_size[1::2][::-1]


CheckPlaces = dict[tuple[str, str], tuple[int, int, Control, Any]]


def _check_places(controls: list[Control]) -> CheckPlaces | None:
    """Each (control, check) by id, with its place; None when an id pair repeats."""
    places: CheckPlaces = {}
    for control_place, control in enumerate(controls):
        for check_place, check in enumerate(control.checks):
            if (control.id, check.id) in places:
                return None
            places[(control.id, check.id)] = (control_place, check_place, control, check)
    return places


class _Replayed:
    """The findings of scopes answered from the cache (`Remembered.replay`), each with the
    place `run_controls` would have visited it in."""

    def __init__(self, places: CheckPlaces, context: ScanContext):
        self.places, self.context = places, context
        # each resource's place among a check's resources, by tuple of types (as of_types
        # keeps), worked out once for all the calls
        self._among: dict[tuple[str, ...], dict[int, int]] = {}

    def __call__(self, outcomes: Iterable[tuple[str, str, Resource, Status, Evidence]]
                 ) -> list[tuple[int, int, int, Finding]]:
        places, among = self.places, self._among
        found = []
        for control_id, check_id, resource, status, evidence in outcomes:
            control_place, check_place, control, check = places[(control_id, check_id)]
            types = tuple(check.resource_types)
            by_id = among.get(types)
            if by_id is None:
                by_id = among[types] = {identity(r): place for place, r
                                        in enumerate(self.context.index.of_types(types))}
            found.append((control_place, check_place, by_id[identity(resource)],
                          Finding(control.id, check.id, control.title, control.category,
                                  control.severity, status, resource, evidence)))
        return found
