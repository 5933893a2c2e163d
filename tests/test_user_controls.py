"""Users' own controls: `--controls-dir DIR` loads them beside the catalog, and
`compliance controls test DIR` runs them against their samples. The worked example of
docs/writing-controls.md (docs/examples/custom-controls) is the control used here."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from compliance.cli.main import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "docs" / "examples" / "custom-controls"
CONTROL = "acme-apigw-private-endpoint"


def run(*args: str, cwd: Path | None = None):
    import os

    before = os.getcwd()
    if cwd:
        os.chdir(cwd)
    try:
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    finally:
        os.chdir(before)


@pytest.fixture
def controls(tmp_path) -> Path:
    """A copy of the worked example, to change."""
    target = tmp_path / "controls"
    shutil.copytree(EXAMPLE, target)
    return target


def edit(controls: Path, change) -> Path:
    path = controls / CONTROL / "control.yaml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_the_worked_example_agrees_with_its_samples():
    result = run("controls", "test", EXAMPLE)
    assert result.exit_code == 0, result.output
    assert f"ok    {CONTROL} (2 marked findings, 1 passing)" in result.output


def test_scan_runs_a_users_control_beside_the_catalog():
    samples = EXAMPLE / CONTROL / "fail"
    result = run("scan", samples, "--controls-dir", EXAMPLE, "--format", "json", "--no-cache")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    mine = [f for f in report["findings"] if f["control"] == CONTROL]
    assert sorted((f["status"], f["evidence"]["line"]) for f in mine) == [("fail", 1), ("fail", 8)]
    # the catalog's own controls ran too
    assert report["scan"]["controls"] > 90
    # without the option, the control is not there
    plain = run("scan", samples, "--format", "json", "--no-cache")
    assert all(f["control"] != CONTROL for f in json.loads(plain.stdout)["findings"])


def test_a_users_mapping_reaches_the_framework_report():
    samples = EXAMPLE / CONTROL / "fail"
    result = run("scan", samples, "--controls-dir", EXAMPLE, "--framework", "pci-dss",
                 "--format", "json", "--no-cache")
    report = json.loads(result.stdout)
    finding = next(f for f in report["findings"] if f["control"] == CONTROL)
    assert {"framework": "pci-dss", "id": "1.4.1"} in finding["requirements"]
    pci = next(f for f in report["frameworks"] if f["id"] == "pci-dss")
    requirement = next(r for r in pci["requirements"] if r["id"] == "1.4.1")
    assert CONTROL in [c["control"] for c in requirement["controls"]]
    assert requirement["status"] == "failing"


def test_the_configuration_file_names_controls_dirs(tmp_path):
    shutil.copytree(EXAMPLE / CONTROL / "fail", tmp_path / "infra")
    shutil.copytree(EXAMPLE, tmp_path / "policy")
    (tmp_path / ".compliance.yaml").write_text("controls_dirs: [policy]\nskip_paths: [policy]\n")
    result = run("scan", "--format", "json", "--no-cache", cwd=tmp_path)
    assert sorted(f["resource"]["address"] for f in json.loads(result.stdout)["findings"]
                  if f["control"] == CONTROL and f["status"] == "fail") == [
        "aws_api_gateway_rest_api.billing", "aws_api_gateway_rest_api.orders"]


def test_a_broken_control_exits_2_naming_file_and_line(controls):
    edit(controls, lambda data: data.update(severity="urgent"))
    path = controls / CONTROL / "control.yaml"
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1)
                if text.startswith("severity:"))
    for args in (["controls", "test", controls], ["scan", controls, "--controls-dir", controls]):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert f"control.yaml:{line}: severity: 'urgent' is not one of" in result.output


def test_a_broken_condition_names_its_line(controls):
    def typo(data):
        data["checks"][0]["condition"] = {"path": "endpoint_configuration..types",
                                          "contains": "PRIVATE"}

    path = edit(controls, typo)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1)
                if "endpoint_configuration..types" in text)
    result = run("controls", "test", controls)
    assert result.exit_code == 2
    assert f"control.yaml:{line}: checks[0].condition.path: invalid attribute path" in result.output


def test_samples_that_disagree_exit_1_and_say_where(controls):
    sample = controls / CONTROL / "fail" / "apis.tf"
    # the REGIONAL line loses its marker; a marker appears on a line that does not fail
    text = sample.read_text().replace('types = ["REGIONAL"] # fail: rest-api',
                                      'types = ["REGIONAL"]')
    text = text.replace('name = "billing"', 'name = "billing" # fail: rest-api')
    sample.write_text(text)
    result = run("controls", "test", controls)
    assert result.exit_code == 1, result.output
    assert "fail/apis.tf:8: check rest-api gives a fail finding here, but the line is not " \
           "marked `fail: rest-api`" in result.output
    assert "fail/apis.tf:6: marked `fail: rest-api`, but check rest-api gives no fail finding " \
           "there" in result.output


def test_a_marker_naming_no_check_is_reported(controls):
    sample = controls / CONTROL / "fail" / "apis.tf"
    sample.write_text(sample.read_text().replace("# fail: rest-api -", "# fail: rest-apis -"))
    result = run("controls", "test", controls)
    assert result.exit_code == 1
    assert "marker `fail: rest-apis` names no check of acme-apigw-private-endpoint" in result.output


def test_an_id_of_the_catalog_is_refused(controls):
    folder = controls / CONTROL
    taken = "aws-apigw-waf"
    folder.rename(controls / taken)
    edit_path = controls / taken / "control.yaml"
    data = yaml.safe_load(edit_path.read_text())
    data["id"] = taken
    edit_path.write_text(yaml.safe_dump(data, sort_keys=False))
    result = run("controls", "test", controls)
    assert result.exit_code == 2
    assert f"id: '{taken}' is also defined in waf/{taken}/control.yaml" in result.output


@pytest.mark.parametrize("supports,message", [
    ({"pci-dss": [{"requirement": "99.9"}]}, "PCI DSS v4.0.1 has no requirement '99.9'"),
    ({"nist": [{"requirement": "AC-1"}]}, "no framework 'nist'"),
    ({"pci-dss": [{"requirement": "1.4.1"}, {"requirement": "1.4.1"}]}, "listed twice"),
])
def test_a_mapping_to_a_requirement_that_does_not_exist_is_refused(controls, supports, message):
    edit(controls, lambda data: data.update(supports=supports))
    result = run("scan", controls / CONTROL / "pass", "--controls-dir", controls)
    assert result.exit_code == 2
    assert message in result.output


def test_the_catalogs_controls_take_no_inline_mapping(tmp_path):
    from compliance import data_dir
    from compliance.catalog.controls import CatalogError, load_catalog

    catalog = tmp_path / "catalog"
    shutil.copytree(data_dir("controls") / "waf" / "aws-apigw-waf", catalog / "waf" / "aws-apigw-waf")
    path = catalog / "waf" / "aws-apigw-waf" / "control.yaml"
    path.write_text(path.read_text() + "supports:\n  pci-dss: [{requirement: '6.4.2'}]\n")
    with pytest.raises(CatalogError, match="mapped in the framework files"):
        load_catalog(catalog)


@pytest.mark.parametrize("named, known", [("iam_no_resource_wildcard", True),
                                          ("no_such_check", False)])
def test_a_users_control_may_call_a_named_check_and_only_one_that_exists(controls, named,
                                                                          known):
    """The named checks' list is imported only when a control file is read (a warm run adopts
    the compiled catalog without it): a user's control still meets it."""
    edit(controls, lambda data: data["checks"][0].update(condition={"python": named}))
    samples = EXAMPLE / CONTROL / "fail"
    for _ in range(2):  # the catalog compiled, then adopted
        result = run("scan", samples, "--controls-dir", controls, "--format", "json")
        if known:
            assert result.exit_code in (0, 1), result.output
        else:
            assert result.exit_code == 2 and "no_such_check" in result.output, result.output
