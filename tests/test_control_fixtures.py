"""Every control of the catalog is checked against its samples, beside it:

    controls/<category>/<id>/control.yaml
    controls/<category>/<id>/fail/...   lines marked `# fail: <check>` (or `# unknown: <check>`)
    controls/<category>/<id>/pass/...   files on which every check passes

The markers are the only record of what is expected (compliance.catalog.markers); the rules
are compliance.pipeline.samples, which `compliance controls test` also runs.
"""

from __future__ import annotations

import pytest

from compliance.catalog.controls import load_catalog
from compliance.pipeline.samples import check_samples

CATALOG = load_catalog()


@pytest.mark.parametrize("control_id", sorted(CATALOG.by_id))
def test_control_samples(control_id):
    report = check_samples(CATALOG.by_id[control_id], CATALOG)
    assert report.ok, "\n".join(report.problems)
    assert report.failing and report.passing
