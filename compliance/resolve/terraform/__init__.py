"""Terraform configurations resolved into resources.

The parser (`compliance.parsers.terraform_hcl`) keeps each file's blocks unevaluated; this
package puts a scan's files together into modules, evaluates variables, locals, module calls,
functions and count/for_each statically, and emits `Resource`s. Anything that can't be known
without running Terraform is an `Unknown` carrying the addresses it depends on.

Values stay plain: where a document string came from (`file()`, `templatefile()`) is recorded
beside them, and a multi-line template known but for some interpolations keeps its text with
placeholders in `Unknown.partial` (see `origins`; used by `compliance.embedded`).
"""

from __future__ import annotations

from typing import Any

__all__ = ["build_resources"]


def __getattr__(name: str) -> Any:
    """`build_resources`, its modules imported when it is first asked for: importing one
    module of the package (the resolved-module cache, which a warm run reads) must not
    import the whole resolver."""
    if name == "build_resources":
        from compliance.resolve.terraform.build import build_resources

        return build_resources
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
