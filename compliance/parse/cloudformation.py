"""AWS CloudFormation and SAM templates (YAML with short-form tags, or JSON) into plain facts.

Decoded as cfn-lint's template decoder (`cfnlint.decode`, the reference) decodes it: both
syntaxes, the short-form tags (`!Ref`, `!Sub`, `!GetAtt a.b`, ...) in their long form,
duplicate keys refused, YAML alias amplification guarded against, the position of every key
kept. cfn-lint costs about a second to import in each process that parses a template, so the
common template (one plain document: no alias, merge key, duplicate or unusual tag) is decoded
by `cloudformation_fast` with the same rules and the same result; cfn-lint decodes the rest,
and words every error.

The result is the template as plain JSON (intrinsic functions left as written, long form) and
the line of every key and list item, by display path (`Resources.Api.Properties.Name`). Values
are resolved later, across the template and the scan's parameters
(compliance.resolve.cloudformation): the parse result depends on the text alone, so it can be
cached by content.
"""

from __future__ import annotations

from typing import Any

from compliance.model import format_path
from compliance.parse import cloudformation_fast
from compliance.parse.cloudformation_fast import last_line, not_a_template


def parse(text: str) -> dict[str, Any]:
    text = text.removeprefix("\ufeff")
    decoded = cloudformation_fast.parse(text)  # the common template, without cfn-lint
    return decoded if decoded is not None else parse_with_cfn_lint(text)


def parse_with_cfn_lint(text: str) -> dict[str, Any]:
    """The reference: cfn-lint decodes the template (BOM removed), and words its errors."""
    from cfnlint.decode import decode_str  # heavy: only when a template needs it

    template, matches = decode_str(text)
    if template is None or matches:
        errors = [{"line": _line_number(match), "message": _message(match)} for match in matches]
        return {"resources": [], "errors": errors or [{"line": None,
                                                       "message": "not a CloudFormation template"}]}
    if not isinstance(template, dict):
        return {"resources": [], "errors": []}
    if not isinstance(template.get("Resources"), dict):
        return not_a_template(template, _line(template) or 1)
    lines: dict[str, int] = {}
    ends: dict[str, int] = {}
    plain = _plain(template, (), lines)
    source_lines = text.splitlines()
    for name, body in template["Resources"].items():
        end = getattr(body, "end_mark", None)
        if end is not None:
            ends[str(name)] = last_line(source_lines, end.line, end.column)
    return {"resources": [], "errors": [], "template": plain, "lines": lines, "ends": ends}


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
