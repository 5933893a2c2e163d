"""CSV: one row per finding (pass, fail, unknown and waived), and one per input that was not
read completely (status `not-read`), for spreadsheets and scripts.

Values are written as they are in the JSON report (observed values with secrets masked), with
two exceptions: an observed value that is not text is written as JSON (a missing one as an
empty cell), and a text cell that a spreadsheet would run as a formula (starting with `=`,
`+`, `-`, `@`, a tab or a carriage return, and not a number) is prefixed with `'`, because
the scanned files, and so the values, may come from anyone who can open a pull request.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from compliance.model import Finding, ScanError, ScanResult
from compliance.outputs import wording

COLUMNS = (
    "control", "check", "title", "category", "severity", "status", "platform", "type",
    "address", "file", "start_line", "end_line", "attribute", "observed", "expected",
    "evidence_line", "fingerprint", "requirements", "waiver",
)
NOT_READ = "not-read"  # the status of a row for an input that was not read completely
NOT_SCANNED = "not-scanned"  # ... and for one recognized and left unevaluated on purpose
_FORMULA = re.compile(r"^[=+\-@\t\n]")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def _cell(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    # a bare CR is not quoted by the csv module, and a spreadsheet starts a new row at it:
    # every line break becomes LF, which makes the cell quoted
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if _FORMULA.match(value) and not _NUMBER.match(value):
        return "'" + value
    return value


def _observed(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, default=str, ensure_ascii=False)


def row(finding: Finding, result: ScanResult) -> dict[str, Any]:
    resource = finding.resource
    location = resource.location
    evidence = finding.evidence
    return {
        "control": finding.control,
        "check": finding.check,
        "title": finding.title,
        "category": finding.category,
        "severity": finding.severity,
        "status": finding.status.value,
        "platform": resource.platform,
        "type": resource.type,
        "address": resource.address,
        "file": location.file,
        "start_line": location.start_line,
        "end_line": location.end_line,
        "attribute": evidence.attribute,
        "observed": _observed(evidence.observed),
        "expected": evidence.expected,
        "evidence_line": evidence.line if evidence.line is not None else "",
        "fingerprint": finding.fingerprint,
        "requirements": ";".join(wording.requirement_label(r)
                                 for r in wording.requirements_of(result, finding.control)),
        "waiver": wording.waiver_text(finding) if getattr(finding, "waiver", None) else "",
    }


def unread_row(error: ScanError) -> dict[str, Any]:
    """An input not read completely, as a row of its own: status `not-read`, the file, its
    line and the message (as `observed`). One recognized and left unscanned has status
    `not-scanned` and its kind (module, chart, overlay, program) as `type`."""
    status, kind = (NOT_SCANNED, error.skipped) if error.skipped else (NOT_READ, "")
    return {**dict.fromkeys(COLUMNS, ""), "status": status, "type": kind, "file": error.file,
            "start_line": error.line or "", "evidence_line": error.line or "",
            "observed": error.message}


def render(result: ScanResult) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    rows = [row(finding, result) for finding in result.findings]
    rows += [{**row(finding, result), "status": "baselined"} for finding in result.baselined]
    rows += [unread_row(error) for error in result.errors if error.unread]
    for values in rows:
        writer.writerow({key: _cell(value) for key, value in values.items()})
    return out.getvalue()
