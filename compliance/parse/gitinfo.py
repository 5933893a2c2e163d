"""What git says about a scanned folder: commit, branch, remote (without credentials), and
whether the working tree differs from the commit. Outside a repository, or without git, every
value is empty: an evidence pack can still be made, it just names no commit."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit, urlunsplit

from compliance.model import GitInfo

GIT_TIMEOUT_S = 10


def _start(folder: Path, *args: str) -> subprocess.Popen | None:
    try:
        return subprocess.Popen(["git", "-C", str(folder), *args], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True,
                                env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    except (OSError, subprocess.SubprocessError):
        return None


def _finish(process: subprocess.Popen | None) -> tuple[str, int] | None:
    """What git printed and its status; None when it could not run or ran out of time."""
    if process is None:
        return None
    try:
        out, _ = process.communicate(timeout=GIT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return None
    return out, process.returncode


def _output(process: subprocess.Popen | None) -> str | None:
    done = _finish(process)
    return done[0].strip() if done is not None and done[1] == 0 else None


def strip_credentials(url: str) -> str:
    """`https://user:token@host/x.git` -> `https://host/x.git`; scp-like `git@host:x` stays."""
    if "://" not in url:
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def git_info(folder: Path, exclude: list[Path] = (), check_dirty: bool = True) -> GitInfo:
    """Git metadata of `folder`; `dirty` looks only at `folder` (changed, staged or untracked
    files), leaving out `exclude` (the pack being written, when it is inside). Without
    `check_dirty` (a `git status`, slow on big trees) `dirty` is None."""
    return started_git_info(folder, exclude, check_dirty)()


def started_git_info(folder: Path, exclude: list[Path] = (),
                     check_dirty: bool = True) -> Callable[[], GitInfo]:
    """`git_info`, its git processes started now, read when the returned function is called:
    a scan starts them before it begins, and they answer while it runs (three processes one
    after another cost a scan ~10-15 ms of its end, its only processor then at work)."""
    folder = folder if folder.is_dir() else folder.parent
    # side by side: the top folder and the commit from one, branch and remote (asked
    # outside a repository too: they fail as fast as rev-parse does)
    located_query = _start(folder, "rev-parse", "--show-toplevel", "--verify", "-q", "HEAD")
    branch_query = _start(folder, "symbolic-ref", "-q", "--short", "HEAD")
    remote_query = _start(folder, "remote", "get-url", "origin")
    status_query = _start(folder, "status", "--porcelain", "--", *_pathspec(folder, exclude)) \
        if check_dirty else None

    def answered() -> GitInfo:
        top, commit = _top_and_commit(_finish(located_query))
        branch = _output(branch_query) or ""
        remote = strip_credentials(_output(remote_query) or "")
        status = _output(status_query) if check_dirty else None
        if top is None:
            return GitInfo()
        return GitInfo(commit=commit, branch=branch, remote=remote,
                       dirty=None if status is None else bool(status),
                       repository=Path(top).name)

    return answered


def _pathspec(folder: Path, exclude: list[Path]) -> list[str]:
    """`folder` less `exclude` (the paths inside it), as git's pathspec."""
    pathspec = ["."]
    for path in exclude:
        try:
            relative = path.resolve().relative_to(folder.resolve())
        except ValueError:
            continue
        pathspec.append(f":(exclude,literal){relative.as_posix()}")
    return pathspec


def _top_and_commit(located: tuple[str, int] | None) -> tuple[str | None, str]:
    """From `rev-parse --show-toplevel --verify -q HEAD`: the top folder (None outside a work
    tree: nothing printed) and the commit ("" when HEAD names none yet: then git prints the
    top folder alone and exits 1)."""
    if located is None or not located[0].strip():
        return None, ""
    out, status = located
    if status != 0:
        return out.strip(), ""
    body = out.rstrip("\n")
    if "\n" not in body:  # (git always prints both; were it not to, no commit is claimed)
        return body.strip(), ""
    top, _, commit = body.rpartition("\n")
    return top.strip(), commit.strip()
