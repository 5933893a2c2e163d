"""Baselines: the failing findings a team has accepted for now, so that a scan reports only
what is not in it.

A baseline entry is matched by its *value fingerprint* (`diff.value_fingerprint`: control,
resource scope and address, attribute path and the observed, masked value). Moving a block or
reformatting a file keeps it; renaming the resource or changing the offending value makes the
finding new again. The file is JSON, sorted, so it diffs well in review.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from compliance import __version__
from compliance.model import ScanResult, Status
from compliance.results.diff import value_fingerprint

BASELINE_VERSION = 1


class BaselineError(Exception):
    pass


def create(result: ScanResult) -> dict[str, Any]:
    entries = [{
        "value_fingerprint": value_fingerprint(f),
        "fingerprint": f.fingerprint,
        "control": f.control,
        "resource": f.resource.address,
        "attribute": f.evidence.attribute,
        "file": f.resource.location.file,  # for people; not used for matching
    } for f in result.findings if f.status is Status.FAIL]
    entries.sort(key=lambda e: (e["file"], e["control"], e["resource"], e["attribute"],
                                e["value_fingerprint"]))
    unique = list({e["value_fingerprint"]: e for e in entries}.values())
    return {"compliance_baseline": BASELINE_VERSION, "tool_version": __version__,
            "findings": unique}


def render(result: ScanResult) -> str:
    return json.dumps(create(result), indent=2) + "\n"


def load(path: Path) -> set[str]:
    """The value fingerprints of a baseline file."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise BaselineError(f"{path}: not a readable baseline file ({exc})") from None
    if not isinstance(data, dict) or data.get("compliance_baseline") != BASELINE_VERSION \
            or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a compliance baseline (version {BASELINE_VERSION}); "
                            "create one with `compliance baseline create -o FILE`")
    try:
        return {entry["value_fingerprint"] for entry in data["findings"]}
    except (TypeError, KeyError):
        raise BaselineError(f"{path}: every finding needs a value_fingerprint") from None


def apply(result: ScanResult, accepted: set[str]) -> ScanResult:
    """The result without the failing findings of the baseline (framework results, computed
    from every finding, are left as they are: the baseline hides findings, it fixes nothing)."""
    kept, hidden = [], []
    for finding in result.findings:
        in_baseline = finding.status is Status.FAIL and value_fingerprint(finding) in accepted
        (hidden if in_baseline else kept).append(finding)
    return replace(result, findings=kept, baselined=hidden)
