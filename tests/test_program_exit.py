"""The `compliance` program ends without the interpreter's teardown (cli.main.run): what it
wrote must all be there, and its exit codes must be click's."""

import json
import os
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def program(*args, tmp_path):
    env = {**os.environ, "COMPLIANCE_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-m", "compliance", *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, check=False)


def test_a_report_on_a_pipe_arrives_whole_with_the_exit_code(tmp_path):
    done = program("scan", EXAMPLES / "terraform", "--format", "json", tmp_path=tmp_path)
    assert done.returncode == 1  # failing findings
    report = json.loads(done.stdout)
    assert len(report["findings"]) > 50


def test_a_report_file_is_complete(tmp_path):
    out = tmp_path / "report.json"
    done = program("scan", EXAMPLES / "terraform", "--format", "json", "-o", out, "--quiet",
                   tmp_path=tmp_path)
    assert done.returncode == 1 and json.loads(out.read_text())["findings"]


def test_success_and_usage_errors_keep_their_codes(tmp_path):
    version = program("--version", tmp_path=tmp_path)
    assert version.returncode == 0 and "compliance" in version.stdout
    wrong = program("scan", "--no-such-option", tmp_path=tmp_path)
    assert wrong.returncode == 2 and "No such option" in wrong.stderr


def test_under_a_profiler_the_interpreter_ends_as_usual(tmp_path):
    stats = tmp_path / "profile.out"
    done = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(stats), "-m",
                           "compliance", "--version"], capture_output=True, text=True,
                          cwd=tmp_path, check=False)
    assert done.returncode == 0 and stats.stat().st_size > 0


def test_exit_handlers_run_once_and_the_teardown_is_still_skipped(tmp_path):
    # logging and multiprocessing (imported by a scan that parsed in worker processes)
    # register exit handlers: they must run, and must not bring the slow teardown back
    script = (
        "import atexit, logging, multiprocessing.util\n"
        "from compliance.cli import main\n"
        "class Freed:\n"
        "    def __del__(self): print('torn down', flush=True)\n"
        "kept = Freed()\n"
        "atexit.register(lambda: print('handler ran', flush=True))\n"
        "main._exit(3)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=tmp_path, check=False)
    assert done.returncode == 3, done.stderr
    assert done.stdout.splitlines() == ["handler ran"]
