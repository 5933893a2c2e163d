"""A control's samples, run: the failing samples fail exactly where their markers say, with the
checks they name; the passing samples pass; every check is seen failing and passing.

Used by the catalog's own test (tests/test_control_fixtures.py) and by
`compliance controls test DIR` for users writing their own controls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from compliance.catalog.markers import Markers, read_markers
from compliance.model import Catalog, Control, ScanResult, Status
from compliance.pipeline.scan import ScanOptions, run_scan

_DECIDED = (Status.FAIL, Status.UNKNOWN)


@dataclass
class SampleReport:
    control: Control
    problems: list[str] = field(default_factory=list)
    failing: int = 0  # marked expectations met in fail/
    passing: int = 0  # passing findings in pass/

    @property
    def ok(self) -> bool:
        return not self.problems


def _scan(folder: Path, control: Control, catalog: Catalog) -> ScanResult:
    return run_scan([folder], catalog, controls=[control], options=ScanOptions(cache_dir=None),
                    frameworks=[])


def _where(side: str, file: str, line: int) -> str:
    return f"{side}/{file}:{line}"


def _check_markers(markers: Markers, control: Control, side: str) -> list[str]:
    known = {check.id for check in control.checks}
    problems = [f"{side}/{problem}" for problem in markers.problems]
    for file, line, check, status in sorted(markers.triples()):
        if check not in known:
            problems.append(f"{_where(side, file, line)}: marker `{status}: {check}` names no "
                            f"check of {control.id} (its checks: {', '.join(sorted(known))})")
    return problems


def check_samples(control: Control, catalog: Catalog) -> SampleReport:
    report = SampleReport(control)
    folder = Path(control.folder)
    fail_dir, pass_dir = folder / "fail", folder / "pass"
    for side, directory in (("fail", fail_dir), ("pass", pass_dir)):
        if not directory.is_dir():
            report.problems.append(f"no {side}/ samples in {folder}")
    if report.problems:
        return report

    markers = read_markers(fail_dir)
    report.problems += _check_markers(markers, control, "fail")
    wanted = markers.triples()
    if not any(status == "fail" for *_, status in wanted):
        report.problems.append("fail/: no line is marked `# fail: <check>`: the samples must "
                               "show the control failing")
    failed = _scan(fail_dir, control, catalog)
    report.problems += [f"fail/{error}" for error in failed.errors if error.unread]
    seen = set()
    for finding in failed.findings:
        if finding.status not in _DECIDED:
            continue
        location = finding.resource.location
        if not location.start_line <= finding.evidence.line <= location.end_line:
            report.problems.append(f"{_where('fail', location.file, finding.evidence.line)}: "
                                   f"the evidence lies outside {finding.resource.address} "
                                   f"(lines {location.start_line}-{location.end_line})")
        seen.add((location.file, finding.evidence.line, finding.check, finding.status.value))
    for file, line, check, status in sorted(wanted - seen):
        report.problems.append(f"{_where('fail', file, line)}: marked `{status}: {check}`, but "
                               f"check {check} gives no {status} finding there")
    for file, line, check, status in sorted(seen - wanted):
        report.problems.append(f"{_where('fail', file, line)}: check {check} gives a {status} "
                               f"finding here, but the line is not marked `{status}: {check}`")
    report.failing = len(wanted & seen)

    pass_markers = read_markers(pass_dir)
    for file, line, check, status in sorted(pass_markers.triples()):
        report.problems.append(f"{_where('pass', file, line)}: passing samples carry no "
                               f"markers (`{status}: {check}`)")
    passed = _scan(pass_dir, control, catalog)
    report.problems += [f"pass/{error}" for error in passed.errors if error.unread]
    for finding in passed.findings:
        if finding.status is not Status.PASS:
            location = finding.resource.location
            report.problems.append(f"{_where('pass', location.file, finding.evidence.line)}: "
                                   f"check {finding.check} gives a {finding.status.value} "
                                   f"finding on {finding.resource.address}: "
                                   f"{finding.evidence.observed!r}")
    report.passing = sum(1 for f in passed.findings if f.status is Status.PASS)
    if not report.passing:
        report.problems.append("pass/: no finding passes: the samples must show the control "
                               "passing")

    # a check no sample reaches is a check nobody has seen work
    reached_fail = {f.check for f in failed.findings if f.status is Status.FAIL}
    reached_pass = {f.check for f in passed.findings if f.status is Status.PASS}
    for check in control.checks:
        if check.id not in reached_fail:
            report.problems.append(f"check {check.id}: no failing sample")
        if check.id not in reached_pass:
            report.problems.append(f"check {check.id}: no passing sample")
    return report
