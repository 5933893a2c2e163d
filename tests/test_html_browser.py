"""The HTML report's filters, search and folding, driven in Debian's headless Chromium with
Selenium: what a reader clicks, and what stays on screen.

One browser for the module. The expected counts come from the JSON report of the same scan
(`-o report.html -o report.json`). Needs /usr/bin/chromium and /usr/bin/chromedriver
(`apt-get install chromium chromium-driver`; .ci/run installs them): without them the tests
skip on a workstation and fail under CI. Selenium is pointed at Debian's chromedriver
explicitly, so Selenium Manager never downloads a driver.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
LISTED = ("fail", "unknown", "waived")  # what the page lists; passing findings are counted
# the example page was 24,900 px tall before findings folded (1280 px wide, JavaScript off)
MAX_HEIGHT_PX = 16_000


def _missing(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser():
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.path.exists(path):
            _missing(f"Debian's {package} is not installed ({path}): the HTML report must be "
                     f"driven in a real browser. Install it with `apt-get update && apt-get "
                     f"install -y chromium chromium-driver` (.ci/run does).")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed: pip install '.[test]'")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def scan(tmp_path_factory):
    """The example scan as HTML and JSON, from one run of the command."""
    folder = tmp_path_factory.mktemp("report")
    page, report = folder / "report.html", folder / "report.json"
    command = (shutil.which("compliance", path=str(Path(sys.executable).parent))
               or shutil.which("compliance"))
    run = subprocess.run([command, "scan", str(EXAMPLES), "--framework", "pci-dss", "-o",
                          str(page), "-o", str(report), "--no-cache", "-q"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr
    return page, json.loads(report.read_text())


def _listed(expected: dict) -> list[dict]:
    return [f for f in expected["findings"] if f["status"] in LISTED]


def _open(browser, page: Path, javascript: bool = True):
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": not javascript})
    browser.get(page.as_uri())
    return browser


def _shown(browser) -> list:
    from selenium.webdriver.common.by import By

    return [item for item in browser.find_elements(By.CSS_SELECTOR, "#finding-list > .finding")
            if item.is_displayed()]


def _console_errors(browser) -> list[str]:
    return [entry["message"] for entry in browser.get_log("browser")
            if entry["level"] in ("SEVERE", "WARNING")]


def _text(browser, element_id: str) -> str:
    from selenium.webdriver.common.by import By

    return browser.find_element(By.ID, element_id).text


def test_without_javascript_everything_is_listed_and_the_filters_hidden(browser, scan):
    from selenium.webdriver.common.by import By

    page, expected = scan
    _open(browser, page, javascript=False)
    try:
        assert not browser.find_element(By.ID, "filters").is_displayed()
        assert not browser.find_element(By.ID, "no-match").is_displayed()
        assert len(_shown(browser)) == len(_listed(expected)) > 0
        height = browser.execute_script("return document.documentElement.scrollHeight")
        assert height < MAX_HEIGHT_PX, f"the example report is {height} px tall"
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_severity_first_and_the_summary_bar_counts_what_is_shown(browser, scan):
    from selenium.webdriver.common.by import By

    page, expected = scan
    _open(browser, page)
    listed = _listed(expected)
    shown = _shown(browser)
    order = ["critical", "high", "medium", "low"]
    severities = [item.get_attribute("data-severity") for item in shown]
    assert severities == sorted(severities, key=order.index)  # most severe first
    assert severities[0] == "critical"
    assert _text(browser, "shown-total") == str(len(listed))
    for severity, count in Counter(f["severity"] for f in listed).items():
        assert _text(browser, f"shown-severity-{severity}") == str(count)
    # untick every severity but critical: only the critical findings stay, and the bar says so
    for box in browser.find_elements(By.CSS_SELECTOR, "#filter-severity input"):
        if box.get_attribute("value") != "critical":
            box.click()
    critical = [f for f in listed if f["severity"] == "critical"]
    assert len(_shown(browser)) == len(critical) == int(_text(browser, "shown-total"))
    assert _text(browser, "shown-severity-high") == "0"
    assert _text(browser, "shown-status-fail") == str(sum(f["status"] == "fail" for f in critical))
    assert browser.find_element(By.ID, "filtered-note").is_displayed()
    # the bar stays on screen at the bottom of the page
    browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    bar = browser.find_element(By.ID, "summary-bar")
    assert bar.is_displayed()
    assert browser.execute_script("return arguments[0].getBoundingClientRect().top", bar) == 0
    assert _console_errors(browser) == []


def test_category_platform_framework_and_search_combine(browser, scan):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    page, expected = scan
    _open(browser, page)
    listed = _listed(expected)
    category, _ = Counter(f["category"] for f in listed).most_common(1)[0]
    Select(browser.find_element(By.NAME, "category")).select_by_value(category)
    in_category = [f for f in listed if f["category"] == category]
    assert len(_shown(browser)) == len(in_category) == int(_text(browser, "shown-total"))
    platform, _ = Counter(f["resource"]["platform"] for f in in_category).most_common(1)[0]
    Select(browser.find_element(By.NAME, "platform")).select_by_value(platform)
    both = [f for f in in_category if f["resource"]["platform"] == platform]
    assert len(_shown(browser)) == len(both) < len(in_category)
    Select(browser.find_element(By.NAME, "framework")).select_by_value("pci-dss")
    assert len(_shown(browser)) == len(both)  # every control of this scan supports PCI DSS
    browser.find_element(By.ID, "filters-reset").click()
    assert len(_shown(browser)) == len(listed)

    # search: a file, then a file and a control id (every word must match)
    file = Counter(f["location"]["file"] for f in listed).most_common(1)[0][0]
    search = browser.find_element(By.ID, "filter-search")
    search.send_keys(file.upper())  # case does not matter
    in_file = [f for f in listed if f["location"]["file"] == file]
    assert len(_shown(browser)) == len(in_file)
    control = in_file[0]["control"]
    search.send_keys(f" {control}")
    assert len(_shown(browser)) == sum(f["control"] == control for f in in_file) >= 1
    resource = in_file[0]["resource"]["address"]
    search.clear()
    search.send_keys(resource)
    assert all(resource in item.text for item in _shown(browser)) and _shown(browser)
    assert _console_errors(browser) == []


def test_filters_that_hide_everything_say_so(browser, scan):
    from selenium.webdriver.common.by import By

    page, expected = scan
    _open(browser, page)
    no_match = browser.find_element(By.ID, "no-match")
    assert not no_match.is_displayed()
    browser.find_element(By.ID, "filter-search").send_keys("no-such-control-anywhere")
    assert _shown(browser) == [] and no_match.is_displayed()
    assert no_match.text == "No findings match these filters."
    assert _text(browser, "shown-total") == "0"
    browser.find_element(By.ID, "filters-reset").click()
    assert not no_match.is_displayed()
    assert len(_shown(browser)) == len(_listed(expected))


def test_a_finding_opens_to_its_masked_excerpt(browser, scan, catalog):
    from selenium.webdriver.common.by import By

    from compliance.outputs.excerpts import excerpts
    from compliance.pipeline.scan import ScanOptions, run_scan

    page, expected = scan
    _open(browser, page)
    finding = next(f for f in _listed(expected) if f["control"] == "tf-variable-secret-default")
    written = (EXAMPLES / finding["location"]["file"]).read_text().splitlines()
    secret = re.search(r'=\s*"([^"]+)"', written[finding["evidence"]["line"] - 1]).group(1)
    item = browser.find_element(By.ID, f"f-{finding['fingerprint']}")
    excerpt = item.find_element(By.CSS_SELECTOR, "pre.excerpt")
    assert not excerpt.is_displayed()  # folded
    item.find_element(By.TAG_NAME, "summary").click()
    assert excerpt.is_displayed()
    deciding = excerpt.find_element(By.CSS_SELECTOR, ".hit")
    assert deciding.find_element(By.CSS_SELECTOR, ".no").text == str(finding["evidence"]["line"])
    assert "********" in deciding.text and secret not in browser.page_source
    # the same lines, masked the same way, as the evidence pack shows
    result = run_scan([EXAMPLES], catalog, options=ScanOptions(cache_dir=None))
    lines = excerpts(result)[finding["fingerprint"]].lines
    shown = excerpt.text.splitlines()
    assert shown == [f"{number}{text}".rstrip() for number, text, _ in lines]
    assert "How to fix:" in item.text
    assert _console_errors(browser) == []


def test_a_requirement_links_to_its_findings(browser, scan):
    from selenium.webdriver.common.by import By

    page, expected = scan
    _open(browser, page)
    failing = next(r for r in expected["frameworks"][0]["requirements"]
                   if len(r["failing_findings"]) == 1)
    requirement = browser.find_element(By.ID, f"req-pci-dss-{failing['id']}")
    assert "1 failing finding (" in requirement.text  # a requirement one finding fails
    requirement.find_element(By.TAG_NAME, "summary").click()
    requirement.find_element(By.CSS_SELECTOR, ".finding-links a").click()
    target = browser.find_element(By.ID, f"f-{failing['failing_findings'][0]}")
    assert target.get_attribute("open") is not None and target.is_displayed()
    split = _text(browser, "fw-pci-dss-split")
    single = sum(len(r["failing_findings"]) == 1 for r in expected["frameworks"][0]["requirements"]
                 if r["status"] == "failing")
    assert f"{single} failed by a single finding" in split
    assert _console_errors(browser) == []
