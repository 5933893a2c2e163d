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


def test_each_finding_is_written_on_its_line_as_json_dumps_writes_it(catalog):
    result = run_scan([EXAMPLES], catalog, options=ScanOptions())
    text = json_report.render(result)
    body = text.split('\n  "findings": [\n    ', 1)[1]
    assert body.endswith("\n  ]\n}\n")
    lines = body.removesuffix("\n  ]\n}\n").split(",\n    ")
    assert len(lines) > 100
    assert lines == [json.dumps(json_report.finding_to_dict(f, result.requirements), default=str)
                     for f in result.findings]


def test_a_report_without_findings(catalog, tmp_path):
    result = run_scan([tmp_path], catalog, options=ScanOptions())
    text = json_report.render(result)
    assert text.endswith(',\n  "findings": []\n}\n')
    assert json.loads(text)["findings"] == []


def test_the_head_is_written_as_json_dumps_indents_it(catalog):
    """The frameworks' lists of failing fingerprints are joined, not indented by json.dumps:
    the bytes must be those json.dumps(indent=2) writes, empty lists included."""
    result = run_scan([EXAMPLES], catalog, options=ScanOptions(),
                      framework_ids=("pci-dss", "gdpr"))
    requirements = [r for f in result.frameworks for r in f.requirements]
    assert any(r.findings for r in requirements) and any(not r.findings for r in requirements)
    text = json_report.render(result)
    head = text.split(',\n  "findings": [', 1)[0]
    expected = json.dumps({k: v for k, v in json_report.to_dict(result).items()
                           if k != "findings"}, indent=2, default=str)
    assert head == expected[:-2]
