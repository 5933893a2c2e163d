"""Never silent: inputs recognized and left unscanned (remote modules not installed, Pulumi
programs not run, charts and overlays not rendered) are named one by one, counted in the
summary of every output format, never mistaken for a clean scan, and fail the scan with
--fail-on-unscanned (or `fail_on_unscanned: true` in .compliance.yaml)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

import jsonschema
import pytest

from compliance.model import ScanError, unscanned_counts, unscanned_text
from compliance.outputs import annotations, codequality, pr_comment
from compliance.outputs.formats import SCAN_FORMATS, View
from compliance.pipeline.scan import ScanOptions, run_scan
from compliance.results.diff import DiffResult, Side
from tests.test_cli import run

REPO = Path(__file__).resolve().parents[1]
REMOTE_CALL = '''module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"
}
'''
# a method anyone can call: fails aws-apigw-method-authorization
OPEN_METHOD = '''resource "aws_api_gateway_method" "get" {
  rest_api_id   = "a"
  resource_id   = "b"
  http_method   = "GET"
  authorization = "NONE"
}
'''
PULUMI_PROGRAM = {"Pulumi.yaml": "name: api\nruntime: python\n", "__main__.py": "import pulumi\n"}


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def _scan(root: Path, catalog):
    control = catalog.by_id["aws-apigw-method-authorization"]
    return run_scan([root], catalog, controls=[control], options=ScanOptions())


def test_counts_and_wording_by_kind():
    errors = [ScanError("a.tf", 2, "m", skipped="module"), ScanError("b.tf", 3, "m",
                                                                      skipped="module"),
              ScanError("Pulumi.yaml", None, "p", skipped="program"),
              ScanError("c.tf", 1, "broken"), ScanError("t.yaml", 9, "s", skipped="stack"),
              ScanError("t.yaml", 4, "f", skipped="macro")]
    assert unscanned_counts(errors) == {"module": 2, "chart": 0, "overlay": 0, "program": 1,
                                        "stack": 1, "macro": 1}
    assert unscanned_text(errors) == ("2 remote modules not scanned, 1 Pulumi program not run, "
                                      "1 nested stack not read, 1 CloudFormation macro not "
                                      "expanded")
    assert unscanned_text(errors[3:4]) == ""


def test_only_remote_modules_is_not_a_clean_scan(tmp_path, catalog):
    result = _scan(_write(tmp_path, {"main.tf": REMOTE_CALL}), catalog)
    notice, nothing = result.errors
    assert (notice.file, notice.line, notice.skipped) == ("main.tf", 2, "module")
    assert nothing.unread and not nothing.skipped
    assert "no resource was evaluated" in nothing.message \
        and "1 remote module not scanned" in nothing.message
    table = SCAN_FORMATS["table"](result)
    assert "0 failing" not in table
    assert "nothing was evaluated: every input found was left unscanned (1 remote module " \
           "not scanned)" in table


@pytest.fixture
def mixed(tmp_path, catalog):
    """One failing method, one remote module not installed, one Pulumi program not run."""
    root = _write(tmp_path / "repo", {"main.tf": REMOTE_CALL + OPEN_METHOD,
                                      **{f"program/{k}": v for k, v in PULUMI_PROGRAM.items()}})
    return _scan(root, catalog)


def test_every_scan_format_counts_what_was_not_scanned(mixed):
    assert [e.skipped for e in mixed.errors] == ["program", "module"]
    outputs = {name: fmt(mixed, View()) for name, fmt in SCAN_FORMATS.items()}
    table = outputs["table"]
    assert "1 failing (1 high)" in table
    assert "unscanned  1 remote module not scanned, 1 Pulumi program not run" in table
    assert "not scanned: 1 remote module not scanned, 1 Pulumi program not run" in table
    report = json.loads(outputs["json"])
    jsonschema.validate(report, json.loads((REPO / "compliance/schemas/report.schema.json")
                                           .read_text()))
    assert report["schema_version"] == "1.4"
    assert report["summary"]["unscanned"] == {"module": 1, "chart": 0, "overlay": 0,
                                              "program": 1, "stack": 0, "macro": 0}
    assert report["summary"]["unreadable"] == 0
    assert sorted(e["skipped"] for e in report["errors"]) == ["module", "program"]
    run_ = json.loads(outputs["sarif"])["runs"][0]
    assert run_["properties"]["unscanned"]["module"] == 1
    notifications = run_["invocations"][0]["toolExecutionNotifications"]
    assert sorted(n["descriptor"]["id"] for n in notifications) == ["module-not-scanned",
                                                                    "program-not-scanned"]
    suites = {s.get("name"): s for s in ET.fromstring(outputs["junit"]).iter("testsuite")}
    unscanned = suites["inputs not scanned"]
    assert unscanned.get("skipped") == "2" and "files not scanned" not in suites
    props = {p.get("name"): p.get("value") for p in unscanned.iter("property")}
    assert props["unscanned.module"] == "1" and props["unscanned.program"] == "1"
    rows = list(csv.DictReader(io.StringIO(outputs["csv"])))
    assert sorted(r["type"] for r in rows if r["status"] == "not-scanned") == ["module",
                                                                              "program"]
    markdown = outputs["markdown"]
    assert "| 1 | 0 | 0 | 0 | 0 | 2 |" in markdown and "## Inputs not scanned" in markdown
    assert "Not scanned: 1 remote module not scanned, 1 Pulumi program not run" in markdown
    html = outputs["html"]
    assert 'id="unscanned-count">2 (1 remote module not scanned, 1 Pulumi program not run)' \
        in html and '<section id="unscanned">' in html


def test_ci_formats_and_the_pr_comment_say_what_was_not_scanned(mixed):
    lines = annotations.render([], errors=mixed.errors).splitlines()
    assert "::warning file=main.tf,title=compliance%3A module not scanned,line=2::module.vpc " \
           "(terraform-aws-modules/vpc/aws version '~> 5.0') is not scanned" in "\n".join(lines)
    issues = json.loads(codequality.render([], errors=mixed.errors))
    assert sorted(i["check_name"] for i in issues) == ["compliance-module-not-scanned",
                                                       "compliance-program-not-scanned"]
    diff = DiffResult(Side("main", "a" * 40, mixed), Side(None, None, mixed), "", [], [],
                      mixed.findings)
    comment = pr_comment.render(diff)
    assert "**Not scanned:** 1 remote module not scanned, 1 Pulumi program not run" in comment
    assert "**Incomplete:**" not in comment  # nothing was unreadable


def test_evidence_pack_index_counts_what_was_not_scanned(mixed, catalog):
    from compliance.model import GitInfo
    from compliance.outputs.pack import INDEX_HTML, OSCAL, REPORT_JSON, build_pack

    pack = build_pack(mixed, catalog, GitInfo(), datetime(2026, 1, 1, tzinfo=timezone.utc))
    index = pack.members[INDEX_HTML].decode()
    assert 'id="unscanned-count">2 (1 remote module not scanned' in index
    assert json.loads(pack.members[REPORT_JSON])["summary"]["unscanned"]["program"] == 1
    oscal = json.loads(pack.members[OSCAL])["assessment-results"]["results"][0]
    assert "Not assessed: 1 remote module not scanned, 1 Pulumi program not run" \
        in oscal["description"]


def test_exit_status_with_and_without_fail_on_unscanned(tmp_path):
    root = _write(tmp_path, {"main.tf": REMOTE_CALL + OPEN_METHOD.replace('"NONE"', '"AWS_IAM"')})
    plain = run("scan", root, "--check", "aws-apigw-method-authorization", "--no-cache")
    assert plain.returncode == 0, plain.stderr  # reported and counted, not failed
    assert "notice: main.tf:2: module.vpc (terraform-aws-modules/vpc/aws version '~> 5.0') " \
           "is not scanned" in plain.stderr
    strict = run("scan", root, "--check", "aws-apigw-method-authorization", "--no-cache",
                 "--fail-on-unscanned")
    assert strict.returncode == 3
    (root / ".compliance.yaml").write_text("fail_on_unscanned: true\n")
    configured = run("scan", root, "--check", "aws-apigw-method-authorization", "--no-cache")
    assert configured.returncode == 3


def test_a_scan_of_only_unscanned_inputs_exits_3_unless_allowed(tmp_path):
    root = _write(tmp_path, PULUMI_PROGRAM)
    result = run("scan", root, "--no-cache", "--format", "json")
    assert result.returncode == 3
    assert json.loads(result.stdout)["summary"]["unscanned"]["program"] == 1
    allowed = run("scan", root, "--no-cache", "--allow-unread")
    assert allowed.returncode == 0
    assert run("scan", root, "--no-cache", "--allow-unread",
               "--fail-on-unscanned").returncode == 3
