"""The terminal report: failing findings grouped by file, then a summary by category.

Everything fits in 100 columns: each finding is a line with its line number, severity,
control and resource, followed by its evidence, wrapped and indented beneath it.
"""

from __future__ import annotations

import json
import textwrap
from collections import Counter, defaultdict
from typing import Any

from tabulate import tabulate

from .. import __version__
from ..model import SEVERITIES, Finding, Status
from ..scan import ScanResult

WIDTH = 100
_EVIDENCE_INDENT = " " * 18


def _short(value: Any, width: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= width else text[: width - 3] + "..."


def _finding_lines(finding: Finding) -> list[str]:
    evidence = finding.evidence
    line = evidence.line or finding.resource.location.start_line
    head = f"{line:>6}  {finding.severity.upper():<10}{finding.control}  {finding.resource.address}"
    if finding.status is Status.UNKNOWN:
        head += "  (unknown)"
    lines = textwrap.wrap(head, WIDTH, subsequent_indent=_EVIDENCE_INDENT)
    if evidence.attribute:
        observed = "not set" if evidence.observed is None else _short(evidence.observed)
        detail = f"{evidence.attribute} = {observed}; expected {evidence.expected}"
    elif evidence.observed is not None:
        detail = f"{_short(evidence.observed)}; expected {evidence.expected}"
    else:
        detail = f"expected {evidence.expected}"
    lines += textwrap.wrap(detail, WIDTH, initial_indent=_EVIDENCE_INDENT,
                           subsequent_indent=_EVIDENCE_INDENT, break_on_hyphens=False)
    return lines


def _category_summary(result: ScanResult) -> str:
    counts: dict[str, Counter] = defaultdict(Counter)
    for finding in result.findings:
        counts[finding.category][finding.status] += 1
    rows = [[category, c[Status.FAIL], c[Status.PASS], c[Status.UNKNOWN]]
            for category, c in sorted(counts.items())]
    return tabulate(rows, headers=["category", "failing", "passing", "unknown"], tablefmt="simple")


def render(result: ScanResult, show_unknown: bool = False) -> str:
    out = [f"compliance {__version__}: {result.files_scanned} files, {len(result.resources)} "
           f"resources, {len(result.controls)} controls, {result.duration_s:.2f} s",
           f"root: {result.root}"]
    wanted = {Status.FAIL} | ({Status.UNKNOWN} if show_unknown else set())
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        if finding.status in wanted:
            by_file[finding.resource.location.file].append(finding)
    for file in sorted(by_file):
        out += ["", file]
        ordered = sorted(by_file[file], key=lambda f: (f.resource.location.start_line,
                                                       -SEVERITIES.index(f.severity), f.control))
        for finding in ordered:
            out += _finding_lines(finding)
    if result.findings:
        out += ["", _category_summary(result)]
    if result.errors:
        out += ["", f"errors ({len(result.errors)}): these files were not fully scanned"]
        out += [_short(f"  {error}", WIDTH) for error in result.errors]
    counts = Counter(f.status for f in result.findings)
    failing = Counter(f.severity for f in result.findings if f.status is Status.FAIL)
    by_severity = ", ".join(f"{failing[s]} {s}" for s in reversed(SEVERITIES) if failing[s])
    out += ["", f"{counts[Status.FAIL]} failing" + (f" ({by_severity})" if by_severity else "")
            + f", {counts[Status.PASS]} passing, {counts[Status.UNKNOWN]} unknown"
            + (f", {counts[Status.WAIVED]} waived" if counts[Status.WAIVED] else "")]
    if counts[Status.UNKNOWN] and not show_unknown:
        out.append("unknown: the deciding value is known only at apply time; "
                   "list them with --show-unknown")
    return "\n".join(out) + "\n"
