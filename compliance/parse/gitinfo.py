"""What git says about a scanned folder: commit, branch, remote (without credentials), and
whether the working tree differs from the commit. Outside a repository, or without git, every
value is empty: an evidence pack can still be made, it just names no commit."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from compliance.model import GitInfo

GIT_TIMEOUT_S = 10


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True,
                              text=True, timeout=GIT_TIMEOUT_S, check=False,
                              env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


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
    folder = folder if folder.is_dir() else folder.parent
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top is None:
        return GitInfo()
    commit = _git(folder, "rev-parse", "--verify", "-q", "HEAD") or ""
    branch = _git(folder, "symbolic-ref", "-q", "--short", "HEAD") or ""
    remote = strip_credentials(_git(folder, "remote", "get-url", "origin") or "")
    pathspec = ["."]
    for path in exclude:
        try:
            relative = path.resolve().relative_to(folder.resolve())
        except ValueError:
            continue
        pathspec.append(f":(exclude,literal){relative.as_posix()}")
    status = _git(folder, "status", "--porcelain", "--", *pathspec) if check_dirty else None
    return GitInfo(commit=commit, branch=branch, remote=remote,
                   dirty=None if status is None else bool(status),
                   repository=Path(top).name)
