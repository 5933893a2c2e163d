"""GitLab code quality report (a subset of the Code Climate issue format): a JSON list of
{description, check_name, fingerprint, severity, location: {path, lines: {begin}}}.

GitLab compares the head's report with the target branch's by `fingerprint`, so it is the
finding's stable fingerprint (unique per control, resource and attribute).
"""

from __future__ import annotations

import hashlib
from typing import Callable, Iterable

from compliance.model import Finding, ScanError
from compliance.outputs import wording
from compliance.outputs.indented_json import indented_json

SEVERITY = {"low": "minor", "medium": "major", "high": "critical", "critical": "blocker"}


def issue(finding: Finding, path: str) -> dict:
    return {
        "description": f"{finding.title}: {wording.message(finding)}",
        "check_name": finding.control,
        "fingerprint": finding.fingerprint,
        "severity": SEVERITY.get(finding.severity, "info"),
        "location": {"path": path, "lines": {"begin": wording.evidence_line(finding)}},
    }


def unread_issue(error: ScanError, prefix: str = "") -> dict:
    """An input not read completely: findings in it may be missing."""
    key = "\x1f".join(("not-read", error.file, error.message))
    what, check = ((f"{error.skipped} not scanned", f"compliance-{error.skipped}-not-scanned")
                   if error.skipped else ("not read completely", "compliance-input-not-read"))
    return {
        "description": f"{what}: {error.message}",
        "check_name": check,
        "fingerprint": hashlib.sha256(key.encode()).hexdigest()[:24],
        "severity": "major",
        "location": {"path": prefix + error.file, "lines": {"begin": error.line or 1}},
    }


def render(findings: Iterable[Finding], path_of: Callable[[Finding], str] | None = None,
           errors: Iterable[ScanError] = (), prefix: str = "") -> str:
    path_of = path_of or (lambda f: f.resource.location.file)
    issues = [issue(f, path_of(f)) for f in findings]
    issues += [unread_issue(e, prefix) for e in errors if e.unread]
    return indented_json(issues) + "\n"
