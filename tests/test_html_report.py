"""The HTML report: its text (escaping, sections, counts, self-containment) and the page as
Debian's headless Chromium renders it.

The browser tests need /usr/bin/chromium (`apt-get install chromium`; .ci/run installs it).
Without it they skip on a workstation and fail under CI (the CI environment variable set), so a
CI run can never pass without having looked at the page in a real browser.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest

from compliance.model import (
    Check,
    Control,
    Evidence,
    Finding,
    FrameworkResult,
    GitInfo,
    Location,
    RequirementRef,
    RequirementResult,
    Resource,
    ScanError,
    ScanResult,
    Status,
    Waiver,
    WaiverEntry,
)
from compliance.outputs import html

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
COMPLIANCE = (shutil.which("compliance", path=str(Path(sys.executable).parent))
              or shutil.which("compliance"))
HOSTILE = "<script>document.title='pwned'</script>"

# --- a hand-made scan result --------------------------------------------------------------


def _control(control_id: str, title: str, severity: str = "high") -> Control:
    return Control(id=control_id, title=title, category="logging", severity=severity,
                   description="What it checks.", rationale="Why it matters.",
                   remediation=f"Fix {control_id} like this.",
                   checks=(Check("c", "terraform", ("aws_s3_bucket",), {}),))


def _finding(control: Control, status: Status, address: str, file: str = "main.tf",
             line: int = 3, observed="false", **extra) -> Finding:
    resource = Resource("terraform", "aws_s3_bucket", address.split(".")[-1], address, {},
                        Location(file, line, line + 5))
    return Finding(control.id, "c", control.title, control.category, control.severity, status,
                   resource, Evidence("versioning.enabled", observed, "true", line + 1), **extra)


def _result(findings, controls, errors=(), frameworks=None, requirements=None) -> ScanResult:
    result = ScanResult(root=Path("/repo"), started_at=datetime(2026, 11, 2, 9, 30,
                                                                tzinfo=timezone.utc),
                        duration_s=1.5, files_scanned=7, resources=[f.resource for f in findings],
                        findings=list(findings), errors=list(errors), controls=list(controls))
    result.frameworks = frameworks or []
    result.requirements = requirements or {}
    return result


LOGS = _control("aws-logs-retention", "Log groups keep logs for a year")
AUTH = _control("aws-apigw-method-authorization", "API methods require authorization", "critical")


def _waiver(**fields) -> Waiver:
    defaults = dict(kind="file", control=LOGS.id, reason="legacy bucket, removed in Q1",
                    owner="platform-team", expires=date(2027, 3, 31), file="waivers.yaml",
                    line=4)
    defaults.update(fields)
    return Waiver(**defaults)


def _pci_result(hostile: str = "") -> ScanResult:
    failing = _finding(LOGS, Status.FAIL, f"aws_s3_bucket.logs{hostile}")
    passing = _finding(AUTH, Status.PASS, "aws_api_gateway_method.get", line=20)
    waived = _finding(LOGS, Status.WAIVED, "aws_s3_bucket.old", line=40,
                      waiver=_waiver(reason=f"accepted risk {hostile}"))
    requirements = [
        RequirementResult("pci-dss", "10.5.1", f"Keep audit logs for a year{hostile}", "",
                          "failing", (LOGS.id,), [failing], 2, waived=1),
        RequirementResult("pci-dss", "8.3.1", "Authenticate every access", "", "passing",
                          (AUTH.id,), [], 1, passed=1, strengths={AUTH.id: "direct"}),
        RequirementResult("pci-dss", "6.4.1", "Protect public web apps", "", "not-evaluated",
                          ("aws-wafv2-attached",), [], 0),
        RequirementResult("pci-dss", "12.1.1", "Keep a security policy", "", "manual", (), [], 0),
    ]
    framework = FrameworkResult("pci-dss", "PCI DSS", "v4.0.1", "PCI SSC, June 2024",
                                "Requirement titles are paraphrased.", requirements, {})
    refs = {LOGS.id: [RequirementRef("pci-dss", "PCI DSS", "10.5.1", "Keep audit logs",
                                     "supports")],
            AUTH.id: [RequirementRef("pci-dss", "PCI DSS", "8.3.1", "Authenticate", "direct")]}
    errors = [ScanError(f"broken{hostile}.yaml", 2, f"invalid YAML near {hostile}")]
    return _result([failing, passing, waived], [LOGS, AUTH], errors, [framework], refs)


class Dom(HTMLParser):
    """Text by element id, the tags seen, and headings, from an HTML text."""

    def __init__(self, text: str):
        super().__init__()
        self.by_id: dict[str, str] = {}
        self.tags: list[str] = []
        self.headings: list[str] = []
        self._open: list[tuple[str, str | None, list[str]]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("meta", "br", "link", "img", "input", "hr", "wbr"):
            return
        self._open.append((tag, dict(attrs).get("id"), []))

    def handle_endtag(self, tag):
        while self._open:
            name, element_id, parts = self._open.pop()
            text = " ".join("".join(parts).split())
            if element_id:
                self.by_id[element_id] = text
            if name in ("h1", "h2", "h3"):
                self.headings.append(text)
            if self._open:
                self._open[-1][2].append("".join(parts))
            if name == tag:
                break

    def handle_data(self, data):
        if self._open:
            self._open[-1][2].append(data)


# --- the HTML text ------------------------------------------------------------------------

OWN_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _without_own_script(page: str) -> str:
    """The page less its one script, which must be the shipped filters.js, allowed by hash."""
    scripts = OWN_SCRIPT.findall(page)
    assert len(scripts) == 1 and page.count("<script") == 1
    assert scripts[0] == (REPO / "reports" / "html" / "filters.js").read_text()
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page  # that script and no other may run
    return OWN_SCRIPT.sub("", page)


def test_hostile_names_are_text_not_markup():
    page = _without_own_script(html.render(_pci_result(hostile=HOSTILE)))
    assert "<script" not in page
    escaped = "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"
    # in the resource address, the requirement title, the waiver reason, the error's file and text
    assert page.count(escaped) >= 5
    dom = Dom(page)
    assert "script" not in dom.tags


def test_hostile_observed_value_cannot_leave_its_attribute_or_element():
    finding = _finding(LOGS, Status.FAIL, "aws_s3_bucket.x",
                       observed='"><img src=x onerror=alert(1)>')
    page = html.render(_result([finding], [LOGS]))
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_sections_and_counts_without_frameworks():
    findings = [_finding(LOGS, Status.FAIL, "aws_s3_bucket.a"),
                _finding(LOGS, Status.FAIL, "aws_s3_bucket.b", file="other.tf"),
                _finding(AUTH, Status.PASS, "aws_api_gateway_method.get"),
                _finding(AUTH, Status.UNKNOWN, "aws_api_gateway_method.post", observed=None)]
    page = html.render(_result(findings, [LOGS, AUTH], [ScanError("bad.tf", None, "syntax")]))
    dom = Dom(page)
    assert dom.headings[:2] == ["API security compliance report", "Summary"]
    assert "Findings, most severe first (3)" in dom.headings  # failing and unknown, not passing
    listed = re.findall(r'<details class="finding (\w+)" id="f-\w+" data-severity="(\w+)"', page)
    assert listed == [("unknown", "critical"), ("fail", "high"), ("fail", "high")]
    assert "Waived findings (0)" in dom.headings
    assert "Files that could not be scanned (1)" in dom.headings
    assert "Framework coverage" not in dom.headings and "--framework" in page
    counts = (dom.by_id["count-fail"], dom.by_id["count-pass"], dom.by_id["count-unknown"])
    assert counts == ("2", "1", "1")
    assert dom.by_id["sev-high-fail"] == "2" and dom.by_id["sev-critical-pass"] == "1"
    assert dom.by_id["files-scanned"] == "7" and dom.by_id["findings-total"] == "4"
    assert "main.tf:4" in page and "other.tf:4" in page  # the deciding attribute's line
    assert "Fix aws-logs-retention like this." in page  # the control's remediation
    assert 'What "unknown" means' in page
    assert "2026-11-02 09:30:00 UTC" in page


def test_the_page_is_self_contained():
    page = html.render(_pci_result())
    script = OWN_SCRIPT.search(page).group(1)
    for forbidden in ("fetch(", "XMLHttpRequest", "import(", "src", "http", "eval(",
                      "innerHTML"):
        assert forbidden not in script, forbidden  # it reads the page and hides parts of it
    page = _without_own_script(page)
    for forbidden in ("<script", "<link", "<img", "<iframe", "@import", "url(", "src=",
                      "http://", "https://"):
        assert forbidden not in page, forbidden
    assert "default-src 'none'" in page  # and the page says so to the browser
    assert "'unsafe-inline'; script-src 'sha256-" in page  # inline style yes, inline script no


def test_framework_coverage_and_requirements():
    page = html.render(_pci_result())
    dom = Dom(page)
    assert "Framework coverage" in dom.headings and "PCI DSS: requirements" in dom.headings
    assert dom.by_id["fw-pci-dss-requirements"] == "4"
    for status in ("failing", "passing", "not-evaluated", "manual"):
        assert dom.by_id[f"fw-pci-dss-{status}"] == "1"
    assert page.count("25%") >= 4 and "width: 25.00%" in page
    failing = dom.by_id["req-pci-dss-10.5.1"]
    assert "Failing" in failing and "main.tf:4" in failing
    assert "1 failing finding (aws_s3_bucket.logs)" in failing  # one finding, named
    fingerprint = _pci_result().findings[0].fingerprint  # the requirement links to the finding
    assert f'<a href="#f-{fingerprint}">main.tf:4</a>' in page and f'id="f-{fingerprint}"' in page
    assert "Fix aws-logs-retention like this." in dom.by_id[f"f-{fingerprint}"]
    assert "aws_s3_bucket.old" not in failing  # waived: listed with its waiver, not as failing
    assert "2 resource checks: 1 failing, 1 waived" in failing
    assert "Manual evidence needed" in dom.by_id["req-pci-dss-12.1.1"]
    assert "No automated control supports this requirement" in dom.by_id["req-pci-dss-12.1.1"]
    assert "no scanned resource is in their scope" in dom.by_id["req-pci-dss-6.4.1"]
    assert '<span class="badge direct" title="the requirement' in page  # one short badge
    assert page.count("A <span class=\"badge direct\">direct</span> control checks") == 1
    assert "1 resource check: 1 passing" in dom.by_id["req-pci-dss-8.3.1"]
    assert "3 of 4 requirements are supported by automated controls (75%)" in page
    assert "1 needs manual evidence" in page
    assert "PCI DSS 10.5.1" in page and "compliant" not in page.lower()


def test_waived_findings_show_their_waiver():
    page = html.render(_pci_result())
    assert "Waived findings (1)" in Dom(page).headings
    waived = page[page.index('<section id="waived">'):page.index('<section id="errors">')]
    for text in ("aws_s3_bucket.old", "accepted risk", "platform-team",
                 "2027-03-31", "waivers file", "waivers.yaml:4", "main.tf:41"):
        assert text in waived, text


def test_a_waiver_without_owner_or_expiry_says_so():
    finding = _finding(LOGS, Status.WAIVED, "aws_s3_bucket.x",
                       waiver=_waiver(kind="inline", owner=None, expires=None, file="main.tf",
                                      line=2))
    page = html.render(_result([finding], [LOGS]))
    assert "no owner given" in page and "no expiry" in page and "inline suppression" in page


def test_waivers_that_did_not_apply_are_listed():
    result = _result([_finding(LOGS, Status.FAIL, "aws_s3_bucket.x")], [LOGS])
    result.waivers = [
        WaiverEntry(_waiver(expires=date(2026, 1, 31), reason="old <b>exception</b>"),
                    matched=1, expired=True),
        WaiverEntry(_waiver(line=9), matched=0),
        WaiverEntry(_waiver(kind="inline", file="main.tf", line=2), problem="no reason given"),
        WaiverEntry(_waiver(line=12), matched=3),  # applied: listed with its findings instead
    ]
    page = html.render(result)
    idle = page[page.index("Waivers that did not apply (3)"):page.index('<section id="errors">')]
    assert "expired: the 1 finding it covered counts again" in idle and "2026-01-31" in idle
    assert "matched no failing or unknown finding" in idle and "waivers.yaml:9" in idle
    assert "not applied: no reason given" in idle and "main.tf:2" in idle
    assert "waivers.yaml:12" not in idle and "old &lt;b&gt;exception&lt;/b&gt;" in idle


def test_long_observed_values_are_cut():
    finding = _finding(LOGS, Status.FAIL, "aws_s3_bucket.x", observed={"policy": "x" * 5000})
    page = html.render(_result([finding], [LOGS]))
    assert "x" * 500 not in page and "…" in page


# --- the page in a browser ----------------------------------------------------------------

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                  "--enable-logging=stderr", "--v=0"]


@pytest.fixture(scope="module")
def chromium() -> str:
    path = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium")
                                        else None)
    if path is None:
        message = ("Debian's chromium is not installed (/usr/bin/chromium): the HTML report "
                   "must be checked in a real browser. Install it with "
                   "`apt-get update && apt-get install -y chromium` (.ci/run does).")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _open_in_chromium(chromium: str, page: Path, tmp_path: Path) -> tuple[str, str, Path]:
    """The rendered DOM, the page's console messages, and a screenshot of the page."""
    screenshot = tmp_path / f"{page.stem}.png"
    run = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
         "--window-size=1280,2400", f"--screenshot={screenshot}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    return run.stdout, "\n".join(console), screenshot


def _compliance(*args) -> subprocess.CompletedProcess:
    assert COMPLIANCE, "install the package first (pip install '.[test]')"
    return subprocess.run([COMPLIANCE, *map(str, args)], capture_output=True, text=True,
                          timeout=120)


def test_example_report_in_chromium(chromium, tmp_path):
    page = tmp_path / "report.html"
    scan = _compliance("scan", EXAMPLES, "--framework", "pci-dss", "--format", "html", "-o", page,
                       "--no-cache", "-q")
    assert scan.returncode == 1 and scan.stdout == "", scan.stderr
    report = tmp_path / "report.json"  # the same scan as JSON: the counts to expect
    _compliance("scan", EXAMPLES, "--framework", "pci-dss", "--format", "json", "-o", report,
                "--no-cache", "-q")
    expected = json.loads(report.read_text())

    dom_text, console, screenshot = _open_in_chromium(chromium, page, tmp_path)
    assert console == "", f"the page wrote to the browser console:\n{console}"
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 20_000
    dom = Dom(dom_text)
    assert dom.tags.count("script") == 1  # the filters, nothing else
    by_status = expected["summary"]["by_status"]
    listed = by_status["fail"] + by_status["unknown"] + by_status["waived"]
    for heading in ("API security compliance report", "Summary", "Findings by status",
                    "Findings by severity", f"Findings, most severe first ({listed})",
                    "Waived findings (0)", "Files that could not be scanned (0)"):
        assert heading in dom.headings, heading
    for status, count in by_status.items():
        assert dom.by_id[f"count-{status}"] == str(count), status
    for severity, count in expected["summary"]["failing_by_severity"].items():
        assert dom.by_id[f"sev-{severity}-fail"] == str(count), severity
    assert dom.by_id["files-scanned"] == str(expected["scan"]["files_scanned"])
    assert dom.by_id["resources"] == str(expected["scan"]["resources"])
    for finding in expected["findings"]:
        if finding["status"] != "pass":
            assert finding["location"]["file"] in dom.by_id[f"f-{finding['fingerprint']}"]
    assert "Framework coverage" in dom.headings
    assert "PCI DSS v4.0.1: requirements" in dom.headings
    framework = expected["frameworks"][0]
    coverage = framework["coverage"]
    assert dom.by_id["fw-pci-dss-requirements"] == str(coverage["requirements"])
    for status, key in (("failing", "failing"), ("passing", "passing"),
                        ("not-evaluated", "not_evaluated"), ("manual", "manual")):
        assert dom.by_id[f"fw-pci-dss-{status}"] == str(coverage[key]), status
    assert coverage["failing"] > 0  # the example repository fails some PCI DSS requirement
    for requirement in framework["requirements"]:
        shown = dom.by_id[f"req-pci-dss-{requirement['id']}"]
        assert shown.startswith(f"{requirement['id']} "), requirement["id"]
        if requirement["status"] == "manual":
            assert "Manual evidence needed" in shown
        if requirement["status"] == "failing":
            assert "Failing" in shown and "failing finding" in shown
            failing = [f for f in expected["findings"]
                       if f["fingerprint"] in requirement["failing_findings"]]
            for finding in failing:
                line = finding["evidence"]["line"] or finding["location"]["start_line"]
                assert f"{finding['location']['file']}:{line}" in shown
    assert "supports" in dom_text.lower() and "compliant" not in dom_text.lower()
    assert re.search(r"<dt>Supports</dt><dd>PCI DSS v4\.0\.1 \d+\.\d+", dom_text)
    assert "SOC 2" not in dom_text  # only the framework asked for


def test_hostile_resource_names_stay_text_in_chromium(chromium, tmp_path):
    scanned = tmp_path / "repo"
    scanned.mkdir()
    (scanned / "deployment.yaml").write_text(f'''apiVersion: apps/v1
kind: Deployment
metadata:
  name: "{HOSTILE}"
spec:
  template:
    spec:
      containers:
        - name: app
          image: "nginx:latest<img src=x>"
''')
    page = tmp_path / "hostile.html"
    scan = _compliance("scan", scanned, "--format", "html", "-o", page, "--no-cache", "-q")
    assert scan.returncode in (0, 1), scan.stderr
    dom_text, console, _ = _open_in_chromium(chromium, page, tmp_path)
    assert console == "", f"the page wrote to the browser console:\n{console}"
    dom = Dom(dom_text)
    assert dom.tags.count("script") == 1 and "img" not in dom.tags  # the filters' script only
    assert HOSTILE.replace("<", "&lt;").replace(">", "&gt;") in dom_text
    title = re.search(r"<title>(.*?)</title>", dom_text, re.S).group(1)
    assert title.startswith("API security compliance report")  # no script changed it


def test_framework_status_tells_one_bad_resource_from_many_findings():
    bucket = _finding(LOGS, Status.FAIL, "aws_s3_bucket.public")
    method = _finding(AUTH, Status.FAIL, "aws_api_gateway_method.get", line=20)

    def failing(requirement_id: str, findings: list) -> RequirementResult:
        return RequirementResult("pci-dss", requirement_id, f"Requirement {requirement_id}", "",
                                 "failing", (LOGS.id, AUTH.id), findings, len(findings))

    requirements = [failing("1.1", [bucket]), failing("1.2", [bucket]), failing("1.3", [bucket]),
                    failing("1.4", [bucket, method])]
    framework = FrameworkResult("pci-dss", "PCI DSS", "v4.0.1", "", "", requirements, {})
    page = html.render(_result([bucket, method], [LOGS, AUTH], frameworks=[framework]))
    dom = Dom(page)
    assert dom.by_id["fw-pci-dss-split"].startswith(
        "4 failing requirements: 3 failed by a single finding, 1 by several; "
        "3 by a single resource.")
    assert dom.by_id["fw-pci-dss-top"] == "aws_s3_bucket.public fails 4 requirements"
    assert "1 failing finding (aws_s3_bucket.public)" in dom.by_id["req-pci-dss-1.1"]
    assert "2 failing findings: 2 controls, 2 resources" in dom.by_id["req-pci-dss-1.4"]


def test_the_header_names_the_revision_and_the_catalog():
    result = _result([_finding(LOGS, Status.FAIL, "aws_s3_bucket.a")], [LOGS])
    result.revision = GitInfo(commit="0123456789abcdef" * 2 + "01234567", branch="main",
                              remote="https://git.example.com/shop/orders.git",
                              repository="orders")
    result.catalog_digest = "ab" * 32
    dom = Dom(html.render(result))
    assert dom.by_id["head-repository"] == "https://git.example.com/shop/orders.git"
    assert dom.by_id["head-branch"] == "main" and dom.by_id["head-commit"] == "0123456789ab"
    assert dom.by_id["head-catalog"].endswith(f"SHA-256 {'ab' * 8}")
    result.revision = None  # not a git repository: said, not left blank
    dom = Dom(html.render(result))
    assert dom.by_id["head-repository"] == "not a git repository"
    assert dom.by_id["head-commit"] == "unknown"


def test_the_readme_shows_the_screenshots_the_script_makes():
    script = (REPO / "tools" / "screenshots.py").read_text()
    readme = (REPO / "README.md").read_text()
    for name in ("report", "evidence", "trend"):
        png = REPO / "docs" / "screenshots" / f"{name}.png"
        assert f'"{name}"' in script, name  # made by tools/screenshots.py, not by hand
        assert f"](docs/screenshots/{name}.png)" in readme, name
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size < 400_000
