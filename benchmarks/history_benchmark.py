"""Time `compliance history` and `compliance trend` on a large history store.

Fills a SQLite store (or --db URL) with --runs recorded runs (default 10,000) of a catalog of
--controls controls (default 100) over 5 frameworks and 4 repositories, then times the two
queries the commands make (and the commands themselves, start-up included).

    python benchmarks/history_benchmark.py                     # 10,000 runs, SQLite
    python benchmarks/history_benchmark.py --db postgresql://postgres@127.0.0.1:5432/bench
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from compliance.history import open_store
from compliance.history.record import FindingRecord, FrameworkRecord, RunRecord

FRAMEWORKS = ("gdpr", "hipaa", "iso27001", "pci-dss", "soc2")
REPOS = ("org/payments", "org/orders", "org/identity", "org/edge")


def make_runs(count: int, controls: int, seed: int = 7):
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    for i in range(count):
        findings = [FindingRecord(f"{c:04d}{r:02d}" + "0" * 14, f"control-{c:03d}",
                                  rng.choice(("pass", "pass", "pass", "fail", "unknown")))
                    for c in range(controls) for r in range(2)]
        failing = sum(f.status == "fail" for f in findings)
        frameworks = []
        for fw in FRAMEWORKS:
            statuses = {f"{fw}-{n}": rng.choice(("passing", "failing", "not-evaluated"))
                        for n in range(30)}
            passing = sum(s == "passing" for s in statuses.values())
            failing_req = sum(s == "failing" for s in statuses.values())
            frameworks.append(FrameworkRecord(fw, {
                "requirements": 30, "automated": 30, "manual": 0, "passing": passing,
                "failing": failing_req, "not_evaluated": 30 - passing - failing_req,
                "percent_passing_of_evaluated": round(100 * passing / max(1, passing + failing_req), 1)},
                failing // 3, statuses))
        yield RunRecord(uuid.UUID(int=rng.getrandbits(128)).hex, REPOS[i % len(REPOS)],
                        "main" if i % 3 else "dev", f"{i:040x}",
                        start + timedelta(minutes=30 * i), "0.1.0", "bench", "scan",
                        findings, frameworks)


def best_of(repeat: int, action) -> float:
    times = []
    for _ in range(repeat):
        clock = time.perf_counter()
        action()
        times.append(time.perf_counter() - clock)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--controls", type=int, default=100)
    parser.add_argument("--db", help="database URL or SQLite file (default: a temporary file)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    db = args.db or str(Path(tempfile.mkdtemp(prefix="history-bench-")) / "history.db")
    store = open_store(db)
    if store.count() < args.runs:
        clock = time.perf_counter()
        batch = []
        for run in make_runs(args.runs - store.count(), args.controls):
            batch.append(run)
            if len(batch) == 500:
                store.record_many(batch)
                batch = []
        store.record_many(batch)
        print(f"filled {args.runs} runs x {args.controls} controls in "
              f"{time.perf_counter() - clock:.1f} s")
    print(f"runs stored: {store.count()}")
    history = best_of(args.repeat, lambda: store.runs(limit=20))
    history_filtered = best_of(args.repeat, lambda: store.runs(repo="org/orders", branch="main",
                                                              framework="pci-dss", limit=20))
    trend = best_of(args.repeat, lambda: store.trend("pci-dss"))
    trend_repo = best_of(args.repeat, lambda: store.trend("pci-dss", repo="org/orders",
                                                          branch="main"))
    store.close()
    commands = {}
    for name, argv in (("compliance history", ["history", "--db", db]),
                       ("compliance trend --framework pci-dss",
                        ["trend", "--framework", "pci-dss", "--db", db])):
        def run(argv=argv):
            subprocess.run([sys.executable, "-m", "compliance", *argv], check=True,
                           capture_output=True)
        commands[name] = best_of(3, run)
    print("| measure | seconds |\n|---|---|")
    print(f"| history query (20 latest runs) | {history:.3f} |")
    print(f"| history query (--repo --branch --framework) | {history_filtered:.3f} |")
    print(f"| trend query (all {args.runs} runs of pci-dss) | {trend:.3f} |")
    print(f"| trend query (--repo --branch) | {trend_repo:.3f} |")
    for name, seconds in commands.items():
        print(f"| `{name}` (whole command, start-up included) | {seconds:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
