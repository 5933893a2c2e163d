"""Every output format, in one registry: its name, what it is for, and how it is rendered.

`SCAN_FORMATS` render a `ScanResult` (`scan --format`); `DIFF_FORMATS` render a `DiffResult`
(`diff --format`). Modules are imported only when their format is used, so a command pays only
for what it prints. To add a format: write its module here in outputs/, then one entry below.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any, Callable, Iterable


@dataclass(frozen=True)
class View:
    """What a reader asked to see besides failing findings."""

    show_unknown: bool = False
    show_waived: bool = False
    link_base: str = ""  # diff: link locations to <link_base>/<file>#L<line>
    # the terminal report's width (None: its file width) and whether it is coloured (only
    # for a terminal that wants colour; never a file or a pipe)
    width: int | None = None
    color: bool = False


@dataclass(frozen=True)
class Format:
    """An output format: its name, its help and the module that renders it."""

    name: str
    help: str
    module: str  # under compliance.outputs
    render: Callable[[Any, Any, View], str]  # (module, result, view) -> text
    # text for people, printed as is: guard it on a terminal or CI log (machine formats such
    # as JSON escape for themselves, and `github` IS workflow commands, escaped inside)
    for_people: bool = False
    # shows the scanned code (excerpts, resources without findings): needs the scan's
    # resources and file contents, which a scan replayed from the cache does not hold
    shows_code: bool = False
    # the same text in pieces, for a report too large to hold twice (written as it is made)
    render_pieces: Callable[[Any, Any, View], Iterable[str]] | None = None

    def __call__(self, result: Any, view: View = View()) -> str:
        return self.render(import_module(f"compliance.outputs.{self.module}"), result, view)

    def pieces(self, result: Any, view: View = View()) -> Iterable[str]:
        """The report in pieces whose concatenation is `self(result, view)`."""
        if self.render_pieces is None:
            return (self(result, view),)
        return self.render_pieces(import_module(f"compliance.outputs.{self.module}"), result,
                                  view)


SCAN_FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("table", "terminal", "table",
           lambda m, r, v: m.render(r, show_unknown=v.show_unknown, show_waived=v.show_waived,
                                    width=v.width, color=v.color),
           for_people=True, shows_code=True),
    Format("json", "every finding", "json_report", lambda m, r, v: m.render(r),
           render_pieces=lambda m, r, v: m.render_pieces(r)),
    Format("sarif", "GitHub code scanning", "sarif",
           lambda m, r, v: m.render(r, show_unknown=v.show_unknown)),
    Format("junit", "CI test reports", "junit", lambda m, r, v: m.render(r)),
    Format("csv", "spreadsheets", "csv_report", lambda m, r, v: m.render(r)),
    Format("markdown", "job summaries, wikis", "markdown",
           lambda m, r, v: m.render(r, show_unknown=v.show_unknown), for_people=True),
    Format("html", "one self-contained page", "html", lambda m, r, v: m.render(r),
           shows_code=True),
)}


def _failing_of_head(module: Any, diff: Any, view: View) -> str:
    from compliance.results.diff import failing

    return module.render(failing(diff.head.result), diff.repo_path, diff.head.result.errors,
                         diff.prefix)


DIFF_FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("text", "a short summary", "diff_report", lambda m, d, v: m.render_text(d, color=v.color),
           for_people=True),
    Format("markdown", "the pull-request comment", "pr_comment",
           lambda m, d, v: m.render(d, link_base=v.link_base), for_people=True),
    Format("github", "workflow annotations for new findings", "annotations",
           lambda m, d, v: m.render(d.new, d.repo_path, d.head.result.errors, d.prefix)),
    Format("json", "new, fixed and unchanged findings and coverage", "diff_report",
           lambda m, d, v: m.render_json(d)),
    Format("gitlab", "code quality report of the head's failing findings", "codequality",
           _failing_of_head),
    Format("sarif", "the head scan", "sarif", lambda m, d, v: m.render(d.head.result)),
)}


def help_text(formats: dict[str, Format]) -> str:
    return "Report format: " + ", ".join(f"{f.name} ({f.help})" for f in formats.values()) + "."
