#!/usr/bin/env python3
"""Write controls/shipped-validated.txt: the schema-memo keys of every shipped control and
framework file, validated now (compliance/catalog/schema_memo.py explains what they spare).

    python tools/catalog/shipped_memo.py          # after editing a control, a framework file,
                                                  # a schema or the attribute lists

tests/test_schema_memo_shipped.py fails, naming this command, when the list is out of date.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from compliance import data_dir  # noqa: E402
from compliance.catalog import schema_memo  # noqa: E402

HEADER = ("# Schema-memo keys of the shipped control and framework files, which passed their\n"
          "# schemas when this list was written (tools/catalog/shipped_memo.py writes it).\n")


def shipped_keys() -> list[str]:
    """Validate the shipped catalog and frameworks, recording each pass, and list the keys.
    (A file that fails raises: nothing invalid is listed.)"""
    from compliance.catalog import compiled
    from compliance.catalog.controls import load_catalog
    from compliance.catalog.frameworks import load_frameworks

    with tempfile.TemporaryDirectory() as folder, compiled.disabled(), \
            schema_memo.recording(Path(folder)):
        catalog = load_catalog()
        load_frameworks(catalog=catalog)
        return sorted(path.name for path in (Path(folder) / "validated").iterdir())


def text() -> str:
    return HEADER + "".join(f"{key}\n" for key in shipped_keys())


def main() -> int:
    target = data_dir("controls") / schema_memo.SHIPPED
    target.write_text(text(), "utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
