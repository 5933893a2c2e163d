"""The configuration file (.compliance.yaml): validation with file and line, paths relative to
the file, and precedence: the command line beats the file, the file beats the defaults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli import FAILING_TF, run

from compliance.config.project import load_config, parse_size
from compliance.config.yaml_files import ConfigError

ROTATION = "aws-kms-key-rotation"  # FAILING_TF fails it, severity medium


def config_file(tmp_path: Path, text: str, name: str = ".compliance.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


# --- loading ----------------------------------------------------------------------------


def test_values_are_checked_and_paths_resolved_against_the_file(tmp_path):
    (tmp_path / "env").mkdir()
    (tmp_path / "env" / "prod.tfvars").write_text("x = 1\n")
    (tmp_path / "w.yaml").write_text("[]\n")
    path = config_file(tmp_path, """# team defaults
fail_on: high
format: json
skip_paths: [vendor, "test/*"]
var_files: [env/prod.tfvars]
waivers: w.yaml
max_file_size: 2M
frameworks: [pci-dss]
""")
    config = load_config(path, {"format": ["table", "json"]})
    assert config.values == {
        "fail_on": "high", "format": "json", "skip_paths": ("vendor", "test/*"),
        "var_files": (tmp_path / "env" / "prod.tfvars",), "waivers": tmp_path / "w.yaml",
        "max_file_size": 2 * 1024 * 1024, "frameworks": ("pci-dss",)}
    assert config.line_of("var_files") == 5


def test_an_empty_file_sets_nothing(tmp_path):
    assert load_config(config_file(tmp_path, "# nothing yet\n")).values == {}


@pytest.mark.parametrize("text,line,message", [
    ("fail_on: high\nfial_on: low\n", 2, "unknown key 'fial_on' (known keys: frameworks, controls_dirs, fail_on"),
    ("fail_on: urgent\n", 1, "fail_on: 'urgent' is not one of"),
    ("skip_paths: vendor\n", 1, "skip_paths: 'vendor' is not of type 'array'"),
    ("format: xml\n", 1, "format: 'xml' is not one of table, json"),
    ("var_files:\n  - a.tfvars\n  - missing.tfvars\n", 3, "var_files: no such file"),
    ("waivers: nowhere.yaml\n", 1, "waivers: no such file"),
    ("max_file_size: lots\n", 1, "max_file_size: use a number of bytes"),
    ("fail_on: [high\n", 2, "invalid YAML"),
    ("- fail_on: high\n", 1, "the file must hold key: value lines"),
    ("fail_on: high\nfail_on: low\n", 2, "duplicate key 'fail_on'"),
])
def test_errors_name_the_file_and_line(tmp_path, text, line, message):
    (tmp_path / "a.tfvars").write_text("")
    path = config_file(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path, {"format": ["table", "json"]})
    [(found_line, found_message)] = caught.value.problems
    assert found_line == line and message in found_message, caught.value.problems


def test_parse_size():
    assert parse_size("5M") == 5 * 1024 * 1024 and parse_size("512k") == 512 * 1024
    assert parse_size(1000) == 1000 and parse_size("1000") == 1000
    with pytest.raises(ValueError):
        parse_size("5 megabytes")


# --- end to end: precedence -------------------------------------------------------------


def test_the_file_sets_defaults_and_the_command_line_wins(tmp_path):
    (tmp_path / "main.tf").write_text(FAILING_TF)
    config_file(tmp_path, "fail_on: critical\nformat: json\n")
    from_file = run("scan", tmp_path, "--no-cache")
    assert from_file.returncode == 0, from_file.stderr  # medium < critical
    assert json.loads(from_file.stdout)["summary"]["by_status"]["fail"] == 1  # format: json
    cli = run("scan", tmp_path, "--no-cache", "--fail-on", "medium", "--format", "table")
    assert cli.returncode == 1 and cli.stdout.startswith("compliance ")
    ignored = run("scan", tmp_path, "--no-cache", "--no-config")
    assert ignored.returncode == 1 and ignored.stdout.startswith("compliance ")


def test_config_is_read_at_the_scan_root_or_from_config(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "main.tf").write_text(FAILING_TF)
    config_file(tmp_path, "fail_on: none\n", "elsewhere.yaml")
    assert run("scan", tmp_path / "src", "--no-cache", "-q").returncode == 1  # no file at src/
    assert run("scan", tmp_path / "src", "--no-cache", "-q",
               "--config", tmp_path / "elsewhere.yaml").returncode == 0
    both = run("scan", tmp_path / "src", "--config", tmp_path / "elsewhere.yaml", "--no-config")
    assert both.returncode == 2 and "Traceback" not in both.stderr


def test_skip_paths_var_files_and_waivers_from_the_file(tmp_path):
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "main.tf").write_text(FAILING_TF)
    (tmp_path / "main.tf").write_text('variable "rotate" {\n  default = false\n}\n'
                                      'resource "aws_kms_key" "k" {\n'
                                      '  enable_key_rotation = var.rotate\n}\n')
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "on.tfvars").write_text("rotate = true\n")
    config_file(tmp_path, "skip_paths: [legacy]\nvar_files: [ci/on.tfvars]\n")
    result = run("scan", tmp_path, "--no-cache", "--format", "json")
    assert result.returncode == 0, result.stdout
    report = json.loads(result.stdout)
    assert {f["location"]["file"] for f in report["findings"]} == {"main.tf"}
    # --skip-path on the command line replaces the file's list
    again = run("scan", tmp_path, "--no-cache", "-q", "--skip-path", "nothing")
    assert again.returncode == 1
    # the waivers key points at a waivers file, relative to the configuration file
    (tmp_path / "ci" / "waivers.yaml").write_text(
        f"- control: {ROTATION}\n  resource: aws_kms_key.k\n  file: legacy/*\n"
        "  reason: decommissioned next sprint\n  owner: platform\n")
    config_file(tmp_path, "waivers: ci/waivers.yaml\n")
    waived = run("scan", tmp_path, "--no-cache", "--format", "json")
    assert waived.returncode == 1  # main.tf's key still fails without the tfvars
    statuses = {f["location"]["file"]: f["status"] for f in json.loads(waived.stdout)["findings"]
                if f["control"] == ROTATION}
    assert statuses == {"legacy/main.tf": "waived", "main.tf": "fail"}
    source = next(f["waiver"]["source"] for f in json.loads(waived.stdout)["findings"]
                  if f["status"] == "waived")
    assert source == {"file": "ci/waivers.yaml", "line": 1}


@pytest.mark.parametrize("text,expected", [
    ("fail_on: high\ncolour: blue\n", "error: .compliance.yaml:2: unknown key 'colour'"),
    ("format: xml\n", "error: .compliance.yaml:1: format: 'xml' is not one of table, json"),
    ("frameworks: [pci-dss, no-such-framework]\n",
     "error: .compliance.yaml:1: frameworks: no framework 'no-such-framework'"),
])
def test_configuration_errors_exit_2_with_file_and_line(tmp_path, text, expected):
    (tmp_path / "main.tf").write_text(FAILING_TF)
    config_file(tmp_path, text)
    result = run("scan", ".", "--no-cache", cwd=tmp_path)
    assert result.returncode == 2
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_frameworks_from_the_file_and_framework_on_the_command_line(tmp_path):
    (tmp_path / "main.tf").write_text(FAILING_TF)
    config_file(tmp_path, "frameworks: [pci-dss]\n")
    ids = lambda result: [f["id"] for f in json.loads(result.stdout)["frameworks"]]  # noqa: E731
    assert ids(run("scan", tmp_path, "--no-cache", "-q", "--format", "json")) == ["pci-dss"]
    assert ids(run("scan", tmp_path, "--no-cache", "-q", "--format", "json",
                   "--framework", "soc2")) == ["soc2"]
    assert ids(run("scan", tmp_path, "--no-cache", "-q", "--format", "json", "--no-config")) == []
