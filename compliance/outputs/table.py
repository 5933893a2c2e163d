"""The terminal report: the listed findings, most severe first, each with a short excerpt of the
configuration that decides it, then the errors, waiver notices, framework sections and a
summary.

Laid out by `rich` at a given width (the terminal's, or WIDTH for a file): long text wraps,
nothing that decides a finding is cut. Colour only when the caller asks (a terminal that
wants it); otherwise plain text. Every string that comes from a scanned file goes through
`terminal.visible` and into a `rich.text.Text` (never markup), and the finished report through
`terminal.styled` (no line a CI runner takes for a command), so file contents stay inert with
or without colour.
"""

from __future__ import annotations

import io
import re
from collections import Counter, defaultdict

from rich.console import Console
from rich.text import Text
from tabulate import tabulate

from compliance import __version__
from compliance.model import (
    SEVERITIES,
    Finding,
    ScanResult,
    Status,
    Waiver,
    WaiverEntry,
    unreadable_count,
    unscanned_text,
)
from compliance.model.masking import private_key_lines
from compliance.outputs.excerpts import excerpt, known_secrets
from compliance.outputs.frameworks_report import render_sections as render_framework_sections
from compliance.outputs.terminal import SEVERITY_STYLE, styled, visible
from compliance.outputs.wording import (
    NOTHING_EVALUATED,
    evidence_line,
    nothing_evaluated,
    observed_text,
    unscanned_summary,
)

WIDTH = 100  # a report written to a file
MIN_WIDTH = 40
EXCERPT_AROUND = 2  # lines shown above and below the deciding line
# an observed value longer than this (a whole policy document) is cut, saying so
OBSERVED_MAX = 600

_MARK = {Status.UNKNOWN: "unknown", Status.WAIVED: "waived"}
_SGR = re.compile(r"\x1b\[[0-9;]*m")
# blanks at the end of a line, among colour codes (a wrapped line keeps its last blank)
_TRAILING_BLANKS = re.compile(r"(?:[ \t]|\x1b\[[0-9;]*m)+$", re.M)


class _Layout:
    """The report's lines: each block wrapped to the width under its indent (a hanging
    indent for what follows its prefix). Laid out here, a line at a time, rather than with
    rich's tables and paddings: those cost seconds on a report of a few thousand findings."""

    def __init__(self, console: Console, width: int):
        self.console = console
        self.width = width
        self.lines: list[Text] = []

    def blank(self) -> None:
        self.lines.append(Text(""))

    def add(self, body: Text, indent: int = 0, prefix: Text | None = None,
            fold: bool = False) -> None:
        """`body` after `indent` blanks and `prefix`; its further lines under the body."""
        lead = Text(" " * indent)
        if prefix is not None:
            lead.append_text(prefix)
        room = max(10, self.width - lead.cell_len)
        if body.cell_len <= room:
            pieces = [body]
        else:
            pieces = list(body.wrap(self.console, room, overflow="fold" if fold else None))
        hang = " " * lead.cell_len
        for number, piece in enumerate(pieces):
            line = lead.copy() if number == 0 else Text(hang)
            line.append_text(piece)
            self.lines.append(line)

    def add_plain(self, text: str, style: str = "") -> None:
        """Lines laid out already (a table): as they are, wrapped only if too wide."""
        for line in text.splitlines():
            blanks = len(line) - len(line.lstrip(" "))
            self.add(Text(line[blanks:], style=style), blanks)


def _text(value: object, style: str = "") -> Text:
    """Text from a scanned file (or anything): control characters shown, never markup."""
    return Text(visible(str(value)), style=style)


def _observed(finding: Finding) -> str:
    text = observed_text(finding.evidence.observed)
    if len(text) > OBSERVED_MAX:
        text = (f"{text[:OBSERVED_MAX]}... ({len(text) - OBSERVED_MAX} more characters: "
                "--format json holds the whole value)")
    return text


def _evidence(finding: Finding) -> Text:
    evidence = finding.evidence
    if evidence.attribute:
        return Text.assemble(_text(evidence.attribute, "bold"), " = ",
                             _text(_observed(finding)), "; expected ", _text(evidence.expected))
    if evidence.observed is not None:
        return Text.assemble(_text(_observed(finding)), "; expected ", _text(evidence.expected))
    return Text.assemble("expected ", _text(evidence.expected))


def _waiver_text(waiver: Waiver) -> str:
    terms = [f"owner {waiver.owner}"] if waiver.owner else []
    if waiver.expires:
        terms.append(f"expires {waiver.expires.isoformat()}")
    terms.append(f"{waiver.file}:{waiver.line}" if waiver.line else waiver.file)
    return f"waived: {waiver.reason} ({', '.join(terms)})"


class _Excerpts:
    """The lines around a finding's deciding line, masked by the evidence pack's rule
    (excerpts.excerpt): known secret values, credential-looking assignments, key bodies."""

    def __init__(self, result: ScanResult):
        self.texts = {s.relpath: s.data.decode("utf-8-sig", errors="replace").splitlines()
                      for s in result.sources}
        self._secrets: set[str] | None = None
        self._result = result
        self._key_bodies: dict[str, set[int]] = {}

    def __call__(self, finding: Finding) -> list[tuple[Text, Text]]:
        """(prefix: the line's number, code) for each line shown."""
        location = finding.resource.location
        lines = self.texts.get(location.file)
        if not lines:
            return []
        if self._secrets is None:
            self._secrets = known_secrets(self._result)
        if location.file not in self._key_bodies:
            self._key_bodies[location.file] = private_key_lines(lines)
        line = evidence_line(finding)
        start = max(location.start_line, line - EXCERPT_AROUND)
        end = min(max(location.end_line, location.start_line), line + EXCERPT_AROUND)
        if start > end or start > len(lines):
            return []
        shown = excerpt(lines, start, end, line, self._secrets, self._key_bodies[location.file])
        digits = len(str(shown.lines[-1][0])) if shown.lines else 1
        out = []
        for number, text, deciding in shown.lines:
            prefix = Text.assemble((f"{'>' if deciding else ' '} {number:>{digits}}",
                                    "bold" if deciding else "dim"), " ", ("|", "dim"), " ")
            out.append((prefix, _text(text.expandtabs(4), "bold" if deciding else "")))
        return out


def _finding(out: _Layout, finding: Finding, excerpts: _Excerpts) -> None:
    severity = finding.severity
    head = Text.assemble((severity.upper(), SEVERITY_STYLE.get(severity, "")), "  ",
                         _text(finding.control, "bold"))
    if finding.status in _MARK:
        head.append(f"  ({_MARK[finding.status]})", style="magenta")
    out.add(head)
    if finding.title:
        out.add(_text(finding.title, "italic"), 2)
    location = finding.resource.location
    out.add(Text.assemble(_text(finding.resource.address), "  ",
                          _text(f"{location.file}:{evidence_line(finding)}", "cyan")), 2)
    out.add(_evidence(finding), 2)
    if finding.waiver:
        out.add(_text(_waiver_text(finding.waiver), "magenta"), 2)
    for prefix, code in excerpts(finding):
        out.add(code, 4, prefix, fold=True)


def _order(finding: Finding) -> tuple:
    """Most severe first, then file and line."""
    return (-SEVERITIES.index(finding.severity) if finding.severity in SEVERITIES else 1,
            finding.resource.location.file, evidence_line(finding), finding.control,
            finding.resource.address)


def _waiver_notices(out: _Layout, entries: list[WaiverEntry]) -> None:
    """Expired waivers, inline suppressions not applied, and unused waivers."""
    for title, chosen, describe in (
            ("expired waivers: they no longer apply", [e for e in entries if e.expired],
             lambda e: f"expired {e.waiver.expires}, would waive {e.matched}"),
            ("suppressions not applied", [e for e in entries if e.problem],
             lambda e: e.problem),
            ("unused waivers: they waive nothing in this scan", [e for e in entries if e.unused],
             lambda e: "")):
        if not chosen:
            continue
        out.blank()
        out.add(Text(f"{title} ({len(chosen)})", style="bold"))
        for entry in chosen:
            where = f"{entry.waiver.file}:{entry.waiver.line}" if entry.waiver.line else entry.waiver.file
            what = entry.text or " ".join(filter(None, (
                entry.waiver.control, entry.resource, entry.file_pattern and f"file {entry.file_pattern}")))
            detail = describe(entry)
            out.add(_text(f"{where}: {what}" + (f" ({detail})" if detail else "")), 2)


def _category_summary(result: ScanResult) -> str:
    counts: dict[str, Counter] = defaultdict(Counter)
    for finding in result.findings:
        counts[finding.category][finding.status] += 1
    headers = ["category", "failing", "passing", "unknown"]
    statuses = [Status.FAIL, Status.PASS, Status.UNKNOWN]
    if any(c[Status.WAIVED] for c in counts.values()):
        headers.append("waived")
        statuses.append(Status.WAIVED)
    rows = [[category, *(c[status] for status in statuses)] for category, c in sorted(counts.items())]
    return tabulate(rows, headers=headers, tablefmt="simple")


def _severity_summary(result: ScanResult) -> str:
    """Findings by status (rows) and severity (columns), with totals."""
    counts: dict[Status, Counter] = defaultdict(Counter)
    for finding in result.findings:
        counts[finding.status][finding.severity] += 1
    severities = list(reversed(SEVERITIES))
    rows = []
    for status, label in ((Status.FAIL, "failing"), (Status.UNKNOWN, "unknown"),
                          (Status.WAIVED, "waived"), (Status.PASS, "passing")):
        if status is Status.WAIVED and not counts[status]:
            continue
        rows.append([label, *(counts[status][s] for s in severities),
                     sum(counts[status].values())])
    if result.baselined:
        baselined = Counter(f.severity for f in result.baselined)
        rows.append(["in the baseline", *(baselined[s] for s in severities),
                     len(result.baselined)])
    return tabulate(rows, headers=["findings", *severities, "total"], tablefmt="plain")


def _summary(out: _Layout, result: ScanResult) -> None:
    judged = {(f.resource.location.file, f.resource.address)
              for f in [*result.findings, *result.baselined]}
    unjudged = sum(1 for r in result.resources if (r.location.file, r.address) not in judged)
    unread = unreadable_count(result.errors)
    files = f"files      {result.files_scanned} scanned"
    if unread:
        files += f", {unread} not read completely (see errors)"
    unscanned = unscanned_summary(result.errors)
    resources = (f"resources  {len(result.resources)}, {unjudged} of them no control applies "
                 "to" if result.resources else "resources  0")
    out.blank()
    out.add(Text("summary", style="bold"))
    out.add(Text(files), 2)
    if unscanned:
        out.add(Text(f"unscanned  {unscanned_text(result.errors)}"), 2)
    out.add(Text(resources), 2)
    for line in _severity_summary(result).splitlines():
        out.add(Text(line.rstrip()), 2)


def _closing_lines(result: ScanResult, show_unknown: bool, show_waived: bool) -> list[str]:
    counts = Counter(f.status for f in result.findings)
    failing = Counter(f.severity for f in result.findings if f.status is Status.FAIL)
    by_severity = ", ".join(f"{failing[s]} {s}" for s in reversed(SEVERITIES) if failing[s])
    out = [f"{counts[Status.FAIL]} failing" + (f" ({by_severity})" if by_severity else "")
           + f", {counts[Status.PASS]} passing, {counts[Status.UNKNOWN]} unknown"
           + (f", {counts[Status.WAIVED]} waived" if counts[Status.WAIVED] else "")
           + (f", {len(result.baselined)} in the baseline" if result.baselined else "")]
    if nothing_evaluated(result):
        out[0] = f"{NOTHING_EVALUATED} ({unscanned_text(result.errors)}): no finding says " \
                 "anything about them"
    elif unscanned_summary(result.errors):
        out.append(f"{unscanned_summary(result.errors)}: nothing in them is in the counts "
                   "above (see the notices)")
    if counts[Status.UNKNOWN] and not show_unknown:
        out.append("unknown: the deciding value can't be known from the files alone (known "
                   "only at apply time, an input with no value, a template placeholder, a "
                   "module not read, or a limit); list them with --show-unknown")
    if result.baselined:
        out.append(f"baseline: {len(result.baselined)} failing findings are in the baseline "
                   "(--baseline) and not listed; they still fail")
    if counts[Status.WAIVED] and not show_waived:
        out.append("waived: accepted by a waiver or an inline suppression; "
                   "list them with --show-waived")
    return out


def render(result: ScanResult, show_unknown: bool = False, show_waived: bool = False,
           width: int | None = None, color: bool = False) -> str:
    """The report at `width` columns (default WIDTH), with colour (ANSI) only when `color`."""
    width = max(MIN_WIDTH, width or WIDTH)
    # measures and wraps text only: terminal.styled writes the lines
    console = Console(file=io.StringIO(), width=width, color_system=None, legacy_windows=False,
                      _environ={})
    wanted = ({Status.FAIL} | ({Status.UNKNOWN} if show_unknown else set())
              | ({Status.WAIVED} if show_waived else set()))
    listed = sorted((f for f in result.findings if f.status in wanted), key=_order)
    out = _Layout(console, width)
    out.add(_text(f"compliance {__version__}: {result.files_scanned} files, "
                  f"{len(result.resources)} resources, {len(result.controls)} controls, "
                  f"{result.duration_s:.2f} s"))
    out.add(_text(f"root: {result.root}"))
    excerpts = _Excerpts(result)
    for finding in listed:
        out.blank()
        _finding(out, finding, excerpts)
    errors = [e for e in result.errors if not e.skipped]
    if errors:
        out.blank()
        out.add(Text(f"errors ({len(errors)}): these files were not fully scanned",
                     style="bold"))
        for error in errors:
            out.add(_text(error), 2)
    unscanned = [e for e in result.errors if e.skipped]
    if unscanned:
        out.blank()
        out.add(Text(f"not scanned ({len(unscanned)}): inputs recognized and left aside",
                     style="bold"))
        for error in unscanned:
            out.add(_text(error), 2)
    _waiver_notices(out, result.waivers)
    out.add_plain(visible("\n".join(render_framework_sections(result.frameworks, width)),
                          keep_newlines=True))
    if result.findings:
        out.blank()
        out.add_plain(_category_summary(result))
    _summary(out, result)
    out.blank()
    for number, line in enumerate(_closing_lines(result, show_unknown, show_waived)):
        out.add(Text(line, style="bold" if number == 0 else ""))
    text = styled(out.lines, color)  # plain, or coloured by rich; guarded against CI commands
    return _TRAILING_BLANKS.sub(lambda m: "".join(_SGR.findall(m.group(0))), text)
