"""The history database: one schema for SQLite and PostgreSQL, created and upgraded by the
Alembic migrations shipped in `migrations/`, one transaction per recorded run.

SQLite (the default, `.compliance/history.db`) runs in WAL mode with a busy timeout, and every
writing transaction starts with BEGIN IMMEDIATE, so concurrent CI jobs queue instead of failing.
PostgreSQL serializes migrations with an advisory lock. A writer killed mid-run leaves nothing:
the run and its rows are committed together or not at all.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection, Engine

from compliance.history.record import RunRecord
from compliance.model.results import SKIPPED_KINDS

DEFAULT_DB = Path(".compliance") / "history.db"
MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_S = 60
# The newest migration in migrations/versions (a test checks they agree).
SCHEMA_HEAD = "0002"
# Any constant: the key of the PostgreSQL advisory lock that serializes migrations.
_PG_MIGRATION_LOCK = 0x636F6D70
# Tests only: a file touched inside the recording transaction, which then sleeps, so a test
# can kill the writer mid-run.
_PAUSE_ENV = "_COMPLIANCE_HISTORY_PAUSE_IN_TRANSACTION"

metadata = sa.MetaData()
runs = sa.Table(
    "runs", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("uid", sa.String(64), nullable=False, unique=True),
    sa.Column("repo", sa.String(500), nullable=False),
    sa.Column("branch", sa.String(255), nullable=False, server_default=""),
    sa.Column("commit", sa.String(64), nullable=False, server_default=""),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("tool_version", sa.String(50), nullable=False, server_default=""),
    sa.Column("catalog_version", sa.String(64), nullable=False, server_default=""),
    sa.Column("source", sa.String(20), nullable=False, server_default="scan"),
    sa.Column("passed", sa.Integer, nullable=False, server_default="0"),
    sa.Column("failed", sa.Integer, nullable=False, server_default="0"),
    sa.Column("unknown", sa.Integer, nullable=False, server_default="0"),
    sa.Column("waived", sa.Integer, nullable=False, server_default="0"),
    # inputs left unscanned (total, and by kind: module, chart, ...) and files not read
    # completely; NULL for runs recorded before 0002 or imported from reports older than 1.4:
    # not recorded, never 0
    sa.Column("unscanned", sa.Integer, nullable=True),
    sa.Column("unscanned_by_kind", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
              nullable=True),
    sa.Column("unreadable", sa.Integer, nullable=True),
    sa.Index("ix_runs_recorded_at", "recorded_at"),
    sa.Index("ix_runs_repo_branch_recorded_at", "repo", "branch", "recorded_at"),
)
control_counts = sa.Table(
    "control_counts", metadata,
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("control", sa.String(200), primary_key=True),
    sa.Column("passed", sa.Integer, nullable=False, server_default="0"),
    sa.Column("failed", sa.Integer, nullable=False, server_default="0"),
    sa.Column("unknown", sa.Integer, nullable=False, server_default="0"),
    sa.Column("waived", sa.Integer, nullable=False, server_default="0"),
)
framework_coverage = sa.Table(
    "framework_coverage", metadata,
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("framework", sa.String(100), primary_key=True),
    sa.Column("requirements", sa.Integer, nullable=False),
    sa.Column("automated", sa.Integer, nullable=False),
    sa.Column("passing", sa.Integer, nullable=False),
    sa.Column("failing", sa.Integer, nullable=False),
    sa.Column("not_evaluated", sa.Integer, nullable=False),
    sa.Column("manual", sa.Integer, nullable=False),
    sa.Column("coverage", sa.Float, nullable=True),
    sa.Column("failing_findings", sa.Integer, nullable=False),
    sa.Index("ix_framework_coverage_framework_run", "framework", "run_id"),
)
requirement_statuses = sa.Table(
    "requirement_statuses", metadata,
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("framework", sa.String(100), primary_key=True),
    sa.Column("requirement", sa.String(100), primary_key=True),
    sa.Column("status", sa.String(20), nullable=False),
)
findings = sa.Table(
    "findings", metadata,
    sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("control", sa.String(200), nullable=False),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Index("ix_findings_fingerprint", "fingerprint"),
)
CHILD_TABLES = (findings, requirement_statuses, framework_coverage, control_counts)
STATUS_COLUMNS = {"pass": "passed", "fail": "failed", "unknown": "unknown", "waived": "waived"}


def _in_report_order(by_kind: dict[str, int] | None) -> dict[str, int] | None:
    """Unscanned counts in the order reports list the kinds (JSONB keeps no order)."""
    if by_kind is None:
        return None
    order = list(SKIPPED_KINDS)
    return dict(sorted(by_kind.items(), key=lambda item: (
        order.index(item[0]) if item[0] in order else len(order), item[0])))


class HistoryError(Exception):
    """The database cannot be opened, migrated or written (message safe to print)."""


def resolve_url(value: str | None) -> str:
    """`--db` / COMPLIANCE_DB / config `db`: a URL (`postgresql://...`, `sqlite:///...`) or a
    SQLite file path; default `.compliance/history.db` in the current folder."""
    if not value:
        value = str(DEFAULT_DB)
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix):]
    return value


def safe_url(url: str) -> str:
    """The URL with its password hidden, for messages."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a URL SQLAlchemy cannot parse: say nothing of it
        return "<database URL>"


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _sqlite_file(url: str, create: bool) -> None:
    """Check the SQLite file a URL names before SQLAlchemy quietly makes an empty one: a
    mistyped --db must not answer "no runs". Its folder is made only for the default location."""
    database = sa.make_url(url).database
    if not database or database == ":memory:":
        return
    path = Path(database)
    if path.exists():
        return
    if not create:
        raise HistoryError(f"no history database at {path}; record a run first "
                           "(`compliance scan --record`), or pass --create to start an empty one")
    if path.parent == DEFAULT_DB.resolve().parent:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.parent.is_dir():
        raise HistoryError(f"cannot create {path}: the folder {path.parent} does not exist")


def _sqlite_engine(url: str) -> Engine:
    engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn):
        # writers take the write lock up front: no deadlock between two upgrading readers
        read_only = conn.get_execution_options().get("compliance_read_only")
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def _alembic_config(connection: Connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _stored_revision(engine: Engine) -> str | None:
    """The schema revision, read without Alembic (a command that finds the schema at head
    does not pay for loading the migrations)."""
    try:
        with engine.connect().execution_options(compliance_read_only=True) as conn:
            return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    except sa.exc.DBAPIError:
        return None  # no schema yet


def migrate(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema to `revision`, under a lock (concurrent writers of a new
    database all try at once)."""
    if revision in ("head", SCHEMA_HEAD) and _stored_revision(engine) == SCHEMA_HEAD:
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                         {"key": _PG_MIGRATION_LOCK})
        config = _alembic_config(conn)
        target = ScriptDirectory.from_config(config).get_current_head() \
            if revision == "head" else revision
        if MigrationContext.configure(conn).get_current_revision() == target:
            return
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def open_store(value: str | None = None, upgrade: bool = True,
               create: bool = True) -> "HistoryStore":
    """Open (and upgrade) the history database named by `value` (see resolve_url). A SQLite
    file that does not exist is made when `create` (recording a run), else HistoryError
    (reading: a missing file is a mistake, not an empty history)."""
    url = resolve_url(value)
    try:
        if url.startswith("sqlite"):
            _sqlite_file(url, create)
            engine = _sqlite_engine(url)
        else:
            engine = sa.create_engine(url, pool_pre_ping=True)
        if upgrade:
            migrate(engine)
    except HistoryError:
        raise
    except ModuleNotFoundError as exc:
        raise HistoryError(f"cannot open {safe_url(url)}: the driver is not installed "
                           f"({exc.name}); for PostgreSQL: pip install 'psycopg[binary]'") from None
    except (sa.exc.SQLAlchemyError, OSError) as exc:
        raise HistoryError(f"cannot open {safe_url(url)}: {_reason(exc)}") from None
    return HistoryStore(engine)


def _reason(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    return str(original).strip().splitlines()[0] if str(original).strip() else type(exc).__name__


@dataclass(frozen=True)
class RunRow:
    id: int
    repo: str
    branch: str
    commit: str
    recorded_at: datetime
    tool_version: str
    catalog_version: str
    source: str
    passed: int
    failed: int
    unknown: int
    waived: int
    coverage: dict  # framework -> {"coverage": float | None, "failing_findings": int, ...}
    # None: not recorded (before schema 0002, or imported from a report older than 1.4)
    unscanned: int | None = None
    unscanned_by_kind: dict[str, int] | None = None
    unreadable: int | None = None


@dataclass(frozen=True)
class TrendPoint:
    run_id: int
    repo: str
    branch: str
    recorded_at: datetime
    coverage: float | None
    failing_findings: int
    commit: str = ""
    # what the run left unscanned or unread (see RunRow); None: not recorded
    unscanned: int | None = None
    unscanned_by_kind: dict[str, int] | None = None
    unreadable: int | None = None

    @property
    def incomplete(self) -> bool:
        """Something was left unscanned or unread: its coverage is of what was read."""
        return bool(self.unscanned) or bool(self.unreadable)


class HistoryStore:
    def __init__(self, engine: Engine):
        self.engine = engine

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "HistoryStore":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    @property
    def url(self) -> str:
        return safe_url(self.engine.url.render_as_string(hide_password=False))

    def _read(self):
        return self.engine.connect().execution_options(compliance_read_only=True)

    # --- writing -------------------------------------------------------------------------

    def record(self, run: RunRecord) -> int | None:
        """Store one run in one transaction; its id, or None when a run with the same uid is
        already stored (a report imported twice)."""
        try:
            with self.engine.begin() as conn:
                return self._insert(conn, run)
        except sa.exc.IntegrityError:
            return None  # another writer stored the same uid first
        except sa.exc.SQLAlchemyError as exc:
            raise HistoryError(f"cannot record the run in {self.url}: {_reason(exc)}") from None

    def record_many(self, records: Iterable[RunRecord]) -> int:
        """Store many runs in one transaction (backfills, benchmarks); how many were new."""
        stored = 0
        with self.engine.begin() as conn:
            for run in records:
                stored += self._insert(conn, run) is not None
        return stored

    def _insert(self, conn: Connection, run: RunRecord) -> int | None:
        if conn.execute(sa.select(runs.c.id).where(runs.c.uid == run.uid)).first():
            return None
        counts = run.status_counts()
        run_id = conn.execute(runs.insert().values(
            uid=run.uid, repo=run.repo, branch=run.branch, commit=run.commit,
            recorded_at=_utc(run.recorded_at), tool_version=run.tool_version,
            catalog_version=run.catalog_version, source=run.source,
            unscanned=None if run.unscanned is None else sum(run.unscanned.values()),
            unscanned_by_kind=run.unscanned, unreadable=run.unreadable,
            **{STATUS_COLUMNS[s]: n for s, n in counts.items()})).inserted_primary_key[0]
        per_control = [{"run_id": run_id, "control": control,
                        **{STATUS_COLUMNS[s]: n for s, n in by_status.items()}}
                       for control, by_status in run.control_counts().items()]
        if per_control:
            conn.execute(control_counts.insert(), per_control)
        coverage_rows, requirement_rows = [], []
        for framework in run.frameworks:
            coverage_rows.append({"run_id": run_id, "framework": framework.id,
                                  **framework.coverage_row()})
            requirement_rows += [{"run_id": run_id, "framework": framework.id,
                                  "requirement": requirement, "status": status}
                                 for requirement, status in framework.requirements.items()]
        if coverage_rows:
            conn.execute(framework_coverage.insert(), coverage_rows)
        if requirement_rows:
            conn.execute(requirement_statuses.insert(), requirement_rows)
        if run.findings:
            conn.execute(findings.insert(), [
                {"run_id": run_id, "seq": seq, "fingerprint": f.fingerprint,
                 "control": f.control, "status": f.status}
                for seq, f in enumerate(run.findings)])
        pause = os.environ.get(_PAUSE_ENV)
        if pause:  # tests: be killed here, inside the transaction
            Path(pause).touch()
            time.sleep(120)
        return run_id

    def prune(self, keep_days: int, now: datetime | None = None) -> int:
        """Delete runs recorded more than `keep_days` days ago; how many were deleted."""
        cutoff = _utc(now or datetime.now(timezone.utc)) - timedelta(days=keep_days)
        old = sa.select(runs.c.id).where(runs.c.recorded_at < cutoff)
        with self.engine.begin() as conn:
            for table in CHILD_TABLES:
                conn.execute(table.delete().where(table.c.run_id.in_(old)))
            return conn.execute(runs.delete().where(runs.c.recorded_at < cutoff)).rowcount

    # --- reading -------------------------------------------------------------------------

    @staticmethod
    def _filters(query, repo=None, branch=None, since=None, framework=None):
        if repo:
            query = query.where(runs.c.repo == repo)
        if branch:
            query = query.where(runs.c.branch == branch)
        if since:
            query = query.where(runs.c.recorded_at >= _utc(since))
        if framework:
            query = query.where(sa.exists().where(framework_coverage.c.run_id == runs.c.id,
                                                  framework_coverage.c.framework == framework))
        return query

    def count(self) -> int:
        with self._read() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(runs)).scalar_one()

    def runs(self, repo: str | None = None, branch: str | None = None,
             framework: str | None = None, since: datetime | None = None,
             limit: int | None = 20) -> list[RunRow]:
        """The most recent runs first, each with its coverage per framework."""
        query = self._filters(sa.select(runs), repo, branch, since, framework)
        query = query.order_by(runs.c.recorded_at.desc(), runs.c.id.desc())
        if limit:
            query = query.limit(limit)
        with self._read() as conn:
            rows = conn.execute(query).mappings().all()
            ids = [row["id"] for row in rows]
            coverage: dict[int, dict] = {i: {} for i in ids}
            if ids:
                cov = sa.select(framework_coverage).where(framework_coverage.c.run_id.in_(ids))
                if framework:
                    cov = cov.where(framework_coverage.c.framework == framework)
                for row in conn.execute(cov).mappings():
                    coverage[row["run_id"]][row["framework"]] = {
                        k: v for k, v in row.items() if k not in ("run_id", "framework")}
        return [RunRow(**{k: v for k, v in row.items() if k != "uid"},
                       coverage=coverage[row["id"]])
                for row in ({**r, "recorded_at": _utc(r["recorded_at"]),
                             "unscanned_by_kind": _in_report_order(r["unscanned_by_kind"])}
                            for r in rows)]

    def trend(self, framework: str, repo: str | None = None, branch: str | None = None,
              since: datetime | None = None) -> list[TrendPoint]:
        """Coverage and failing findings of `framework`, oldest first."""
        query = (sa.select(runs.c.id, runs.c.repo, runs.c.branch, runs.c.recorded_at,
                           framework_coverage.c.coverage, framework_coverage.c.failing_findings,
                           runs.c.commit, runs.c.unscanned, runs.c.unscanned_by_kind,
                           runs.c.unreadable)
                 .join(framework_coverage, framework_coverage.c.run_id == runs.c.id)
                 .where(framework_coverage.c.framework == framework))
        query = self._filters(query, repo, branch, since)
        query = query.order_by(runs.c.recorded_at, runs.c.id)
        with self._read() as conn:
            return [TrendPoint(*row[:3], _utc(row[3]), *row[4:8], _in_report_order(row[8]),
                               row[9]) for row in conn.execute(query)]

    def requirement_statuses(self, run_id: int) -> dict[tuple[str, str], str]:
        with self._read() as conn:
            rows = conn.execute(sa.select(requirement_statuses).where(
                requirement_statuses.c.run_id == run_id)).mappings()
            return {(r["framework"], r["requirement"]): r["status"] for r in rows}

    def findings(self, run_id: int) -> list[tuple[str, str, str]]:
        with self._read() as conn:
            return [tuple(r) for r in conn.execute(
                sa.select(findings.c.fingerprint, findings.c.control, findings.c.status)
                .where(findings.c.run_id == run_id).order_by(findings.c.seq))]

    def control_counts(self, run_id: int) -> dict[str, dict[str, int]]:
        with self._read() as conn:
            rows = conn.execute(sa.select(control_counts).where(
                control_counts.c.run_id == run_id)).mappings()
            return {r["control"]: {s: r[c] for s, c in STATUS_COLUMNS.items()} for r in rows}


@dataclass(frozen=True)
class Regression:
    repo: str
    branch: str
    previous: TrendPoint
    latest: TrendPoint

    @property
    def drop(self) -> float:
        return (self.previous.coverage or 0.0) - (self.latest.coverage or 0.0)


def regressions(points: list[TrendPoint], max_drop: float) -> list[Regression]:
    """Each (repo, branch) whose latest coverage fell by more than `max_drop` points since its
    previous run (runs without a coverage figure are passed over)."""
    last_two: dict[tuple[str, str], list[TrendPoint]] = {}
    for point in points:  # oldest first
        if point.coverage is None:
            continue
        pair = last_two.setdefault((point.repo, point.branch), [])
        pair.append(point)
        del pair[:-2]
    found = []
    for (repo, branch), pair in last_two.items():
        if len(pair) == 2:
            regression = Regression(repo, branch, pair[0], pair[1])
            if regression.drop > max_drop:
                found.append(regression)
    return found
