#!/usr/bin/env python3
"""Read Terraform files with both HCL front ends and report every file whose IR differs.

python-hcl2 (`hcl_lark`) is the reference; tree-sitter (`hcl_treesitter`) must give the same
IR for every file both find valid. A file only one of them finds valid is counted apart (a
"verdict" difference, not a mismatch): in a scan, tree-sitter's error hands it to python-hcl2.
So does a file with a construct tree-sitter is known to misread ("declined", see
`hcl_treesitter._source`).

    python benchmarks/hcl_differential.py /work/repos            # .tf and .tfvars under it
    python benchmarks/hcl_differential.py --corpus               # the benchmark corpus
    python benchmarks/hcl_differential.py path/a.tf --show 3     # print the first differences
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
if str(REPOSITORY) not in sys.path:
    sys.path.insert(0, str(REPOSITORY))

from compliance.parse import hcl_lark, hcl_treesitter  # noqa: E402

SUFFIXES = (".tf", ".tfvars")


def compare(text: str) -> tuple[str, Any, Any]:
    """("same" | "mismatch" | "declined" | "treesitter-only-error" | "hcl2-only-error",
    reference, ours); "declined": text tree-sitter is known to misread, left to python-hcl2."""
    reference = hcl_lark.read(text)
    if hcl_treesitter._source(text) is None:
        return "declined", reference, None
    ours = hcl_treesitter._read(text)  # None: tree-sitter found a syntax error
    reference_valid = not _syntax_error(reference)
    if ours is None:
        return ("same" if not reference_valid else "treesitter-only-error"), reference, None
    if not reference_valid:
        return "hcl2-only-error", reference, ours
    return ("same" if ours == reference else "mismatch"), reference, ours


def _syntax_error(result: tuple[dict, list, list]) -> bool:
    attrs, blocks, errors = result
    return not attrs and not blocks and any(
        str(error.get("message", "")).startswith("syntax error") for error in errors)


def first_difference(a: Any, b: Any, path: str = "") -> str:
    """Where two IR values first differ, as a path and the two values."""
    if type(a) is not type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for key in list(a) + [k for k in b if k not in a]:
            if a.get(key, ...) != b.get(key, ...):
                return first_difference(a.get(key), b.get(key), f"{path}.{key}")
    elif isinstance(a, (list, tuple)):
        for index, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return first_difference(x, y, f"{path}[{index}]")
        if len(a) != len(b):
            return f"{path}: length {len(a)} != {len(b)}"
    return f"{path}: {str(a)[:200]!r} != {str(b)[:200]!r}"


def terraform_files(roots: Iterable[Path]) -> Iterator[Path]:
    for root in roots:
        if root.is_file():
            yield root
            continue
        for path in sorted(root.rglob("*")):
            if path.suffix in SUFFIXES and path.is_file() and ".terraform" not in path.parts:
                yield path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders to read")
    parser.add_argument("--corpus", action="store_true",
                        help="also read the benchmark corpus (benchmarks/corpus)")
    parser.add_argument("--show", type=int, default=10, help="differences to print (default 10)")
    args = parser.parse_args(argv)
    roots = list(args.paths) + ([HERE / "corpus"] if args.corpus else [])
    counts: dict[str, int] = {}
    shown = 0
    for path in terraform_files(roots):
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        if path.suffix == ".tfvars" and text.lstrip().startswith("{"):
            continue  # JSON variables: no HCL front end involved
        verdict, reference, ours = compare(text)
        counts[verdict] = counts.get(verdict, 0) + 1
        if verdict != "same" and shown < args.show:
            shown += 1
            detail = (first_difference(reference, ours) if verdict == "mismatch"
                      else str(reference[2][:1]))
            print(f"{verdict}: {path}\n    {detail}")
    print(" ".join(f"{key}={value}" for key, value in sorted(counts.items())) or "no files")
    return 1 if counts.get("mismatch") else 0


if __name__ == "__main__":
    sys.exit(main())
