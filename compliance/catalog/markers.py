"""The findings a control's failing samples expect, written where they happen.

A sample line that must fail carries a marker comment naming the check that fails there:

    protocol = "HTTP"            # fail: listener
    - name: search-query         # fail: route - the service's key-auth lets guests in
    <set-backend-service base-url="http://x" />  <!-- fail: policy-file -->

`fail:` or `unknown:` (a finding whose deciding value can't be known statically), then one or
more check ids joined by commas, then an optional note after whitespace. The comment starts
with `#`, `//` or `<!--`, at the start of a line or after whitespace. A line that cannot hold a
comment (JSON, the inside of a heredoc or a string) is listed in a sidecar file
`<sample>.markers` beside it, a YAML list such as `- {line: 7, fail: [document]}`.

The markers are the only record of what the samples expect: compliance.pipeline.samples
checks that every marked line fails with its checks and that every failure is marked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SIDECAR_SUFFIX = ".markers"
STATUSES = ("fail", "unknown")

_COMMENT = re.compile(r"(?:^|(?<=\s))(?:#|//|<!--)[ \t]*")
_MARK = re.compile(r"(fail|unknown):[ \t]*([a-z0-9][a-z0-9-]*(?:,[a-z0-9][a-z0-9-]*)*)"
                   r"(?=$|[ \t]|-->)")


@dataclass
class Markers:
    # (sample file relative to the samples folder, line) -> status -> check ids
    expected: dict[tuple[str, int], dict[str, set[str]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def add(self, file: str, line: int, status: str, checks: list[str]) -> None:
        self.expected.setdefault((file, line), {}).setdefault(status, set()).update(checks)

    def triples(self) -> set[tuple[str, int, str, str]]:
        """(file, line, check, status) for every expectation."""
        return {(file, line, check, status) for (file, line), by_status in self.expected.items()
                for status, checks in by_status.items() for check in checks}


def _inline(text: str) -> list[tuple[int, str, list[str]]]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for comment in _COMMENT.finditer(line):
            rest = line[comment.end():]
            while True:
                mark = _MARK.match(rest)
                if mark is None:
                    break
                found.append((number, mark.group(1), mark.group(2).split(",")))
                rest = rest[mark.end():].lstrip()
    return found


def _sidecar(path: Path, label: str, markers: Markers) -> list[tuple[int, str, list[str]]]:
    try:
        rows = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        markers.problems.append(f"{label}: not a readable markers file: {exc}")
        return []
    found = []
    for index, row in enumerate(rows if isinstance(rows, list) else [None]):
        if not (isinstance(row, dict) and isinstance(row.get("line"), int)
                and set(row) <= {"line", *STATUSES} and set(row) & set(STATUSES)):
            markers.problems.append(f"{label}: entry {index + 1} must be {{line: N, fail: [check "
                                    f"ids]}} (or unknown: [...])")
            continue
        for status in STATUSES:
            checks = row.get(status) or []
            if not (isinstance(checks, list) and all(isinstance(c, str) for c in checks)):
                markers.problems.append(f"{label}: entry {index + 1}: {status} must list check "
                                        f"ids")
                continue
            if checks:
                found.append((row["line"], status, checks))
    return found


def read_markers(folder: Path) -> Markers:
    """Every marker in the sample files under `folder` (and their sidecars)."""
    markers = Markers()
    if not folder.is_dir():
        return markers
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if relative.endswith(SIDECAR_SUFFIX):
            sample = relative[: -len(SIDECAR_SUFFIX)]
            if not (folder / sample).is_file():
                markers.problems.append(f"{relative}: no sample {sample} beside it")
                continue
            found = _sidecar(path, relative, markers)
            file = sample
        else:
            try:
                text = path.read_bytes().decode("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue  # not a text sample: nothing to mark
            found = _inline(text)
            file = relative
        for line, status, checks in found:
            markers.add(file, line, status, checks)
    return markers
