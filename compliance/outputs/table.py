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

from compliance import __version__
from compliance.model import SEVERITIES, Finding, ScanResult, Status, Waiver, WaiverEntry
from compliance.outputs.frameworks_report import render_sections as render_framework_sections

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
    elif finding.status is Status.WAIVED:
        head += "  (waived)"
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
    if finding.waiver:
        lines += textwrap.wrap(_waiver_text(finding.waiver), WIDTH, initial_indent=_EVIDENCE_INDENT,
                               subsequent_indent=_EVIDENCE_INDENT, break_on_hyphens=False)
    return lines


def _waiver_text(waiver: Waiver) -> str:
    terms = [f"owner {waiver.owner}"] if waiver.owner else []
    if waiver.expires:
        terms.append(f"expires {waiver.expires.isoformat()}")
    terms.append(f"{waiver.file}:{waiver.line}" if waiver.line else waiver.file)
    return f"waived: {waiver.reason} ({', '.join(terms)})"


def _waiver_notices(entries: list[WaiverEntry]) -> list[str]:
    """Expired waivers, inline suppressions not applied, and unused waivers."""
    out: list[str] = []
    for title, chosen, describe in (
            ("expired waivers: they no longer apply", [e for e in entries if e.expired],
             lambda e: f"expired {e.waiver.expires}, would waive {e.matched}"),
            ("suppressions not applied", [e for e in entries if e.problem],
             lambda e: e.problem),
            ("unused waivers: they waive nothing in this scan", [e for e in entries if e.unused],
             lambda e: "")):
        if not chosen:
            continue
        out += ["", f"{title} ({len(chosen)})"]
        for entry in chosen:
            where = f"{entry.waiver.file}:{entry.waiver.line}" if entry.waiver.line else entry.waiver.file
            what = entry.text or " ".join(filter(None, (
                entry.waiver.control, entry.resource, entry.file_pattern and f"file {entry.file_pattern}")))
            detail = describe(entry)
            out += textwrap.wrap(f"{where}: {what}" + (f" ({detail})" if detail else ""), WIDTH,
                                 initial_indent="  ", subsequent_indent="      ")
    return out


def _category_summary(result: ScanResult) -> str:
    counts: dict[str, Counter] = defaultdict(Counter)
    for finding in result.findings:
        counts[finding.category][finding.status] += 1
    headers = ["category", "failing", "passing", "unknown"]
    statuses = [Status.FAIL, Status.PASS, Status.UNKNOWN]
    if any(c[Status.WAIVED] for c in counts.values()):
        headers.append("waived")
        statuses.append(Status.WAIVED)
    rows = [[category, *(c[status] for status in statuses)] for category, c in sorted(counts.items())]
    return tabulate(rows, headers=headers, tablefmt="simple")


def render(result: ScanResult, show_unknown: bool = False, show_waived: bool = False) -> str:
    out = [f"compliance {__version__}: {result.files_scanned} files, {len(result.resources)} "
           f"resources, {len(result.controls)} controls, {result.duration_s:.2f} s",
           f"root: {result.root}"]
    wanted = ({Status.FAIL} | ({Status.UNKNOWN} if show_unknown else set())
              | ({Status.WAIVED} if show_waived else set()))
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
    out += _waiver_notices(result.waivers)
    out += render_framework_sections(result.frameworks)  # with --framework
    counts = Counter(f.status for f in result.findings)
    failing = Counter(f.severity for f in result.findings if f.status is Status.FAIL)
    by_severity = ", ".join(f"{failing[s]} {s}" for s in reversed(SEVERITIES) if failing[s])
    out += ["", f"{counts[Status.FAIL]} failing" + (f" ({by_severity})" if by_severity else "")
            + f", {counts[Status.PASS]} passing, {counts[Status.UNKNOWN]} unknown"
            + (f", {counts[Status.WAIVED]} waived" if counts[Status.WAIVED] else "")
            + (f", {len(result.baselined)} in the baseline" if result.baselined else "")]
    if counts[Status.UNKNOWN] and not show_unknown:
        out.append("unknown: the deciding value is known only at apply time; "
                   "list them with --show-unknown")
    if result.baselined:
        out.append(f"baseline: {len(result.baselined)} failing findings are in the baseline "
                   "(--baseline) and not listed; they still fail")
    if counts[Status.WAIVED] and not show_waived:
        out.append("waived: accepted by a waiver or an inline suppression; "
                   "list them with --show-waived")
    return "\n".join(out) + "\n"
