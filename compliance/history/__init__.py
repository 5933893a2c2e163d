"""The scan history store: recorded runs, their per-framework coverage, trends, regressions.

`store` owns the database (SQLite by default, PostgreSQL for shared CI runners; one schema,
created and upgraded by the Alembic migrations in `migrations/`); `record` turns a scan or a
saved JSON report into a `RunRecord`; `render` draws tables, sparklines and charts.

Only fingerprints, control ids, statuses and counts are stored: never an observed value.
"""

from compliance.history.record import RunRecord, run_from_report, run_from_scan
from compliance.history.store import HistoryStore, open_store, resolve_url

__all__ = ["HistoryStore", "RunRecord", "open_store", "resolve_url", "run_from_report",
           "run_from_scan"]
