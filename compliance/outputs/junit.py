"""JUnit XML, as GitLab, Jenkins and the GitHub Actions test reporters read it.

A `testsuite` per control that judged at least one resource (named by the control id), a
`testcase` per resource it judged (`classname` `<category>.<control>`, `name` the resource
address, `file` and `line` where the deciding attribute is):
- fail: a `failure` whose message is the evidence and whose text adds the remediation;
- unknown: `skipped`, with the reason the value could not be decided;
- waived: `skipped`, with the waiver's reason, owner and expiry;
- pass: an empty testcase.
Files that could not be scanned are `error` testcases of one more suite, `files not scanned`.

Order is deterministic (controls by id, resources by file, line and address), and every time
is 0 but the total: the scan does not time controls one by one.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from compliance.model import Finding, ScanResult, Status, unscanned_counts
from compliance.outputs import wording

ERRORS_SUITE = "files not scanned"  # spaces: no control id can take this name
BASELINE_SUITE = "in the baseline"  # failing findings --baseline hid
UNSCANNED_SUITE = "inputs not scanned"  # remote modules, charts, overlays, programs left aside
MESSAGE_MAX = 500  # characters of a message attribute; the element text holds everything

# Characters XML 1.0 cannot carry, even escaped (control characters but tab, LF and CR).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: object) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


def _element(parent: ET.Element | None, tag: str, text: str | None = None,
             **attributes: object) -> ET.Element:
    attrib = {key.rstrip("_"): _clean(value) for key, value in attributes.items()
              if value is not None}
    element = ET.Element(tag, attrib) if parent is None else ET.SubElement(parent, tag, attrib)
    if text is not None:
        element.text = _clean(text)
    return element


def _details(finding: Finding, result: ScanResult, remediation: str) -> str:
    evidence = finding.evidence
    resource = finding.resource
    lines = [
        f"control:     {finding.control} ({finding.severity}): {finding.title}",
        f"resource:    {resource.address} ({resource.type}, {resource.platform})",
        f"location:    {resource.location.file}:{wording.evidence_line(finding)} "
        f"(resource lines {resource.location.start_line}-{resource.location.end_line})",
        f"attribute:   {evidence.attribute or '(the resource as a whole)'}",
        f"observed:    {wording.observed_text(evidence.observed)}",
        f"expected:    {evidence.expected}",
    ]
    requirements = wording.requirements_of(result, finding.control)
    if requirements:
        lines.append("supports:    " + "; ".join(wording.requirement_label(r)
                                                 for r in requirements))
    if finding.status is Status.WAIVED:
        lines.append(f"waiver:      {wording.waiver_text(finding)}")
    if remediation:
        lines.append(f"remediation: {remediation}")
    lines.append(f"fingerprint: {finding.fingerprint}")
    return "\n".join(lines)


def _testcase_names(findings: list[Finding]) -> list[str]:
    """The resource address, with its file where two resources share an address."""
    counts = defaultdict(int)
    for finding in findings:
        counts[finding.resource.address] += 1
    names, seen = [], defaultdict(int)
    for finding in findings:
        name = finding.resource.address
        if counts[name] > 1:
            name = f"{name} ({finding.resource.location.file})"
            seen[name] += 1
            if seen[name] > 1:
                name = f"{name} #{seen[name]}"
        names.append(name)
    return names


def _order(finding: Finding) -> tuple:
    location = finding.resource.location
    return (location.file, location.start_line, finding.resource.address,
            finding.evidence.attribute, finding.check)


def to_element(result: ScanResult) -> ET.Element:
    timestamp = result.started_at.replace(microsecond=0, tzinfo=None).isoformat()
    controls = {c.id: c for c in result.controls}
    by_control: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        by_control[finding.control].append(finding)
    root = _element(None, "testsuites", name="compliance", time=f"{result.duration_s:.3f}")
    totals = defaultdict(int)
    for control_id in sorted(set(controls) | set(by_control)):
        control = controls.get(control_id)
        findings = sorted(by_control.get(control_id, []), key=_order)
        if not findings:
            continue  # no scanned resource in the control's scope: nothing was tested
        counts = {status: sum(1 for f in findings if f.status is status) for status in Status}
        skipped = counts[Status.UNKNOWN] + counts[Status.WAIVED]
        suite = _element(root, "testsuite", name=control_id, tests=len(findings),
                         failures=counts[Status.FAIL], errors=0, skipped=skipped, time="0",
                         timestamp=timestamp)
        title = control.title if control else (findings[0].title if findings else "")
        properties = _element(suite, "properties")
        _element(properties, "property", name="title", value=title)
        if control is not None:
            _element(properties, "property", name="category", value=control.category)
            _element(properties, "property", name="severity", value=control.severity)
        requirements = wording.requirements_of(result, control_id)
        if requirements:
            _element(properties, "property", name="requirements",
                     value=";".join(wording.requirement_label(r) for r in requirements))
        remediation = control.remediation if control else ""
        for finding, name in zip(findings, _testcase_names(findings)):
            case = _element(suite, "testcase", classname=f"{finding.category}.{control_id}",
                            name=name, file=finding.resource.location.file,
                            line=wording.evidence_line(finding), time="0")
            if finding.status is Status.FAIL:
                _element(case, "failure", _details(finding, result, remediation),
                         message=wording.shorten(wording.message(finding), MESSAGE_MAX),
                         type=finding.severity)
            elif finding.status is Status.UNKNOWN:
                _element(case, "skipped", _details(finding, result, remediation),
                         message=wording.shorten(
                             "unknown: " + wording.message(finding), MESSAGE_MAX))
            elif finding.status is Status.WAIVED:
                _element(case, "skipped", _details(finding, result, remediation),
                         message=wording.shorten(
                             "waived: " + wording.waiver_text(finding), MESSAGE_MAX))
        totals["tests"] += len(findings)
        totals["failures"] += counts[Status.FAIL]
        totals["skipped"] += skipped
    if result.baselined:
        hidden = sorted(result.baselined, key=_order)
        suite = _element(root, "testsuite", name=BASELINE_SUITE, tests=len(hidden), failures=0,
                         errors=0, skipped=len(hidden), time="0", timestamp=timestamp)
        for finding, name in zip(hidden, _testcase_names(hidden)):
            case = _element(suite, "testcase", classname=f"baseline.{finding.control}",
                            name=name, file=finding.resource.location.file,
                            line=wording.evidence_line(finding), time="0")
            _element(case, "skipped", message=wording.shorten(
                "in the baseline, still failing: " + wording.message(finding), MESSAGE_MAX))
        totals["tests"] += len(hidden)
        totals["skipped"] += len(hidden)
    unscanned = sorted((e for e in result.errors if e.skipped),
                       key=lambda e: (e.skipped, e.file, e.line or 0, e.message))
    if unscanned:
        # recognized and left unevaluated: tests that did not run, with their kind
        suite = _element(root, "testsuite", name=UNSCANNED_SUITE, tests=len(unscanned),
                         failures=0, errors=0, skipped=len(unscanned), time="0",
                         timestamp=timestamp)
        properties = _element(suite, "properties")
        for kind, count in unscanned_counts(unscanned).items():
            _element(properties, "property", name=f"unscanned.{kind}", value=str(count))
        for error in unscanned:
            case = _element(suite, "testcase", classname=f"{error.skipped}-not-scanned",
                            name=error.file, file=error.file, line=error.line, time="0")
            _element(case, "skipped", message=wording.shorten(
                f"{error.skipped} not scanned: {error.message}", MESSAGE_MAX))
        totals["tests"] += len(unscanned)
        totals["skipped"] += len(unscanned)
    errors = sorted((e for e in result.errors if not e.skipped),
                    key=lambda e: (e.file, e.line or 0, e.message))
    if errors:
        suite = _element(root, "testsuite", name=ERRORS_SUITE, tests=len(errors), failures=0,
                         errors=len(errors), skipped=0, time="0", timestamp=timestamp)
        for error in errors:
            case = _element(suite, "testcase", classname="files-not-scanned", name=error.file,
                            file=error.file, line=error.line, time="0")
            _element(case, "error", str(error), message=wording.shorten(error.message,
                                                                          MESSAGE_MAX),
                     type="not-scanned")
        totals["tests"] += len(errors)
        totals["errors"] += len(errors)
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(totals[key]))
    return root


def render(result: ScanResult) -> str:
    root = to_element(result)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
