"""GitHub Actions workflow commands (`::error file=...,line=...::message`), one per finding.

Messages escape `%`, CR and LF; property values also escape `:` and `,` (the runner's rules
for workflow commands). Severity picks the command: critical and high are errors, medium a
warning, low a notice.
"""

from __future__ import annotations

from typing import Callable, Iterable

from compliance.model import Finding, ScanError
from compliance.outputs import wording

LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, path: str) -> str:
    line = wording.evidence_line(finding)
    properties = {
        "file": path,
        "line": str(line),
        "endLine": str(line),
        "title": f"{finding.control} ({finding.severity}): {finding.title}",
    }
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{LEVELS.get(finding.severity, 'error')} {props}::{escape_data(wording.message(finding))}"


def unread_annotation(error: ScanError, prefix: str = "") -> str:
    """A warning on an input that was not read completely: findings in it may be missing."""
    title = (f"compliance: {error.skipped} not scanned" if error.skipped
             else "compliance: not read completely")
    properties = {"file": prefix + error.file, "title": title}
    if error.line:
        properties["line"] = str(error.line)
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::warning {props}::{escape_data(error.message)}"


def render(findings: Iterable[Finding], path_of: Callable[[Finding], str] | None = None,
           errors: Iterable[ScanError] = (), prefix: str = "") -> str:
    """`path_of` maps a finding to its repository-relative file (default: as scanned);
    `prefix` does the same for the files of `errors`."""
    path_of = path_of or (lambda f: f.resource.location.file)
    lines = [annotation(f, path_of(f)) for f in findings]
    lines += [unread_annotation(e, prefix) for e in errors if e.unread]
    return "".join(line + "\n" for line in lines)
