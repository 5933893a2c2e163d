"""History for people: the runs table, terminal sparklines, and charts drawn with matplotlib
(SVG, PNG, or a self-contained HTML page with the chart inline and a table of the runs)."""

from __future__ import annotations

import io
import json
import math
from collections import defaultdict
from pathlib import Path

from tabulate import tabulate

from compliance.history.store import Regression, RunRow, TrendPoint
from compliance.model.results import unscanned_counts_text

SPARKS = "▁▂▃▄▅▆▇█"
SPARK_WIDTH = 60
# The coverage axis: 0-100 unless the data's range is narrow, then zoomed around it, but never to
# less than MIN_SPAN points (a 0.1-point wobble must not fill the chart), and with a note saying
# so. A zoom wider than FULL_AXIS points would hardly help: the full axis is drawn instead.
MIN_SPAN = 10.0
FULL_AXIS = 50.0
AXIS_NOTE = "axis does not start at 0"
# a run recorded before the history kept what was left unread: unknown, never 0
NOT_RECORDED = "not recorded"
INCOMPLETE_LABEL = "inputs left unscanned or unreadable"
INCOMPLETE_COLOUR = "#b42318"


def _percent(value) -> str:
    return "-" if value is None else f"{value:.1f}%"


def _count(value: int | None) -> str:
    return NOT_RECORDED if value is None else str(value)


def unscanned_cell(total: int | None, by_kind: dict[str, int] | None) -> str:
    """`3 (module 2, chart 1)`, `0`, or `not recorded`."""
    if not total:
        return _count(total)
    kinds = ", ".join(f"{kind} {n}" for kind, n in (by_kind or {}).items() if n)
    return f"{total} ({kinds})" if kinds else str(total)


def runs_table(rows: list[RunRow], framework: str | None = None) -> str:
    if not rows:
        return "no recorded runs match\n"
    frameworks = [framework] if framework else sorted({f for r in rows for f in r.coverage})
    headers = ["run", "recorded (UTC)", "repository", "branch", "commit", "failing",
               "unscanned", "unreadable", *[f"{f} coverage" for f in frameworks]]
    body = [[r.id, r.recorded_at.strftime("%Y-%m-%d %H:%M"), r.repo, r.branch or "-",
             r.commit[:8] or "-", r.failed, unscanned_cell(r.unscanned, r.unscanned_by_kind),
             _count(r.unreadable),
             *[_percent(r.coverage[f]["coverage"]) if f in r.coverage else "" for f in frameworks]]
            for r in rows]
    return tabulate(body, headers=headers, disable_numparse=True) + "\n"


def runs_json(rows: list[RunRow]) -> str:
    return json.dumps([{
        "id": r.id, "repo": r.repo, "branch": r.branch, "commit": r.commit,
        "recorded_at": r.recorded_at.isoformat(timespec="seconds"),
        "tool_version": r.tool_version, "catalog_version": r.catalog_version,
        "source": r.source,
        "findings": {"pass": r.passed, "fail": r.failed, "unknown": r.unknown,
                     "waived": r.waived},
        # as in the JSON report's summary; null: not recorded
        "unscanned": r.unscanned_by_kind, "unreadable": r.unreadable,
        "frameworks": r.coverage} for r in rows], indent=2) + "\n"


def by_series(points: list[TrendPoint]) -> dict[str, list[TrendPoint]]:
    """One series per repository (with its branch when a repository has several)."""
    branches = defaultdict(set)
    for p in points:
        branches[p.repo].add(p.branch)
    series: dict[str, list[TrendPoint]] = defaultdict(list)
    for p in points:
        name = p.repo if len(branches[p.repo]) == 1 else f"{p.repo} ({p.branch or '-'})"
        series[name].append(p)
    return dict(series)


def sparkline(values: list[float | None], width: int = SPARK_WIDTH,
              low: float | None = None, high: float | None = None) -> str:
    """`values` (None: a gap) in at most `width` characters; each character is the mean of a
    bucket of consecutive values."""
    if len(values) > width:
        size = len(values) / width
        buckets = [values[int(i * size):int((i + 1) * size)] for i in range(width)]
        values = [None if not (known := [v for v in b if v is not None])
                  else sum(known) / len(known) for b in buckets]
    known = [v for v in values if v is not None]
    if not known:
        return " " * len(values)
    low = min(known) if low is None else low
    high = max(known) if high is None else high
    span = (high - low) or 1.0
    return "".join(" " if v is None else
                   SPARKS[min(len(SPARKS) - 1, int((v - low) / span * (len(SPARKS) - 1) + 0.5))]
                   for v in values)


def _change(first: float | None, last: float | None) -> str:
    """`25.0% -> 26.7% (+1.7 points)`: a small change is stated, not left to a sparkline."""
    if first is None or last is None:
        return f"{_percent(first)} -> {_percent(last)}"
    return f"{_percent(first)} -> {_percent(last)} ({last - first:+.1f} points)"


def not_read(point: TrendPoint) -> str:
    """What a run left unscanned or unread: `3 unscanned (2 remote modules not scanned, 1 Helm
    chart not rendered), 0 unreadable`, or `not recorded`."""
    if point.unscanned is None and point.unreadable is None:
        return NOT_RECORDED
    detail = unscanned_counts_text(point.unscanned_by_kind or {})
    return (f"{_count(point.unscanned)} unscanned{f' ({detail})' if detail else ''}, "
            f"{_count(point.unreadable)} unreadable")


def inputs_change(previous: TrendPoint, latest: TrendPoint) -> str:
    """Plain words when the count of unscanned inputs or unreadable files differs between two
    runs ("" when it does not): coverage is of what was read, so it moves with that too."""
    changes = [f"{name} {_count(before)} -> {_count(after)}" for name, before, after in (
        ("unscanned inputs", previous.unscanned, latest.unscanned),
        ("unreadable files", previous.unreadable, latest.unreadable)) if before != after]
    if not changes:
        return ""
    return (f"what was read changed between runs {previous.run_id} and {latest.run_id} "
            f"({', '.join(changes)}): "
            "coverage counts only what was read, so part of its change may be this, not a fix "
            "or a regression")


def trend_text(framework: str, points: list[TrendPoint]) -> str:
    if not points:
        return f"no recorded runs with framework {framework}\n"
    lines = [f"{framework}: coverage (% of decided requirements passing) and failing findings"]
    for name, series in by_series(points).items():
        coverage = [p.coverage for p in series]
        failing = [float(p.failing_findings) for p in series]
        known = [c for c in coverage if c is not None]
        # the same zoom as the chart's axis, for each series: on 0-100 eight bars are 12.5
        # points each, and 25% -> 26.7% would be the same bar
        low, high = coverage_axis(coverage)
        scale = "" if (low, high) == (0.0, 100.0) else f"  [scale {low:g}-{high:g}%]"
        first, last = series[0], series[-1]
        lines.append(f"{name}  ({len(series)} run{'s' if len(series) != 1 else ''}, "
                     f"{first.recorded_at:%Y-%m-%d} .. {last.recorded_at:%Y-%m-%d})")
        lines.append(f"  coverage {sparkline(coverage, low=low, high=high)}  "
                     f"{_change(known[0] if known else None, known[-1] if known else None)}"
                     f"{scale}")
        lines.append(f"  failing  {sparkline(failing, low=0.0)}  "
                     f"{first.failing_findings} -> {last.failing_findings} "
                     f"({last.failing_findings - first.failing_findings:+d})")
        incomplete = sum(p.incomplete for p in series)
        lines.append(f"  not read latest run: {not_read(last)}"
                     + (f"; {incomplete} of {len(series)} run{'s' if len(series) != 1 else ''} "
                        "left inputs unscanned or unread" if incomplete else ""))
        change = inputs_change(series[-2], last) if len(series) > 1 else ""
        if change:
            lines.append(f"  note: {change}")
    return "\n".join(lines) + "\n"


def regression_text(found: list[Regression], framework: str, points: float) -> str:
    lines = []
    for r in found:
        lines.append(
            f"regression: {framework} coverage on {r.repo} {r.branch or '-'} fell "
            f"{r.drop:.1f} points (more than {points:g}): {_percent(r.previous.coverage)} in run "
            f"{r.previous.run_id} -> {_percent(r.latest.coverage)} in run {r.latest.run_id}\n")
        change = inputs_change(r.previous, r.latest)
        if change:
            lines.append(f"  note: {change}\n")
    return "".join(lines)


def coverage_axis(values: list[float | None]) -> tuple[float, float]:
    """The coverage axis for `values`: (0, 100), or a span of whole points around them when they
    lie close together (see MIN_SPAN and FULL_AXIS)."""
    known = [v for v in values if v is not None]
    if not known:
        return 0.0, 100.0
    low, high = min(known), max(known)
    span = max((high - low) * 1.5, MIN_SPAN)  # a quarter of the range free above and below
    if span >= FULL_AXIS:
        return 0.0, 100.0
    bottom = max(0.0, (low + high - span) / 2)
    top = bottom + span
    if top > 100.0:
        top, bottom = 100.0, 100.0 - span
    return float(math.floor(bottom)), float(math.ceil(top))


def axis_note(axis: tuple[float, float]) -> str:
    """What a reader of a zoomed coverage axis must be told ("" for the full axis)."""
    bottom, top = axis
    if (bottom, top) == (0.0, 100.0):
        return ""
    zoom = f"y axis zoomed to {bottom:g}-{top:g}%"
    return f"{zoom}: {AXIS_NOTE}" if bottom > 0 else zoom


def _label(name: str) -> str:
    """A series name as matplotlib text: `$` would start mathtext (and a hostile name could make
    it fail)."""
    return name.replace("$", r"\$")


def chart(framework: str, points: list[TrendPoint], path: Path) -> None:
    """Coverage % and failing findings over time, one line per repository, written as SVG,
    PNG or HTML (an SVG embedded in a self-contained page) after `path`'s suffix."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    suffix = path.suffix.lower()
    figure = Figure(figsize=(10, 6), layout="constrained")
    cov_axes, fail_axes = figure.subplots(2, 1, sharex=True)
    handles, labels = [], []
    for index, (name, series) in enumerate(by_series(points).items()):
        times = [p.recorded_at for p in series]
        # markers on every point: a series of one run has no line to draw, and a gap (a run
        # with no coverage) would otherwise hide its neighbours
        style = {"linewidth": 1.2, "marker": "o", "markersize": 4 if len(series) <= 100 else 2}
        [line] = cov_axes.plot(times, [float("nan") if p.coverage is None else p.coverage
                                       for p in series], gid=f"coverage-{index}", **style)
        fail_axes.plot(times, [p.failing_findings for p in series], gid=f"failing-{index}",
                       color=line.get_color(), **style)
        handles.append(line)
        labels.append(_label(name))
        # a ring around each run that left inputs unscanned or unread: its coverage is of
        # what was read
        incomplete = [p for p in series if p.incomplete and p.coverage is not None]
        if incomplete:
            rings = cov_axes.scatter([p.recorded_at for p in incomplete],
                                     [p.coverage for p in incomplete], s=90, zorder=3,
                                     facecolors="none", edgecolors=INCOMPLETE_COLOUR,
                                     linewidths=1.5, gid=f"incomplete-{index}")
            if INCOMPLETE_LABEL not in labels:
                handles.append(rings)
                labels.append(INCOMPLETE_LABEL)
    axis = coverage_axis([p.coverage for p in points])
    note = axis_note(axis)
    cov_axes.set_title(f"{framework}: coverage and failing findings")
    cov_axes.set_ylabel("coverage (% passing)" + ("\n" + AXIS_NOTE if axis[0] > 0 else ""))
    cov_axes.set_ylim(*axis)
    if note:
        cov_axes.text(0.005, 0.98, note, transform=cov_axes.transAxes, ha="left", va="top",
                      fontsize="small", style="italic", color="#b54708", gid="axis-note",
                      bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8})
    fail_axes.set_ylabel("failing findings")
    fail_axes.set_ylim(bottom=0)
    for axes in (cov_axes, fail_axes):
        axes.grid(True, alpha=0.3)
    if points:
        # explicit labels: matplotlib leaves out a label starting with "_" when it collects them
        cov_axes.legend(handles, labels, loc="best", fontsize="small")
    buffer = io.BytesIO()
    # text stays text in SVG (the note can be read, searched and copied), and element ids come
    # from a fixed salt: the same history draws the same file
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "compliance-trend"}):
        figure.savefig(buffer, format="png" if suffix == ".png" else "svg",
                       metadata={"Date": None} if suffix != ".png" else None)
    data = buffer.getvalue()
    if suffix in (".html", ".htm"):
        svg = data.decode("utf-8")
        data = trend_page(framework, points, svg[svg.index("<svg"):]).encode("utf-8")
    path.write_bytes(data)


def _signed(value: float | int | None) -> tuple[str, str]:
    """A change as text and the class that colours it (more coverage is up, more failing
    findings is down: the caller swaps)."""
    if value is None:
        return "-", ""
    text = f"{value:+.1f}" if isinstance(value, float) else f"{value:+d}"
    return text, "" if not value else ("up" if value > 0 else "down")


def _not_read_pair(previous: TrendPoint | None, latest: TrendPoint) -> str:
    """Unscanned / unreadable counts of the last two runs: `0 / 1 -> 3 / 1`."""
    def pair(p: TrendPoint) -> str:
        if p.unscanned is None and p.unreadable is None:
            return NOT_RECORDED
        return f"{_count(p.unscanned)} / {_count(p.unreadable)}"

    return pair(latest) if previous is None else f"{pair(previous)} -> {pair(latest)}"


def trend_page(framework: str, points: list[TrendPoint], svg: str) -> str:
    """The HTML page: a summary per series, the chart (`svg`, drawn by `chart`, inline) and every
    run, most recent first, on the HTML report's stylesheet."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    from compliance import __version__, data_dir

    series = []
    for name, runs in by_series(points).items():
        known = [p.coverage for p in runs if p.coverage is not None]
        first, last = (known[0], known[-1]) if known else (None, None)
        coverage_change, coverage_trend = _signed(
            None if first is None else round(last - first, 1))
        failing_change, failing_trend = _signed(
            runs[-1].failing_findings - runs[0].failing_findings)
        previous = runs[-2] if len(runs) > 1 else None
        series.append({
            "name": name, "runs": len(runs),
            "first_coverage": _percent(first), "last_coverage": _percent(last),
            "coverage_change": coverage_change, "coverage_trend": coverage_trend,
            "first_failing": runs[0].failing_findings, "last_failing": runs[-1].failing_findings,
            "failing_change": failing_change,
            "failing_trend": {"up": "down", "down": "up"}.get(failing_trend, ""),
            "not_read": _not_read_pair(previous, runs[-1]),
            "inputs_change": inputs_change(previous, runs[-1]) if previous else "",
            "incomplete_runs": sum(p.incomplete for p in runs)})
    newest_first = sorted(points, key=lambda p: (p.recorded_at, p.run_id), reverse=True)
    page = {
        "framework": framework, "tool_version": __version__, "series": series,
        "repositories": len({p.repo for p in points}),
        "first": f"{min(p.recorded_at for p in points):%Y-%m-%d}" if points else "",
        "last": f"{max(p.recorded_at for p in points):%Y-%m-%d}" if points else "",
        "axis_note": axis_note(coverage_axis([p.coverage for p in points])),
        # matplotlib escapes the text it writes (legend labels are user data)
        "svg": Markup(svg),
        "runs": [{"date": f"{p.recorded_at:%Y-%m-%d %H:%M}", "repo": p.repo,
                  "branch": p.branch or "-", "commit": p.commit[:8] or "-",
                  "coverage": _percent(p.coverage), "failing": p.failing_findings,
                  "unscanned": unscanned_cell(p.unscanned, p.unscanned_by_kind),
                  "unreadable": _count(p.unreadable), "incomplete": p.incomplete}
                 for p in newest_first],
        "incomplete_label": INCOMPLETE_LABEL}
    environment = Environment(loader=FileSystemLoader(str(data_dir("reports"))),
                              autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True, keep_trailing_newline=True)
    return environment.get_template("trend.html.j2").render(page=page)


CHART_SUFFIXES = (".svg", ".png", ".html", ".htm")
