"""What one recorded run holds, built from a finished scan or from a saved JSON report.

A run keeps the repository identity (origin URL without credentials, or the folder's name),
commit, branch, time, tool and catalog versions, each framework's coverage and requirement
statuses, and every finding's fingerprint, control and status. Never an observed value.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterable

from compliance import __version__
from compliance.model.results import unreadable_count, unscanned_counts
from compliance.parse.gitinfo import git_info

STATUSES = ("pass", "fail", "unknown", "waived")
# CI variables naming the branch when the checkout is a detached HEAD
_CI_BRANCH_VARIABLES = ("GITHUB_HEAD_REF", "GITHUB_REF_NAME", "CI_COMMIT_REF_NAME",
                        "BRANCH_NAME", "BUILDKITE_BRANCH", "CIRCLE_BRANCH")


@dataclass(frozen=True)
class FindingRecord:
    fingerprint: str
    control: str
    status: str  # pass | fail | unknown | waived


@dataclass(frozen=True)
class FrameworkRecord:
    id: str
    coverage: dict  # FrameworkResult.coverage
    failing_findings: int  # distinct failing findings of its requirements
    requirements: dict[str, str] = field(default_factory=dict)  # requirement id -> status

    def coverage_row(self) -> dict[str, Any]:
        c = self.coverage
        return {"requirements": c.get("requirements", 0), "automated": c.get("automated", 0),
                "passing": c.get("passing", 0), "failing": c.get("failing", 0),
                "not_evaluated": c.get("not_evaluated", 0), "manual": c.get("manual", 0),
                "coverage": c.get("percent_passing_of_evaluated"),
                "failing_findings": self.failing_findings}


@dataclass(frozen=True)
class RunRecord:
    uid: str  # unique per run; for an import, derived from the report's bytes
    repo: str
    branch: str
    commit: str
    recorded_at: datetime
    tool_version: str
    catalog_version: str
    source: str  # "scan" | "import"
    findings: list[FindingRecord]
    frameworks: list[FrameworkRecord]
    # inputs recognized and left unscanned, by kind (`unscanned_counts`), and files not read
    # completely; None: not recorded (a report older than schema 1.4), which is not 0
    unscanned: dict[str, int] | None = None
    unreadable: int | None = None

    def status_counts(self) -> dict[str, int]:
        counts = Counter(f.status for f in self.findings)
        return {s: counts.get(s, 0) for s in STATUSES}

    def control_counts(self) -> dict[str, dict[str, int]]:
        by_control: dict[str, Counter] = {}
        for f in self.findings:
            by_control.setdefault(f.control, Counter())[f.status] += 1
        return {c: {s: counts.get(s, 0) for s in STATUSES} for c, counts in by_control.items()}


# --- where the run comes from ---------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    repo: str
    branch: str
    commit: str


def identify(folder: Path) -> Identity:
    """The repository (origin URL without credentials, else the top folder's name), branch
    (CI variables when the checkout is detached) and commit of `folder`."""
    info = git_info(folder, check_dirty=False)
    if not info.repository:  # not a repository
        folder = folder if folder.is_dir() else folder.parent
        return Identity(folder.resolve().name, _ci_branch(), "")
    return Identity(info.remote or info.repository, info.branch or _ci_branch(), info.commit)


def _ci_branch() -> str:
    return next((os.environ[v] for v in _CI_BRANCH_VARIABLES if os.environ.get(v)), "")


# --- building a run -------------------------------------------------------------------------


def _framework_records(results) -> list[FrameworkRecord]:
    return [FrameworkRecord(
        id=result.id, coverage=dict(result.coverage),
        failing_findings=len({f.fingerprint for r in result.requirements for f in r.findings}),
        requirements={r.id: r.status for r in result.requirements}) for result in results]


def run_from_scan(result, catalog, frameworks, framework_ids: Iterable[str] = (),
                  identity: Identity | None = None) -> RunRecord:
    """A run from a finished scan. Coverage is recorded for the frameworks chosen with
    --framework, or for every framework when none was chosen."""
    from compliance.results.frameworks import evaluate_frameworks

    ids = list(framework_ids) or [f.id for f in frameworks]
    evaluated = evaluate_frameworks(frameworks, ids, result.findings, result.controls)
    identity = identity or identify(result.root)
    return RunRecord(
        uid=uuid.uuid4().hex, repo=identity.repo, branch=identity.branch,
        commit=identity.commit, recorded_at=datetime.now(timezone.utc),
        tool_version=__version__, catalog_version=(catalog.digest or "")[:16], source="scan",
        findings=[FindingRecord(f.fingerprint, f.control, f.status.value)
                  for f in result.findings],
        frameworks=_framework_records(evaluated),
        unscanned=unscanned_counts(result.errors),
        unreadable=unreadable_count(result.errors))


class ReportError(ValueError):
    """Not a JSON report of `compliance scan --format json`."""


def report_identity(raw: bytes, here: Identity, repo: str | None, branch: str | None,
                    commit: str | None) -> tuple[Identity, list[str]]:
    """The repository, branch and commit of a saved report: what was given, else what the
    report records (`scan.repository`, `scan.branch`, `scan.commit`), else the current
    folder's; with the names of what came from the current folder."""
    try:
        scan = json.loads(raw).get("scan") or {}
    except (UnicodeDecodeError, json.JSONDecodeError, AttributeError):
        scan = {}
    guessed: list[str] = []

    def pick(given: str | None, key: str, fallback: str) -> str:
        if given is not None:
            return given
        recorded = scan.get(key) if isinstance(scan, dict) else None
        if isinstance(recorded, str):
            return recorded
        guessed.append(key)
        return fallback

    identity = Identity(pick(repo, "repository", here.repo), pick(branch, "branch", here.branch),
                        pick(commit, "commit", here.commit))
    return identity, guessed


def run_from_report(raw: bytes, identity: Identity, frameworks=None) -> RunRecord:
    """A run from a saved JSON report. Its `frameworks` section is used when the scan had
    --framework; otherwise coverage is worked out again from the findings, for every
    framework (`frameworks`: the framework files, default the shipped ones)."""
    from jsonschema import Draft202012Validator

    from compliance.catalog.frameworks import default_frameworks
    from compliance.model import Status
    from compliance.results.frameworks import evaluate_frameworks

    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportError(f"not JSON: {exc}") from None
    schema = json.loads((Path(__file__).parent.parent / "schemas" / "report.schema.json")
                        .read_text("utf-8"))
    error = next(iter(Draft202012Validator(schema).iter_errors(data)), None)
    if error is not None:
        where = "/".join(map(str, error.absolute_path)) or "the top"
        raise ReportError(f"not a compliance JSON report ({where}: {error.message[:200]})")
    finding_records = [FindingRecord(f["fingerprint"], f["control"], f["status"])
                       for f in data["findings"]]
    if data.get("frameworks"):
        records = [FrameworkRecord(
            id=fw["id"], coverage=fw["coverage"],
            failing_findings=len({fp for r in fw["requirements"]
                                  for fp in r.get("failing_findings", ())}),
            requirements={r["id"]: r["status"] for r in fw["requirements"]})
            for fw in data["frameworks"]]
    else:
        frameworks = frameworks if frameworks is not None else default_frameworks()
        light = [SimpleNamespace(control=f.control, status=Status(f.status),
                                 fingerprint=f.fingerprint) for f in finding_records]
        evaluated = evaluate_frameworks(frameworks, [f.id for f in frameworks], light,
                                        {f.control for f in finding_records})
        records = _framework_records(evaluated)
    started = datetime.fromisoformat(data["scan"]["started_at"])
    # schema 1.4 counts what was left unscanned or unread; an older report did not count them
    # apart (its errors do not tell a skipped module from a broken file): not recorded
    summary = data["summary"]
    return RunRecord(
        uid="import-" + hashlib.sha256(raw).hexdigest()[:40], repo=identity.repo,
        branch=identity.branch, commit=identity.commit, recorded_at=started,
        tool_version=data["tool"]["version"], catalog_version="", source="import",
        findings=finding_records, frameworks=records,
        unscanned=summary.get("unscanned"), unreadable=summary.get("unreadable"))
