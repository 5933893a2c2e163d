#!/usr/bin/env python3
"""Time `compliance scan` on the benchmark corpus and print a Markdown report.

Each measurement runs the real command line in a child process:

    compliance scan CORPUS --format json -o REPORT --quiet --fail-on none --cache-dir DIR

* parse floor: one Python process that only builds the tree-sitter HCL syntax tree of the
  same .tf files (the scan's default front end; no walk, no evaluation, no cache): the cost of
  reading and parsing alone, single process;
* cold: for every run a new cache directory holding only the compiled catalog (empty parse,
  resolved-module and remembered-outcome caches), as every run after an installation's first;
* warm: the cache directory the last cold run filled.

Every kind of run is repeated --repeat times; the table shows the best and the median. Memory
is measured per run: the peak RSS of the largest process of the scan (getrusage of that child,
via os.wait4) and the peak of the summed PSS of the whole process tree (the scan and its parse
workers), sampled from /proc every 50 ms. This script reads the corpus and the reports in
processes apart (`apart`): a scan's peak RSS would otherwise include this process's own. The
corpus is generated first if it is missing. Before each cold run the script times creating
small files beside the cache folders (`file_creation_us`): the report gives that figure, with
each kind of run's CPU time, and warns when the disk was slow to create files.

    python benchmarks/run_benchmark.py                       # 1,000 .tf files, 3 runs each
    python benchmarks/run_benchmark.py --repeat 5 --markdown benchmarks/out/results.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# issue 16's targets for 1,000 files / 150k lines on 2 cores (the first plan's: 30 s, 3 s, 500 MB)
TARGETS = {"cold_s": 3.0, "warm_s": 1.0, "memory_mb": 300.0}
FLOOR_CODE = ("import sys, tree_sitter, tree_sitter_hcl\n"
              "parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))\n"
              "for name in filter(None, sys.stdin.read().splitlines()):\n"
              "    with open(name, 'rb') as f:\n"
              "        parser.parse(f.read())\n")


# --- measuring one child process -------------------------------------------------------

def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _busy_cpu_s() -> float:
    """CPU seconds the whole machine has spent busy since boot (0 where /proc/stat is missing)."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except OSError:
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wait_idle(limit_s: float, threshold: float = 0.25) -> None:
    """Wait (at most limit_s) until the machine has been idle, below `threshold` cores, for 2 s."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        before = _busy_cpu_s()
        time.sleep(2)
        if (_busy_cpu_s() - before) / 2 < threshold:
            return


# --- the disk a cold scan writes its cache to --------------------------------------------

# A cold scan of the corpus creates ~1,850 cache entries. On ext4 without a journal (this
# project's benchmark machine) the kernel steps over inodes freed in the last 60 s (300 s while
# their table block is dirty) one by one when it allocates one, so soon after many files were
# deleted (a benchmark's own clean-up, a package installation) creating a small file costs 5-9
# times its CPU: 20-25 us when quiet, up to 180 us measured, a tenth of a cold scan's time
# (docs/benchmarks.md, "Cache entries in one folder").
PROBE_FILES = 200
SLOW_FILE_US = 60.0


def file_creation_us(near: Path) -> float:
    """CPU microseconds (user and system) creating one small file took, in a new folder under
    `near`. The files stay: deleting them would slow the next creations in the same way; they
    go with `near`."""
    folder = Path(tempfile.mkdtemp(prefix="file-probe-", dir=near))
    data = b"x" * 2048
    started = time.process_time()
    for number in range(PROBE_FILES):
        fd = os.open(folder / str(number), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
    return (time.process_time() - started) / PROBE_FILES * 1e6


def wait_for_disk(near: Path, limit_s: float) -> float:
    """Probe `file_creation_us` until it is at most SLOW_FILE_US or `limit_s` have passed
    (0: probe once); the last figure."""
    deadline = time.monotonic() + limit_s
    figure = file_creation_us(near)
    while figure > SLOW_FILE_US and time.monotonic() + 10 < deadline:
        time.sleep(10)
        figure = file_creation_us(near)
    return figure


def tool_environment() -> dict[str, str]:
    """The environment the tool runs in: this one without PYTHONDONTWRITEBYTECODE. An
    installation has the tool's modules compiled (pip compiles them as it installs, a checkout
    on its first run); with the variable set, a checkout without `__pycache__` compiles every
    module again on every run, 0.1-0.2 s of a cold scan that no user's scan costs. The first
    run (the seed, `compiled_catalog`) compiles them here."""
    return {name: value for name, value in os.environ.items()
            if name != "PYTHONDONTWRITEBYTECODE"}


def measure(cmd: list[str], stdin: str | None = None, sample_memory: bool = False) -> dict:
    """Run cmd; return wall time, CPU time (user and system, with the children it waited
    for), exit code, peak RSS of its largest process and, with `sample_memory`, peak tree
    PSS (0 without). The PSS is sampled every 50 ms, by listing /proc and reading each
    process's smaps_rollup: that costs this machine's processors what the scan would use,
    and slowed cold corpus scans by ~6% (docs/benchmarks.md), so timed runs go unsampled and
    memory has runs of its own."""
    peak_tree_kb = 0
    done = threading.Event()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        busy_before, started = _busy_cpu_s(), time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=tool_environment(),
                                stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE)

        def sample() -> None:
            nonlocal peak_tree_kb
            while not done.wait(0.05):
                peak_tree_kb = max(peak_tree_kb, sum(_pss_kb(p) for p in _descendants(proc.pid)))

        sampler = threading.Thread(target=sample, daemon=True)
        if sample_memory and os.path.exists("/proc/self/smaps_rollup"):
            sampler.start()
        if stdin is not None:
            proc.stdin.write(stdin.encode())
            proc.stdin.close()
        # the rusage of this child alone (and of the children it waited for: the parse workers)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall, busy = time.perf_counter() - started, _busy_cpu_s() - busy_before
        proc.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        if sampler.is_alive():
            sampler.join()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    # ru_maxrss is in kilobytes on Linux (bytes on macOS)
    maxrss_kb = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    # CPU the rest of the machine used meanwhile (other jobs, and this script's own sampling)
    others = max(0.0, busy - usage.ru_utime - usage.ru_stime) / wall if busy else 0.0
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
            "system_s": usage.ru_stime, "rc": proc.returncode, "maxrss_mb": maxrss_kb / 1024,
            "tree_pss_mb": peak_tree_kb / 1024, "other_cores": others, "stderr": stderr}


# --- the benchmark ---------------------------------------------------------------------

def compliance_command() -> list[str]:
    exe = shutil.which("compliance", path=os.pathsep.join([str(Path(sys.executable).parent),
                                                           os.environ.get("PATH", "")]))
    return [exe] if exe else [sys.executable, "-m", "compliance.cli"]


def corpus_stats(corpus: Path) -> dict:
    """What the scan will read, found by the tool's own discovery."""
    from compliance.parse.discover import TERRAFORM, discover

    files = discover([corpus]).files
    tf = [f for f in files if f.kind == TERRAFORM]
    by_kind: dict[str, int] = {}
    for f in files:
        by_kind[f.kind] = by_kind.get(f.kind, 0) + 1
    return {"files": len(files), "lines": sum(f.data.count(b"\n") for f in files),
            "tf_files": [str(f.path) for f in tf], "tf_lines": sum(f.data.count(b"\n") for f in tf),
            "by_kind": by_kind}


def apart(function, *args):
    """function(*args) in a new interpreter, for anything large (the corpus's files, a 40 MB
    report): Linux hands a process's peak RSS on to every program it starts (exec keeps the
    high-water mark), so a scan started after this process had grown would report this
    process's peak as its own."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args)


def fail(what: str, result: dict) -> None:
    tail = "\n".join(result["stderr"].strip().splitlines()[-25:])
    sys.exit(f"error: {what} failed with exit code {result['rc']}\n{tail}")


def compiled_catalog(cmd: list[str], work: Path) -> Path:
    """A cache folder holding only the compiled catalog and frameworks (`compiled/`,
    `validated/`): a cold scan starts from it, as every run after an installation's first
    does. (The first run also compiles the catalog, about 2.5 s; vs_checkov.sh reports it.)"""
    seed, empty = work / "seed", work / "empty"
    empty.mkdir()
    done = subprocess.run(cmd + ["scan", str(empty), "--format", "json", "-o",
                                 str(work / "seed.json"), "--quiet", "--fail-on", "none",
                                 "--allow-unread", "--cache-dir", str(seed)],
                          capture_output=True, text=True, check=False, env=tool_environment())
    return only_compiled_catalog(seed, done.stderr)


def only_compiled_catalog(seed: Path, stderr: str = "") -> Path:
    """`seed`, a cache folder a scan of an empty folder just filled, with all but its compiled
    catalog and frameworks removed; exits when the scan compiled nothing (`stderr`: its)."""
    if not (seed / "compiled").is_dir():
        sys.exit(f"error: could not compile the catalog into {seed}\n{stderr[-2000:]}")
    for folder in seed.iterdir():
        if folder.name not in ("compiled", "validated"):
            shutil.rmtree(folder) if folder.is_dir() else folder.unlink()
    return seed


def scan_runs(cmd: list[str], corpus: Path, work: Path, repeat: int,
              idle_s: float) -> tuple[list, list, list, dict, dict]:
    """The timed cold and warm runs, then one cold and one warm run whose memory is sampled
    (`measure`), and what the cold and the warm scans found."""
    report = work / "report.json"
    base = cmd + ["scan", str(corpus), "--format", "json", "-o", str(report), "--quiet",
                  "--fail-on", "none"]
    seed = compiled_catalog(cmd, work)

    def cold_run(cache: Path, sample_memory: bool = False) -> dict:
        shutil.copytree(seed, cache)  # the compiled catalog only: see compiled_catalog
        file_us = wait_for_disk(work, idle_s)
        wait_idle(idle_s)
        result = measure(base + ["--cache-dir", str(cache)], sample_memory=sample_memory)
        result["file_us"] = file_us
        if result["rc"] != 0:  # --fail-on none: only a usage error (2) or a crash gets here
            fail("cold scan", result)
        return result

    def warm_run(cache: Path, sample_memory: bool = False) -> dict:
        wait_idle(idle_s)
        result = measure(base + ["--cache-dir", str(cache)], sample_memory=sample_memory)
        if result["rc"] != 0:
            fail("warm scan", result)
        return result

    cold = [cold_run(work / f"cache-{i}") for i in range(repeat)]
    cold_summary = apart(summary, str(report))
    warm = [warm_run(work / f"cache-{repeat - 1}") for _ in range(repeat)]
    warm_summary = apart(summary, str(report))
    memory = [cold_run(work / "cache-memory", sample_memory=True)]
    memory.append(warm_run(work / "cache-memory", sample_memory=True))
    return cold, warm, memory, cold_summary, warm_summary


def summary(report_file: str) -> dict:
    report = json.loads(Path(report_file).read_text())
    statuses = report["summary"]["by_status"]
    scan = report["scan"]
    return {"resources": scan["resources"], "findings": len(report["findings"]),
            "failing": statuses.get("fail", 0), "errors": len(report["errors"]),
            "files_scanned": scan["files_scanned"], "controls": scan["controls"]}


def source_state() -> str:
    """Commit of the checkout the tool runs from, and whether it has uncommitted changes."""
    import compliance

    repo = Path(compliance.__file__).resolve().parent.parent
    git = ["git", "-C", str(repo)]
    try:
        commit = subprocess.run(git + ["rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(git + ["status", "--porcelain", "--", "compliance", "controls"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return f"commit {commit}" + (" + uncommitted changes" if dirty else "")


def machine() -> dict:
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            model = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return {"cores": cores, "cpu": model, "memory_gb": mem_gb,
            "os": f"{platform.system()} {platform.machine()}", "python": interpreter()}


def interpreter() -> str:
    """The Python build the scans run on (this script's, whose environment runs them): its
    version, executable and whether its core is a shared libpython. The same code ran in about
    0.85x the time on Debian's Python (the core linked in, built with PGO and LTO) than on one
    pyenv built with its defaults (a shared libpython, neither), so a figure says which
    (docs/benchmarks.md, "The interpreter's build")."""
    try:
        with open("/proc/self/maps") as maps:
            shared = any("libpython" in line for line in maps)
    except OSError:
        return f"{platform.python_version()} ({os.path.realpath(sys.executable)})"
    core = "shared libpython" if shared else "libpython linked in"
    return f"{platform.python_version()} ({os.path.realpath(sys.executable)}, {core})"


# --- the report ------------------------------------------------------------------------

def markdown(info: dict) -> str:
    m, s, stats = info["machine"], info["summary"], info["stats"]
    floor = statistics.median(r["wall_s"] for r in info["floor"])

    def row(name: str, runs: list[dict], files: int, lines: int, ratio: bool = True,
            sampled: dict | None = None) -> str:
        times = [r["wall_s"] for r in runs]
        best, median = min(times), statistics.median(times)
        rss = max(r["maxrss_mb"] for r in runs + ([sampled] if sampled else []))
        pss = f"{sampled['tree_pss_mb']:,.0f}" if sampled else "-"
        vs = f"{median / floor:.2f}x" if ratio else "1x"
        return (f"| {name} | {best:.2f} | {median:.2f} | {files / median:,.0f} | {lines / median:,.0f} "
                f"| {rss:,.0f} | {pss} | {vs} |")

    cold = statistics.median(r["wall_s"] for r in info["cold"])
    warm = statistics.median(r["wall_s"] for r in info["warm"])
    cold_memory, warm_memory = info["memory"]
    memory = max(cold_memory["tree_pss_mb"], warm_memory["tree_pss_mb"])
    at_target_size = len(stats["tf_files"]) >= 950  # the targets are for ~1,000 .tf files

    def verdict(value: float, target: float, unit: str) -> str:
        shown = f"{value:.2f}" if unit == "s" else f"{value:,.0f}"
        return f"{shown} {unit}: " + ("met" if value <= target else "**MISSED**")

    runs = info["floor"] + info["cold"] + info["warm"]
    others_mean = statistics.mean(r["other_cores"] for r in runs)
    others_max = max(r["other_cores"] for r in runs)
    kinds = ", ".join(f"{n:,} {k}" for k, n in sorted(stats["by_kind"].items()))
    probes = [r["file_us"] for r in info["cold"]]

    def cpu(runs: list[dict]) -> str:
        return (f"{statistics.median(r['cpu_s'] for r in runs):.2f} s (system "
                f"{statistics.median(r['system_s'] for r in runs):.2f} s)")
    lines = [
        f"## {info['date']}: compliance {info['version']}, {len(stats['tf_files']):,} Terraform files",
        "",
        f"- Tool: compliance {info['version']} ({info['source']})",
        f"- Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gb']:.0f} GB RAM, {m['os']}, "
        f"Python {m['python']}",
        f"- Corpus: `{info['corpus']}` ({info['corpus_meta']}): {stats['files']:,} files scanned "
        f"({kinds}), {stats['lines']:,} lines, of which {stats['tf_lines']:,} lines of .tf",
        f"- Scan result: {s['resources']:,} resources, {s['findings']:,} findings "
        f"({s['failing']:,} failing), {s['errors']:,} file errors",
        f"- Command: `{info['command']}`, its modules compiled as an installation has them "
        "(run without PYTHONDONTWRITEBYTECODE)",
        f"- {info['repeat']} run{'s' if info['repeat'] > 1 else ''} of each; files/s and lines/s "
        "use the median; the peak PSS is from one more cold and one more warm run, sampled every "
        "50 ms (the timed runs are not: sampling slows them), peak RSS the highest of all",
        f"- Other load: the rest of the machine used {others_mean:.2f} cores on average during the "
        f"runs (at most {others_max:.2f} in one run)",
        "",
        "| Run | best (s) | median (s) | files/s | lines/s | peak RSS, largest process (MB) "
        "| peak PSS, all processes (MB) | median vs parse floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        row("parse floor: tree-sitter HCL syntax tree, .tf only, 1 process", info["floor"],
            len(stats["tf_files"]), stats["tf_lines"], ratio=False),
        row("cold scan (empty parse cache)", info["cold"], stats["files"], stats["lines"],
            sampled=cold_memory),
        row("warm scan (parse cache filled)", info["warm"], stats["files"], stats["lines"],
            sampled=warm_memory),
        "",
        f"Cold scan = {cold / floor:.2f}x the single-process parse floor; warm scan = "
        f"{warm / floor:.2f}x; warm/cold = {warm / cold:.2f}.",
        "",
        f"CPU time, median (user and system, all processes): cold {cpu(info['cold'])}, "
        f"warm {cpu(info['warm'])}. Creating a small file took {statistics.median(probes):.0f} "
        f"us of CPU before a cold run (median; at most {max(probes):.0f} us).",
        "",
    ]
    if at_target_size:
        cores = "" if m["cores"] == 2 else f" (this machine has {m['cores']})"
        lines += [
            f"Targets for 1,000 files, ~150k lines, 2 cores{cores}:",
            f"- cold at most {TARGETS['cold_s']:g} s: {verdict(cold, TARGETS['cold_s'], 's')}",
            f"- warm at most {TARGETS['warm_s']:g} s: {verdict(warm, TARGETS['warm_s'], 's')}",
            f"- peak memory at most {TARGETS['memory_mb']:g} MB (PSS, all processes): "
            f"{verdict(memory, TARGETS['memory_mb'], 'MB')}",
            "",
        ]
    if others_max > 0.25:
        lines += [f"Warning: other processes were busy during the runs (up to {others_max:.2f} "
                  "cores); the times are pessimistic. Rerun on a quiet machine.", ""]
    if max(probes) > SLOW_FILE_US:
        lines += [f"Warning: creating a file took up to {max(probes):.0f} us before a cold run "
                  f"(over {SLOW_FILE_US:.0f}): files were deleted on this disk in the minutes "
                  "before, and a cold run's cache entries cost more kernel time than on a quiet "
                  "disk (docs/benchmarks.md, \"Cache entries in one folder\"). Wait five "
                  "minutes after deleting many files, or pass --wait-idle.", ""]
    if info["warnings"]:
        lines += [f"Warning: {w}" for w in info["warnings"]] + [""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus",
                        help="corpus folder (default benchmarks/corpus; generated if missing)")
    parser.add_argument("--files", type=int, default=1000,
                        help="Terraform files when generating the corpus (default 1000)")
    parser.add_argument("--k8s", type=int, default=100,
                        help="Kubernetes manifests when generating the corpus (default 100)")
    parser.add_argument("--seed", type=int, default=42, help="seed when generating (default 42)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each kind (default 3)")
    parser.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS",
                        help="before each run, wait up to SECONDS for other processes to go "
                             "quiet, and before each cold run as long again for the disk to "
                             "create files at its usual cost (for shared machines; default 0: "
                             "do not wait)")
    parser.add_argument("--markdown", type=Path, metavar="FILE",
                        help="also append the report section to FILE (created if missing)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    corpus = args.corpus.resolve()
    if not (corpus / ".corpus.json").exists():
        sys.path.insert(0, str(HERE))
        import generate_corpus

        print(f"generating the corpus in {corpus} ...", file=sys.stderr)
        generate_corpus.main(["--files", str(args.files), "--k8s", str(args.k8s),
                              "--seed", str(args.seed), "--out", str(corpus)])
    meta = json.loads((corpus / ".corpus.json").read_text())
    stats = apart(corpus_stats, corpus)
    cmd = compliance_command()
    version = subprocess.run(cmd + ["--version"], capture_output=True, text=True,
                             env=tool_environment()).stdout.strip()

    print(f"timing: parse floor, then {args.repeat} cold and {args.repeat} warm scans ...",
          file=sys.stderr)
    tf_list = "\n".join(stats["tf_files"]) + "\n"
    floor = []
    for _ in range(args.repeat):
        wait_idle(args.wait_idle)
        result = measure([sys.executable, "-c", FLOOR_CODE], stdin=tf_list)
        if result["rc"] != 0:
            fail("the parse floor", result)
        floor.append(result)
    with tempfile.TemporaryDirectory(prefix="compliance-bench-") as work:
        cold, warm, memory, s_cold, s_warm = scan_runs(cmd, corpus, Path(work), args.repeat,
                                                       args.wait_idle)

    warnings = []
    if s_cold != s_warm:
        warnings.append(f"cold and warm scans disagree (did the tool or its controls change "
                        f"during the benchmark?): {s_cold} vs {s_warm}")
    if s_cold["resources"] == 0:
        warnings.append("the scan found no resources: the figures measure discovery only")
    shown_corpus = os.path.relpath(corpus) if corpus.is_relative_to(Path.cwd()) else str(corpus)
    info = {
        "date": dt.date.today().isoformat(), "version": version.rsplit(" ", 1)[-1],
        "source": source_state(), "machine": machine(), "stats": stats, "summary": s_cold,
        "repeat": args.repeat, "corpus": shown_corpus, "floor": floor, "cold": cold, "warm": warm,
        "memory": memory,
        "corpus_meta": f"--files {meta['files']} --k8s {meta['k8s']} "
                       f"--gateways {meta.get('gateways', 0)} --cfn {meta.get('cfn', 0)} "
                       f"--seed {meta['seed']}",
        "command": "compliance scan CORPUS --format json -o REPORT --quiet --fail-on none "
                   "--cache-dir DIR",
        "warnings": warnings,
    }
    text = markdown(info)
    print(text)
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        with open(args.markdown, "a", encoding="utf-8") as f:
            f.write(("\n" if args.markdown.stat().st_size else "") + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
