"""The terminal report: failing findings grouped by file, within 100 columns."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

from tabulate import tabulate

from .. import __version__
from ..model import SEVERITIES, Finding, Status
from ..scan import ScanResult

WIDTH = 100
# Column widths (line, severity, control, resource/evidence) that add up to WIDTH with
# tabulate's "simple" separators.
_COLUMNS = (5, 8, 32, 46)


def _short(value: Any, width: int = 40) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= width else text[: width - 3] + "..."


def _evidence_line(finding: Finding) -> str:
    evidence = finding.evidence
    if evidence.attribute:
        observed = "not set" if evidence.observed is None else _short(evidence.observed)
        return f"{evidence.attribute}: {observed}"
    return _short(evidence.observed) if evidence.observed is not None else "-"


def _group_rows(findings: list[Finding]) -> list[list[str]]:
    rows = []
    order = sorted(findings, key=lambda f: (f.resource.location.start_line, -SEVERITIES.index(f.severity)))
    for finding in order:
        rows.append([
            str(finding.evidence.line or finding.resource.location.start_line),
            finding.severity.upper(),
            finding.control,
            f"{finding.resource.address}\n{_evidence_line(finding)}",
        ])
    return rows


def render(result: ScanResult, show_unknown: bool = False) -> str:
    out: list[str] = []
    out.append(f"compliance {__version__}: {result.files_scanned} files, {len(result.resources)} "
               f"resources, {len(result.controls)} controls, {result.duration_s:.2f} s")
    out.append(f"root: {result.root}")
    wanted = {Status.FAIL} | ({Status.UNKNOWN} if show_unknown else set())
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        if finding.status in wanted:
            by_file[finding.resource.location.file].append(finding)
    for file in sorted(by_file):
        out.append("")
        out.append(file)
        out.append(tabulate(_group_rows(by_file[file]), headers=["line", "severity", "control",
                                                                  "resource / evidence"],
                            tablefmt="simple", maxcolwidths=list(_COLUMNS)))
    if result.errors:
        out.append("")
        out.append(f"errors ({len(result.errors)}): these files were not fully scanned")
        for error in result.errors:
            out.append(f"  {_short(str(error), WIDTH - 2)}")
    out.append("")
    counts = Counter(f.status for f in result.findings)
    failing = Counter(f.severity for f in result.findings if f.status is Status.FAIL)
    by_severity = ", ".join(f"{failing[s]} {s}" for s in reversed(SEVERITIES) if failing[s])
    out.append(f"{counts[Status.FAIL]} failing" + (f" ({by_severity})" if by_severity else "")
               + f", {counts[Status.PASS]} passing, {counts[Status.UNKNOWN]} unknown"
               + (f", {counts[Status.WAIVED]} waived" if counts[Status.WAIVED] else ""))
    if counts[Status.UNKNOWN] and not show_unknown:
        out.append("unknown: a deciding value is only known at apply time; "
                   "see them with --show-unknown or --format json")
    return "\n".join(out) + "\n"
