"""The python-hcl2 front end: its Lark parse tree into the Terraform IR (`terraform_hcl`).

The reference front end: tree-sitter's (`hcl_treesitter`) must produce the same IR, and a file
tree-sitter finds a syntax error in is read by this one, whose error entry (line and message)
is the one users see.
"""

from __future__ import annotations

import math
from typing import Any

import hcl2
from lark import Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from compliance.parse.hcl_template import (
    LITERALS,
    attribute,
    decode_escapes,
    heredoc_body,
    parse_template,
    template,
    too_deep_block,
    trim_indentation,
    with_step,
)

__all__ = ["read", "parse_quoted"]


def read(text: str) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """A file's top-level attributes, blocks and errors; a syntax error gives one error entry
    and nothing else."""
    tree, error = _parse_tree(text)
    if error:
        return {}, [], [error]
    return _top_level(tree.children[0])


def parse_quoted(text: str) -> Any:
    """A one-line quoted string template as an EXPR; None when it does not parse."""
    try:
        tree = hcl2.parses_to_tree(f"t = {text}\n")
    except (LarkError, RecursionError):
        return None
    return _expr(tree.children[0].children[0].children[2])


def _parse_template(text: str) -> Any:
    return parse_template(text, parse_quoted)


def _top_level(body: Tree) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The file's attributes and blocks; one too deeply nested to convert is left out with an
    error, and the rest of the file is kept."""
    attrs: dict[str, Any] = {}
    blocks: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for child in body.children:
        if child.data not in ("attribute", "block"):
            continue
        try:
            found_attrs, found_blocks = _body(Tree("body", [child]), errors)
        except RecursionError:
            errors.append(too_deep_block(child.meta.line))
            continue
        attrs.update(found_attrs)
        blocks.extend(found_blocks)
    return attrs, blocks, errors


# --- syntax errors -----------------------------------------------------------------------


def _parse_tree(text: str) -> tuple[Tree | None, dict[str, Any] | None]:
    text = text.lstrip("\ufeff")
    try:
        return hcl2.parses_to_tree(text), None
    except UnexpectedInput as exc:
        return None, {"line": _error_line(text, exc), "message": _error_message(exc)}
    except LarkError as exc:
        return None, {"line": None, "message": f"syntax error: {str(exc).splitlines()[0]}"}


def _error_line(text: str, exc: UnexpectedInput) -> int:
    # hcl2 appends "\n" to the text, so an error "at the end" can sit one line past it.
    last_line = text.count("\n") + (0 if text.endswith("\n") else 1)
    line = getattr(exc, "line", -1)
    if not isinstance(line, int) or line < 1 or line > last_line:
        return max(last_line, 1)
    return line


def _error_message(exc: UnexpectedInput) -> str:
    if isinstance(exc, UnexpectedToken):
        token = exc.token
        if token.type == "$END":
            what = "end of file"
        elif token.type == "NL_OR_COMMENT":
            what = "end of line"
        else:
            # an unknown character reaches the parser as the lenient STRING_CHARS token
            shown = str(token).strip().split("\n", 1)[0][:20] or str(token)[:20]
            what = repr(shown)
    elif isinstance(exc, UnexpectedCharacters):
        what = f"character {exc.char!r}"
    else:
        what = "end of file"
    return f"syntax error: unexpected {what}"


def _body(body: Tree, errors: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A body's attributes and blocks."""
    attrs: dict[str, Any] = {}
    blocks: list[dict[str, Any]] = []
    for child in body.children:
        kind = child.data
        if kind == "attribute":
            children = child.children
            meta = child.meta
            value = children[2]
            end_line = _value_end_line(value, meta)
            name = _name(children[0])
            attrs[name] = attribute(name, meta.line, end_line, lambda: _expr(value), errors)
        elif kind == "block":
            blocks.append(_block(child, errors))
    return attrs, blocks


def _block(block: Tree, errors: list[dict[str, Any]]) -> dict[str, Any]:
    children = block.children
    labels = []
    body = None
    for child in children[1:]:
        if isinstance(child, Tree):
            if child.data == "body":
                body = child
            elif child.data == "string":
                labels.append(_label_text(child))
            elif child.data != "new_line_or_comment":
                labels.append(_name(child))
    attrs, blocks = _body(body, errors) if body is not None else ({}, [])
    return {"type": _name(children[0]), "labels": labels, "line": block.meta.line,
            "end_line": _end_line(block.meta), "attrs": attrs, "blocks": blocks}


def _end_line(meta: Any) -> int:
    # A heredoc token ends with its newline, which Lark counts as the start of the next line.
    if meta.end_column == 1 and meta.end_line > meta.line:
        return meta.end_line - 1
    return meta.end_line


def _value_end_line(value: Tree, meta: Any) -> int:
    """The line an attribute's value ends on: that of its last token that is not a line break
    (a binary operation, even one nested in a conditional's last branch, swallows the line
    break after it)."""
    node: Any = value
    while isinstance(node, Tree):
        children = [c for c in node.children if not _is_newline(c)
                    and not (isinstance(c, Token) and c.type == "NL_OR_COMMENT")]
        if not children:
            return _end_line(meta)
        node = children[-1]
    if node.end_line is None:
        return _end_line(meta)
    # a heredoc token ends with its newline
    if node.end_column == 1 and node.end_line > node.line:
        return node.end_line - 1
    return node.end_line


def _is_newline(node: Any) -> bool:
    return isinstance(node, Tree) and node.data == "new_line_or_comment"


def _name(tree: Tree) -> str:
    """identifier / keyword / literal_value: the name as written."""
    return str(tree.children[0])


def _label_text(string: Tree) -> str:
    value = _string(string)
    return value if isinstance(value, str) else _source_text(string)


def _source_text(tree: Tree) -> str:
    return "".join(str(t) for t in tree.scan_values(lambda v: isinstance(v, Token)))


# --- expressions -------------------------------------------------------------------------


def _expr(tree: Tree) -> Any:
    data = tree.data
    while data == "expr_term":  # skip the wrappers around every term
        children = tree.children
        if len(children) != 1:
            return _expr(_trees(tree)[0])  # ( expression )
        tree = children[0]
        data = tree.data
    return _CONVERTERS[data](tree)


def _trees(tree: Tree) -> list[Tree]:
    """Child rule nodes, without tokens and newlines/comments."""
    return [c for c in tree.children if isinstance(c, Tree) and c.data != "new_line_or_comment"]


def _identifier(tree: Tree) -> Any:
    return ["ref", str(tree.children[0]), []]

def _literal_value(tree: Tree) -> Any:
    return LITERALS[str(tree.children[0])]


def _int_lit(tree: Tree) -> int:
    return int(tree.children[0])


def _float_lit(tree: Tree) -> Any:
    number = float(tree.children[0])
    # 1e999 would be Infinity, which is not JSON
    return number if math.isfinite(number) else ["invalid", "number out of range"]


def _tuple(tree: Tree) -> list[Any]:
    return ["tuple", [_expr(c) for c in _trees(tree)]]


def _object(tree: Tree) -> list[Any]:
    elements = []
    for elem in _trees(tree):
        key_tree, value_tree = _trees(elem)
        elements.append([_object_key(key_tree), _expr(value_tree), elem.meta.line])
    return ["object", elements]


def _object_key(key: Tree) -> Any:
    inner = key.children[0]
    if inner.data == "keyword":
        return str(inner.children[0])
    # A bare name is the key itself, not a reference; `(expr)` is evaluated.
    if inner.data == "expr_term" and len(inner.children) == 1:
        only = inner.children[0]
        if only.data == "identifier":
            return str(only.children[0])
    return _expr(inner)


def _function_call(tree: Tree) -> list[Any]:
    names = []
    args: list[Any] = []
    expand = False
    for child in tree.children:
        if isinstance(child, Tree):
            if child.data == "identifier":
                names.append(str(child.children[0]))
            elif child.data == "arguments":
                for arg in child.children:
                    if isinstance(arg, Tree):
                        if arg.data != "new_line_or_comment":
                            args.append(_expr(arg))
                    elif arg.type == "ELLIPSIS":
                        expand = True
    return ["call", "::".join(names), args, expand]


# --- traversals --------------------------------------------------------------------------

def _step(tree: Tree) -> Any:
    kind = tree.data
    if kind == "get_attr":
        return str(tree.children[1].children[0])
    if kind == "braces_index":
        return ["index", _expr(_trees(tree)[0])]
    if kind == "short_index":
        return ["index", int(tree.children[1])]
    raise ValueError(f"unexpected traversal step {kind}")


def _get_attr_expr_term(tree: Tree) -> list[Any]:
    base, step = tree.children
    return with_step(_expr(base), _step(step))


_index_expr_term = _get_attr_expr_term


def _splat_expr_term(tree: Tree) -> list[Any]:
    base, splat = tree.children
    inner = [_step(c) for c in splat.children if isinstance(c, Tree)]
    return with_step(_expr(base), ["splat", inner])


# --- operators ---------------------------------------------------------------------------

_OPERATORS = {
    "DOUBLE_EQ": "==", "NEQ": "!=", "LT": "<", "GT": ">", "LEQ": "<=", "GEQ": ">=",
    "MINUS": "-", "PLUS": "+", "ASTERISK": "*", "SLASH": "/", "PERCENT": "%",
    "DOUBLE_AMP": "&&", "DOUBLE_PIPE": "||",
}


def _binary_op(tree: Tree) -> list[Any]:
    left, term = _trees(tree)[:2]
    operator_tree, right = _trees(term)
    # the token's text may carry a merged line break; its type names the operator
    return ["op", _OPERATORS[operator_tree.children[0].type], _expr(left), _expr(right)]


def _unary_op(tree: Tree) -> Any:
    operator, operand = tree.children
    value = _expr(operand)
    if operator.type == "NOT":
        return ["not", value]
    if type(value) in (int, float):
        return -value
    return ["neg", value]


def _conditional(tree: Tree) -> list[Any]:
    condition, if_true, if_false = _trees(tree)
    return ["cond", _expr(condition), _expr(if_true), _expr(if_false)]


# --- for expressions ---------------------------------------------------------------------


def _for_intro(tree: Tree) -> tuple[str | None, str, Any]:
    names = []
    collection = None
    for child in _trees(tree):
        if child.data == "identifier":
            names.append(str(child.children[0]))
        else:
            collection = _expr(child)
    key_var = names[0] if len(names) == 2 else None
    return key_var, names[-1], collection


def _for_tuple_expr(tree: Tree) -> list[Any]:
    intro, value, *rest = _trees(tree)
    key_var, value_var, collection = _for_intro(intro)
    condition = _expr(_trees(rest[0])[0]) if rest else None
    return ["for", key_var, value_var, collection, _expr(value), condition]


def _for_object_expr(tree: Tree) -> list[Any]:
    intro, key, value, *rest = _trees(tree)
    key_var, value_var, collection = _for_intro(intro)
    condition = _expr(_trees(rest[0])[0]) if rest else None
    grouping = any(isinstance(c, Token) and c.type == "ELLIPSIS" for c in tree.children)
    return ["forobj", key_var, value_var, collection, _expr(key), _expr(value), condition, grouping]


# --- strings and templates ---------------------------------------------------------------
def _string(tree: Tree) -> Any:
    children = tree.children
    if len(children) == 3:  # the common case: one run of plain characters
        only = children[1].children[0]
        if isinstance(only, Token) and only.type == "STRING_CHARS":
            return decode_escapes(str(only))
    flat: list[Any] = []
    for part in children:
        if isinstance(part, Tree):  # string_part
            inner = part.children[0]
            if isinstance(inner, Token):
                if inner.type == "STRING_CHARS":
                    flat.append(decode_escapes(str(inner)))
                else:  # $${ or %%{: a literal ${ or %{
                    flat.append(decode_escapes(str(inner)[1:]))
            else:
                flat.append(_TEMPLATE_PIECES[inner.data](inner))
    return template(flat)


def _template_string(tree: Tree) -> str:
    # \"text\" inside a template directive's expression
    return decode_escapes(str(tree.children[0])[2:-2])


def _interpolation(tree: Tree) -> Any:
    return ("expr", False, False, _expr(_trees(tree)[0]))


def _strip_flags(tree: Tree, keyword: str) -> tuple[bool, bool]:
    """(strip before, strip after): where `~` stands relative to the directive keyword."""
    before = after = False
    seen_keyword = False
    for child in tree.children:
        if isinstance(child, Token):
            if child.type == keyword:
                seen_keyword = True
            elif child.type == "STRIP_MARKER":
                if seen_keyword:
                    after = True
                else:
                    before = True
    return before, after


def _template_if(tree: Tree) -> tuple[Any, ...]:
    return ("if", *_strip_flags(tree, "IF"), _expr(_trees(tree)[0]))


def _template_else(tree: Tree) -> tuple[Any, ...]:
    return ("else", *_strip_flags(tree, "ELSE"))


def _template_endif(tree: Tree) -> tuple[Any, ...]:
    return ("endif", *_strip_flags(tree, "ENDIF"))


def _template_for(tree: Tree) -> tuple[Any, ...]:
    key_var, value_var, collection = _for_intro(tree)
    return ("for", *_strip_flags(tree, "FOR"), key_var, value_var, collection)


def _template_endfor(tree: Tree) -> tuple[Any, ...]:
    return ("endfor", *_strip_flags(tree, "ENDFOR"))


_TEMPLATE_PIECES = {
    "interpolation": _interpolation,
    "template_if_start": _template_if,
    "template_else": _template_else,
    "template_endif": _template_endif,
    "template_for_start": _template_for,
    "template_endfor": _template_endfor,
}

def _heredoc_template(tree: Tree) -> Any:
    return _parse_template(heredoc_body(str(tree.children[0])))


def _heredoc_template_trim(tree: Tree) -> Any:
    return _parse_template(trim_indentation(heredoc_body(str(tree.children[0]))))


_CONVERTERS = {
    "identifier": _identifier,
    "literal_value": _literal_value,
    "int_lit": _int_lit,
    "float_lit": _float_lit,
    "string": _string,
    "template_string": _template_string,
    "tuple": _tuple,
    "object": _object,
    "function_call": _function_call,
    "heredoc_template": _heredoc_template,
    "heredoc_template_trim": _heredoc_template_trim,
    "index_expr_term": _index_expr_term,
    "get_attr_expr_term": _get_attr_expr_term,
    "attr_splat_expr_term": _splat_expr_term,
    "full_splat_expr_term": _splat_expr_term,
    "for_tuple_expr": _for_tuple_expr,
    "for_object_expr": _for_object_expr,
    "binary_op": _binary_op,
    "unary_op": _unary_op,
    "conditional": _conditional,
}
