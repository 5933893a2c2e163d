"""Work shared with forked helper processes that hand it back through a cache.

A cold scan of many root modules (or scopes) does the same kind of work for each one, and the
caches already know how to store one's result and replay it exactly as if it had been worked
out again. So a helper, forked when the work begins, takes items from the end of the list,
does them and stores them in the cache; the main process takes them from the front, in order.
When it reaches the helpers' part it waits for each item, then replays it from the cache, as a
warm scan would: the result is the same by construction, whatever a helper does. An item a
helper could not store (it failed, could not be encoded, or the helper died) is a cache miss,
and the main process does it itself.

Only where fork is safe and cheap (Linux, no other thread running): the helpers inherit every
parsed file by copy-on-write instead of receiving them.

A piece of work nobody waits for (a finished scan's cache entries, written while its report
is) goes to a helper of its own (`in_background`), reaped before anything reads what it wrote
and at exit at the latest. One whose result is wanted later (a diff's base, replayed while the
head is scanned) goes to one that hands its bytes back through a pipe (`ahead`).
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
import threading
from typing import Any, Callable, Iterable, Iterator

# at most this many helpers, however many processors: each holds its share's objects
MAX_HELPERS = 3
# a finished item on the pipe: its index (4 bytes), the length of what the helper hands back
# with it (1 byte), and that; whole records are written at once, and under PIPE_BUF (4,096
# bytes) a write to a pipe is never interleaved with another helper's
_INDEX = 4
_HEAD = _INDEX + 1
MAX_HANDED_BACK = 255
# the shared bounds are held for microseconds: a process that waits this long for them takes
# the other side for dead (killed while holding them) and goes on alone
LOCK_TIMEOUT_S = 10.0


_background: list[int] = []  # pids of helpers doing work in the background, not yet reaped
_reaping_at_exit = False  # whether `_reap_at_exit` is registered (once a process)


def helper_count(workers: int | None) -> int:
    """How many helpers a scan allowed `workers` processes (None: one per processor) uses."""
    workers = workers or os.cpu_count() or 1
    return max(0, min(workers - 1, MAX_HELPERS))


class ForkedHelpers:
    """Helpers working on items 0..count-1 from the end while the main process takes them from
    the front (`claim`); `wait_for` an item the helpers took; `close` when done. A helper's
    `work(index)` may hand back a few bytes (a cache key it worked out), which `wait_for`
    gives."""

    def __init__(self, bounds: Any, finished: int, pids: list[int], replay_share: float = 0.0):
        self._bounds = bounds  # shared: [next item the main process takes, first one a helper took]
        self._finished = finished  # read end of the pipe on which helpers name finished items
        self._pids = pids
        self._count = bounds[1]
        self._share = replay_share
        self._stopped = False  # the main process has left the rest to the helpers
        self._done: dict[int, bytes] = {}  # finished items, with what their helper handed back
        self._partial = b""
        self._alone = False  # the bounds could not be had: everything left is done here

    @classmethod
    def start(cls, count: int, helpers: int, work: Callable[[int], bytes | None],
              minimum: int, replay_share: float = 0.0) -> ForkedHelpers | None:
        """Fork up to `helpers` processes that each call `work(index)` on items taken from the
        end, or None when there are fewer than `minimum` items or fork is not safe here.
        `replay_share`: what replaying an item a helper did costs the main process, as a share
        of doing it (`claim`)."""
        if helpers < 1 or count < minimum or not _fork_safe():
            return None
        import multiprocessing

        bounds = multiprocessing.get_context("fork").Array("i", [0, count])
        finished, finished_by_helper = os.pipe()
        pids: list[int] = []
        for _ in range(min(helpers, count - 1)):
            pid = _fork()
            if pid == 0:  # pragma: no cover - the helper (coverage does not follow a fork)
                os.close(finished)
                _helper(bounds, finished_by_helper, work)
            pids.append(pid)
        os.close(finished_by_helper)
        return cls(bounds, finished, pids, replay_share)

    def claim(self, index: int) -> bool:
        """Whether the main process does `index` itself: asked in increasing order, yes until
        it reaches the items a helper has taken, or until the helpers would end the items
        nobody has taken no later than it would end replaying all of theirs (it replays
        each one after the helpers are done, at `replay_share` of its cost: leaving them a
        little more ends the two together)."""
        if self._alone:
            return True
        if self._stopped:
            return False
        lock = self._bounds.get_lock()
        if not lock.acquire(timeout=LOCK_TIMEOUT_S):
            self._alone = True
            return True
        try:
            left = self._bounds[1] - index  # nobody has taken these yet
            theirs = self._count - self._bounds[1] + left  # the helpers' items, if left to them
            if left > 0 and left > self._share * theirs * len(self._pids):
                self._bounds[0] = index + 1
                return True
            self._stopped = True
            return False
        finally:
            lock.release()

    def wait_for(self, index: int) -> bytes | None:
        """What the helper handed back with `index` (b"" for nothing) once it has finished it
        (stored it, or given up on it); None when every helper has ended without it."""
        while index not in self._done:
            if not self._read():
                return None  # every helper has ended: what it did not store is a cache miss
        return self._done[index]

    def as_finished(self, indices: Iterable[int]) -> Iterator[tuple[int, bytes | None]]:
        """Each of `indices` with what `wait_for` gives for it, as soon as a helper has
        finished it, in the order they finish (helpers work from the end): the main process
        replays each while the helpers do the rest. The ones no helper finished come last."""
        waiting = set(indices)
        while waiting:
            for index in sorted(waiting & self._done.keys(), reverse=True):
                waiting.discard(index)
                yield index, self._done[index]
            if waiting and not self._read():
                for index in sorted(waiting):
                    yield index, None
                return

    def _read(self) -> bool:
        """Wait for more finished items; False when every helper has ended."""
        data = os.read(self._finished, 4096)
        if not data:
            return False
        data = self._partial + data
        at = 0
        while len(data) - at >= _HEAD and len(data) - at >= _HEAD + data[at + _INDEX]:
            end = at + _HEAD + data[at + _INDEX]
            self._done[int.from_bytes(data[at:at + _INDEX], "big")] = data[at + _HEAD:end]
            at = end
        self._partial = data[at:]
        return True

    def close(self) -> None:
        """End the helpers (at once, when the main process stops early) and reap them."""
        os.close(self._finished)
        for pid in self._pids:
            _kill(pid)  # one past its last item is only exiting


def _helper(bounds: Any, finished: int,
            work: Callable[[int], bytes | None]) -> None:  # pragma: no cover
    """A helper's life: take items from the end until the main process's front is reached,
    then exit without the parent's exit handlers or the interpreter's teardown."""
    code = 0
    parent = os.getppid()
    lock = bounds.get_lock()
    try:
        while os.getppid() == parent and lock.acquire(timeout=LOCK_TIMEOUT_S):
            try:  # (a parent gone, or killed holding the bounds: nobody waits for more)
                if bounds[1] - 1 < bounds[0]:
                    break
                bounds[1] -= 1
                index = bounds[1]
            finally:
                lock.release()
            handed = b""
            try:
                handed = work(index) or b""
            except Exception:  # noqa: BLE001 - the main process does it again and says why
                pass
            if not isinstance(handed, bytes) or len(handed) > MAX_HANDED_BACK:
                handed = b""
            os.write(finished, index.to_bytes(_INDEX, "big") + bytes([len(handed)]) + handed)
    except BaseException:  # noqa: BLE001 - interrupted, or out of memory: the main process
        code = 1           # does what is left
    finally:
        os._exit(code)


def in_background(work: Callable[[], None], helpers: int) -> bool:
    """Fork a helper that does `work` and exits, while this process goes on; False (nothing
    started: do it here) when there is no helper to spare or fork is not safe. What it fails
    at is lost quietly: use it only for work whose loss costs time, never a result (a cache
    entry). `wait_for_background` reaps it."""
    if helpers < 1 or not _fork_safe():
        return False
    pid = _fork_doing(work)
    _register_reaping()
    _background.append(pid)
    return True


def _register_reaping() -> None:
    global _reaping_at_exit
    if not _reaping_at_exit:
        atexit.register(_reap_at_exit)
        _reaping_at_exit = True


class Fed:
    """A helper held until told (`tell`), handed records meanwhile (`feed`)."""

    def __init__(self, pid: int, writing: int):
        self._pid, self._writing = pid, writing
        self._pending = bytearray()

    def feed(self, record: bytes) -> None:
        """Hand the helper one more record (kept by the helper, worked on when told); one it
        can no longer take (it died) is lost, as what it was to write is. Records go in
        batches (`FEED_BATCH`): a write per record cost a system call and a wake-up of the
        helper each, on both processors while the parse workers need them."""
        if self._pid not in _held:
            return
        self._pending += len(record).to_bytes(_FRAME, "big")
        self._pending += record
        if len(self._pending) >= FEED_BATCH:
            self._flush()

    def _flush(self) -> None:
        pending = memoryview(self._pending)
        written = 0
        try:
            while written < len(pending):
                written += os.write(self._writing, pending[written:])
        except OSError:
            pass
        finally:
            pending.release()
            self._pending.clear()

    def tell(self) -> None:
        """Hand over what is pending and give the helper its word to work: once (what is fed
        afterwards is not taken)."""
        if _held.pop(self._pid, None) is None:
            return
        self._flush()
        try:
            os.write(self._writing, _GO)
        except OSError:  # it has died: what it was to write is a cache miss
            pass
        os.close(self._writing)


# bytes of records handed to a fed helper at a time: far fewer writes than records (a cold
# scan of the benchmark corpus feeds ~1,100), and well within the pipe's room
FEED_BATCH = 256 * 1024
_FRAME = 4  # a record's length, before it; this length instead is the helper's word to work
_GO = b"\xff" * _FRAME


def fed_in_background(work: Callable[[list[bytes]], None], helpers: int) -> Fed | None:
    """Fork a helper now that takes each record this process makes meanwhile (`Fed.feed`)
    and, once told (`Fed.tell`: when this process leaves a processor idle), does `work` with
    them all, as `in_background` does work; None (nothing started) as there. Forked early,
    before this process holds the records and grows, it shares none of their pages: each
    fork makes this process fault once more on every page it then writes (freeing the
    records too). Never told (this process stopped early), it exits without working;
    `wait_for_background` tells every held helper first."""
    if helpers < 1 or not _fork_safe():
        return None
    reading, writing = roomy_pipe()

    def when_told() -> None:  # pragma: no cover - in the helper
        os.close(writing)
        for other in _held.values():  # another held helper's word is not this one's to keep
            os.close(other._writing)
        records: list[bytes] = []
        pending = bytearray()
        while chunk := os.read(reading, PIPE_ROOM):
            pending += chunk
            at = 0
            while len(pending) - at >= _FRAME:
                if pending[at:at + _FRAME] == _GO:
                    work(records)
                    return
                size = int.from_bytes(pending[at:at + _FRAME], "big")
                if len(pending) - at - _FRAME < size:
                    break
                records.append(bytes(pending[at + _FRAME:at + _FRAME + size]))
                at += _FRAME + size
            del pending[:at]

    pid = _fork_doing(when_told)
    os.close(reading)
    fed = _held[pid] = Fed(pid, writing)
    _register_reaping()
    _background.append(pid)
    return fed


_held: dict[int, Fed] = {}  # pid of a held helper -> what feeds it, and its word


class Ahead:
    """A helper's bytes, once this process wants them (`result`); `close` ends it unread."""

    def __init__(self, pid: int, reading: int):
        self._pid, self._reading = pid, reading

    def result(self) -> bytes | None:
        """What the helper's work gave; None when it gave None, failed or died."""
        chunks = []
        try:
            while chunk := os.read(self._reading, 1 << 20):
                chunks.append(chunk)
        finally:
            self.close()
        data = b"".join(chunks)
        if len(data) < _LENGTH or int.from_bytes(data[:_LENGTH], "big") != len(data) - _LENGTH:
            return None  # nothing (its work gave None), or cut short (it died writing)
        return data[_LENGTH:]

    def close(self) -> None:
        if self._reading >= 0:
            os.close(self._reading)  # a helper still writing gets a broken pipe, and exits
            self._reading = -1
            _kill(self._pid)  # (after a whole result it has exited, or is about to)


PIPE_ROOM = 1 << 20
_LENGTH = 8  # the length of a helper's bytes, before them: a cut-short result is told apart


def roomy_pipe() -> tuple[int, int]:
    """A pipe (read end, write end) holding up to `PIPE_ROOM` bytes (the system's limit, 1 MiB
    by default) where the system lets it grow, its default (64 kB) elsewhere: a writer of
    that much is not held until the other side reads."""
    reading, writing = os.pipe()
    try:
        import fcntl

        fcntl.fcntl(writing, fcntl.F_SETPIPE_SZ, PIPE_ROOM)
    except (ImportError, AttributeError, OSError):
        pass
    return reading, writing


def ahead(work: Callable[[], bytes | None], helpers: int) -> Ahead | None:
    """Fork a helper that does `work` while this process goes on, and hands back its bytes
    (`Ahead.result`); None (nothing started: do it here) when there is no helper to spare or
    fork is not safe. Bytes beyond the pipe's room (`PIPE_ROOM`) wait in the helper until
    they are read."""
    if helpers < 1 or not _fork_safe():
        return None
    # room for the whole result: the helper then exits once it is written, rather than hold
    # its memory until it is read
    reading, writing = roomy_pipe()

    def hand_back() -> None:  # pragma: no cover - in the helper
        os.close(reading)
        data = work()
        if data is not None:
            with os.fdopen(writing, "wb") as pipe:  # writes it all, however long
                pipe.write(len(data).to_bytes(_LENGTH, "big") + data)

    pid = _fork_doing(hand_back)
    os.close(writing)
    return Ahead(pid, reading)


def _fork_doing(work: Callable[[], None]) -> int:
    """Fork a helper that does `work` and exits, without the parent's exit handlers; its pid.
    What it fails at is lost: the caller's part to notice (a missing cache entry, no bytes)."""
    pid = _fork()
    if pid == 0:  # pragma: no cover - the helper (coverage does not follow a fork)
        code = 0
        try:
            work()
        except BaseException:  # noqa: BLE001 - nobody to tell: the caller does without
            code = 1
        finally:
            os._exit(code)
    return pid


def background_pending() -> bool:
    """Whether a helper started by `in_background` may still be at work (not reaped yet)."""
    return bool(_background)


def _reap_at_exit() -> None:
    """At exit, the report is out: an interrupt while the helpers finish ends them quietly
    (what they were writing is a cache miss), with no traceback."""
    try:
        wait_for_background()
    except KeyboardInterrupt:
        pass


def wait_for_background() -> None:
    """Return once every helper started by `in_background` (or held, told now) has ended (an
    interrupt ends them at once: what they were writing is a cache miss)."""
    for fed in list(_held.values()):
        fed.tell()
    while _background:
        pid = _background[-1]
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
        except KeyboardInterrupt:
            for pid in _background:
                _kill(pid)
            _background.clear()
            raise
        _background.pop()


def _fork_safe() -> bool:
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _fork() -> int:
    for stream in (sys.stdout, sys.stderr):  # what is buffered is written once
        if stream is not None:
            stream.flush()
    return os.fork()


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
