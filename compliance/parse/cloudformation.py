"""AWS CloudFormation and SAM templates (YAML with short-form tags, or JSON) into plain facts.

Decoded with cfn-lint's template decoder (`cfnlint.decode`): it reads both syntaxes, turns the
short-form tags (`!Ref`, `!Sub`, `!GetAtt a.b`, ...) into their long form, refuses duplicate
keys and guards against YAML alias amplification, and keeps the position of every key. It is
imported here, in the parser, so only a scan that holds a template pays for it (about a
second, once per worker process).

The result is the template as plain JSON (intrinsic functions left as written, long form) and
the line of every key and list item, by display path (`Resources.Api.Properties.Name`). Values
are resolved later, across the template and the scan's parameters
(compliance.resolve.cloudformation): the parse result depends on the text alone, so it can be
cached by content.
"""

from __future__ import annotations

from typing import Any

from compliance.model import format_path


# what only a template has at its top level
_HEADERS = {"AWSTemplateFormatVersion", "Transform"}


def parse(text: str) -> dict[str, Any]:
    text = text.removeprefix("\ufeff")
    from cfnlint.decode import decode_str  # heavy: only when a template is scanned

    template, matches = decode_str(text)
    if template is None or matches:
        errors = [{"line": _line_number(match), "message": _message(match)} for match in matches]
        return {"resources": [], "errors": errors or [{"line": None,
                                                       "message": "not a CloudFormation template"}]}
    if not isinstance(template, dict) or not isinstance(template.get("Resources"), dict):
        if not isinstance(template, dict) or not (_HEADERS & set(template)):
            return {"resources": [], "errors": []}  # only looked like one (a macro's event)
        return {"resources": [], "errors": [{"line": _line(template) or 1, "message":
                                             "not a CloudFormation template: no Resources map"}]}
    lines: dict[str, int] = {}
    ends: dict[str, int] = {}
    plain = _plain(template, (), lines)
    source_lines = text.splitlines()
    for name, body in template["Resources"].items():
        end = getattr(body, "end_mark", None)
        if end is not None:
            ends[str(name)] = _last_line(source_lines, end.line, end.column)
    return {"resources": [], "errors": [], "template": plain, "lines": lines, "ends": ends}


def _last_line(source: list[str], line: int, column: int) -> int:
    """The 1-based last line of a node whose end mark is at (0-based) `line`, `column`: a
    block node ends before the token that follows it (at the start of its line), a flow node
    on the line of its closing bracket; blank and comment lines before the next are not its."""
    before = source[line][:column] if line < len(source) else ""
    last = line + 1 if before.strip() else line
    while last > 1 and last <= len(source) and (not source[last - 1].strip()
                                                  or source[last - 1].lstrip().startswith("#")):
        last -= 1
    return max(last, 1)


def _line(node: Any) -> int | None:
    mark = getattr(node, "start_mark", None)
    return mark.line + 1 if mark is not None else None


def _plain(node: Any, path: tuple[str | int, ...], lines: dict[str, int]) -> Any:
    """Plain dicts, lists and scalars; the line of every key and located item in `lines`."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            here = (*path, str(key))
            line = _line(key)
            if line is not None:
                lines[format_path(here)] = line
            out[str(key)] = _plain(value, here, lines)
        return out
    if isinstance(node, list):
        out_list = []
        for index, item in enumerate(node):
            here = (*path, index)
            line = _line(item)
            if line is not None:
                lines[format_path(here)] = line
            out_list.append(_plain(item, here, lines))
        return out_list
    if isinstance(node, str):
        return str(node)  # cfn-lint's str_node, a str subclass, to a plain str
    if node is None or isinstance(node, (bool, int, float)):
        return node
    return str(node)  # a YAML date (`2010-09-09` unquoted) or bytes: the text, as JSON has no dates


def _line_number(match: Any) -> int | None:
    number = getattr(match, "linenumber", None)
    return number if isinstance(number, int) and number > 0 else None


def _message(match: Any) -> str:
    message = str(getattr(match, "message", match))
    return f"template not parsed: {message}"
