"""Loading the catalog: the shipped one is valid, and a broken control names file and field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from compliance.catalog.controls import CatalogError, load_catalog

GOOD = {
    "id": "demo-control",
    "title": "Demo resources enable the thing",
    "category": "logging",
    "severity": "medium",
    "description": "Demo resources must enable the thing.",
    "rationale": "Without the thing nothing is recorded.",
    "remediation": "Set enabled = true on the demo resource.",
    "checks": [{"id": "demo", "platform": "terraform", "resource_types": ["aws_demo"],
                "condition": {"path": "enabled", "equals": True}}],
}


def write(tmp_path: Path, data: dict, category: str = "logging", name: str = "demo-control") -> Path:
    folder = tmp_path / "controls" / category
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(yaml.safe_dump(data))
    return tmp_path / "controls"


def broken(**changes):
    data = yaml.safe_load(yaml.safe_dump(GOOD))
    for key, value in changes.items():
        data[key] = value
    return data


def test_shipped_catalog_loads_and_is_large_enough(catalog):
    assert len(catalog.controls) >= 30
    assert len({c.id for c in catalog.controls}) == len(catalog.controls)
    platforms = {p for c in catalog.controls for p in c.platforms}
    assert {"terraform", "kubernetes"} <= platforms


def test_good_control_loads(tmp_path):
    catalog = load_catalog(write(tmp_path, GOOD))
    assert [c.id for c in catalog.controls] == ["demo-control"]
    assert catalog.controls[0].checks[0].resource_types == ("aws_demo",)


@pytest.mark.parametrize("data,message", [
    (broken(severity="urgent"), "logging/demo-control.yaml: severity: 'urgent' is not one of"),
    (broken(category="nonsense"), "logging/demo-control.yaml: category:"),
    (broken(title=None), "logging/demo-control.yaml: title: None is not of type 'string'"),
    ({k: v for k, v in GOOD.items() if k != "remediation"}, "(top level): 'remediation' is a required"),
    (broken(checks=[{"id": "demo", "platform": "terraform", "resource_types": ["aws_demo"],
                     "condition": {"path": "enabled", "equalz": True}}]), "checks[0].condition"),
    (broken(checks=[{"id": "demo", "platform": "terraform", "resource_types": ["aws_demo"],
                     "condition": {"path": "a..b", "equals": True}}]), "invalid attribute path"),
    (broken(checks=[{"id": "demo", "platform": "terraform", "resource_types": ["aws_demo"],
                     "condition": {"python": "no_such_check"}}]), "no Python check named"),
    (broken(checks=[{"id": "demo", "platform": "terraform", "resource_types": ["@nope"],
                     "condition": {"path": "a", "exists": True}}]), "unknown type group"),
    (broken(id="other-id"), "does not match the file name"),
])
def test_broken_control_names_file_and_field(tmp_path, data, message):
    with pytest.raises(CatalogError) as error:
        load_catalog(write(tmp_path, data))
    assert message in str(error.value)


def test_category_must_match_folder(tmp_path):
    with pytest.raises(CatalogError, match="does not match the folder"):
        load_catalog(write(tmp_path, GOOD, category="authn"))


def test_yaml_syntax_error_is_a_catalog_error(tmp_path):
    folder = tmp_path / "controls" / "logging"
    folder.mkdir(parents=True)
    (folder / "demo-control.yaml").write_text("id: [unclosed\n")
    with pytest.raises(CatalogError, match="logging/demo-control.yaml: cannot read"):
        load_catalog(tmp_path / "controls")


def test_catalog_digest_changes_with_content(tmp_path):
    first = load_catalog(write(tmp_path, GOOD)).digest
    second = load_catalog(write(tmp_path, broken(severity="high"))).digest
    assert first != second
