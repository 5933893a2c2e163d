"""Time and memory budgets: a file or a scan that would run or grow without bound is stopped
where the work happens, named, and never mistaken for a clean result."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.cli.main import main
from compliance.parse import batch, budget
from compliance.parse.cache import ParseCache
from compliance.pipeline import scan as scan_module
from compliance.pipeline.scan import ScanOptions, ScanOverBudget, run_scan


def spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_a_block_over_its_time_is_stopped():
    started = time.monotonic()
    with pytest.raises(budget.OverBudget):
        with budget.time_limit(0.2):
            spin(5)
    assert time.monotonic() - started < 2


def test_the_inner_limit_is_caught_inside_and_the_outer_one_still_holds():
    caught_inside = []
    with pytest.raises(budget.OverBudget) as outer:
        with budget.time_limit(0.6) as scan_limit:
            for _ in range(10):
                try:
                    with budget.time_limit(0.1) as mine:
                        spin(5)
                except budget.OverBudget as over:
                    if over.limit is not mine:
                        raise
                    caught_inside.append(over)
    assert outer.value.limit is scan_limit
    assert 2 <= len(caught_inside) <= 7


def test_no_limit_leaves_no_timer_behind():
    with budget.time_limit(5):
        pass
    spin(0.05)  # an alarm still armed would fire on the next long call
    import signal
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_file_over_its_parse_time_is_not_read_and_not_cached(tmp_path, monkeypatch):
    def slow(kind, text):
        spin(5)

    monkeypatch.setattr(batch, "parse_source", slow)
    cache = ParseCache(tmp_path / "cache")
    key = batch.content_key("terraform", b"x = 1\n")
    results = batch.parse_many([(key, b"x = 1\n")], cache, workers=1, file_seconds=0.2)
    [error] = results[key]["errors"]
    assert "took longer than 0.2 s" in error["message"] and error.get("unread", True)
    assert cache.get(*key) is None  # with more time, the same content may parse


def test_a_scan_over_its_time_stops_with_no_result(tmp_path, monkeypatch):
    (tmp_path / "main.tf").write_text('resource "aws_kms_key" "k" {}\n')
    original = scan_module._scan

    def slow_scan(*args, **kwargs):
        spin(5)
        return original(*args, **kwargs)

    monkeypatch.setattr(scan_module, "_scan", slow_scan)
    with pytest.raises(ScanOverBudget, match="time budget of 0.3 s"):
        run_scan([tmp_path], None, controls=[], options=ScanOptions(time_budget_s=0.3))
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--no-cache", "--no-config",
                                       "--time-budget", "0.3"])
    assert result.exit_code == 3
    assert "ran over its time budget" in result.stderr


def test_a_scan_over_its_memory_is_stopped_in_its_own_process(tmp_path):
    (tmp_path / "main.tf").write_text('resource "aws_kms_key" "k" {}\n')
    code = ("import sys; from pathlib import Path\n"
            "from compliance.pipeline import scan as s\n"
            "original = s._scan\n"
            "def greedy(*a, **k):\n"
            "    hog = bytearray(600 * 1024 * 1024)\n"
            "    return original(*a, **k)\n"
            "s._scan = greedy\n"
            "try:\n"
            f"    s.run_scan([Path({str(tmp_path)!r})], None, controls=[],\n"
            "               options=s.ScanOptions(memory_budget=400 * 1024 * 1024))\n"
            "except s.ScanOverBudget as exc:\n"
            "    print(exc); sys.exit(3)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 3, done.stderr
    assert "memory budget" in done.stdout


def test_the_memory_limit_is_put_back_afterwards():
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    with budget.memory_limit(3 * 1024**3):
        assert resource.getrlimit(resource.RLIMIT_AS)[0] == 3 * 1024**3
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_budgets_come_from_the_command_line_not_the_repository(tmp_path):
    (tmp_path / "main.tf").write_text('resource "aws_kms_key" "k" {}\n')
    (tmp_path / ".compliance.yaml").write_text("time_budget: 0\nmemory_budget: 0\n")
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--no-cache"])
    assert result.exit_code == 2  # not keys a configuration file may set
    assert ".compliance.yaml" in result.stderr
