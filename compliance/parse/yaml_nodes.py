"""YAML documents as plain values plus the line of every key, safe on hostile input.

PyYAML's composer gives nodes with positions; we convert them ourselves (instead of using a
constructor) so every key and list item keeps its line. Expansion of aliases is measured on
the node graph before anything is built, so a "billion laughs" document costs almost nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compliance.model import Unknown, UnknownKind, format_path, resource_to_json
from compliance.model.identity import identity

MAX_EXPANDED_NODES = 1_000_000
MAX_DEPTH = 200

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_USES_LIBYAML = _LOADER is not yaml.SafeLoader

# YAML's own line breaks (not str.splitlines', which also splits on \v, \f, ...)
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")
_DOCUMENT_START = re.compile(r"---(?:[ \t]|$)")
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\$\{[^{}]*\}", re.S)

_TAG = "tag:yaml.org,2002:"
_STR, _MERGE = _TAG + "str", _TAG + "merge"
# JSON has no dates or bytes: keep the text as written
_KEPT_AS_TEXT = {_TAG + "timestamp", _TAG + "binary", _TAG + "value"}
_SCALAR_CONSTRUCTORS = {
    tag: SafeConstructor.yaml_constructors[tag]
    for tag in (_TAG + "null", _TAG + "bool", _TAG + "int", _TAG + "float")
}
_CONSTRUCTOR = SafeConstructor()


class DocumentTooLarge(Exception):
    """A document the converter refuses: the message is meant for users."""


@dataclass(frozen=True, slots=True)
class Problem:
    line: int | None  # 1-based
    message: str
    unread: bool = True  # False for a notice that loses nothing (placeholders read as unknown)


@dataclass(frozen=True, slots=True)
class Document:
    node: Node
    line_offset: int  # 0-based line where the text given to the composer started


class SourceLines:
    """Line bookkeeping over the original text, in YAML's notion of lines."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        self._ends = [m.start() for m in _LINE_BREAK.finditer(text)] + [len(text)]

    def line(self, index: int) -> str:
        return self.text[self.starts[index]:self._ends[index]]

    def next_document_start(self, first: int, stop: int) -> int | None:
        """First `---` line in [first, stop)."""
        for index in range(first, stop):
            if _DOCUMENT_START.match(self.line(index)):
                return index
        return None

    def previous_document_start(self, last: int, floor: int) -> int | None:
        """Last `---` line in (floor, last]."""
        for index in range(last, floor, -1):
            if _DOCUMENT_START.match(self.line(index)):
                return index
        return None

    def last_content_line(self, line: int, floor: int) -> int:
        """Step back from `line` (0-based) over blank lines, not below `floor`."""
        while line > floor and not self.line(line).strip():
            line -= 1
        return line


def compose_documents(source: SourceLines) -> Iterator[Document | Problem]:
    """Yield the root node of every non-empty document, and a Problem where one is unreadable.

    After a syntax error, composing resumes at the next `---` line, so later documents are
    still read (a document marker at column 0 always ends the previous document).
    """
    return _compose_lines(source, 0, len(source.starts))


def _compose_lines(source: SourceLines, start: int, stop: int) -> Iterator[Document | Problem]:
    """Documents in lines [start, stop) of the source (0-based)."""
    end_offset = source.starts[stop] if stop < len(source.starts) else len(source.text)
    while True:
        chunk = source.text[source.starts[start]:end_offset]
        composed = 0
        try:
            for node in yaml.compose_all(chunk, Loader=_LOADER):
                if node is not None:
                    composed += 1
                    yield Document(node, start)
            return
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            if mark is None:
                yield Problem(None, _describe(exc, mark))
                return
            line = start + mark.line
            yield Problem(line + 1, _describe(exc, mark))
        except yaml.reader.ReaderError as exc:
            # the reader looks ahead (PyYAML's checks the whole text first), so documents
            # before the bad character may not have been composed yet: compose them alone
            line = start + _reader_error_line(chunk, exc.position)
            before = source.previous_document_start(line, start)
            if before is not None:
                earlier = _compose_lines(source, start, before)
                yield from _drop_documents(earlier, composed)
            yield Problem(line + 1, f"invalid YAML: {exc.reason}")
        except RecursionError:  # only the pure-Python composer recurses without a bound
            yield Problem(None, "nesting too deep")
            return
        except (yaml.YAMLError, ValueError) as exc:
            yield Problem(None, f"invalid YAML: {exc}")
            return
        resume = source.next_document_start(max(line, start + 1), stop)
        if resume is None:
            return
        start = resume


def _drop_documents(items: Iterator[Document | Problem], count: int) -> Iterator[Document | Problem]:
    """Skip the first `count` documents (already yielded), keeping any problems."""
    for item in items:
        if isinstance(item, Document) and count > 0:
            count -= 1
            continue
        yield item


def _describe(exc: yaml.MarkedYAMLError, mark: Any) -> str:
    problem = exc.problem or exc.context or "syntax error"
    if "maximum nesting depth" in problem:
        return "nesting too deep"
    where = f" (column {mark.column + 1})" if mark else ""
    return f"invalid YAML: {problem}{where}"


def _reader_error_line(chunk: str, position: int) -> int:
    # libyaml reports a byte offset into the UTF-8 text, the Python reader a character offset
    if _USES_LIBYAML:
        chunk = chunk.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "ignore")
    else:
        chunk = chunk[:position]
    return len(_LINE_BREAK.findall(chunk))


# --- bounds -------------------------------------------------------------------------------


def check_bounds(node: Node) -> None:
    """Raise DocumentTooLarge if expanding the node's aliases would be too big or too deep."""
    _measure(node, 1, {}, set())


def _measure(node: Node, depth: int, memo: dict[int, tuple[int, int]], active: set[int]) -> int:
    """Expanded node count of `node`; memo holds (count, height) of shared (aliased) nodes."""
    key = identity(node)
    if key in memo:
        size, height = memo[key]
        if depth + height - 1 > MAX_DEPTH:
            raise DocumentTooLarge("nesting too deep")
        return size
    if key in active:
        raise DocumentTooLarge("recursive YAML alias")
    if depth > MAX_DEPTH:
        raise DocumentTooLarge("nesting too deep")
    if isinstance(node, ScalarNode):
        memo[key] = (1, 1)
        return 1
    children = node.value if isinstance(node, SequenceNode) else [n for pair in node.value for n in pair]
    active.add(key)
    size, height = 1, 1
    for child in children:
        size += _measure(child, depth + 1, memo, active)
        height = max(height, memo[identity(child)][1] + 1)
        if size > MAX_EXPANDED_NODES:
            raise DocumentTooLarge("YAML alias expansion too large")
    active.discard(key)
    memo[key] = (size, height)
    return size


# --- conversion ---------------------------------------------------------------------------


@dataclass
class Converted:
    value: Any
    start_line: int  # 1-based, first line of content
    end_line: int  # 1-based, last line of content
    lines: dict[str, int]  # display path -> 1-based line of the key or list item
    problems: list[Problem] = field(default_factory=list)
    placeholders: int = 0
    first_placeholder_line: int | None = None
    # the first unquoted `{{ x }}` (YAML structure, not a string): Go template syntax
    template_syntax_line: int | None = None


def convert(node: Node, line_offset: int, source: SourceLines, *, placeholders: bool) -> Converted:
    """Convert a node checked by `check_bounds`. With `placeholders`, strings containing
    `{{ ... }}` or `${...}`, and unquoted `{{ ... }}`, become Unknown: a template engine
    decides their value."""
    converter = _Converter(line_offset, source if placeholders else None)
    value = converter.value(node, "")
    start = node.start_mark.line + line_offset
    end = source.last_content_line(max(converter.last_line, start), start)
    return Converted(value, start + 1, end + 1, converter.lines, converter.problems,
                     converter.placeholders, converter.first_placeholder_line,
                     converter.template_syntax_line)


def child_path(parent: str, key: str) -> str:
    return parent + _key_segment(key) if parent else format_path((key,))


_SEGMENTS: dict[str, str] = {}


def _key_segment(key: str) -> str:
    segment = _SEGMENTS.get(key)
    if segment is None:
        segment = format_path(("_", key))[1:]  # ".key" or '["odd key"]'
        if len(_SEGMENTS) < 10_000:
            _SEGMENTS[key] = segment
    return segment


class _Converter:
    def __init__(self, line_offset: int, placeholder_source: SourceLines | None):
        self.offset = line_offset
        self.find_placeholders = placeholder_source is not None
        self.source = placeholder_source
        self.lines: dict[str, int] = {}
        self.problems: list[Problem] = []
        self.placeholders = 0
        self.template_syntax_line: int | None = None
        self.first_placeholder_line: int | None = None
        self.last_line = -1  # 0-based, relative to the whole text

    def _line(self, node: Node) -> int:
        return node.start_mark.line + self.offset + 1

    def _note_end(self, node: Node) -> None:
        # a node ending at column 0 ends on the previous line
        end = node.end_mark
        line = end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
        self.last_line = max(self.last_line, line + self.offset)

    def value(self, node: Node, path: str) -> Any:
        if isinstance(node, ScalarNode):
            self._note_end(node)
            return self._scalar(node)
        if node.flow_style:
            self._note_end(node)  # block collections end where the next token starts
            template = self._unquoted_template(node)
            if template:
                if self.template_syntax_line is None:
                    self.template_syntax_line = self._line(node)
                return self._placeholder(node, template)
        if isinstance(node, SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                item_path = f"{path}[{index}]"
                self.lines[item_path] = self._line(item)
                items.append(self.value(item, item_path))
            return items
        return self._mapping(node, path)

    def _mapping(self, node: MappingNode, path: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        # merged keys (`<<: *base`) first, so the mapping's own keys override them; earlier
        # merge sources win over later ones, as in PyYAML
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for merged in reversed(sources):
                    if isinstance(merged, MappingNode):
                        result.update(self._mapping(merged, path))
                    else:
                        self.problems.append(Problem(self._line(merged),
                                                     "merge key (<<) value is not a mapping; ignored"))
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                continue
            if not isinstance(key_node, ScalarNode):
                what = "a template placeholder" if self._unquoted_template(key_node) else "not a scalar"
                self.problems.append(Problem(self._line(key_node),
                                             f"mapping key is {what}; entry ignored"))
                continue
            key = key_node.value  # non-string keys (80:, on:) as written
            if key in seen:
                self.problems.append(Problem(self._line(key_node),
                                             f"duplicate key {key!r}; the last one is used"))
            seen.add(key)
            key_path = child_path(path, key)
            self.lines[key_path] = self._line(key_node)
            result[key] = self.value(value_node, key_path)
        return result

    def _scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR:
            text = node.value
            if self.find_placeholders and ("{{" in text or "${" in text):
                match = _PLACEHOLDER.search(text)
                if match:
                    return self._placeholder(node, match.group(0))
            return text
        if tag in _KEPT_AS_TEXT:
            return node.value
        construct = _SCALAR_CONSTRUCTORS.get(tag)
        if construct is None:
            return Unknown(f"unsupported YAML tag {tag}")
        try:
            return construct(_CONSTRUCTOR, node)
        except (ValueError, yaml.YAMLError):
            return Unknown(f"invalid {tag.removeprefix(_TAG)} value {node.value[:40]!r}")

    def _unquoted_template(self, node: Node) -> str | None:
        """`{{ x }}` unquoted is valid YAML (a mapping in a mapping); its source text if so."""
        if self.source is None or not isinstance(node, MappingNode):
            return None
        start, end = node.start_mark, node.end_mark
        line = self.source.line(start.line + self.offset)
        if not line.startswith("{{", start.column):
            return None
        return line[start.column:end.column] if end.line == start.line else line[start.column:] + " ..."

    def _placeholder(self, node: ScalarNode, placeholder: str) -> Unknown:
        self.placeholders += 1
        line = self._line(node)
        if self.first_placeholder_line is None or line < self.first_placeholder_line:
            self.first_placeholder_line = line  # merge keys are converted out of order
        if len(placeholder) > 60:
            placeholder = placeholder[:57] + "..."
        return Unknown(f"template placeholder {placeholder}", kind=UnknownKind.PLACEHOLDER)


def parse_documents(text: str,
                    read_document: Callable[[Document, SourceLines, list, list[Problem]], None],
                    ) -> dict[str, Any]:
    """The frame of a parser for a YAML (or JSON) format: compose every document, hand each to
    `read_document(document, source, resources, problems)`, and return the parse result with
    each problem reported once."""
    text = text.removeprefix("\ufeff")
    if text.lstrip().startswith("{"):
        # JSON: a tab can only be whitespace there, and PyYAML's own scanner refuses tabs
        text = text.replace("\t", " ")
    source = SourceLines(text)
    resources: list = []
    problems: list[Problem] = []
    for item in compose_documents(source):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            read_document(item, source, resources, problems)
    unique = dict.fromkeys((p.line, p.message) for p in problems)
    return {
        "resources": [resource_to_json(r) for r in resources],
        "errors": [{"line": line, "message": message} for line, message in unique],
    }

