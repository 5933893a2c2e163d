"""The evidence pack's index.html: the HTML report's view model (compliance.report.html), the
scope of the scan (repository, commit, versions) and, for each finding shown, a short excerpt
of the configuration that decides it, with secrets masked.

Each failing finding is shown once, numbered (F1, F2, ...), under its control with the
control's remediation; requirements refer to findings by number. A finding that supports eight
requirements was printed eight times, which made the PDF of the example hundreds of pages.
The same page is the PDF: its print stylesheet (reports/evidence-print.css) lays it out.

Excerpts come from the file contents the scan read (ScanResult.sources), never from disk.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from compliance.model import SEVERITIES, ScanResult, Status
from compliance.model.masking import (
    _URL_PASSWORD,
    MASK,
    is_credential_value,
    is_sensitive_name,
    mask_in_text,
    mask_secrets_in,
    names_credential,
    private_key_lines,
)
from compliance.outputs.html import FindingView, ReportView, build_view, environment

TEMPLATE = "evidence.html.j2"
STYLESHEETS = ("html/style.css", "evidence.css")  # the HTML report's, then the pack's own
EXCERPT_BEFORE = 4  # lines shown above the deciding line
EXCERPT_MAX_LINES = 12
EXCERPT_LINE_CHARS = 160
_SHORTEST_KNOWN_SECRET = 4

_CUSTOM_PROPERTY = re.compile(r"(--[\w-]+)\s*:\s*([^;}]+)")
_VAR = re.compile(r"var\((--[\w-]+)\)")
# `key = "value"`, `key: value`, `"key": "value"`: the key, the separator and the value
_ASSIGNMENT = re.compile(r"""^(\s*(?:-\s+)?["']?)([A-Za-z_][\w.-]*)(["']?\s*[:=]\s*)(.+?)(\s*,?\s*)$""")
# names that hold a credential in a list of credentials (Kong's `keyauth_credentials: - key:`)
_BARE_CREDENTIAL_KEYS = frozenset({"key", "keys", "hash", "password"})


@dataclass(frozen=True)
class Excerpt:
    first: int
    lines: list[tuple[int, str, bool]]  # number, text (masked), whether it is the deciding line


@dataclass(frozen=True)
class ScopeView:
    repository: str
    commit: str
    branch: str
    remote: str
    dirty: str
    scanned_at: str
    tool_version: str
    catalog_version: str
    catalog_digest: str
    frameworks: list[str]
    files: int


def known_secrets(result: ScanResult) -> set[str]:
    """Every string value the masking rules hide in the scanned resources' attributes."""
    found: set[str] = set()

    def walk(original: Any, masked: Any) -> None:
        if isinstance(original, str):
            if masked == MASK and original != MASK and len(original) >= _SHORTEST_KNOWN_SECRET:
                found.add(original)
                # a multi-line secret is shown a line at a time in an excerpt
                found.update(line.strip() for line in original.splitlines()
                             if len(line.strip()) >= _SHORTEST_KNOWN_SECRET)
        elif isinstance(original, dict) and isinstance(masked, dict):
            for key, value in original.items():
                walk(value, masked.get(key))
        elif isinstance(original, list) and isinstance(masked, list):
            for value, hidden in zip(original, masked):
                walk(value, hidden)

    for resource in result.resources:
        walk(resource.attributes, mask_secrets_in(resource.attributes))
    return found


def _strip_quotes(value: str) -> str:
    return value.strip().strip("\"'")


def mask_line(text: str, secrets: set[str] | list[str], after_credential_name: bool = False) -> str:
    """One line of configuration with what could be a credential replaced by the mask."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    text = mask_in_text(text)
    match = _ASSIGNMENT.match(text)
    if match:
        head, key, sep, value, tail = match.groups()
        bare = _strip_quotes(value)
        credential_key = (names_credential(key) or is_sensitive_name(key)
                          or key.lower() in _BARE_CREDENTIAL_KEYS
                          or (after_credential_name and key.lower() == "value"))
        if bare and bare != MASK and (credential_key and is_credential_value(bare)
                                      or _URL_PASSWORD.search(bare)):
            text = f"{head}{key}{sep}{MASK}{tail}"
    return text


def _names_a_credential(text: str) -> bool:
    """`- name: DB_PASSWORD` (a Kubernetes env entry whose `value:` follows)."""
    match = _ASSIGNMENT.match(text)
    return bool(match and match.group(2).lower() == "name"
                and names_credential(_strip_quotes(match.group(4))))


def excerpt(lines: list[str], start: int, end: int, line: int, secrets: set[str],
            hidden: set[int] = frozenset()) -> Excerpt:  # type: ignore[assignment]
    """Lines `start`..`end` (1-based, the resource), cut to a window around `line`; the
    `hidden` lines (a private key's body) are masked whole."""
    start = max(1, start)
    end = min(len(lines), max(end, start))
    first = max(start, line - EXCERPT_BEFORE)
    last = min(end, first + EXCERPT_MAX_LINES - 1)
    shown = []
    previous_names_credential = first > 1 and _names_a_credential(lines[first - 2])
    for number in range(first, last + 1):
        raw = lines[number - 1]
        if number in hidden:
            indent = raw[: len(raw) - len(raw.lstrip())]
            text = indent + MASK
        else:
            text = mask_line(raw, secrets, previous_names_credential)
        previous_names_credential = _names_a_credential(raw)
        if len(text) > EXCERPT_LINE_CHARS:
            text = text[: EXCERPT_LINE_CHARS - 1] + "…"
        shown.append((number, text, number == line))
    return Excerpt(first, shown)


def excerpts(result: ScanResult) -> dict[str, Excerpt]:
    """Finding fingerprint -> excerpt, for the findings the index shows (failing, unknown and
    waived) whose file the scan read."""
    texts = {s.relpath: s.data.decode("utf-8-sig", errors="replace").splitlines()
             for s in result.sources}
    secrets = known_secrets(result)
    key_bodies = {name: private_key_lines(lines) for name, lines in texts.items()}
    out: dict[str, Excerpt] = {}
    for finding in result.findings:
        if finding.status is Status.PASS or finding.fingerprint in out:
            continue
        location = finding.resource.location
        lines = texts.get(location.file)
        if not lines:
            continue
        line = finding.evidence.line or location.start_line
        out[finding.fingerprint] = excerpt(lines, location.start_line, location.end_line, line,
                                           secrets, key_bodies[location.file])
    return out


@dataclass(frozen=True)
class ControlFindings:
    """A control's failing findings, with what is the same for all of them said once."""
    id: str
    title: str
    severity: str
    remediation: str
    supports: tuple[str, ...]  # "SOC 2 CC6.1, CC6.6"
    findings: list[tuple[str, FindingView]]  # ("F12", the finding)


@dataclass(frozen=True)
class ControlRow:
    """A control that decided something in the scan, with its findings by status: named once
    here, so that requirements can name it by id."""
    id: str
    title: str
    severity: str
    counts: dict[str, int]  # status value -> findings


def failing_by_control(report: ReportView) -> list[ControlFindings]:
    """Every failing finding once, most severe control first, numbered in that order."""
    by_control: dict[str, list[FindingView]] = {}
    for group in report.failing_by_file:
        for view in group.findings:
            by_control.setdefault(view.control, []).append(view)
    ordered = sorted(by_control.items(),
                     key=lambda item: (-SEVERITIES.index(item[1][0].severity), item[0]))
    groups, number = [], 0
    for control, views in ordered:
        numbered = []
        for view in sorted(views, key=lambda v: (v.file, v.line, v.address)):
            number += 1
            numbered.append((f"F{number}", view))
        first = views[0]
        groups.append(ControlFindings(control, first.control_title, first.severity,
                                      first.remediation, first.supports, numbered))
    return groups


def deciding_controls(result: ScanResult) -> list[ControlRow]:
    """The controls with at least one finding: failing ones first (most severe first)."""
    counts: dict[str, Counter] = {}
    for finding in result.findings:
        counts.setdefault(finding.control, Counter())[finding.status.value] += 1
    titles = {c.id: (c.title, c.severity) for c in result.controls}
    rows = [ControlRow(control, *titles.get(control, (control, "")),
                       {s.value: found[s.value] for s in Status})
            for control, found in counts.items()]
    return sorted(rows, key=lambda r: (not r.counts[Status.FAIL.value],
                                       -SEVERITIES.index(r.severity)
                                       if r.severity in SEVERITIES else 0, r.id))


def finding_refs(numbers: list[str]) -> str:
    """`F3-F6, F9`: finding numbers, runs of three or more as a range."""
    values = sorted(int(n[1:]) for n in set(numbers))
    runs: list[list[int]] = []
    for value in values:
        if runs and value == runs[-1][-1] + 1:
            runs[-1].append(value)
        else:
            runs.append([value])
    return ", ".join(f"F{run[0]}\u2013F{run[-1]}" if len(run) > 2
                     else ", ".join(f"F{v}" for v in run) for run in runs)


def inline_custom_properties(css: str) -> str:
    """`color: var(--ink)` as `color: #1d2433`, from the `:root` block. WeasyPrint resolves a
    var() again for every element that uses it (a quarter of the PDF's rendering time); the
    page looks the same."""
    root = re.search(r":root\s*\{([^}]*)\}", css)
    values = dict((name, value.strip()) for name, value in
                  _CUSTOM_PROPERTY.findall(root.group(1))) if root else {}
    return _VAR.sub(lambda m: values.get(m.group(1), m.group(0)), css)


@lru_cache(maxsize=1)
def stylesheet() -> Markup:
    env = environment()
    css = "\n".join(env.loader.get_source(env, name)[0] for name in STYLESHEETS)
    return Markup(inline_custom_properties(css))  # our own file: no escaping inside <style>


def render_index(result: ScanResult, scope: ScopeView) -> str:
    report = build_view(result)
    failing = failing_by_control(report)
    shown = excerpts(result)
    # a requirement names its findings by number; the same fingerprint gets the same number.
    # An excerpt already shown (another control's finding on the same lines) is referred to.
    numbers: dict[str, str] = {}
    same_lines: dict[str, str] = {}  # number -> the number whose excerpt is the same
    first_with: dict[tuple, str] = {}
    for group in failing:
        for number, view in group.findings:
            numbers.setdefault(view.fingerprint, number)
            lines = shown.get(view.fingerprint)
            if lines is not None:
                key = (view.file, tuple(lines.lines))
                if key in first_with:
                    same_lines[number] = first_with[key]
                else:
                    first_with[key] = number

    def refs(findings: list[FindingView]) -> tuple[str, str]:
        """A requirement's reference to a control's findings: the first and all of them."""
        named = [numbers[f.fingerprint] for f in findings]
        return min(named, key=lambda n: int(n[1:])), finding_refs(named)

    return environment().get_template(TEMPLATE).render(
        stylesheet=stylesheet(), report=report, scope=scope, excerpts=shown, failing=failing,
        same_lines=same_lines, controls=deciding_controls(result), finding_refs=refs)
