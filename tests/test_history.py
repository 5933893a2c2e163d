"""The history store on SQLite and on a real PostgreSQL server: record, import, filters, trend
(text and charts), regressions, prune, migrations, concurrent writers and a killed writer."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from pg_server import Server, postgres_bin

from compliance.cli.main import main
from compliance.history import open_store
from compliance.history.record import (
    FindingRecord,
    FrameworkRecord,
    Identity,
    RunRecord,
    run_from_report,
)
from compliance.history.render import AXIS_NOTE, chart, coverage_axis, sparkline, trend_text
from compliance.history.store import (
    TrendPoint,
    current_revision,
    metadata,
    migrate,
    resolve_url,
)
from compliance.parse.gitinfo import strip_credentials

EXAMPLES = Path(__file__).parent.parent / "examples"
T0 = datetime(2025, 1, 1, tzinfo=timezone.utc)


# --- databases ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_admin_url():
    url = os.environ.get("COMPLIANCE_TEST_PG_URL")
    if url:
        yield url
        return
    bindir = postgres_bin()
    if bindir is None:
        message = ("no PostgreSQL: set COMPLIANCE_TEST_PG_URL or install Debian's postgresql "
                   "package (.ci/run does both)")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server = Server(bindir)
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield str(tmp_path / "history.db")
        return
    admin_url = request.getfixturevalue("pg_admin_url")
    name = f"compliance_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(resolve_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def make_run(repo="org/api", branch="main", when=T0, coverage=80.0, failing=3, n_findings=6,
             framework="pci-dss", uid=None) -> RunRecord:
    findings = [FindingRecord(f"fp{i:04d}", f"control-{i % 3}", "fail" if i < failing else "pass")
                for i in range(n_findings)]
    return RunRecord(
        uid=uid or uuid.uuid4().hex, repo=repo, branch=branch, commit="abc123", recorded_at=when,
        tool_version="0.1.0", catalog_version="cafe", source="scan", findings=findings,
        frameworks=[FrameworkRecord(framework, {
            "requirements": 10, "automated": 8, "manual": 2, "failing": 2, "passing": 6,
            "not_evaluated": 0, "percent_passing_of_evaluated": coverage,
            "percent_automated": 80.0}, failing, {"1.1": "passing", "1.2": "failing"})])


def invoke(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


# --- the store ------------------------------------------------------------------------------


def test_migrations_create_the_schema_the_code_uses(db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    store = open_store(db_url)
    assert current_revision(store.engine) == "0002"
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diffs == []
    migrate(store.engine)  # at head already: nothing to do
    from alembic.script import ScriptDirectory

    from compliance.history.store import MIGRATIONS, SCHEMA_HEAD

    assert ScriptDirectory(str(MIGRATIONS)).get_current_head() == SCHEMA_HEAD
    store.close()


def test_record_keeps_counts_coverage_statuses_and_fingerprints(db_url):
    with open_store(db_url) as store:
        run_id = store.record(make_run())
        assert store.record(make_run(uid="x")) is not None
        assert store.record(make_run(uid="x")) is None  # same uid: already stored
        [row] = [r for r in store.runs() if r.id == run_id]
        assert (row.repo, row.branch, row.commit, row.failed, row.passed) == \
            ("org/api", "main", "abc123", 3, 3)
        assert row.recorded_at == T0
        assert row.coverage["pci-dss"]["coverage"] == 80.0
        assert row.coverage["pci-dss"]["failing_findings"] == 3
        assert store.control_counts(run_id)["control-0"] == \
            {"pass": 1, "fail": 1, "unknown": 0, "waived": 0}
        assert store.requirement_statuses(run_id) == {("pci-dss", "1.1"): "passing",
                                                      ("pci-dss", "1.2"): "failing"}
        assert store.findings(run_id)[0] == ("fp0000", "control-0", "fail")


def test_history_filters_and_trend(db_url):
    with open_store(db_url) as store:
        for day in range(5):
            store.record(make_run(when=T0 + timedelta(days=day), coverage=50.0 + day))
            store.record(make_run(repo="org/web", branch="dev", when=T0 + timedelta(days=day),
                                  framework="soc2"))
        assert len(store.runs(limit=None)) == 10
        assert {r.repo for r in store.runs(repo="org/web")} == {"org/web"}
        assert len(store.runs(branch="dev")) == 5
        assert len(store.runs(framework="pci-dss")) == 5
        assert len(store.runs(since=T0 + timedelta(days=3))) == 4
        assert [r.recorded_at for r in store.runs(limit=2)] == [T0 + timedelta(days=4)] * 2
        points = store.trend("pci-dss")
        assert [p.coverage for p in points] == [50.0, 51.0, 52.0, 53.0, 54.0]
        assert {p.commit for p in points} == {"abc123"}  # for the HTML page's runs table
        assert store.trend("pci-dss", repo="org/web") == []


def test_prune_deletes_old_runs_and_their_rows(db_url):
    now = datetime.now(timezone.utc)
    with open_store(db_url) as store:
        old = store.record(make_run(when=now - timedelta(days=40)))
        store.record(make_run(when=now - timedelta(days=5)))
        assert store.prune(30) == 1
        assert store.count() == 1
        assert store.findings(old) == [] and store.control_counts(old) == {}
        assert store.requirement_statuses(old) == {}


def test_secrets_are_never_stored(db_url, tmp_path):
    # the example repository holds hard-coded credentials: none of their values is stored
    report = tmp_path / "r.json"
    invoke("scan", str(EXAMPLES), "--format", "json", "-o", str(report), "-q",
           "--record", "--db", db_url, "--no-cache")
    observed = {str(f["evidence"]["observed"]) for f in json.loads(report.read_text())["findings"]
                if f["category"] == "secrets" and f["evidence"]["observed"] not in (None, "")}
    with open_store(db_url) as store, store.engine.connect() as conn:
        dump = " ".join(str(row) for table in metadata.sorted_tables
                        for row in conn.execute(sa.select(table)))
    assert "fp" not in observed
    assert not [value for value in observed if len(value) > 6 and value in dump]
    # no credential-shaped text either; control ids are names, not values (a control may be
    # about password policies)
    controls = {str(f["control"]) for f in json.loads(report.read_text())["findings"]}
    for control in controls:
        dump = dump.replace(control, "")
    assert "password" not in dump.lower()


# --- the commands ---------------------------------------------------------------------------


def test_scan_record_history_import_and_trend_files(db_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "report.json"
    result = invoke("scan", str(EXAMPLES), "--record", "--db", db_url, "--format", "json",
                    "-o", str(report), "--framework", "pci-dss")
    assert result.exit_code == 1  # the example has failing findings; recording changes nothing
    assert "recorded run" in result.stderr
    result = invoke("history", "import", str(report), "--repo", "org/imported", "--branch",
                    "main", "--db", db_url)
    assert "imported as run" in result.output
    assert "already imported" in invoke("history", "import", str(report), "--db", db_url).output
    table = invoke("history", "--db", db_url)
    assert "org/imported" in table.output and "pci-dss coverage" in table.output
    data = json.loads(invoke("history", "--db", db_url, "--format", "json",
                             "--repo", "org/imported").output)
    assert len(data) == 1 and data[0]["source"] == "import"
    assert data[0]["frameworks"]["pci-dss"]["failing_findings"] > 0
    trend = invoke("trend", "--framework", "pci-dss", "--db", db_url,
                   "-o", str(tmp_path / "t.svg"))
    assert trend.exit_code == 0 and "org/imported" in trend.output
    assert f"wrote {tmp_path / 't.svg'}: the pci-dss trend" in trend.stderr
    ElementTree.parse(tmp_path / "t.svg")  # well-formed SVG
    assert invoke("trend", "--framework", "pci-dss", "--db", db_url, "-o",
                  str(tmp_path / "t.png")).exit_code == 0
    assert (tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    invoke("trend", "--framework", "pci-dss", "--db", db_url, "-o", str(tmp_path / "t.html"))
    page = (tmp_path / "t.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<script" not in page
    assert invoke("trend", "--framework", "pci-dss", "--db", db_url,
                  "-o", str(tmp_path / "t.txt")).exit_code == 2


def test_import_without_frameworks_works_coverage_out_again(tmp_path):
    report = tmp_path / "report.json"
    invoke("scan", str(EXAMPLES), "--format", "json", "-o", str(report), "-q")
    run = run_from_report(report.read_bytes(), Identity("r", "main", ""))
    assert {f.id for f in run.frameworks} >= {"pci-dss", "soc2", "gdpr"}
    assert all(f.coverage["requirements"] > 0 for f in run.frameworks)
    bad = tmp_path / "bad.json"
    bad.write_text('{"findings": []}')
    result = invoke("history", "import", str(bad), "--db", str(tmp_path / "h.db"))
    assert result.exit_code == 2 and "not a compliance JSON report" in result.stderr


def test_fail_on_regression(db_url):
    with open_store(db_url) as store:
        store.record(make_run(when=T0, coverage=90.0))
        store.record(make_run(when=T0 + timedelta(days=1), coverage=85.0))
        store.record(make_run(branch="dev", when=T0, coverage=90.0))
        store.record(make_run(branch="dev", when=T0 + timedelta(days=1), coverage=89.0))
    args = ["trend", "--framework", "pci-dss", "--db", db_url, "--fail-on-regression"]
    result = invoke(*args, "2")
    assert result.exit_code == 1
    assert "main fell 5.0 points" in result.stderr and "dev" not in result.stderr
    assert invoke(*args, "5").exit_code == 0  # fell by 5: not more than 5
    assert invoke(*args, "2", "--branch", "dev").exit_code == 0


def test_prune_command_and_since_filter(db_url):
    now = datetime.now(timezone.utc)
    with open_store(db_url) as store:
        store.record(make_run(when=now - timedelta(days=10)))
        store.record(make_run(when=now - timedelta(hours=1)))
    assert len(json.loads(invoke("history", "--db", db_url, "--since", "2d",
                                 "--format", "json").output)) == 1
    assert invoke("history", "prune", "--keep-days", "7", "--db", db_url).output == \
        "deleted 1 run older than 7 days\n"
    assert len(json.loads(invoke("history", "--db", db_url, "--format", "json").output)) == 1


def test_record_from_the_configuration_file(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo).mkdir()
    (repo / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n')
    (repo / ".compliance.yaml").write_text("record: true\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COMPLIANCE_DB", str(tmp_path / "h.db"))  # the runner's database
    invoke("scan", str(repo), "-q", "--no-cache")
    with open_store(str(tmp_path / "h.db")) as store:
        assert store.count() == 1


def test_a_repository_may_not_name_the_database(tmp_path, monkeypatch):
    """It would receive the runner's PGPASSWORD; only the command line, the environment or a
    --config file chosen by the runner may name one."""
    repo = tmp_path / "repo"
    (repo).mkdir()
    (repo / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n')
    (repo / ".compliance.yaml").write_text("record: true\ndb: postgresql://attacker@203.0.113.9/x\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("scan", str(repo), "-q", "--no-cache")
    assert result.exit_code == 2
    assert ".compliance.yaml:2: db: a repository's configuration file may not name a database" \
        in result.stderr
    chosen = tmp_path / "runner.yaml"
    chosen.write_text(f"record: true\ndb: {tmp_path / 'mine.db'}\n")
    invoke("scan", str(repo), "-q", "--no-cache", "--config", str(chosen))
    with open_store(str(tmp_path / "mine.db")) as store:
        assert store.count() == 1


def test_unreachable_database_is_a_usage_error_without_the_password(tmp_path):
    result = invoke("history", "--db", "postgresql://user:s3cret@127.0.0.1:1/none")
    assert result.exit_code == 2
    assert "s3cret" not in result.stderr and "cannot open" in result.stderr


def test_identity_drops_credentials_and_sparkline():
    assert strip_credentials("https://x-token:ghp_abc@github.com/org/repo.git") == \
        "https://github.com/org/repo.git"
    assert strip_credentials("git@github.com:org/repo.git") == "git@github.com:org/repo.git"
    assert sparkline([0.0, 50.0, 100.0], low=0.0, high=100.0) == "▁▅█"
    assert len(sparkline([float(i) for i in range(1000)], width=60)) == 60


# --- charts and sparklines -------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"


def point(run_id, coverage, failing=3, repo="org/api", branch="main", day=0, commit="abc123",
          unscanned=None, unreadable=None):
    """`unscanned`: counts by kind, or None (not recorded), like `unreadable`."""
    return TrendPoint(run_id, repo, branch, T0 + timedelta(days=day), coverage, failing, commit,
                      None if unscanned is None else sum(unscanned.values()), unscanned,
                      unreadable)


def drawn_markers(svg: Path, gid: str) -> int:
    """How many point markers the line with id `gid` draws (matplotlib's SVG: one <use> of the
    marker's path per point)."""
    [group] = [g for g in ElementTree.parse(svg).iter(f"{SVG}g") if g.get("id") == gid]
    return len([u for u in group.iter(f"{SVG}use") if u.get(XLINK, "").startswith("#")])


def svg_text(svg: Path) -> str:
    return " ".join("".join(t.itertext()) for t in ElementTree.parse(svg).iter(f"{SVG}text"))


def test_a_single_run_is_drawn(tmp_path):
    # one run is one point: without markers matplotlib draws nothing for it
    points = [point(1, 60.0, repo="org/lone"),
              point(2, 40.0, repo="org/api", day=0), point(3, 45.0, repo="org/api", day=1),
              point(4, 50.0, repo="org/api", day=2)]
    chart("pci-dss", points, tmp_path / "t.svg")
    assert drawn_markers(tmp_path / "t.svg", "coverage-0") == 1  # org/lone, first seen
    assert drawn_markers(tmp_path / "t.svg", "coverage-1") == 3
    assert drawn_markers(tmp_path / "t.svg", "failing-0") == 1
    assert "org/lone" in svg_text(tmp_path / "t.svg")  # in the legend, as text


def test_series_names_are_drawn_as_written(tmp_path):
    # names come from users: `$...$` is not mathtext (a broken formula would stop the chart), and
    # a leading "_" does not drop the name from the legend
    names = ["_org/hidden", r"org/$\frac{$", "org/$x^2$"]
    chart("pci-dss", [point(i, 50.0 + i, repo=name) for i, name in enumerate(names)],
          tmp_path / "t.svg")
    text = svg_text(tmp_path / "t.svg")
    assert all(name in text for name in names)


def test_a_narrow_range_zooms_the_axis_and_says_so(tmp_path):
    chart("pci-dss", [point(1, 25.0), point(2, 26.7, day=1)], tmp_path / "narrow.svg")
    text = svg_text(tmp_path / "narrow.svg")
    assert AXIS_NOTE in text and "zoomed to 20-31%" in text
    chart("pci-dss", [point(1, 10.0), point(2, 90.0, day=1)], tmp_path / "wide.svg")
    text = svg_text(tmp_path / "wide.svg")
    assert "coverage" in text and AXIS_NOTE not in text and "zoomed" not in text
    # the same history draws the same file
    chart("pci-dss", [point(1, 25.0), point(2, 26.7, day=1)], tmp_path / "again.svg")
    assert (tmp_path / "again.svg").read_bytes() == (tmp_path / "narrow.svg").read_bytes()


def test_coverage_axis_zooms_only_when_it_helps():
    assert coverage_axis([25.0, 26.7]) == (20.0, 31.0)
    # noise is not magnified: at least MIN_SPAN points whatever the range
    low, high = coverage_axis([80.0, 80.1, 80.05])
    assert high - low >= 10.0 and low <= 80.0 and high >= 80.1
    assert coverage_axis([99.0, 100.0]) == (90.0, 100.0)  # inside 0-100 at the top
    assert coverage_axis([0.0, 2.0]) == (0.0, 10.0)  # and at the bottom: starts at 0
    assert coverage_axis([10.0, 90.0]) == (0.0, 100.0)
    assert coverage_axis([40.0, 75.0]) == (0.0, 100.0)  # zooming would hardly help
    assert coverage_axis([None]) == (0.0, 100.0)


def test_terminal_trend_shows_a_small_change():
    text = trend_text("pci-dss", [point(1, 25.0, failing=5), point(2, 25.5, day=1),
                                  point(3, 26.7, failing=4, day=2)])
    assert "25.0% -> 26.7% (+1.7 points)" in text
    assert "5 -> 4 (-1)" in text
    coverage_line = next(line for line in text.splitlines()
                         if line.strip().startswith("coverage "))
    spark = coverage_line.split()[1]
    assert len(spark) == 3 and spark[0] < spark[-1]  # on 0-100 they were the same bar
    assert sparkline([25.0, 25.5, 26.7], low=0.0, high=100.0) == "▃▃▃"
    assert "[scale 20-31%]" in coverage_line
    text = trend_text("pci-dss", [point(1, 90.0), point(2, 20.0, day=1)])
    assert "90.0% -> 20.0% (-70.0 points)" in text and "[scale" not in text
    assert "(1 run," in trend_text("pci-dss", [point(1, 50.0)])


class Tables(HTMLParser):
    """The text of every table's body rows, by the table's class."""

    def __init__(self):
        super().__init__()
        self.tables, self.table, self.row, self.cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.table = self.tables.setdefault(dict(attrs).get("class"), [])
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag == "td" and self.row is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row:
            self.table.append(self.row)
            self.row = None
        elif tag == "table":
            self.table = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def test_html_trend_page_lists_the_runs_and_escapes_them(tmp_path):
    hostile = '<script>alert(1)</script>"&'
    points = [point(1, 25.0, failing=5, day=0, commit="0123456789abcdef"),
              point(2, 26.7, failing=4, day=1, branch=hostile, commit="fedcba9876543210"),
              point(3, 24.0, failing=9, day=1, repo="org/<b>web</b>", commit=""),
              point(4, 27.5, failing=2, day=2, commit="abc")]
    chart("pci-dss", points, tmp_path / "t.html")
    page = (tmp_path / "t.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 1
    # self-contained and styled like the HTML report
    assert "<script" not in page and "<b>" not in page
    # nothing fetched: every link is a fragment of the page, no stylesheet or font from elsewhere
    assert {link[:1] for link in re.findall(r'(?:href|src)="([^"]*)"', page)} <= {"#"}
    assert {url[:1] for url in re.findall(r"url\(([^)]*)\)", page)} <= {"#"}
    assert "<link" not in page and "@import" not in page
    assert ".page-head" in page  # the report's stylesheet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    tables = Tables()
    tables.feed(page)
    unrecorded = ["not recorded"] * 2
    assert tables.tables["runs"] == [  # most recent first
        ["", "2025-01-03 00:00", "org/api", "main", "abc", "27.5%", "2", *unrecorded],
        ["", "2025-01-02 00:00", "org/<b>web</b>", "main", "-", "24.0%", "9", *unrecorded],
        ["", "2025-01-02 00:00", "org/api", hostile, "fedcba98", "26.7%", "4", *unrecorded],
        ["", "2025-01-01 00:00", "org/api", "main", "01234567", "25.0%", "5", *unrecorded]]
    assert tables.tables["series"][0] == ["org/api (main)", "2", "25.0%", "27.5%", "+2.5",
                                          "not recorded -> not recorded", "5", "2", "-3"]
    assert "input-change" not in page  # nothing known changed
    assert 'id="axis-note"' in page and AXIS_NOTE in page
    chart("pci-dss", [point(1, 10.0), point(2, 90.0, day=1)], tmp_path / "wide.html")
    assert AXIS_NOTE not in (tmp_path / "wide.html").read_text()
    chart("pci-dss", [], tmp_path / "empty.html")
    assert "No recorded runs" in (tmp_path / "empty.html").read_text()


# --- what a run left unscanned or unread ---------------------------------------------------

# a remote module that is not installed (never downloaded by a test) and a file that does not
# parse: one unscanned input and one unreadable file
REMOTE_MODULE = ('module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n'
                 '  version = "5.0.0"\n}\n')
BUCKET = 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n'


def incomplete_repo(folder: Path, broken: bool = True) -> Path:
    folder.mkdir()
    (folder / "main.tf").write_text(REMOTE_MODULE + BUCKET)
    if broken:
        (folder / "broken.tf").write_text('resource "aws_s3_bucket" "x" {\n  bucket = \n')
    return folder


def as_1_3(report: dict) -> dict:
    """The report as schema 1.3 wrote it: no unscanned or unreadable counts, no skipped."""
    old = json.loads(json.dumps(report))
    old["schema_version"] = "1.3"
    del old["summary"]["unscanned"], old["summary"]["unreadable"]
    for error in old["errors"]:
        del error["skipped"]
    return old


def test_migration_keeps_old_runs_as_not_recorded(db_url):
    """A database of schema 0001 with runs in it: upgraded in place, its runs say "not
    recorded" (never 0), and new runs record their counts."""
    engine = open_store(db_url, upgrade=False).engine
    migrate(engine, "0001")
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO runs (uid, repo, branch, \"commit\", recorded_at, source, passed, "
            "failed, unknown, waived) VALUES ('old', 'org/api', 'main', 'abc', :when, 'scan', "
            "3, 3, 0, 0)"), {"when": T0})
        conn.execute(sa.text(
            "INSERT INTO framework_coverage VALUES ((SELECT id FROM runs WHERE uid = 'old'), "
            "'pci-dss', 10, 8, 6, 2, 0, 2, 80.0, 3)"))
    engine.dispose()
    with open_store(db_url) as store:
        assert current_revision(store.engine) == "0002"
        [old] = store.runs()
        assert (old.repo, old.failed, old.unscanned, old.unscanned_by_kind, old.unreadable) == \
            ("org/api", 3, None, None, None)
        store.record(replace(make_run(when=T0 + timedelta(days=1), coverage=95.0),
                             unscanned={"module": 2, "chart": 1}, unreadable=0))
        new, _ = store.runs()
        assert (new.unscanned, new.unscanned_by_kind, new.unreadable) == \
            (3, {"module": 2, "chart": 1}, 0)
        points = store.trend("pci-dss")
    assert [(p.unscanned, p.unreadable) for p in points] == [(None, None), (3, 0)]
    table = invoke("history", "--db", db_url).output.splitlines()
    assert "unscanned" in table[0] and "unreadable" in table[0]
    assert "3 (module 2, chart 1)" in table[2]
    assert table[3].count("not recorded") == 2 and " 0 " not in table[3]
    old_json, new_json = json.loads(invoke("history", "--db", db_url, "--format", "json")
                                    .output)[::-1]
    assert (old_json["unscanned"], old_json["unreadable"]) == (None, None)
    assert (new_json["unscanned"], new_json["unreadable"]) == ({"module": 2, "chart": 1}, 0)
    # the coverage rose while inputs stopped being read: the trend says so next to it
    text = invoke("trend", "--framework", "pci-dss", "--db", db_url).output
    assert "80.0% -> 95.0% (+15.0 points)" in text
    assert "unscanned inputs not recorded -> 3" in text
    assert "2 remote modules not scanned, 1 Helm chart not rendered" in text


def test_the_migration_can_be_undone(db_url):
    from alembic import command

    from compliance.history.store import _alembic_config

    store = open_store(db_url)
    store.record(replace(make_run(), unscanned={"module": 1}, unreadable=1))
    with store.engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0001")
    assert current_revision(store.engine) == "0001"
    columns = {c["name"] for c in sa.inspect(store.engine).get_columns("runs")}
    assert "unscanned" not in columns and "unreadable" not in columns and "failed" in columns
    store.close()
    with open_store(db_url) as store:  # and redone: the run is kept, its counts are not
        [run] = store.runs()
        assert (run.failed, run.unscanned, run.unreadable) == (3, None, None)


def test_scan_and_imported_reports_record_what_was_left_unread(db_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    repo = incomplete_repo(tmp_path / "repo")
    report = tmp_path / "report.json"
    result = invoke("scan", str(repo), "--record", "--db", db_url, "--format", "json", "-o",
                    str(report), "-q", "--no-cache", "--framework", "pci-dss")
    assert result.exit_code == 3  # an unreadable file
    data = json.loads(report.read_text())
    assert data["schema_version"] == "1.4"
    assert data["summary"]["unscanned"]["module"] == 1 and data["summary"]["unreadable"] == 1
    old = tmp_path / "old.json"
    old.write_text(json.dumps(as_1_3(data)))
    notices = {}
    for path, name in ((report, "org/new"), (old, "org/old")):
        imported = invoke("history", "import", str(path), "--repo", name, "--db", db_url)
        assert "imported as run" in imported.output
        notices[name] = imported.stderr
    assert notices["org/new"] == ""
    assert f"notice: {old} predates schema 1.4" in notices["org/old"]
    assert "shows them as not recorded" in notices["org/old"]
    runs = {r["repo"]: r for r in json.loads(invoke("history", "--db", db_url, "--format",
                                                    "json").output)}
    scanned = runs["repo"]
    assert scanned["source"] == "scan"
    assert (scanned["unscanned"], scanned["unreadable"]) == \
        (data["summary"]["unscanned"], data["summary"]["unreadable"])
    assert (runs["org/new"]["unscanned"], runs["org/new"]["unreadable"]) == \
        (data["summary"]["unscanned"], 1)
    # a 1.3 report did not count them apart: not recorded, not 0
    assert (runs["org/old"]["unscanned"], runs["org/old"]["unreadable"]) == (None, None)
    assert run_from_report(old.read_bytes(), Identity("r", "", "")).unscanned is None
    with open_store(db_url) as store:
        assert {r.repo: r.unscanned for r in store.runs()} == \
            {"repo": 1, "org/new": 1, "org/old": None}


def test_regression_message_says_what_was_read_changed(db_url):
    with open_store(db_url) as store:
        store.record(replace(make_run(when=T0, coverage=90.0), unscanned={"chart": 0},
                             unreadable=0))
        store.record(replace(make_run(when=T0 + timedelta(days=1), coverage=80.0),
                             unscanned={"chart": 2}, unreadable=1))
        store.record(replace(make_run(branch="dev", when=T0, coverage=90.0),
                             unscanned={"chart": 1}, unreadable=0))
        store.record(replace(make_run(branch="dev", when=T0 + timedelta(days=1), coverage=70.0),
                             unscanned={"chart": 1}, unreadable=0))
    result = invoke("trend", "--framework", "pci-dss", "--db", db_url,
                    "--fail-on-regression", "5")
    assert result.exit_code == 1
    main_drop, main_note, dev_drop = result.stderr.splitlines()
    assert "main fell 10.0 points" in main_drop and "dev fell 20.0 points" in dev_drop
    assert main_note == (
        "  note: what was read changed between runs 1 and 2 (unscanned inputs 0 -> 2, "
        "unreadable files 0 -> 1): coverage counts only what was read, so part of its change "
        "may be this, not a fix or a regression")


def test_trend_text_and_page_mark_runs_that_left_inputs_unread(tmp_path):
    points = [point(1, 60.0, day=0, unscanned={"module": 0}, unreadable=0),
              point(2, 70.0, day=1, unscanned={"module": 2, "program": 1}, unreadable=0),
              point(3, 75.0, day=2, unscanned={"module": 4, "program": 1}, unreadable=1),
              point(4, 50.0, repo="org/web", unscanned={"module": 0}, unreadable=0),
              point(5, 55.0, repo="org/web", day=1, unscanned={"module": 0}, unreadable=0)]
    text = trend_text("pci-dss", points)
    api, web = text.split("org/web")
    assert ("not read latest run: 5 unscanned (4 remote modules not scanned, 1 Pulumi program "
            "not run), 1 unreadable; 2 of 3 runs left inputs unscanned or unread") in api
    assert "between runs 2 and 3 (unscanned inputs 3 -> 5, unreadable files 0 -> 1)" in api
    assert "not read latest run: 0 unscanned, 0 unreadable\n" in web and "note:" not in web
    assert "not read latest run: not recorded\n" in trend_text("pci-dss", [point(1, 50.0)])
    chart("pci-dss", points, tmp_path / "t.html")
    page = (tmp_path / "t.html").read_text()
    tables = Tables()
    tables.feed(page)
    api_row, web_row = tables.tables["series"]
    assert api_row[5] == "3 / 0 -> 5 / 1" and web_row[5] == "0 / 0 -> 0 / 0"
    marks = {row[1][:10] + " " + row[2]: (row[0], row[7], row[8])
             for row in tables.tables["runs"]}
    assert marks == {"2025-01-03 org/api": ("!", "5 (module 4, program 1)", "1"),
                     "2025-01-02 org/api": ("!", "3 (module 2, program 1)", "0"),
                     "2025-01-01 org/api": ("", "0", "0"),
                     "2025-01-02 org/web": ("", "0", "0"),
                     "2025-01-01 org/web": ("", "0", "0")}
    assert page.count('<tr class="incomplete">') == 2
    [change] = re.findall(r'<p class="note input-change">(.*?)</p>', page, re.S)
    assert "org/api" in change and "unscanned inputs 3 -&gt; 5" in change
    assert "2 of 3 runs left inputs unscanned or unreadable" in page
    # on the chart (SVG, PNG and the page's), a ring on each such run, named in the legend
    chart("pci-dss", points, tmp_path / "t.svg")
    assert drawn_markers(tmp_path / "t.svg", "incomplete-0") == 2
    assert not [g for g in ElementTree.parse(tmp_path / "t.svg").iter(f"{SVG}g")
                if g.get("id") == "incomplete-1"]
    assert "inputs left unscanned or unreadable" in svg_text(tmp_path / "t.svg")
    chart("pci-dss", [point(1, 60.0), point(2, 61.0, day=1)], tmp_path / "none.svg")
    assert "unscanned" not in svg_text(tmp_path / "none.svg")


# --- reliability ----------------------------------------------------------------------------

WRITER = textwrap.dedent("""
    import sys, uuid
    from datetime import datetime, timezone
    sys.path.insert(0, {tests!r})
    from test_history import make_run
    from compliance.history import open_store
    store = open_store(sys.argv[1])
    for i in range(int(sys.argv[2])):
        assert store.record(make_run(repo="writer-" + sys.argv[3],
                                     when=datetime.now(timezone.utc), n_findings=40)) is not None
""").format(tests=str(Path(__file__).parent))


def test_concurrent_writers_lose_nothing(db_url):
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, db_url, "50", str(n)],
                                stderr=subprocess.PIPE, text=True) for n in range(8)]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    with open_store(db_url) as store:
        assert store.count() == 400
        assert len(store.runs(repo="writer-3", limit=None)) == 50
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM findings")).scalar_one() == 400 * 40


def test_a_killed_writer_leaves_no_partial_run(db_url, tmp_path):
    open_store(db_url).close()  # migrated before the writer starts
    marker = tmp_path / "inside-transaction"
    env = {**os.environ, "_COMPLIANCE_HISTORY_PAUSE_IN_TRANSACTION": str(marker)}
    writer = subprocess.Popen([sys.executable, "-c", WRITER, db_url, "1", "killed"], env=env)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert writer.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    with open_store(db_url) as store:
        assert store.count() == 0
        with store.engine.connect() as conn:
            for table in ("findings", "control_counts", "framework_coverage",
                          "requirement_statuses"):
                assert conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one() == 0
        assert store.record(make_run()) is not None  # the lock went with the writer


def test_a_missing_database_is_an_error_not_an_empty_history(tmp_path):
    # a mistyped --db used to create an empty database and answer "no runs", exit 0, so that
    # `trend --fail-on-regression` passed on nothing
    missing = tmp_path / "typo" / "history.db"
    for args in (["history"], ["trend", "--framework", "pci-dss", "--fail-on-regression", "1"],
                 ["history", "prune", "--keep-days", "1"]):
        result = invoke(*args, "--db", str(missing))
        assert result.exit_code == 2, args
        assert "no history database at" in result.stderr
    recorded = invoke("scan", str(EXAMPLES), "-q", "--record", "--db", str(missing))
    assert recorded.exit_code == 2 and "does not exist" in recorded.stderr
    assert not missing.parent.exists()  # nothing was made on the way
    empty = tmp_path / "empty.db"
    started = invoke("history", "--db", str(empty), "--create")
    assert started.exit_code == 0 and "no recorded runs" in started.output.lower()
    assert empty.exists()


def test_an_unknown_framework_is_a_usage_error(tmp_path):
    database = tmp_path / "h.db"
    invoke("scan", str(EXAMPLES), "-q", "--record", "--db", str(database))
    for args in (["history", "--framework", "nope"], ["trend", "--framework", "nope"]):
        result = invoke(*args, "--db", str(database))
        assert result.exit_code == 2 and "no framework 'nope'" in result.output + result.stderr


def test_import_uses_the_revision_the_report_records(tmp_path, monkeypatch):
    # `history import` used to stamp every old report with the current HEAD and branch
    database = str(tmp_path / "h.db")
    report = tmp_path / "report.json"
    invoke("scan", str(EXAMPLES), "--format", "json", "-o", str(report), "-q", "--no-cache")
    scan = json.loads(report.read_text())["scan"]
    assert scan["commit"] and "branch" in scan and scan["repository"]
    scan.update(repository="org/old", branch="release-1", commit="a" * 40)
    data = json.loads(report.read_text())
    data["scan"] = scan
    report.write_text(json.dumps(data))
    monkeypatch.chdir(tmp_path)  # not a repository: its identity would be the folder's name
    result = invoke("history", "import", str(report), "--db", database)
    assert "imported as run" in result.output and "notice" not in result.stderr
    [run] = json.loads(invoke("history", "--db", database, "--format", "json").output)
    assert (run["repo"], run["branch"], run["commit"]) == ("org/old", "release-1", "a" * 40)
    # a report that records none (0.1) says that the current folder's are used
    del data["scan"]["commit"], data["scan"]["branch"], data["scan"]["repository"]
    data["scan"]["started_at"] = "2020-01-01T00:00:00+00:00"
    report.write_text(json.dumps(data))
    older = invoke("history", "import", str(report), "--db", database)
    assert "records no repository or branch or commit" in older.stderr
