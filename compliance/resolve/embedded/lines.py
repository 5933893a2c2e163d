"""Lines of an embedded document mapped to the lines of the file it is written in.

The OpenAPI parser numbers the lines of the text it is given. An embedded document's text is
not always laid out as in its file: a heredoc starts some lines down a `.tf` file, a
`templatefile()` interpolation may expand to several lines, and `jsonencode({...})` produces
one line. A `LineMap` turns a document line into a file line:

- `offset_map`: the text is the file's lines from some line on (a `file()`, a heredoc);
- `aligned_map`: the text was rendered from the source lines and may have gained or lost
  lines (`templatefile()`, a heredoc with interpolations): lines are matched by content and a
  line produced by an interpolation maps to the line that wrote the interpolation;
- `keyed_json`: the document is re-rendered one key per line, and every line maps to the line
  of the nearest key the Terraform resolver located (`jsonencode({...})` written as an object);
- `single_line_map`: nothing better is known: every line is the attribute's line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path as FilePath
from typing import Any, Callable, Mapping

from compliance.model import Path
from compliance.parse.regular_files import read_regular

# YAML's own line breaks, as the OpenAPI parser counts lines
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")
_HEREDOC = re.compile(r"<<-?\s*([A-Za-z_][A-Za-z0-9_-]*)\s*$")
_ALIGN_EXACT_LIMIT = 20_000  # lines; longer texts are aligned with difflib's heuristics
_MAX_RENDER_DEPTH = 200


def split_lines(text: str) -> list[str]:
    return _LINE_BREAK.split(text)


def read_lines(root: FilePath, relpath: str,
               contents: Mapping[str, bytes] | None = None) -> list[str] | None:
    """The lines of a scanned file: of the bytes the scan read and parsed, when `contents`
    (by path relative to `root`) holds them, so that a document's lines are placed in what was
    parsed, whatever the file's size (`--max-file-size`) or what it holds by now; else read
    again (at most the default cap). None when it can't be read."""
    data = contents.get(relpath) if contents is not None else None
    try:
        if data is None:
            data = read_regular(root / relpath)
        return split_lines(data.decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return None


def heredoc_body(lines: list[str] | None, attribute_line: int) -> list[str] | None:
    """The body of a heredoc opened on `attribute_line` (1-based), or None."""
    if lines is None or not 1 <= attribute_line <= len(lines):
        return None
    match = _HEREDOC.search(lines[attribute_line - 1])
    if match is None:
        return None
    marker = match.group(1)
    body = []
    for line in lines[attribute_line:]:
        if line.strip() == marker:
            return body
        body.append(line)
    return None


@dataclass(frozen=True)
class LineMap:
    """Where each line of an embedded document is in the file that holds it."""

    file: str  # where the document lives, relative to the scan root
    lines: tuple[int, ...]  # file line of document line i + 1
    fallback: int  # for a line outside the document (or None)
    ordered: bool = True  # later document lines never map to earlier file lines

    def __call__(self, line: int | None) -> int:
        if line is None or not 1 <= line <= len(self.lines):
            return self.fallback
        return self.lines[line - 1]


def single_line_map(file: str, line: int) -> LineMap:
    return LineMap(file, (), line)


def offset_map(file: str, count: int, first_line: int) -> LineMap:
    return LineMap(file, tuple(range(first_line, first_line + count)), first_line)


def aligned_map(file: str, text: str, source_lines: list[str], first_line: int) -> LineMap:
    """`text` rendered from `source_lines` (the first of which is file line `first_line`)."""
    rendered = split_lines(text)
    if len(rendered) == len(source_lines) or not source_lines:
        return offset_map(file, len(rendered), first_line)
    matcher = SequenceMatcher(None, [line.strip() for line in rendered],
                              [line.strip() for line in source_lines],
                              autojunk=len(rendered) > _ALIGN_EXACT_LIMIT)
    found: list[int | None] = [None] * len(rendered)
    for doc_start, source_start, size in matcher.get_matching_blocks():
        for step in range(size):
            found[doc_start + step] = source_start + step
    mapped = _fill_gaps(found, len(source_lines))
    return LineMap(file, tuple(first_line + index for index in mapped), first_line)


def _fill_gaps(found: list[int | None], source_count: int) -> list[int]:
    """A line with no match continues from the last matched line, without passing the next
    matched one: the extra lines of an expanded interpolation stay on its line."""
    result: list[int] = []
    next_match = [source_count] * (len(found) + 1)
    for index in range(len(found) - 1, -1, -1):
        value = found[index]
        next_match[index] = value if value is not None else next_match[index + 1]
    last_doc, last_source = -1, -1
    for index, value in enumerate(found):
        if value is not None:
            last_doc, last_source = index, value
            result.append(value)
            continue
        ceiling = max(next_match[index + 1] - 1, 0)
        guess = last_source + (index - last_doc) if last_source >= 0 else min(index, ceiling)
        result.append(max(0, min(guess, ceiling, source_count - 1)))
    return result


def keyed_json(value: Any, line_of: Callable[[Path], int | None], file: str,
               fallback: int) -> tuple[str, LineMap] | None:
    """`value` as indented JSON (one key or item per line) and the map from each of its lines
    to `line_of(path of that line)`; None when the value can't be written as JSON."""
    texts: list[str] = []
    paths: list[Path] = []
    try:
        _render(value, (), "", 0, "", texts, paths)
    except (TypeError, ValueError, RecursionError):
        return None
    lines = tuple(line_of(path) or fallback for path in paths)
    return "\n".join(texts) + "\n", LineMap(file, lines, fallback, ordered=False)


def _render(value: Any, path: Path, prefix: str, depth: int, trailing: str,
            texts: list[str], paths: list[Path]) -> None:
    if depth > _MAX_RENDER_DEPTH:
        raise RecursionError("document nested too deeply")
    indent = " " * depth
    if isinstance(value, dict) and value:
        texts.append(f"{indent}{prefix}{{")
        paths.append(path)
        items = list(value.items())
        for position, (key, item) in enumerate(items):
            comma = "," if position < len(items) - 1 else ""
            _render(item, (*path, str(key)), json.dumps(str(key), ensure_ascii=True) + ": ",
                    depth + 1, comma, texts, paths)
        texts.append(f"{indent}}}{trailing}")
        paths.append(path)
    elif isinstance(value, list) and value:
        texts.append(f"{indent}{prefix}[")
        paths.append(path)
        for position, item in enumerate(value):
            comma = "," if position < len(value) - 1 else ""
            _render(item, (*path, position), "", depth + 1, comma, texts, paths)
        texts.append(f"{indent}]{trailing}")
        paths.append(path)
    else:
        texts.append(f"{indent}{prefix}{json.dumps(value, ensure_ascii=True, allow_nan=False)}"
                     f"{trailing}")
        paths.append(path)
