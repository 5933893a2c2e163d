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
    "checks": [{"id": "demo", "platform": "terraform", "resource_types": ["aws_cloudtrail"],
                "condition": {"path": "enable_logging", "equals": True}}],
}


def write(tmp_path: Path, data: dict, category: str = "logging", name: str = "demo-control") -> Path:
    folder = tmp_path / "controls" / category / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "control.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
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
    assert catalog.controls[0].checks[0].resource_types == ("aws_cloudtrail",)


@pytest.mark.parametrize("data,message,line_text", [
    (broken(severity="urgent"), "severity: 'urgent' is not one of", "severity: urgent"),
    (broken(category="nonsense"), "category: 'nonsense' is not one of", "category: nonsense"),
    (broken(title=None), "title: None is not of type 'string'", "title: null"),
    ({k: v for k, v in GOOD.items() if k != "remediation"},
     "(top level): 'remediation' is a required", "id: demo-control"),
    (broken(checks=[{"id": "demo", "platform": "terraform", "resource_types": ["aws_demo"],
                     "condition": {"path": "enabled", "equalz": True}}]), "checks[0].condition",
     "  condition:"),
    (broken(checks=[{"id": "demo", "platform": "terraform", "resource_types": ["aws_demo"],
                     "condition": {"path": "a..b", "equals": True}}]),
     "checks[0].condition.path: invalid attribute path", "    path: a..b"),
    (broken(checks=[{"id": "demo", "platform": "terraform", "resource_types": ["aws_demo"],
                     "condition": {"python": "no_such_check"}}]),
     "checks[0].condition.python: no Python check named", "    python: no_such_check"),
    (broken(checks=[{"id": "demo", "platform": "terraform", "resource_types": ["@nope"],
                     "condition": {"path": "a", "exists": True}}]),
     "checks[0].resource_types[0]: unknown type group", "  - '@nope'"),
    (broken(id="other-id"), "id: 'other-id' does not match its folder", "id: other-id"),
])
def test_broken_control_names_file_line_and_field(tmp_path, data, message, line_text):
    catalog_dir = write(tmp_path, data)
    text = (catalog_dir / "logging" / "demo-control" / "control.yaml").read_text()
    line = next(number for number, content in enumerate(text.splitlines(), 1)
                if content.startswith(line_text) or content.lstrip("- ").startswith(line_text))
    with pytest.raises(CatalogError) as error:
        load_catalog(catalog_dir)
    assert f"logging/demo-control/control.yaml:{line}: {message}" in str(error.value)


def test_category_must_match_folder(tmp_path):
    with pytest.raises(CatalogError, match="does not match the folder"):
        load_catalog(write(tmp_path, GOOD, category="authn"))


def test_yaml_syntax_error_is_a_catalog_error(tmp_path):
    folder = tmp_path / "controls" / "logging" / "demo-control"
    folder.mkdir(parents=True)
    (folder / "control.yaml").write_text("title: x\nid: [unclosed\n")
    with pytest.raises(CatalogError, match="logging/demo-control/control.yaml:3: not valid YAML"):
        load_catalog(tmp_path / "controls")


def test_a_folder_without_a_control_file_is_not_a_control_and_an_unreadable_one_is_an_error(
        tmp_path):
    catalog_dir = write(tmp_path, GOOD)
    (catalog_dir / "logging" / "notes").mkdir()  # a folder of something else: no control.yaml
    (catalog_dir / "logging" / "notes" / "README.md").write_text("not a control")
    assert [c.id for c in load_catalog(catalog_dir).controls] == ["demo-control"]
    (catalog_dir / "logging" / "notes" / "control.yaml").mkdir()  # there, but not a file
    with pytest.raises(CatalogError, match="logging/notes/control.yaml: cannot read: Is a dir"):
        load_catalog(catalog_dir)


def test_catalog_digest_changes_with_content(tmp_path):
    first = load_catalog(write(tmp_path, GOOD)).digest
    second = load_catalog(write(tmp_path, broken(severity="high"))).digest
    assert first != second


def test_each_cloud_platform_has_three_controls_in_every_category_that_applies():
    # the catalog's breadth (issue 13): a category a platform leaves out is named, with the
    # reason, in controls/coverage-exceptions.yaml
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "tools" / "catalog" / "coverage.py"
    spec = importlib.util.spec_from_file_location("coverage", path)
    coverage = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(coverage)
    catalog = load_catalog()
    table, left_out = coverage.counts(catalog), coverage.exceptions()
    categories = {c.category for c in catalog.controls}
    short = {(platform, category): table[platform][category]
             for platform in coverage.PLATFORMS for category in categories
             if category not in left_out.get(platform, {})
             and table[platform][category] < coverage.MINIMUM}
    assert short == {}
    for platform, entries in left_out.items():
        assert platform in coverage.PLATFORMS and set(entries) <= categories
        assert all(len(reason.split()) >= 10 for reason in entries.values())
