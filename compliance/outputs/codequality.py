"""GitLab code quality report (a subset of the Code Climate issue format): a JSON list of
{description, check_name, fingerprint, severity, location: {path, lines: {begin}}}.

GitLab compares the head's report with the target branch's by `fingerprint`, so it is the
finding's stable fingerprint (unique per control, resource and attribute).
"""

from __future__ import annotations

import json
from typing import Callable, Iterable

from compliance.model import Finding
from compliance.outputs import wording

SEVERITY = {"low": "minor", "medium": "major", "high": "critical", "critical": "blocker"}


def issue(finding: Finding, path: str) -> dict:
    return {
        "description": f"{finding.title}: {wording.message(finding)}",
        "check_name": finding.control,
        "fingerprint": finding.fingerprint,
        "severity": SEVERITY.get(finding.severity, "info"),
        "location": {"path": path, "lines": {"begin": wording.evidence_line(finding)}},
    }


def render(findings: Iterable[Finding], path_of: Callable[[Finding], str] | None = None) -> str:
    path_of = path_of or (lambda f: f.resource.location.file)
    return json.dumps([issue(f, path_of(f)) for f in findings], indent=2) + "\n"
