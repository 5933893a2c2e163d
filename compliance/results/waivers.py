"""Waivers: accepted findings. They come from the waivers file (`.compliance/waivers.yaml`)
and from inline suppressions in the scanned code (see suppressions.py).

A waived finding is never dropped: it keeps its evidence, its status becomes `waived` and it
carries the waiver. Only failing and unknown findings are waived; a passing one stays
passing (a waiver that matches only passing findings is reported as unused: the issue it
accepted is gone). An expired waiver no longer applies and is reported.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from datetime import date
from pathlib import Path
from typing import Iterable

from compliance.config.yaml_files import ConfigError, YamlFile, load_yaml, validate
from compliance.model import Finding, Status, Waiver, WaiverEntry
from compliance.model.identity import identity
from compliance.results.suppressions import Suppression

DEFAULT_WAIVERS_FILE = ".compliance/waivers.yaml"
WAIVABLE = (Status.FAIL, Status.UNKNOWN)


def load_waivers(path: Path, report_name: str, known_controls: Iterable[str],
                 message_name: str | None = None) -> list[WaiverEntry]:
    """The entries of a waivers file, or a ConfigError naming the file and line.

    `report_name` is how waivers cite the file in reports (relative to the scan root);
    `message_name` how errors name it (default: relative to the working folder)."""
    document = load_yaml(path, message_name)
    if document.value is None:
        return []
    validate(document, "waivers.schema.json")
    known = set(known_controls)
    entries: list[WaiverEntry] = []
    problems: list[tuple[int | None, str]] = []
    for index, item in enumerate(document.value):
        entry, wrong = _entry(document, index, item, known, report_name)
        entries.append(entry)
        problems += wrong
    if problems:
        raise ConfigError(document.file, problems)
    return entries


def _entry(document: YamlFile, index: int, item: dict, known: set[str],
           report_name: str) -> tuple[WaiverEntry, list[tuple[int | None, str]]]:
    problems: list[tuple[int | None, str]] = []
    control = item["control"]
    if control not in known:
        close = difflib.get_close_matches(control, sorted(known), n=3)
        hint = f" (did you mean: {', '.join(close)}?)" if close else ""
        problems.append((document.line_of((index, "control")), f"unknown control {control!r}{hint}"))
    for key in ("reason", "owner"):
        if not item[key].strip():
            problems.append((document.line_of((index, key)), f"{key} must not be empty"))
    expires = None
    if "expires" in item:
        written = item["expires"]
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", written):
                raise ValueError
            expires = date.fromisoformat(written)
        except ValueError:
            problems.append((document.line_of((index, "expires")),
                             f"expires: {written!r} is not a date written YYYY-MM-DD"))
    waiver = Waiver("file", control, item["reason"].strip(), item["owner"].strip(), expires,
                    report_name, document.line_of((index,)))
    file_pattern = item["file"].removeprefix("./") if "file" in item else None
    return WaiverEntry(waiver, resource=item["resource"], file_pattern=file_pattern), problems


def apply_waivers(findings: list[Finding], suppressions: list[Suppression],
                  entries: list[WaiverEntry], known_controls: Iterable[str],
                  today: date, evaluated: Iterable[str] | None = None,
                  ) -> tuple[list[Finding], list[WaiverEntry]]:
    """Findings with waived ones replaced, and every waiver (inline ones first) with what it did.
    An inline suppression wins over the waivers file; within the file, the first entry wins.
    `evaluated`: the controls that ran (default: all known); a waiver of another control is
    not reported as unused."""
    if not suppressions and not entries:  # nothing to waive (most scans): 30,000 findings
        return list(findings), []          # would each be looked up for nothing
    known = set(known_controls)
    ran = known if evaluated is None else set(evaluated)
    judged = {(f.control, identity(f.resource)) for f in findings}
    inline: dict[tuple[str, int], WaiverEntry] = {}
    report: list[WaiverEntry] = []
    for suppression in suppressions:
        entry = _inline_entry(suppression, known)
        report.append(entry)
        if entry.problem:
            continue
        for group in suppression.candidates:
            if any((suppression.control, identity(r)) in judged for r in group):
                for resource in group:
                    inline.setdefault((suppression.control, identity(resource)), entry)
                break
    file_entries = [dataclasses.replace(e, matched=0, expired=bool(
        e.waiver.expires and e.waiver.expires < today)) for e in entries]
    report += file_entries
    for entry in report:
        entry.evaluated = entry.waiver.control in ran
    by_control: dict[str, list[WaiverEntry]] = {}
    for entry in file_entries:
        by_control.setdefault(entry.waiver.control, []).append(entry)
    result: list[Finding] = []
    for finding in findings:
        if finding.status not in WAIVABLE:
            result.append(finding)
            continue
        entry = inline.get((finding.control, identity(finding.resource)))
        for candidate in by_control.get(finding.control, ()):
            if candidate.expired:
                candidate.matched += candidate.matches(finding)  # would have applied
            elif entry is None and candidate.matches(finding):
                entry = candidate
        if entry is None:
            result.append(finding)
            continue
        entry.matched += 1
        result.append(dataclasses.replace(finding, status=Status.WAIVED, waiver=entry.waiver))
    return result, report


def _inline_entry(suppression: Suppression, known: set[str]) -> WaiverEntry:
    problem = suppression.problem
    if problem is None and suppression.control not in known:
        problem = f"unknown control {suppression.control!r}; not applied"
    waiver = Waiver("inline", suppression.control, suppression.reason, None, None,
                    suppression.file, suppression.line)
    return WaiverEntry(waiver, text=suppression.text, problem=problem)


def notice(entry: WaiverEntry) -> str | None:
    """A one-line notice for a waiver that needs attention (expired, not applied), else None."""
    where = f"{entry.waiver.file}:{entry.waiver.line}" if entry.waiver.line else entry.waiver.file
    if entry.expired:
        return (f"{where}: waiver of {entry.waiver.control} for {entry.resource} expired on "
                f"{entry.waiver.expires}; it no longer applies ({entry.matched} finding(s))")
    if entry.problem:
        return f"{where}: {entry.text}: {entry.problem}"
    return None
