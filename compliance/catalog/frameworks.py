"""Framework files (frameworks/<id>.yaml): requirements and the controls that support them.

A framework file lists requirements (id, a short title in our own words, notes) and, for each,
the controls that support it with the strength of the claim: `direct` when the requirement's own
wording covers the control, `supports` otherwise. The files are the source of truth; nothing is
derived at run time. (frameworks/themes.yaml records how each control was placed and is read by
the tests only.)

After a scan, `evaluate_frameworks` turns findings into a status per requirement:

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

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Iterable


from compliance.catalog.controls import CatalogError, SchemaCheck, _load_yaml, data_dir
from compliance.model import Finding, Status

if TYPE_CHECKING:
    from compliance.catalog.controls import Catalog, Control

STRENGTHS = ("direct", "supports")
STATUSES = ("failing", "passing", "not-evaluated", "manual")
# Not a framework: the record of which control theme each control was placed in.
THEMES_FILE = "themes.yaml"


# --- the framework files -------------------------------------------------------------------


@dataclass(frozen=True)
class ControlLink:
    """A control that supports a requirement, and how strongly."""

    control: str
    strength: str  # "direct" | "supports"


@dataclass(frozen=True)
class Requirement:
    id: str
    title: str
    notes: str = ""
    controls: tuple[ControlLink, ...] = ()

    @property
    def manual(self) -> bool:
        """No automated control supports it: it needs manual evidence."""
        return not self.controls


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    edition: str
    source: str
    disclaimer: str
    requirements: tuple[Requirement, ...]
    notes: str = ""
    file: str = ""  # the file it came from, relative to the frameworks folder

    @cached_property
    def by_id(self) -> dict[str, Requirement]:
        return {r.id: r for r in self.requirements}

    @property
    def control_ids(self) -> set[str]:
        return {link.control for r in self.requirements for link in r.controls}

    @property
    def automated(self) -> int:
        return sum(1 for r in self.requirements if not r.manual)


# --- what other modules use ----------------------------------------------------------------


@dataclass(frozen=True)
class RequirementRef:
    """A requirement a control supports."""

    framework: str  # "pci-dss"
    framework_name: str  # "PCI DSS v4.0.1"
    requirement: str  # "10.5.1"
    title: str
    strength: str  # "direct" | "supports"


@dataclass
class RequirementResult:
    framework: str
    id: str
    title: str
    notes: str
    status: str  # "failing" | "passing" | "not-evaluated" | "manual"
    controls: tuple[str, ...]  # supporting control ids (among the scan's controls)
    findings: list[Finding]  # failing findings of those controls, for drill-down
    evaluated: int  # findings of those controls (pass, fail, unknown or waived)
    # Counts of the findings behind `evaluated`, and each control's strength of support.
    passed: int = 0
    unknown: int = 0
    waived: int = 0
    strengths: dict[str, str] = field(default_factory=dict)


@dataclass
class FrameworkResult:
    id: str
    name: str
    edition: str
    source: str
    disclaimer: str
    requirements: list[RequirementResult]
    # {"requirements", "automated", "manual", "failing", "passing", "not_evaluated",
    #  "percent_passing_of_evaluated", "percent_automated"}; a percentage is None when its
    # denominator is 0 (nothing evaluated: 0 % would be a claim too).
    coverage: dict
    notes: str = ""

    def by_status(self, status: str) -> list[RequirementResult]:
        return [r for r in self.requirements if r.status == status]


# --- loading -------------------------------------------------------------------------------


def _build(data: dict, label: str, control_ids: set[str]) -> Framework:
    requirements = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(data["requirements"]):
        where = f"{label}: requirements[{index}]"
        if raw["id"] in seen:
            raise CatalogError(f"{where}.id: duplicate requirement {raw['id']!r} (also "
                               f"requirements[{seen[raw['id']]}])")
        seen[raw["id"]] = index
        links = []
        linked: set[str] = set()
        for position, link in enumerate(raw.get("controls", [])):
            if link["control"] not in control_ids:
                raise CatalogError(f"{where}.controls[{position}].control: no control "
                                   f"{link['control']!r} in the catalog")
            if link["control"] in linked:
                raise CatalogError(f"{where}.controls[{position}].control: {link['control']!r} "
                                   f"is listed twice")
            linked.add(link["control"])
            links.append(ControlLink(link["control"], link["strength"]))
        requirements.append(Requirement(id=raw["id"], title=raw["title"].strip(),
                                        notes=raw.get("notes", "").strip(),
                                        controls=tuple(links)))
    return Framework(id=data["id"], name=data["name"], edition=data["edition"],
                     source=data["source"].strip(), disclaimer=data["disclaimer"].strip(),
                     requirements=tuple(requirements), notes=data.get("notes", "").strip(),
                     file=label)


def load_frameworks(directory: Path | None = None, catalog: Catalog | None = None) -> list[Framework]:
    """Load and validate every frameworks/<id>.yaml, in file-name order.

    Control ids are checked against `catalog` (the shipped catalog when None). A broken file
    raises CatalogError naming the file and the field.
    """
    if catalog is None:
        from compliance.catalog.controls import load_catalog

        catalog = load_catalog()
    directory = directory or data_dir("frameworks")
    if not directory.is_dir():
        raise CatalogError(f"framework files not found at {directory}")
    schema = SchemaCheck("framework.schema.json")
    control_ids = set(catalog.by_id)
    frameworks = []
    for path in sorted(directory.glob("*.yaml")):
        if path.name == THEMES_FILE:
            continue
        label = path.name
        data, raw = _load_yaml(path, label)
        schema.check(data, raw, label)
        if data["id"] != path.stem:
            raise CatalogError(f"{label}: id: {data['id']!r} does not match the file name")
        frameworks.append(_build(data, label, control_ids))
    return frameworks


_DEFAULT: list[Framework] | None = None


def default_frameworks() -> list[Framework]:
    """The shipped framework files, validated against the shipped catalog; loaded once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_frameworks()
    return _DEFAULT


# --- mapping and evaluation ----------------------------------------------------------------


def requirements_by_control(frameworks: Iterable[Framework]) -> dict[str, list[RequirementRef]]:
    """Control id -> the requirements it supports, in framework and requirement order."""
    mapping: dict[str, list[RequirementRef]] = {}
    for framework in frameworks:
        for requirement in framework.requirements:
            for link in requirement.controls:
                mapping.setdefault(link.control, []).append(RequirementRef(
                    framework=framework.id, framework_name=framework.name,
                    requirement=requirement.id, title=requirement.title,
                    strength=link.strength))
    return mapping


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
    by_control: dict[str, list[Finding]] = {}
    for finding in findings:
        by_control.setdefault(finding.control, []).append(finding)
    results = []
    for framework in select_frameworks(frameworks, selected_ids):
        requirements = []
        for requirement in framework.requirements:
            ran = tuple(link.control for link in requirement.controls if link.control in ran_ids)
            own = [f for control in ran for f in by_control.get(control, ())]
            failing = [f for f in own if f.status is Status.FAIL]
            passed = sum(1 for f in own if f.status is Status.PASS)
            unknown = sum(1 for f in own if f.status is Status.UNKNOWN)
            waived = sum(1 for f in own if f.status is Status.WAIVED)
            requirements.append(RequirementResult(
                framework=framework.id, id=requirement.id, title=requirement.title,
                notes=requirement.notes,
                status=_status(requirement, ran, len(failing), passed, unknown),
                controls=ran, findings=failing, evaluated=len(own), passed=passed,
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
