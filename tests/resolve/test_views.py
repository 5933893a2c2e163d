"""apply_views looks at the kinds of the scan's resources once, and again only after a view
that makes resources of new kinds (views.py, `makes_kinds`): every other view must give only
kinds it was given, or a later view that reads them would be skipped."""

from __future__ import annotations

from pathlib import Path

from compliance.pipeline import scan as scan_module
from compliance.pipeline.scan import ScanOptions, run_scan
from compliance.resolve.views import VIEWS

REPOSITORY = Path(__file__).resolve().parents[2]


def test_only_a_view_marked_so_makes_resources_of_new_kinds(monkeypatch):
    given = []

    def spy(resources):
        given.extend(resources)
        return [], []

    monkeypatch.setattr(scan_module, "apply_views", spy)
    # every control's samples: each platform and type a control reads, and the examples
    run_scan([REPOSITORY / "controls", REPOSITORY / "examples"], None, controls=[],
             options=ScanOptions(cache_dir=None))
    platforms = {r.platform for r in given}
    assert {"terraform", "kubernetes", "kong", "openapi", "apim"} <= platforms
    # all of them, and each platform's alone (a view given only Terraform must not be the
    # only one to bring the Kubernetes kinds)
    inputs = [given, *([r for r in given if r.platform == p] for p in sorted(platforms))]
    made = set()
    for view in VIEWS:
        for resources in inputs:
            out = view.function()(resources)
            new = {(r.platform, r.type) for r in out} - {(r.platform, r.type) for r in resources}
            if new:
                made.add(view.__name__)
                assert view.makes_kinds, (view.__name__, sorted(new)[:5])
    assert made == {"terraform_kubernetes_view"}  # the samples hold what it converts
