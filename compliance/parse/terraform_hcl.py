"""Terraform HCL (`.tf`, `.tfvars`) into a JSON intermediate representation (IR).

Terraform files can't be turned into resources one at a time: variables, locals and modules
are resolved across a whole directory tree later (`compliance.terraform`). So the parser keeps
each file's blocks with their expressions unevaluated, in a compact plain-JSON form that is
cached on disk and sent between processes. The IR does not depend on the file's name.

`parse(text)` returns `{"resources": [], "errors": [...], "blocks": [block, ...]}`; a block is

    {"type": "resource", "labels": ["aws_s3_bucket", "b"], "line": 3, "end_line": 9,
     "attrs": {"bucket": {"line": 4, "end_line": 4, "expr": EXPR}, ...},
     "blocks": [nested block, ...]}          # same shape, in source order

The same IR comes from Terraform's JSON syntax (`.tf.json`, `terraform_json`).

`parse_vars(text)` (a `.tfvars` or `.tfvars.json` file) returns
`{"resources": [], "errors": [...], "vars": {"name": {"line", "end_line", "expr"}}}`.

EXPR is a literal JSON scalar (str, int, float, bool, None) or a list whose first item names
the node:

    ["tuple", [EXPR, ...]]
    ["object", [[KEY, EXPR, line], ...]]       KEY: a str (bare name or literal) or an EXPR;
                                                line: the key's line (None where it is not
                                                known; not the file's line inside a heredoc
                                                interpolation)
    ["tpl", [PART, ...]]                        a string template; PART: str, EXPR,
        ["%if", cond, [PART...], [PART...]] or ["%for", key_var|None, value_var, coll, [PART...]]
    ["ref", "name", [STEP, ...]]                traversal from a name: var.x, aws_s3_bucket.b.arn
    ["trav", EXPR, [STEP, ...]]                 traversal from any other expression
        STEP: "attr" | ["index", EXPR] | ["splat", [STEP, ...]]  (steps applied to each item)
    ["call", "name", [EXPR, ...], expand_last]  provider functions as "provider::aws::f"
    ["op", "+", EXPR, EXPR]                     + - * / % == != < > <= >= && ||
    ["neg", EXPR]  ["not", EXPR]
    ["cond", EXPR, EXPR, EXPR]
    ["for", key_var|None, value_var, coll, value, cond|None]                     [for ...]
    ["forobj", key_var|None, value_var, coll, key, value, cond|None, grouping]   {for ...}
    ["invalid", "message"]                      e.g. an unparseable heredoc interpolation

Heredocs become plain strings or templates (markers removed, `<<-` indentation trimmed).
Escape sequences in quoted strings are decoded; `$${` and `%%{` become literal `${` / `%{`.

Two front ends read the syntax into this IR: tree-sitter's HCL grammar (`hcl_treesitter`, the
default, many times faster) and python-hcl2's Lark grammar (`hcl_lark`, the reference).
`COMPLIANCE_HCL_PARSER=hcl2` forces the latter. Both give the same IR for every valid file; a
file tree-sitter finds a syntax error in (or can't read) is read by python-hcl2, which decides
whether it is valid and words the error.

A syntax error gives one error entry with its line and no blocks. A top-level block nested
too deeply to convert is left out with an error entry; the rest of the file is kept.
"""

from __future__ import annotations

import math
import os
from functools import lru_cache
from importlib.util import find_spec
from types import ModuleType
from typing import Any

from compliance.model.limits import MAX_VALUE_DEPTH
from compliance.parse import hcl_template
from compliance.parse.json_lines import JsonNode, read_json

__all__ = ["parse", "parse_vars", "parse_template", "front_end_name", "depth_bound"]

# COMPLIANCE_HCL_PARSER: which front end reads HCL syntax
FRONT_END_VARIABLE = "COMPLIANCE_HCL_PARSER"


def front_end_name() -> str:
    """The front end in use: "tree-sitter" unless the environment asks for "hcl2" (or the
    tree-sitter wheels are missing)."""
    return _front_end_name(os.environ.get(FRONT_END_VARIABLE, "").strip().lower())


@lru_cache(maxsize=None)
def _front_end_name(requested: str) -> str:
    if requested in ("hcl2", "python-hcl2"):
        return "hcl2"
    # found, not imported: the parse cache asks for the name on every run, and a warm run
    # parses nothing
    if find_spec("tree_sitter") is None or find_spec("tree_sitter_hcl") is None:
        return "hcl2"
    return "tree-sitter"


def _front_end() -> ModuleType:
    if front_end_name() == "hcl2":
        from compliance.parse import hcl_lark

        return hcl_lark
    from compliance.parse import hcl_treesitter

    return hcl_treesitter


# --- entry points ------------------------------------------------------------------------


def parse(text: str) -> dict[str, Any]:
    """Parse one `.tf` file into its blocks' IR."""
    _attrs, blocks, errors = _front_end().read(text)
    return {"resources": [], "errors": errors, "blocks": blocks}


def parse_vars(text: str) -> dict[str, Any]:
    """Parse a variable definitions file: HCL assignments, or JSON when it starts with `{`."""
    if text.lstrip("\ufeff \t\r\n").startswith("{"):
        return _parse_json_vars(text)
    attrs, blocks, errors = _front_end().read(text)
    errors += [{"line": block["line"],
                "message": f"unexpected block {block['type']!r}: a variable definitions file "
                           "holds only assignments"} for block in blocks]
    return {"resources": [], "errors": errors, "vars": attrs}


def depth_bound(text: str) -> int | None:
    """How deeply the result parsed from `text` can nest at most, known without walking it
    (`parse_source` measures only past MAX_RESULT_DEPTH): each attribute's value nests at most
    MAX_VALUE_DEPTH (`hcl_template.attribute`), under the block it sits in; a block at nesting
    n sits at depth 2n + 1 (each level a dict in a list), and every level opens a `{`. None for
    a JSON variables file, whose values are not held to that limit."""
    if text.lstrip("\ufeff \t\r\n").startswith("{"):
        return None
    return 2 * text.count("{") + 3 + MAX_VALUE_DEPTH


def parse_template(text: str) -> Any:
    """A template (heredoc body or `templatefile()` file) as an EXPR."""
    return hcl_template.parse_template(text, _front_end().parse_quoted)


# --- JSON variable files -----------------------------------------------------------------


def _parse_json_vars(text: str) -> dict[str, Any]:
    """A JSON variable definitions file: its top-level properties are literal values (strings
    are not templates), each with its line."""
    root, error = read_json(text)
    if error:
        return {"resources": [], "errors": [error], "vars": {}}
    if root.kind != "object":
        return {"resources": [], "errors": [{"line": 1, "message": "a JSON variable definitions "
                                             "file must hold an object"}], "vars": {}}
    return {"resources": [], "errors": [],
            "vars": {name: {"line": line, "end_line": node.end_line, "expr": _json_literal(node)}
                     for name, line, node in root.value}}


def _json_literal(node: JsonNode) -> Any:
    if node.kind == "object":
        return ["object", [[key, _json_literal(item), line] for key, line, item in node.value]]
    if node.kind == "array":
        return ["tuple", [_json_literal(item) for item in node.value]]
    value = node.value
    if isinstance(value, float) and not math.isfinite(value):
        return ["invalid", "number out of range"]
    return value
