#!/usr/bin/env python3
"""Time the two HCL front ends on the same files in one run: parse only (each file's text to the
Terraform IR, one process, no cache), and `compliance scan` end to end with a cold parse cache
(the catalog's validation, cached beside it, is kept warm: its cost is not the parser's).
Runs of the two are interleaved, so that load on the machine hits both alike; medians shown.

    python benchmarks/hcl_front_end_benchmark.py /work/repos/terraform-aws-eks benchmarks/corpus
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from hcl_differential import terraform_files  # noqa: E402

from compliance.parse import hcl_lark, hcl_treesitter  # noqa: E402

FRONT_ENDS = {"tree-sitter": hcl_treesitter.read, "hcl2": hcl_lark.read}


def parse_seconds(texts: list[str], read) -> float:
    start = time.perf_counter()
    for text in texts:
        read(text)
    return time.perf_counter() - start


def scan_seconds(folder: Path, front_end: str, cache: Path) -> float:
    shutil.rmtree(cache / "parse", ignore_errors=True)
    env = dict(os.environ, COMPLIANCE_HCL_PARSER=front_end, COMPLIANCE_CACHE_DIR=str(cache))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "compliance.cli.main", "scan", str(folder),
                    "--format", "json", "-o", os.devnull, "--quiet", "--fail-on", "none"],
                   env=env, check=False, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-scan", action="store_true", help="time parsing only")
    args = parser.parse_args()
    print("| folder | .tf files | measure | tree-sitter (s) | python-hcl2 (s) | ratio |")
    print("|---|---|---|---|---|---|")
    for folder in args.folders:
        texts = [p.read_text(encoding="utf-8-sig") for p in terraform_files([folder])]
        measures = {"parse only": lambda name: parse_seconds(texts, FRONT_ENDS[name])}
        if not args.no_scan:
            cache = Path(tempfile.mkdtemp(prefix="hcl-bench-"))
            scan_seconds(folder, "tree-sitter", cache)  # fills the catalog's validation cache
            measures["scan, cold parse cache"] = lambda name: scan_seconds(folder, name, cache)
        for label, measure in measures.items():
            runs: dict[str, list[float]] = {name: [] for name in FRONT_ENDS}
            for _ in range(args.repeat):  # interleaved, so that load on the machine hits both
                for name in FRONT_ENDS:
                    runs[name].append(measure(name))
            ts, hcl2 = (statistics.median(runs[name]) for name in FRONT_ENDS)
            print(f"| {folder.name} | {len(texts)} | {label} | {ts:.2f} | {hcl2:.2f} | "
                  f"{hcl2 / ts:.1f}x |", flush=True)


if __name__ == "__main__":
    main()
