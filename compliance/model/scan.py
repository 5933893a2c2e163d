"""A whole scan's result, as every output reads it, and what it records of waivers and git."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from compliance.model.catalog import Control
from compliance.model.frameworks import FrameworkResult, RequirementRef
from compliance.model.patterns import linear
from compliance.model.resource import Resource, SourceFile
from compliance.model.results import Finding, ScanError, Waiver


@dataclass
class ScanResult:
    """Everything one scan found and read, as the outputs report it."""

    root: Path
    started_at: datetime
    duration_s: float
    files_scanned: int
    resources: list[Resource]
    findings: list[Finding]
    errors: list[ScanError]
    controls: list[Control] = field(default_factory=list)
    # every waiver (inline suppressions, then the waivers file) with what it did
    waivers: list[WaiverEntry] = field(default_factory=list)
    # per-requirement results of the frameworks chosen with --framework (empty otherwise)
    frameworks: list[FrameworkResult] = field(default_factory=list)
    # control id -> the requirements it supports, in every framework (always filled)
    requirements: dict[str, list[RequirementRef]] = field(default_factory=dict)
    # the files scanned, with their content as read (for evidence: hashes and excerpts)
    sources: list[SourceFile] = field(default_factory=list)
    # failing findings `--baseline` hid (not in `findings`): every format counts them
    baselined: list[Finding] = field(default_factory=list)
    # the revision scanned (repository, branch, commit), when the request asked for it
    revision: "GitInfo | None" = None
    # the SHA-256 of the control catalog that judged the scan ("" when not known)
    catalog_digest: str = ""
    # the stored result of an earlier scan that read the same (pipeline/scan_memo.py)
    replayed: bool = False


def glob_regex(pattern: str) -> Any:
    """`*` any characters (`.` and `/` included), `?` one character, all else literal:
    addresses hold brackets (`aws_instance.web[0]`, `module.api["eu"]`) that fnmatch would
    read as character classes. Matched in linear time (RE2): `a*a*a*a*b` against a long
    address is polynomial for a backtracking engine."""
    parts = (".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return linear("(?s)" + "".join(parts))



@dataclass
class WaiverEntry:
    """One waiver as written, and what it did in this scan."""

    waiver: Waiver
    resource: str | None = None  # glob on the resource address (waivers file)
    file_pattern: str | None = None  # glob on the resource's file (waivers file)
    text: str = ""  # an inline suppression as written
    matched: int = 0  # findings it waived (for an expired waiver: would have waived)
    expired: bool = False
    problem: str | None = None  # why an inline suppression is not applied
    evaluated: bool = True  # whether its control ran in this scan (not with --framework X)

    @property
    def unused(self) -> bool:
        return (self.matched == 0 and not self.expired and self.problem is None
                and self.evaluated)

    def __post_init__(self) -> None:
        self._resource_re = glob_regex(self.resource) if self.resource else None
        self._file_re = glob_regex(self.file_pattern) if self.file_pattern else None

    def matches(self, finding: Finding) -> bool:
        if finding.control != self.waiver.control:
            return False
        if self._resource_re and not self._resource_re.fullmatch(finding.resource.address):
            return False
        return not self._file_re or bool(self._file_re.fullmatch(finding.resource.location.file))


@dataclass(frozen=True)
class GitInfo:
    """What git says about the scanned folder (empty outside a repository)."""

    commit: str = ""
    branch: str = ""  # "" when detached or not a repository
    remote: str = ""  # origin's URL, credentials removed
    dirty: bool | None = None  # None: not a repository
    repository: str = ""  # the top folder's name

    def to_dict(self) -> dict:
        return asdict(self)
