"""Whatever a scanned file holds, the scan ends with a report: no traceback, every output
format renders, and a file that could not be read completely is named as unread.

Hostile variants of every input format's samples (tests/fuzz_inputs.py): a value of the wrong
type anywhere, a cut, flipped bytes, nesting thousands of levels deep. The suite runs a few
dozen examples per case; `benchmarks/fuzz.py` runs the same properties for much longer (the
`long` profile).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.model import ScanResult
from compliance.outputs.formats import SCAN_FORMATS, View
from compliance.pipeline.scan import ScanOptions, run_scan
from fuzz_inputs import deeply_nested, flipped, seeds, truncated, wrong_type

settings.register_profile("ci", max_examples=12, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])
settings.register_profile("long", max_examples=int(os.environ.get("COMPLIANCE_FUZZ_EXAMPLES", 3000)), deadline=None,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])
settings.load_profile(os.environ.get("COMPLIANCE_FUZZ_PROFILE", "ci"))

KINDS = sorted(seeds())
STRATEGIES = {"wrong-type": wrong_type, "truncated": truncated, "flipped": flipped,
              "deeply-nested": deeply_nested}


def test_every_input_format_has_seeds():
    assert set(KINDS) >= {"terraform", "terraform-vars", "terraform-plan", "kubernetes",
                          "openapi", "kong", "apim", "pulumi-yaml", "pulumi-state",
                          "cloudformation"}


def scan_one(name: str, content: str | bytes, catalog) -> ScanResult:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        if isinstance(content, str):
            path.write_text(content, "utf-8", errors="surrogatepass")
        else:
            path.write_bytes(content)
        result = run_scan([Path(folder)], catalog, options=ScanOptions(workers=1))
        for fmt in SCAN_FORMATS.values():
            assert isinstance(fmt(result, View(show_unknown=True, show_waived=True)), str)
        return result


@pytest.mark.parametrize("strategy", sorted(STRATEGIES))
@pytest.mark.parametrize("kind", KINDS)
def test_a_hostile_file_gets_a_report(kind, strategy, catalog):
    @given(st.data())
    def run(data):
        name, content = data.draw(STRATEGIES[strategy](kind))
        result = scan_one(name, content, catalog)
        for error in result.errors:  # each names its file, for the user to find
            assert error.file in (name, "."), error

    run()
