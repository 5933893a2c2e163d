"""compliance: infrastructure-as-code compliance checks for API security.

The stages, and what each package may import, are described in docs/architecture.md.
"""

from pathlib import Path

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


def schema_text(name: str) -> str:
    """One of the package's JSON Schemas (compliance/schemas/), as text."""
    return (_PACKAGE_DIR / "schemas" / name).read_text("utf-8")
