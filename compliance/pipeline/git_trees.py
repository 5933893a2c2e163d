"""The trees of a repository's commits for a diff: checked out through an index of their own
into a temporary folder (the user's checkout, index and worktrees are never touched), with
their submodules.

A commit's tree holds a submodule as a gitlink only. A diff's working tree has its submodules
checked out, so a base without them made every finding in them look new (and a pull request
fail its gate). Each submodule is extracted at the commit its gitlink names, from the
submodule's clone in the working tree; one whose clone lacks that commit (a pointer moved to a
commit not fetched) is named by `Submodule.available`, for the diff to say so. A submodule not
cloned at all is empty on both sides, as the working tree has it."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator


class GitError(Exception):
    """A git command failed (not a repository, unknown ref, ...)."""


def git(cwd: Path, *args: str, binary: bool = False, env: dict[str, str] | None = None) -> Any:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False,
                              env=env)
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {' '.join(args)}: {message[-1] if message else 'failed'}")
    return done.stdout if binary else done.stdout.decode("utf-8", "replace").strip()


def repo_root(path: Path) -> Path:
    start = path if path.is_dir() else path.parent
    return Path(git(start.resolve(), "rev-parse", "--show-toplevel")).resolve()


def resolve_ref(root: Path, ref: str) -> str:
    return git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")


@contextmanager
def checkout(root: Path, sha: str, found: list[Submodule] | None = None,
             leave_out: frozenset[str] = frozenset(),
             carried: dict[str, bytes] | None = None) -> Iterator[Path]:
    """The tree of commit `sha` in a temporary directory (removed afterwards), with its
    submodules `found` (`submodules(root, sha)`), without the files of `leave_out`
    (repository-relative: `not_checked_out`), with those of `carried` it does not hold
    (`ignored_inputs`)."""
    with lazy_checkout(root, sha, found, leave_out, carried) as tree:
        tree.fill()
        yield tree.folder


class LazyTree:
    """The tree of commit `sha` in a temporary folder, filled only when a scan is not answered
    from the memo: the files a request reads before scanning (`files`) first, then everything
    (`fill`)."""

    def __init__(self, root: Path, sha: str, found: list[Submodule] | None = None,
                 leave_out: frozenset[str] = frozenset(),
                 carried: dict[str, bytes] | None = None):
        self.root, self.sha, self.leave_out = root, sha, leave_out
        self.found, self.carried = found or [], carried or {}
        self.folder = Path(tempfile.mkdtemp(prefix="compliance-diff-"))

    def files(self, names: list[str]) -> None:
        for name in names:
            try:
                data = git(self.root, "show", f"{self.sha}:{name}", binary=True)
            except GitError:  # not in this commit
                continue
            path = self.folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    def fill(self) -> None:
        _archive_into(self.root, self.sha, self.folder)  # over the files read before
        for found in self.found:  # each after the one holding it (`submodules`' order)
            if found.available:
                (self.folder / found.path).mkdir(parents=True, exist_ok=True)
                _archive_into(self.root / found.path, found.sha, self.folder / found.path)
        for name in self.leave_out:
            try:
                (self.folder / name).unlink()
            except OSError:  # not in this commit
                pass
        for name, data in self.carried.items():  # never over the commit's own file
            path = self.folder / name
            if not os.path.lexists(path):
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)


def not_checked_out(root: Path) -> frozenset[str]:
    """The files of the working tree's index that are not in the working tree because a
    sparse checkout left them out (skip-worktree, and absent): a diff's head has none of their
    findings, so its base must not have them either, or every one would show as fixed. (A
    skip-worktree file that is there is the working tree's, and scanned.)"""
    listing = git(root, "ls-files", "-t", "-z", binary=True)
    return frozenset(
        name for name in (entry[2:].decode("utf-8", "surrogateescape")
                          for entry in listing.split(b"\0") if entry.startswith(b"S "))
        if not os.path.lexists(root / name))


# files of other names that Terraform's templatefile() reads, carried with the inputs
_TEMPLATES = (".tpl", ".tftpl", ".tmpl")


def ignored_inputs(root: Path, pathspec: str, own_dirs: tuple[Path, ...] = ()
                   ) -> dict[str, bytes]:
    """The files under `pathspec` that git ignores and a scan reads (inputs by their name, and
    templates), repository-relative, with their content: a generated `*.auto.tfvars` or
    `policy.json` is the working tree's environment, not the change, and a base without it
    made every finding it decides look new. Regular files only, within the scan's size cap;
    not in the folders a scan never walks, nor in its own (`own_dirs`: a cache kept in the
    repository, whose downloaded modules the base would otherwise read as its own files)."""
    from compliance.parse.discover import ALWAYS_SKIPPED_DIRS, read_by_name, walk_tree
    from compliance.parse.regular_files import read_regular

    own = [os.path.realpath(folder) for folder in own_dirs]

    def owned(path: str) -> bool:
        real = os.path.realpath(path)
        return any(real == folder or real.startswith(folder + os.sep) for folder in own)

    listing = git(root, "ls-files", "-z", "--others", "--ignored", "--exclude-standard",
                  "--directory", "--", pathspec, binary=True)
    names: list[str] = []
    for entry in filter(None, listing.split(b"\0")):
        name = entry.decode("utf-8", "surrogateescape")
        if any(part in ALWAYS_SKIPPED_DIRS for part in name.rstrip("/").split("/")) or \
                owned(os.path.join(root, name)):
            continue
        if not name.endswith("/"):
            names.append(name)
            continue
        for folder, folders, files in walk_tree(root / name):  # a folder git ignores whole
            folders[:] = [d for d in folders if d not in ALWAYS_SKIPPED_DIRS
                          and not owned(os.path.join(folder, d))]
            relative = Path(folder).relative_to(root).as_posix()
            names += [f"{relative}/{file}" for file in files]
    carried = {}
    for name in names:
        base = name.rsplit("/", 1)[-1]
        if not (read_by_name(base) or base.endswith(_TEMPLATES)) or \
                os.path.islink(root / name):
            continue
        try:
            carried[name] = read_regular(root / name)
        except OSError:  # refused or gone: the head's scan names it if it reads it
            continue
    return carried


@contextmanager
def lazy_checkout(root: Path, sha: str, found: list[Submodule] | None = None,
                  leave_out: frozenset[str] = frozenset(),
                  carried: dict[str, bytes] | None = None) -> Iterator[LazyTree]:
    tree = LazyTree(root, sha, found, leave_out, carried)
    try:
        yield tree
    finally:
        shutil.rmtree(tree.folder, ignore_errors=True)


def _archive_into(root: Path, sha: str, into: Path) -> None:
    """Commit `sha`'s files into `into` as a checkout writes them (its line endings and
    filters, as the working tree has them); a submodule's folder is left empty (`LazyTree.fill`
    fills it). Not `git archive`: it leaves out what `.gitattributes` marks `export-ignore`
    (and rewrites `export-subst` files), and every finding in those files looked new."""
    with tempfile.TemporaryDirectory(prefix="compliance-index-") as scratch:
        # an index of its own: the user's index, HEAD and working tree are never touched
        env = {**os.environ, "GIT_INDEX_FILE": os.path.join(scratch, "index")}
        git(root, "read-tree", f"{sha}^{{tree}}", env=env)
        # -f: over the files a lazy tree wrote before (`LazyTree.files`)
        git(root, "checkout-index", "--all", "--force", f"--prefix={into}{os.sep}", env=env)


@dataclass(frozen=True)
class Submodule:
    path: str  # repository-relative, forward slashes (a nested one's full path)
    sha: str  # the commit its gitlink names
    available: bool  # whether its clone in the working tree holds that commit


def submodules(root: Path, sha: str, prefix: str = "") -> list[Submodule]:
    """The submodules of commit `sha` of the repository at `root`, and theirs (of those whose
    commit is at hand), in path order. A commit without `.gitmodules` has none that a checkout
    could fill: one git call tells."""
    try:
        git(root, "cat-file", "-e", f"{sha}:.gitmodules")
    except GitError:
        return []
    found = []
    for entry in git(root, "ls-tree", "-r", "-z", sha, binary=True).split(b"\0"):
        if not entry.startswith(b"160000 "):  # a gitlink: mode, "commit", its sha, tab, path
            continue
        meta, name = entry.split(b"\t", 1)
        path = name.decode("utf-8", "surrogateescape")
        commit = meta.split()[2].decode()
        clone = root / path
        if not (clone / ".git").exists():  # not cloned: empty in the working tree too
            continue
        available = _holds(clone, commit)
        found.append(Submodule(prefix + path, commit, available))
        if available:
            found += submodules(clone, commit, f"{prefix}{path}/")
    return found


def _holds(clone: Path, commit: str) -> bool:
    try:
        git(clone, "cat-file", "-e", f"{commit}^{{commit}}")
    except GitError:
        return False
    return True
