"""How Kong reads single values: an upstream host, a cors origin entry."""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from compliance.model import Unknown
from compliance.model.patterns import PatternError, linear

# an origin no one in particular owns: an origin entry that admits it admits any site
_PROBE_HOST = "attacker.invalid"


def is_loopback(host: Any) -> bool | Unknown:
    """Whether traffic to `host` stays on the machine: localhost (and `*.localhost`),
    127.0.0.0/8 or ::1."""
    if isinstance(host, Unknown):
        return host
    if not isinstance(host, str):
        return False
    host = host.strip("[]").lower()
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def admits_any_origin(origin: Any) -> bool | Unknown:
    """Whether the cors plugin would accept any site's origin for this `config.origins` entry.
    Kong compares an entry made only of letters, digits and `.:/-` literally; any other is a
    regular expression anchored at both ends, matched against the origin's host (or the whole
    origin when the entry has a `:`). `*` admits every origin, and `null` is the origin of
    sandboxed frames and files, which anyone can send."""
    if isinstance(origin, Unknown):
        return origin
    if not isinstance(origin, str):
        return False
    if origin in ("*", "null"):
        return True
    if re.fullmatch(r"[A-Za-z0-9.:/-]+", origin):
        return False
    pattern = origin.removeprefix("^")
    pattern = pattern if pattern.endswith("$") else pattern + "$"
    subject = f"https://{_PROBE_HOST}" if ":" in origin else _PROBE_HOST
    try:  # in linear time: the pattern is the scanned repository's (PCRE in Kong)
        return linear(pattern).match(subject) is not None
    except PatternError:
        return Unknown(f"origin pattern {origin[:40]!r} uses syntax compliance can't evaluate")
