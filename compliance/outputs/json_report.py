"""The versioned JSON report (schema: compliance/schemas/report.schema.json)."""

from __future__ import annotations

import json
import secrets
from collections import Counter
from json.encoder import encode_basestring_ascii
from typing import Any, Callable, Iterable, Iterator

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
from compliance.model.identity import identity

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


def _fingerprints(findings: list[Finding]) -> list[str]:
    return [finding.fingerprint for finding in findings]


def framework_result_to_dict(framework: FrameworkResult,
                             failing: Callable[[list[Finding]], Any] = _fingerprints
                             ) -> dict[str, Any]:
    """`failing`: what to list of a requirement's failing findings (their fingerprints)."""
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
            "failing_findings": failing(r.findings),
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
                      failing: Callable[[list[Finding]], Any] = _fingerprints
                      ) -> dict[str, Any]:
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


def _one_shot_encoder() -> Callable[[Any], str]:
    """`_FINDING_ENCODER.encode`, less the C encoder it builds on each call (the bulk of the
    time for a small dictionary). The stdlib's own accelerator, made once with the arguments
    `JSONEncoder.iterencode` gives it; where it is missing or differs, the plain method."""
    try:
        from json.encoder import c_make_encoder

        made = c_make_encoder(None, str, encode_basestring_ascii, None, ": ", ", ", False,
                              False, True)
    except (ImportError, TypeError):
        return _FINDING_ENCODER.encode
    if "".join(made({"a": [1.5, None, True, "\u00e9"]}, 0)) != _FINDING_ENCODER.encode(
            {"a": [1.5, None, True, "\u00e9"]}):
        return _FINDING_ENCODER.encode
    return lambda value: "".join(made(value, 0))


_encode = _one_shot_encoder()


def _value(value: Any) -> str:
    """`_encode(value)`, the commonest observed values (text, true, false, null, whole
    numbers) written without the encoder's call."""
    kind = type(value)
    if kind is str:
        return encode_basestring_ascii(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    return _encode(value)


def render(result: ScanResult) -> str:
    """Indented at the top, one finding per line: readable, diffable, and fast to write
    (the C encoder only runs without indentation, and a report may hold 100,000 findings)."""
    return "".join(render_pieces(result))


def render_pieces(result: ScanResult) -> Iterator[str]:
    """`render(result)` in pieces, each finding's line encoded as it is reached: a report
    written piece by piece never holds all of its tens of megabytes at once."""
    findings = result.findings
    # each fingerprint hashed once: the frameworks list a finding's under every requirement
    # its control supports
    prints = {identity(finding): finding.fingerprint for finding in findings}
    report = _without_findings(result, lambda failing: OnePerLine(
        [encode_basestring_ascii(prints.get(identity(f)) or f.fingerprint) for f in failing]))
    encode = FindingLines(result.requirements).encode
    report["findings"] = OnePerLine(encode(finding, prints[identity(finding)])
                                    for finding in findings)
    return indented_pieces(report)


class FindingLines:
    """Findings as lines of a report, each as json.dumps(finding_to_dict(...), default=str)
    writes it, byte for byte. A report holds many findings of each control and many of each
    resource, so the parts they share (a control's head and requirements, a resource and its
    location) are encoded once and spliced; only the evidence and fingerprint are each
    finding's own."""

    def __init__(self, requirements: dict[str, list[RequirementRef]]):
        self.requirements = requirements
        self._heads: dict[tuple[Any, ...], str] = {}
        self._places: dict[tuple[int, str | None], str] = {}
        self._refs: dict[str, str] = {}
        self._texts: dict[str, str] = {}
        self._held: list[Any] = []  # what `_places` keys by identity(), kept alive while it does

    def encode(self, finding: Finding, fingerprint: str | None = None,
               repository_file: str | None = None) -> str:
        """`repository_file`: the finding's path in the repository, added to its location
        (the diff's report)."""
        if finding.waiver is not None:  # rare: the plain way, waiver and all
            data = finding_to_dict(finding, self.requirements, fingerprint)
            if repository_file is not None:
                data["location"]["repository_file"] = repository_file
            return _FINDING_ENCODER.encode(data)
        evidence = finding.evidence
        return "".join((
            self._head(finding), self._place(finding.resource, repository_file),
            ', "evidence": {"attribute": ', self._text(evidence.attribute),
            ', "observed": ', _value(evidence.observed),
            ', "expected": ', self._text(evidence.expected),
            ', "line": ', "null" if evidence.line is None else str(evidence.line),
            '}, "fingerprint": ', encode_basestring_ascii(fingerprint or finding.fingerprint),
            ', "requirements": ', self._requirements(finding.control), "}"))

    def _text(self, text: str) -> str:
        """A string as JSON: a control's expectation and the attributes it reads recur in
        thousands of findings, each encoded once."""
        encoded = self._texts.get(text)
        if encoded is None:
            encoded = self._texts[text] = encode_basestring_ascii(text)
        return encoded

    def _head(self, finding: Finding) -> str:
        """`{"control": ..., "status": ...` (no closing brace)."""
        key = (finding.control, finding.check, finding.title, finding.category,
               finding.severity, finding.status)
        head = self._heads.get(key)
        if head is None:
            head = self._heads[key] = _encode({
                "control": finding.control, "check": finding.check, "title": finding.title,
                "category": finding.category, "severity": finding.severity,
                "status": finding.status.value})[:-1]
        return head

    def _place(self, resource: Any, repository_file: str | None) -> str:
        """`, "resource": {...}, "location": {...}`."""
        key = (identity(resource), repository_file)
        place = self._places.get(key)
        if place is None:
            self._held.append(resource)
            location = resource.location
            where = {"file": location.file, "start_line": location.start_line,
                     "end_line": location.end_line}
            if repository_file is not None:
                where["repository_file"] = repository_file
            place = self._places[key] = "".join((
                ', "resource": ', _encode({
                    "platform": resource.platform, "type": resource.type,
                    "name": resource.name, "address": resource.address}),
                ', "location": ', _encode(where)))
        return place

    def _requirements(self, control: str) -> str:
        refs = self._refs.get(control)
        if refs is None:
            refs = self._refs[control] = json.dumps(
                [{"framework": ref.framework, "id": ref.requirement}
                 for ref in self.requirements.get(control, ())])
        return refs


class OnePerLine:
    """A list whose items, each already encoded as JSON, `indented` writes one per line."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable[str]):
        self.items = items


def indented(data: dict[str, Any]) -> str:
    """json.dumps(data, indent=2, default=str), byte for byte, except that each OnePerLine in
    it is written with its items one per line, joined rather than encoded: Python's indenting
    encoder is pure Python, and a report's lists (findings, the fingerprints failing each
    requirement) hold hundreds of thousands of entries. One join of all the pieces: the report
    can be tens of megabytes, and every intermediate string would be another copy of it."""
    return "".join(indented_pieces(data))


def indented_pieces(data: dict[str, Any]) -> Iterator[str]:
    """`indented(data)` in pieces, in order; each OnePerLine's items are taken as they are
    reached."""
    token = secrets.token_hex(8)  # a placeholder nothing in the report can spell
    lists: list[Iterable[str]] = []

    def placeholder(value: Any) -> str:
        if isinstance(value, OnePerLine):
            lists.append(value.items)
            return f"{token}:{len(lists) - 1}"
        return str(value)

    text = json.dumps(data, indent=2, default=placeholder)
    at = 0
    for number, items in enumerate(lists):  # placeholders stand in the text in this order
        mark = f'"{token}:{number}"'
        found = text.index(mark, at)
        start = end = text.rindex("\n", 0, found) + 1
        while text[end] == " ":
            end += 1
        indent = text[start:end]
        yield text[at:found]
        separator = ",\n" + indent + "  "
        between, empty = "[\n" + indent + "  ", True
        for item in items:
            yield between
            yield item
            between, empty = separator, False
        yield "[]" if empty else "\n" + indent + "]"
        at = found + len(mark)
    yield text[at:]
    yield "\n"
