"""SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.

One rule per control that ran, one result per failing finding (and per waived finding, with a
suppression saying why), and, with `show_unknown`, one `review` result per finding whose
deciding value is unknown. Files that could not be scanned are tool execution notifications.

Choices made for code scanning:
- a result is located at the line of the deciding attribute; the resource's whole span is its
  `contextRegion` when it contains that line (a document-level `security` of an OpenAPI
  operation lies outside the operation);
- paths are relative to the scan root, under the `SRCROOT` base (whose absolute URI is in
  `originalUriBaseIds`): scan from the repository root for them to match the repository;
- `partialFingerprints` carries the finding's own fingerprint (control, resource, attribute),
  which does not change when lines move;
- `security-severity` follows GitHub's bands (critical above 9.0, high 7.0 to 8.9, ...), and
  `level` is `error` for critical and high, `warning` for medium, `note` for low;
- waived findings keep their level and carry a suppression (`inSource` for an inline
  suppression, `external` for the waivers file): the SARIF way to say "accepted", though code
  scanning may still show them as alerts;
- `automationDetails.id` is `compliance/<start time>`: code scanning's category `compliance`;
- framework requirements are rule and result properties, each framework is a rule tag, and
  each framework is also a SARIF taxonomy whose requirements the rules relate to.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from compliance import __version__
from compliance.model import Control, Finding, ScanError, ScanResult, Status, unscanned_counts
from compliance.outputs import wording
from compliance.outputs.indented_json import indented_json

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                    "sarif-schema-2.1.0.json")
INFORMATION_URI = "https://github.com/compliance-dev/compliance"
# Each catalog control is documented by its file: `<DOCS_BASE_URL><category>/<id>/control.yaml`.
DOCS_BASE_URL = "https://github.com/compliance-dev/compliance/blob/main/controls/"
SRCROOT = "SRCROOT"
FINGERPRINT_KEY = "complianceFingerprint/v1"
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
SUPPRESSION_KIND = {"inline": "inSource", "file": "external"}
MAX_TAGS = 10  # GitHub code scanning reads no more
MESSAGE_OBSERVED_MAX = 300  # characters of an observed value in a message (whole in properties)


def help_uri(control: Control) -> str:
    """Where the control is documented: "" for a user's own control (--controls-dir), which
    this project does not publish."""
    if control.origin:
        return ""
    source = control.source or f"{control.category}/{control.id}/control.yaml"
    return DOCS_BASE_URL + quote(source)


def _rule_name(control_id: str) -> str:
    return "".join(part.capitalize() for part in control_id.split("-"))


def _requirement_dict(ref: Any) -> dict[str, str]:
    return {"framework": ref.framework, "requirement": ref.requirement, "title": ref.title,
            "strength": ref.strength}


def _help(control: Control, requirements: list[Any]) -> dict[str, str]:
    text = [control.description, f"Why: {control.rationale}", f"How to fix: {control.remediation}"]
    markdown = [control.description, "**Why it matters**", control.rationale,
                "**How to fix it**", control.remediation]
    if requirements:
        supports = "; ".join(f"{r.framework_name} {r.requirement} ({r.title})"
                             for r in requirements)
        text.append(f"Supports (a passing check is evidence, not proof of compliance): {supports}")
        markdown.append("**Supports** (a passing check is evidence, not proof of compliance)")
        markdown.append("\n".join(f"- {r.framework_name} {r.requirement}: {r.title}"
                                  + (" (directly)" if r.strength == "direct" else "")
                                  for r in requirements))
    if control.references:
        text.append("References: " + " ".join(control.references))
        markdown.append("**References**")
        markdown.append("\n".join(f"- <{url}>" for url in control.references))
    if help_uri(control):
        markdown.append(f"[Control definition]({help_uri(control)})")
    return {"text": "\n\n".join(text), "markdown": "\n\n".join(markdown)}


def _rule(control: Control, requirements: list[Any],
          taxa: dict[tuple[str, str], tuple[int, int]]) -> dict[str, Any]:
    # GitHub keeps 10 tags per rule: the frameworks, not each requirement (those are in
    # `properties.requirements` and `relationships`)
    tags = ["security", control.category, *control.platforms]
    tags += [r.framework for r in requirements]
    rule: dict[str, Any] = {
        "id": control.id,
        "name": _rule_name(control.id),
        "shortDescription": {"text": control.title},
        "fullDescription": {"text": control.description},
        "help": _help(control, requirements),
        "defaultConfiguration": {"level": LEVEL[control.severity]},
        "properties": {
            "category": control.category,
            "severity": control.severity,
            "security-severity": SECURITY_SEVERITY[control.severity],
            "tags": list(dict.fromkeys(tags))[:MAX_TAGS],
            "requirements": [_requirement_dict(r) for r in requirements],
        },
    }
    if help_uri(control):
        rule["helpUri"] = help_uri(control)
    relationships = []
    for ref in requirements:
        component, index = taxa[(ref.framework, ref.requirement)]
        relationships.append({
            "target": {"id": ref.requirement, "index": index,
                       "toolComponent": {"name": ref.framework, "index": component}},
            "kinds": ["relevant"],
            "properties": {"strength": ref.strength},
        })
    if relationships:
        rule["relationships"] = relationships
    return rule


def _stand_in_control(finding: Finding) -> Control:
    """A rule for a finding whose control is not in `result.controls` (never expected)."""
    return Control(id=finding.control, title=finding.title, category=finding.category,
                   severity=finding.severity, description=finding.title, rationale="",
                   remediation="", checks=())


def _taxonomies(result: ScanResult, controls: list[Control]
                ) -> tuple[list[dict[str, Any]], dict[tuple[str, str], tuple[int, int]]]:
    """One taxonomy per framework that a rule relates to, and (framework, requirement) ->
    (taxonomy index, taxon index)."""
    editions = {fw.id: fw for fw in getattr(result, "frameworks", None) or []}
    by_framework: dict[str, dict[str, Any]] = defaultdict(dict)
    names: dict[str, str] = {}
    for control in controls:
        for ref in wording.requirements_of(result, control.id):
            by_framework[ref.framework].setdefault(ref.requirement, ref)
            names[ref.framework] = ref.framework_name
    taxonomies, where = [], {}
    for component, framework in enumerate(sorted(by_framework)):
        refs = sorted(by_framework[framework].values(),
                      key=lambda r: wording.natural_key(r.requirement))
        taxonomy: dict[str, Any] = {
            "name": framework,
            "fullName": names[framework],
            "shortDescription": {"text": f"{names[framework]} requirements that compliance "
                                         "controls support"},
            "isComprehensive": False,
            "taxa": [{"id": r.requirement, "shortDescription": {"text": r.title}}
                     for r in refs],
        }
        framework_result = editions.get(framework)
        if framework_result is not None and framework_result.edition:
            taxonomy["version"] = framework_result.edition
        taxonomies.append(taxonomy)
        for index, ref in enumerate(refs):
            where[(framework, ref.requirement)] = (component, index)
    return taxonomies, where


def _artifact_location(file: str) -> dict[str, str]:
    if PurePosixPath(file).is_absolute() or re.match(r"^[A-Za-z]:[\\/]", file):
        # a --var-file outside the scanned tree: an absolute file URI
        posix = file.replace("\\", "/")
        return {"uri": "file://" + quote(posix if posix.startswith("/") else "/" + posix)}
    return {"uri": quote(file), "uriBaseId": SRCROOT}


def _location(finding: Finding) -> dict[str, Any]:
    resource = finding.resource
    span = resource.location
    line = wording.evidence_line(finding)
    physical: dict[str, Any] = {
        "artifactLocation": _artifact_location(span.file),
        "region": {"startLine": line, "endLine": line},
    }
    if span.start_line <= line <= span.end_line and span.end_line >= span.start_line:
        physical["contextRegion"] = {"startLine": span.start_line, "endLine": span.end_line}
    return {
        "physicalLocation": physical,
        "logicalLocations": [{"name": resource.name, "fullyQualifiedName": resource.address,
                              "kind": "resource"}],
    }


def _suppression(finding: Finding) -> dict[str, Any]:
    waiver = getattr(finding, "waiver", None)
    if waiver is None:
        return {"kind": "external", "status": "accepted"}
    suppression: dict[str, Any] = {
        "kind": SUPPRESSION_KIND.get(getattr(waiver, "kind", ""), "external"),
        "status": "accepted",
        "justification": getattr(waiver, "reason", "") or "no reason given",
    }
    properties = {}
    if getattr(waiver, "owner", None):
        properties["owner"] = waiver.owner
    if getattr(waiver, "expires", None):
        properties["expires"] = str(waiver.expires)
    if properties:
        suppression["properties"] = properties
    if getattr(waiver, "file", ""):
        region = {"startLine": waiver.line} if getattr(waiver, "line", None) else None
        physical: dict[str, Any] = {"artifactLocation": _artifact_location(waiver.file)}
        if region:
            physical["region"] = region
        suppression["location"] = {"physicalLocation": physical}
    return suppression


def _result(finding: Finding, rule_index: int, requirements: list[Any]) -> dict[str, Any]:
    evidence = finding.evidence
    result: dict[str, Any] = {
        "ruleId": finding.control,
        "ruleIndex": rule_index,
    }
    if finding.status is Status.UNKNOWN:
        # neither pass nor fail: SARIF's `review` kind, whose level must be `none`
        result["kind"] = "review"
        result["level"] = "none"
    else:
        result["level"] = LEVEL[finding.severity]
    result["message"] = {"text": wording.message(finding, MESSAGE_OBSERVED_MAX)}
    result["locations"] = [_location(finding)]
    result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    if finding.status is Status.WAIVED:
        result["suppressions"] = [_suppression(finding)]
    result["properties"] = {
        "status": finding.status.value,
        "check": finding.check,
        "category": finding.category,
        "severity": finding.severity,
        "security-severity": SECURITY_SEVERITY[finding.severity],
        "platform": finding.resource.platform,
        "resourceType": finding.resource.type,
        "resource": finding.resource.address,
        "attribute": evidence.attribute,
        "observed": evidence.observed,
        "expected": evidence.expected,
        "requirements": [wording.requirement_label(r) for r in requirements],
    }
    return result


def _notification(error: ScanError) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact_location(error.file)}
    if error.line:
        physical["region"] = {"startLine": error.line}
    if error.skipped:  # recognized and left aside on purpose: a warning, with its kind
        return {
            "level": "warning",
            "message": {"text": f"{error.file}: {error.message}"},
            "descriptor": {"id": f"{error.skipped}-not-scanned"},
            "locations": [{"physicalLocation": physical}],
            "properties": {"skipped": error.skipped},
        }
    return {
        "level": "error",
        "message": {"text": f"{error.file} was not scanned: {error.message}"},
        "descriptor": {"id": "file-not-scanned"},
        "locations": [{"physicalLocation": physical}],
    }


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _root_uri(result: ScanResult) -> str:
    uri = result.root.as_uri()
    return uri if uri.endswith("/") else uri + "/"


def to_dict(result: ScanResult, show_unknown: bool = False) -> dict[str, Any]:
    wanted = {Status.FAIL, Status.WAIVED} | ({Status.UNKNOWN} if show_unknown else set())
    controls = {c.id: c for c in sorted(result.controls, key=lambda c: c.id)}
    for finding in result.findings:
        if finding.control not in controls and finding.status in wanted:
            controls[finding.control] = _stand_in_control(finding)
    ordered = list(controls.values())
    taxonomies, taxa = _taxonomies(result, ordered)
    requirements = {c.id: wording.requirements_of(result, c.id) for c in ordered}
    rules = [_rule(c, requirements[c.id], taxa) for c in ordered]
    rule_index = {c.id: i for i, c in enumerate(ordered)}
    results = [_result(f, rule_index[f.control], requirements[f.control])
               for f in sorted(result.findings, key=_order) if f.status in wanted]
    ended = result.started_at + timedelta(seconds=result.duration_s)
    driver: dict[str, Any] = {
        "name": "compliance",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "rules": rules,
    }
    if taxonomies:
        driver["supportedTaxonomies"] = [{"name": t["name"], "index": i}
                                         for i, t in enumerate(taxonomies)]
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "automationDetails": {"id": f"compliance/{_utc(result.started_at)}"},
        "originalUriBaseIds": {SRCROOT: {"uri": _root_uri(result)}},
        "invocations": [{
            "executionSuccessful": True,
            "startTimeUtc": _utc(result.started_at),
            "endTimeUtc": _utc(ended),
            "toolExecutionNotifications": [_notification(e) for e in result.errors],
        }],
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {"filesScanned": result.files_scanned,
                       "resources": len(result.resources),
                       "controls": len(result.controls),
                       "baselined": len(result.baselined),
                       # inputs recognized and left unevaluated, by kind (see the notifications)
                       "unscanned": unscanned_counts(result.errors)},
    }
    if taxonomies:
        run["taxonomies"] = taxonomies
    return {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def _order(finding: Finding) -> tuple:
    location = finding.resource.location
    return (location.file, wording.evidence_line(finding), finding.control,
            finding.resource.address, finding.evidence.attribute)


def render(result: ScanResult, show_unknown: bool = False) -> str:
    return indented_json(to_dict(result, show_unknown), ensure_ascii=False, default=str) + "\n"
