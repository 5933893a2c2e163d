"""Folders nested deeper than Python's recursion limit, made and removed one level at a time.
shutil.rmtree, pathlib's rglob and Python 3.11's os.walk recurse once per level: a test that
left such a tree behind would break pytest's own clean-up of old temporary folders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

LEVEL = "a"


def make_nested(top: Path, depth: int, files: dict[str, str]) -> None:
    """`top/a/a/.../a` (`depth` folders) with `files` in the innermost, made through file
    descriptors (the whole path may be longer than a call takes)."""
    folder = os.open(top, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir(LEVEL, dir_fd=folder)
            inner = os.open(LEVEL, os.O_RDONLY, dir_fd=folder)
            os.close(folder)
            folder = inner
        for name, text in files.items():
            with open(os.open(name, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=folder), "w") as out:
                out.write(text)
    finally:
        os.close(folder)


def remove_nested(top: Path) -> None:
    """Remove what `make_nested` made under `top`: the second level is moved up, the first
    (now only files) removed, and so on."""
    chain, spare = top / LEVEL, top / f"{LEVEL}.next"
    while chain.is_dir():
        if (chain / LEVEL).is_dir():
            os.rename(chain / LEVEL, spare)
            shutil.rmtree(chain)
            os.rename(spare, chain)
        else:
            shutil.rmtree(chain)
