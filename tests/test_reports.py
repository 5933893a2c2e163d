"""The SARIF, JUnit, CSV and Markdown reporters, on the result of scanning a small tree that
holds every kind of finding: failing, passing, unknown, suppressed inline, waived in the waivers
file, a masked secret, awkward characters, and a file that cannot be parsed."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from compliance import data_dir
from compliance.model import FrameworkResult, RequirementRef, RequirementResult, Status, Waiver
from compliance.outputs import csv_report, junit, markdown, sarif, wording
from compliance.pipeline.scan import ScanOptions, run_scan

REPO = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
SECRET = "Winter2024-Secret!"
AWKWARD = '=HYPERLINK(1), "legacy" | <script>\nsecond line'

MAIN_TF = r'''variable "tls_policy" {}

resource "aws_kms_key" "orders" {
  description         = "orders"
  enable_key_rotation = false
}

resource "aws_kms_key" "billing" {
  description         = "billing"
  enable_key_rotation = true
}

# compliance:ignore=aws-kms-key-rotation rotated by hand, see ticket SEC-12
resource "aws_kms_key" "legacy" {
  description         = "legacy"
  enable_key_rotation = false
}

resource "aws_api_gateway_domain_name" "odd" {
  domain_name     = "api.example.com"
  security_policy = "=HYPERLINK(1), \"legacy\" | <script>\nsecond line"
}

resource "aws_api_gateway_domain_name" "later" {
  domain_name     = "later.example.com"
  security_policy = var.tls_policy
}
'''

POD_YAML = f'''apiVersion: v1
kind: Pod
metadata:
  name: accounts
  namespace: accounts
spec:
  containers:
    - name: api
      image: registry.example.com/accounts:1.0
      env:
        - name: DB_PASSWORD
          value: {SECRET}
'''

FILE_WAIVER = Waiver(kind="file", control="k8s-read-only-root-filesystem",
                     reason='accepted, "for now" <ops> | see\nrisk register', owner="platform",
                     expires=date(2031, 1, 31), file=".compliance/waivers.yaml", line=4)

REFS = [RequirementRef("pci-dss", "PCI DSS v4.0.1", "3.7.4", "Keys are changed at the end of "
                       "their cryptoperiod", "direct"),
        RequirementRef("soc2", "SOC 2 (2017 TSC)", "CC6.1", "Logical access security "
                       "measures", "supports")]


@pytest.fixture(scope="module")
def result(tmp_path_factory, catalog):
    root = tmp_path_factory.mktemp("tree")
    (root / "main.tf").write_text(MAIN_TF)
    (root / "app.yaml").write_text(POD_YAML)
    (root / "broken.tf").write_text('resource "x" "y" {\n  a = \n')
    scanned = run_scan([root], catalog, options=ScanOptions(cache_dir=None))
    findings = [replace(f, status=Status.WAIVED, waiver=FILE_WAIVER)
                if f.control == FILE_WAIVER.control else f for f in scanned.findings]
    requirements = {"aws-kms-key-rotation": REFS}
    rotation = [f for f in findings if f.control == "aws-kms-key-rotation"]
    framework = FrameworkResult(
        id="pci-dss", name="PCI DSS v4.0.1", edition="v4.0.1 (June 2024)", source="PCI SSC",
        disclaimer="An interpretation, not an assessment | review it with your QSA.",
        requirements=[
            RequirementResult("pci-dss", "3.7.4", "Keys are changed | rotated", "", "failing",
                              ("aws-kms-key-rotation",),
                              [f for f in rotation if f.status is Status.FAIL], len(rotation)),
            RequirementResult("pci-dss", "12.10.1", "An incident response plan exists", "",
                              "manual", (), [], 0),
        ],
        coverage={"requirements": 2, "automated": 1, "manual": 1, "failing": 1, "passing": 0,
                  "not_evaluated": 0, "percent_passing_of_evaluated": 0.0,
                  "percent_automated": 50.0})
    return replace(scanned, findings=findings, requirements=requirements,
                   frameworks=[framework])


def by_status(result, status):
    return [f for f in result.findings if f.status is status]


def test_the_fixture_holds_every_kind_of_finding(result):
    statuses = Counter(f.status for f in result.findings)
    assert statuses[Status.FAIL] and statuses[Status.PASS] and statuses[Status.UNKNOWN]
    waived = {f.waiver.kind for f in by_status(result, Status.WAIVED)}
    assert waived == {"inline", "file"}
    assert [e.file for e in result.errors] == ["broken.tf"]
    assert any(f.evidence.observed == AWKWARD for f in result.findings)
    assert any(f.evidence.observed == "********" for f in result.findings)


# --- SARIF ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_log(result):
    return json.loads(sarif.render(result))


def test_sarif_validates_against_the_official_schema(result, sarif_log):
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif_log)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif.to_dict(result, show_unknown=True))
    assert sarif_log["version"] == "2.1.0"


def test_sarif_has_one_rule_per_control_that_ran(result, sarif_log):
    run = sarif_log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert sorted(r["id"] for r in rules) == sorted(c.id for c in result.controls)
    controls = {c.id: c for c in result.controls}
    for rule in rules:
        control = controls[rule["id"]]
        assert rule["shortDescription"]["text"] == control.title
        assert rule["fullDescription"]["text"] == control.description
        assert control.rationale in rule["help"]["text"]
        assert control.remediation in rule["help"]["markdown"]
        assert rule["helpUri"] == (f"{sarif.DOCS_BASE_URL}{control.category}/{control.id}/"
                                   "control.yaml")
        assert (REPO / "controls" / control.category / control.id / "control.yaml").is_file()
        properties = rule["properties"]
        assert properties["security-severity"] == sarif.SECURITY_SEVERITY[control.severity]
        assert 0 < float(properties["security-severity"]) <= 10
        assert "security" in properties["tags"] and control.category in properties["tags"]
        assert len(properties["tags"]) <= 10
        assert rule["defaultConfiguration"]["level"] == sarif.LEVEL[control.severity]


def test_sarif_security_severity_follows_githubs_bands():
    bands = {"critical": (9.0, 10.0), "high": (7.0, 8.9), "medium": (4.0, 6.9), "low": (0.1, 3.9)}
    for severity, (low, high) in bands.items():
        assert low <= float(sarif.SECURITY_SEVERITY[severity]) <= high


def test_sarif_results_are_failing_and_waived_findings(result, sarif_log):
    run = sarif_log["runs"][0]
    results = run["results"]
    wanted = [f for f in result.findings if f.status in (Status.FAIL, Status.WAIVED)]
    assert len(results) == len(wanted)
    assert ({r["partialFingerprints"][sarif.FINGERPRINT_KEY] for r in results}
            == {f.fingerprint for f in wanted})
    rules = run["tool"]["driver"]["rules"]
    for item in results:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
        assert item["level"] in ("error", "warning", "note")
        assert "kind" not in item  # a failure (the default kind)


def test_sarif_result_location_message_and_properties(result, sarif_log):
    finding = next(f for f in result.findings if f.resource.address == "aws_kms_key.orders"
                   and f.control == "aws-kms-key-rotation")
    item = next(r for r in sarif_log["runs"][0]["results"]
                if r["partialFingerprints"][sarif.FINGERPRINT_KEY] == finding.fingerprint)
    physical = item["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "main.tf", "uriBaseId": "SRCROOT"}
    assert physical["region"] == {"startLine": 5, "endLine": 5}  # enable_key_rotation
    assert physical["contextRegion"] == {"startLine": 3, "endLine": 6}  # the resource block
    assert item["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == \
        "aws_kms_key.orders"
    text = item["message"]["text"]
    assert "aws_kms_key.orders" in text and "enable_key_rotation = false" in text
    assert "expected enable_key_rotation equals true" in text
    assert item["properties"]["requirements"] == ["pci-dss:3.7.4", "soc2:CC6.1"]
    assert item["properties"]["severity"] == "medium"
    assert item["properties"]["category"] == "key-rotation"
    base = sarif_log["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"]
    assert base == result.root.as_uri() + "/"


def test_sarif_waived_findings_are_suppressed_results(sarif_log):
    suppressed = [r for r in sarif_log["runs"][0]["results"] if "suppressions" in r]
    kinds = {r["ruleId"]: r["suppressions"][0] for r in suppressed}
    inline = kinds["aws-kms-key-rotation"]
    assert inline["kind"] == "inSource" and inline["status"] == "accepted"
    assert inline["justification"] == "rotated by hand, see ticket SEC-12"
    assert inline["location"]["physicalLocation"]["region"]["startLine"] == 13
    external = kinds["k8s-read-only-root-filesystem"]
    assert external["kind"] == "external"
    assert external["justification"] == FILE_WAIVER.reason
    assert external["properties"] == {"owner": "platform", "expires": "2031-01-31"}


def test_sarif_unknown_findings_only_on_request(result, sarif_log):
    unknown = by_status(result, Status.UNKNOWN)
    assert not any(r["properties"]["status"] == "unknown" for r in sarif_log["runs"][0]["results"])
    shown = [r for r in sarif.to_dict(result, show_unknown=True)["runs"][0]["results"]
             if r["properties"]["status"] == "unknown"]
    assert len(shown) == len(unknown)
    assert all(r["kind"] == "review" and r["level"] == "none" for r in shown)
    assert "can't be known from the files alone" in shown[0]["message"]["text"]


def test_sarif_errors_are_tool_notifications(sarif_log):
    invocation = sarif_log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    [notice] = invocation["toolExecutionNotifications"]
    assert notice["level"] == "error"
    location = notice["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "broken.tf"
    assert location["region"]["startLine"] == 2


def test_sarif_frameworks_are_taxonomies_the_rules_relate_to(sarif_log):
    run = sarif_log["runs"][0]
    taxonomies = run["taxonomies"]
    assert [t["name"] for t in taxonomies] == ["pci-dss", "soc2"]
    assert taxonomies[0]["version"] == "v4.0.1 (June 2024)"  # from the framework result
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "aws-kms-key-rotation")
    for relationship in rule["relationships"]:
        target = relationship["target"]
        taxonomy = taxonomies[target["toolComponent"]["index"]]
        assert taxonomy["name"] == target["toolComponent"]["name"]
        assert taxonomy["taxa"][target["index"]]["id"] == target["id"]
    assert [r["requirement"] for r in rule["properties"]["requirements"]] == ["3.7.4", "CC6.1"]
    assert {"pci-dss", "soc2"} <= set(rule["properties"]["tags"])
    assert "Supports" in rule["help"]["markdown"] and "compliant" not in rule["help"]["text"]


def test_sarif_without_frameworks(result):
    bare = replace(result, requirements={}, frameworks=[])
    log = sarif.to_dict(bare)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert "taxonomies" not in log["runs"][0]
    assert all("relationships" not in r for r in log["runs"][0]["tool"]["driver"]["rules"])


def test_sarif_absolute_paths_are_file_uris():
    assert sarif._artifact_location("/etc/prod vars.tfvars") == {
        "uri": "file:///etc/prod%20vars.tfvars"}
    assert sarif._artifact_location("dir with space/a#b.tf") == {
        "uri": "dir%20with%20space/a%23b.tf", "uriBaseId": "SRCROOT"}


# --- every format ---------------------------------------------------------------------------


@pytest.mark.parametrize("render", [sarif.render, junit.render, csv_report.render,
                                    markdown.render], ids=["sarif", "junit", "csv", "markdown"])
def test_reports_are_deterministic_and_hold_no_secret(result, render):
    text = render(result)
    assert SECRET not in text
    assert "********" in text
    shuffled = replace(result, findings=list(reversed(result.findings)),
                       controls=list(reversed(result.controls)))
    if render is not csv_report.render:  # CSV keeps the scan's order of findings
        assert render(shuffled) == text
    assert render(result) == text


# --- JUnit ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def junit_root(result):
    return ET.fromstring(junit.render(result).encode("utf-8"))


def test_junit_counts_match_the_findings(result, junit_root):
    statuses = Counter(f.status for f in result.findings)
    assert junit_root.tag == "testsuites"
    assert int(junit_root.get("tests")) == len(result.findings) + len(result.errors)
    assert int(junit_root.get("failures")) == statuses[Status.FAIL]
    assert int(junit_root.get("skipped")) == statuses[Status.UNKNOWN] + statuses[Status.WAIVED]
    assert int(junit_root.get("errors")) == len(result.errors)
    cases = junit_root.findall("testsuite/testcase")
    assert len(cases) == len(result.findings) + len(result.errors)
    assert len(junit_root.findall("testsuite/testcase/failure")) == statuses[Status.FAIL]
    assert len(junit_root.findall("testsuite/testcase/skipped")) == \
        statuses[Status.UNKNOWN] + statuses[Status.WAIVED]
    for suite in junit_root.findall("testsuite"):
        assert int(suite.get("tests")) == len(suite.findall("testcase"))
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))
        assert int(suite.get("skipped")) == len(suite.findall("testcase/skipped"))
        assert int(suite.get("errors")) == len(suite.findall("testcase/error"))


def test_junit_suites_per_control_and_cases_per_resource(result, junit_root):
    names = [s.get("name") for s in junit_root.findall("testsuite")]
    controls = sorted({f.control for f in result.findings})
    assert names == controls + [junit.ERRORS_SUITE]
    suite = next(s for s in junit_root.findall("testsuite") if s.get("name") ==
                 "aws-kms-key-rotation")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) == {"aws_kms_key.orders", "aws_kms_key.billing", "aws_kms_key.legacy"}
    failing = cases["aws_kms_key.orders"]
    assert failing.get("classname") == "key-rotation.aws-kms-key-rotation"
    assert failing.get("file") == "main.tf" and failing.get("line") == "5"
    failure = failing.find("failure")
    assert failure.get("type") == "medium"
    assert "enable_key_rotation = false" in failure.get("message")
    assert "remediation:" in failure.text and "pci-dss:3.7.4" in failure.text
    assert list(cases["aws_kms_key.billing"]) == []  # passing: an empty testcase
    skipped = cases["aws_kms_key.legacy"].find("skipped")
    assert skipped.get("message").startswith("waived: rotated by hand, see ticket SEC-12")
    properties = {p.get("name"): p.get("value") for p in suite.findall("properties/property")}
    assert properties["requirements"] == "pci-dss:3.7.4;soc2:CC6.1"


def test_junit_unknown_is_skipped_with_its_reason(junit_root):
    suite = next(s for s in junit_root.findall("testsuite") if s.get("name") ==
                 "aws-apigw-domain-tls")
    case = next(c for c in suite.findall("testcase")
                if c.get("name") == "aws_api_gateway_domain_name.later")
    assert "var.tls_policy has no value" in case.find("skipped").get("message")


def test_junit_errors_suite(junit_root):
    suite = junit_root.find(f"testsuite[@name='{junit.ERRORS_SUITE}']")
    case = suite.find("testcase")
    assert case.get("file") == "broken.tf" and case.get("line") == "2"
    assert "syntax error" in case.find("error").get("message")


def test_junit_escapes_markup_and_control_characters(result):
    finding = next(f for f in result.findings if f.status is Status.FAIL)
    nasty = 'a <b> & "c" ]]> \x07bell \x1b[0m\n\ttab'
    odd = replace(finding, evidence=replace(finding.evidence, observed=nasty),
                  resource=replace(finding.resource, address='res<"&>'))
    text = junit.render(replace(result, findings=[odd], errors=[]))
    root = ET.fromstring(text.encode("utf-8"))
    case = root.find("testsuite/testcase")
    assert case.get("name") == 'res<"&>'
    assert 'a <b> & "c" ]]> \\x07bell \\x1b[0m' in case.find("failure").text


def test_junit_disambiguates_resources_with_the_same_address(result):
    finding = next(f for f in result.findings if f.status is Status.FAIL)
    twin = replace(finding, resource=replace(
        finding.resource, location=replace(finding.resource.location, file="other/main.tf")))
    root = ET.fromstring(junit.render(replace(result, findings=[finding, twin], errors=[])))
    names = [c.get("name") for c in root.iter("testcase")]
    assert len(set(names)) == 2 and all(finding.resource.address in n for n in names)


# --- CSV ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def csv_rows(result):
    text = csv_report.render(result)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames) == csv_report.COLUMNS
    return list(reader)


def test_csv_has_a_row_per_finding_and_per_unread_input(result, csv_rows):
    unread = [e for e in result.errors if e.unread]
    assert unread  # the fixture tree has a broken file
    assert len(csv_rows) == len(result.findings) + len(unread)
    for row, error in zip(csv_rows[len(result.findings):], unread):
        assert (row["status"], row["file"], row["observed"]) == ("not-read", error.file,
                                                                 error.message)
        assert row["control"] == "" and row["start_line"] == str(error.line or "")
    for row, finding in zip(csv_rows, result.findings):
        assert row["control"] == finding.control
        assert row["status"] == finding.status.value
        assert row["fingerprint"] == finding.fingerprint
        assert row["file"] == finding.resource.location.file
        assert int(row["start_line"]) == finding.resource.location.start_line
        assert int(row["end_line"]) == finding.resource.location.end_line
        assert row["address"] == finding.resource.address


def test_csv_round_trips_awkward_values(csv_rows):
    row = next(r for r in csv_rows if r["address"] == "aws_api_gateway_domain_name.odd"
               and r["control"] == "aws-apigw-domain-tls")
    # a leading '=' would run as a formula in a spreadsheet: the cell is prefixed with '
    assert row["observed"] == "'" + AWKWARD
    assert row["evidence_line"] == "21"
    assert row["attribute"] == "security_policy"


def test_csv_masked_secrets_requirements_and_waivers(csv_rows):
    secret = next(r for r in csv_rows if r["control"] == "k8s-env-literal-secret")
    assert secret["observed"] == "********"
    rotation = {r["address"]: r for r in csv_rows if r["control"] == "aws-kms-key-rotation"}
    assert rotation["aws_kms_key.orders"]["requirements"] == "pci-dss:3.7.4;soc2:CC6.1"
    assert rotation["aws_kms_key.orders"]["observed"] == "false"
    assert rotation["aws_kms_key.orders"]["waiver"] == ""
    assert rotation["aws_kms_key.legacy"]["status"] == "waived"
    assert rotation["aws_kms_key.legacy"]["waiver"].startswith("rotated by hand")
    filed = next(r for r in csv_rows if r["control"] == FILE_WAIVER.control)
    assert "owner platform" in filed["waiver"] and "expires 2031-01-31" in filed["waiver"]


def test_csv_cells_that_would_be_formulas():
    assert csv_report._cell("=1+1") == "'=1+1"
    assert csv_report._cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_report._cell("-1") == "-1" and csv_report._cell("+3.5") == "+3.5"
    assert csv_report._cell("-rf /") == "'-rf /"
    assert csv_report._cell(12) == 12


# --- Markdown -------------------------------------------------------------------------------


def table_rows(text: str) -> list[list[str]]:
    """The cells of every table row, split on unescaped pipes."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|"):
            rows.append(re.split(r"(?<!\\)\|", line)[1:-1])
    return rows


def test_markdown_template_is_shipped_data():
    assert (data_dir("reports") / markdown.TEMPLATE).is_file()


def test_markdown_summary_and_failing_findings_by_file(result):
    text = markdown.render(result)
    statuses = Counter(f.status for f in result.findings)
    assert text.startswith("# Compliance report\n")
    assert (f"| {statuses[Status.FAIL]} | {statuses[Status.PASS]} | {statuses[Status.UNKNOWN]} "
            f"| {statuses[Status.WAIVED]} | 1 |") in text
    assert "### `main.tf`" in text and "### `app.yaml`" in text
    for finding in by_status(result, Status.FAIL):
        where = f"`{finding.resource.location.file}:{wording.evidence_line(finding)}`"
        assert where in text
    row = next(r for r in table_rows(text) if "`main.tf:5`" in r[0])
    assert [c.strip() for c in row[:2]] == ["`main.tf:5`", "medium"]
    assert "aws-kms-key-rotation" in row[2] and "`aws_kms_key.orders`" in row[3]
    assert "Set `enable_key_rotation = true`" in row[5]


def test_markdown_tables_keep_their_columns(result):
    text = markdown.render(result, show_unknown=True)
    widths = {}
    for line in text.split("\n\n"):
        rows = table_rows(line)
        if rows:
            widths[line.splitlines()[0]] = {len(r) for r in rows}
    assert widths and all(len(w) == 1 for w in widths.values()), widths
    odd = next(line for line in text.splitlines() if "aws_api_gateway_domain_name.odd" in line)
    assert "<script>" in odd and "\\|" in odd  # inside a code span, with the pipe escaped
    assert odd.count("`=HYPERLINK") == 1


def test_markdown_cell_filters():
    assert markdown.cell("a | b\nc") == "a \\| b c"
    assert markdown.cell("use <b> & `<validate-jwt>` | x") == \
        "use &lt;b&gt; &amp; `<validate-jwt>` \\| x"
    assert markdown.code("a`b") == "``a`b``"
    assert markdown.code("`x`") == "`` `x` ``"
    assert markdown.code("p|q\nr") == "`p\\|q r`"


def test_markdown_waived_unknown_and_errors(result):
    text = markdown.render(result)
    assert "## Waived findings" in text and "rotated by hand, see ticket SEC-12" in text
    assert "accepted, \"for now\" &lt;ops&gt; \\| see risk register" in text
    assert "## Unknown findings" not in text and "--show-unknown" in text
    assert "## Files not scanned" in text and "`broken.tf:2:" in text
    shown = markdown.render(result, show_unknown=True)
    assert "## Unknown findings" in shown and "aws_api_gateway_domain_name.later" in shown


def test_markdown_framework_coverage_says_supports(result):
    text = markdown.render(result)
    section = text.split("## Framework coverage", 1)[1]
    assert "### PCI DSS v4.0.1" in section and "Edition: v4.0.1 (June 2024)" in section
    assert "> An interpretation, not an assessment \\| review it with your QSA." in section
    assert "| 3.7.4 | Keys are changed \\| rotated | failing | `aws-kms-key-rotation` |" in section
    assert "manual evidence needed" in section
    assert not re.search(r"\bcompliant\b|\bcomplies\b", text, re.I)
    assert "## Framework coverage" not in markdown.render(replace(result, frameworks=[]))


def test_markdown_with_the_shipped_frameworks(tmp_path, catalog):
    from compliance.catalog.frameworks import default_frameworks

    (tmp_path / "main.tf").write_text(MAIN_TF)
    framework = default_frameworks()[0].id
    scanned = run_scan([tmp_path], catalog, framework_ids=(framework,))
    text = markdown.render(scanned)
    assert "## Framework coverage" in text
    assert not re.search(r"\bcompliant\b", text.replace(scanned.frameworks[0].disclaimer, ""),
                         re.I)
