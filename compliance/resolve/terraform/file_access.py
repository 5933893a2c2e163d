"""Reading files for `file()`, `templatefile()` and friends, never outside the scan root.

Terraform resolves a relative path against the directory it runs in, which is the root
module's directory (that is why modules write `"${path.module}/policy.json"`); so does this.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from compliance.model import DOWNLOADED_PREFIX, Unknown, UnknownKind
from compliance.parse.regular_files import NotRegular, TooLarge, read_regular
from compliance.resolve.terraform.origins import TextOrigin, TextOrigins
from compliance.resolve.terraform.resolved_cache import Recorder, observe_read
from compliance.resolve.terraform.values import EvaluationError

MAX_FILE_SIZE = 5 * 1024 * 1024


class FileAccess:
    """Files as seen from one root module directory, with reads shared through `cache`."""

    def __init__(self, root: Path, working_dir: Path, cache: dict[Path, Any],
                 origins: TextOrigins | None = None, downloads: dict[str, Path] | None = None,
                 recorder: Recorder | None = None):
        self.root = root
        self.working_dir = working_dir
        self.cache = cache
        self.origins = origins  # where document texts came from (see `origins`)
        # packages --download-modules fetched: the folder they are shown as (under
        # .compliance-downloads/, relative to the root) -> where they are on disk
        self.downloads = downloads or {}
        self.recorder = recorder  # the files a root module's resolution reads (resolved_cache)

    def _downloaded(self, path: str) -> tuple[str, Path] | None:
        """(shown package folder, its folder on disk) when `path` names a file of a
        downloaded package (`"${path.module}/policy.json"` inside one)."""
        shown = Path(os.path.normpath(self.working_dir / path))
        if not shown.is_relative_to(self.root):
            return None
        relative = shown.relative_to(self.root).as_posix()
        if not relative.startswith(DOWNLOADED_PREFIX):
            return None
        for folder, on_disk in self.downloads.items():
            if relative.startswith(folder + "/"):
                return relative, on_disk / relative[len(folder) + 1:]
        return None

    def _resolve(self, path: str) -> Path | Unknown:
        if "\x00" in path:
            return EvaluationError("invalid file path")
        downloaded = self._downloaded(path)
        try:
            resolved = (downloaded[1] if downloaded else self.working_dir / path).resolve()
        except (OSError, RuntimeError):
            return EvaluationError(f"invalid file path {path!r}")
        if downloaded is not None:
            package = next(disk for folder, disk in self.downloads.items()
                           if downloaded[0].startswith(folder + "/"))
            if not resolved.is_relative_to(package.resolve()):
                return Unknown(f"file {path!r} is outside its module's package",
                               kind=UnknownKind.NOT_READ)
            return resolved
        if not resolved.is_relative_to(self.root):
            return Unknown(f"file {path!r} is outside the scanned directory",
                           kind=UnknownKind.NOT_READ)
        return resolved

    def read_bytes(self, path: str) -> bytes | Unknown:
        resolved = self._resolve(path)
        data = resolved if isinstance(resolved, Unknown) else self._read(resolved, path)
        if self.recorder is not None:
            seen = resolved if isinstance(resolved, Unknown) else self._within(resolved)
            self.recorder.files[("read", self._within(self.working_dir), path)] = \
                f"{seen!r} {observe_read(data)}"
        return data

    def _within(self, path: Path) -> str:
        """A path as recorded for the cache: relative to the scan root when under it, so that
        the same tree scanned elsewhere (a diff's base, extracted afresh) is answered too."""
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) \
            else str(path)

    def _read(self, resolved: Path, path: str) -> bytes | Unknown:
        if resolved in self.cache:
            return self.cache[resolved]
        data: Any
        try:
            data = read_regular(resolved, MAX_FILE_SIZE)
        except TooLarge:
            data = Unknown(f"file {path!r} is larger than {MAX_FILE_SIZE} bytes")
        except NotRegular:  # a FIFO would hang the scan (and Terraform)
            data = Unknown(f"file {path!r} is not a regular file (a pipe, socket or device); "
                           "not read", kind=UnknownKind.NOT_READ)
        except FileNotFoundError:
            data = EvaluationError(f"no file {path!r}")
        except OSError as exc:
            data = EvaluationError(f"can't read {path!r}: {exc.strerror or exc}")
        self.cache[resolved] = data
        return data

    def read_text(self, path: str) -> str | Unknown:
        data = self.read_bytes(path)
        if isinstance(data, Unknown):
            return data
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return EvaluationError(f"file {path!r} is not UTF-8 text")

    def exists(self, path: str) -> bool | Unknown:
        resolved = self._resolve(path)
        found = resolved if isinstance(resolved, Unknown) else resolved.is_file()
        if self.recorder is not None:
            self.recorder.files[("exists", self._within(self.working_dir), path)] = repr(found)
        return found

    def note_origin(self, text: str, path: str, *, template: bool) -> None:
        """Remember that `text` was produced from the file at `path` (already read)."""
        if self.origins is None:
            return
        downloaded = self._downloaded(path)
        if downloaded is not None:  # shown where its module's files are shown
            self.origins.note(text, TextOrigin(downloaded[0], template))
            return
        resolved = self._resolve(path)
        if isinstance(resolved, Path):
            relpath = resolved.relative_to(self.root).as_posix()
            self.origins.note(text, TextOrigin(relpath, template))
