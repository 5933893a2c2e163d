"""Reading a file of the scanned tree, as every reader of one must: opened without blocking (a
FIFO named `x.tf`, `policy.json` or `kustomization.yaml` must not hang the scan), checked on
the open file (no race with a swap), and read no further than a cap (a file that grows, or a
link to a device). The two refusals are OSErrors, with a `strerror` that says why, so a
reader that already words an unreadable file words these too."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

__all__ = ["DEFAULT_CAP", "NotRegular", "TooLarge", "open_regular", "read_regular"]

# what a reader with no cap of its own reads at most: the scan's default size cap for a file
# (discover.DEFAULT_MAX_FILE_SIZE, which `--max-file-size` overrides)
DEFAULT_CAP = 5 * 1024 * 1024

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class _Refused(OSError):
    def __str__(self) -> str:  # the reason alone, not "[Errno None] ..."
        return str(self.strerror)


class NotRegular(_Refused):
    """A pipe, socket or device where a file was expected."""

    def __init__(self) -> None:
        super().__init__(None, "not a regular file (a pipe, socket or device)")


class TooLarge(_Refused):
    """A file of more than the reader's cap (`size`: what it holds, or at least cap + 1)."""

    def __init__(self, size: int, cap: int):
        super().__init__(None, f"larger than {cap} bytes")
        self.size = size


def open_regular(path: Path | str) -> BinaryIO:
    """The regular file at `path`, open for reading (NotRegular, or the OSError of opening)."""
    stream = os.fdopen(os.open(path, _FLAGS), "rb")
    if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
        stream.close()
        raise NotRegular
    return stream


def read_regular(path: Path | str, cap: int = DEFAULT_CAP, head: bool = False) -> bytes:
    """The bytes of the regular file at `path`, at most `cap` of them (NotRegular, TooLarge,
    or the OSError of opening it); with `head`, the first `cap` bytes of a larger one."""
    with open_regular(path) as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > cap and not head:
            raise TooLarge(size, cap)
        # what the file says it holds and a byte more, to see that it has not grown: reading
        # the cap itself would allocate (and fault in) the cap's bytes for every small file
        data = stream.read(min(size, cap) + 1)
        if size < len(data) <= cap:  # grown meanwhile, or a size the system can't tell
            data += stream.read(cap + 1 - len(data))
        if len(data) > cap:
            if head:
                return data[:cap]
            raise TooLarge(len(data), cap)
        return data
