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


def test_a_line_is_spliced_from_shared_parts_exactly_as_json_dumps_writes_it():
    """Findings sharing a control and a resource reuse their encoded parts; what differs
    (evidence of any shape, fingerprints, a waiver, the diff's repository path) must still be
    each finding's own."""
    from datetime import date

    from compliance.model import Evidence, Finding, Location, RequirementRef, Resource, Status
    from compliance.model.results import Waiver

    bucket = Resource("terraform", "aws_s3_bucket", "logs", "aws_s3_bucket.logs", {},
                      Location("main.tf", 3, 9), scope="café")
    other = Resource("kubernetes", "Pod", "web", "Pod/web", {}, Location("pod.yaml", 1, 20))
    waiver = Waiver("file", "s3-logging", "accepted ☂", "team", date(2027, 1, 2), "w.yaml", 4)
    findings = [
        Finding("s3-logging", "on", "Logs kept", "logging", "high", Status.FAIL, bucket,
                Evidence("logging.target", None, "a bucket", 5)),
        Finding("s3-logging", "on", "Logs kept", "logging", "high", Status.FAIL, bucket,
                Evidence("acl", {"grants": [1.5, float("inf"), "ünïcode"], 7: date(2026, 1, 1)},
                         "private", None)),
        Finding("s3-logging", "on", "Logs kept", "logging", "high", Status.PASS, other,
                Evidence("", ["a", {"b": True}], "", 2)),
        Finding("s3-logging", "on", "Logs kept", "logging", "high", Status.WAIVED, bucket,
                Evidence("x", 1, "y", 3), waiver),
        Finding("pod-root", "user", "No root", "identity", "medium", Status.FAIL, other,
                Evidence("spec.securityContext", "0", "non-root", 12)),
    ]
    # the scalars written without the encoder, and their neighbours that are not
    findings += [
        Finding("pod-root", "user", "No root", "identity", "medium", Status.FAIL, other,
                Evidence('labels["é \\"x\\""]', observed, 'not "0" ☂\n', line))
        for observed, line in [(True, 1), (False, None), (0, 2), (-7, 3), (10**30, 4),
                               (2.5, 5), (float("nan"), 6), ("", 7), ('a "b"\n\tc ü 😀', 8),
                               (Status.FAIL, 9), ([], 10), ({}, 11)]]
    requirements = {"s3-logging": [
        RequirementRef("pci-dss", "PCI DSS v4.0.1", "10.2.1", "Audit logs", "direct"),
        RequirementRef("gdpr", "GDPR", "Art.32(1)", "Security", "supports")]}
    lines = json_report.FindingLines(requirements)
    for repository_file in (None, "infra/main.tf", None):
        for finding in findings:
            expected = json_report.finding_to_dict(finding, requirements)
            if repository_file is not None:
                expected["location"]["repository_file"] = repository_file
            assert lines.encode(finding, repository_file=repository_file) == json.dumps(
                expected, default=str)


def test_the_report_in_pieces_encodes_each_finding_only_when_it_is_reached(catalog, monkeypatch):
    """A large report is written as it is made (`render_pieces`), never held whole: a finding
    is encoded when the writer reaches it, not all of them before the first piece."""
    result = run_scan([EXAMPLES], catalog, options=ScanOptions(), framework_ids=("pci-dss",))
    encoded = []
    encode = json_report.FindingLines.encode
    monkeypatch.setattr(json_report.FindingLines, "encode",
                        lambda self, finding, *rest: encoded.append(finding) or encode(
                            self, finding, *rest))
    pieces = json_report.render_pieces(result)
    head = next(pieces)
    assert '"findings": [' not in head and encoded == []
    read = [head]
    while not encoded:
        read.append(next(pieces))
    assert len(encoded) == 1 and len(result.findings) > 100
    assert "".join(read + list(pieces)) == json_report.render(result)
    assert len(encoded) == 2 * len(result.findings)  # the pieces', then render's own


def test_write_output_writes_pieces_as_the_text_they_make(tmp_path, capsys):
    from compliance.cli.common import _CHUNK, write_output

    pieces = ["x" * 1000] * (_CHUNK // 1000 + 5) + ["é", "", "end\n"]
    write_output(tmp_path / "out" / "report.json", iter(pieces))
    assert (tmp_path / "out" / "report.json").read_text(encoding="utf-8") == "".join(pieces)
    write_output(None, iter(pieces))
    assert capsys.readouterr().out == "".join(pieces)
    write_output(None, iter(["\x1b[2Jsafe\n"]), log_safe=True)  # guarded, as a text is
    assert "\x1b" not in capsys.readouterr().out
