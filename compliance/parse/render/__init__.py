"""Inputs that are rendered before they are read: Helm charts and Kustomize overlays.

`render_inputs` finds the charts and overlays under the scanned paths, renders each with the
tool on PATH (tool.py: offline, time- and size-limited, no credentials), parses the output as
Kubernetes manifests (through the parse cache) and places every object at the file a user
edits (locate.py). It also names the scanned files those renderings cover, which the scan
then does not read as manifests of their own: a chart's templates (which don't parse as YAML)
and the files an overlay builds on (reported once, as the overlay makes them). Without the
tool, each chart or overlay is one notice (ScanError.skipped "chart" / "overlay"); a renderer
that fails is an error naming the chart or overlay with the tool's message, and the rest of
the scan goes on.

An object an overlay renders is addressed under the overlay
(`overlays/prod:Deployment/default/web`): several overlays often build on one base, and the
same line may then hold what two overlays made of it. An object that renders identically
(same origin file, address and attributes) in two of them is kept once, under the first
overlay (in path order).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from compliance.parse.discover import find_named
from compliance.parse.render import helm
from compliance.parse.render.options import (
    DEFAULT_TIMEOUT_S,
    KUSTOMIZATION_FILES,
    ParseTexts,
    Renderings,
    RenderOptions,
)

__all__ = ["DEFAULT_TIMEOUT_S", "RENDERED_FROM", "RenderOptions", "Renderings", "render_inputs"]

# the files that make a folder a chart or an overlay
RENDERED_FROM = (helm.CHART_FILE, *KUSTOMIZATION_FILES)


def render_inputs(paths: list[Path], root: Path, skip_patterns: tuple[str, ...],
                  raw: dict[str, dict[str, Any]], parse_texts: ParseTexts,
                  options: RenderOptions = RenderOptions(),
                  own_dirs: tuple[Path, ...] = (),
                  named: list[Path] | None = None) -> Renderings:
    """`own_dirs`: the scan's own folders (its cache), never searched for charts. `named`: the
    files called one of `RENDERED_FROM` under `paths`, when the caller's walk noted them
    (`discover`'s `noted`); else they are looked for here."""
    if named is None:
        named = find_named(paths, root, RENDERED_FROM, skip_patterns, own_dirs)
    if not named:  # most scans: the renderers (rendering.py) are not even imported
        return Renderings()
    from compliance.parse.render.rendering import render_named

    return render_named(named, root, raw, parse_texts, options)
