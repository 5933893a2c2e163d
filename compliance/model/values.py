"""Values the parsers could not know, and attribute paths.

A value that cannot be resolved without applying the configuration is an `Unknown`, never a
guess. A concrete attribute path is a tuple of str keys and int list indexes; its display form
is `spec.containers[0].securityContext` with odd keys quoted: `annotations["a.b/c"]`. The same
form (plus `[*]`) is the path syntax of the condition language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Iterable


class UnknownKind(str, Enum):
    """What sort of value an Unknown stands for."""

    APPLY_TIME = "apply-time"  # another resource's attribute, a data source: known at apply
    NO_VALUE = "no-value"  # an input nobody gave (a variable without default or tfvars value)
    PLACEHOLDER = "placeholder"  # a template placeholder filled in later (${{ env }}, {{ }})
    SECRET_REFERENCE = "secret-reference"  # a vault reference or encrypted secret: not in the file
    EXPRESSION = "expression"  # a policy expression evaluated per request (APIM C#, named value)
    LIMIT = "limit"  # too large or too deep to evaluate
    CYCLE = "cycle"  # refers to itself (a reference cycle, a recursive $ref)
    NOT_READ = "not-read"  # something this tool does not read (a remote module, external $ref)
    UNRESOLVED = "unresolved"  # any other value that can't be resolved statically


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value that cannot be resolved statically.

    `reason` says why in a few words (shown to users as the observed value); `kind` says what
    sort of unknown it is, for the checks that treat sorts differently (a credential from a
    vault reference is not a credential written in the file); `refs` are the addresses of
    resources the expression referred to, so the graph can still connect them.
    """

    reason: str
    refs: tuple[str, ...] = ()
    # What is known of an encoded value (the object given to jsonencode) with Unknown leaves:
    # a check that reads the encoding (an IAM policy) can still judge the known parts.
    partial: Any = field(default=None, compare=False, hash=False)
    kind: UnknownKind = field(default=None, compare=False, hash=False)  # None: UNRESOLVED

    def __post_init__(self) -> None:
        if self.kind is None:
            object.__setattr__(self, "kind", UnknownKind.UNRESOLVED)

    def __str__(self) -> str:
        return f"unknown ({self.reason})"



@dataclass(frozen=True, slots=True)
class PartialText(Unknown):
    """What is known of a string built by a template with unknown interpolations; it stands in
    `Unknown.partial`.

    `pieces` are the known stretches of text in order, with None for each stretch that is not
    known (an interpolation, or a string of any length): `arn:${partition}:iam::aws:policy/X`
    is `("arn:", None, ":iam::aws:policy/X")`. It is empty when a directive that decides which
    text comes out is unknown. `text` is the whole text with a `${...}` placeholder for each
    unknown interpolation, kept for multi-line templates (documents: a heredoc, a
    `templatefile()` file) so that an embedded document can still be read; `base64`: the real
    value is the base64 encoding of `text`. Being an Unknown itself, it reads as unknown to a
    check that takes `partial` for the known shape of a jsonencode() object.
    """

    text: str = ""
    base64: bool = False
    pieces: tuple[str | None, ...] = ()


def known_pieces(value: Any) -> tuple[str | None, ...] | None:
    """The known and unknown stretches of a string value (see `PartialText`), or None when
    nothing is known of it as a string."""
    if isinstance(value, str):
        return (value,)
    partial = value.partial if isinstance(value, Unknown) else None
    if isinstance(partial, PartialText) and partial.pieces and not partial.base64:
        return partial.pieces
    return None


def joined_pieces(stretches: Iterable[str | None]) -> tuple[str | None, ...]:
    """Stretches of a text in order (None: one that is not known) as `PartialText.pieces`:
    known stretches joined, unknown ones next to each other collapsed, empty ones dropped
    (but for a first one)."""
    pieces: list[str | None] = []
    for stretch in stretches:
        if stretch is None:
            if not pieces or pieces[-1] is not None:
                pieces.append(None)
        elif pieces and pieces[-1] is not None:
            pieces[-1] += stretch
        elif stretch or not pieces:
            pieces.append(stretch)
    return tuple(pieces)


def configured_text(value: Any) -> str | None:
    """The string an Unknown is wholly known to be (another resource's argument as the
    configuration sets it: one known piece), or None."""
    pieces = known_pieces(value) if isinstance(value, Unknown) else None
    return pieces[0] if pieces and None not in pieces else None


def may_be(pieces: tuple[str | None, ...], text: str, fold: bool = False) -> bool:
    """Whether a string with these known pieces (None: any text, possibly empty) could be
    `text`. Greedy leftmost matching is exact for patterns whose only wildcard is "any text"."""
    if fold:
        text = text.casefold()
        pieces = tuple(p.casefold() if p is not None else None for p in pieces)
    if None not in pieces:
        return "".join(pieces) == text  # type: ignore[arg-type]
    first = pieces[0] or ""
    last = pieces[-1] or ""
    if not text.startswith(first) or not text.endswith(last):
        return False
    position, end = len(first), len(text) - len(last)
    if end < position:
        return False
    for piece in pieces[1:-1]:
        if piece is None:
            continue
        found = text.find(piece, position, end)
        if found < 0:
            return False
        position = found + len(piece)
    return True


_PLAIN_KEY = re.compile(r"^[A-Za-z_$][A-Za-z0-9_\-$]*$")



Path = tuple[str | int, ...]



# A key's segment of a display path when it follows another (".name", or '["a b"]'): the same
# keys recur in every resource, and formatting paths is a large share of a warm scan.
_SEGMENTS: dict[str, str] = {}


def _key_segment(part: str) -> str:
    segment = _SEGMENTS.get(part)
    if segment is None:
        if _PLAIN_KEY.match(part):
            segment = f".{part}"
        else:
            escaped = part.replace("\\", "\\\\").replace('"', '\\"')
            segment = f'["{escaped}"]'
        if len(_SEGMENTS) < 100_000:  # bounded: keys come from scanned files
            _SEGMENTS[part] = segment
    return segment


def join_path(text: str, part: str | int) -> str:
    """The display form of a path one part longer than the one `text` displays."""
    if isinstance(part, int):
        return f"{text}[{part}]"
    if part == "*":
        return f"{text}[*]"
    segment = _key_segment(part)
    return text + segment if text or segment[0] != "." else segment[1:]


def format_path(parts: Iterable[str | int]) -> str:
    if type(parts) is tuple:
        prefixes = path_prefixes(parts)
        return prefixes[-1] if prefixes else ""
    text = ""
    for part in parts:
        text = join_path(text, part)
    return text


# The display forms of paths' prefixes, by path: the same paths are shown, and looked up in
# resources' lines, for resource after resource (bounded as _SEGMENTS is)
_PREFIXES: dict[Path, tuple[str, ...]] = {}


def path_prefixes(parts: Path) -> tuple[str, ...]:
    """The display form of each prefix of `parts`, shortest first (one pass, not one each)."""
    try:
        found = _PREFIXES.get(parts)
    except TypeError:  # a list: not kept
        return _prefixes(parts)
    if found is None:
        found = _prefixes(parts)
        if len(_PREFIXES) < 100_000:
            _PREFIXES[parts] = found
    return found


def _prefixes(parts: Iterable[str | int]) -> tuple[str, ...]:
    texts: list[str] = []
    text = ""
    for part in parts:
        text = join_path(text, part)
        texts.append(text)
    return tuple(texts)



_TOKEN = re.compile(r'\.?([A-Za-z_$][A-Za-z0-9_\-$]*)|\[(\d+|\*)\]|\["((?:[^"\\]|\\.)*)"\]|\.?(\*)')



# paths parsed, by their display form (bounded as _SEGMENTS is)
_PARSED: dict[str, Path] = {}


def parse_path(text: str) -> Path:
    """Parse the display form back into parts; `*` stands for any key or index."""
    found = _PARSED.get(text)
    if found is None:
        found = _parsed(text)
        if len(_PARSED) < 100_000:
            _PARSED[text] = found
    return found


def _parsed(text: str) -> Path:
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



_UNKNOWN_KEY = "__unknown__"



def has_unknown(value: Any) -> bool:
    """Whether an Unknown is anywhere in `value` (plain dicts and lists)."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, Unknown):
            return True
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return False


def value_to_json(value: Any) -> Any:
    if isinstance(value, Unknown):
        encoded = {_UNKNOWN_KEY: value.reason, "refs": list(value.refs)}
        if value.partial is not None:
            encoded["partial"] = value_to_json(value.partial)
        if value.kind is not UnknownKind.UNRESOLVED:
            encoded["kind"] = value.kind.value
        return encoded
    if isinstance(value, dict):
        return {k: value_to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [value_to_json(v) for v in value]
    return value



def value_from_json(value: Any) -> Any:
    if isinstance(value, dict):
        if _UNKNOWN_KEY in value and "refs" in value and len(value) <= 4:
            return Unknown(value[_UNKNOWN_KEY], tuple(value["refs"]),
                           value_from_json(value.get("partial")),
                           UnknownKind(value.get("kind", UnknownKind.UNRESOLVED.value)))
        return {k: value_from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [value_from_json(v) for v in value]
    return value
