"""Policy XML to a plain element tree with lines, through defusedxml only.

`read_xml(text)` returns `(root, error)`: `root` is an `XmlElement` tree, or None with
`error = {"line": ..., "message": ...}`. Documents with a DTD, entity declarations or external
references are refused by defusedxml (no entity expansion, no "billion laughs", no XXE).
Policy expressions are masked first (see `apim_expressions`) and come back as Unknown values,
their text kept in the element's `expressions` (by attribute name); `{{named-value}}`
references are Unknown too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from compliance.model import Unknown, UnknownKind
from compliance.model.identity import identity
from compliance.parse.apim.expressions import NAMED_VALUE, PLACEHOLDER_PATTERN, mask_expressions

MAX_DEPTH = 64
MAX_ELEMENTS = 20000


@dataclass
class XmlElement:
    name: str
    attributes: dict[str, Any]  # str values, or Unknown
    line: int
    children: list["XmlElement"] = field(default_factory=list)
    text: Any = None  # the element's own text, stripped; None when empty
    # attribute name -> the policy expression it holds, as written (its value is Unknown)
    expressions: dict[str, str] = field(default_factory=dict)


class _Builder(TreeBuilder):
    """Records the line of each start tag, and bounds depth and size."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: DefusedXMLParser | None = None
        self.depth = 0
        self.count = 0
        self.lines: dict[int, int] = {}

    def start(self, tag, attrs):  # noqa: ANN001 - TreeBuilder's signature
        self.depth += 1
        self.count += 1
        if self.depth > MAX_DEPTH:
            raise _TooLarge(f"elements nest deeper than {MAX_DEPTH} levels")
        if self.count > MAX_ELEMENTS:
            raise _TooLarge(f"more than {MAX_ELEMENTS} elements")
        element = super().start(tag, attrs)
        if self.parser is not None:
            self.lines[identity(element)] = self.parser.parser.CurrentLineNumber
        return element

    def end(self, tag):  # noqa: ANN001
        self.depth -= 1
        return super().end(tag)


class _TooLarge(Exception):
    pass


def read_xml(text: str) -> tuple[XmlElement | None, dict[str, Any] | None]:
    masked, expressions = mask_expressions(text)
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True,
                              forbid_external=True)
    builder.parser = parser
    try:
        parser.feed(masked)
        root = parser.close()
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        message = str(exc).split(": line")[0]
        return None, {"line": line, "message": f"invalid XML: {message}"}
    except DefusedXmlException as exc:
        line = parser.parser.CurrentLineNumber if parser.parser else None
        return None, {"line": line, "message": f"XML with a DTD, entity declarations or "
                                               f"external references is not read ({type(exc).__name__})"}
    except _TooLarge as exc:
        line = parser.parser.CurrentLineNumber if parser.parser else None
        return None, {"line": line, "message": f"policy document too large to read: {exc}"}
    return _convert(root, builder.lines, expressions), None


def _convert(root: Any, lines: dict[int, int], expressions: list[str]) -> XmlElement:
    """ElementTree elements to XmlElement, iteratively (depth is bounded, but be frugal)."""
    top = _element(root, lines.get(identity(root), 1), expressions)
    stack = [(root, top)]
    while stack:
        source, target = stack.pop()
        for child in source:
            converted = _element(child, lines.get(identity(child), target.line), expressions)
            target.children.append(converted)
            stack.append((child, converted))
    return top


def _element(node: Any, line: int, expressions: list[str]) -> XmlElement:
    raw = {_local(name): text for name, text in node.attrib.items()}
    written = {name: _expression(text, expressions) for name, text in raw.items()}
    return XmlElement(_local(node.tag), {name: value(text, expressions) for name, text in raw.items()},
                      line, text=value(node.text, expressions),
                      expressions={name: text for name, text in written.items() if text})


def _local(tag: Any) -> str:
    tag = str(tag)
    return tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag


def _expression(raw: str | None, expressions: list[str]) -> str | None:
    """The policy expression a value holds, whitespace-normalized; None when it holds none."""
    match = PLACEHOLDER_PATTERN.search(raw.strip()) if raw else None
    if match is None:
        return None
    index = int(match.group(1))
    expression = expressions[index] if index < len(expressions) else "@(...)"
    return " ".join(_unescaped(expression).split())


def _unescaped(text: str) -> str:
    """The five XML entities as the characters they stand for, `&amp;` last (as
    xml.sax.saxutils.unescape does; that module imports urllib.request, 20 ms, for nothing
    else needed here)."""
    for entity, character in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"),
                              ("&amp;", "&")):
        text = text.replace(entity, character)
    return text


def value(raw: str | None, expressions: list[str]) -> Any:
    """A stripped attribute value or text; Unknown when it holds a policy expression or a
    named value; None when empty."""
    if raw is None:
        return None
    stripped = raw.strip()
    if not stripped:
        return None
    expression = _expression(stripped, expressions)
    if expression is not None:
        if len(expression) > 80:
            expression = expression[:77] + "..."
        return Unknown(f"policy expression {expression}", kind=UnknownKind.EXPRESSION)
    if stripped.startswith(("@(", "@{")):  # in a CDATA section, or never closed
        return Unknown("policy expression", kind=UnknownKind.EXPRESSION)
    named = NAMED_VALUE.search(stripped)
    if named:
        return Unknown(f"named value {{{{{named.group(1)}}}}}", kind=UnknownKind.EXPRESSION)
    return stripped
