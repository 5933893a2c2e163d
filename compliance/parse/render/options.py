"""What rendering is given and gives back (the package's `render_inputs`, rendering.py), kept
apart so that a scan with no chart or overlay imports none of the renderers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from compliance.model import Resource, ScanError

DEFAULT_TIMEOUT_S = 60.0  # per chart or overlay
KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
# rendered manifests' texts -> their parse results (as compliance.parse.kubernetes gives them)
ParseTexts = Callable[[list[str]], list[dict[str, Any]]]


@dataclass(frozen=True)
class RenderOptions:
    """How charts are rendered: the values files given and each rendering's time limit."""

    helm_values: tuple[Path, ...] = ()  # --helm-values, in order
    timeout: float = DEFAULT_TIMEOUT_S  # per chart or overlay


@dataclass
class Renderings:
    """What rendering gave: the resources, the problems and the files it covers."""

    resources: list[Resource] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    covered: set[str] = field(default_factory=set)  # scanned files not to read on their own
