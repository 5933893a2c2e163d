"""Two scans compared: the failing findings a change adds, fixes and leaves, and each
framework's coverage before and after (running the two scans: compliance.pipeline.diff).

Failing findings are classified by `Finding.fingerprint` (control + scope + address + attribute):
**new** (failing in the head only), **fixed** (failing in the base only) and **unchanged**.
A moved or reformatted block keeps its fingerprint; a renamed resource is one new and one
fixed finding.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from compliance.model import Finding, ScanResult, Status


def value_fingerprint(finding: Finding) -> str:
    """The fingerprint plus the observed (masked) value: it changes when the offending value
    changes. Baselines match on it, so a finding whose value was changed is reported again."""
    observed = json.dumps(finding.evidence.observed, sort_keys=True, default=str)
    key = "\x1f".join((finding.control, finding.resource.scope, finding.resource.address,
                       finding.evidence.attribute, observed))
    return hashlib.sha256(key.encode()).hexdigest()[:24]



@dataclass
class Side:
    ref: str | None  # as the user gave it; None: the working tree
    sha: str | None
    # the head's whole; the base's, the part a diff compares (pipeline/diff.py, compared_part)
    result: ScanResult

    @property
    def label(self) -> str:
        if self.ref is None:
            return "working tree"
        if self.sha and self.ref != self.sha:
            return f"{self.ref} ({self.sha[:12]})"
        return self.sha[:12]



@dataclass
class FrameworkDelta:
    id: str
    name: str
    before: dict
    after: dict



@dataclass
class DiffResult:
    base: Side
    head: Side
    prefix: str  # the scan root relative to the repository top level ("" or "dir/")
    new: list[Finding]
    fixed: list[Finding]
    unchanged: list[Finding]
    coverage: list[FrameworkDelta] = field(default_factory=list)
    changed_files: list[str] = field(default_factory=list)  # repository-relative

    def repo_path(self, finding: Finding) -> str:
        return self.prefix + finding.resource.location.file



def failing(result: ScanResult) -> list[Finding]:
    return [f for f in result.findings if f.status is Status.FAIL]



def classify(base: ScanResult, head: ScanResult
             ) -> tuple[list[Finding], list[Finding], list[Finding]]:
    """(new, fixed, unchanged) failing findings, by fingerprint; unchanged ones as in the head."""
    # each fingerprint hashed once: a side holds thousands of failing findings
    base_failing = [(f, f.fingerprint) for f in failing(base)]
    head_failing = [(f, f.fingerprint) for f in failing(head)]
    base_prints = {fingerprint for _, fingerprint in base_failing}
    head_prints = {fingerprint for _, fingerprint in head_failing}
    new = [f for f, fingerprint in head_failing if fingerprint not in base_prints]
    unchanged = [f for f, fingerprint in head_failing if fingerprint in base_prints]
    fixed = [f for f, fingerprint in base_failing if fingerprint not in head_prints]
    return new, fixed, unchanged



def coverage_delta(base: ScanResult, head: ScanResult) -> list[FrameworkDelta]:
    before = {f.id: f for f in base.frameworks}
    return [FrameworkDelta(f.id, f.name, dict(before[f.id].coverage) if f.id in before else {},
                           dict(f.coverage)) for f in head.frameworks]
