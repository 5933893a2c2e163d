"""The pull-request comment of `compliance diff`: a verdict, the new failing findings (with
`file:line` links and remediation), the fixed ones, each framework's coverage before and after,
and the unchanged failing findings collapsed in a `<details>` block.

GitHub refuses comments over 65,536 characters. When the full comment is longer, rows are left
out (unchanged first, then fixed, then new) until it fits, and the comment says how many were
left out and where the full list is. The first line is a hidden marker so that CI can find and
update its own comment instead of adding one per push.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from compliance.model import SEVERITIES, Control, Finding, is_unreadable, unscanned_text
from compliance.outputs import wording
from compliance.outputs.markdown import environment
from compliance.outputs.sarif import help_uri
from compliance.results.diff import DiffResult

TEMPLATE = "pr-comment.md.j2"
UNREAD_SHOWN = 20  # inputs not read completely, listed by name; the rest are counted
MARKER = "<!-- compliance-pr-comment -->"
GITHUB_LIMIT = 65_536


@dataclass(frozen=True)
class Row:
    where: str
    link: str  # "" when no link base is known
    severity: str
    control: str
    control_url: str
    resource: str
    evidence: str
    remediation: str


@dataclass(frozen=True)
class CoverageRow:
    name: str
    failing: tuple[Any, Any]
    passing: tuple[Any, Any]
    percent: tuple[Any, Any]


def _order(finding: Finding) -> tuple:
    return (-SEVERITIES.index(finding.severity), finding.resource.location.file,
            wording.evidence_line(finding), finding.control)


def _rows(diff: DiffResult, findings: list[Finding], controls: dict[str, Control],
          link_base: str) -> list[Row]:
    rows = []
    for finding in sorted(findings, key=_order):
        control = controls.get(finding.control)
        path, line = diff.repo_path(finding), wording.evidence_line(finding)
        rows.append(Row(
            where=f"{path}:{line}",
            link=f"{link_base.rstrip('/')}/{path}#L{line}" if link_base else "",
            severity=finding.severity,
            control=finding.control,
            control_url=help_uri(control) if control else "",
            resource=finding.resource.address,
            evidence=wording.evidence_text(finding, 120),
            remediation=control.remediation if control else "",
        ))
    return rows


def _coverage(diff: DiffResult) -> list[CoverageRow]:
    def pair(delta, key):
        return delta.before.get(key, "n/a"), delta.after.get(key, "n/a")

    return [CoverageRow(name=d.name, failing=pair(d, "failing"), passing=pair(d, "passing"),
                        percent=pair(d, "percent_passing_of_evaluated")) for d in diff.coverage]


def _verdict(diff: DiffResult) -> str:
    if not diff.new:
        return "No new failing findings"
    counts = Counter(f.severity for f in diff.new)
    detail = ", ".join(f"{counts[s]} {s}" for s in reversed(SEVERITIES) if counts[s])
    plural = "" if len(diff.new) == 1 else "s"
    return f"{len(diff.new)} new failing finding{plural} ({detail})"


def render(diff: DiffResult, link_base: str = "", limit: int = GITHUB_LIMIT,
           full_report_hint: str = "the job log or the JSON report") -> str:
    """The comment, at most `limit` characters."""
    controls = {c.id: c for c in diff.head.result.controls}
    sections = {
        "new": _rows(diff, diff.new, controls, link_base),
        "fixed": _rows(diff, diff.fixed, controls, link_base),
        "unchanged": _rows(diff, diff.unchanged, controls, link_base),
    }
    shown = {name: len(rows) for name, rows in sections.items()}
    unread = [str(error) for error in diff.head.result.errors if is_unreadable(error)]
    unscanned = unscanned_text(diff.head.result.errors)
    template = environment().get_template(TEMPLATE)

    def attempt() -> str:
        omitted = {name: len(sections[name]) - shown[name] for name in sections}
        text = template.render(
            marker=MARKER, verdict=_verdict(diff), failed=bool(diff.new),
            base=diff.base.label, head=diff.head.label, changed=len(diff.changed_files),
            counts={name: len(rows) for name, rows in sections.items()},
            new=sections["new"][:shown["new"]], fixed=sections["fixed"][:shown["fixed"]],
            unchanged=sections["unchanged"][:shown["unchanged"]], omitted=omitted,
            truncated=any(omitted.values()), hint=full_report_hint, limit=limit,
            coverage=_coverage(diff), unread=unread[:UNREAD_SHOWN],
            unread_more=max(0, len(unread) - UNREAD_SHOWN), unscanned=unscanned)
        return re.sub(r"\n{3,}", "\n\n", text)

    text = attempt()
    for name in ("unchanged", "fixed", "new"):  # drop the least important rows first
        if len(text) <= limit:
            break
        low, high = 0, shown[name]  # the most rows of this section that still fit
        while low < high:
            shown[name] = (low + high + 1) // 2
            if len(attempt()) <= limit:
                low = shown[name]
            else:
                high = shown[name] - 1
        shown[name] = low
        text = attempt()
    if len(text) > limit:  # even without rows (a huge coverage table): cut, and say so
        note = "\n\n*(comment cut at GitHub's size limit)*\n"
        text = text[: limit - len(note)] + note
    return text

