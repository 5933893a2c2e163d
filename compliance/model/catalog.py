"""The control catalog as loaded: controls, their checks, and the catalog that holds them
(loading and validation: compliance.catalog)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class Check:
    """One check of a control: the resources it applies to and the condition they must meet."""

    id: str
    platform: str
    resource_types: tuple[str, ...]
    condition: dict[str, Any]
    where: dict[str, Any] | None = None
    anchors: frozenset[str] = frozenset()  # anchors the check's paths need ($pod_spec, ...)


@dataclass(frozen=True)
class Supports:
    """A framework requirement a user's control declares it supports (the built-in controls'
    mappings live in the framework files)."""

    framework: str
    requirement: str
    strength: str  # "direct" | "supports"


@dataclass(frozen=True)
class Control:
    """A control as loaded from its control.yaml: what it requires, why, and its checks."""

    id: str
    title: str
    category: str
    severity: str
    description: str
    rationale: str
    remediation: str
    checks: tuple[Check, ...]
    references: tuple[str, ...] = ()
    source: str = ""  # its control.yaml, relative to the catalog (or to its --controls-dir)
    folder: str = ""  # its folder (absolute), where its fail/ and pass/ samples are
    origin: str = ""  # "" for the built-in catalog, else the --controls-dir it came from
    supports: tuple[Supports, ...] = ()  # a user control's own framework mappings

    @property
    def platforms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.platform for c in self.checks))


@dataclass
class Catalog:
    """The loaded controls, the type groups their checks name, and a digest of their files."""

    controls: list[Control]
    type_groups: dict[str, list[str]] = field(default_factory=dict)
    digest: str = ""

    @cached_property
    def by_id(self) -> dict[str, Control]:
        return {c.id: c for c in self.controls}

    def select(self, category: str | None = None, platform: str | None = None) -> list[Control]:
        return [c for c in self.controls
                if (category is None or c.category == category)
                and (platform is None or platform in c.platforms)]
