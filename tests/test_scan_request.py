"""One scan request for every scanning command: `scan`, `evidence`, `diff` and `baseline create`
read the same options, from the command line and from .compliance.yaml, so they agree on the
same tree (compliance.cli.scan_options, compliance.pipeline.request)."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.cli.main import main

CONTROL = "aws-apigw-method-authorization"
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "GIT_CONFIG_NOSYSTEM": "1"}


METHOD_EXTRA = ('resource "aws_api_gateway_method" "extra" {\n  rest_api_id   = "api"\n'
                '  resource_id   = "res"\n  http_method   = "GET"\n  authorization = "NONE"\n}\n')


def method(name: str, authorization: str) -> str:
    return (f'resource "aws_api_gateway_method" "{name}" {{\n  rest_api_id   = "api"\n'
            f'  resource_id   = "res"\n  http_method   = "GET"\n'
            f'  authorization = {authorization}\n}}\n')


FILES = {
    # fails only when prod.tfvars (named by the configuration file) is applied
    "main.tf": 'variable "auth" {\n  default = "AWS_IAM"\n}\n\n' + method("by_var", "var.auth")
               + method("plain", '"NONE"') + method("accepted", '"NONE"'),
    "prod.tfvars": 'auth = "NONE"\n',
    # the waivers file is where the configuration file says, not the default place
    "policy/waivers.yaml": (f"- control: {CONTROL}\n  resource: aws_api_gateway_method.accepted\n"
                            "  reason: internal test route\n  owner: platform-team\n"),
    # skipped by the configuration file
    "legacy/old.tf": method("legacy", '"NONE"'),
    ".compliance.yaml": ("var_files: [prod.tfvars]\nwaivers: policy/waivers.yaml\n"
                         "skip_paths: [legacy]\n"),
}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(repo.parent)}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "repo"
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def invoke(repo: Path, *args: str):
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        return CliRunner().invoke(main, [*args, "--no-cache"], catch_exceptions=False)
    finally:
        os.chdir(cwd)


def by_status(findings: list[dict]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for finding in findings:
        if finding["control"] == CONTROL:
            out.setdefault(finding["status"], set()).add(finding["resource"]["address"])
    return out


def test_scan_evidence_diff_and_baseline_agree(repo, tmp_path):
    scanned = invoke(repo, "scan", "--format", "json")
    assert scanned.exit_code == 1, scanned.output
    statuses = by_status(json.loads(scanned.stdout)["findings"])
    # var_files, waivers and skip_paths of .compliance.yaml all applied
    assert statuses == {"fail": {"aws_api_gateway_method.by_var", "aws_api_gateway_method.plain"},
                        "waived": {"aws_api_gateway_method.accepted"}}

    pack = tmp_path / "pack.zip"
    packed = invoke(repo, "evidence", "-o", str(pack), "--timestamp", "1700000000")
    assert packed.exit_code == 0, packed.output
    with zipfile.ZipFile(pack) as archive:
        report = json.loads(archive.read("report.json"))
    assert by_status(report["findings"]) == statuses

    compared = invoke(repo, "diff", "--base", "HEAD", "--format", "json")
    assert compared.exit_code == 0, compared.output
    delta = json.loads(compared.stdout)
    assert delta["new"] == [] and delta["fixed"] == []
    assert {f["resource"]["address"] for f in delta["unchanged"]
            if f["control"] == CONTROL} == statuses["fail"]

    baseline = tmp_path / "baseline.json"
    created = invoke(repo, "baseline", "create", "-o", str(baseline))
    assert created.exit_code == 0, created.output
    entries = json.loads(baseline.read_text())["findings"]
    assert {e["resource"] for e in entries if e["control"] == CONTROL} == statuses["fail"]
    rescanned = invoke(repo, "scan", "--format", "json", "--baseline", str(baseline))
    assert rescanned.exit_code == 0, rescanned.output
    assert "fail" not in by_status(json.loads(rescanned.stdout)["findings"])


def test_a_scan_names_the_commit_branch_and_remote_it_scanned(repo):
    # git is asked while the scan runs (pipeline/request.py): its answers still reach the report
    git(repo, "remote", "add", "origin", "https://bot:secret-token@example.com/org/infra.git")
    scanned = invoke(repo, "scan", "--format", "json")
    scan = json.loads(scanned.stdout)["scan"]
    assert scan["commit"] == git(repo, "rev-parse", "HEAD").strip()
    assert (scan["branch"], scan["repository"]) == ("main", "https://example.com/org/infra.git")
    git(repo, "checkout", "-q", "--detach")
    detached = json.loads(invoke(repo, "scan", "--format", "json").stdout)["scan"]
    assert detached["branch"] == "" and detached["commit"] == scan["commit"]


def test_diff_reads_each_sides_own_variable_file(repo):
    (repo / "prod.tfvars").write_text('auth = "AWS_IAM"\n')  # the change fixes by_var
    compared = invoke(repo, "diff", "--base", "HEAD", "--format", "json")
    assert compared.exit_code == 0, compared.output
    delta = json.loads(compared.stdout)
    assert [f["resource"]["address"] for f in delta["fixed"]] == ["aws_api_gateway_method.by_var"]


def test_every_scanning_command_offers_the_shared_options():
    shared = {"--skip-path", "--var-file", "--max-file-size", "--no-cache", "--cache-dir",
              "--waivers", "--config", "--no-config", "--framework", "--pulumi-run",
              "--with-checkov"}
    for path in (["scan"], ["evidence"], ["diff"], ["baseline", "create"]):
        command = main
        for name in path:
            command = command.get_command(None, name)
        offered = {opt for param in command.params for opt in param.opts}
        assert shared <= offered, (path, shared - offered)


def test_an_unknown_framework_in_the_configuration_names_its_line(repo):
    (repo / ".compliance.yaml").write_text("skip_paths: [legacy]\nframeworks: [nope]\n")
    git(repo, "commit", "-q", "-am", "config")  # diff reads the base revision's file
    for args in (["scan"], ["evidence", "-o", "p.zip"], ["diff", "--base", "HEAD"],
                 ["baseline", "create", "-o", "b.json"]):
        result = invoke(repo, *args)
        assert result.exit_code == 2, (args, result.output)
        assert ".compliance.yaml" in result.output and ":2: frameworks" in result.output, \
            (args, result.output)


def test_diff_reads_the_configuration_of_the_base(repo):
    """A change can't loosen the scan that judges it: its own .compliance.yaml applies only
    once merged."""
    (repo / "legacy" / "old.tf").write_text(METHOD_EXTRA)  # a new failing method...
    (repo / ".compliance.yaml").write_text("skip_paths: [legacy]\n")  # already skipped
    compared = invoke(repo, "diff", "--base", "HEAD", "--format", "json")
    assert json.loads(compared.stdout)["new"] == []
    (repo / "infra").mkdir()
    (repo / "infra" / "new.tf").write_text(METHOD_EXTRA)
    # the change tries to skip its own new file: the base's configuration does not
    (repo / ".compliance.yaml").write_text("skip_paths: [legacy, infra]\n")
    compared = invoke(repo, "diff", "--base", "HEAD", "--format", "json")
    assert compared.exit_code == 1
    assert [f["location"]["file"] for f in json.loads(compared.stdout)["new"]] == ["infra/new.tf"]


@pytest.mark.parametrize("line,message", [
    ("var_files: [../outside.tfvars]",
     "var_files: ../outside.tfvars is outside the scanned folder"),
    ("waivers: ../waivers.yaml", "waivers: ../waivers.yaml is outside the scanned folder"),
    ("controls_dirs: [..]", "controls_dirs: .. is outside the scanned folder"),
])
def test_a_repository_configuration_names_no_file_outside_the_root(repo, line, message):
    (repo.parent / "outside.tfvars").write_text('auth = "NONE"\n')
    (repo.parent / "waivers.yaml").write_text("[]\n")
    (repo / ".compliance.yaml").write_text(line + "\n")
    result = invoke(repo, "scan")
    assert result.exit_code == 2 and message in result.output, result.output
    chosen = repo.parent / "chosen.yaml"  # a file the runner names may
    examples = Path(__file__).resolve().parents[1] / "docs" / "examples" / "custom-controls"
    chosen.write_text(line.replace("../", "").replace("[..]", f"[{examples}]") + "\n")
    result = invoke(repo.parent, "scan", str(repo), "--config", str(chosen))
    assert result.exit_code in (0, 1, 3), result.output


def test_a_repository_may_not_turn_on_module_downloads(tmp_path):
    """The runner would fetch from hosts and paths the repository names: only the operator (the
    command line or a --config file they name) may ask for it."""
    from click.testing import CliRunner

    from compliance.cli.main import main

    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "main.tf").write_text('module "m" {\n  source = "git::file:///etc/x"\n}\n')
    (repo / ".compliance.yaml").write_text("fail_on: none\ndownload_modules: true\n")
    result = CliRunner().invoke(main, ["scan", str(repo), "-q", "--no-cache"])
    assert result.exit_code == 2, result.output
    assert ".compliance.yaml:2: download_modules: a repository's configuration file may not" \
        in result.output
    chosen = tmp_path / "runner.yaml"
    chosen.write_text("fail_on: none\ndownload_modules: false\n")
    ok = CliRunner().invoke(main, ["scan", str(repo), "-q", "--no-cache", "--config", str(chosen)])
    assert ok.exit_code in (0, 3), ok.output  # the module is not installed: a notice, no refusal
    assert "may not turn on module downloads" not in ok.output
