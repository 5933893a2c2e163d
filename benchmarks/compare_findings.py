#!/usr/bin/env python3
"""Check that two installed versions of compliance find exactly the same things.

A change meant only to make evaluation faster must not change one finding. Each VERSION is
`NAME=PYTHON[:PYTHONPATH]` (as in compare_versions.py); each scans the same folders in a
child process (default: one copy of the examples and of every control's samples, so every
check of the catalog runs on its pass and fail cases, at the same paths for every version)
and writes every finding in full: control, check, status, resource, location and evidence
(attribute, observed value, expectation, line), the requirements it maps to, and the scan's
errors. The first version is the reference; the
others must write the same bytes.

    python benchmarks/compare_findings.py main=/tmp/venv/bin/python branch=.venv/bin/python \\
        [--warm | --cold-cache] [--scan /work/repos/terragoat ...] [--out /tmp/findings]

Exit 0 when every version agrees with the first, 1 (and the first differing findings) when not.
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from compare_versions import _version  # NAME=PYTHON[:PYTHONPATH], the same syntax

HERE = Path(__file__).resolve().parent

# run in each version: scan the folders with the whole catalog, print one finding per line
_DUMP = """
import json, os, sys
from pathlib import Path
from compliance.catalog.controls import load_catalog
from compliance.outputs.json_report import finding_to_dict
from compliance.pipeline.scan import ScanOptions, run_scan

# warm: scan twice with a cache and keep the second (what replaying from the caches gives,
# the whole-scan memo included in a version that has it); cold-cache: scan once with an empty
# cache and the default workers (forked helpers share out resolution and evaluation)
mode = os.environ.get("COMPARE_MODE", "")
cache = Path(os.environ["COMPLIANCE_CACHE_DIR"]) if mode else None
memo = {"memo": True} if mode == "warm" and "memo" in ScanOptions.__dataclass_fields__ else {}
for _time in range(2 if mode == "warm" else 1):
    result = run_scan([Path(p) for p in sys.argv[1:]], load_catalog(),
                      options=ScanOptions(workers=None if mode == "cold-cache" else 1,
                                          cache_dir=cache, **memo))
lines = sorted(json.dumps(finding_to_dict(f, result.requirements), sort_keys=True, default=str)
               for f in result.findings)
errors = sorted(json.dumps([e.file, e.line, e.message, e.skipped], default=str)
                for e in result.errors)
sys.stdout.write("\\n".join(lines + ["errors:"] + errors) + "\\n")
"""


def dump(python: str, pythonpath: str | None, folders: list[str], mode: str = "") -> str:
    env = {**os.environ, "COMPARE_MODE": mode}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    with tempfile.TemporaryDirectory() as cache:
        env["COMPLIANCE_CACHE_DIR"] = cache
        done = subprocess.run([python, "-c", _DUMP, *folders], capture_output=True, text=True,
                              env=env, cwd=cache, check=False)
    if done.returncode:
        sys.exit(f"{python}: the scan failed:\n{done.stderr[-3000:]}")
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("versions", nargs="+", type=_version, metavar="NAME=PYTHON[:PATH]")
    parser.add_argument("--scan", action="append", default=[], metavar="FOLDER",
                        help="scan these folders instead of the examples and the samples")
    parser.add_argument("--out", type=Path, help="also keep each version's dump here")
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument("--warm", action="store_const", const="warm", dest="mode", default="",
                       help="scan twice with a cache and compare the second scans")
    modes.add_argument("--cold-cache", action="store_const", const="cold-cache", dest="mode",
                       help="scan once with an empty cache and the default workers (a cold "
                            "scan's forked helpers; without this and --warm: no cache, one "
                            "process)")
    args = parser.parse_args(argv)
    dumps = {}
    with tempfile.TemporaryDirectory() as work:
        folders = args.scan
        if not folders:  # one copy for all: paths (and so fingerprints) must be the same
            folders = [shutil.copytree(HERE.parent / name, Path(work) / name)
                       for name in ("examples", "controls")]
        for name, python, path in args.versions:
            dumps[name] = dump(python, path, [str(f) for f in folders], args.mode)
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / f"{name}.txt").write_text(dumps[name])
    (first, reference), *others = dumps.items()
    findings = reference.count("\n") - reference.count("\nerrors:")
    status = 0
    for name, text in others:
        if text == reference:
            print(f"{name}: the same {findings} lines as {first}")
            continue
        status = 1
        diff = difflib.unified_diff(reference.splitlines(), text.splitlines(), first, name,
                                    lineterm="", n=0)
        print("\n".join(line[:300] for line in list(diff)[:40]))
    return status


if __name__ == "__main__":
    sys.exit(main())
