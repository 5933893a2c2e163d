"""Keeping the cache folder within a size: the sealed entries (parse results, resolved root
modules, remembered outcomes) of contents no scan reads any more would otherwise pile up with
every change scanned, on a laptop and in a CI cache alike.

At most once an hour (a stamp file's modification time says when it last ran), a scan adds up
the sealed entries' sizes; over the budget, the entries written longest ago are deleted until
the folder holds 80% of it. An entry still in use is only written again when next needed: the
cost of pruning is speed, never a result. The budget is `COMPLIANCE_CACHE_MAX_MB` (default
1024; 0: never prune).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

# the folders whose entries are SealedEntries (the compiled catalog keeps its own four newest)
PRUNED_FOLDERS = ("parse", "resolved", "remembered", "memo")
DEFAULT_MAX_MB = 1024
STAMP = "last-pruned"
EVERY_S = 3600.0
KEEP_FRACTION = 0.8


def max_bytes() -> int:
    """The budget from COMPLIANCE_CACHE_MAX_MB (a value that is not a number: the default)."""
    try:
        megabytes = float(os.environ.get("COMPLIANCE_CACHE_MAX_MB", DEFAULT_MAX_MB))
    except ValueError:
        megabytes = DEFAULT_MAX_MB
    return max(0, int(megabytes * 1024 * 1024))


def prune_when_due(cache_dir: Path, now: float | None = None) -> int:
    """Prune `cache_dir` if its last pruning is over an hour old; the bytes deleted. Any
    failure only leaves the cache as it is."""
    budget = max_bytes()
    if budget == 0:
        return 0
    now = time.time() if now is None else now
    stamp = cache_dir / STAMP
    try:
        if now - stamp.stat().st_mtime < EVERY_S:
            return 0
    except OSError:
        pass  # never pruned: due
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
        os.utime(stamp, (now, now))
    except OSError:
        return 0
    return prune(cache_dir, budget)


def prune(cache_dir: Path, budget: int) -> int:
    """Delete the oldest-written sealed entries until what is left fits in KEEP_FRACTION of
    `budget`, if the entries exceed `budget`; the bytes deleted."""
    entries: list[tuple[float, int, str]] = []
    for folder in PRUNED_FOLDERS:
        for found in _scan(cache_dir / folder):
            if found.is_dir(follow_symlinks=False):  # a shard folder of an older layout
                for entry in _scan(Path(found.path)):
                    _note_entry(entry, entries)
            else:
                _note_entry(found, entries)
    total = sum(size for _, size, _ in entries)
    if total <= budget:
        return 0
    deleted = 0
    for _mtime, size, path in sorted(entries):
        if total - deleted <= budget * KEEP_FRACTION:
            break
        try:
            os.unlink(path)
        except OSError:
            continue
        deleted += size
    return deleted


def _note_entry(entry: os.DirEntry[str], entries: list[tuple[float, int, str]]) -> None:
    if entry.name.endswith(".sealed") and entry.is_file(follow_symlinks=False):
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            return
        entries.append((info.st_mtime, info.st_size, entry.path))


def _scan(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as found:
            return list(found)
    except OSError:
        return []
