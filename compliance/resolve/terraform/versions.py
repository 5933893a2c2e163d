"""Module version constraints as Terraform resolves them (hashicorp/go-version semantics).

Not PEP 440 (`packaging`): Terraform has `~>` (pessimistic: `~> 1.2` is >= 1.2, < 2.0;
`~> 1.2.3` is >= 1.2.3, < 1.3.0), `!=`, comma lists that must all hold, and picks the newest
version that matches. A pre-release (`2.0.0-beta1`) is chosen only by an exact constraint
(`2.0.0-beta1` or `= 2.0.0-beta1`) naming it, as `terraform init` does for modules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_VERSION = re.compile(r"^v?(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")
_CONSTRAINT = re.compile(r"^\s*(~>|>=|<=|!=|=|>|<)?\s*(\S+)\s*$")


class ConstraintError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Version:
    segments: tuple[int, ...]  # padded to three
    specified: int  # how many segments were written (`1.2` -> 2)
    prerelease: str
    text: str

    @classmethod
    def parse(cls, text: str) -> Version:
        found = _VERSION.match(text.strip())
        if found is None:
            raise ConstraintError(f"{text!r} is not a version")
        numbers = tuple(int(part) for part in found[1].split("."))
        padded = numbers + (0,) * (3 - len(numbers))
        return cls(padded, len(numbers), found[2] or "", text.strip())

    def key(self) -> tuple:
        """Order: segments, then a pre-release before its release, pre-releases compared
        part by part (numbers as numbers, below words)."""
        if not self.prerelease:
            return (self.segments, 1, ())
        parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p)
                      for p in self.prerelease.split("."))
        return (self.segments, 0, parts)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Constraint:
    operator: str
    version: Version

    def allows(self, candidate: Version) -> bool:
        wanted, op = self.version, self.operator
        if candidate.prerelease or wanted.prerelease:
            # a pre-release only where this very pre-release is asked for
            return op == "=" and candidate.key() == wanted.key()
        if op == "~>":
            return _pessimistic(candidate, wanted)
        ordering = (candidate.key() > wanted.key()) - (candidate.key() < wanted.key())
        return {"=": ordering == 0, "!=": ordering != 0, ">": ordering > 0,
                ">=": ordering >= 0, "<": ordering < 0, "<=": ordering <= 0}[op]


def _pessimistic(candidate: Version, wanted: Version) -> bool:
    if candidate.key() < wanted.key():
        return False
    # every written segment but the last is fixed; the last may grow (`~> 1` fixes nothing)
    fixed = wanted.specified - 1
    return candidate.segments[:fixed] == wanted.segments[:fixed]


def parse_constraints(text: str) -> list[Constraint]:
    """`"~> 1.2, != 1.2.5"` as its constraints; ConstraintError when it can't be read. An
    empty text allows any released version."""
    constraints = []
    for part in text.split(","):
        if not part.strip():
            if text.strip():
                raise ConstraintError(f"empty constraint in {text!r}")
            continue
        found = _CONSTRAINT.match(part)
        if found is None:
            raise ConstraintError(f"{part.strip()!r} is not a version constraint")
        constraints.append(Constraint(found[1] or "=", Version.parse(found[2])))
    return constraints


def newest_matching(available: list[str], constraint_text: str) -> str | None:
    """The newest of `available` that every constraint allows (None when none does);
    versions that do not parse are ignored, as Terraform ignores them."""
    constraints = parse_constraints(constraint_text)
    candidates = []
    for text in available:
        try:
            candidates.append(Version.parse(text))
        except ConstraintError:
            continue
    allowed = [v for v in candidates
               if all(c.allows(v) for c in constraints)
               and (not v.prerelease or constraints)]
    return max(allowed, key=Version.key).text if allowed else None
