"""Which data files already passed their JSON Schema, remembered between runs.

Validating the control catalog and the framework files with jsonschema costs a quarter of a
second on every command. The same bytes checked against the same schema by the same tool
version always give the same answer, so a pass is recorded as an empty marker file named by
their hash; a failure is never recorded, and a file that changes by one byte is validated
again. A control file's marker also covers its attribute paths (`controls._Loader`): its key
adds the attribute lists' digest and the type groups. The command line turns this on (with
the user cache folder); library callers and tests validate every time. (An unchanged catalog
is not even read as YAML: `compiled`.) Any error reading or writing a marker only costs the time.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from compliance import __version__

_directory: Path | None = None


def enable(directory: Path | None) -> None:
    global _directory
    _directory = directory / "validated" if directory else None


def _marker(schema_text: str, raw: bytes) -> Path | None:
    if _directory is None:
        return None
    key = hashlib.sha256(__version__.encode() + b"\0" + schema_text.encode() + b"\0" + raw)
    return _directory / key.hexdigest()


def passed_before(schema_text: str, raw: bytes) -> bool:
    marker = _marker(schema_text, raw)
    return marker is not None and marker.exists()


def remember_pass(schema_text: str, raw: bytes) -> None:
    marker = _marker(schema_text, raw)
    if marker is None:
        return
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        pass
