#!/usr/bin/env python3
"""Time `compliance diff` for a one-file change in the benchmark corpus, with a warm cache.

The corpus is copied into a temporary git repository and committed. One diff against HEAD
fills the parse cache (base and head have the same content then). Each measured run then
changes one more Terraform file in the working tree (a different file each time, so its new
content is never in the cache) and runs, in a child process, as a user would:

    compliance diff CORPUS --base HEAD --format json -o REPORT --quiet --fail-on-new none --cache-dir DIR

    python benchmarks/run_diff_benchmark.py               # 1,000 .tf files, 3 runs
    python benchmarks/run_diff_benchmark.py --repeat 5 --corpus /tmp/corpus
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run_benchmark import interpreter, tool_environment

HERE = Path(__file__).resolve().parent
TARGET_S = 1.5  # issue 16's, for a one-file change of the 1,000-file corpus (the first plan's: 5 s)
# a new API method without authorization: the diff finds something new in each run
METHOD = """
resource "aws_api_gateway_method" "bench_{index}" {{
  rest_api_id   = "bench"
  resource_id   = "bench"
  http_method   = "GET"
  authorization = "NONE"
}}
"""
GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, **GIT_ENV})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from run_benchmark import compliance_command

    if not args.corpus.is_dir():
        subprocess.run([sys.executable, str(HERE / "generate_corpus.py"), "--out",
                        str(args.corpus)], check=True)
    with tempfile.TemporaryDirectory(prefix="compliance-diff-bench-") as tmp:
        repo, cache, report = Path(tmp) / "repo", Path(tmp) / "cache", Path(tmp) / "r.json"
        shutil.copytree(args.corpus, repo)
        git(repo, "init", "-q")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "corpus")
        cmd = [*compliance_command(), "diff", str(repo), "--base", "HEAD", "--format", "json",
               "-o", str(report), "--quiet", "--fail-on-new", "none", "--cache-dir", str(cache)]
        subprocess.run(cmd, check=True, env=tool_environment())  # fills the cache
        candidates = sorted(repo.glob("live/*/*/*/api.tf"))
        scan_cmd = [*compliance_command(), "scan", str(repo), "--format", "json", "-o",
                    str(report), "--quiet", "--fail-on", "none", "--cache-dir", str(cache)]
        times, summaries, scans = [], [], []
        for index in range(args.repeat):
            target = candidates[index]
            target.write_text(target.read_text() + METHOD.format(index=index))
            started = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, text=True, env=tool_environment())
            times.append(time.perf_counter() - started)
            if done.returncode != 0:
                print(done.stderr[-2000:], file=sys.stderr)
                return 1
            summaries.append(json.loads(report.read_text())["summary"])
            started = time.perf_counter()  # a warm scan of the same tree, for comparison
            subprocess.run(scan_cmd, capture_output=True, check=False, env=tool_environment())
            scans.append(time.perf_counter() - started)
            git(repo, "checkout", "--", str(target.relative_to(repo)))  # one change at a time
    median = statistics.median(times)
    print(f"compliance diff, one-file change, warm cache: {len(times)} runs on "
          f"{os.cpu_count()} cores, Python {interpreter()}")
    print(f"times (s): {', '.join(f'{t:.2f}' for t in times)}; best {min(times):.2f}, "
          f"median {median:.2f}; target at most {TARGET_S:g} s: "
          f"{'met' if median <= TARGET_S else 'MISSED'}")
    print(f"warm `compliance scan` of the same tree, same conditions (s): "
          f"{', '.join(f'{t:.2f}' for t in scans)}; median {statistics.median(scans):.2f}; "
          f"diff/scan = {median / statistics.median(scans):.2f}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print(f"last run: {summaries[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
