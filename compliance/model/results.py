"""What evaluation produces: outcomes of conditions, findings with their evidence, waivers,
and the errors of files that could not be read."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, Iterable

from compliance.model.quick_init import quick_init
from compliance.model.resource import Resource
from compliance.model.values import Path


class Status(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"
    WAIVED = "waived"



SEVERITIES = ("low", "medium", "high", "critical")



def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)



@quick_init
@dataclass(frozen=True, slots=True)
class Evidence:
    """What decided a finding: the attribute, the value seen and the value expected."""

    attribute: str  # display path of the deciding attribute ("" when the resource as a whole)
    observed: Any  # JSON-able, secrets already masked
    expected: str
    line: int | None



@dataclass(frozen=True, slots=True)
class Waiver:
    """Why a finding is accepted: an inline suppression in the scanned code (`inline`: a
    `compliance:ignore=` comment or a Kubernetes annotation) or an entry of the waivers file
    (`file`). `file` and `line` say where it is written."""

    kind: str  # "inline" | "file"
    control: str
    reason: str
    owner: str | None
    expires: date | None
    file: str
    line: int | None



@quick_init
@dataclass(frozen=True, slots=True)
class Finding:
    """The verdict of one check of a control on one resource, with its evidence."""

    control: str
    check: str
    title: str
    category: str
    severity: str
    status: Status
    resource: Resource
    evidence: Evidence
    waiver: Waiver | None = None  # set when status is WAIVED

    @property
    def fingerprint(self) -> str:
        """Stable across moved lines: control + resource (scope and address) + attribute path."""
        key = "\x1f".join((self.control, self.resource.scope, self.resource.address,
                            self.evidence.attribute))
        return hashlib.sha256(key.encode()).hexdigest()[:24]



@dataclass(frozen=True, slots=True)
class ScanError:
    """An input that was not read completely (a file that doesn't parse, is over the size cap,
    nests too deep, a module that isn't read, a program that didn't run...). `unread` is False
    only for notices that lose nothing (an empty file). `skipped` names an input that was
    recognized and deliberately left unevaluated rather than broken: "module" (a remote module
    neither downloaded nor under .terraform/modules), "chart" (a Helm chart with no helm to
    render it), "overlay" (a Kustomize folder with no kustomize/kubectl), "program" (a Pulumi
    program without --pulumi-run), "stack" (a CloudFormation nested stack whose template is not a
    local file), "macro" (a CloudFormation macro or `Fn::ForEach`, which only CloudFormation
    runs); "" for an input that could not be read."""

    file: str
    line: int | None
    message: str
    unread: bool = True
    skipped: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


# what `ScanError.skipped` names, in the order reports list them: (one, several, what was
# not done)
SKIPPED_KINDS = {
    "module": ("remote module", "remote modules", "not scanned"),
    "chart": ("Helm chart", "Helm charts", "not rendered"),
    "overlay": ("Kustomize overlay", "Kustomize overlays", "not rendered"),
    "program": ("Pulumi program", "Pulumi programs", "not run"),
    "stack": ("nested stack", "nested stacks", "not read"),
    "macro": ("CloudFormation macro", "CloudFormation macros", "not expanded"),
}


def unscanned_counts(errors: Iterable[ScanError]) -> dict[str, int]:
    """How many inputs of each kind were recognized and left unevaluated, every kind of
    SKIPPED_KINDS present (0 when none), then any other kind a newer stage names."""
    counts = dict.fromkeys(SKIPPED_KINDS, 0)
    for error in errors:
        if error.skipped:
            counts[error.skipped] = counts.get(error.skipped, 0) + 1
    return counts


def unscanned_text(errors: Iterable[ScanError]) -> str:
    """'2 remote modules not scanned, 1 Pulumi program not run', or '' when nothing was left
    unscanned."""
    return unscanned_counts_text(unscanned_counts(errors))


def unscanned_counts_text(counts: dict[str, int]) -> str:
    """`unscanned_text` of counts by kind (a report's `summary.unscanned`, a recorded run's)."""
    parts = []
    for kind, count in counts.items():
        if count:
            one, several, what = SKIPPED_KINDS.get(kind, (kind, f"{kind}s", "not read"))
            parts.append(f"{count} {one if count == 1 else several} {what}")
    return ", ".join(parts)


def is_unreadable(error: ScanError) -> bool:
    """An input that could not be read completely (not one recognized and left aside)."""
    return error.unread and not error.skipped


def unreadable_count(errors: Iterable[ScanError]) -> int:
    """Inputs that could not be read completely (broken files, limits), not counting those
    recognized and left unscanned on purpose."""
    return sum(1 for error in errors if is_unreadable(error))


@quick_init
@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one condition: its status and the attribute that decided it."""

    status: Status
    path: Path = ()
    observed: Any = None
    expected: str = ""

    @staticmethod
    def passed(path: Path = (), observed: Any = None, expected: str = "") -> "Outcome":
        return Outcome(Status.PASS, path, observed, expected)

    @staticmethod
    def failed(path: Path = (), observed: Any = None, expected: str = "") -> "Outcome":
        return Outcome(Status.FAIL, path, observed, expected)

    @staticmethod
    def unknown(path: Path = (), observed: Any = None, expected: str = "") -> "Outcome":
        return Outcome(Status.UNKNOWN, path, observed, expected)
