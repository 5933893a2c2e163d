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

A syntax error gives one error entry with its line and no blocks. A top-level block nested
too deeply to convert is left out with an error entry; the rest of the file is kept.
"""

from __future__ import annotations

import math
import re
from typing import Any

import hcl2
from lark import Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from compliance.model.limits import MAX_VALUE_DEPTH, nesting_depth
from compliance.parse.json_lines import JsonNode, read_json

__all__ = ["parse", "parse_vars", "parse_template"]


# --- entry points ------------------------------------------------------------------------


def parse(text: str) -> dict[str, Any]:
    """Parse one `.tf` file into its blocks' IR."""
    tree, error = _parse_tree(text)
    if error:
        return {"resources": [], "errors": [error], "blocks": []}
    _attrs, blocks, errors = _top_level(tree.children[0])
    return {"resources": [], "errors": errors, "blocks": blocks}


def parse_vars(text: str) -> dict[str, Any]:
    """Parse a variable definitions file: HCL assignments, or JSON when it starts with `{`."""
    if text.lstrip("\ufeff \t\r\n").startswith("{"):
        return _parse_json_vars(text)
    tree, error = _parse_tree(text)
    if error:
        return {"resources": [], "errors": [error], "vars": {}}
    attrs, blocks, errors = _top_level(tree.children[0])
    errors += [{"line": block["line"],
                "message": f"unexpected block {block['type']!r}: a variable definitions file "
                           "holds only assignments"} for block in blocks]
    return {"resources": [], "errors": errors, "vars": attrs}


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
            errors.append({"line": child.meta.line,
                           "message": "expressions nest too deeply to read; skipped"})
            continue
        attrs.update(found_attrs)
        blocks.extend(found_blocks)
    return attrs, blocks, errors


def parse_template(text: str) -> Any:
    """A template (heredoc body or `templatefile()` file) as an EXPR."""
    if "${" not in text and "%{" not in text:
        return text
    segments = _template_segments(text)
    if segments is None:
        return ["invalid", "unbalanced ${ or %{ in template"]
    simple = _simple_template(segments)
    if simple is not None:
        return simple
    # Otherwise rewrite it as one quoted string, so that the grammar parses it in one go.
    synthetic = "".join(piece if is_expr else _escape_literal(piece) for is_expr, piece in segments)
    try:
        tree = hcl2.parses_to_tree(f't = "{synthetic}"\n')
    except (LarkError, RecursionError):
        return ["invalid", "template interpolation does not parse"]
    attribute = tree.children[0].children[0]
    return _expr(attribute.children[2])


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


# --- bodies and blocks -------------------------------------------------------------------


TOO_DEEP = "nested too deeply to read (work limit)"


def _body(body: Tree, errors: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A body's attributes and blocks. An attribute whose value nests too deeply to convert
    keeps its place with an unknown value (and an error for the file), so that its resource
    and the resource's other attributes are still judged."""
    attrs: dict[str, Any] = {}
    blocks: list[dict[str, Any]] = []
    for child in body.children:
        kind = child.data
        if kind == "attribute":
            children = child.children
            meta = child.meta
            value = children[2]
            end_line = _end_line(meta)
            if value.children and _is_newline(value.children[-1]):
                # a binary operation swallows the line break after it
                end_line = _end_line(value.children[-2].meta)
            try:
                expr = _expr(value)
                if nesting_depth(expr, MAX_VALUE_DEPTH) > MAX_VALUE_DEPTH:
                    raise RecursionError
            except RecursionError:
                expr = ["invalid", f"{_name(children[0])}: {TOO_DEEP}"]
                errors.append({"line": meta.line, "message": f"{_name(children[0])}: the value "
                               f"is {TOO_DEEP}; it is unknown"})
            attrs[_name(children[0])] = {"line": meta.line, "end_line": end_line, "expr": expr}
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


_LITERALS = {"true": True, "false": False, "null": None}


def _literal_value(tree: Tree) -> Any:
    return _LITERALS[str(tree.children[0])]


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


def _with_step(base: Any, step: Any) -> list[Any]:
    if isinstance(base, list) and base[0] in ("ref", "trav"):
        base[2].append(step)  # converted nodes are fresh, so extending in place is safe
        return base
    return ["trav", base, [step]]


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
    return _with_step(_expr(base), _step(step))


_index_expr_term = _get_attr_expr_term


def _splat_expr_term(tree: Tree) -> list[Any]:
    base, splat = tree.children
    inner = [_step(c) for c in splat.children if isinstance(c, Tree)]
    return _with_step(_expr(base), ["splat", inner])


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

_ESCAPE = re.compile(r'\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))', re.S)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def _unescape_match(match: re.Match[str]) -> str:
    short, long, char = match.groups()
    if short or long:
        try:
            return chr(int(short or long, 16))
        except ValueError:  # beyond U+10FFFF
            return match.group(0)
    return _SIMPLE_ESCAPES.get(char, match.group(0))


def _decode_escapes(text: str) -> str:
    return _ESCAPE.sub(_unescape_match, text) if "\\" in text else text


def _string(tree: Tree) -> Any:
    children = tree.children
    if len(children) == 3:  # the common case: one run of plain characters
        only = children[1].children[0]
        if isinstance(only, Token) and only.type == "STRING_CHARS":
            return _decode_escapes(str(only))
    flat: list[Any] = []
    for part in children:
        if isinstance(part, Tree):  # string_part
            inner = part.children[0]
            if isinstance(inner, Token):
                if inner.type == "STRING_CHARS":
                    flat.append(_decode_escapes(str(inner)))
                else:  # $${ or %%{: a literal ${ or %{
                    flat.append(_decode_escapes(str(inner)[1:]))
            else:
                flat.append(_TEMPLATE_PIECES[inner.data](inner))
    return _template(flat)


def _template_string(tree: Tree) -> str:
    # \"text\" inside a template directive's expression
    return _decode_escapes(str(tree.children[0])[2:-2])


def _interpolation(tree: Tree) -> Any:
    return ("expr", _expr(_trees(tree)[0]))


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


def _template(flat: list[Any]) -> Any:
    """Literal pieces, ("expr", e) and directive tuples -> a str or a ["tpl", parts] node."""
    if all(type(piece) is str for piece in flat):
        return "".join(flat)
    _apply_strip_markers(flat)
    parts, _end, _index = _nest(flat, 0, ())
    return _tpl(parts)


def _tpl(parts: list[Any]) -> Any:
    if all(type(part) is str for part in parts):
        return "".join(parts)
    return ["tpl", parts]


def _apply_strip_markers(flat: list[Any]) -> None:
    for index, piece in enumerate(flat):
        if type(piece) is tuple and piece[0] != "expr":
            strip_before, strip_after = piece[1], piece[2]
            if strip_before and index > 0 and type(flat[index - 1]) is str:
                flat[index - 1] = flat[index - 1].rstrip()
            if strip_after and index + 1 < len(flat) and type(flat[index + 1]) is str:
                flat[index + 1] = flat[index + 1].lstrip()


def _nest(flat: list[Any], index: int, ends: tuple[str, ...]) -> tuple[list[Any], str | None, int]:
    """Build nested parts from `index` until a directive in `ends`; returns (parts, end, next)."""
    parts: list[Any] = []
    while index < len(flat):
        piece = flat[index]
        index += 1
        if type(piece) is str:
            if piece:
                if parts and type(parts[-1]) is str:
                    parts[-1] += piece
                else:
                    parts.append(piece)
            continue
        kind = piece[0]
        if kind == "expr":
            parts.append(piece[1])
        elif kind in ends:
            return parts, kind, index
        elif kind == "if":
            then_parts, end, index = _nest(flat, index, ("else", "endif"))
            else_parts: list[Any] = []
            if end == "else":
                else_parts, end, index = _nest(flat, index, ("endif",))
            if end != "endif":
                return [["invalid", "%{if} without %{endif}"]], None, len(flat)
            parts.append(["%if", piece[3], then_parts, else_parts])
        elif kind == "for":
            body, end, index = _nest(flat, index, ("endfor",))
            if end != "endfor":
                return [["invalid", "%{for} without %{endfor}"]], None, len(flat)
            parts.append(["%for", piece[3], piece[4], piece[5], body])
        else:
            return [["invalid", f"unexpected %{{{kind}}}"]], None, len(flat)
    return parts, None, index


# --- heredocs ----------------------------------------------------------------------------


def _heredoc_body(token: str) -> str:
    text = token.replace("\r\n", "\n")
    first_newline = text.index("\n")
    body = text[first_newline + 1:].rstrip("\n")
    last_newline = body.rfind("\n")
    # the last line is the closing marker; everything before it (with newlines) is the value
    return body[:last_newline + 1] if last_newline >= 0 else ""


def _heredoc_template(tree: Tree) -> Any:
    return parse_template(_heredoc_body(str(tree.children[0])))


def _heredoc_template_trim(tree: Tree) -> Any:
    return parse_template(_trim_indentation(_heredoc_body(str(tree.children[0]))))


def _trim_indentation(body: str) -> str:
    lines = body.split("\n")
    indents = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return "\n".join(line[cut:] for line in lines)


def _template_segments(text: str) -> list[tuple[bool, str]] | None:
    """Split a template into literal stretches and `${...}` / `%{...}` pieces (as written).

    The closing brace is found by counting braces, skipping quoted strings inside. None when
    a piece is not closed.
    """
    segments: list[tuple[bool, str]] = []
    literal_start = 0
    search_from = 0
    while True:
        match = _TEMPLATE_OPENING.search(text, search_from)
        if match is None:
            break
        index = match.start()
        if index > 0 and text[index - 1] == text[index]:
            search_from = index + 2  # $${ and %%{ are escapes for a literal ${ / %{
            continue
        end = _closing_brace(text, index + 2)
        if end < 0:
            return None
        if index > literal_start:
            segments.append((False, text[literal_start:index]))
        # the grammar takes no line break right inside `${ }`; that whitespace is moot
        segments.append((True, text[index:index + 2] + text[index + 2:end].strip() + "}"))
        literal_start = search_from = end + 1
    if literal_start < len(text):
        segments.append((False, text[literal_start:]))
    return segments


_TEMPLATE_OPENING = re.compile(r"[$%]\{")
_SIMPLE_REFERENCE = re.compile(
    r"[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\]|\.\d+)*")
_SIMPLE_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\.(\d+)")


def _simple_template(segments: list[tuple[bool, str]]) -> list[Any] | None:
    """Fast path for templates whose interpolations are all plain references (`${var.x}`):
    parsing a template with the grammar costs about a millisecond."""
    parts: list[Any] = []
    for is_expr, piece in segments:
        if not is_expr:
            parts.append(piece.replace("$${", "${").replace("%%{", "%{"))
            continue
        inner = piece[2:-1]
        if piece[0] != "$" or not _SIMPLE_REFERENCE.fullmatch(inner):
            return None
        first_step = _SIMPLE_STEP.search(inner)
        name = inner[:first_step.start()] if first_step else inner
        if name in _LITERALS:
            return None
        steps: list[Any] = []
        for attr, index, short_index in _SIMPLE_STEP.findall(inner):
            steps.append(attr if attr else ["index", int(index or short_index)])
        parts.append(["ref", name, steps])
    return _tpl(parts)


def _escape_literal(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def _closing_brace(text: str, index: int) -> int:
    depth = 1
    length = len(text)
    while index < length:
        char = text[index]
        if char == '"':
            index = _skip_quoted(text, index + 1)
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return -1


def _skip_quoted(text: str, index: int) -> int:
    length = len(text)
    while index < length:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == '"':
            return index + 1
        if char in "$%" and text.startswith("{", index + 1):
            end = _closing_brace(text, index + 2)
            if end < 0:
                return length
            index = end + 1
            continue
        index += 1
    return length


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
