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


def test_the_later_stages_are_imported_while_the_build_resolves(tmp_path):
    """What the stages after the build import (evaluation, waivers, the views the scan's
    files need) is imported in the build's meanwhile, beside its helpers, not after the build,
    when the scan waits on one process; a view whose kinds are absent is not imported."""
    import json
    import subprocess
    import sys

    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n')
    (tmp_path / "kong.yaml").write_text(
        "_format_version: '3.0'\nservices:\n- name: s\n  url: http://x\n")
    code = f"""
import json, sys
import compliance.resolve.terraform as terraform
from pathlib import Path
from compliance.parse.cache import ParseCache
from compliance.parse.discover import discover
from compliance.pipeline.scan import _build_resources, _parse_all

LATER = ("compliance.evaluate.checks", "compliance.evaluate.run", "compliance.results.waivers",
         "compliance.resolve.kong")
real = terraform.build_resources
seen = []
def build(*args, meanwhile, **kwargs):
    def noted():
        seen.append([name in sys.modules for name in LATER])
        meanwhile()
        seen.append([name in sys.modules for name in LATER])
    return real(*args, meanwhile=noted, **kwargs)
terraform.build_resources = build
found = discover([Path({str(tmp_path)!r})])
parsed = _parse_all(found.files, ParseCache(None), 1, lambda done, total: None, None)
_build_resources(found.files, parsed, found.root, [])
print(json.dumps({{"seen": seen, "apim": "compliance.resolve.apim" in sys.modules}}))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPOSITORY)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"seen": [[False] * 4, [True] * 4], "apim": False}
