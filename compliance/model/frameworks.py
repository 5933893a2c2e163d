"""Frameworks as loaded: requirements, the controls that support them, and the status of each
requirement after a scan (loading: compliance.catalog.frameworks; evaluation:
compliance.results.frameworks)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable

from compliance.model.results import Finding

STRENGTHS = ("direct", "supports")



STATUSES = ("failing", "passing", "not-evaluated", "manual")



@dataclass(frozen=True)
class ControlLink:
    """A control that supports a requirement, and how strongly."""

    control: str
    strength: str  # "direct" | "supports"



@dataclass(frozen=True)
class Requirement:
    """A framework requirement and the controls that support it."""

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
    """A framework file as loaded: its requirements and where they come from."""

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
    """A requirement's status after a scan, with the findings behind it."""

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
    """A framework's requirements after a scan, and its coverage."""

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



def requirements_by_control(frameworks: Iterable[Framework]) -> dict[str, list[RequirementRef]]:
    """Control id -> the requirements it supports, in framework and requirement order."""
    mapping: dict[str, list[RequirementRef]] = {}
    for framework in frameworks:
        for requirement in framework.requirements:
            # the controls of a requirement share its (immutable) reference, one per strength:
            # built on every scan, one per link was most of this function's time
            refs: dict[str, RequirementRef] = {}
            for link in requirement.controls:
                ref = refs.get(link.strength)
                if ref is None:
                    ref = refs[link.strength] = RequirementRef(
                        framework=framework.id, framework_name=framework.name,
                        requirement=requirement.id, title=requirement.title,
                        strength=link.strength)
                mapping.setdefault(link.control, []).append(ref)
    return mapping
