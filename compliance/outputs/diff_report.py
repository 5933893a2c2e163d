"""`compliance diff` as JSON (every new, fixed and unchanged failing finding, and coverage
before and after) and as a short text summary for the terminal."""

from __future__ import annotations

from typing import Any

from compliance import __version__
from compliance.model import Finding, is_unreadable, unscanned_text
from compliance.outputs import wording
from compliance.outputs.json_report import FindingLines, OnePerLine, indented
from compliance.outputs.terminal import SEVERITY_STYLE, styled, visible
from compliance.results.diff import DiffResult, Side

SCHEMA_VERSION = "1.0"


def _side(side: Side) -> dict[str, Any]:
    return {"ref": side.ref, "commit": side.sha, "files_scanned": side.result.files_scanned,
            "errors": [str(e) for e in side.result.errors]}


def render_json(diff: DiffResult) -> str:
    """Indented at the top, one finding per line, as the scan's JSON report: a diff of a large
    repository lists every unchanged failing finding too."""
    encode = FindingLines(diff.head.result.requirements).encode

    def entries(findings: list[Finding]) -> list[str]:
        return [encode(finding, repository_file=diff.repo_path(finding)) for finding in findings]

    data = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "compliance", "version": __version__},
        "base": _side(diff.base),
        "head": _side(diff.head),
        "path_prefix": diff.prefix,
        "changed_files": diff.changed_files,
        "summary": {"new": len(diff.new), "fixed": len(diff.fixed),
                    "unchanged": len(diff.unchanged)},
        "new": OnePerLine(entries(diff.new)),
        "fixed": OnePerLine(entries(diff.fixed)),
        "unchanged": OnePerLine(entries(diff.unchanged)),
        "coverage": [{"framework": d.id, "name": d.name, "before": d.before, "after": d.after}
                     for d in diff.coverage],
    }
    return indented(data)


def render_text(diff: DiffResult, color: bool = False) -> str:
    """The summary for a terminal: new and fixed findings, inputs not read; coloured (ANSI)
    only when `color`. Text from the scanned files is shown inert."""
    from rich.text import Text

    lines = [Text(visible(
        f"{diff.base.label} -> {diff.head.label}: {len(diff.changed_files)} changed files; "
        f"{len(diff.new)} new, {len(diff.fixed)} fixed, {len(diff.unchanged)} unchanged "
        "failing findings"), style="bold")]
    for title, findings in (("new", diff.new), ("fixed", diff.fixed)):
        if findings:
            lines += [Text(""), Text(f"{title}:", style="bold")]
            lines += [Text.assemble(
                "  ", (visible(f"{diff.repo_path(f)}:{wording.evidence_line(f)}"), "cyan"), "  ",
                (f"{f.severity:<8}", SEVERITY_STYLE.get(f.severity, "")), " ",
                visible(f"{f.control}  {wording.message(f, 80)}")) for f in findings]
    unread = [error for error in diff.head.result.errors if is_unreadable(error)]
    unscanned = [error for error in diff.head.result.errors if error.skipped]
    if unscanned:
        lines += [Text(""), Text(f"not scanned ({unscanned_text(unscanned)}): nothing in these "
                                 "is counted", style="bold")]
        lines += [Text(visible(f"  {diff.prefix}{error}")) for error in unscanned]
    if unread:
        lines += [Text(""), Text(f"not read completely ({len(unread)}): findings in these may be "
                                 "missing", style="bold")]
        lines += [Text(visible(f"  {diff.prefix}{error}")) for error in unread]
    return styled(lines, color)
