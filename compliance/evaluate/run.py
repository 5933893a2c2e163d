"""Running the catalog: every check of every control on the resources of its types, each
outcome turned into a finding with its evidence (secrets masked).

The named Python checks are passed in (`compliance.evaluate.checks.CHECKS` in a scan), never
found through import side effects.
"""

from __future__ import annotations

import json
from operator import itemgetter
from typing import Any, Callable, Mapping

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
from compliance.model.masking import mask, mask_secrets_in
from compliance.model.values import path_prefixes
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
                 remembered: Remembered | None = None) -> list[Finding]:
    """Evaluate every check of every control on the resources of its types; with
    `remembered`, a check that looks no further than its resource's scope takes what it said
    last time about a scope whose resources are unchanged (see `remembered`)."""
    evaluator = context.evaluator
    # (control's place, check's place, resource's place among the check's, finding): the order
    # in which the loop below visits, which the findings keep (their later sort is stable)
    found: list[tuple[int, int, int, Finding]] = []
    places = _check_places(controls) if remembered is not None else None
    # (two selected controls with one id, which a user's controls folder could give, leave
    # the remembered outcomes of a check unattributable: every scope is evaluated then)
    known_ids = remembered.known_ids if remembered is not None and places else set()
    for control_place, control in enumerate(controls):
        secret = control.category == "secrets"
        for check_place, check in enumerate(control.checks):
            where = condition = None  # compiled on the first resource, inside its `try`
            local = remembered if remembered is not None and stays_in_scope(check) else None
            skipped = known_ids if local is not None else ()  # replayed below, all at once
            for place, resource in enumerate(context.index.of_types(check.resource_types)):
                if id(resource) in skipped:
                    continue
                if resource.platform != check.platform and not (
                        check.platform == "terraform" and resource.platform in TERRAFORM_SHAPED):
                    continue
                if resource.platform == "cloudformation" and \
                        control.id in _without_cloudformation_counterpart():
                    continue
                if any(a not in resource.anchors for a in check.anchors):
                    continue
                try:
                    if condition is None:
                        where = compiled(check.where) if check.where else None
                        condition = compiled(check.condition)
                    scope = where(evaluator, resource, None, ()) if where else None
                    if scope is not None and scope.status is Status.FAIL:
                        if local is not None:
                            local.note(resource, control.id, check.id, None)
                        continue  # the check does not apply to this resource
                    outcome = condition(evaluator, resource, None, ())
                    if scope is not None and scope.status is Status.UNKNOWN \
                            and outcome.status is Status.FAIL:
                        # it fails only if it applies, and whether it applies can't be known
                        outcome = Outcome.unknown(scope.path, scope.observed, outcome.expected)
                    evidence = _evidence(check.condition, outcome, resource, secret)
                except Exception as exc:  # noqa: BLE001 - RecursionError too: one resource
                    outcome, evidence = _failed_check(context, control, resource, exc)
                    if local is not None:
                        local.failed(resource)  # its scope is evaluated afresh next time
                else:
                    if local is not None:
                        local.note(resource, control.id, check.id, outcome.status, evidence)
                found.append((control_place, check_place, place,
                              Finding(control.id, check.id, control.title, control.category,
                                      control.severity, outcome.status, resource, evidence)))
    if known_ids:
        found += _replayed(places, context, remembered)
        found.sort(key=itemgetter(0, 1, 2))
    return [item[3] for item in found]


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


def _replayed(places: CheckPlaces, context: ScanContext, remembered: Remembered
              ) -> list[tuple[int, int, int, Finding]]:
    """The findings of the scopes found in the cache, each with the place `run_controls`
    would have visited it in."""
    # each resource's place among a check's resources, by tuple of types (as of_types keeps)
    among: dict[tuple[str, ...], dict[int, int]] = {}
    found = []
    for control_id, check_id, resource, status, evidence in remembered.replay():
        control_place, check_place, control, check = places[(control_id, check_id)]
        types = tuple(check.resource_types)
        by_id = among.get(types)
        if by_id is None:
            by_id = among[types] = {id(r): place for place, r
                                    in enumerate(context.index.of_types(types))}
        found.append((control_place, check_place, by_id[id(resource)],
                      Finding(control.id, check.id, control.title, control.category,
                              control.severity, status, resource, evidence)))
    return found
