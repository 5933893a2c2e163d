"""End-to-end: `compliance scan --format sarif|junit|csv|markdown` as a user runs it, on the
example repository (which has failing findings, so every run exits 1)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
# The command installed beside the Python running the tests (a venv need not be activated).
COMPLIANCE = (shutil.which("compliance", path=str(Path(sys.executable).parent))
              or shutil.which("compliance"))
assert COMPLIANCE, "install the package first (pip install '.[test]'): these tests run the command"
SARIF_SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())


def run(*args, cwd=None):
    return subprocess.run([COMPLIANCE, *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Each format of one scan of examples/ (written with -o), and the JSON report."""
    out = tmp_path_factory.mktemp("reports")
    texts = {}
    for name in ("json", "sarif", "junit", "csv", "markdown"):
        target = out / f"report.{name}"
        result = run("scan", EXAMPLES, "--format", name, "-o", target, "--no-cache", "-q")
        assert result.returncode == 1, (name, result.stderr)
        assert result.stdout == "" and "Traceback" not in result.stderr
        texts[name] = target.read_text(encoding="utf-8")
    texts["json"] = json.loads(texts["json"])
    return texts


def test_sarif_validates_against_the_official_schema(reports):
    log = json.loads(reports["sarif"])
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    run_ = log["runs"][0]
    failing = [f for f in reports["json"]["findings"] if f["status"] == "fail"]
    assert len(run_["results"]) == len(failing) > 0
    assert ({r["partialFingerprints"]["complianceFingerprint/v1"] for r in run_["results"]}
            == {f["fingerprint"] for f in failing})
    for result in run_["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith("/") and (EXAMPLES / uri).is_file()


def test_junit_parses_and_counts_match(reports):
    root = ET.fromstring(reports["junit"].encode("utf-8"))
    summary = reports["json"]["summary"]["by_status"]
    assert int(root.get("failures")) == summary["fail"] > 0
    assert int(root.get("tests")) == sum(summary.values())
    assert len(root.findall("testsuite/testcase/failure")) == summary["fail"]
    for case in root.iter("testcase"):
        assert (EXAMPLES / case.get("file")).is_file()


def test_csv_parses_with_a_row_per_finding(reports):
    rows = list(csv.DictReader(io.StringIO(reports["csv"], newline="")))
    findings = reports["json"]["findings"]
    assert len(rows) == len(findings)
    assert [r["fingerprint"] for r in rows] == [f["fingerprint"] for f in findings]
    assert {r["status"] for r in rows} == {f["status"] for f in findings}


def test_markdown_lists_every_failing_finding(reports):
    text = reports["markdown"]
    assert text.startswith("# Compliance report")
    for finding in reports["json"]["findings"]:
        if finding["status"] == "fail":
            line = finding["evidence"]["line"] or finding["location"]["start_line"]
            assert f"`{finding['location']['file']}:{line}`" in text


@pytest.mark.parametrize("name", ["sarif", "junit", "csv", "markdown"])
def test_formats_print_to_standard_output(name, tmp_path):
    (tmp_path / "main.tf").write_text('resource "aws_kms_key" "k" {\n'
                                      '  enable_key_rotation = false\n}\n')
    result = run("scan", tmp_path, "--format", name, "--no-cache")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "aws_kms_key.k" in result.stdout
    clean = run("scan", tmp_path, "--format", name, "--no-cache", "--fail-on", "none")
    assert clean.returncode == 0


def test_help_lists_the_formats():
    result = run("scan", "--help")
    for name in ("table", "json", "sarif", "junit", "csv", "markdown"):
        assert name in result.stdout
