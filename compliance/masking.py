"""Recognising secret values and masking them in every output."""

from __future__ import annotations

import re
from typing import Any

# Attribute names that hold credentials (matched against the last key of a path).
SENSITIVE_NAME = re.compile(
    r"(pass(word|wd|phrase)?|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|"
    r"client[_-]?secret|credential|auth[_-]?key|signing[_-]?key|connection[_-]?string)",
    re.I,
)

# Values that are credentials whatever they are called.
SECRET_VALUE = re.compile(
    r"(AKIA|ASIA)[0-9A-Z]{16}"  # AWS access key id
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----"
    r"|gh[pousr]_[A-Za-z0-9]{36,}"  # GitHub tokens
    r"|xox[baprs]-[A-Za-z0-9-]{10,}"  # Slack tokens
    r"|sk_live_[0-9a-zA-Z]{24,}"  # Stripe secret keys
    r"|eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"  # JWTs
)

MASK = "********"


def is_sensitive_name(name: str) -> bool:
    return bool(SENSITIVE_NAME.search(name))


def looks_like_secret(value: str) -> bool:
    return bool(SECRET_VALUE.search(value))


def mask(value: Any) -> Any:
    """Mask every string in `value`, keeping the shape so the evidence stays readable."""
    if isinstance(value, str):
        return MASK if value else value
    if isinstance(value, dict):
        return {k: mask(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask(v) for v in value]
    return value


def mask_secrets_in(value: Any, name: str = "") -> Any:
    """Mask strings that sit under a sensitive name or look like a credential."""
    if isinstance(value, str):
        return MASK if value and (is_sensitive_name(name) or looks_like_secret(value)) else value
    if isinstance(value, dict):
        return {k: mask_secrets_in(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_secrets_in(v, name) for v in value]
    return value
