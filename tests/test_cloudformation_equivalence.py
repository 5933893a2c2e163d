"""CloudFormation samples beside Terraform ones in the controls' fixtures: `<stem>.cfn.yaml`
writes the same configuration as `<stem>.tf` in the same folder, and each gives the same
statuses, check by check (the fixture test, tests/test_control_fixtures.py, already holds each
sample to its markers). Which AWS controls have such a pair is written in docs/cloudformation.md."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from compliance.catalog.controls import load_catalog
from compliance.pipeline.scan import run_scan

CATALOG = load_catalog()
CONTROLS = Path(__file__).resolve().parents[1] / "controls"
PAIRS = sorted((template, template.with_name(template.name.replace(".cfn.yaml", ".tf")))
               for template in CONTROLS.glob("*/*/*/**/*.cfn.yaml"))


def statuses(sample: Path, control_id: str) -> Counter:
    result = run_scan([sample], CATALOG, [CATALOG.by_id[control_id]])
    assert not [e for e in result.errors if e.unread], result.errors
    return Counter((f.check, f.status.value) for f in result.findings)


def test_there_are_pairs():
    assert len(PAIRS) >= 10


@pytest.mark.parametrize("template,terraform", PAIRS,
                         ids=[str(t.relative_to(CONTROLS)) for t, _ in PAIRS])
def test_cloudformation_and_terraform_give_the_same_statuses(template, terraform):
    assert terraform.is_file(), f"{template.name} has no Terraform twin {terraform.name}"
    control_id = next(p.parent.name for p in template.parents if p.name in ("fail", "pass"))
    from_template = statuses(template, control_id)
    assert from_template, "the template gives no finding"
    assert from_template == statuses(terraform, control_id)


def test_controls_without_a_cloudformation_sample_are_listed():
    """Every control a CloudFormation resource can meet has a CloudFormation twin sample, or is
    in docs/cloudformation.md's list of those that have none yet, and that list is current; a
    control CloudFormation cannot meet at all is named with its reason in the type table, in
    the control's description and in docs/cloudformation.md. Every AWS control (a Terraform
    check on an aws_* type or data source) is one or the other: none is left out silently."""
    import re

    import yaml

    doc = (CONTROLS.parent / "docs" / "cloudformation.md").read_text()
    mapping = yaml.safe_load((CONTROLS / "cloudformation-types.yaml").read_text())
    table = mapping["types"]
    types = {entry["type"] for entry in table.values()}
    types |= {split["type"] for entry in table.values() for split in entry.get("split") or ()}
    counterparts = {control.id for control in CATALOG.controls for check in control.checks
                    if check.platform == "terraform" and set(check.resource_types) & types}
    aws = {control.id for control in CATALOG.controls for check in control.checks
           if check.platform == "terraform"
           and any(re.match(r"(data\.)?aws_", t) for t in check.resource_types)}
    # controls whose configuration CloudFormation cannot write, each with its reason
    without = mapping.get("without_counterpart") or {}
    assert set(without) <= aws and all(reason.strip() for reason in without.values())
    left_out = sorted(aws - counterparts - set(without))
    assert not left_out, f"neither mapped nor under without_counterpart: {left_out}"
    for control_id in without:
        assert "CloudFormation cannot" in CATALOG.by_id[control_id].description, control_id
        assert f"`{control_id}`" in doc.split("<!-- unpaired -->")[0], control_id
    counterparts -= set(without)
    paired = {next(p.parent.name for p in template.parents if p.name in ("fail", "pass"))
              for template, _ in PAIRS}
    listed = set(re.findall(r"`([a-z0-9-]+)`",
                            doc.split("<!-- unpaired -->")[1].split("<!-- /unpaired -->")[0]))
    assert paired <= counterparts
    assert listed == counterparts - paired
