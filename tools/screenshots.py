"""Regenerate the README's screenshots (docs/screenshots/) from real runs of the tool.

    python tools/screenshots.py

Scans a copy of examples/ (a git repository of its own, so that the pictures name an example
repository and commit rather than the checkout they are made in) and photographs, in Debian's
headless Chromium driven by Selenium (as the browser tests do; needs `pip install '.[test]'`
and `apt-get install chromium chromium-driver`):

- report.png: the HTML report (`scan --format html`), its findings list with one finding open;
- evidence.png: the first screen of an evidence pack's index.html;
- trend.png: the `compliance trend` HTML page of a small history, built in a temporary folder
  from four scans of that copy with one issue fixed before each (dated a week apart).

The PNGs are reduced to a 256-colour palette to stay small in the repository.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
OUT = REPO / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WIDTH = 1280
FRAMEWORK = "pci-dss"
TIMESTAMP = "2026-11-02T09:30:00Z"  # the evidence pack's scan time: the same picture each run
ORIGIN = "https://git.example.com/shop/orders-platform.git"  # the example history's repository
FIRST_RUN = datetime(2026, 10, 5, 9, 0, tzinfo=timezone.utc)
# each later run of the example history fixes one more issue: (file, text, replacement)
FIXES = [
    ("terraform/logging.tf", "  kms_key_id                 = aws_kms_key.orders.arn\n}",
     "  kms_key_id                 = aws_kms_key.orders.arn\n"
     '  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.api_access.arn}:*"\n'
     "  cloud_watch_logs_role_arn  = aws_iam_role.trail_to_logs.arn\n}"),
    ("terraform/storage.tf", '  bucket = "${local.name}-exports"\n',
     '  bucket = "${local.name}-exports"\n  object_lock_enabled = true\n'),
    ("terraform/storage.tf", 'resource "aws_secretsmanager_secret" "payment_provider" {',
     'resource "aws_secretsmanager_secret_rotation" "payment_provider" {\n'
     "  secret_id           = aws_secretsmanager_secret.payment_provider.id\n"
     "  rotation_lambda_arn = aws_lambda_function.orders.arn\n"
     "  rotation_rules {\n    automatically_after_days = 30\n  }\n}\n\n"
     'resource "aws_secretsmanager_secret" "payment_provider" {'),
]


def compliance(*args: str | Path, cwd: Path | None = None, ok: tuple[int, ...] = (0, 1)) -> None:
    command = [sys.executable, "-m", "compliance", *map(str, args)]
    run = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if run.returncode not in ok:
        sys.exit(f"{' '.join(command)} exited {run.returncode}:\n{run.stderr}")


def git(folder: Path, *args: str, when: datetime = FIRST_RUN) -> str:
    dated = {"GIT_AUTHOR_DATE": when.isoformat(), "GIT_COMMITTER_DATE": when.isoformat()}
    return subprocess.run(["git", "-c", "user.name=Example", "-c", "user.email=dev@example.com",
                           *args], cwd=folder, check=True, capture_output=True, text=True,
                          env={**os.environ, **dated}).stdout.strip()


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 "--force-device-scale-factor=1", "--disable-background-networking",
                 "--no-first-run", f"--window-size={WIDTH},1000"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def photograph(driver, page: Path, name: str, height: int, script: str = "") -> None:
    from PIL import Image

    driver.set_window_size(WIDTH, height)
    driver.get(page.as_uri())
    if script:
        driver.execute_script(script)
    raw = OUT / f"{name}.raw.png"
    driver.save_screenshot(str(raw))
    with Image.open(raw) as image:
        image.convert("RGB").quantize(colors=256).save(OUT / f"{name}.png", optimize=True)
    raw.unlink()
    print(f"wrote {(OUT / f'{name}.png').relative_to(REPO)}"
          f" ({(OUT / f'{name}.png').stat().st_size // 1024} KB)")


def example_repository(work: Path) -> Path:
    """examples/, copied into a git repository of its own with an example origin."""
    repo = work / "orders-platform"
    shutil.copytree(EXAMPLES, repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "remote", "add", "origin", ORIGIN)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "orders platform")
    return repo


def report_page(repo: Path, work: Path) -> Path:
    page = work / "report.html"
    compliance("scan", ".", "--framework", FRAMEWORK, "-o", page, "-q", cwd=repo)
    return page


def evidence_page(repo: Path, work: Path) -> Path:
    pack = work / "evidence.zip"
    compliance("evidence", ".", "--framework", FRAMEWORK, "--timestamp", TIMESTAMP,
               "-o", pack, "-q", ok=(0,), cwd=repo)
    page = work / "evidence" / "index.html"
    page.parent.mkdir()
    with zipfile.ZipFile(pack) as archive:
        page.write_bytes(archive.read("index.html"))
    return page


def trend_page(repo: Path, work: Path) -> Path:
    """A history of four weekly runs of the example repository, one issue fixed before each."""
    db = work / "history.db"
    for week, fix in enumerate([None, *FIXES]):
        when = FIRST_RUN + timedelta(weeks=week)
        if fix:
            file, text, replacement = fix
            path = repo / file
            assert text in path.read_text(), f"{file} no longer holds {text!r}"
            path.write_text(path.read_text().replace(text, replacement))
            git(repo, "commit", "-q", "-a", "-m", f"fix {file}", when=when)
        report = work / f"run-{week}.json"
        compliance("scan", ".", "--framework", FRAMEWORK, "-o", report, "-q", cwd=repo)
        data = json.loads(report.read_text())
        data["scan"]["started_at"] = when.isoformat()
        coverage = data["frameworks"][0]["coverage"]["percent_passing_of_evaluated"]
        print(f"run {week}: {data['summary']['by_status']['fail']} failing, {coverage}% coverage")
        report.write_text(json.dumps(data))
        compliance("history", "import", report, "--db", db, ok=(0,), cwd=repo)
    page = work / "trend.html"
    compliance("trend", "--framework", FRAMEWORK, "--db", db, "-o", page, ok=(0,))
    return page


def main() -> None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists():
            sys.exit(f"{path} is missing: apt-get install chromium chromium-driver")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="compliance-screenshots-") as folder:
        work = Path(folder)
        repo = example_repository(work)
        driver = browser()
        try:
            # the findings list under the sticky summary bar, the most severe finding open
            photograph(driver, report_page(repo, work), "report", 1100,
                       "document.querySelector('#finding-list > details').open = true;"
                       "window.scrollTo(0, document.getElementById('findings').offsetTop - 48);")
            photograph(driver, evidence_page(repo, work), "evidence", 1000)
            photograph(driver, trend_page(repo, work), "trend", 1100)
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
