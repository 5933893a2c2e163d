"""End-to-end tests of the installed `compliance` command, run as a user would run it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SCHEMA = json.loads((REPO / "compliance" / "schemas" / "report.schema.json").read_text())
# The command installed beside the Python running the tests (a venv need not be activated).
COMPLIANCE = (shutil.which("compliance", path=str(Path(sys.executable).parent))
              or shutil.which("compliance"))
assert COMPLIANCE, "install the package first (pip install '.[test]'): these tests run the command"

FAILING_TF = '''resource "aws_kms_key" "k" {
  description         = "orders"
  enable_key_rotation = false
}
'''


def run(*args, cwd=None, env=None):
    return subprocess.run([COMPLIANCE, *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120)


def test_version():
    from compliance import __version__

    result = run("--version")
    assert result.returncode == 0 and __version__ in result.stdout


@pytest.mark.parametrize("command", [[], ["scan"], ["controls"], ["controls", "list"],
                                     ["controls", "show"]])
def test_every_command_has_help(command):
    result = run(*command, "--help")
    assert result.returncode == 0
    assert "Usage:" in result.stdout and len(result.stdout.splitlines()) > 3


def test_scan_examples_prints_a_table_and_fails(tmp_path):
    import os

    result = run("scan", EXAMPLES, "--cache-dir", tmp_path, env={**os.environ, "COLUMNS": "80"})
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stdout  # a pipe: no colour
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80  # the terminal's width (COLUMNS)
    severities = [line.split()[0] for line in lines
                  if line.split() and line.split()[0] in ("CRITICAL", "HIGH", "MEDIUM", "LOW")]
    assert severities[0] == "CRITICAL"  # the most severe first
    assert severities == sorted(severities, key=["CRITICAL", "HIGH", "MEDIUM", "LOW"].index)
    assert any(line.lstrip().startswith("> 37 |") for line in lines)  # the deciding line
    assert any(line.strip().startswith("resources") for line in lines)  # the summary
    assert "failing" in lines[-1] or "failing" in lines[-2]


def test_json_report_validates_against_the_schema(tmp_path):
    out = tmp_path / "report.json"
    result = run("scan", EXAMPLES, "--format", "json", "-o", out, "--no-cache")
    assert result.returncode == 1 and result.stdout == ""
    report = json.loads(out.read_text())
    jsonschema.validate(report, SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert report["summary"]["by_status"]["fail"] > 0
    assert report["scan"]["files_scanned"] > 0
    platforms = {f["resource"]["platform"] for f in report["findings"]}
    assert platforms == {"terraform", "kubernetes", "openapi", "kong", "cloudformation"}
    embedded = [f for f in report["findings"] if f["resource"]["platform"] == "openapi"]
    # OpenAPI bodies read where they are written: a templatefile() and a SAM DefinitionBody
    assert {f["location"]["file"] for f in embedded} == {"terraform/openapi/catalog.yaml",
                                                         "sam/template.yaml"}
    for finding in report["findings"]:
        assert "\\" not in finding["location"]["file"]
        assert not Path(finding["location"]["file"]).is_absolute()


def test_fail_on_threshold(tmp_path):
    (tmp_path / "main.tf").write_text(FAILING_TF)
    assert run("scan", tmp_path, "--no-cache", "-q").returncode == 1
    assert run("scan", tmp_path, "--no-cache", "-q", "--fail-on", "medium").returncode == 1
    assert run("scan", tmp_path, "--no-cache", "-q", "--fail-on", "critical").returncode == 0
    assert run("scan", tmp_path, "--no-cache", "-q", "--fail-on", "none").returncode == 0


def test_clean_tree_exits_zero(tmp_path):
    (tmp_path / "main.tf").write_text(FAILING_TF.replace("false", "true"))
    result = run("scan", tmp_path, "--no-cache", "--format", "json")
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["summary"]["by_status"]["pass"] >= 1


def test_scan_without_paths_scans_the_current_folder():
    here = run("scan", "--no-cache", "--format", "json", cwd=EXAMPLES)
    dot = run("scan", ".", "--no-cache", "--format", "json", cwd=EXAMPLES)
    assert here.returncode == dot.returncode == 1
    findings = json.loads(here.stdout)["findings"]
    assert findings and findings == json.loads(dot.stdout)["findings"]


@pytest.mark.parametrize("args", [
    ["scan", "/no/such/path"],
    ["scan", ".", "--format", "xml"],
    ["scan", ".", "--fail-on", "urgent"],
    ["scan", ".", "--max-file-size", "lots"],
    ["controls", "show", "no-such-control"],
    ["controls", "list", "--category", "nonsense"],
])
def test_usage_errors_exit_2(args):
    result = run(*args, cwd=EXAMPLES)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_unwritable_output_is_a_usage_error(tmp_path):
    (tmp_path / "main.tf").write_text(FAILING_TF)
    (tmp_path / "a-file").write_text("")  # a folder can't be made under a file
    result = run("scan", tmp_path, "-o", tmp_path / "a-file" / "dir" / "r.json")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "cannot write" in result.stderr


def test_bad_files_are_notices_not_crashes(tmp_path):
    (tmp_path / "main.tf").write_text(FAILING_TF)
    (tmp_path / "broken.tf").write_text('resource "x" "y" {\n  a = \n')
    result = run("scan", tmp_path, "--no-cache")
    assert result.returncode == 3  # the scan is incomplete: fail closed
    assert "Traceback" not in result.stderr
    assert "notice: broken.tf:" in result.stderr
    assert "broken.tf" in result.stdout  # listed under errors in the report too
    assert "main.tf" in result.stdout  # and the rest of the scan went on
    allowed = run("scan", tmp_path, "--no-cache", "--allow-unread")
    assert allowed.returncode == 1  # the failing finding decides
    quiet = run("scan", tmp_path, "--no-cache", "--quiet")
    assert quiet.stderr == ""


def test_an_unread_input_exits_3_even_when_nothing_fails(tmp_path):
    (tmp_path / "main.tf").write_text(FAILING_TF.replace("false", "true"))
    (tmp_path / "broken.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata: [\n")
    assert run("scan", tmp_path, "--no-cache").returncode == 3
    assert run("scan", tmp_path, "--no-cache", "--allow-unread").returncode == 0
    (tmp_path / "broken.yaml").unlink()
    (tmp_path / "empty.tf").write_text("")  # valid Terraform: neither an error nor a notice
    result = run("scan", tmp_path, "--no-cache", "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["errors"] == []
    assert "empty.tf" not in result.stderr


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path):
    (tmp_path / "main.tf").write_text(FAILING_TF)
    result = run("scan", tmp_path, "--no-cache")
    assert "parsing" not in result.stderr


def test_cache_is_written_reused_and_bypassed(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "main.tf").write_text(FAILING_TF)
    cache = tmp_path / "cache"
    first = run("scan", tmp_path / "src", "--cache-dir", cache, "--format", "json")
    # (the whole-scan memo aside: it is stored once the file has not changed for a second)
    sealed = lambda: sorted(p for p in cache.rglob("*.sealed")  # noqa: E731
                            if "memo" not in p.relative_to(cache).parts)
    entries = sealed()
    parsed = sorted((cache / "parse").rglob("*.sealed"))
    assert len(parsed) == 1
    # the root module resolved: what it read, and its results
    assert len(list((cache / "resolved").rglob("*.sealed"))) == 2
    # the compiled catalog and frameworks go with the other caches (a CI cache keeps them)
    assert {p.name.split("-")[0] for p in (cache / "compiled").glob("*.json")} == \
        {"catalog", "frameworks"}
    parsed[0].write_bytes(parsed[0].read_bytes())  # untouched content, new mtime
    second = run("scan", tmp_path / "src", "--cache-dir", cache, "--format", "json")
    assert sealed() == entries
    strip = lambda r: [f for f in json.loads(r.stdout)["findings"]]  # noqa: E731
    assert strip(first) == strip(second)
    bypass = tmp_path / "cache2"
    run("scan", tmp_path / "src", "--cache-dir", bypass, "--no-cache")
    assert not bypass.exists()


def test_var_file_changes_the_result(tmp_path):
    (tmp_path / "main.tf").write_text('''variable "rotate" {
  default = false
}
resource "aws_kms_key" "k" {
  enable_key_rotation = var.rotate
}
''')
    (tmp_path / "on.tfvars.txt").write_text("rotate = true\n")
    assert run("scan", tmp_path, "--no-cache", "-q").returncode == 1
    assert run("scan", tmp_path, "--no-cache", "-q", "--var-file",
               tmp_path / "on.tfvars.txt").returncode == 0


def test_controls_list_filters(tmp_path):
    everything = json.loads(run("controls", "list", "--format", "json").stdout)
    assert len(everything) >= 30
    authn = json.loads(run("controls", "list", "--category", "authn", "--format", "json").stdout)
    assert authn and {c["category"] for c in authn} == {"authn"}
    k8s = json.loads(run("controls", "list", "--platform", "kubernetes", "--format", "json").stdout)
    assert k8s and all("kubernetes" in c["platforms"] for c in k8s)
    assert len(k8s) < len(everything)
    table = run("controls", "list")
    assert table.returncode == 0 and max(map(len, table.stdout.splitlines())) <= 100


def test_controls_show():
    result = run("controls", "show", "aws-apigw-method-authorization")
    assert result.returncode == 0
    for heading in ("What it checks", "Why it matters", "How to fix it", "Checks"):
        assert heading in result.stdout


def test_a_scan_that_read_nothing_says_so(tmp_path):
    (tmp_path / "notes.txt").write_text("no infrastructure here\n")
    result = run("scan", tmp_path, "--no-cache", "--format", "json")
    assert result.returncode == 3
    (error,) = json.loads(result.stdout)["errors"]
    assert error["unread"] and error["message"].startswith("nothing was read")
    (tmp_path / "main.tf").write_text(FAILING_TF.replace("false", "true"))
    skipped = run("scan", tmp_path, "--no-cache", "--skip-path", "*.tf")
    assert skipped.returncode == 3 and "nothing was read" in skipped.stdout


def test_one_scan_writes_several_reports(tmp_path):
    out = tmp_path / "out"
    result = run("scan", EXAMPLES, "--no-cache", "-o", out / "r.json", "-o", f"sarif={out}/r.log",
                 "-o", out / "r.md", "-o", out / "r.xml")
    assert result.returncode == 1 and result.stdout == ""
    assert json.loads((out / "r.json").read_text())["findings"]
    assert json.loads((out / "r.log").read_text())["version"] == "2.1.0"
    assert (out / "r.md").read_text().startswith("# Compliance report")
    assert (out / "r.xml").read_text().startswith("<?xml")
    # a lone file takes --format when given (as before), else its extension
    run("scan", EXAMPLES, "--no-cache", "--format", "csv", "-o", out / "one.json")
    assert (out / "one.json").read_text().startswith("control,")
    run("scan", EXAMPLES, "--no-cache", "-o", out / "two.json")
    assert json.loads((out / "two.json").read_text())["findings"]
    # several files, one of which says no format: a usage error before anything is scanned
    bad = run("scan", EXAMPLES, "-o", out / "a.json", "-o", out / "b.dat")
    assert bad.returncode == 2 and "b.dat: name its format" in bad.stderr


def test_output_folders_are_made_and_the_file_is_named(tmp_path):
    # `baseline create . -o .compliance/baseline.json` failed in a fresh repository
    report = tmp_path / "reports" / "ci" / "scan.json"
    result = run("scan", EXAMPLES, "--format", "json", "-o", report, "--no-cache")
    assert result.returncode == 1 and json.loads(report.read_text())["findings"]
    assert f"wrote {report}: the json report" in result.stderr
    baseline = tmp_path / ".compliance" / "baseline.json"
    assert run("baseline", "create", EXAMPLES, "-o", baseline, "--no-cache").returncode == 0
    assert json.loads(baseline.read_text())["findings"]
    quiet = run("scan", EXAMPLES, "-o", tmp_path / "q.txt", "-q", "--no-cache")
    assert "wrote" not in quiet.stderr


def test_cache_keys_follow_the_data_parsers_read(tmp_path, monkeypatch):
    # an edited controls/pulumi-types.yaml was answered from entries parsed with the old table
    from compliance.parse import cache

    (tmp_path / "controls").mkdir()
    table = tmp_path / "controls" / "pulumi-types.yaml"
    monkeypatch.setattr(cache, "data_dir", lambda name: tmp_path / name)
    keys = []
    for text in ("types: {a: b}\n", "types: {a: c}\n"):
        table.write_text(text)
        cache._parser_data_digest.cache_clear()
        keys.append(cache._key("pulumi", "0" * 64))
    cache._parser_data_digest.cache_clear()
    assert keys[0] != keys[1]


def test_check_and_skip_check_choose_controls_by_id_or_glob(tmp_path):
    def controls(*args):
        result = run("scan", EXAMPLES, "--format", "json", "--no-cache", "--no-config", *args)
        assert result.returncode in (0, 1), result.stderr
        return {f["control"] for f in json.loads(result.stdout)["findings"]}

    everything = controls()
    only_k8s = controls("--check", "k8s-*")
    assert only_k8s and only_k8s == {c for c in everything if c.startswith("k8s-")}
    assert controls("--check", "k8s-*", "--skip-check", "k8s-seccomp-profile") == \
        only_k8s - {"k8s-seccomp-profile"}
    # from .compliance.yaml too
    config = tmp_path / "c.yaml"
    config.write_text("checks: ['kong-*']\nskip_checks: [kong-route-authentication]\n")
    result = run("scan", EXAMPLES, "--format", "json", "--no-cache", "--config", config)
    from_config = {f["control"] for f in json.loads(result.stdout)["findings"]}
    assert from_config == {c for c in everything if c.startswith("kong-")} - \
        {"kong-route-authentication"}
    # a pattern that names nothing, or skips everything, is a mistake: exit 2, not a clean scan
    for args in (["--check", "kong-typo"], ["--skip-check", "*"]):
        bad = run("scan", EXAMPLES, "--no-cache", "--no-config", *args)
        assert bad.returncode == 2 and bad.stdout == "", args


def command_tree(group, prefix=""):
    """(path, command) of every command and subcommand under `group`, as typed after it."""
    import click

    ctx = click.Context(group)  # list/get_command: the top group loads its commands lazily
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from command_tree(command, f"{prefix}{name} ")


def _all_commands() -> list[str]:
    from compliance.cli.main import main

    return [path for path, _ in command_tree(main)]


# every command and subcommand, so that a new one is held to the same rule without a list to edit
COMMANDS = _all_commands()


@pytest.mark.parametrize("command", COMMANDS)
def test_the_readme_names_every_option(command):
    # a user should find every option of every command in the README, not only in --help
    import re

    from click.testing import CliRunner

    from compliance.cli.main import main

    usage = CliRunner().invoke(main, [*command.split(), "--help"]).output
    assert usage.startswith("Usage:"), usage
    options = set(re.findall(r"^\s+(?:-\w, )?(--[a-z][a-z-]*)", usage, re.M)) - {"--help"}
    readme = (REPO / "README.md").read_text()
    assert sorted(o for o in options if o not in readme) == []
