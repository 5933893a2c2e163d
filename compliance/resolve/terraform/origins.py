"""Where a string that holds a whole document (an OpenAPI `body`) came from.

A resolved attribute is a plain value: nothing in `"openapi: 3.0.1\\n..."` says that it was
read by `file("openapi.yaml")`. Two small records keep that knowledge, so that findings on a
document embedded in Terraform point at the file and line where it is written:

- `TextOrigins`, one per scan, maps the text produced by `file()`, `filebase64()` (decoded)
  and `templatefile()` to the file it was read from (relative to the scan root). It is keyed
  by the text itself, so values stay plain `str` (equality, hashing, JSON and YAML encoding
  are untouched) and the origin survives locals, module arguments and `base64encode()`. When
  two files hold exactly the same text, the first one read is named.
- `PartialText` (defined in the model, `compliance.model.values`) stands in `Unknown.partial`
  of a template that is known except for some interpolations: its known pieces, and for a
  multi-line template (a heredoc or a `templatefile()` file) its text with a `${...}`
  placeholder for each unknown interpolation. A template whose `%{if}`/`%{for}` depends on an
  unknown value has neither: which text it produces is not known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from compliance.model import PartialText, Unknown

__all__ = ["PartialText", "TextOrigin", "TextOrigins", "placeholder", "with_placeholders"]

_PLACEHOLDER_JUNK = re.compile(r"[{}\s]+")
MAX_PLACEHOLDER = 80


@dataclass(frozen=True, slots=True)
class TextOrigin:
    """The file a document text was read from, and whether a template rendered it."""

    file: str  # relative to the scan root, forward slashes
    template: bool  # rendered by templatefile(): interpolations may have moved lines


class TextOrigins:
    """Document texts read from files during one scan's Terraform resolution."""

    def __init__(self) -> None:
        self._by_text: dict[str, TextOrigin] = {}
        self.events: list[list[Any]] | None = None  # where a root module's notes are recorded

    def note(self, text: str, origin: TextOrigin) -> None:
        if self.events is not None:
            self.events.append(["origin", text, origin.file, origin.template])
        if text.strip():
            self._by_text.setdefault(text, origin)

    def take(self, other: "TextOrigins") -> None:
        """Add `other`'s origins after this one's (the first origin of a text is kept)."""
        for text, origin in other._by_text.items():
            self._by_text.setdefault(text, origin)

    def find(self, text: str) -> TextOrigin | None:
        return self._by_text.get(text)

    def __len__(self) -> int:
        return len(self._by_text)


def placeholder(expression: str) -> str:
    """`${...}` naming an unknown interpolation, safe for the template-placeholder rule of the
    OpenAPI parser (no braces or line breaks inside)."""
    name = _PLACEHOLDER_JUNK.sub(" ", expression).strip()[:MAX_PLACEHOLDER] or "unknown"
    return "${" + name + "}"


def with_placeholders(value: Any) -> Any:
    """A partially known value with each Unknown leaf written as a placeholder string."""
    if isinstance(value, Unknown):
        return placeholder(value.reason)
    if isinstance(value, dict):
        return {key: with_placeholders(item) for key, item in value.items()}
    if isinstance(value, list):
        return [with_placeholders(item) for item in value]
    return value
