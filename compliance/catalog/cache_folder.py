"""A folder of its own inside the cache folder, which may be found only when first used."""

from __future__ import annotations

from pathlib import Path
from typing import Callable


class CacheFolder:
    """`<cache>/<name>`, or None (nothing kept). Set from the cache folder, or from a function
    that finds it, called on first use: the user cache folder is found with platformdirs
    (~10 ms), which a command given --cache-dir never needs."""

    def __init__(self, name: str):
        self.name = name
        self._path: Path | None = None
        self._found_later: Callable[[], Path | None] | None = None

    def set(self, cache: Path | Callable[[], Path | None] | None) -> None:
        if callable(cache):
            self._path, self._found_later = None, cache
        else:
            self._path, self._found_later = (cache / self.name if cache else None), None

    def path(self) -> Path | None:
        if self._found_later is not None:
            found, self._found_later = self._found_later(), None
            self._path = found / self.name if found else None
        return self._path

    def keep(self, path: Path | None) -> None:
        """Use `path` itself (what `path()` gave before: to restore it)."""
        self._path, self._found_later = path, None
