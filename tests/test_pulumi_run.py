"""`--pulumi-run`: Pulumi Python programs run offline under the SDK's mocks (the SDK is a test
dependency; the programs use pulumi.CustomResource, so no provider package is needed)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("pulumi")  # under CI a skipped module fails (conftest.py)

from test_pulumi import DATA, EXPECTED_FAILURES, _failures  # noqa: E402

from compliance.cli.main import main  # noqa: E402
from compliance.model import Unknown  # noqa: E402
from compliance.parse.pulumi.run import find_programs  # noqa: E402
from compliance.parse.pulumi.sandbox import ALLOWED_ENV, allowed_env  # noqa: E402
from compliance.pipeline.scan import ScanOptions, run_scan  # noqa: E402

PROGRAM = DATA / "python"
RUN = ScanOptions(pulumi_run=True)


def _program(tmp_path: Path, code: str, project: str = "name: p\nruntime: python\n") -> Path:
    folder = tmp_path / "prog"
    folder.mkdir()
    (folder / "Pulumi.yaml").write_text(project)
    (folder / "__main__.py").write_text(code)
    return folder


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, text in enumerate(path.read_text().splitlines(), 1) if needle in text)


@pytest.fixture(scope="module")
def run_result(catalog):
    return run_scan([PROGRAM], catalog, options=RUN)


def test_python_program_gives_the_same_failures_as_terraform(run_result, catalog):
    terraform = _failures(DATA / "terraform", catalog)[0]
    assert EXPECTED_FAILURES <= terraform
    assert run_result.errors == []
    failing = {(f.control, f.resource.type) for f in run_result.findings
               if f.status.name == "FAIL" and not f.control.startswith("tf-")}
    assert failing == terraform
    assert {r.platform for r in run_result.resources} == {"pulumi"}


def test_locations_are_the_constructor_calls(run_result):
    main_py = PROGRAM / "__main__.py"
    by_name = {r.name: r for r in run_result.resources}
    assert by_name["get_orders"].location.file == "__main__.py"
    assert by_name["get_orders"].location.start_line == _line_of(
        main_py, '"aws:apigateway/method:Method"')
    assert by_name["prod"].location.start_line == _line_of(main_py, '"aws:apigateway/stage:Stage"')
    # made through a helper in the program: the helper's constructor call
    assert by_name["assets_acl"].location.start_line == _line_of(main_py, "return CustomResource(")


def test_inputs_are_normalized_unknowns_referenced_and_secrets_unknown(run_result):
    by_name = {r.name: r for r in run_result.resources}
    method = by_name["get_orders"]
    assert method.type == "aws_api_gateway_method"
    assert method.attributes["authorization"] == "NONE"
    assert isinstance(method.attributes["rest_api_id"], Unknown)
    assert method.attributes["rest_api_id"].refs == ("aws_api_gateway_rest_api.api",)
    assert by_name["access"].attributes["retention_in_days"] == 7  # a float from the SDK
    assert by_name["api"].attributes["endpoint_configuration"] == [{"types": ["REGIONAL"]}]
    secret = by_name["db_secret"].attributes["secret_string"]
    assert isinstance(secret, Unknown)
    assert "hunter2" not in repr([r.attributes for r in run_result.resources])
    assert by_name["table"].type == "aws-native:dynamodb/table:Table"


def test_without_the_flag_the_program_is_not_run(tmp_path, catalog):
    folder = _program(tmp_path, "open('ran', 'w').write('yes')\n")
    result = run_scan([folder], catalog)
    assert result.resources == [] and not (folder / "ran").exists()
    # not run, and said so once, with how to run it; and as it was all the scan found, the
    # scan says that nothing was evaluated rather than look clean
    assert [(e.file, e.skipped) for e in result.errors] == [("Pulumi.yaml", "program"),
                                                           (".", "")]
    assert "scan again with --pulumi-run" in result.errors[0].message
    assert result.errors[1].unread and "no resource was evaluated" in result.errors[1].message \
        and "1 Pulumi program not run" in result.errors[1].message
    ran = run_scan([folder], catalog, options=RUN)
    assert (folder / "ran").exists()
    assert not any(e.file == "Pulumi.yaml" for e in ran.errors)


def test_a_program_in_another_language_is_reported_not_read(tmp_path, catalog):
    (tmp_path / "Pulumi.yaml").write_text("name: p\nruntime: nodejs\n")
    (tmp_path / "index.ts").write_text("new aws.s3.Bucket('b');\n")
    for options in (ScanOptions(), RUN):
        error, nothing = run_scan([tmp_path], catalog, options=options).errors
        assert error.skipped == "program" and "does not run nodejs programs" in error.message
        assert "no resource was evaluated" in nothing.message


def test_a_failing_program_is_an_error_entry(tmp_path, catalog):
    _program(tmp_path, "import pulumi\n\nraise RuntimeError('boom')\n")
    result = run_scan([tmp_path], catalog, options=RUN)
    assert result.resources == []
    (error,) = result.errors
    assert error.file == "prog/__main__.py" and error.line == 3
    assert "boom" in error.message


def test_a_program_past_the_time_limit_is_an_error_entry(tmp_path, catalog):
    _program(tmp_path, "import time\n\ntime.sleep(30)\n")
    result = run_scan([tmp_path], catalog, options=ScanOptions(pulumi_run=True, pulumi_timeout=2))
    (error,) = result.errors
    assert error.file == "prog/__main__.py" and "2 seconds" in error.message


def test_only_an_allow_list_reaches_the_programs_environment(tmp_path, catalog, monkeypatch):
    # credentials come under many names: none of these may reach the program
    for name in ("AWS_SECRET_ACCESS_KEY", "PULUMI_ACCESS_TOKEN", "TF_TOKEN_app_terraform_io",
                 "CI_JOB_JWT", "PGPASSWORD", "DATABASE_URL", "DOCKER_AUTH_CONFIG",
                 "SSH_AUTH_SOCK", "NPM_CONFIG__AUTH", "COMPLIANCE_HARMLESS"):
        monkeypatch.setenv(name, "not-real")
    _program(tmp_path, """\
import os
import pulumi

pulumi.CustomResource("aws:s3/bucketV2:BucketV2", "env", {
    "tags": {k: "x" for k in os.environ},
})
""")
    result = run_scan([tmp_path], catalog, options=RUN)
    assert result.errors == []
    (bucket,) = result.resources
    keys = set(bucket.attributes["tags"])
    assert "PATH" in keys
    assert keys <= set(ALLOWED_ENV) | {"PWD", "SHLVL", "_", "LC_CTYPE"}  # the shell's own


def test_allowed_env():
    env = allowed_env({"PATH": "/bin", "AWS_PROFILE": "p", "GITHUB_TOKEN": "t", "HOME": "/h",
                       "KUBECONFIG": "/k", "LANG": "C.UTF-8"})
    assert env == {"PATH": "/bin", "HOME": "/h", "LANG": "C.UTF-8"}


def _gone(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:  # a zombie still answers kill(0); it is gone once its state says so
        return open(f"/proc/{pid}/stat").read().split(") ")[1][0] == "Z"
    except OSError:
        return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process tree from /proc")
@pytest.mark.parametrize("finishes", [True, False])
def test_no_process_of_the_program_outlives_it(tmp_path, finishes):
    """A child in a session of its own (setsid) survives the program's group being killed;
    it must not survive the run, whether the program ends or runs out of time."""
    import time

    from compliance.parse.pulumi.sandbox import run_contained

    pid_file = tmp_path / "pid"
    script = tmp_path / "prog.py"
    script.write_text(f"""\
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                         start_new_session=True)
open({str(pid_file)!r}, "w").write(str(child.pid))
if {not finishes}:
    time.sleep(60)
""")
    started = time.monotonic()
    code, _, _ = run_contained([sys.executable, str(script)], tmp_path, timeout=3)
    assert (code is None) is (not finishes)
    assert time.monotonic() - started < 20
    assert _gone(int(pid_file.read_text()))


def test_discovery_of_python_programs(tmp_path):
    _program(tmp_path, "", "name: p\nruntime:\n  name: python\n  options: {virtualenv: venv}\n")
    other = tmp_path / "yamlprog"
    other.mkdir()
    (other / "Pulumi.yaml").write_text("name: q\nruntime: yaml\n")
    assert find_programs([tmp_path], tmp_path) == [tmp_path / "prog" / "Pulumi.yaml"]
    assert find_programs([tmp_path], tmp_path, ("prog",)) == []


def test_main_option(tmp_path, catalog):
    folder = _program(tmp_path, "raise SystemExit('not this one')\n",
                      "name: p\nruntime: python\nmain: src/\n")
    (folder / "src").mkdir()
    (folder / "src" / "__main__.py").write_text(
        "import pulumi\npulumi.CustomResource('aws:s3/bucketV2:BucketV2', 'b', {'bucket': 'x'})\n")
    result = run_scan([tmp_path], catalog, options=RUN)
    assert result.errors == []
    (bucket,) = result.resources
    assert (bucket.location.file, bucket.location.start_line) == ("prog/src/__main__.py", 2)


def test_cli_flag(tmp_path):
    shutil.copytree(PROGRAM, tmp_path / "python")
    runner = CliRunner()
    quiet = runner.invoke(main, ["scan", str(tmp_path), "--format", "json", "--no-cache"])
    assert quiet.exit_code == 3, quiet.output  # a program not run: its resources are unread
    ran = runner.invoke(main, ["scan", str(tmp_path), "--format", "json", "--no-cache",
                               "--pulumi-run", "--pulumi-timeout", "60"])
    assert ran.exit_code == 1, ran.output
    report = json.loads(ran.stdout)
    assert any(f["control"] == "aws-apigw-method-authorization" for f in report["findings"])
