"""One masking rule for every output: secrets planted in every input format
(tests/data/canary: Terraform, Kubernetes, OpenAPI, Kong, APIM, Pulumi YAML) appear in no report
format, no diff output, no evidence pack member and no parse-cache file.

The planted values all contain `Kanarie` (any case); file and resource names never do, and the
catalog's own text never uses the word, so any occurrence of it in an output is a leaked
credential (or a part of one)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.cli.main import main

CANARY_TREE = Path(__file__).parent / "data" / "canary"
CANARY = re.compile(rb"(?i)kanarie[\w/+=.-]*")
REPORT_FORMATS = ("table", "json", "sarif", "junit", "csv", "markdown", "html")
DIFF_FORMATS = ("text", "markdown", "github", "json", "gitlab", "sarif")


def leaks(data: bytes) -> set[bytes]:
    return set(CANARY.findall(data))


def run(*args: object) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output  # findings, not an error
    return result.output


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("canary") / "repo"
    shutil.copytree(CANARY_TREE, root)
    (root / "README.md").unlink()  # the only file that names the canaries without hiding them
    return root


def test_the_canaries_are_in_the_inputs(tree):
    # the test can fail: every format holds at least one planted value, read by the scan
    for name in ("main.tf", "k8s.yaml", "openapi.yaml", "kong.yaml", "policy.xml",
                 "pulumi/Pulumi.yaml"):
        assert leaks((tree / name).read_bytes()), name
    report = run("scan", tree, "--no-config", "--no-cache", "--format", "json", "-q")
    assert '"errors": []' in report
    for control in ("tf-resource-literal-secret", "k8s-env-literal-secret",
                    "openapi-literal-integration-credential", "kong-plugin-config-literal-secret",
                    "azure-apim-policy-literal-credential", "tf-provider-literal-credentials"):
        assert f'"control": "{control}"' in report


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_no_report_format_shows_a_planted_secret(tree, fmt):
    output = run("scan", tree, "--no-config", "--no-cache", "--format", fmt, "-q")
    assert "literal" in output.lower() or fmt == "junit" or fmt == "csv"  # it did report
    assert leaks(output.encode()) == set()


def test_no_evidence_pack_member_shows_a_planted_secret(tree, tmp_path):
    pack = tmp_path / "pack.zip"
    run("evidence", tree, "--no-config", "--no-cache", "-o", pack, "--timestamp", "1700000000",
        "-q")
    with zipfile.ZipFile(pack) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    assert "index.html" in members and b"excerpt" in members["index.html"].lower()
    assert {name: leaks(data) for name, data in members.items() if leaks(data)} == {}


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                   cwd=root, check=True, capture_output=True)


@pytest.mark.parametrize("fmt", DIFF_FORMATS)
def test_no_diff_format_shows_a_planted_secret(tree, tmp_path, fmt):
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    _git(root, "commit", "-q", "--allow-empty", "-m", "base")
    shutil.copytree(tree, root, dirs_exist_ok=True)
    output = run("diff", root, "--base", "main", "--no-config", "--no-cache", "--format", fmt)
    assert "literal" in output.lower() or "secret" in output.lower()  # the new findings are there
    assert leaks(output.encode()) == set()


def test_the_parse_cache_holds_no_planted_secret(tree, tmp_path):
    cache = tmp_path / "cache"
    run("scan", tree, "--no-config", "--cache-dir", cache, "--format", "json", "-q")
    files = [path for path in cache.rglob("*") if path.is_file()]
    assert files  # the scan did write its cache
    assert {str(path): leaks(path.read_bytes()) for path in files if leaks(path.read_bytes())} == {}
    # and a warm scan reads it back to the same findings
    cold = run("scan", tree, "--no-config", "--no-cache", "--format", "json", "-q")
    warm = run("scan", tree, "--no-config", "--cache-dir", cache, "--format", "json", "-q")
    assert _findings(warm) == _findings(cold)
    # an entry changed on disk fails its seal and is parsed again, never trusted
    for path in files:
        data = path.read_bytes()  # its last byte changed, whatever it was (a stamp: made)
        path.write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]) if data else b"x")
    tampered = run("scan", tree, "--no-config", "--cache-dir", cache, "--format", "json", "-q")
    assert _findings(tampered) == _findings(cold)


def _findings(report: str) -> list[str]:
    return sorted(re.findall(r'"fingerprint": "([^"]+)"', report))


def test_the_history_database_holds_no_planted_secret(tree, tmp_path):
    database = tmp_path / "history.db"
    run("scan", tree, "--no-config", "--no-cache", "--record", "--db", database, "-q")
    assert b"tf-resource-literal-secret" in database.read_bytes()  # the findings were stored
    assert leaks(database.read_bytes()) == set()


def test_the_terminal_excerpts_of_unknown_and_waived_findings_show_no_planted_secret(tree):
    output = run("scan", tree, "--no-config", "--no-cache", "-q", "--show-unknown",
                 "--show-waived")
    assert " | " in output  # excerpts were printed
    assert leaks(output.encode()) == set()
