"""Every control has failing and passing fixtures, with the expected line of each failure.

Layout, one folder per control:

    tests/controls/<control-id>/fail/...     files on which the control must fail
    tests/controls/<control-id>/pass/...     files on which it must pass (and never fail)
    tests/controls/<control-id>/expected.yaml
        fail:                                # exactly these failing findings, no others
          - {file: main.tf, line: 12}        # line of the deciding attribute (evidence.line)
        unknown:                             # optional: findings that must be unknown
          - {file: main.tf, line: 30}

Files are relative to the fail/ folder. Each scan runs only the control under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from compliance.catalog.controls import load_catalog
from compliance.model import Status
from compliance.pipeline.scan import ScanOptions, run_scan

FIXTURES = Path(__file__).parent / "controls"
CATALOG = load_catalog()


def _scan(path: Path, control):
    return run_scan([path], CATALOG, controls=[control], options=ScanOptions(cache_dir=None))


def test_every_control_has_fixtures():
    missing = [c.id for c in CATALOG.controls if not (FIXTURES / c.id / "expected.yaml").exists()]
    assert not missing, f"controls without fixtures: {missing}"
    orphans = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and p.name not in CATALOG.by_id)
    assert not orphans, f"fixture folders for unknown controls: {orphans}"


@pytest.mark.parametrize("control_id", sorted(CATALOG.by_id))
def test_control_fails_on_failing_fixtures(control_id):
    control = CATALOG.by_id[control_id]
    folder = FIXTURES / control_id
    expected = yaml.safe_load((folder / "expected.yaml").read_text())
    result = _scan(folder / "fail", control)
    assert not result.errors, [str(e) for e in result.errors]

    def observed(status):
        found = set()
        for f in result.findings:
            if f.status is status:
                loc = f.resource.location
                assert loc.start_line <= f.evidence.line <= loc.end_line, f
                found.add((loc.file, f.evidence.line))
        return found

    wanted = {(e["file"], e["line"]) for e in expected["fail"]}
    assert wanted, "a control's fixtures must expect at least one failure"
    assert observed(Status.FAIL) == wanted
    wanted_unknown = {(e["file"], e["line"]) for e in expected.get("unknown") or []}
    assert observed(Status.UNKNOWN) == wanted_unknown


@pytest.mark.parametrize("control_id", sorted(CATALOG.by_id))
def test_control_passes_on_passing_fixtures(control_id):
    control = CATALOG.by_id[control_id]
    result = _scan(FIXTURES / control_id / "pass", control)
    assert not result.errors, [str(e) for e in result.errors]
    statuses = [f.status for f in result.findings]
    failing = [(f.resource.address, f.evidence) for f in result.findings if f.status is not Status.PASS]
    assert not failing
    assert Status.PASS in statuses, "the passing fixtures must exercise the control"


@pytest.mark.parametrize("control_id", sorted(CATALOG.by_id))
def test_every_check_of_a_control_is_exercised(control_id):
    """A check no fixture reaches is a check nobody has seen work."""
    control = CATALOG.by_id[control_id]
    folder = FIXTURES / control_id
    reached = {f.check for f in _scan(folder / "fail", control).findings if f.status is Status.FAIL}
    reached_pass = {f.check for f in _scan(folder / "pass", control).findings
                    if f.status is Status.PASS}
    for check in control.checks:
        assert check.id in reached, f"no failing fixture for check {check.id}"
        assert check.id in reached_pass, f"no passing fixture for check {check.id}"
