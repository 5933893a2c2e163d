"""The tree-sitter front end: tree-sitter-hcl's syntax tree into the Terraform IR (`terraform_hcl`).

It gives the IR python-hcl2's front end (`hcl_lark`, the reference) gives, node for node and line
for line, in a fraction of the time: the grammar is compiled C, and this walk only visits nodes,
and not even those under the commonest values (plain references, strings and whole numbers),
which are read from their text (`_plain`): every node read builds Python objects.
A tree with an ERROR or MISSING node is not trusted: `read` then hands the file to python-hcl2,
which decides whether the file is valid and words the error. So is a file with what the grammar
is known to misread: line breaks where HCL ends an item (the grammar takes them for spaces),
`${` in a block label, `$$${` (see `_source`), and its few gaps (`1e5` without a fraction).

tree-sitter positions are byte offsets into the UTF-8 text and 0-based rows; literal stretches
of templates are cut from the source between the nodes around them, because the grammar's
literal nodes leave out the whitespace they start with.
"""

from __future__ import annotations

import math
import re
from typing import Any

import tree_sitter_hcl
from tree_sitter import Language, Node, Parser

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

_LANGUAGE = Language(tree_sitter_hcl.language())
_PARSER = Parser(_LANGUAGE)


def read(text: str) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """A file's top-level attributes, blocks and errors (see `hcl_lark.read`)."""
    converted = _read(text)
    if converted is None:
        from compliance.parse import hcl_lark

        return hcl_lark.read(text)
    return converted


def parse_quoted(text: str) -> Any:
    """A one-line quoted string template as an EXPR; None when it does not parse."""
    source = _source(f"t = {text}\n")
    tree = _PARSER.parse(source) if source is not None else None
    if tree is None or tree.root_node.has_error:
        from compliance.parse import hcl_lark

        return hcl_lark.parse_quoted(text)
    try:
        attribute = tree.root_node.named_children[0].named_children[0]
        return _Converter(source).expr(_value(attribute))
    except _Misread:
        from compliance.parse import hcl_lark

        return hcl_lark.parse_quoted(text)
    except RecursionError:
        return None


def _source(text: str) -> bytes | None:
    """The UTF-8 text tree-sitter reads, or None for text it is known to misread: lone
    surrogates (in text decoded from a document) and `$$${` or `%%%{`, where the grammar takes
    `$$` as the literal and `${` as an interpolation, where HCL takes `$` and an escaped `${`."""
    try:
        source = text.lstrip("\ufeff").encode()
    except UnicodeEncodeError:
        return None
    if b"$$${" in source or b"%%%{" in source:
        return None
    return source


def _read(text: str) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]] | None:
    source = _source(text)
    if source is None:
        return None
    root = _PARSER.parse(source).root_node
    if root.has_error:
        return None
    converter = _Converter(source)
    attrs: dict[str, Any] = {}
    blocks: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    try:
        for body in root.children:
            if body.kind_id == _BODY:
                found_attrs, found_blocks = converter.body(body.children, errors,
                                                           top_level=True)
                attrs.update(found_attrs)
                blocks.extend(found_blocks)
    except _Misread:
        return None
    return attrs, blocks, errors


class _Misread(Exception):
    """What the grammar reads and HCL does not: a line break where HCL ends an item, which the
    grammar takes for a space (see `_Converter.lines_as_hcl`), or an empty interpolation
    (`${}`). The file is left to python-hcl2."""


def _value(attribute: Node) -> Node:
    return _expression(attribute.named_children)


def _expression(named_children: list[Node]) -> Node:
    """An attribute's value among its named children (after its name and any comments)."""
    return [c for c in named_children if c.type == "expression"][-1]


# Nodes whose line breaks are their own business (brackets, templates): one token to the check
_OPAQUE = frozenset({"collection_value", "for_expr", "function_call", "template_expr",
                     "string_lit", "index", "splat"})
_OPERATORS = frozenset({"==", "!=", "<", ">", "<=", ">=", "-", "+", "*", "/", "%", "&&", "||"})
_SKIPPED = frozenset({"comment", "(", ")"})
_TEMPLATE_CONTAINERS = frozenset({"template_directive", "template_if", "template_for"})


class _Converter:
    """Nodes of one source into IR (the source is needed to cut literal text)."""

    def __init__(self, source: bytes):
        self.source = source

    def text(self, node: Node) -> str:
        return self.source[node.start_byte:node.end_byte].decode()

    # --- line breaks ---------------------------------------------------------------------

    def lines_as_hcl(self, root: Node) -> bool:
        """Whether the line breaks under `root` stand where HCL lets them. The grammar treats
        line breaks as spaces: it reads `name\n= 1`, `a = 1 b = 2`, `x = a\n+ b` or a block's
        labels across lines, and `${` in a label, all syntax errors to Terraform and to
        python-hcl2; such a file is left to python-hcl2. (`body` checks each item it converts
        the same way; this walk is for an item too deep to convert.)"""
        stack = [root]
        while stack:
            node = stack.pop()
            previous_end = -1
            for child in node.named_children:
                kind = child.type
                if kind in ("attribute", "block"):
                    if child.start_point[0] <= previous_end or not self.header_ok(child):
                        return False
                    previous_end = child.end_point[0]
                    if kind == "block":
                        stack.extend(c for c in child.named_children if c.type == "body")
                elif kind == "body":
                    stack.append(child)
        return True

    def header_ok(self, item: Node) -> bool:
        row = item.start_point[0]
        if item.type == "block":
            for child in item.named_children:
                if child.type in ("block_start", "body", "block_end"):
                    return True
                if child.start_point[0] != row:
                    return False
                if child.type == "string_lit" and (b"${" in child.text or b"%{" in child.text):
                    return False
            return True
        return self.attribute_ok(_value(item), row)

    def attribute_ok(self, value: Node, row: int) -> bool:
        """An attribute starting on `row`: its value starts on that row too (so do its name
        and `=`, which stand between), and breaks lines only where HCL lets it."""
        return value.start_point[0] == row and (value.end_point[0] == row
                                                or self.breaks_ok(value))

    @staticmethod
    def breaks_ok(value: Node) -> bool:
        """Line breaks outside brackets only after an operator, `?` or `:`, or before `:`
        (python-hcl2's grammar)."""
        depth = 0
        previous: tuple[str, int] | None = None
        stack = [value]
        while stack:
            node = stack.pop()
            kind = node.type
            if node.child_count and kind not in _OPAQUE:
                stack.extend(reversed(node.children))
                continue
            if kind == "comment":
                continue
            if previous is not None and depth == 0 and node.start_point[0] > previous[1] and \
                    previous[0] not in _BREAK_AFTER and kind != ":":
                return False
            depth += 1 if kind == "(" else -1 if kind == ")" else 0
            previous = (kind, node.end_point[0])
        return True

    # --- bodies and blocks ---------------------------------------------------------------

    def body(self, children: list[Node], errors: list[dict[str, Any]], top_level: bool = False
             ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The attributes and blocks among `children`, each item's line breaks checked as
        `lines_as_hcl` checks them (_Misread). At the top level, an item that nests too deeply
        to convert is left out with an error, and the rest of the file is read."""
        attrs: dict[str, Any] = {}
        blocks: list[dict[str, Any]] = []
        source = self.source
        previous_end = -1
        for child in children:
            kind = child.kind_id
            if kind != _ATTRIBUTE and kind != _BLOCK:
                continue
            start = child.start_point[0]
            if start <= previous_end:
                raise _Misread
            # Most attributes are on one line: then they end on the row they start on, and so
            # does their value (`attribute_ok`), with no row to read.
            one_line = kind == _ATTRIBUTE and \
                source.find(b"\n", child.start_byte, child.end_byte) < 0
            end = previous_end = start if one_line else child.end_point[0]
            try:
                if kind == _ATTRIBUTE:
                    parts = child.children
                    value = parts[-1]
                    if value.kind_id != _EXPRESSION:  # a comment after it
                        value = _value(child)
                    if not one_line and not self.attribute_ok(value, start):
                        raise _Misread
                    name_node = parts[0] if parts[0].is_named else child.named_children[0]
                    name = source[name_node.start_byte:name_node.end_byte].decode()
                    value_start, value_end = value.start_byte, value.end_byte
                    plain = _plain(source[value_start:value_end])
                    if plain is not None:  # `attribute`'s entry, without the guard and callback
                        # that so shallow a value does not need (8 in 10 values; see `_plain`)
                        attrs[name] = {"line": start + 1, "end_line": end + 1, "expr": plain}
                    else:
                        attrs[name] = attribute(name, start + 1, end + 1,
                                                lambda value=value: self.term(value.children),
                                                errors, value_end - value_start)
                else:
                    blocks.append(self.block(child, start, end, errors))
            except RecursionError:
                if not top_level:
                    raise
                # the lines the conversion did not reach are still the grammar's to judge
                if not self.lines_as_hcl(child):
                    raise _Misread from None
                errors.append(too_deep_block(start + 1))
        return attrs, blocks

    def block(self, block: Node, start: int, end: int, errors: list[dict[str, Any]]
              ) -> dict[str, Any]:
        """A block on rows `start` to `end`; its header is checked as `header_ok` checks it
        (_Misread), from byte offsets rather than rows."""
        children = block.children
        source = self.source
        header_start = block.start_byte
        labels = []
        items: list[Node] = []
        in_header = True
        for child in children[1:]:
            kind = child.kind_id
            if in_header:
                if kind == _BLOCK_START or kind == _BODY or kind == _BLOCK_END:
                    in_header = False
                elif source.find(b"\n", header_start, child.start_byte) >= 0:
                    raise _Misread
            if kind == _STRING_LIT:
                label = source[child.start_byte:child.end_byte]
                if b"${" in label or b"%{" in label:
                    raise _Misread
                plain = _plain_quoted(label)
                labels.append(self.label(child) if plain is None else plain)
            elif kind == _IDENTIFIER:
                labels.append(source[child.start_byte:child.end_byte].decode())
            elif kind == _BODY:
                items = child.children
        attrs, blocks = self.body(items, errors)
        kind_name = children[0]
        return {"type": source[kind_name.start_byte:kind_name.end_byte].decode(),
                "labels": labels, "line": start + 1, "end_line": end + 1,
                "attrs": attrs, "blocks": blocks}

    def label(self, string: Node) -> str:
        value = self.quoted(string)
        return value if isinstance(value, str) else self.text(string)

    # --- expressions ---------------------------------------------------------------------

    def expr(self, node: Node) -> Any:
        """An `expression` node, or a term as operations hold them."""
        kind = node.kind_id
        if kind == _EXPRESSION:
            return self.expression(node)
        convert = _CONVERTERS.get(kind)
        if convert is None:  # not a term of the grammar we know: raises AttributeError
            return getattr(self, "_" + node.type)(node)
        return convert(self, node)

    def expression(self, node: Node) -> Any:
        """An `expression` node."""
        value = _plain(self.source[node.start_byte:node.end_byte])
        return self.term(node.children) if value is None else value

    def term(self, children: list[Node]) -> Any:
        """A base (or `( expression )`) followed by traversal steps."""
        nodes = [c for c in children if c.kind_id not in _SKIPPED_KINDS]
        value = self.expr(nodes[0])
        for step in nodes[1:]:
            if step.kind_id == _SPLAT:
                inner = step.named_children[0]
                value = with_step(value, ["splat", [self.step(s) for s in inner.named_children
                                                    if s.type != "comment"]])
            else:
                value = with_step(value, self.step(step))
        return value

    def step(self, node: Node) -> Any:
        kind = node.type
        if kind == "get_attr":
            return self.text(node.named_children[-1])
        index = node.named_children[0]  # index: new_index [expr] or legacy_index .N
        if index.type == "legacy_index":
            return ["index", int(self.text(index).lstrip(". \t"))]
        return ["index", self.expr(next(c for c in index.named_children
                                        if c.type == "expression"))]

    def _variable_expr(self, node: Node) -> Any:
        return ["ref", self.text(node), []]

    def _literal_value(self, node: Node) -> Any:
        inner = node.named_children[0]
        kind = inner.type
        if kind == "numeric_lit":
            text = self.text(inner)
            if text.isdigit():
                return int(text)
            number = float(text)
            # 1e999 would be Infinity, which is not JSON
            return number if math.isfinite(number) else ["invalid", "number out of range"]
        if kind == "string_lit":
            return self.quoted(inner)
        return LITERALS[self.text(inner)]

    def _collection_value(self, node: Node) -> Any:
        return self.expr(node.named_children[0])

    def _tuple(self, node: Node) -> Any:
        return ["tuple", [self.expression(c) for c in node.children if c.kind_id == _EXPRESSION]]

    def _object(self, node: Node) -> Any:
        elements = []
        for elem in node.children:
            if elem.kind_id != _OBJECT_ELEM:
                continue
            parts = elem.children
            if len(parts) == 3:  # key, = or :, value (no comment among them)
                key, _, value = parts
            else:
                key = elem.child_by_field_name("key")
                value = elem.child_by_field_name("val")
            elements.append([self.object_key(key), self.expr(value), elem.start_point[0] + 1])
        return ["object", elements]

    def object_key(self, key: Node) -> Any:
        # A bare name is the key itself, not a reference; `(expr)` is evaluated.
        children = key.children
        if len(children) == 1 and children[0].kind_id == _VARIABLE_EXPR:
            return self.text(children[0])
        return self.expr(key)

    def _function_call(self, node: Node) -> Any:
        name = ""
        args: list[Any] = []
        expand = False
        for child in node.named_children:
            if child.type == "identifier":
                name = "::".join(part.strip() for part in self.text(child).split("::"))
            elif child.type == "function_arguments":
                for arg in child.named_children:
                    if arg.type == "expression":
                        args.append(self.expr(arg))
                    elif arg.type == "ellipsis":
                        expand = True
        return ["call", name, args, expand]

    def _operation(self, node: Node) -> Any:
        return self.expr(node.named_children[0])

    def _binary_operation(self, node: Node) -> Any:
        children = node.children
        for index, child in enumerate(children):
            if not child.is_named and child.type in _OPERATORS:
                break
        return ["op", children[index].type, self.term(children[:index]),
                self.term(children[index + 1:])]

    def _unary_operation(self, node: Node) -> Any:
        operator, *operand = node.children
        value = self.term(operand)
        if operator.type == "!":
            return ["not", value]
        if type(value) in (int, float):
            return -value
        return ["neg", value]

    def _conditional(self, node: Node) -> Any:
        # The grammar nests `a ? b : c ? d : e` to the left, as `(a ? b : c) ? d : e`; HCL nests
        # it to the right. A condition that is a conditional without parentheses comes from
        # such a chain: unfold it, then nest it to the right.
        operands: list[Node] = []
        while True:
            condition, if_true, if_false = (c for c in node.named_children
                                            if c.type == "expression")
            operands[:0] = [if_true, if_false]
            inner = [c for c in condition.children if c.type != "comment"]
            if len(inner) != 1 or inner[0].type != "conditional":
                break
            node = inner[0]
        value = self.expr(operands[-1])
        for index in range(len(operands) - 2, 0, -2):
            value = ["cond", self.expr(operands[index - 1]), self.expr(operands[index]), value]
        return ["cond", self.expr(condition), self.expr(operands[0]), value]

    # --- for expressions -----------------------------------------------------------------

    def _for_expr(self, node: Node) -> Any:
        return self.expr(node.named_children[0])

    def for_intro(self, intro: Node) -> tuple[str | None, str, Any]:
        names = []
        collection = None
        for child in intro.named_children:
            if child.type == "identifier":
                names.append(self.text(child))
            elif child.type == "expression":
                collection = self.expr(child)
        return (names[0] if len(names) == 2 else None), names[-1], collection

    def for_parts(self, node: Node) -> tuple[tuple[str | None, str, Any], list[Any], Any]:
        intro = None
        values = []
        condition = None
        for child in node.named_children:
            kind = child.type
            if kind == "for_intro":
                intro = self.for_intro(child)
            elif kind == "expression":
                values.append(self.expr(child))
            elif kind == "for_cond":
                condition = self.expr(next(c for c in child.named_children
                                           if c.type == "expression"))
        assert intro is not None
        return intro, values, condition

    def _for_tuple_expr(self, node: Node) -> Any:
        (key_var, value_var, collection), (value,), condition = self.for_parts(node)
        return ["for", key_var, value_var, collection, value, condition]

    def _for_object_expr(self, node: Node) -> Any:
        (key_var, value_var, collection), (key, value), condition = self.for_parts(node)
        grouping = any(c.type == "ellipsis" for c in node.named_children)
        return ["forobj", key_var, value_var, collection, key, value, condition, grouping]

    # --- strings and templates -----------------------------------------------------------

    def _template_expr(self, node: Node) -> Any:
        inner = node.named_children[0]
        if inner.type == "heredoc_template":
            body = heredoc_body(self.text(inner))
            if self.text(inner.named_children[0]) == "<<-":
                body = trim_indentation(body)
            return parse_template(body, parse_quoted)
        return self.quoted(inner)

    def quoted(self, node: Node) -> Any:
        """A quoted_template or string_lit: a str, or a ["tpl", ...] node."""
        value = _plain_quoted(self.source[node.start_byte:node.end_byte])
        if value is not None:
            return value
        children = node.children
        start = children[0].end_byte  # after the opening quote
        end = children[-1].start_byte  # before the closing quote
        pieces: list[Node] = []
        for child in children[1:-1]:
            if child.type not in _LITERAL_PARTS:
                self.template_pieces(child, pieces)
        if not pieces:  # most strings: no interpolation or directive
            return self.literal(start, end)
        flat: list[Any] = []
        for piece in pieces:
            flat.append(self.literal(start, piece.start_byte))
            flat.append(self.template_piece(piece))
            start = piece.end_byte
        flat.append(self.literal(start, end))
        return template(flat)

    def literal(self, start: int, end: int) -> str:
        text = self.source[start:end].decode()
        # $${ and %%{ stand for a literal ${ and %{
        return decode_escapes(text.replace("$${", "${").replace("%%{", "%{"))

    def template_pieces(self, node: Node, pieces: list[Node]) -> None:
        """The interpolations and directive parts under `node`, in source order."""
        kind = node.type
        if kind in _TEMPLATE_CONTAINERS:
            for child in node.named_children:
                self.template_pieces(child, pieces)
        elif kind not in _LITERAL_PARTS:
            pieces.append(node)

    def template_piece(self, node: Node) -> tuple[Any, ...]:
        """An interpolation or a directive's part as a piece tuple (see `hcl_template`)."""
        kind = node.type
        children = node.children
        keyword = None
        before = after = False
        expression = None
        names = []
        for child in children:
            child_kind = child.type
            if child_kind == "strip_marker":
                if keyword is None and expression is None:
                    before = True
                else:
                    after = True
            elif child_kind == "expression":
                expression = child
            elif child_kind == "identifier":
                names.append(self.text(child))
            elif not child.is_named and child_kind in _KEYWORDS:
                keyword = child_kind
        if expression is None and kind in _NEEDS_EXPRESSION:  # `${}`: the grammar takes it,
            raise _Misread  # HCL does not; python-hcl2 words the error
        if kind == "template_interpolation":
            return ("expr", before, after, self.expr(expression))
        if kind == "template_if_intro":
            return ("if", before, after, self.expr(expression))
        if kind == "template_for_start":
            key_var = names[0] if len(names) == 2 else None
            return ("for", before, after, key_var, names[-1], self.expr(expression))
        return (_DIRECTIVE_ENDS[kind], before, after)


_BREAK_AFTER = _OPERATORS | {"?", ":"}


def _plain(raw: bytes) -> Any:
    """The value of the expression written `raw` when it is a plain reference (`var.x`), a
    string `_plain_quoted` reads or a whole number; else None. Four values in five are such:
    their text has no other parse, and reading it spares the three to five nodes (or more)
    under them, each of which builds Python objects when read."""
    first = raw[:1]
    if first == b'"':
        if raw.find(b'"', 1) == len(raw) - 1:
            return _plain_quoted(raw)
    elif first.isdigit():
        if raw.isdigit():
            return int(raw)
    elif _REFERENCE.fullmatch(raw):
        name, *steps = raw.decode().split(".")
        if name not in LITERALS:
            return ["ref", name, steps]
    return None


def _plain_quoted(raw: bytes) -> Any:
    """The value of the quoted string `raw` (quotes included) when its text says it all: no
    escape, and no `{` but in interpolations of plain references (`"${var.name}-logs"`); else
    None. Most strings are such (all the benchmark corpus's, 400 of the 421 templates in
    terraform-aws-eks and terragoat), and their text costs a fraction of their nodes to convert."""
    if b"\\" in raw:
        return None
    if b"{" not in raw:
        return raw[1:-1].decode()
    if b"%{" in raw or b"$${" in raw:
        return None
    parts: list[Any] = []
    for index, piece in enumerate(_INTERPOLATION.split(raw[1:-1])):
        if index % 2:  # the inside of an interpolation
            if not _REFERENCE.fullmatch(piece):
                return None
            name, *steps = piece.decode().split(".")
            if name in LITERALS:
                return None
            parts.append(["ref", name, steps])
        elif b"{" in piece or b"}" in piece:
            return None
        elif piece:
            parts.append(piece.decode())
    return ["tpl", parts]


def _kind(name: str) -> int:
    """The `Node.kind_id` of the node type `name`: the hot paths compare these ints rather
    than `Node.type`, which builds a string for every node read."""
    kind = _LANGUAGE.id_for_node_kind(name, name.isidentifier())
    if kind is None or _LANGUAGE.node_kind_for_id(kind) != name:
        raise LookupError(f"tree-sitter-hcl has no node type {name!r}")
    return kind


_ATTRIBUTE, _BLOCK, _BODY, _EXPRESSION = map(_kind, ("attribute", "block", "body", "expression"))
_BLOCK_START, _BLOCK_END, _STRING_LIT, _IDENTIFIER = map(
    _kind, ("block_start", "block_end", "string_lit", "identifier"))
_OBJECT_ELEM, _VARIABLE_EXPR, _SPLAT = map(_kind, ("object_elem", "variable_expr", "splat"))
_SKIPPED_KINDS = frozenset(map(_kind, _SKIPPED))
# `name` or `name.attr...` in ASCII: a reference (`expression`) unless the name is a literal
_REFERENCE = re.compile(rb"[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*")
_INTERPOLATION = re.compile(rb"\$\{([^{}]*)\}")
_LITERAL_PARTS = frozenset({"template_literal", "escape_sequence", "comment"})
# each term node's converter, by node type's id (`_Converter.expr`)
_CONVERTERS = {_kind(name[1:]): method for name, method in vars(_Converter).items()
               if name.startswith("_") and not name.startswith("__")}
_KEYWORDS = frozenset({"if", "else", "endif", "for", "endfor", "in"})
_NEEDS_EXPRESSION = frozenset({"template_interpolation", "template_if_intro",
                               "template_for_start"})
_DIRECTIVE_ENDS = {"template_else_intro": "else", "template_if_end": "endif",
                   "template_for_end": "endfor"}
