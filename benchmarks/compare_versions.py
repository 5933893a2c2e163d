#!/usr/bin/env python3
"""Compare the speed of two or more installed versions of compliance in one session.

On a shared machine a time measured an hour apart says little; a ratio of two versions
measured in turns, in the same minutes, says more. Each VERSION is `NAME=PYTHON[:PYTHONPATH]`:
a Python with compliance installed and, optionally, a source tree put first on its path (an
exported older commit, for example). Every measurement runs the real command in a child
process; the versions take turns within each round, and the report gives each one's median
and its ratio to the first version.

    python benchmarks/compare_versions.py \\
        before=/tmp/venv/bin/python:/tmp/old-tree after=.venv/bin/python \\
        --repeat 5 --scan terragoat=/work/repos/terragoat --scan corpus=benchmarks/corpus

Measured: wall time and CPU time (user + system, the scan's parse workers included: on a
busy machine the CPU time is the steadier figure) of `compliance --version`; for each --scan,
a warm `scan --format json` (each version with its own cache folder, `COMPLIANCE_CACHE_DIR`
and `--cache-dir`, filled by one run first); for each --cold, a cold one (every run in a
cache folder holding only that version's compiled catalog, as `run_benchmark.py`'s cold
runs; a new copy each run, all deleted at the end). The order of the versions alternates
from round to round. Nothing is compared for equality here; the reports of the last round
are kept in --out. Creating small files in the work folder is timed before and after the
rounds (`run_benchmark.file_creation_us`): a slow figure says the cold runs' cache writes cost
more than usual on both sides.

    python benchmarks/compare_versions.py before=/tmp/a/bin/python after=.venv/bin/python \\
        --repeat 10 --cold corpus=benchmarks/corpus
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

from run_benchmark import SLOW_FILE_US, file_creation_us, only_compiled_catalog, tool_environment


def _version(spec: str) -> tuple[str, str, str | None]:
    name, _, rest = spec.partition("=")
    python, _, path = rest.partition(":")
    if not name or not python:
        raise argparse.ArgumentTypeError(f"{spec!r}: expected NAME=PYTHON[:PYTHONPATH]")
    if "/" in python:  # the children run in another folder: relative paths would break
        python = str(Path(python).absolute())
    return name, python, str(Path(path).resolve()) if path else None


def _named_path(spec: str) -> tuple[str, Path]:
    name, _, path = spec.partition("=")
    if not path:
        raise argparse.ArgumentTypeError(f"{spec!r}: expected NAME=PATH")
    return name, Path(path).resolve()


def _run(python: str, pythonpath: str | None, cache: Path,
         args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children)."""
    env = tool_environment()
    env.pop("PYTHONPATH", None)
    env["COMPLIANCE_CACHE_DIR"] = str(cache)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    started = time.perf_counter()
    # run outside any checkout: `python -m compliance` imports the package of the current
    # folder first, so from a clone every version would run the clone's code
    child = subprocess.Popen([python, "-m", "compliance", *args], env=env, cwd=cache.parent,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):
        sys.exit(f"{python} {' '.join(args)} exited {child.returncode}")
    return elapsed, usage.ru_utime + usage.ru_stime


def _seed(python: str, pythonpath: str | None, work: Path, name: str) -> Path:
    """A cache folder holding only the version's compiled catalog (as run_benchmark.py's
    `compiled_catalog`, run this script's way: outside any checkout, with its PYTHONPATH)."""
    seed, empty = work / f"seed-{name}", work / "empty"
    shutil.rmtree(seed, ignore_errors=True)
    empty.mkdir(exist_ok=True)
    _run(python, pythonpath, seed, ["scan", str(empty), "--format", "json", "-o",
                                    str(work / "seed.json"), "--quiet", "--fail-on", "none",
                                    "--allow-unread", "--cache-dir", str(seed)])
    return only_compiled_catalog(seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("versions", nargs="+", type=_version, metavar="NAME=PYTHON[:PATH]")
    parser.add_argument("--scan", action="append", type=_named_path, default=[],
                        metavar="NAME=FOLDER", help="a folder to scan warm (repeatable)")
    parser.add_argument("--cold", action="append", type=_named_path, default=[],
                        metavar="NAME=FOLDER", help="a folder to scan cold (repeatable)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds (default 5)")
    parser.add_argument("--out", type=Path, default=None,
                        help="where the reports go (default: a temporary folder)")
    options = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="compare-")) if options.out is None else options.out
    work.mkdir(parents=True, exist_ok=True)
    # (what is measured, whether cold, the folder scanned: None for --version)
    cases: list[tuple[str, bool, Path | None]] = [("--version", False, None)]
    cases += [(f"warm scan {name}", False, folder) for name, folder in options.scan]
    cases += [(f"cold scan {name}", True, folder) for name, folder in options.cold]
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}

    def arguments(name: str, folder: Path | None, cache: Path) -> list[str]:
        if folder is None:
            return ["--version"]
        return ["scan", str(folder), "--format", "json", "-o", str(work / f"{name}.json"),
                "--quiet", "--fail-on", "none", "--cache-dir", str(cache)]

    seeds = {name: _seed(python, path, work, name)
             for name, python, path in options.versions} if options.cold else {}
    for case, cold, folder in cases:  # fill each version's caches (parse cache, catalog)
        if not cold:
            for name, python, path in options.versions:
                cache = work / f"cache-{name}"
                _run(python, path, cache, arguments(name, folder, cache))
    probes = [file_creation_us(work)]
    for round_ in range(options.repeat):
        for number, (case, cold, folder) in enumerate(cases):
            for name, python, path in (options.versions if round_ % 2 == 0
                                       else options.versions[::-1]):
                cache = work / f"cache-{name}"
                if cold:  # a new folder each run, deleted at the end: a cold scan made
                    # right after deleting the last one's ~1,850 entries pays the file
                    # system for it (docs/benchmarks.md, "Cache entries in one folder")
                    cache = work / f"cold-{name}-{number}-{round_}"
                    shutil.copytree(seeds[name], cache)
                measured = _run(python, path, cache, arguments(name, folder, cache))
                times.setdefault((case, name), []).append(measured)
    probes.append(file_creation_us(work))
    for cold_cache in work.glob("cold-*"):
        shutil.rmtree(cold_cache, ignore_errors=True)
    first = options.versions[0][0]
    names = [name for name, _, _ in options.versions]
    for column, title in ((0, "wall time"), (1, "CPU time (user + system, with children)")):
        print(f"\n{title}, median of {options.repeat}:\n")
        print(f"| measure | {' | '.join(f'{n} (s)' for n in names)} | "
              f"{' | '.join(f'{n} / {first}' for n in names[1:])} |")
        print("|---|" + "---:|" * (2 * len(names) - 1))
        for case, _, _ in cases:
            medians = [statistics.median(t[column] for t in times[(case, n)]) for n in names]
            ratios = [f"{m / medians[0]:.2f}x" for m in medians[1:]]
            print(f"| {case} | {' | '.join(f'{m:.3f}' for m in medians)} | "
                  f"{' | '.join(ratios)} |")
    print(f"\n{options.repeat} rounds, versions in turn within each round (the order "
          f"alternating); reports in {work}")
    print(f"Creating a small file took {probes[0]:.0f} us of CPU before the rounds and "
          f"{probes[1]:.0f} us after" + (
              f" (over {SLOW_FILE_US:.0f}: files were deleted on this disk shortly before, and "
              "cache writes cost more kernel time; the ratios stand, the times are long)"
              if max(probes) > SLOW_FILE_US else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
