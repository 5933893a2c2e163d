"""The Markdown report: a summary, failing findings grouped by file, waived findings, files
not scanned and, with --framework, what the automated controls support in each framework.

For pull-request comments, CI job summaries and wikis (GitHub and GitLab flavoured Markdown).
The decisions (what is listed, in which order, with which words) are made here, in a view
model of plain dataclasses; reports/report.md.j2 only lays it out. Jinja2 runs without
autoescaping (this is Markdown, not HTML), so every table cell goes through one of two
filters: `cell` for prose (escapes `|`, HTML's `<`, `>` and `&`, and turns line breaks into
spaces) and `code` for values taken from the scanned files (a code span, whatever backticks
the value holds). A framework is only ever said to be *supported* by controls, never met.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from compliance import __version__, data_dir
from compliance.model import SEVERITIES, Control, Finding, ScanResult, Status, unscanned_text
from compliance.outputs import wording
from compliance.outputs.sarif import help_uri

TEMPLATE = "report.md.j2"
OBSERVED_MAX = 120  # characters of an observed value in a table cell

# Requirement statuses (compliance.frameworks) in the words this report uses.
REQUIREMENT_WORDS = {
    "failing": "failing",
    "passing": "supporting checks pass",
    "not-evaluated": "not evaluated",
    "manual": "manual evidence needed",
}


# --- filters --------------------------------------------------------------------------------

_LINE_BREAKS = re.compile(r"\s*(\r\n|\r|\n)\s*")
# A code span: a run of backticks, then anything up to the same run (not part of a longer one).
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)


# Markdown that would make text from a scanned file act: a link or image (`[`, `]`, `!`), a
# mention (`@`), an issue or PR reference (`#`), emphasis (`*`, `_`, `~`), a backslash that
# would undo these escapes
_ACTIVE = re.compile(r"([\\\[\]!@#*_~])")


def _no_html(text: str) -> str:
    """Prose outside code spans: no raw HTML, and nothing that links, mentions or emphasizes."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _ACTIVE.sub(r"\\\1", text)


def cell(value: Any) -> str:
    """Prose (Markdown) in a table cell: one line, no column break, and no raw HTML outside
    its code spans (whose `<validate-jwt>` must stay as written)."""
    text = _LINE_BREAKS.sub(" ", str(value))
    out, last = [], 0
    for span in _CODE_SPAN.finditer(text):
        out += [_no_html(text[last:span.start()]), span.group()]
        last = span.end()
    out.append(_no_html(text[last:]))
    return "".join(out).replace("|", "\\|")


def code(value: Any) -> str:
    """A code span holding `value` as is (on one line; `|` escaped for tables)."""
    text = _LINE_BREAKS.sub(" ", str(value))
    if not text:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    # CommonMark strips one space from each end when both ends have one, and a backtick at
    # an end would join the fence: pad with a space on each side in those cases
    if text[0] == "`" or text[-1] == "`" or (text[0] == " " and text[-1] == " "):
        text = f" {text} "
    return f"{fence}{text}{fence}".replace("|", "\\|")


# --- the view model -------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    where: str  # file:line
    severity: str
    control: str
    control_url: str
    resource: str
    attribute: str
    observed: str | None  # None: the attribute is not set
    expected: str
    remediation: str
    waiver: str = ""


@dataclass(frozen=True)
class FileGroup:
    file: str
    rows: list[Row]


@dataclass(frozen=True)
class RequirementRow:
    id: str
    title: str
    status: str  # in this report's words
    controls: list[str]  # `control-id` (direct) ...
    failing: int


@dataclass(frozen=True)
class FrameworkView:
    name: str
    edition: str
    disclaimer: str
    coverage: dict[str, Any]
    requirements: list[RequirementRow]


@dataclass(frozen=True)
class ReportView:
    version: str
    root: str
    started_at: str
    duration: str
    files_scanned: int
    resources: int
    controls: int
    counts: dict[str, int]  # by status
    failing_by_severity: list[tuple[str, int]]  # critical first, none of 0
    failing: list[FileGroup]
    unknown: list[FileGroup]  # only with show_unknown
    waived: list[FileGroup]
    errors: list[str]
    frameworks: list[FrameworkView]
    show_unknown: bool
    baselined: int = 0  # failing findings hidden by --baseline
    unscanned: list[str] = field(default_factory=list)  # inputs recognized and left aside
    unscanned_summary: str = ""  # "2 remote modules not scanned, ..."
    nothing_evaluated: bool = False  # only unscanned inputs: the zeros mean nothing


def _row(finding: Finding, controls: dict[str, Control]) -> Row:
    control = controls.get(finding.control)
    evidence = finding.evidence
    observed = (None if evidence.observed is None else
                wording.shorten(wording.observed_text(evidence.observed), OBSERVED_MAX))
    return Row(
        where=f"{finding.resource.location.file}:{wording.evidence_line(finding)}",
        severity=finding.severity,
        control=finding.control,
        control_url=help_uri(control) if control else "",
        resource=finding.resource.address,
        attribute=evidence.attribute,
        observed=observed,
        expected=evidence.expected,
        remediation=control.remediation if control else "",
        waiver=wording.waiver_text(finding) if finding.status is Status.WAIVED else "",
    )


def _by_file(findings: list[Finding], controls: dict[str, Control]) -> list[FileGroup]:
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[finding.resource.location.file].append(finding)
    return [FileGroup(file, [_row(f, controls) for f in sorted(
                groups[file], key=lambda f: (wording.evidence_line(f),
                                             -SEVERITIES.index(f.severity), f.control,
                                             f.resource.address))])
            for file in sorted(groups)]


def _framework_view(framework: Any) -> FrameworkView:
    rows = []
    for requirement in framework.requirements:
        strengths = getattr(requirement, "strengths", {}) or {}
        controls = [f"{code(c)} (direct)" if strengths.get(c) == "direct" else code(c)
                    for c in requirement.controls]
        rows.append(RequirementRow(id=requirement.id, title=requirement.title,
                                   status=REQUIREMENT_WORDS.get(requirement.status,
                                                                requirement.status),
                                   controls=controls, failing=len(requirement.findings)))
    edition = "" if framework.edition in framework.name else framework.edition
    return FrameworkView(name=framework.name, edition=edition,
                         disclaimer=framework.disclaimer, coverage=dict(framework.coverage),
                         requirements=rows)


def build_view(result: ScanResult, show_unknown: bool = False) -> ReportView:
    controls = {c.id: c for c in result.controls}
    counts = Counter(f.status for f in result.findings)
    failing_severity = Counter(f.severity for f in result.findings if f.status is Status.FAIL)
    return ReportView(
        version=__version__,
        root=str(result.root),
        started_at=result.started_at.strftime("%Y-%m-%d %H:%M UTC"),
        duration=f"{result.duration_s:.1f} s",
        files_scanned=result.files_scanned,
        resources=len(result.resources),
        controls=len(result.controls),
        counts={status.value: counts[status] for status in Status},
        failing_by_severity=[(s, failing_severity[s]) for s in reversed(SEVERITIES)
                             if failing_severity[s]],
        failing=_by_file([f for f in result.findings if f.status is Status.FAIL], controls),
        unknown=(_by_file([f for f in result.findings if f.status is Status.UNKNOWN], controls)
                 if show_unknown else []),
        waived=_by_file([f for f in result.findings if f.status is Status.WAIVED], controls),
        errors=[str(e) for e in sorted(result.errors, key=lambda e: (e.file, e.line or 0))
                if not e.skipped],
        unscanned=[str(e) for e in sorted(result.errors, key=lambda e: (e.file, e.line or 0))
                   if e.skipped],
        unscanned_summary=unscanned_text(result.errors),
        nothing_evaluated=wording.nothing_evaluated(result),
        frameworks=[_framework_view(fw) for fw in getattr(result, "frameworks", None) or []],
        show_unknown=show_unknown,
        baselined=len(result.baselined),
    )


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(data_dir("reports"))),
        autoescape=False,  # Markdown: cells are escaped by the `cell` and `code` filters
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cell"] = cell
    env.filters["code"] = code
    return env


def render(result: ScanResult, show_unknown: bool = False) -> str:
    view = build_view(result, show_unknown)
    text = environment().get_template(TEMPLATE).render(view=view)
    return re.sub(r"\n{3,}", "\n\n", text)
