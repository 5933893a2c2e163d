"""Helm charts: a folder with `Chart.yaml`, rendered with `helm template`.

The command is `helm template release-name CHART --namespace default [--values FILE]...`:
the chart's defaults, then the values files given for it, in order. It renders from the
chart's own folder (subcharts from its `charts/` folder); nothing is downloaded, so a chart
whose dependencies are not in `charts/` fails with helm's message (run `helm dependency build`
first). Each rendered document carries helm's `# Source: CHART/templates/x.yaml` line, which
names the template it came from.
"""

from __future__ import annotations

import re
from pathlib import Path

CHART_FILE = "Chart.yaml"
RELEASE_NAME = "release-name"
NAMESPACE = "default"
# the folders of a chart helm renders (its templates, its subcharts): not read as manifests
RENDERED_FOLDERS = ("templates", "charts")
_SOURCE = re.compile(r"^# Source: (.+?)\s*$", re.M)
_SEPARATOR = re.compile(r"^---[ \t]*$", re.M)


def find_charts(chart_files: list[Path]) -> list[Path]:
    """The chart folders of these `Chart.yaml` files; a subchart (under another chart's
    `charts/`) is rendered with its parent, not on its own."""
    folders = [f.parent for f in chart_files]
    return [f for f in folders
            if not any(other != f and f.is_relative_to(other / "charts") for other in folders)]


def rendered_by_chart(chart_rel: str, relpath: str) -> bool:
    """Whether the scanned file `relpath` is one helm renders for the chart at `chart_rel`."""
    prefix = f"{chart_rel}/" if chart_rel not in ("", ".") else ""
    return any(relpath.startswith(f"{prefix}{folder}/") for folder in RENDERED_FOLDERS)


def values_for(chart: Path, values: tuple[Path, ...], charts: list[Path]) -> list[Path]:
    """The values files that apply to `chart`: one inside a chart's folder applies to that
    chart only (the innermost); one elsewhere applies to every chart."""
    chosen = []
    for path in values:
        owners = [c for c in charts if path.resolve().is_relative_to(c)]
        owner = max(owners, key=lambda c: len(c.parts)) if owners else None
        if owner is None or owner == chart:
            chosen.append(path)
    return chosen


def command(helm: str, chart: Path, values: list[Path]) -> list[str]:
    flags = [part for path in values for part in ("--values", str(path.resolve()))]
    return [helm, "template", RELEASE_NAME, str(chart), "--namespace", NAMESPACE, *flags]


def split_by_source(text: str) -> dict[str, str]:
    """Rendered documents grouped by the template helm names in their `# Source:` line (in
    the order they came, helm sorts them by kind); documents with none under ""."""
    groups: dict[str, list[str]] = {}
    for document in _SEPARATOR.split(text):
        if not document.strip():
            continue
        source = _SOURCE.search(document)
        groups.setdefault(source.group(1) if source else "", []).append(document.strip("\n"))
    return {source: "\n---\n".join(documents) + "\n" for source, documents in groups.items()}


def template_file(chart: Path, source: str) -> Path | None:
    """The file a `# Source:` line names (its first part is the chart's name, not its
    folder); None when it is not a file in the chart (a subchart kept as an archive)."""
    _, _, inside = source.partition("/")
    path = chart / inside
    if not inside or ".." in Path(inside).parts or not path.is_file():
        return None
    return path
