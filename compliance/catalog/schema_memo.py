"""Which data files already passed their JSON Schema, remembered between runs.

Validating the control catalog and the framework files with jsonschema costs a quarter of a
second on every command. The same bytes checked against the same schema by the same tool
version always give the same answer, so a pass is recorded as an empty marker file named by
their hash; a failure is never recorded, and a file that changes by one byte is validated
again. A control file's marker also covers its attribute paths (`controls._Loader`): its key
adds the attribute lists' digest and the type groups. The command line turns this on (with
the user cache folder); library callers and tests validate every time. (An unchanged catalog
is not even read as YAML: `compiled`.) Any error reading or writing a marker only costs the time.

The shipped catalog's and framework files' passes ship with the package
(`controls/shipped-validated.txt`, written by `tools/catalog/shipped_memo.py` and held to the
files by a test): validating them cost a first run (a new installation, a CI job without a
cache) about 2 s, for files this project's own tests have validated. A file that differs by a
byte from the shipped one is validated as any other.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from compliance import __version__, data_dir
from compliance.catalog.cache_folder import CacheFolder

SHIPPED = "shipped-validated.txt"  # in the controls folder
_FOLDER = CacheFolder("validated")
_use_shipped = True


def enable(directory: Path | Callable[[], Path | None] | None, shipped: bool = True) -> None:
    """Remember passes in `directory` (None: validate every time), or in the folder a
    function gives on first use (`CacheFolder`); `shipped`: take the shipped files' passes
    as given (False: only to write that list)."""
    global _use_shipped
    _FOLDER.set(directory)
    _use_shipped = shipped


@contextmanager
def recording(directory: Path) -> Iterator[None]:
    """Record every pass in `directory`, the shipped ones included (to write that list), then
    as before."""
    global _use_shipped
    previous = _FOLDER.path(), _use_shipped
    enable(directory, shipped=False)
    try:
        yield
    finally:
        _FOLDER.keep(previous[0])
        _use_shipped = previous[1]


def key(schema_text: str, raw: bytes) -> str:
    return hashlib.sha256(__version__.encode() + b"\0" + schema_text.encode() + b"\0"
                          + raw).hexdigest()


@lru_cache(maxsize=1)
def shipped_passes() -> frozenset[str]:
    try:
        text = (data_dir("controls") / SHIPPED).read_text("utf-8")
    except OSError:
        return frozenset()
    lines = (line.strip() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _marker(schema_text: str, raw: bytes) -> Path | None:
    folder = _FOLDER.path()
    if folder is None:
        return None
    return folder / key(schema_text, raw)


def passed_before(schema_text: str, raw: bytes) -> bool:
    marker = _marker(schema_text, raw)
    if marker is None:
        return False
    return (_use_shipped and marker.name in shipped_passes()) or marker.exists()


def remember_pass(schema_text: str, raw: bytes) -> None:
    marker = _marker(schema_text, raw)
    if marker is None:
        return
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        pass
