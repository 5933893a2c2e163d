"""Parse results cached on disk by content hash, as JSON (never pickle: the cache directory is
writable by the user and must not become a way to run code)."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from compliance import __version__
from compliance.parse import PARSER_FORMAT


def default_cache_dir() -> Path:
    configured = os.environ.get("COMPLIANCE_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("compliance"))


class ParseCache:
    """A directory of JSON files named by (tool version, parser format, kind, content hash).

    Any failure to read or write the cache only costs speed; it never fails a scan.
    """

    def __init__(self, directory: Path | None):
        self.directory = directory / "parse" if directory else None

    def _path(self, kind: str, digest: str) -> Path:
        assert self.directory is not None
        key = hashlib.sha256(f"{__version__}:{PARSER_FORMAT}:{kind}:{digest}".encode()).hexdigest()
        return self.directory / key[:2] / f"{key}.json"

    def get(self, kind: str, digest: str) -> dict[str, Any] | None:
        if self.directory is None:
            return None
        try:
            with open(self._path(kind, digest), encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError):
            return None

    def put(self, kind: str, digest: str, result: dict[str, Any]) -> None:
        if self.directory is None:
            return
        path = self._path(kind, digest)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # json.dumps, not json.dump: only the former uses the C encoder
            text = json.dumps(result, separators=(",", ":"))
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, path)  # atomic: concurrent scans never read half a file
        except OSError:
            pass
