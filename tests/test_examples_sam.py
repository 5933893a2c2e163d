"""The SAM example gives exactly the failures its README predicts, each at its file and line,
and its parameters file changes what is created."""

from __future__ import annotations

import re
from pathlib import Path

from compliance.catalog.controls import load_catalog
from compliance.model import Status
from compliance.pipeline.scan import ScanOptions, run_scan

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sam"
_ROW = re.compile(r"^\| `([^`]+):(\d+)` \| ([a-z0-9-]+) \|", re.M)


def failures(options: ScanOptions) -> list[tuple[str, int, str]]:
    result = run_scan([EXAMPLE], load_catalog(), options=options)
    assert not [e for e in result.errors if e.unread], result.errors
    return sorted((f.resource.location.file, f.evidence.line, f.control)
                  for f in result.findings if f.status is not Status.PASS)


def test_the_readme_predicts_every_failure_at_its_line():
    predicted = sorted((file, int(line), control) for file, line, control
                       in _ROW.findall((EXAMPLE / "README.md").read_text()))
    assert len(predicted) >= 10
    assert failures(ScanOptions()) == predicted


def test_the_dev_parameters_leave_the_stage_without_a_web_acl():
    found = failures(ScanOptions(cfn_parameters=(EXAMPLE / "dev.parameters",)))
    assert ("template.yaml", 74, "aws-apigw-waf") in found
    assert not [f for f in found if f[2].startswith("aws-waf")]
