"""Time and memory budgets: a hostile file may not make a scan run or grow without bound.

- Time: `time_limit(seconds)` raises `OverBudget` inside the block once it has run that long
  (wall clock, SIGALRM), in whichever process does the work: a worker parsing one file, or
  the main process for the whole scan. Limits nest: a file's inside the scan's; when both have
  passed, the outer one is raised, so that a scan out of time stops rather than carrying on
  file by file. Signals reach only the main thread: elsewhere the block simply runs.
- Memory: `memory_limit(bytes)` caps the process's address space (RLIMIT_AS); allocations past
  it raise MemoryError where they happen. Worker processes inherit the cap each for itself.

`OverBudget` is a BaseException, like KeyboardInterrupt, so that the `except Exception` that
turns a parser's defect into an error entry does not swallow the scan's own limit.
"""

from __future__ import annotations

import resource
import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterator


class OverBudget(BaseException):
    def __init__(self, limit: "_Limit"):
        super().__init__(f"over the time budget of {limit.seconds:g} s")
        self.limit = limit


class _Limit:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds


_active: list[_Limit] = []  # outermost first


def _arm() -> None:
    if not _active:
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    remaining = min(limit.deadline for limit in _active) - time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, max(remaining, 0.001))


def _on_alarm(signum: int, frame: object) -> None:
    now = time.monotonic()
    for limit in _active:  # the outermost that has passed
        if limit.deadline <= now:
            raise OverBudget(limit)
    _arm()  # woken early (a limit left since): wait for the next


@contextmanager
def time_limit(seconds: float | None) -> Iterator[_Limit | None]:
    """Raise OverBudget in the block after `seconds` (None or 0: no limit). Catch it with
    `except OverBudget as over: if over.limit is not mine: raise`."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield None
        return
    limit = _Limit(seconds)
    previous = signal.signal(signal.SIGALRM, _on_alarm) if not _active else None
    _active.append(limit)
    try:
        _arm()
        yield limit
    finally:
        _active.remove(limit)
        _arm()
        if previous is not None:
            signal.signal(signal.SIGALRM, previous)


def forget_inherited_limits() -> None:
    """In a forked worker: the parent's limits are the parent's to enforce."""
    _active.clear()
    signal.setitimer(signal.ITIMER_REAL, 0)


@contextmanager
def memory_limit(max_bytes: int | None) -> Iterator[None]:
    """Cap this process's address space at `max_bytes` (None or 0: as it is) for the block.
    Never raises the existing cap, and puts the old one back afterwards."""
    if not max_bytes:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = max_bytes if hard == resource.RLIM_INFINITY else min(max_bytes, hard)
    if soft != resource.RLIM_INFINITY and soft <= wanted:
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
