"""The HTML report: one self-contained page a non-engineer can read and hand to an auditor.

All decisions (what counts, what is shown, in which order, with which words) are made here, in
a view model of plain dataclasses; the templates in reports/ only lay it out. The page has no
fonts, images or links to anything outside itself. Its one script (reports/html/filters.js,
the filters and search) is inline, and the Content-Security-Policy allows that script alone,
by its SHA-256: nothing else runs, even if a value ever escaped its escaping. Without
JavaScript the page shows every finding and hides the filters. The Jinja2 environment escapes
every value: the scanned configuration is untrusted, and a resource named `<script>` must
appear as text.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from compliance import __version__, data_dir
from compliance.model import (
    SEVERITIES,
    Control,
    Finding,
    FrameworkResult,
    RequirementResult,
    ScanError,
    ScanResult,
    Status,
    Waiver,
    unscanned_text,
)
from compliance.model.identity import identity
from compliance.outputs import wording

TEMPLATE = "report.html.j2"
SCRIPT = "html/filters.js"
LISTED = (Status.FAIL, Status.UNKNOWN, Status.WAIVED)  # the findings the page lists, in order
TOP_RESOURCES = 5  # resources named under a framework as failing the most requirements
OBSERVED_MAX_CHARS = 400  # longer observed values (whole policy documents) are cut

STATUS_WORDS = {
    Status.FAIL: ("failing", "a resource does not meet the control"),
    Status.PASS: ("passing", "a resource meets the control"),
    Status.UNKNOWN: ("unknown", "the deciding value is known only when the configuration is "
                                "applied (a variable without a value, another resource's "
                                "attribute, a remote module), so it was neither passed nor "
                                "failed"),
    Status.WAIVED: ("waived", "a failing finding accepted by a documented waiver or "
                              "suppression, with its reason, owner and expiry below"),
}

# Requirement statuses from compliance.frameworks, in the order the bars show them.
REQUIREMENT_STATUSES = {
    "failing": ("Failing", "at least one supporting control fails on a scanned resource"),
    "passing": ("Passing", "every scanned resource its controls apply to was decided and "
                           "passes; this supports the requirement, it does not prove it"),
    "not-evaluated": ("Not evaluated", "automated controls exist but decided nothing: no "
                                       "scanned resource is in their scope, or a deciding "
                                       "value is known only when the configuration is applied"),
    "manual": ("Manual evidence needed", "no automated control supports this requirement; "
                                         "it needs evidence gathered by hand"),
}


# --- the view model -------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    key: str  # a CSS class and an id suffix: fail, pass, critical, passing, ...
    label: str
    value: int
    percent: str = ""  # "42%" (for display)
    width: str = ""  # "42.31%" (for a bar segment)
    meaning: str = ""


@dataclass(frozen=True)
class FindingView:
    control: str
    control_title: str
    severity: str
    status: str
    file: str
    line: int
    where: str  # file:line
    address: str
    resource_type: str
    platform: str
    attribute: str  # the deciding setting, or "(the resource as a whole)"
    observed: str
    expected: str
    remediation: str
    supports: tuple[str, ...]  # "PCI DSS v4.0.1 10.2.1, 10.5.1", "SOC 2 CC7.2"
    fingerprint: str
    category: str = ""
    frameworks: str = ""  # the ids of every framework its control supports, space-separated
    search: str = ""  # what the free-text search matches, lowercased
    waiver: str = ""  # for a waived finding: the waiver, in a line
    status_word: str = ""  # failing, unknown, waived (as the filters and the summary say)


@dataclass(frozen=True)
class ControlGroup:
    """A control's failing findings under one requirement, with its remediation once."""
    id: str
    title: str
    severity: str
    remediation: str
    findings: list[FindingView]


@dataclass(frozen=True)
class ControlRef:
    id: str
    title: str
    strength: str  # "direct" | "supports" | ""
    evaluated: bool = True  # it judged at least one scanned resource for this requirement


@dataclass(frozen=True)
class RequirementView:
    id: str
    anchor: str
    title: str
    notes: str
    status: str  # failing | passing | not-evaluated | manual
    status_label: str
    status_meaning: str
    controls: list[ControlRef]
    failing: list[ControlGroup]
    failing_count: int
    evaluated: int
    checks: str  # "12 resource checks: 3 failing, 9 passing", or why there are none
    failing_resources: tuple[str, ...] = ()  # the addresses of its failing findings
    failed_by: str = ""  # "1 failing finding (aws_s3_bucket.x)", "6 failing findings, 3 controls"


@dataclass(frozen=True)
class FrameworkView:
    id: str
    name: str
    edition: str
    source: str
    disclaimer: str
    notes: str
    total: int
    automated: str  # "12 of 40 requirements are supported by automated controls (30%); ..."
    bar: list[Count]
    requirements: list[RequirementView]
    failing_split: str = ""  # "64 failing requirements: 12 failed by a single finding, ..."
    top_resources: list[tuple[str, int]] = ()  # (address, requirements it fails), most first


@dataclass(frozen=True)
class WaivedView:
    finding: FindingView
    kind: str  # "inline suppression", "waivers file"
    written_at: str  # file:line of the waiver itself, where known
    reason: str
    owner: str
    expires: str


@dataclass(frozen=True)
class IdleWaiverView:
    """A waiver that waived nothing in this scan: expired, matching nothing, or rejected."""
    control: str
    written_at: str
    reason: str
    owner: str
    expires: str
    why: str


@dataclass(frozen=True)
class ErrorView:
    file: str
    line: str
    message: str


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int  # listed findings with this value


@dataclass(frozen=True)
class Filter:
    key: str  # severity | status | category | platform | framework
    label: str
    options: list[Option]
    multiple: bool  # checkboxes (all ticked at first) rather than a list with "all"


@dataclass(frozen=True)
class ReportView:
    title: str
    tool_version: str
    root: str
    started_at: str
    duration: str
    files_scanned: int
    resources: int
    controls: int
    framework_names: list[str]
    by_status: list[Count]
    total_findings: int
    severity_rows: list[tuple[str, list[Count]]]  # severity -> counts by status
    frameworks: list[FrameworkView]
    failing_count: int
    unknown_count: int
    waived: list[WaivedView]
    idle_waivers: list[IdleWaiverView]
    errors: list[ErrorView]
    baselined: int = 0  # failing findings hidden by --baseline
    repository: str = ""  # origin's URL as the history names it, else the folder's name
    branch: str = ""
    commit: str = ""
    catalog_version: str = ""
    catalog_digest: str = ""
    findings: list[FindingView] = ()  # failing, unknown and waived: most severe first
    filters: list[Filter] = ()
    listed_by_status: list[Count] = ()  # of the listed findings (what the filters count)
    listed_by_severity: list[Count] = ()
    passing: int = 0  # passing findings: counted, not listed
    unscanned: list[ErrorView] = field(default_factory=list)  # recognized, left unevaluated
    unscanned_summary: str = ""  # "2 remote modules not scanned, ..."
    nothing_evaluated: bool = False  # only unscanned inputs: the zeros mean nothing


# --- building it ----------------------------------------------------------------------------


def _percent(part: int, total: int) -> tuple[str, str]:
    if not total:
        return "0%", "0%"
    share = 100 * part / total
    shown = f"{share:.0f}%" if share >= 1 or share == 0 else "<1%"
    return shown, f"{share:.2f}%"


def _observed(value: Any) -> str:
    if value is None:
        return "not set"
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    if len(text) > OBSERVED_MAX_CHARS:
        text = text[: OBSERVED_MAX_CHARS - 1] + "…"
    return text


def _supports(result: ScanResult, control_id: str) -> tuple[str, ...]:
    """`PCI DSS v4.0.1 10.2.1, 10.5.1` per framework: of the frameworks chosen with
    --framework, or of every framework file when none was chosen."""
    chosen = {f.id for f in result.frameworks}
    refs = result.requirements.get(control_id, ())
    by_framework: dict[str, list[str]] = {}
    for ref in refs:
        if not chosen or ref.framework in chosen:
            ids = by_framework.setdefault(ref.framework_name, [])
            if ref.requirement not in ids:
                ids.append(ref.requirement)
    return tuple(f"{name} {', '.join(ids)}" for name, ids in by_framework.items())


def _finding_view(finding: Finding, result: ScanResult,
                  controls: dict[str, Control]) -> FindingView:
    control = controls.get(finding.control)
    location = finding.resource.location
    line = finding.evidence.line or location.start_line
    observed = _observed(finding.evidence.observed)
    chosen = {f.id for f in result.frameworks}  # as _supports: those asked for, else all
    searched = (finding.control, finding.title, location.file, finding.resource.address,
                finding.evidence.attribute, observed, finding.evidence.expected)
    return FindingView(
        control=finding.control,
        control_title=finding.title,
        severity=finding.severity,
        status=finding.status.value,
        file=location.file,
        line=line,
        where=f"{location.file}:{line}",
        address=finding.resource.address,
        resource_type=finding.resource.type,
        platform=finding.resource.platform,
        attribute=finding.evidence.attribute or "(the resource as a whole)",
        observed=observed,
        expected=finding.evidence.expected,
        remediation=control.remediation.strip() if control else "",
        supports=_supports(result, finding.control),
        fingerprint=finding.fingerprint,
        category=finding.category,
        frameworks=" ".join(sorted({ref.framework
                                    for ref in result.requirements.get(finding.control, ())
                                    if not chosen or ref.framework in chosen})),
        search="\n".join(searched).lower(),
        waiver=_waiver_line(finding.waiver) if finding.status is Status.WAIVED else "",
        status_word=STATUS_WORDS[finding.status][0],
    )


def _waiver_line(waiver: Waiver | None) -> str:
    if waiver is None:
        return "waived"
    where = _written_at(waiver)
    return (f"{WAIVER_KINDS.get(waiver.kind, waiver.kind)}{f' at {where}' if where else ''}: "
            f"{waiver.reason or 'no reason given'} (owner: {waiver.owner or 'no owner given'}, "
            f"expires: {_date_text(waiver.expires)})")


def _listed_order(view: FindingView) -> tuple:
    """Most severe first, then failing before unknown before waived, then where it is."""
    return (-SEVERITIES.index(view.severity), [s.value for s in LISTED].index(view.status),
            view.file, view.line, view.control, view.address)


def _date_text(value: Any) -> str:
    if value is None or value == "":
        return "no expiry"
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


WAIVER_KINDS = {"inline": "inline suppression", "file": "waivers file"}


def _written_at(waiver: Waiver | None) -> str:
    if waiver is None or not waiver.file:
        return ""
    return f"{waiver.file}:{waiver.line}" if waiver.line else waiver.file


def _waived_view(view: FindingView, finding: Finding) -> WaivedView:
    waiver = finding.waiver
    return WaivedView(
        finding=view,
        kind=WAIVER_KINDS.get(waiver.kind, waiver.kind) if waiver else "waiver",
        written_at=_written_at(waiver),
        reason=(waiver.reason if waiver else "") or "no reason given",
        owner=(waiver.owner if waiver else "") or "no owner given",
        expires=_date_text(waiver.expires if waiver else None),
    )


def _idle_waivers(result: ScanResult) -> list[IdleWaiverView]:
    """Waivers (ScanResult.waivers: compliance.waivers.WaiverEntry) that waived nothing."""
    idle = []
    for entry in result.waivers:
        if entry.expired:
            why = (f"expired: the {entry.matched} finding{'s' if entry.matched != 1 else ''} "
                   f"it covered count{'s' if entry.matched == 1 else ''} again")
        elif entry.problem:
            why = f"not applied: {entry.problem}"
        elif entry.unused:
            why = "matched no failing or unknown finding: the issue it accepted may be gone"
        else:
            continue
        waiver = entry.waiver
        idle.append(IdleWaiverView(
            control=waiver.control,
            written_at=_written_at(waiver),
            reason=waiver.reason or "no reason given",
            owner=waiver.owner or "no owner given",
            expires=_date_text(waiver.expires),
            why=why,
        ))
    return idle


def _requirement_view(requirement: RequirementResult, result: ScanResult,
                      controls: dict[str, Control],
                      judged: frozenset[str] = frozenset()) -> RequirementView:
    """`judged`: the controls that decided something in the scan (any finding, passing too)."""
    label, meaning = REQUIREMENT_STATUSES.get(requirement.status,
                                              (requirement.status, ""))
    findings = list(requirement.findings)
    failing_groups: dict[str, list[FindingView]] = defaultdict(list)
    for finding in findings:
        if finding.status is Status.FAIL:
            failing_groups[finding.control].append(_finding_view(finding, result, controls))
    groups = []
    for control_id, views in failing_groups.items():
        control = controls.get(control_id)
        groups.append(ControlGroup(
            id=control_id,
            title=control.title if control else views[0].control_title,
            severity=control.severity if control else views[0].severity,
            remediation=views[0].remediation,
            findings=sorted(views, key=lambda v: (v.file, v.line, v.address)),
        ))
    groups.sort(key=lambda g: (-SEVERITIES.index(g.severity), g.id))
    counts = {Status.FAIL: sum(1 for f in findings if f.status is Status.FAIL),
              Status.PASS: requirement.passed,
              Status.UNKNOWN: requirement.unknown,
              Status.WAIVED: requirement.waived}
    by_status = ", ".join(f"{counts[s]} {STATUS_WORDS[s][0]}" for s in STATUS_WORDS if counts[s])
    if not requirement.controls:
        checks = ""
    elif not requirement.evaluated:
        checks = "no scanned resource is in their scope"
    else:
        plural = "s" if requirement.evaluated != 1 else ""
        checks = f"{requirement.evaluated} resource check{plural}: {by_status}"
    # the controls that judged something in scope first; the others only add a count
    refs = sorted((ControlRef(c, controls[c].title if c in controls else c,
                              requirement.strengths.get(c, ""), c in judged)
                   for c in requirement.controls), key=lambda r: not r.evaluated)
    return RequirementView(
        id=requirement.id,
        anchor=f"req-{requirement.framework}-{requirement.id}",
        title=requirement.title,
        notes=requirement.notes or "",
        status=requirement.status,
        status_label=label,
        status_meaning=meaning,
        controls=refs,
        failing=groups,
        failing_count=sum(len(g.findings) for g in groups),
        evaluated=requirement.evaluated,
        checks=checks,
        failing_resources=tuple(sorted({f.address for g in groups for f in g.findings})),
        failed_by=_failed_by(groups),
    )


def _failed_by(groups: list[ControlGroup]) -> str:
    """How much stands behind a failing requirement: one finding, or many of several controls."""
    findings = [f for g in groups for f in g.findings]
    if not findings:
        return ""
    if len(findings) == 1:
        return f"1 failing finding ({findings[0].address})"
    resources = len({f.address for f in findings})
    return (f"{len(findings)} failing findings: {_plural(len(groups), 'control')}, "
            f"{_plural(resources, 'resource')}")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def _failing_split(requirements: list[RequirementView]) -> str:
    failing = [r for r in requirements if r.status == "failing"]
    if not failing:
        return ""
    single = sum(1 for r in failing if r.failing_count == 1)
    one_resource = sum(1 for r in failing if len(r.failing_resources) == 1)
    return (f"{len(failing)} failing requirements: {single} failed by a single finding, "
            f"{len(failing) - single} by several; {one_resource} by a single resource")


def _top_resources(requirements: list[RequirementView]) -> list[tuple[str, int]]:
    """The resources behind the most failing requirements (those behind two or more)."""
    counts = Counter(address for r in requirements for address in r.failing_resources)
    return [(address, n) for address, n in
            sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_RESOURCES]
            if n > 1]


def _framework_view(framework: FrameworkResult, result: ScanResult,
                    controls: dict[str, Control], judged: frozenset[str]) -> FrameworkView:
    requirements = [_requirement_view(r, result, controls, judged)
                    for r in framework.requirements]
    counts = Counter(r.status for r in requirements)
    total = len(requirements)
    bar = []
    for status, (label, meaning) in REQUIREMENT_STATUSES.items():
        shown, width = _percent(counts[status], total)
        bar.append(Count(status, label, counts[status], shown, width, meaning))
    manual = counts["manual"]
    automated = total - manual
    return FrameworkView(
        id=framework.id,
        name=framework.name,
        # "PCI DSS v4.0.1" needs no edition after it; "SOC 2" does
        edition="" if (framework.edition or "") in framework.name else framework.edition,
        source=framework.source or "",
        disclaimer=framework.disclaimer or "",
        notes=framework.notes or "",
        total=total,
        automated=(f"{automated} of {total} requirements are supported by automated controls "
                   f"({_percent(automated, total)[0]}); {manual} "
                   f"{'needs' if manual == 1 else 'need'} manual evidence."),
        bar=bar,
        requirements=requirements,
        failing_split=_failing_split(requirements),
        top_resources=_top_resources(requirements),
    )


def _filters(listed: list[FindingView], result: ScanResult) -> list[Filter]:
    def options(key: str, values: list[str], labels: dict[str, str] | None = None) -> list[Option]:
        counts = Counter(getattr(v, key) for v in listed)
        return [Option(value, (labels or {}).get(value, value), counts[value]) for value in values]

    framework_names = {ref.framework: ref.framework_name
                       for refs in result.requirements.values() for ref in refs}
    by_framework = Counter(fw for v in listed for fw in v.frameworks.split())
    return [
        Filter("severity", "Severity", options("severity", list(reversed(SEVERITIES))), True),
        Filter("status", "Status", options("status", [s.value for s in LISTED],
                                           {s.value: STATUS_WORDS[s][0] for s in LISTED}), True),
        Filter("category", "Category", options("category", sorted({v.category for v in listed})),
               False),
        Filter("platform", "Platform", options("platform", sorted({v.platform for v in listed})),
               False),
        Filter("framework", "Framework",
               [Option(fw, framework_names[fw], by_framework[fw])
                for fw in sorted(by_framework, key=lambda fw: framework_names[fw].lower())],
               False),
    ]


def _error_view(error: ScanError) -> ErrorView:
    return ErrorView(error.file, str(error.line) if error.line else "", error.message)


def build_view(result: ScanResult) -> ReportView:
    controls = {c.id: c for c in result.controls}
    views = {identity(f): _finding_view(f, result, controls) for f in result.findings
             if f.status in LISTED}
    listed = sorted(views.values(), key=_listed_order)
    listed_statuses = Counter(v.status for v in listed)
    listed_severities = Counter(v.severity for v in listed)
    revision = result.revision
    errors_in_order = sorted(result.errors, key=lambda e: (e.file, e.line or 0))
    by_status = Counter(f.status for f in result.findings)
    total = len(result.findings)
    status_counts = []
    for status in (Status.FAIL, Status.PASS, Status.UNKNOWN, Status.WAIVED):
        shown, width = _percent(by_status[status], total)
        word, meaning = STATUS_WORDS[status]
        status_counts.append(Count(status.value, word, by_status[status], shown, width, meaning))
    matrix = Counter((f.severity, f.status) for f in result.findings)
    severity_rows = [(severity, [Count(status.value, STATUS_WORDS[status][0],
                                       matrix[(severity, status)])
                                 for status in (Status.FAIL, Status.PASS, Status.UNKNOWN,
                                                Status.WAIVED)])
                     for severity in reversed(SEVERITIES)]
    frameworks = result.frameworks
    waived = [_waived_view(views[identity(f)], f) for f in result.findings
              if f.status is Status.WAIVED]
    waived.sort(key=lambda w: (w.finding.file, w.finding.line, w.finding.control))
    judged = frozenset(f.control for f in result.findings)  # controls that decided something
    return ReportView(
        title="API security compliance report",
        tool_version=__version__,
        root=str(result.root),
        started_at=result.started_at.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
        duration=f"{result.duration_s:.2f} s",
        files_scanned=result.files_scanned,
        resources=len(result.resources),
        controls=len(result.controls),
        framework_names=[f.name if f.edition in f.name else f"{f.name} ({f.edition})"
                         for f in frameworks],
        by_status=status_counts,
        total_findings=total,
        severity_rows=severity_rows,
        frameworks=[_framework_view(f, result, controls, judged) for f in frameworks],
        failing_count=listed_statuses[Status.FAIL.value],
        unknown_count=listed_statuses[Status.UNKNOWN.value],
        waived=waived,
        idle_waivers=_idle_waivers(result),
        errors=[_error_view(e) for e in errors_in_order if not e.skipped],
        baselined=len(result.baselined),
        repository=(revision.remote or revision.repository) if revision else "",
        branch=revision.branch if revision else "",
        commit=revision.commit if revision else "",
        catalog_version=__version__,  # the catalog ships with the tool
        catalog_digest=result.catalog_digest,
        findings=listed,
        filters=_filters(listed, result),
        listed_by_status=[Count(s.value, STATUS_WORDS[s][0], listed_statuses[s.value])
                          for s in LISTED],
        listed_by_severity=[Count(sev, sev, listed_severities[sev])
                            for sev in reversed(SEVERITIES)],
        passing=by_status[Status.PASS],
        unscanned=[_error_view(e) for e in errors_in_order if e.skipped],
        unscanned_summary=unscanned_text(result.errors),
        nothing_evaluated=wording.nothing_evaluated(result),
    )


# --- rendering ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(data_dir("reports"))),
        autoescape=True,  # every template, whatever its name: the input is untrusted
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@lru_cache(maxsize=1)
def script() -> tuple[Markup, Markup]:
    """The page's one script, and its hash for the Content-Security-Policy."""
    text = (data_dir("reports") / SCRIPT).read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return Markup(text), Markup(f"'sha256-{digest}'")  # base64: nothing to escape


def render(result: ScanResult) -> str:
    # excerpts are cut and masked by the same code as the terminal's and the evidence pack's
    from compliance.outputs.excerpts import excerpts

    code, code_hash = script()
    return environment().get_template(TEMPLATE).render(
        report=build_view(result), excerpts=excerpts(result), script=code, script_hash=code_hash)
