"""The JSON report's fast writer says exactly what its dictionary form says."""

import json
from pathlib import Path

from compliance.outputs import json_report
from compliance.pipeline.scan import ScanOptions, run_scan

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_render_matches_the_dictionary_form(catalog):
    result = run_scan([EXAMPLES], catalog, options=ScanOptions(), framework_ids=("pci-dss",))
    rendered = json.loads(json_report.render(result))
    assert rendered == json.loads(json.dumps(json_report.to_dict(result), default=str))
    assert any(f["requirements"] for f in rendered["findings"])
    assert list(rendered)[-1] == "findings"
