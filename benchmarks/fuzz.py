"""The long fuzz run: the property tests of tests/test_fuzz.py (a hostile variant of a sample
of every input format gets a report, never a traceback) with many more examples.

    python benchmarks/fuzz.py                 # 3000 examples per format and mutation
    python benchmarks/fuzz.py --examples 200 -k kong

Hypothesis keeps the failing examples it finds in .hypothesis/ and replays them first next
time. The test suite runs the same properties with a dozen examples each.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=3000,
                        help="examples per input format and mutation (default 3000)")
    parser.add_argument("-k", default="", help="only the cases whose id matches (pytest -k)")
    parser.add_argument("-n", default=str(os.cpu_count() or 1), help="pytest-xdist workers")
    args = parser.parse_args()
    env = {**os.environ, "COMPLIANCE_FUZZ_PROFILE": "long",
           "COMPLIANCE_FUZZ_EXAMPLES": str(args.examples)}
    command = [sys.executable, "-m", "pytest", "-q", "tests/test_fuzz.py", "-n", args.n]
    if args.k:
        command += ["-k", args.k]
    return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
