"""End-to-end tests of the framework commands and of `scan --framework`, run as a user would."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from test_cli import EXAMPLES, SCHEMA, run

FRAMEWORK_IDS = ["gdpr", "hipaa", "iso27001", "pci-dss", "soc2"]


def assert_fits(text: str, width: int = 100) -> None:
    too_wide = [line for line in text.splitlines() if len(line) > width]
    assert not too_wide, too_wide[:3]


def assert_careful_wording(*texts: str) -> None:
    """The tool speaks of support, never of being compliant."""
    for text in texts:
        assert "compliant" not in text.lower()


@pytest.fixture(scope="module")
def pci_frameworks():
    result = run("frameworks", "show", "pci-dss", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("command", [["frameworks"], ["frameworks", "list"],
                                     ["frameworks", "show"]])
def test_framework_commands_have_help(command):
    result = run(*command, "--help")
    assert result.returncode == 0 and "Usage:" in result.stdout


def test_frameworks_list():
    result = run("frameworks", "list")
    assert result.returncode == 0, result.stderr
    assert_fits(result.stdout)
    assert_careful_wording(result.stdout)
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "name", "edition", "requirements", "automated"]
    pci = next(line for line in lines if line.startswith("pci-dss "))
    assert "PCI DSS v4.0.1" in pci
    rows = json.loads(run("frameworks", "list", "--format", "json").stdout)
    assert [r["id"] for r in rows] == FRAMEWORK_IDS
    for row in rows:
        assert 0 < row["automated"] < row["requirements"]
        assert row["manual"] == row["requirements"] - row["automated"]
    pci_row = next(r for r in rows if r["id"] == "pci-dss")
    assert pci.split()[-2:] == [str(pci_row["requirements"]), str(pci_row["automated"])]


def test_frameworks_show_text():
    result = run("frameworks", "show", "hipaa")
    assert result.returncode == 0, result.stderr
    assert_fits(result.stdout)
    assert_careful_wording(result.stdout)
    text = result.stdout
    assert text.startswith("HIPAA Security Rule (hipaa)")
    assert "45 CFR Part 164 Subpart C" in text
    # concise by default: a count of controls per requirement, no control list, no sources
    block = text.split("164.312(b)", 1)[1].split("\n164.", 1)[0]
    assert re.search(r"\n\s+\d+ controls \(\d+ direct\)", block), block
    assert "aws-apigw-access-logging" not in text and "source:" not in text
    # 164.312(a)(2)(iii), automatic logoff, has no control here
    block = text.split("164.312(a)(2)(iii)", 1)[1].split("164.312(a)(2)(iv)", 1)[0]
    assert "manual evidence needed" in block


def test_frameworks_show_verbose_lists_controls_and_sources():
    result = run("frameworks", "show", "hipaa", "--verbose")
    assert result.returncode == 0, result.stderr
    assert_fits(result.stdout)
    text = result.stdout
    assert "direct    aws-apigw-access-logging" in text and "source: " in text
    concise = run("frameworks", "show", "hipaa").stdout
    count = re.search(r"164\.312\(b\).*?\n\s+(\d+) controls", concise, re.S).group(1)
    block = text.split("164.312(b)", 1)[1].split("\n164.", 1)[0]
    assert len(re.findall(r"^\s+(?:direct|supports)\s+\S+$", block, re.M)) == int(count)


def test_frameworks_show_json(pci_frameworks):
    assert pci_frameworks["name"] == "PCI DSS v4.0.1"
    requirements = {r["id"]: r for r in pci_frameworks["requirements"]}
    assert {"control": "aws-cloudwatch-log-retention", "strength": "direct"} in \
        requirements["10.5.1"]["controls"]
    assert {"control": "gcp-log-bucket-retention", "strength": "direct"} in \
        requirements["10.5.1"]["controls"]
    assert requirements["8.4.1"]["manual"] is True and requirements["8.4.1"]["controls"] == []


def test_frameworks_show_unknown_id():
    result = run("frameworks", "show", "nist")
    assert result.returncode == 2
    assert "no framework 'nist'" in result.stderr and "pci-dss" in result.stderr


def test_controls_show_lists_the_requirements_it_supports():
    result = run("controls", "show", "aws-cloudwatch-log-retention")
    assert result.returncode == 0, result.stderr
    section = result.stdout.split("Framework requirements it supports", 1)[1]
    assert_fits(section)
    assert_careful_wording(result.stdout)
    pci = section.split("PCI DSS v4.0.1", 1)[1]
    assert "10.5.1  direct" in pci and "5.3.4   supports" in pci
    for name in ("GDPR", "HIPAA Security Rule", "SOC 2", "ISO/IEC 27001:2022"):
        assert f"\n  {name}\n" in section


def test_scan_with_framework_table(tmp_path, pci_frameworks):
    result = run("scan", EXAMPLES, "--framework", "pci-dss", "--cache-dir", tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    text = result.stdout
    assert_fits(text)
    assert_careful_wording(text, result.stderr)
    used = {c["control"] for r in pci_frameworks["requirements"] for c in r["controls"]}
    assert f", {len(used)} controls," in text.splitlines()[0]
    section = text.split("PCI DSS v4.0.1: requirements the scanned controls support", 1)[1]
    total = len(pci_frameworks["requirements"])
    automated = sum(1 for r in pci_frameworks["requirements"] if r["controls"])
    assert f"{total} requirements: {automated} with automated controls" in section
    assert "failing requirements" in section
    # a failing requirement is followed by the findings that fail it
    failing = section.split("failing requirements", 1)[1]
    # the id column is as wide as the longest failing id
    assert re.search(r"\n +10\.5\.1 +Keep audit logs at least 12 months", failing)
    assert "aws-cloudwatch-log-retention  terraform/logging.tf:" in failing
    assert "passing (" in section and "not evaluated" in section
    assert f"manual evidence needed: {total - automated} requirements" in section
    assert "interpretation" in section


def test_scan_with_framework_json(tmp_path, pci_frameworks):
    out = tmp_path / "report.json"
    result = run("scan", EXAMPLES, "--framework", "pci-dss", "--format", "json", "-o", out,
                 "--no-cache", "-q")
    assert result.returncode == 1, result.stderr
    text = out.read_text()
    assert_careful_wording(text)
    report = json.loads(text)
    jsonschema.validate(report, SCHEMA,
                        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert report["schema_version"] == "1.4"
    # only the framework's controls ran
    used = {c["control"] for r in pci_frameworks["requirements"] for c in r["controls"]}
    assert report["scan"]["controls"] == len(used)
    assert {f["control"] for f in report["findings"]} <= used
    (pci,) = report["frameworks"]
    assert pci["id"] == "pci-dss" and pci["coverage"]["requirements"] == 84
    statuses = {r["id"]: r["status"] for r in pci["requirements"]}
    assert statuses["10.5.1"] == "failing" and statuses["8.4.1"] == "manual"
    assert set(statuses.values()) <= {"failing", "passing", "not-evaluated", "manual"}
    coverage = pci["coverage"]
    assert coverage["failing"] + coverage["passing"] + coverage["not_evaluated"] == coverage["automated"]
    fingerprints = {f["fingerprint"]: f for f in report["findings"]}
    for requirement in pci["requirements"]:
        for fingerprint in requirement["failing_findings"]:
            finding = fingerprints[fingerprint]
            assert finding["status"] == "fail"
            assert {"framework": "pci-dss", "id": requirement["id"]} in [
                {"framework": r["framework"], "id": r["id"]} for r in finding["requirements"]]
        if requirement["status"] == "failing":
            assert requirement["failing_findings"]


def test_findings_carry_requirements_without_framework(tmp_path):
    out = tmp_path / "report.json"
    result = run("scan", EXAMPLES, "--format", "json", "-o", out, "--no-cache", "-q")
    assert result.returncode == 1, result.stderr
    report = json.loads(out.read_text())
    jsonschema.validate(report, SCHEMA,
                        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert report["frameworks"] == []
    for finding in report["findings"]:
        assert {r["framework"] for r in finding["requirements"]} >= {"gdpr", "soc2", "iso27001"}


def test_scan_with_several_frameworks(tmp_path):
    result = run("scan", EXAMPLES, "--framework", "gdpr", "--framework", "hipaa", "--no-cache",
                 "-q")
    assert result.returncode == 1, result.stderr
    assert_fits(result.stdout)
    assert "GDPR: requirements the scanned controls support" in result.stdout
    assert "HIPAA Security Rule: requirements the scanned controls support" in result.stdout


def test_scan_with_unknown_framework_is_a_usage_error(tmp_path):
    result = run("scan", EXAMPLES, "--framework", "nist-800-53", "--no-cache")
    assert result.returncode == 2
    assert "nist-800-53" in result.stderr
    for framework_id in FRAMEWORK_IDS:
        assert framework_id in result.stderr


def test_headings_name_the_edition_once():
    # "PCI DSS v4.0.1: ... (PCI DSS v4.0.1)" said the same thing twice
    pci = run("frameworks", "show", "pci-dss").stdout
    assert pci.startswith("PCI DSS v4.0.1 (pci-dss)\n") and "edition:" not in pci.split("\n\n")[0]
    soc2 = run("frameworks", "show", "soc2").stdout
    assert "edition: 2017 TSC with revised points of focus 2022" in soc2
    section = run("scan", EXAMPLES, "--framework", "pci-dss", "--no-cache").stdout
    assert "PCI DSS v4.0.1: requirements the scanned controls support\n" in section
