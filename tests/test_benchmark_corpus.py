"""The benchmark corpus's CloudFormation part: templates the scan reads, the same every time."""

import filecmp
import subprocess
import sys
from pathlib import Path

from compliance.pipeline.scan import ScanOptions, run_scan

ROOT = Path(__file__).resolve().parents[1]


def _generate(out: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_corpus.py"),
                    "--files", "40", "--k8s", "0", "--gateways", "0", "--cfn", "10",
                    "--out", str(out)], check=True, capture_output=True)


def test_the_corpus_templates_are_read_and_found_wanting_in_places(tmp_path, catalog):
    _generate(tmp_path / "a")
    templates = sorted(p for folder in ("sam", "cloudformation")
                       for p in (tmp_path / "a" / folder).rglob("*") if p.is_file())
    assert len(templates) == 10
    assert {p.suffix for p in templates} == {".yaml", ".json"}
    result = run_scan([tmp_path / "a" / "sam", tmp_path / "a" / "cloudformation"], catalog,
                      options=ScanOptions())
    assert result.errors == []
    files = {r.location.file for r in result.resources if r.platform == "cloudformation"}
    assert len(files) == 10  # every template gave resources
    failing = {f.control for f in result.findings if f.status.value == "fail"}
    passing = {f.control for f in result.findings if f.status.value == "pass"}
    assert {"aws-apigw-access-logging", "aws-s3-tls-only"} <= failing
    assert "aws-apigw-method-authorization" in failing | passing


def test_the_corpus_is_the_same_bytes_every_time(tmp_path):
    _generate(tmp_path / "a")
    _generate(tmp_path / "b")
    compared = filecmp.dircmp(tmp_path / "a", tmp_path / "b")
    assert not compared.diff_files and not compared.left_only and not compared.right_only
    for folder in ("sam", "cloudformation"):
        for path in (tmp_path / "a" / folder).rglob("*"):
            if path.is_file():
                assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")
                                             ).read_bytes()
