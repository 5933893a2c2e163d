"""The resource model and the result types every other module speaks.

Parsers produce `Resource`s; the engine turns them into `Finding`s; reporters format findings.
Values that cannot be known statically are `Unknown`, never a guess.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any, Iterable

PLATFORMS = ("terraform", "kubernetes", "openapi", "kong", "apim", "pulumi")


class Status(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"
    WAIVED = "waived"


SEVERITIES = ("low", "medium", "high", "critical")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value that cannot be resolved without applying the configuration.

    `reason` says why in a few words (shown to users as the observed value); `refs` are the
    addresses of resources the expression referred to, so the graph can still connect them.
    """

    reason: str
    refs: tuple[str, ...] = ()
    # What is known of an encoded value (the object given to jsonencode) with Unknown leaves:
    # a check that reads the encoding (an IAM policy) can still judge the known parts.
    partial: Any = field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        return f"unknown ({self.reason})"


# --- paths --------------------------------------------------------------------------------
#
# A concrete attribute path is a tuple of str keys and int list indexes. Its display form is
# `spec.containers[0].securityContext` with odd keys quoted: `annotations["a.b/c"]`. The same
# form (plus `[*]`) is the path syntax of the condition language.

_PLAIN_KEY = re.compile(r"^[A-Za-z_$][A-Za-z0-9_\-$]*$")

Path = tuple[str | int, ...]


def format_path(parts: Iterable[str | int]) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif part == "*":
            out.append("[*]")
        elif _PLAIN_KEY.match(part):
            out.append(f".{part}" if out else part)
        else:
            escaped = part.replace("\\", "\\\\").replace('"', '\\"')
            out.append(f'["{escaped}"]')
    return "".join(out)


_TOKEN = re.compile(r'\.?([A-Za-z_$][A-Za-z0-9_\-$]*)|\[(\d+|\*)\]|\["((?:[^"\\]|\\.)*)"\]|\.?(\*)')


def parse_path(text: str) -> Path:
    """Parse the display form back into parts; `*` stands for any key or index."""
    parts: list[str | int] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ValueError(f"invalid attribute path {text!r} at position {pos}")
        name, index, quoted, star = match.groups()
        if name is not None:
            parts.append(name)
        elif index is not None:
            parts.append("*" if index == "*" else int(index))
        elif quoted is not None:
            parts.append(re.sub(r"\\(.)", r"\1", quoted))
        else:
            parts.append("*")
        pos = match.end()
    return tuple(parts)


# --- resources ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Location:
    file: str  # relative to the scan root, forward slashes
    start_line: int
    end_line: int


@dataclass(slots=True)
class Resource:
    platform: str
    type: str
    name: str
    address: str
    attributes: dict[str, Any]
    location: Location
    # display path -> 1-based line of that attribute, where the parser knows it
    lines: dict[str, int] = field(default_factory=dict)
    # named entry points into the attributes, e.g. "pod_spec" -> ["spec.template.spec"]
    anchors: dict[str, list[str]] = field(default_factory=dict)
    # where the address is unique: a Terraform root module's folder, or a manifest's file.
    # Two root modules may both declare `aws_s3_bucket.logs`; they are different buckets.
    scope: str = ""

    def line_of(self, parts: Path) -> int | None:
        """Line of the attribute at `parts`, or of its nearest ancestor the parser located."""
        for end in range(len(parts), 0, -1):
            line = self.lines.get(format_path(parts[:end]))
            if line is not None:
                return line
        return None


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence:
    attribute: str  # display path of the deciding attribute ("" when the resource as a whole)
    observed: Any  # JSON-able, secrets already masked
    expected: str
    line: int | None


@dataclass(frozen=True, slots=True)
class Waiver:
    """Why a finding is accepted: an inline suppression in the scanned code (`inline`: a
    `compliance:ignore=` comment or a Kubernetes annotation) or an entry of the waivers file
    (`file`). `file` and `line` say where it is written."""

    kind: str  # "inline" | "file"
    control: str
    reason: str
    owner: str | None
    expires: date | None
    file: str
    line: int | None


@dataclass(frozen=True, slots=True)
class Finding:
    control: str
    check: str
    title: str
    category: str
    severity: str
    status: Status
    resource: Resource
    evidence: Evidence
    waiver: Waiver | None = None  # set when status is WAIVED

    @property
    def fingerprint(self) -> str:
        """Stable across moved lines: control + resource (scope and address) + attribute path."""
        key = "\x1f".join((self.control, self.resource.scope, self.resource.address,
                            self.evidence.attribute))
        return hashlib.sha256(key.encode()).hexdigest()[:24]


@dataclass(frozen=True, slots=True)
class ScanError:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


# --- JSON form (parse cache, worker processes) --------------------------------------------

_UNKNOWN_KEY = "__unknown__"


def value_to_json(value: Any) -> Any:
    if isinstance(value, Unknown):
        encoded = {_UNKNOWN_KEY: value.reason, "refs": list(value.refs)}
        if value.partial is not None:
            encoded["partial"] = value_to_json(value.partial)
        return encoded
    if isinstance(value, dict):
        return {k: value_to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [value_to_json(v) for v in value]
    return value


def value_from_json(value: Any) -> Any:
    if isinstance(value, dict):
        if _UNKNOWN_KEY in value and "refs" in value and len(value) <= 3:
            return Unknown(value[_UNKNOWN_KEY], tuple(value["refs"]),
                           value_from_json(value.get("partial")))
        return {k: value_from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [value_from_json(v) for v in value]
    return value


def resource_to_json(resource: Resource) -> dict[str, Any]:
    loc = resource.location
    return {
        "platform": resource.platform,
        "type": resource.type,
        "name": resource.name,
        "address": resource.address,
        "attributes": value_to_json(resource.attributes),
        "location": [loc.file, loc.start_line, loc.end_line],
        "lines": resource.lines,
        "anchors": resource.anchors,
        "scope": resource.scope,
    }


def resource_from_json(data: dict[str, Any]) -> Resource:
    file, start, end = data["location"]
    return Resource(
        platform=data["platform"],
        type=data["type"],
        name=data["name"],
        address=data["address"],
        attributes=value_from_json(data["attributes"]),
        location=Location(file, start, end),
        lines=data.get("lines", {}),
        anchors=data.get("anchors", {}),
        scope=data.get("scope", ""),
    )
