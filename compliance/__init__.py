"""compliance: infrastructure-as-code compliance checks for API security.

The stages, and what each package may import, are described in docs/architecture.md.
"""

from pathlib import Path
from typing import Any

__version__ = "0.1.0"

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Where a shipped data folder (controls, frameworks, reports, attributes) is, installed or
    not: at the top of a checkout (data edited by people who never open the package), or under
    compliance/_data/ in an installed wheel."""
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def data_yaml(folder: str, name: str) -> Any:
    """A shipped YAML data file (a type table), read with PyYAML's C loader where it is
    built: the tool's own tables need no line marks, and the pure-Python loader took about
    0.1 s for the largest of them, on every scan that read it."""
    import yaml  # only where such a table is read

    with (data_dir(folder) / name).open(encoding="utf-8") as stream:
        return yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def schema_text(name: str) -> str:
    """One of the package's JSON Schemas (compliance/schemas/), as text."""
    return (_PACKAGE_DIR / "schemas" / name).read_text("utf-8")
