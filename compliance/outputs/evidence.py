"""The evidence pack's index.html: the HTML report's view model (compliance.report.html), the
scope of the scan (repository, commit, versions) and, for each finding shown, a short excerpt
of the configuration that decides it, with secrets masked.

Each failing finding is shown once, numbered (F1, F2, ...), under its control with the
control's remediation; requirements refer to findings by number. A finding that supports eight
requirements was printed eight times, which made the PDF of the example hundreds of pages.
The same page is the PDF: its print stylesheet (reports/evidence-print.css) lays it out.

Excerpts come from the file contents the scan read (ScanResult.sources), never from disk.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup

from compliance.model import SEVERITIES, ScanResult, Status
from compliance.outputs.excerpts import excerpts
from compliance.outputs.html import FindingView, ReportView, build_view, environment

TEMPLATE = "evidence.html.j2"
STYLESHEETS = ("html/style.css", "evidence.css")  # the HTML report's, then the pack's own

_CUSTOM_PROPERTY = re.compile(r"(--[\w-]+)\s*:\s*([^;}]+)")
_VAR = re.compile(r"var\((--[\w-]+)\)")


@dataclass(frozen=True)
class ScopeView:
    repository: str
    commit: str
    branch: str
    remote: str
    dirty: str
    scanned_at: str
    tool_version: str
    catalog_version: str
    catalog_digest: str
    frameworks: list[str]
    files: int


@dataclass(frozen=True)
class ControlFindings:
    """A control's failing findings, with what is the same for all of them said once."""
    id: str
    title: str
    severity: str
    remediation: str
    supports: tuple[str, ...]  # "SOC 2 CC6.1, CC6.6"
    findings: list[tuple[str, FindingView]]  # ("F12", the finding)


@dataclass(frozen=True)
class ControlRow:
    """A control that decided something in the scan, with its findings by status: named once
    here, so that requirements can name it by id."""
    id: str
    title: str
    severity: str
    counts: dict[str, int]  # status value -> findings


def failing_by_control(report: ReportView) -> list[ControlFindings]:
    """Every failing finding once, most severe control first, numbered in that order."""
    by_control: dict[str, list[FindingView]] = {}
    for view in report.findings:
        if view.status == Status.FAIL.value:
            by_control.setdefault(view.control, []).append(view)
    ordered = sorted(by_control.items(),
                     key=lambda item: (-SEVERITIES.index(item[1][0].severity), item[0]))
    groups, number = [], 0
    for control, views in ordered:
        numbered = []
        for view in sorted(views, key=lambda v: (v.file, v.line, v.address)):
            number += 1
            numbered.append((f"F{number}", view))
        first = views[0]
        groups.append(ControlFindings(control, first.control_title, first.severity,
                                      first.remediation, first.supports, numbered))
    return groups


def deciding_controls(result: ScanResult) -> list[ControlRow]:
    """The controls with at least one finding: failing ones first (most severe first)."""
    counts: dict[str, Counter] = {}
    for finding in result.findings:
        counts.setdefault(finding.control, Counter())[finding.status.value] += 1
    titles = {c.id: (c.title, c.severity) for c in result.controls}
    rows = [ControlRow(control, *titles.get(control, (control, "")),
                       {s.value: found[s.value] for s in Status})
            for control, found in counts.items()]
    return sorted(rows, key=lambda r: (not r.counts[Status.FAIL.value],
                                       -SEVERITIES.index(r.severity)
                                       if r.severity in SEVERITIES else 0, r.id))


def finding_refs(numbers: list[str]) -> str:
    """`F3-F6, F9`: finding numbers, runs of three or more as a range."""
    values = sorted(int(n[1:]) for n in set(numbers))
    runs: list[list[int]] = []
    for value in values:
        if runs and value == runs[-1][-1] + 1:
            runs[-1].append(value)
        else:
            runs.append([value])
    return ", ".join(f"F{run[0]}\u2013F{run[-1]}" if len(run) > 2
                     else ", ".join(f"F{v}" for v in run) for run in runs)


def inline_custom_properties(css: str) -> str:
    """`color: var(--ink)` as `color: #1d2433`, from the `:root` block. WeasyPrint resolves a
    var() again for every element that uses it (a quarter of the PDF's rendering time); the
    page looks the same."""
    root = re.search(r":root\s*\{([^}]*)\}", css)
    values = dict((name, value.strip()) for name, value in
                  _CUSTOM_PROPERTY.findall(root.group(1))) if root else {}
    return _VAR.sub(lambda m: values.get(m.group(1), m.group(0)), css)


@lru_cache(maxsize=1)
def stylesheet() -> Markup:
    env = environment()
    css = "\n".join(env.loader.get_source(env, name)[0] for name in STYLESHEETS)
    return Markup(inline_custom_properties(css))  # our own file: no escaping inside <style>


def render_index(result: ScanResult, scope: ScopeView) -> str:
    report = build_view(result)
    failing = failing_by_control(report)
    shown = excerpts(result)
    # a requirement names its findings by number; the same fingerprint gets the same number.
    # An excerpt already shown (another control's finding on the same lines) is referred to.
    numbers: dict[str, str] = {}
    same_lines: dict[str, str] = {}  # number -> the number whose excerpt is the same
    first_with: dict[tuple, str] = {}
    for group in failing:
        for number, view in group.findings:
            numbers.setdefault(view.fingerprint, number)
            lines = shown.get(view.fingerprint)
            if lines is not None:
                key = (view.file, tuple(lines.lines))
                if key in first_with:
                    same_lines[number] = first_with[key]
                else:
                    first_with[key] = number

    def refs(findings: list[FindingView]) -> tuple[str, str]:
        """A requirement's reference to a control's findings: the first and all of them."""
        named = [numbers[f.fingerprint] for f in findings]
        return min(named, key=lambda n: int(n[1:])), finding_refs(named)

    return environment().get_template(TEMPLATE).render(
        stylesheet=stylesheet(), report=report, scope=scope, excerpts=shown, failing=failing,
        same_lines=same_lines, controls=deciding_controls(result), finding_refs=refs)
