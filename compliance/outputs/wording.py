"""How the SARIF, JUnit, CSV and Markdown reports word a finding, the same way in each.

Observed values arrive with secrets already masked by the engine; nothing here unmasks or
re-reads anything. The framework requirements a control supports come from
`ScanResult.requirements` (control id -> RequirementRef list), which is absent or empty when
no framework file is loaded: every function here works without it.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from compliance.model import (
    Finding,
    ScanError,
    ScanResult,
    Status,
    unscanned_text,
)

NOT_SET = "not set"


def observed_text(value: Any) -> str:
    """The observed value as a user reads it: text as is, `not set` for nothing, JSON else."""
    if value is None:
        return NOT_SET
    if isinstance(value, str):
        return value
    return json.dumps(value, default=str, ensure_ascii=False)


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def evidence_text(finding: Finding, width: int | None = None) -> str:
    """`attribute = observed; expected ...`, or `expected ...` when nothing was observed."""
    evidence = finding.evidence
    observed = observed_text(evidence.observed)
    if width is not None:
        observed = shorten(observed, width)
    if evidence.attribute:
        return f"{evidence.attribute} = {observed}; expected {evidence.expected}"
    if evidence.observed is not None:
        return f"{observed}; expected {evidence.expected}"
    return f"expected {evidence.expected}"


def message(finding: Finding, width: int | None = 300) -> str:
    """One sentence naming the resource, what was observed and what was expected."""
    text = f"{finding.resource.address}: {evidence_text(finding, width)}"
    if finding.status is Status.UNKNOWN:
        return f"{text} (not decided: the deciding value can't be known from the files alone)"
    return text


def evidence_line(finding: Finding) -> int:
    """The line of the deciding attribute, or the first line of the resource."""
    return finding.evidence.line or finding.resource.location.start_line


# --- framework requirements ---------------------------------------------------------------


def requirements_of(result: ScanResult, control_id: str) -> list[Any]:
    """The framework requirements (RequirementRef) a control supports, in a stable order."""
    refs = (getattr(result, "requirements", None) or {}).get(control_id, [])
    return sorted(refs, key=lambda r: (r.framework, natural_key(r.requirement)))


def requirement_label(ref: Any) -> str:
    """`pci-dss:10.2.1`: framework id and requirement id, unambiguous and free of spaces."""
    return f"{ref.framework}:{ref.requirement}"


@lru_cache(maxsize=4096)  # requirement ids, a few hundred: a report sorts them per finding
def natural_key(text: str) -> tuple:
    """Sort `10.2.1` after `9.4`, `A.8.9` before `A.8.20`, `Art. 5(1)(f)` before `Art. 32`."""
    return tuple((0, int(chunk), "") if chunk.isdigit() else (1, 0, chunk)
                 for chunk in re.split(r"[^A-Za-z0-9]+", text) if chunk)


# --- waivers ------------------------------------------------------------------------------


def waiver_text(finding: Finding) -> str:
    """`reason (owner ..., expires ..., written in file:line)`, or "" when not waived."""
    waiver = getattr(finding, "waiver", None)
    if waiver is None:
        return "waived" if finding.status is Status.WAIVED else ""
    details = []
    if getattr(waiver, "owner", None):
        details.append(f"owner {waiver.owner}")
    if getattr(waiver, "expires", None):
        details.append(f"expires {waiver.expires}")
    where = getattr(waiver, "file", "")
    if where:
        line = getattr(waiver, "line", None)
        kind = "suppressed in" if getattr(waiver, "kind", "") == "inline" else "waived in"
        details.append(f"{kind} {where}:{line}" if line else f"{kind} {where}")
    reason = getattr(waiver, "reason", "") or "no reason given"
    return f"{reason} ({', '.join(details)})" if details else reason


# --- what was not read --------------------------------------------------------------------


def unscanned_summary(errors: list[ScanError]) -> str:
    """'not scanned: 2 remote modules not scanned, 1 Pulumi program not run', or ''."""
    text = unscanned_text(errors)
    return f"not scanned: {text}" if text else ""


def nothing_evaluated(result: ScanResult) -> bool:
    """Whether the scan judged nothing and left inputs unscanned: its zero counts are no
    sign of a clean configuration, and reports say so instead of '0 failing'."""
    return not result.findings and not result.baselined \
        and any(error.skipped for error in result.errors)


NOTHING_EVALUATED = "nothing was evaluated: every input found was left unscanned"
