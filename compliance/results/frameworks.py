"""The status of each framework requirement after a scan, from its controls' findings:

* failing        at least one finding of its controls fails (a waived finding does not count);
* passing        no finding fails, none is unknown, and at least one passes: every resource in
                 scope that its controls looked at was decided, and all of them passed;
* not-evaluated  it has automated controls, but they decided nothing: no resource in scope, only
                 waived findings, or some finding's deciding value is unknown (known only at
                 apply time), which never counts as passing;
* manual         no control supports it: it needs manual evidence, and is never passed.

None of this says a system meets a requirement: a control *supports* a requirement.
"""

from __future__ import annotations

from typing import Iterable

from compliance.model import (
    STATUSES,
    Control,
    Finding,
    Framework,
    FrameworkResult,
    Requirement,
    RequirementResult,
    Status,
)


def select_frameworks(frameworks: Iterable[Framework], ids: Iterable[str]) -> list[Framework]:
    """The frameworks named by `ids`, in that order (duplicates dropped); KeyError names an
    unknown one."""
    by_id = {f.id: f for f in frameworks}
    selected = []
    for framework_id in dict.fromkeys(ids):
        if framework_id not in by_id:
            raise KeyError(framework_id)
        selected.append(by_id[framework_id])
    return selected



def _status(requirement: Requirement, ran: tuple[str, ...], failing: int, passed: int,
            unknown: int) -> str:
    if requirement.manual:
        return "manual"
    if failing:
        return "failing"
    if ran and passed and not unknown:
        return "passing"
    return "not-evaluated"



def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None



def evaluate_frameworks(frameworks: Iterable[Framework], selected_ids: Iterable[str],
                        findings: Iterable[Finding],
                        controls: Iterable[Control | str]) -> list[FrameworkResult]:
    """A status per requirement of each selected framework, from the scan's findings.

    `controls` are the controls the scan ran (objects or ids): a requirement's controls that
    did not run cannot decide it.
    """
    ran_ids = {c if isinstance(c, str) else c.id for c in controls}
    # each control's failing findings and counts by status, once: a requirement adds up those
    # of its controls (a report may hold 100,000 findings, and five frameworks link a control
    # to many requirements)
    failing_of: dict[str, list[Finding]] = {}
    counts_of: dict[str, list[int]] = {}  # control -> [passed, unknown, waived, all]
    slot = {Status.PASS: 0, Status.UNKNOWN: 1, Status.WAIVED: 2}
    for finding in findings:
        control = finding.control
        counts = counts_of.get(control)
        if counts is None:
            counts = counts_of[control] = [0, 0, 0, 0]
            failing_of[control] = []
        counts[3] += 1
        if finding.status is Status.FAIL:
            failing_of[control].append(finding)
        else:
            counts[slot[finding.status]] += 1
    results = []
    for framework in select_frameworks(frameworks, selected_ids):
        requirements = []
        for requirement in framework.requirements:
            ran = tuple(link.control for link in requirement.controls if link.control in ran_ids)
            failing = [f for control in ran for f in failing_of.get(control, ())]
            known = [counts_of[control] for control in ran if control in counts_of]
            passed, unknown, waived, evaluated = (sum(c[i] for c in known) for i in range(4))
            requirements.append(RequirementResult(
                framework=framework.id, id=requirement.id, title=requirement.title,
                notes=requirement.notes,
                status=_status(requirement, ran, len(failing), passed, unknown),
                controls=ran, findings=failing, evaluated=evaluated, passed=passed,
                unknown=unknown, waived=waived,
                strengths={link.control: link.strength for link in requirement.controls
                           if link.control in ran_ids}))
        counts = {status: sum(1 for r in requirements if r.status == status)
                  for status in STATUSES}
        automated = len(requirements) - counts["manual"]
        decided = counts["failing"] + counts["passing"]
        coverage = {
            "requirements": len(requirements),
            "automated": automated,
            "manual": counts["manual"],
            "failing": counts["failing"],
            "passing": counts["passing"],
            "not_evaluated": counts["not-evaluated"],
            "percent_passing_of_evaluated": _percent(counts["passing"], decided),
            "percent_automated": _percent(automated, len(requirements)),
        }
        results.append(FrameworkResult(
            id=framework.id, name=framework.name, edition=framework.edition,
            source=framework.source, disclaimer=framework.disclaimer,
            requirements=requirements, coverage=coverage, notes=framework.notes))
    return results
