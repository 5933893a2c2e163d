"""The benchmark scripts' own judgement: the disk probe, what the report says of it, and the
evidence PDF's target."""

import statistics
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import evidence_pdf  # noqa: E402
import run_benchmark  # noqa: E402


def test_the_probe_times_new_files_in_a_new_folder_and_leaves_them(tmp_path):
    (tmp_path / "cache").mkdir()
    figure = run_benchmark.file_creation_us(tmp_path)
    assert figure > 0
    probes = [p for p in tmp_path.iterdir() if p.name.startswith("file-probe-")]
    assert len(probes) == 1  # beside the other folders, not in them
    assert len(list(probes[0].iterdir())) == run_benchmark.PROBE_FILES  # not deleted
    run_benchmark.file_creation_us(tmp_path)
    assert len([p for p in tmp_path.iterdir() if p.name.startswith("file-probe-")]) == 2


def test_waiting_for_the_disk_probes_until_it_is_quick_or_the_time_is_up(monkeypatch, tmp_path):
    figures, slept = iter([180.0, 120.0, 25.0, 20.0]), []
    monkeypatch.setattr(run_benchmark, "file_creation_us", lambda near: next(figures))
    monkeypatch.setattr(run_benchmark.time, "sleep", slept.append)
    assert run_benchmark.wait_for_disk(tmp_path, 0) == 180.0  # no time: one probe
    assert slept == []
    assert run_benchmark.wait_for_disk(tmp_path, 600) == 25.0  # 120, then quick
    assert slept == [10]


def _info(probes: list[float]) -> dict:
    def run(wall: float, **more: float) -> dict:
        return {"wall_s": wall, "cpu_s": 2 * wall, "system_s": wall / 10, "maxrss_mb": 100.0,
                "tree_pss_mb": 0.0, "other_cores": 0.0, **more}

    return {
        "date": "2026-12-06", "version": "0.1.0", "source": "commit abc", "repeat": 2,
        "machine": {"cores": 2, "cpu": "cpu", "memory_gb": 8.0, "os": "Linux x86_64",
                    "python": "3.11"},
        "stats": {"tf_files": ["a.tf"] * 1000, "files": 1200, "lines": 150000,
                  "tf_lines": 120000, "by_kind": {"terraform": 1000}},
        "summary": {"resources": 10, "findings": 20, "failing": 5, "errors": 0},
        "corpus": "benchmarks/corpus", "corpus_meta": "--files 1000", "command": "scan",
        "floor": [run(1.0), run(1.0)], "warm": [run(0.5), run(0.6)],
        "cold": [run(3.0, file_us=p) for p in probes], "warnings": [],
        # the timed runs are not sampled (PSS 0); the memory comes from runs of its own
        "memory": [run(3.3, tree_pss_mb=280.0, maxrss_mb=150.0), run(0.7, tree_pss_mb=90.0)],
    }


@pytest.mark.parametrize("probes, slow", [([22.0, 25.0], False), ([22.0, 95.0], True)])
def test_the_report_gives_cpu_and_the_probe_and_warns_of_a_slow_disk(probes, slow):
    text = run_benchmark.markdown(_info(probes))
    assert "cold 6.00 s (system 0.30 s), warm 1.10 s (system 0.06 s)" in text
    assert f"took {statistics.median(probes):.0f} us of CPU before a cold run" in text
    assert f"at most {max(probes):.0f} us" in text
    assert ("Warning: creating a file took up to 95 us" in text) is slow


def test_memory_is_reported_from_the_sampled_runs_and_times_from_the_unsampled():
    text = run_benchmark.markdown(_info([22.0, 25.0]))
    cold_row = next(line for line in text.splitlines() if line.startswith("| cold scan"))
    # best and median of the timed runs (3.0), not the sampled one (3.3); its PSS and RSS
    assert cold_row.split(" | ")[1:3] == ["3.00", "3.00"]
    assert cold_row.split(" | ")[5:7] == ["150", "280"]
    assert "peak memory at most 300 MB (PSS, all processes): 280 MB: met" in text


def test_only_a_run_asked_to_is_sampled_for_memory():
    # sampling lists /proc and reads smaps_rollup every 50 ms: it slowed the scans it timed
    holds = [sys.executable, "-c", "import time; b = bytearray(60_000_000); time.sleep(0.4)"]
    sampled = run_benchmark.measure(holds, sample_memory=True)
    timed = run_benchmark.measure(holds)
    assert sampled["rc"] == timed["rc"] == 0
    assert sampled["tree_pss_mb"] > 50 and timed["tree_pss_mb"] == 0
    assert timed["maxrss_mb"] > 50  # from the kernel's account of the process: free


def test_the_pdf_target_is_judged_on_the_pack_a_user_gets_every_framework():
    assert evidence_pdf.verdict(None) is None  # one framework alone: nothing to judge
    assert evidence_pdf.verdict(4.99).endswith("4.99 s: met")
    assert evidence_pdf.verdict(6.72).endswith("6.72 s: **MISSED**")
    assert "every framework" in evidence_pdf.verdict(6.72)


def test_the_tool_runs_with_its_modules_compiled_as_installed(monkeypatch):
    # with the variable set, a checkout without __pycache__ compiles every module on every
    # run: 0.1-0.2 s of a cold scan that an installation never pays
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setenv("KEPT_FOR_THE_TOOL", "yes")
    code = ("import os, sys; "
            "sys.exit(3 if sys.dont_write_bytecode else os.environ['KEPT_FOR_THE_TOOL'] != 'yes')")
    assert run_benchmark.measure([sys.executable, "-c", code])["rc"] == 0
    assert "compiled as an installation has them" in run_benchmark.markdown(_info([22.0]))
