"""The evidence pack's index.html: the HTML report's view model (compliance.report.html), the
scope of the scan (repository, commit, versions) and, for each finding shown, a short excerpt
of the configuration that decides it, with secrets masked.

Excerpts come from the file contents the scan read (ScanResult.sources), never from disk.
"""

from __future__ import annotations

from dataclasses import dataclass

from compliance.model import ScanResult
from compliance.outputs.excerpts import excerpts

TEMPLATE = "evidence.html.j2"


@dataclass(frozen=True)
class ScopeView:
    repository: str
    commit: str
    branch: str
    remote: str
    dirty: str
    scanned_at: str
    tool_version: str
    catalog_version: str
    catalog_digest: str
    frameworks: list[str]
    files: int


def render_index(result: ScanResult, scope: ScopeView) -> str:
    # Jinja2 only for the pack's index: the terminal report uses the excerpts alone
    from compliance.outputs.html import build_view, environment

    return environment().get_template(TEMPLATE).render(
        report=build_view(result), scope=scope, excerpts=excerpts(result))
