"""Terraform's JSON configuration syntax (`*.tf.json`) into the IR of `terraform_hcl`, with
the line of every key (JSON variable files, `*.tfvars.json`, are read by `terraform_hcl`).

The same blocks come out as from the HCL of the same configuration, so the resolver reads both
alike. The rules are those of Terraform's JSON syntax:

- the top-level object's properties are block types; a block's labels are nested object
  properties (`"resource": {"aws_s3_bucket": {"b": {...}}}`), and at any of these levels an
  array of objects stands for several;
- in a body, a property is an argument unless it names a nested block: the meta blocks
  (`lifecycle`, `provisioner`, `dynamic`, ...) and, for a resource or data source, the nested
  blocks of its type's schema (the attribute lists shipped in `attributes/`: a nested object
  of named keys is a block, one of free keys a map). For a type without a list, an object
  is a block unless its name is a usual map's (`tags`, `labels`, ...); an array of objects
  comes out the same either way;
- strings are templates (`"${var.x}"` is the expression itself), numbers, booleans and null
  are literals, arrays are tuples and objects are objects (a key with `${` is evaluated);
  a variable's `type`, `depends_on`, `provider`, `ignore_changes` and the like are
  expressions written in a string;
- a property named `//` in a body is a comment.
"""

from __future__ import annotations

import gzip
import json
import math
from functools import lru_cache
from typing import Any

from compliance import data_dir
from compliance.parse.json_lines import JsonNode, read_json
from compliance.parse.terraform_hcl import parse_template, parse_vars

__all__ = ["parse"]

COMMENT = "//"
# labels each top-level block type takes
_LABELS = {"resource": 2, "data": 2, "ephemeral": 2, "module": 1, "provider": 1, "variable": 1,
           "output": 1, "check": 1, "locals": 0, "terraform": 0, "moved": 0, "import": 0,
           "removed": 0}
# nested blocks of the language itself, by the body they appear in, with their label counts
_META_BLOCKS = {"lifecycle": 0, "connection": 0, "provisioner": 1, "dynamic": 1,
                "precondition": 0, "postcondition": 0, "validation": 0, "content": 0,
                "backend": 1, "cloud": 0, "required_providers": 0, "assert": 0, "workspaces": 0}
# arguments whose strings are expressions rather than templates
_EXPRESSION_ARGUMENTS = frozenset({"type", "depends_on", "provider", "providers",
                                   "ignore_changes", "replace_triggered_by", "from", "to",
                                   "iterator"})
# object arguments of types without an attribute list that are maps, not blocks
_USUAL_MAPS = frozenset({"tags", "tags_all", "labels", "annotations", "data", "binary_data",
                         "variables", "parameters", "triggers", "environment_variables",
                         "default_tags_all", "metadata_startup_script", "values"})
_PROVIDER_FILES = ("aws", "azurerm", "google")


# --- entry points ------------------------------------------------------------------------


def parse(text: str) -> dict[str, Any]:
    """Parse one `.tf.json` file into its blocks' IR (see the module doc)."""
    root, error = read_json(text)
    if error:
        return {"resources": [], "errors": [error], "blocks": []}
    if root.kind != "object":
        return {"resources": [], "errors": [{"line": root.line, "message": "a Terraform JSON "
                                             "file must hold an object"}], "blocks": []}
    blocks: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for kind, line, node in root.value:
        if kind == COMMENT:
            continue
        if kind not in _LABELS:
            errors.append({"line": line, "message": f"unknown block type {kind!r}"})
            continue
        blocks += _blocks(kind, _LABELS[kind], node, line, [], errors, None)
    return {"resources": [], "errors": errors, "blocks": blocks}


# --- blocks ------------------------------------------------------------------------------


def _blocks(kind: str, labels_left: int, node: JsonNode, line: int, labels: list[str],
            errors: list[dict[str, Any]], schema: Any) -> list[dict[str, Any]]:
    """The blocks of type `kind` written at `node`: labels first (nested properties), then a
    body, with arrays of objects at any level standing for several."""
    if node.kind == "array":
        found = []
        for item in node.value:
            found += _blocks(kind, labels_left, item, item.line, labels, errors, schema)
        return found
    if node.kind != "object":
        errors.append({"line": node.line, "message": f"{kind}: a block must be a JSON object"})
        return []
    if labels_left:
        found = []
        for label, label_line, inner in node.value:
            if label != COMMENT:
                found += _blocks(kind, labels_left - 1, inner, label_line, [*labels, label],
                                 errors, schema)
        return found
    if schema is None and kind in ("resource", "data"):
        schema = _schema(labels[0] if kind == "resource" else f"data.{labels[0]}")
    attrs, nested = _body(kind, node, errors, schema)
    return [{"type": kind, "labels": labels, "line": line, "end_line": node.end_line,
             "attrs": attrs, "blocks": nested}]


def _body(kind: str, node: JsonNode, errors: list[dict[str, Any]],
          schema: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    attrs: dict[str, Any] = {}
    nested: list[dict[str, Any]] = []
    for name, line, value in node.value:
        if name == COMMENT:
            continue
        if not _is_block(kind, name, value, schema):
            attrs[name] = {"line": line, "end_line": value.end_line,
                           "expr": _argument(name, value)}
        elif name == "dynamic":
            nested += _dynamic(value, line, errors, schema)
        elif isinstance(schema, dict) and name in schema:
            nested += _blocks(name, 0, value, line, [], errors, schema[name])
        else:
            nested += _blocks(name, _META_BLOCKS.get(name, 0), value, line, [], errors,
                              _NO_SCHEMA)
    return attrs, nested


_NO_SCHEMA: dict[str, Any] = {}  # a nested block of a type without a list: its own heuristic
# bodies of nothing but arguments; and those whose only blocks are the language's own
_ARGUMENTS_ONLY = frozenset({"module", "locals", "required_providers"})
_META_ONLY = frozenset({"variable", "output", "terraform", "lifecycle", "check", "moved",
                        "import", "removed"})


def _is_block(kind: str, name: str, value: JsonNode, schema: Any) -> bool:
    """Whether the property `name` of a `kind` body is a nested block (see the module doc)."""
    if value.kind not in ("object", "array") or kind in _ARGUMENTS_ONLY:
        return False
    if value.kind == "array" and not all(item.kind == "object" for item in value.value):
        return False
    if isinstance(schema, dict) and name in schema:
        inner = schema[name]
        return isinstance(inner, dict) and "*" not in inner
    if name in _META_BLOCKS:
        return True
    if kind in _META_ONLY or (isinstance(schema, dict) and schema):
        return False
    return value.kind == "object" and name not in _USUAL_MAPS and not _has_template_keys(value)


def _has_template_keys(node: JsonNode) -> bool:
    return any("${" in key for key, _line, _value in node.value)


def _dynamic(node: JsonNode, line: int, errors: list[dict[str, Any]],
             schema: Any) -> list[dict[str, Any]]:
    """`"dynamic": {"ingress": {"for_each": ..., "content": {...}}}`: the block the resolver
    expands, its content read with the schema of the block it makes."""
    if node.kind == "array":
        return [block for item in node.value for block in _dynamic(item, item.line, errors,
                                                                    schema)]
    if node.kind != "object":
        errors.append({"line": node.line, "message": "dynamic: a block must be a JSON object"})
        return []
    found = []
    for name, name_line, body in node.value:
        if name == COMMENT or body.kind != "object":
            continue
        inner = schema.get(name) if isinstance(schema, dict) else None
        attrs, nested = {}, []
        for key, key_line, value in body.value:
            if key == COMMENT:
                continue
            if key == "content":
                nested += _blocks("content", 0, value, key_line, [], errors, inner or _NO_SCHEMA)
            else:
                attrs[key] = {"line": key_line, "end_line": value.end_line,
                              "expr": _argument(key, value)}
        found.append({"type": "dynamic", "labels": [name], "line": name_line,
                      "end_line": body.end_line, "attrs": attrs, "blocks": nested})
    return found


# --- expressions -------------------------------------------------------------------------


def _argument(name: str, node: JsonNode) -> Any:
    if name in _EXPRESSION_ARGUMENTS:
        return _expression_mode(node, _expression_text)
    return _expression_mode(node, parse_template)


def _expression_mode(node: JsonNode, read_string: Any) -> Any:
    if node.kind == "array":
        return ["tuple", [_expression_mode(item, read_string) for item in node.value]]
    if node.kind == "object":
        return ["object", [[parse_template(key) if "${" in key else key,
                            _expression_mode(value, read_string), line]
                           for key, line, value in node.value]]
    value = node.value
    if isinstance(value, str):
        return read_string(value)
    if isinstance(value, float) and not math.isfinite(value):
        return ["invalid", "number out of range"]
    return value


def _expression_text(text: str) -> Any:
    """A string holding an expression (`"list(string)"`, `"aws_s3_bucket.b"`); a template
    (`"${...}"`) is accepted too."""
    if text.startswith("${") and text.endswith("}"):
        return parse_template(text)
    result = parse_vars(f"expression = {text}\n")
    attr = result["vars"].get("expression")
    if result["errors"] or attr is None:
        return ["invalid", f"{text[:40]!r} is not an expression"]
    return attr["expr"]


# --- schemas -----------------------------------------------------------------------------


def _schema(type_name: str) -> Any:
    """The attribute tree of a resource type (see compliance.catalog.attributes), or None."""
    provider = type_name.removeprefix("data.").split("_", 1)[0]
    if provider not in _PROVIDER_FILES:
        return None
    return _provider_types(provider).get(type_name)


@lru_cache(maxsize=None)
def _provider_types(provider: str) -> dict[str, Any]:
    path = data_dir("attributes") / f"terraform-{provider}.json.gz"
    try:
        return json.loads(gzip.decompress(path.read_bytes())).get("types", {})
    except (OSError, ValueError):
        return {}
