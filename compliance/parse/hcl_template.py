"""What both HCL front ends (python-hcl2's Lark tree, tree-sitter's tree) share once a piece of
syntax is recognized: decoding strings, assembling templates and their directives, heredoc
bodies, and the limits on how deep a value may nest. Pure Python, so that importing it loads
neither parser.

A template arrives here as a flat list of literal strings and tuples
`(kind, strip_before, strip_after, *payload)`, kind one of "expr" (payload: EXPR), "if" (cond),
"else", "endif", "for" (key_var, value_var, collection) and "endfor"; `template()` applies the
`~` strip markers and nests the directives.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from compliance.model.limits import MAX_VALUE_DEPTH, nesting_depth

TOO_DEEP = "nested too deeply to read (work limit)"

LITERALS = {"true": True, "false": False, "null": None}

def with_step(base: Any, step: Any) -> list[Any]:
    if isinstance(base, list) and base[0] in ("ref", "trav"):
        base[2].append(step)  # converted nodes are fresh, so extending in place is safe
        return base
    return ["trav", base, [step]]


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


def decode_escapes(text: str) -> str:
    return _ESCAPE.sub(_unescape_match, text) if "\\" in text else text


def template(flat: list[Any]) -> Any:
    """Literal pieces and piece tuples (see the module's docstring) -> a str or a ["tpl", parts]
    node."""
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
        if type(piece) is tuple:
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
            parts.append(piece[3])
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


def heredoc_body(token: str) -> str:
    text = token.replace("\r\n", "\n")
    first_newline = text.index("\n")
    body = text[first_newline + 1:].rstrip("\n")
    last_newline = body.rfind("\n")
    # the last line is the closing marker; everything before it (with newlines) is the value
    return body[:last_newline + 1] if last_newline >= 0 else ""


def trim_indentation(body: str) -> str:
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
        if name in LITERALS:
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


def parse_template(text: str, parse_quoted: Callable[[str], Any]) -> Any:
    """A template (heredoc body or `templatefile()` file) as an EXPR; `parse_quoted` reads a
    one-line quoted string (`"..."`, with its quotes) as an EXPR, or None when it does not
    parse."""
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
    expr = parse_quoted(f'"{synthetic}"')
    return ["invalid", "template interpolation does not parse"] if expr is None else expr


def attribute(name: str, line: int, end_line: int, convert: Callable[[], Any],
              errors: list[dict[str, Any]], source_bytes: int | None = None) -> dict[str, Any]:
    """An attribute's entry. One whose value nests too deeply to convert keeps its place with an
    unknown value (and an error for the file), so that its resource and the resource's other
    attributes are still judged. A value written in `source_bytes` bytes nests at most two
    levels per byte (`[[` is two tuples of two levels each, minus the outer list), so a short
    one is not measured."""
    try:
        expr = convert()
        if (source_bytes is None or 2 * source_bytes + 4 > MAX_VALUE_DEPTH) and \
                nesting_depth(expr, MAX_VALUE_DEPTH) > MAX_VALUE_DEPTH:
            raise RecursionError
    except RecursionError:
        expr = ["invalid", f"{name}: {TOO_DEEP}"]
        errors.append({"line": line, "message": f"{name}: the value is {TOO_DEEP}; it is unknown"})
    return {"line": line, "end_line": end_line, "expr": expr}


def too_deep_block(line: int) -> dict[str, Any]:
    """The error for a top-level item too deeply nested to convert (it is left out)."""
    return {"line": line, "message": "expressions nest too deeply to read; skipped"}
