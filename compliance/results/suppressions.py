"""Inline suppressions written in the scanned code, found after resources are built.

    # compliance:ignore=<control-id>[,<control-id>...] <reason>

in a Terraform (`#`, `//`) or YAML (`#`) comment, or `<!-- compliance:ignore=... -->` in an
API Management policy, inside a resource's span or in the comment lines right above its first
line; and, on a Kubernetes object, the annotation

    compliance.io/ignore: "<control-id>[,<control-id>...]: <reason>; <control-id>: <reason>"

Parsers know nothing of this: the texts are the file contents discovery already holds, and
only files that contain the marker are read again (as text, in memory).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

from compliance.model import Resource, SourceFile
from compliance.model.patterns import linear

MARKER = "compliance:ignore"
ANNOTATION = "compliance.io/ignore"

_LINE_BREAK = re.compile(r"\r\n|\n|\r")
# the marker must open the comment: `# compliance:ignore=a,b reason`
_HASH = r"(?:^|(?<=[ \t]))#"
_COMMENT = {
    "terraform": re.compile(rf"(?:{_HASH}|//)[ \t]*{MARKER}=(\S*)(.*)$"),
    "yaml": re.compile(rf"{_HASH}[ \t]*{MARKER}=(\S*)(.*)$"),
    # RE2: lazy groups before an optional end are quadratic for a backtracking engine (a
    # comment padded with spaces took 20 s)
    "xml": linear(rf"<!--[ \t]*{MARKER}=(\S*?)(?:[ \t](.*?))?[ \t]*(?:-->|$)"),
}
_COMMENT_LINE = {
    "terraform": re.compile(r"[ \t]*(?:#|//)"),
    "yaml": re.compile(r"[ \t]*#"),
    "xml": re.compile(r"[ \t]*<!--"),
}


@dataclass
class Suppression:
    """One control named by one inline suppression, and the resources it may apply to:
    innermost first; resources with the same span (count, for_each, a module used twice)
    together. The first group on which the control has findings is the one suppressed."""

    control: str
    reason: str
    file: str
    line: int
    text: str  # as written, for messages
    candidates: list[list[Resource]]
    problem: str | None = None


def syntax_of(file: str) -> str | None:
    if file.endswith(".tf"):
        return "terraform"
    if file.endswith((".yaml", ".yml")):
        return "yaml"
    if file.endswith(".xml"):
        return "xml"
    return None  # JSON has no comments


def collect(files: Iterable[SourceFile], resources: list[Resource]) -> list[Suppression]:
    marker = MARKER.encode()
    texts = {f.relpath: f.data for f in files if marker in f.data and syntax_of(f.relpath)}
    by_file: dict[str, list[Resource]] = defaultdict(list)
    found: list[Suppression] = []
    for resource in resources:
        if resource.location.file in texts:
            by_file[resource.location.file].append(resource)
        if resource.platform == "kubernetes":
            found += _annotation(resource)
    for file, data in texts.items():
        found += _comments(file, data.decode("utf-8-sig", "replace"), by_file.get(file, []))
    return found


def _comments(file: str, text: str, resources: list[Resource]) -> list[Suppression]:
    syntax = syntax_of(file)
    pattern, comment_line = _COMMENT[syntax], _COMMENT_LINE[syntax]
    lines = _LINE_BREAK.split(text)
    found: list[Suppression] = []
    spans: list[tuple[int, int, Resource]] | None = None
    for number, line in enumerate(lines, 1):
        if MARKER not in line:
            continue
        match = pattern.search(line)
        if not match:
            continue
        if spans is None:
            spans = [(_leading_comments(r.location.start_line, lines, comment_line),
                      r.location.end_line, r) for r in resources]
        candidates = _candidates(number, spans)
        ids, rest = match.group(1), (match.group(2) or "")
        text_written = match.group(0).strip()
        found += _entries(ids, rest, file, number, text_written, candidates)
    return found


def _leading_comments(start: int, lines: list[str], comment_line: re.Pattern) -> int:
    """The first line of the comment lines directly above line `start` (or `start`)."""
    first = start
    while first > 1 and comment_line.match(lines[first - 2]):
        first -= 1
    return first


def _candidates(line: int, spans: list[tuple[int, int, Resource]]) -> list[list[Resource]]:
    groups: dict[int, list[Resource]] = defaultdict(list)
    for start, end, resource in spans:
        if start <= line <= end:
            groups[end - start].append(resource)
    return [groups[size] for size in sorted(groups)]


def _entries(ids: str, rest: str, file: str, line: int, text: str,
             candidates: list[list[Resource]]) -> list[Suppression]:
    reason = rest.strip().lstrip(":-\u2013\u2014").strip()
    controls = [c.strip() for c in ids.split(",") if c.strip()]
    if not controls:
        return [Suppression("", reason, file, line, text, candidates,
                            f"{MARKER}= names no control")]
    problem = None if reason else "no reason given; not applied"
    return [Suppression(c, reason, file, line, text, candidates, problem) for c in controls]


def _annotation(resource: Resource) -> list[Suppression]:
    metadata = resource.attributes.get("metadata")
    annotations = metadata.get("annotations") if isinstance(metadata, dict) else None
    if not isinstance(annotations, dict) or ANNOTATION not in annotations:
        return []
    value: Any = annotations[ANNOTATION]
    line = resource.line_of(("metadata", "annotations", ANNOTATION)) or resource.location.start_line
    file = resource.location.file
    candidates = [[resource]]
    if not isinstance(value, str):
        return [Suppression("", "", file, line, f"{ANNOTATION}: {value}", candidates,
                            "annotation value is not text; not applied")]
    found: list[Suppression] = []
    for part in re.split(r"[;\n]", value):
        if not part.strip():
            continue
        ids, _, reason = part.partition(":")
        text = f"{ANNOTATION}: {part.strip()}"
        found += _entries(ids, reason, file, line, text, candidates)
    return found
