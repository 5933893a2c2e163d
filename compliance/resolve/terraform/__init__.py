"""Terraform configurations resolved into resources.

The parser (`compliance.parsers.terraform_hcl`) keeps each file's blocks unevaluated; this
package puts a scan's files together into modules, evaluates variables, locals, module calls,
functions and count/for_each statically, and emits `Resource`s. Anything that can't be known
without running Terraform is an `Unknown` carrying the addresses it depends on.

Values stay plain: where a document string came from (`file()`, `templatefile()`) is recorded
beside them, and a multi-line template known but for some interpolations keeps its text with
placeholders in `Unknown.partial` (see `origins`; used by `compliance.embedded`).
"""

from compliance.resolve.terraform.build import build_resources

__all__ = ["build_resources"]
