"""An OSCAL assessment-results document, built with compliance-trestle's models (so it is valid
under them by construction): the scanned commit as an inventory item and the subject of every
observation, one observation per finding, and one OSCAL finding per framework requirement,
tied to the observations of its controls' findings.

OSCAL identifiers are tokens (no leading digit, no parentheses), so a requirement's target id
is `<framework>_<requirement>` with other characters replaced by `-`; the requirement ID as
published is kept in the `requirement-id` property. UUIDs are version 5, derived from what
they name, so the same scan gives the same document.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime

from compliance import __version__
from compliance.model import Finding, ScanResult, Status, unscanned_text
from compliance.model.identity import identity
from compliance.outputs.indented_json import indented_json
from compliance.outputs.sarif import INFORMATION_URI
from compliance.outputs.wording import evidence_text

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, INFORMATION_URI + "/oscal")
PROP_NS = INFORMATION_URI + "/ns/oscal"
_NOT_TOKEN = re.compile(r"[^A-Za-z0-9._-]")


def token(text: str) -> str:
    out = _NOT_TOKEN.sub("-", text)
    return out if re.match(r"[A-Za-z_]", out) else f"_{out}"


def target_id(framework: str, requirement: str) -> str:
    return token(f"{framework}_{requirement}")


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "\0".join(parts)))


def _prop(common, name: str, value: object):
    text = " ".join(str(value).split()) or "-"
    return common.Property(name=name, value=text, ns=PROP_NS)


def build(result: ScanResult, scope: dict, timestamp: datetime):
    """The trestle `AssessmentResults` model of the scan."""
    from trestle.oscal import OSCAL_VERSION, common
    from trestle.oscal.assessment_results import (
        AssessmentResults,
        ImportAp,
        LocalDefinitions1,
        Result,
    )

    seed = f"{scope.get('commit', '')}|{timestamp.isoformat()}"
    subject_uuid = _uuid(seed, "subject")
    subject_props = [_prop(common, "repository", scope.get("repository") or "-")]
    for key in ("commit", "branch", "remote"):
        if scope.get(key):
            subject_props.append(_prop(common, key, scope[key]))
    subject_props.append(_prop(common, "dirty", {True: "true", False: "false",
                                                 None: "unknown"}[scope.get("dirty")]))
    subject = common.InventoryItem(
        uuid=subject_uuid,
        description=(f"Infrastructure code of {scope.get('repository') or 'the scanned folder'}"
                     + (f" at commit {scope['commit']}" if scope.get("commit") else "")),
        props=subject_props,
    )
    subject_ref = [common.SubjectReference(subject_uuid=subject_uuid, type="inventory-item",
                                           title=f"commit {scope.get('commit') or 'unknown'}")]

    observations = []
    observation_of: dict[int, str] = {}
    for index, finding in enumerate(result.findings):
        observation_uuid = _uuid(seed, "observation", finding.fingerprint, str(index))
        observation_of[identity(finding)] = observation_uuid
        observations.append(_observation(common, finding, observation_uuid, subject_ref,
                                         timestamp, result))

    findings = []
    selected = []
    for framework in result.frameworks:
        for requirement in framework.requirements:
            target = target_id(framework.id, requirement.id)
            selected.append(common.SelectControlById(control_id=target))
            related = [common.RelatedObservation(observation_uuid=observation_of[identity(f)])
                       for f in requirement.findings if identity(f) in observation_of]
            state = {"failing": "not-satisfied", "passing": "satisfied"}.get(requirement.status)
            findings.append(common.Finding(
                uuid=_uuid(seed, "finding", framework.id, requirement.id),
                title=f"{framework.name} {requirement.id}: {' '.join(requirement.title.split())}",
                description=_requirement_description(requirement),
                props=[_prop(common, "framework", framework.id),
                       _prop(common, "requirement-id", requirement.id),
                       _prop(common, "requirement-status", requirement.status)],
                target=common.FindingTarget(
                    type="objective-id", target_id=target,
                    status=common.ObjectiveStatus(state=state) if state else None,
                    remarks=None if state else _unassessed(requirement.status)),
                related_observations=related or None,
            ))

    reviewed = common.ReviewedControls(
        description="The requirements of the chosen frameworks, as listed in compliance's "
                    "framework files.",
        control_selections=[common.ControlSelections(include_controls=selected)]
        if selected else [common.ControlSelectionsAll(include_all=common.IncludeAll())],
    )
    names = ", ".join(f.name for f in result.frameworks) or "no framework"
    document = AssessmentResults(
        uuid=_uuid(seed, "assessment-results"),
        metadata=common.Metadata(
            title=f"Automated configuration assessment: {names}",
            last_modified=timestamp,
            published=timestamp,
            version=__version__,
            oscal_version=OSCAL_VERSION,
            props=[_prop(common, "tool", f"compliance {__version__}")],
        ),
        import_ap=ImportAp(href="#", remarks="No assessment plan: an automated scan of "
                                             "infrastructure code."),
        results=[Result(
            uuid=_uuid(seed, "result"),
            title=f"compliance {__version__} scan",
            description=(f"Automated checks of {result.files_scanned} configuration files "
                         f"({len(result.resources)} resources, {len(result.controls)} controls) "
                         f"against {names}." + _unscanned_remark(result)),
            start=timestamp,
            end=timestamp,
            local_definitions=LocalDefinitions1(inventory_items=[subject]),
            reviewed_controls=reviewed,
            observations=observations or None,
            findings=findings or None,
        )],
    )
    return document


def _unscanned_remark(result: ScanResult) -> str:
    """What the scan recognized and left unevaluated: nothing in it was assessed."""
    left = unscanned_text(result.errors)
    return f" Not assessed: {left} (see the report's notices)." if left else ""


def _unassessed(status: str) -> str:
    if status == "manual":
        return "No automated control supports this requirement: it needs manual evidence."
    return "Not evaluated: no scanned resource in scope, or only unknown or waived findings."


def _requirement_description(requirement) -> str:
    controls = ", ".join(requirement.controls) or "none"
    return f"Status {requirement.status}; supporting controls: {controls}."


def _observation(common, finding: Finding, observation_uuid: str, subject_ref, timestamp,
                 result: ScanResult):
    location = finding.resource.location
    line = finding.evidence.line or location.start_line
    props = [_prop(common, "control", finding.control),
             _prop(common, "status", finding.status.value),
             _prop(common, "severity", finding.severity),
             _prop(common, "resource", finding.resource.address),
             _prop(common, "file", location.file),
             _prop(common, "lines", f"{location.start_line}-{location.end_line}"),
             _prop(common, "fingerprint", finding.fingerprint)]
    for ref in result.requirements.get(finding.control, ()):
        props.append(_prop(common, "requirement", f"{ref.framework} {ref.requirement}"))
    if finding.status is Status.WAIVED and finding.waiver is not None:
        props.append(_prop(common, "waiver-reason", finding.waiver.reason or "-"))
        if finding.waiver.owner:
            props.append(_prop(common, "waiver-owner", finding.waiver.owner))
        if finding.waiver.expires:
            props.append(_prop(common, "waiver-expires", finding.waiver.expires.isoformat()))
    return common.Observation(
        uuid=observation_uuid,
        title=f"{finding.control} {finding.status.value}: {' '.join(finding.resource.address.split())}",
        description=evidence_text(finding),
        props=props,
        methods=["TEST"],
        types=["finding"],
        subjects=subject_ref,
        relevant_evidence=[common.RelevantEvidence(
            href=f"report.json#{finding.fingerprint}",
            description=f"{location.file}:{line}")],
        collected=timestamp,
    )


def render(result: ScanResult, scope: dict, timestamp: datetime) -> str:
    document = build(result, scope, timestamp)
    return indented_json(document.oscal_dict(), ensure_ascii=False) + "\n"
