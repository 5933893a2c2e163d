"""The model: the types every stage speaks, importing nothing else of the package.

Parsers and resolvers produce `Resource`s; evaluation turns them into `Finding`s; outputs
format a `ScanResult`. Values that cannot be known statically are `Unknown`, never a guess.
"""

from compliance.model.catalog import Catalog, Check, Control, Supports
from compliance.model.frameworks import (
    STATUSES,
    STRENGTHS,
    ControlLink,
    Framework,
    FrameworkResult,
    Requirement,
    RequirementRef,
    RequirementResult,
    requirements_by_control,
)
from compliance.model.resource import (
    DOWNLOADED_PREFIX,
    PLATFORMS,
    TERRAFORM_SHAPED,
    Location,
    Resource,
    SourceFile,
    resource_from_json,
    resource_to_json,
)
from compliance.model.results import (
    SEVERITIES,
    SKIPPED_KINDS,
    Evidence,
    Finding,
    Outcome,
    ScanError,
    Status,
    Waiver,
    is_unreadable,
    severity_rank,
    unreadable_count,
    unscanned_counts,
    unscanned_text,
)
from compliance.model.scan import GitInfo, ScanResult, WaiverEntry, glob_regex
from compliance.model.values import (
    PartialText,
    Path,
    Unknown,
    UnknownKind,
    configured_text,
    format_path,
    has_unknown,
    known_pieces,
    may_be,
    parse_path,
    value_from_json,
    value_to_json,
)

__all__ = [
    "Catalog", "Check", "Control", "ControlLink", "Evidence", "Finding", "Framework",
    "FrameworkResult", "GitInfo", "Location", "Outcome", "PLATFORMS", "PartialText", "Path",
    "Requirement", "RequirementRef", "RequirementResult", "Resource", "SEVERITIES", "STATUSES",
    "STRENGTHS", "ScanError", "ScanResult", "SourceFile", "Status", "Supports", "Unknown",
    "UnknownKind", "WaiverEntry", "Waiver", "TERRAFORM_SHAPED", "has_unknown", "configured_text",
    "format_path", "glob_regex",
    "known_pieces", "may_be", "parse_path", "requirements_by_control", "resource_from_json",
    "resource_to_json", "severity_rank", "value_from_json", "value_to_json",
    "DOWNLOADED_PREFIX", "SKIPPED_KINDS", "is_unreadable", "unreadable_count", "unscanned_counts",
    "unscanned_text",
]
