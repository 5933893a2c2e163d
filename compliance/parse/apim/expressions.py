"""Policy expressions in Azure API Management policy XML, masked before the XML is parsed.

APIM accepts C# policy expressions written raw inside attribute values and element text:
`value="@(context.Request.Headers.GetValueOrDefault("Authorization", ""))"` (quotes inside a
quoted attribute) or `<value>@(context.Variables.GetValueOrDefault<string>("id"))</value>` (a
`<` in text). Such documents are not well-formed XML, yet they are what the portal, the
APIOps extractor and Terraform's `xml_content` hold. So before parsing, every `@(...)` and
`@{...}` found in an attribute value or in text is replaced by a placeholder token of the same
line count; the expressions are kept aside and every value holding a token is Unknown.

The end of an expression is found by matching brackets while skipping C# string and character
literals (regular, verbatim `@"..."` and interpolated `$"...{...}"`) and comments. An
expression that never closes is left as written, for the XML parser to judge.
"""

from __future__ import annotations

import re

PLACEHOLDER = "__apim_expression_{}__"
PLACEHOLDER_PATTERN = re.compile(r"__apim_expression_(\d+)__")
NAMED_VALUE = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")
_CLOSERS = {"(": ")", "[": "]", "{": "}"}


def mask_expressions(text: str) -> tuple[str, list[str]]:
    """(text with each policy expression replaced by a placeholder, the expressions)."""
    out: list[str] = []
    expressions: list[str] = []
    pos = 0
    length = len(text)
    while pos < length:
        char = text[pos]
        if char == "<":
            end = _markup_end(text, pos, out, expressions)
            pos = end
            continue
        if char == "@" and text.startswith(("@(", "@{"), pos):
            end = expression_end(text, pos)
            if end is not None:
                out.append(_placeholder(text[pos:end], expressions))
                pos = end
                continue
        out.append(char)
        pos += 1
    return "".join(out), expressions


def _placeholder(expression: str, expressions: list[str]) -> str:
    expressions.append(expression)
    return PLACEHOLDER.format(len(expressions) - 1) + "\n" * expression.count("\n")


def _markup_end(text: str, pos: int, out: list[str], expressions: list[str]) -> int:
    """Copy one piece of markup starting at `<` into `out`, masking expressions in its
    attribute values; return the position after it."""
    for opener, closer in (("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>")):
        if text.startswith(opener, pos):
            end = text.find(closer, pos + len(opener))
            end = len(text) if end < 0 else end + len(closer)
            out.append(text[pos:end])
            return end
    if text.startswith("<!", pos):  # a DOCTYPE: copied as is, the XML parser refuses it
        out.append("<!")
        return pos + 2
    length = len(text)
    out.append("<")
    pos += 1
    while pos < length:
        char = text[pos]
        if char == ">":
            out.append(">")
            return pos + 1
        if char == "<":  # an unclosed tag: let the XML parser report it
            return pos
        if char in "\"'":
            pos = _attribute_value(text, pos, out, expressions)
            continue
        out.append(char)
        pos += 1
    return pos


def _attribute_value(text: str, pos: int, out: list[str], expressions: list[str]) -> int:
    quote = text[pos]
    out.append(quote)
    pos += 1
    length = len(text)
    while pos < length:
        char = text[pos]
        if char == quote:
            out.append(quote)
            return pos + 1
        if char == "@" and text.startswith(("@(", "@{"), pos):
            end = expression_end(text, pos)
            if end is not None:
                out.append(_placeholder(text[pos:end], expressions))
                pos = end
                continue
        if char == "<":  # not allowed raw in a value: stop and let the parser report it
            return pos
        out.append(char)
        pos += 1
    return pos


def expression_end(text: str, pos: int) -> int | None:
    """The position after the policy expression starting with `@(` or `@{` at `pos`."""
    return _balanced_end(text, pos + 1)


def _balanced_end(text: str, pos: int) -> int | None:
    """`text[pos]` is an opening bracket; the position after its matching closer, or None."""
    stack = [_CLOSERS[text[pos]]]
    pos += 1
    length = len(text)
    while pos < length:
        char = text[pos]
        if char in _CLOSERS:
            stack.append(_CLOSERS[char])
        elif char in ")]}":
            if char != stack[-1]:
                return None
            stack.pop()
            if not stack:
                return pos + 1
        elif char == '"' or (char in "@$" and text.startswith('"', pos + 1)) \
                or (char in "@$" and text[pos + 1:pos + 3] in ('@"', '$"')):
            end = _string_end(text, pos)
            if end is None:
                return None
            pos = end
            continue
        elif char == "'":
            end = _char_end(text, pos)
            if end is None:
                return None
            pos = end
            continue
        elif text.startswith("//", pos):
            newline = text.find("\n", pos)
            if newline < 0:
                return None
            pos = newline
            continue
        elif text.startswith("/*", pos):
            close = text.find("*/", pos + 2)
            if close < 0:
                return None
            pos = close + 2
            continue
        pos += 1
    return None


def _string_end(text: str, pos: int) -> int | None:
    """The position after a C# string literal starting at `pos` (`"`, `@"`, `$"`, `$@"`)."""
    prefix_end = text.index('"', pos)
    prefix = text[pos:prefix_end]
    verbatim = "@" in prefix
    interpolated = "$" in prefix
    pos = prefix_end + 1
    length = len(text)
    while pos < length:
        char = text[pos]
        if char == "\\" and not verbatim:
            pos += 2
            continue
        if char == '"':
            if verbatim and text.startswith('""', pos):
                pos += 2
                continue
            return pos + 1
        if interpolated and char == "{":
            if text.startswith("{{", pos):
                pos += 2
                continue
            end = _balanced_end(text, pos)
            if end is None:
                return None
            pos = end
            continue
        pos += 1
    return None


def _char_end(text: str, pos: int) -> int | None:
    pos += 1
    length = len(text)
    while pos < length and pos < len(text):
        char = text[pos]
        if char == "\\":
            pos += 2
            continue
        if char == "'":
            return pos + 1
        if char == "\n":
            return None
        pos += 1
    return None
