"""Work shared with forked helpers (compliance/processes/forked.py): every item is done once,
the main process does a prefix of them in order, and a helper that dies loses nothing."""

from __future__ import annotations

import json
import os
import sys
import time

import pytest

from compliance.processes.forked import (
    PIPE_ROOM,
    ForkedHelpers,
    ahead,
    fed_in_background,
    helper_count,
    in_background,
    wait_for_background,
)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="helpers are forked on Linux only")


def share_out(count, work, helpers=1):
    """Do items 0..count-1 as a scan does: the main process's claims, then the helpers'
    items waited for; (items the main process did, pid that did each)."""
    forked = ForkedHelpers.start(count, helpers, work, minimum=2)
    assert forked is not None
    mine = []
    try:
        for index in range(count):
            if forked.claim(index):
                work(index)
                mine.append(index)
            else:
                forked.wait_for(index)
    finally:
        forked.close()
    return mine


def test_each_item_is_done_once_and_the_main_process_does_a_prefix(tmp_path):
    def work(index):
        time.sleep(0.005)
        with open(tmp_path / str(index), "x") as out:  # "x": done twice would raise
            out.write(str(os.getpid()))

    mine = share_out(60, work)
    done_by = {int(p.name): int(p.read_text()) for p in tmp_path.iterdir()}
    assert sorted(done_by) == list(range(60))
    assert mine == list(range(len(mine)))
    assert {done_by[i] for i in mine} == {os.getpid()}
    helped = [i for i in range(60) if i not in mine]
    assert helped and os.getpid() not in {done_by[i] for i in helped}


def test_what_helpers_hand_back_reaches_the_main_process_whole():
    """Records of every length (and more than fit one read of the pipe) from several
    helpers at once; what is too long to hand back, or not bytes, arrives as nothing."""
    def handed(index):
        if index % 50 == 7:
            return b"x" * 256  # too long
        if index % 50 == 9:
            return "not bytes"
        return bytes([index % 256]) * (index * 37 % 256)

    def work(index):
        time.sleep(0.0005)
        return handed(index)

    count = 600
    forked = ForkedHelpers.start(count, 3, work, minimum=2)
    assert forked is not None
    got = {}
    try:
        for index in range(count):
            if forked.claim(index):
                work(index)
            else:
                got[index] = forked.wait_for(index)
    finally:
        forked.close()
    assert len(got) > 100  # the helpers' items, each waited for
    for index, value in got.items():
        expected = handed(index)
        valid = isinstance(expected, bytes) and len(expected) <= 255
        assert value == (expected if valid else b""), index


def _prefix_and_done(share, count=120):
    """Items shared out with `replay_share`: (how many the main process claimed, every item's
    count of doings), the helpers' items read back as they finish."""
    def work(index):
        time.sleep(0.002)
        return index.to_bytes(2, "big")

    forked = ForkedHelpers.start(count, 1, work, minimum=2, replay_share=share)
    assert forked is not None
    done = [0] * count
    claimed = 0
    try:
        for index in range(count):
            if forked.claim(index):
                work(index)
                done[index] += 1
                claimed += 1
                continue
            order = []
            for at, handed in forked.as_finished(range(index, count)):
                assert handed == at.to_bytes(2, "big")
                done[at] += 1
                order.append(at)
            assert order == sorted(order, reverse=True)  # as the helper finished them
            break
    finally:
        forked.close()
    return claimed, done


def test_the_main_process_leaves_the_helpers_a_share_to_end_with_its_replay():
    """With no share it claims until it meets the helper (about half of equal items); with
    a share it stops while `left <= share * theirs`: the helper's part grows, and every item
    is still done once."""
    alone, done = _prefix_and_done(0.0)
    assert done == [1] * 120 and 45 <= alone <= 75
    shared, done = _prefix_and_done(0.5)
    assert done == [1] * 120 and shared < alone - 10


def test_items_no_helper_finished_come_last_with_nothing():
    def work(index):
        if index < 10:
            os._exit(1)  # the helper dies on the first of these it takes
        return b"ok"

    forked = ForkedHelpers.start(40, 1, work, minimum=2)
    assert forked is not None
    try:
        got = list(forked.as_finished(range(40)))
    finally:
        forked.close()
    assert sorted(at for at, _ in got) == list(range(40))
    finished = [at for at, handed in got if handed is not None]
    assert finished == list(range(39, 9, -1)) and got[-10:] == [(at, None) for at in range(10)]


def test_every_helper_is_reaped(tmp_path):
    wait_for_background()  # what an earlier scan in this process left writing its caches
    share_out(20, lambda index: time.sleep(0.002), helpers=2)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_helper_that_dies_leaves_its_items_to_the_main_process(tmp_path):
    main = os.getpid()

    def work(index):
        if os.getpid() != main:
            os._exit(1)  # killed, say by the kernel, before storing anything
        time.sleep(0.01)  # time for the helper to take an item
        (tmp_path / str(index)).write_text("main")

    mine = share_out(30, work)
    assert len(mine) < 30  # the helper took items, then died on them
    # what a scan does next: a missing result is worked out by the main process
    for index in range(30):
        if not (tmp_path / str(index)).exists():
            work(index)
    assert len(list(tmp_path.iterdir())) == 30


def test_too_little_work_or_no_helper_forks_nothing():
    assert ForkedHelpers.start(3, 1, lambda index: None, minimum=4) is None
    assert ForkedHelpers.start(10, 0, lambda index: None, minimum=4) is None


def test_background_work_is_done_by_a_helper_and_reaped(tmp_path):
    done = tmp_path / "done"
    assert in_background(lambda: done.write_text(str(os.getpid())), helpers=1)
    wait_for_background()
    assert int(done.read_text()) != os.getpid()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
    assert not in_background(lambda: done.unlink(), helpers=0)  # nothing to spare: not done
    assert done.exists()


def test_a_fed_helper_takes_records_as_they_come_and_works_on_them_all_once_told(tmp_path):
    """Forked at once, it waits for its word: the fork comes before the process holds the
    records and changes its pages, the work when a processor is idle. Records of any size
    (one larger than the pipe holds: the helper reads as they come, or this process would
    wait on a full pipe), each kept whole and in order; nothing fed after the word."""
    wait_for_background()
    done = tmp_path / "done"

    def work(records: list[bytes]) -> None:
        done.write_text(f"{os.getpid()} " + " ".join(f"{len(r)}:{r[:3].hex()}" for r in records))

    fed = fed_in_background(work, helpers=1)
    assert fed is not None
    records = [b"", b"\x00ab", bytes([255]) * 3 + b"x" * (3 * PIPE_ROOM), b"\xff\xff\xff\xff"]
    for record in records:
        fed.feed(record)
    time.sleep(0.3)  # time enough to have worked, had it not been held
    assert not done.exists()
    fed.tell()
    fed.tell()  # told twice: one word, and no error
    fed.feed(b"late")  # after the word: not taken
    wait_for_background()
    pid, *kept = done.read_text().split(" ")
    assert int(pid) != os.getpid()
    assert kept == [f"{len(r)}:{r[:3].hex()}" for r in records]
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
    assert fed_in_background(lambda records: done.unlink(), helpers=0) is None  # none to spare
    assert done.exists()


def test_a_fed_helper_is_handed_records_in_batches_not_one_write_each(tmp_path, monkeypatch):
    """A cold scan feeds the parse entries' writer a record per file: a write each cost a
    system call and a wake-up of the helper, on processors the parse workers need."""
    wait_for_background()
    done = tmp_path / "done"
    writes = []
    real_write = os.write

    def counted(fd: int, data) -> int:
        writes.append(len(data))
        return real_write(fd, data)

    fed = fed_in_background(lambda records: done.write_bytes(b"|".join(records)), helpers=1)
    assert fed is not None
    monkeypatch.setattr(os, "write", counted)
    records = [b"%d" % n * 300 for n in range(1000)]  # ~1 MB in all
    for record in records:
        fed.feed(record)
    fed.tell()
    monkeypatch.undo()
    wait_for_background()
    assert done.read_bytes() == b"|".join(records)
    assert 2 <= len(writes) <= 10  # batches of FEED_BATCH bytes, then the rest and the word


def test_a_fed_helper_never_told_works_on_what_it_has_when_waited_for(tmp_path):
    """A scan that stops between the fork and the word (an error, an interrupt caught by a
    library caller) leaves no helper waiting forever: waiting for the background tells it."""
    wait_for_background()
    first, second = tmp_path / "first", tmp_path / "second"
    fed = fed_in_background(lambda records: first.write_bytes(b"|".join(records)), helpers=1)
    other = fed_in_background(lambda records: second.write_text("y"), helpers=1)
    assert fed is not None and other is not None
    fed.feed(b"one")
    fed.feed(b"two")
    wait_for_background()  # (each helper has closed the other's pipe: neither waits forever)
    assert first.read_bytes() == b"one|two" and second.read_text() == "y"
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_the_program_waits_for_its_background_work_before_it_ends(tmp_path):
    """The exit (which skips the interpreter's teardown) still waits: what the helper writes
    is there when the program has ended, not some time after."""
    import subprocess

    done = tmp_path / "done"
    program = ("import time; from pathlib import Path\n"
               "from compliance.cli.main import _exit\n"
               "from compliance.processes.forked import in_background\n"
               f"in_background(lambda: (time.sleep(0.5), Path({str(done)!r}).write_text('x')), 1)\n"
               "_exit(0)\n")
    subprocess.run([sys.executable, "-c", program], check=True, timeout=60)
    assert done.read_text() == "x"


def test_an_interrupt_while_the_program_waits_ends_the_helper_quietly(tmp_path):
    import signal
    import subprocess

    helper_pid, started_helper = tmp_path / "helper", tmp_path / "started"
    program = ("import os, time; from pathlib import Path\n"
               "from compliance.cli.main import _exit\n"
               "from compliance.processes.forked import in_background\n"
               f"in_background(lambda: (Path({str(helper_pid)!r}).write_text(str(os.getpid())),"
               " time.sleep(60)), 1)\n"
               f"Path({str(started_helper)!r}).write_text('yes')\n"
               "_exit(0)\n")
    started = subprocess.Popen([sys.executable, "-c", program], stderr=subprocess.PIPE,
                               text=True)
    deadline = time.monotonic() + 30
    # the helper has its pid written, and the program has it among its helpers (on a loaded
    # machine the program may sit between the two for longer than the pause below)
    while not (helper_pid.exists() and helper_pid.read_text() and started_helper.exists()):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.2)  # the program is waiting for its helper now
    started.send_signal(signal.SIGINT)
    _out, err = started.communicate(timeout=30)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    with pytest.raises(ProcessLookupError):  # the helper was ended, not left sleeping
        os.kill(int(helper_pid.read_text()), 0)


def test_the_helper_count_follows_the_workers_option():
    assert helper_count(1) == 0
    assert helper_count(2) == 1
    assert helper_count(64) == 3  # each helper holds its share's objects: a few at most


def test_bounds_held_too_long_leave_the_main_process_to_do_the_rest(tmp_path, monkeypatch):
    # as if the other side had been killed while holding them: neither side waits forever
    import threading

    from compliance.processes import forked as forked_module

    monkeypatch.setattr(forked_module, "LOCK_TIMEOUT_S", 0.2)

    def work(index):
        time.sleep(0.05)
        (tmp_path / str(index)).write_text(str(os.getpid()))

    helpers = ForkedHelpers.start(10, 1, work, minimum=2)
    assert helpers is not None
    held, done = threading.Event(), threading.Event()

    def hold():
        with helpers._bounds.get_lock():
            held.set()
            done.wait()

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait()
    try:
        mine = [index for index in range(10) if helpers.claim(index)]
    finally:
        done.set()
        holder.join()
    for index in mine:
        work(index)
    helpers.close()
    assert mine == list(range(10))  # once the bounds could not be had, every item
    assert sorted(int(p.name) for p in tmp_path.iterdir()) == list(range(10))


def test_the_workers_option_and_variable_reach_the_scan_but_not_its_memo(tmp_path,
                                                                          monkeypatch):
    from click.testing import CliRunner

    from compliance.cli.main import main
    from compliance.pipeline import scan as scan_module

    seen = []
    scan = scan_module._scan

    def watched(paths, catalog, controls, options, *rest):
        seen.append(options.workers)
        return scan(paths, catalog, controls, options, *rest)

    monkeypatch.setattr(scan_module, "_scan", watched)
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "main.tf").write_text(
        'resource "aws_kms_key" "k" {\n  enable_key_rotation = false\n}\n')
    for path in (tree / "main.tf", tree):  # settled: a file changed just now is not memoized
        os.utime(path, (time.time() - 60, time.time() - 60))
    reports = []

    def scan_with(*options, env=None):
        reports.append(tmp_path / f"report-{len(reports)}.json")
        done = CliRunner(env=env).invoke(main, ["scan", str(tree), "--no-config", "--format",
                                                "json", "-o", str(reports[-1]), *options])
        assert done.exit_code == 1, done.output  # the key's rotation fails
        return json.loads(reports[-1].read_text())["findings"]

    cache = ["--cache-dir", str(tmp_path / "cache")]
    first = scan_with("--workers", "1", *cache)
    assert seen == [1]
    # the same scan with another number of processes: the stored result is replayed
    assert scan_with(*cache, env={"COMPLIANCE_WORKERS": "3"}) == first and seen == [1]
    scan_with("--no-cache", env={"COMPLIANCE_WORKERS": "2"})
    scan_with("--no-cache")
    assert seen == [1, 2, None]


# --- work ahead, handed back whole --------------------------------------------------------


def _no_child_left():
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


@pytest.mark.parametrize("size", [0, 10, 3 * PIPE_ROOM], ids=["empty", "small", "past-room"])
def test_work_ahead_hands_back_its_bytes_whole_and_is_reaped(size):
    wait_for_background()
    data = os.urandom(size)
    pending = ahead(lambda: data + os.getpid().to_bytes(4, "big"), helpers=1)
    assert pending is not None
    got = pending.result()
    assert got[:size] == data and len(got) == size + 4
    assert int.from_bytes(got[size:], "big") != os.getpid()  # done by the helper
    _no_child_left()


def test_work_ahead_that_gives_nothing_fails_or_dies_hands_back_none():
    wait_for_background()

    def dies():
        os._exit(1)  # killed, say by the kernel, before handing anything back

    def raises():
        raise ValueError("the caller does it itself")

    for work in (lambda: None, raises, dies):
        pending = ahead(work, helpers=1)
        assert pending is not None and pending.result() is None
    _no_child_left()


def test_work_ahead_cut_short_is_told_apart(monkeypatch):
    """A helper killed while writing leaves fewer bytes than it announced: None, not them
    (the reading is cut here, as the pipe would end)."""
    import compliance.processes.forked as forked

    wait_for_background()
    pending = ahead(lambda: b"y" * 100, helpers=1)
    reading = pending._reading
    real_read = os.read
    sent = []

    def read_cut(fd, size):
        chunk = real_read(fd, size)
        if fd == reading and chunk:
            sent.append(chunk)
            return chunk[:50] if len(sent) == 1 else b""
        return chunk

    monkeypatch.setattr(forked.os, "read", read_cut)
    assert pending.result() is None
    _no_child_left()


def test_work_ahead_closed_unread_is_ended(tmp_path):
    wait_for_background()
    started = tmp_path / "started"
    pending = ahead(lambda: (started.write_text("x"), time.sleep(60), b"late")[-1], helpers=1)
    for _ in range(500):
        if started.exists():
            break
        time.sleep(0.01)
    moment = time.monotonic()
    pending.close()
    assert time.monotonic() - moment < 10  # killed, not waited for
    pending.close()  # twice is harmless
    _no_child_left()


def test_work_ahead_needs_a_helper_to_spare():
    assert ahead(lambda: b"x", helpers=0) is None
