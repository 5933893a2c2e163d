"""Running a program we don't trust: an allow-listed environment, a time limit, and every
process it starts stopped when it ends.

The program's environment holds only what Python and the Pulumi SDK's mocks need (an
allow-list, not a deny-list: credentials come under too many names: `TF_TOKEN_*`,
`CI_JOB_JWT`, `DATABASE_URL`, `SSH_AUTH_SOCK`...). It runs in a session of its own; when it
ends or its time is up, every process it left behind is killed, including ones that started
sessions of their own: on Linux this process becomes a child subreaper, so orphaned
descendants are re-parented to it and can be found and reaped. No file descriptor but the
three standard ones is inherited.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

# what Python and the SDK's mocks need; nothing else reaches the program
ALLOWED_ENV = ("PATH", "HOME", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "TZ",
               "TMPDIR", "TEMP", "TMP", "PYTHONPATH", "PYTHONIOENCODING", "PYTHONUTF8",
               "SYSTEMROOT", "VIRTUAL_ENV")
_PR_SET_CHILD_SUBREAPER = 36


def allowed_env(environ: dict[str, str] | None = None) -> dict[str, str]:
    environ = dict(os.environ if environ is None else environ)
    return {key: environ[key] for key in ALLOWED_ENV if key in environ}


def _become_subreaper() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found.update(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return found


def _descendants(root: int) -> set[int]:
    seen: set[int] = set()
    pending = [root]
    while pending:
        for child in _children(pending.pop()):
            if child not in seen:
                seen.add(child)
                pending.append(child)
    return seen


def _kill(pids: set[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _reap(pids: set[int]) -> None:
    for pid in pids:
        try:
            os.waitpid(pid, 0)
        except OSError:  # not our child (no subreaper), or already reaped
            pass


def _drain(stream, into: bytearray, cap: int | None = None, over=lambda: None) -> None:
    """Read `stream` to its end into `into`, keeping at most `cap` + 1 bytes; `over` is
    called once when the output passes the cap (the rest is read and dropped, so that the
    writer never blocks)."""
    for chunk in iter(lambda: stream.read(65536), b""):
        if cap is None or len(into) <= cap:
            into += chunk if cap is None else chunk[: cap + 1 - len(into)]
            if cap is not None and len(into) > cap:
                over()


def _stray(before: set[int], process_pid: int) -> set[int]:
    """Our children that we did not start before (orphans re-parented to us, as subreaper)
    and their descendants."""
    stray = _children(os.getpid()) - before - {process_pid}
    return stray | {d for pid in stray for d in _descendants(pid)}


def run_contained(command: list[str], cwd: Path, timeout: float,
                  env: dict[str, str] | None = None, max_output: int | None = None
                  ) -> tuple[int | None, bytes, bytes]:
    """Run `command`; (exit code, stdout, stderr), exit code None when the time ran out.
    Every process it started is gone when this returns: it ends when the program ends, even
    when something it started still holds its output open. `env` is added to the allowed
    environment; a program whose standard output passes `max_output` bytes is stopped there
    (its stdout is then longer than `max_output`: the caller tells)."""
    subreaper = _become_subreaper()
    before = _children(os.getpid()) if subreaper else set()
    process = subprocess.Popen(command, cwd=cwd, env={**allowed_env(), **(env or {})},
                               stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True, close_fds=True)
    out, err = bytearray(), bytearray()

    def stop() -> None:
        _kill(_descendants(process.pid) | {process.pid})

    readers = [threading.Thread(target=_drain, args=(process.stdout, out, max_output, stop),
                                daemon=True),
               threading.Thread(target=_drain, args=(process.stderr, err), daemon=True)]
    for reader in readers:
        reader.start()
    try:
        code: int | None = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        code = None
        _kill(_descendants(process.pid) | {process.pid})
        process.wait()
    except BaseException:  # the scan's own budget ran out, or an interrupt: leave nothing
        _kill(_descendants(process.pid) | {process.pid})
        raise
    # whatever it left behind: its session, and (as subreaper) orphans re-parented to us
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass
    for _ in range(100):  # orphans arrive as their parents die
        stray = _stray(before, process.pid) if subreaper else set()
        if not stray:
            break
        _kill(stray)
        _reap(stray)
        time.sleep(0.01)
    for reader in readers:
        reader.join(timeout=5)
    process.stdout.close()
    process.stderr.close()
    return code, bytes(out), bytes(err)
