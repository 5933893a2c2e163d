"""The versioned JSON report (schema: compliance/schemas/report.schema.json)."""

from __future__ import annotations

import json
import secrets
from collections import Counter
from typing import Any, Callable

from compliance import __version__
from compliance.model import (
    SEVERITIES,
    Finding,
    FrameworkResult,
    RequirementRef,
    ScanResult,
    Status,
    Waiver,
    WaiverEntry,
    unreadable_count,
    unscanned_counts,
)

# 1.4: inputs left unscanned (summary.unscanned, errors[].skipped); 1.3: findings hidden by
# --baseline (baselined); 1.2: unread errors
SCHEMA_VERSION = "1.4"


def waiver_to_dict(waiver: Waiver) -> dict[str, Any]:
    return {
        "kind": waiver.kind,
        "control": waiver.control,
        "reason": waiver.reason,
        "owner": waiver.owner,
        "expires": waiver.expires.isoformat() if waiver.expires else None,
        "source": {"file": waiver.file, "line": waiver.line},
    }


def waiver_entry_to_dict(entry: WaiverEntry) -> dict[str, Any]:
    """A waiver as written and what it did in this scan."""
    return {
        **waiver_to_dict(entry.waiver),
        "resource": entry.resource,
        "file": entry.file_pattern,
        "matched": entry.matched,
        "expired": entry.expired,
        "unused": entry.unused,
        "problem": entry.problem,
    }


def finding_to_dict(finding: Finding,
                    requirements: dict[str, list[RequirementRef]] | None = None,
                    fingerprint: str | None = None) -> dict[str, Any]:
    """`requirements`: ScanResult.requirements, the framework requirements each control
    supports (since 1.1); `fingerprint`: the finding's, when the caller has it already."""
    resource = finding.resource
    location = resource.location
    return {
        "control": finding.control,
        "check": finding.check,
        "title": finding.title,
        "category": finding.category,
        "severity": finding.severity,
        "status": finding.status.value,
        "resource": {
            "platform": resource.platform,
            "type": resource.type,
            "name": resource.name,
            "address": resource.address,
        },
        "location": {
            "file": location.file,
            "start_line": location.start_line,
            "end_line": location.end_line,
        },
        "evidence": {
            "attribute": finding.evidence.attribute,
            "observed": finding.evidence.observed,
            "expected": finding.evidence.expected,
            "line": finding.evidence.line,
        },
        "fingerprint": fingerprint or finding.fingerprint,
        **({"waiver": waiver_to_dict(finding.waiver)} if finding.waiver else {}),
        "requirements": [{"framework": ref.framework, "id": ref.requirement}
                         for ref in (requirements or {}).get(finding.control, ())],
    }


def _fingerprint(finding: Finding) -> str:
    return finding.fingerprint


def framework_result_to_dict(framework: FrameworkResult,
                             failing: Callable[[Finding], Any] = _fingerprint) -> dict[str, Any]:
    """`failing`: what to list of each failing finding (its fingerprint)."""
    return {
        "id": framework.id,
        "name": framework.name,
        "edition": framework.edition,
        "source": framework.source,
        "disclaimer": framework.disclaimer,
        "coverage": framework.coverage,
        "requirements": [{
            "id": r.id,
            "title": r.title,
            "notes": r.notes,
            "status": r.status,
            "controls": [{"control": c, "strength": r.strengths.get(c, "supports")}
                         for c in r.controls],
            "evaluated": r.evaluated,
            "passed": r.passed,
            "unknown": r.unknown,
            "waived": r.waived,
            "failing_findings": [failing(f) for f in r.findings],
        } for r in framework.requirements],
    }


def summarize(result: ScanResult) -> dict[str, Any]:
    by_status = Counter(f.status.value for f in result.findings)
    failing = Counter(f.severity for f in result.findings if f.status is Status.FAIL)
    return {
        "by_status": {status.value: by_status.get(status.value, 0) for status in Status},
        "failing_by_severity": {severity: failing.get(severity, 0) for severity in SEVERITIES},
        "errors": len(result.errors),
        "baselined": len(result.baselined),
        # inputs recognized and left unevaluated, by kind (among `errors`); the scan judged
        # nothing of them, whatever the other counts say
        "unscanned": unscanned_counts(result.errors),
        "unreadable": unreadable_count(result.errors),
    }


def to_dict(result: ScanResult) -> dict[str, Any]:
    report = _without_findings(result)
    report["findings"] = [finding_to_dict(f, result.requirements) for f in result.findings]
    return report


def _without_findings(result: ScanResult,
                      failing: Callable[[Finding], Any] = _fingerprint) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "compliance", "version": __version__},
        "scan": {
            "root": str(result.root),
            "started_at": result.started_at.isoformat(timespec="seconds"),
            "duration_s": round(result.duration_s, 3),
            "files_scanned": result.files_scanned,
            "resources": len(result.resources),
            "controls": len(result.controls),
            **_revision(result),
        },
        "summary": summarize(result),
        "errors": [{"file": e.file, "line": e.line, "message": e.message, "unread": e.unread,
                    "skipped": e.skipped} for e in result.errors],
        "waivers": [waiver_entry_to_dict(w) for w in result.waivers],
        "frameworks": [framework_result_to_dict(f, failing) for f in result.frameworks],
        # failing findings hidden by --baseline: still failing, listed apart so that nothing a
        # baseline hides is silently gone from the record
        "baselined": [finding_to_dict(f, result.requirements) for f in result.baselined],
    }


def _revision(result: ScanResult) -> dict[str, str]:
    """What was scanned, so that a saved report can be put in the history where it belongs."""
    info = result.revision
    if info is None:
        return {}
    return {"repository": info.remote or info.repository, "branch": info.branch,
            "commit": info.commit}


# What json.dumps(..., default=str) writes, without building an encoder for each of the
# report's findings. No circular check: a finding holds parsed values, trees (and a cycle
# could only end in an error either way).
_FINDING_ENCODER = json.JSONEncoder(default=str, check_circular=False)


def render(result: ScanResult) -> str:
    """Indented at the top, one finding per line: readable, diffable, and fast to write
    (the C encoder only runs without indentation, and a report may hold 100,000 findings)."""
    findings = result.findings
    # each fingerprint hashed once: the frameworks list a finding's under every requirement
    # its control supports
    prints = [finding.fingerprint for finding in findings]
    head = _indented_head(_without_findings(result, lambda finding: finding),
                          {id(finding): text for finding, text in zip(findings, prints)})
    # A control's requirements are the same on each of its findings: encode them once and
    # splice them in as the last key, exactly where json.dumps(finding_to_dict(...)) puts them.
    encoded: dict[str, str] = {}
    for finding in findings:
        if finding.control not in encoded:
            refs = result.requirements.get(finding.control, ())
            encoded[finding.control] = json.dumps(
                [{"framework": ref.framework, "id": ref.requirement} for ref in refs])
    # One join of all the pieces: the report can be tens of megabytes, and each intermediate
    # string (the findings joined, then spliced into the head) would be another copy of it.
    pieces = [head[:-2], ',\n  "findings": [']
    encode = _FINDING_ENCODER.encode
    for index, finding in enumerate(findings):
        pieces.append(",\n    " if index else "\n    ")
        pieces.append(encode(finding_to_dict(finding, {}, prints[index]))
                      [: -len(', "requirements": []}')])
        pieces.append(f', "requirements": {encoded[finding.control]}}}')
    pieces.append("\n  ]\n}\n" if findings else "]\n}\n")
    return "".join(pieces)


def _indented_head(head: dict[str, Any], fingerprint_of: dict[int, str]) -> str:
    """json.dumps(head, indent=2, default=str), byte for byte, with each requirement's list
    of failing fingerprints written by a join: Python's indenting encoder is pure Python, and
    on a large scan those lists hold hundreds of thousands of entries. (A fingerprint is hex:
    nothing in it needs escaping.)"""
    token = secrets.token_hex(8)  # a placeholder nothing in the report can spell
    lists: list[list[str]] = []
    for framework in head["frameworks"]:
        for requirement in framework["requirements"]:
            lists.append(requirement["failing_findings"])
            requirement["failing_findings"] = f"{token}:{len(lists) - 1}"
    text = json.dumps(head, indent=2, default=str)
    pieces = []
    at = 0
    for number, items in enumerate(lists):
        placeholder = f'"{token}:{number}"'
        found = text.index(placeholder, at)
        start = text.rindex("\n", 0, found) + 1
        end = start
        while text[end] == " ":
            end += 1
        indent = text[start:end]
        pieces.append(text[at:found])
        if items:
            inner = ",\n" + indent + "  "
            pieces.append("[\n" + indent + "  \"" + ('"' + inner + '"').join(
                fingerprint_of.get(id(finding)) or finding.fingerprint for finding in items)
                + "\"\n" + indent + "]")
        else:
            pieces.append("[]")
        at = found + len(placeholder)
    pieces.append(text[at:])
    return "".join(pieces)


def encode_finding(data: dict[str, Any]) -> str:
    """One finding's mapping on one line, as json.dumps(data, default=str) writes it."""
    return _FINDING_ENCODER.encode(data)


def with_listed_lines(data: dict[str, Any], listed: dict[str, list[str]]) -> str:
    """`data` indented as json.dumps(data, indent=2) writes it, except the lists named in
    `listed`, given already encoded, which are written one item per line (see `render`)."""
    pieces = ["{"]
    for number, (key, value) in enumerate(data.items()):
        pieces.append(f'{"," if number else ""}\n  {json.dumps(key)}: ')
        items = listed.get(key)
        if items is None:
            # JSON text holds no raw line break inside a string: each one is structure
            pieces.append(json.dumps(value, indent=2, default=str).replace("\n", "\n  "))
        elif items:
            pieces += ["[\n    ", ",\n    ".join(items), "\n  ]"]
        else:
            pieces.append("[]")
    pieces.append("\n}\n")
    return "".join(pieces)
