"""Short excerpts of the configuration that decides a finding, with secrets masked: the same
lines, masked the same way, in the terminal report, the HTML report and the evidence pack.

Excerpts come from the file contents the scan read (ScanResult.sources), never from disk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from compliance.model import ScanResult, Status
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

EXCERPT_BEFORE = 4  # lines shown above the deciding line
EXCERPT_MAX_LINES = 12
EXCERPT_LINE_CHARS = 160
_SHORTEST_KNOWN_SECRET = 4

# `key = "value"`, `key: value`, `"key": "value"`: the key, the separator and the value
_ASSIGNMENT = re.compile(r"""^(\s*(?:-\s+)?["']?)([A-Za-z_][\w.-]*)"""
                         r"""(["']?\s*[:=]\s*)(.+?)(\s*,?\s*)$""")
# names that hold a credential in a list of credentials (Kong's `keyauth_credentials: - key:`)
_BARE_CREDENTIAL_KEYS = frozenset({"key", "keys", "hash", "password"})


@dataclass(frozen=True)
class Excerpt:
    first: int
    lines: list[tuple[int, str, bool]]  # number, text (masked), whether it is the deciding line


class KnownSecrets(frozenset):
    """Secrets to mask in excerpts, longest first (sorted once, not for every line)."""

    @cached_property
    def longest_first(self) -> list[str]:
        return sorted(self, key=len, reverse=True)


def known_secrets(result: ScanResult) -> KnownSecrets:
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
    return KnownSecrets(found)


def _strip_quotes(value: str) -> str:
    return value.strip().strip("\"'")


def mask_line(text: str, secrets: set[str] | list[str], after_credential_name: bool = False) -> str:
    """One line of configuration with what could be a credential replaced by the mask."""
    if isinstance(secrets, KnownSecrets):  # hashable: the same line is masked once
        return _mask_known(text, secrets, after_credential_name)
    return _masked(text, secrets, after_credential_name)


# Excerpts overlap (findings of several controls on one resource, resources sharing lines):
# the corpus's HTML report masks 74,000 excerpt lines, five patterns each
@lru_cache(maxsize=1 << 16)
def _mask_known(text: str, secrets: KnownSecrets, after_credential_name: bool) -> str:
    return _masked(text, secrets, after_credential_name)


def _masked(text: str, secrets: set[str] | list[str], after_credential_name: bool) -> str:
    ordered = (secrets.longest_first if isinstance(secrets, KnownSecrets)
               else sorted(secrets, key=len, reverse=True))
    for secret in ordered:
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
    shown: list[tuple[int, str, bool]] = []
    if first > len(lines):  # a location past the end of what was read: nothing to show
        return Excerpt(first, shown)
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
