"""Outcomes remembered by scope: a warm scan takes what the checks said about a scope whose
resources are exactly as before, instead of evaluating every check on them again.

A scope (a Terraform root module, a manifest or document file) is as far as a check looks: it
sees its own resource and, through the graph, `Evaluator.dangling_links` and
`ResourceIndex.lookup`, the other resources of its scope (compliance/evaluate/checks/__init__.py
holds checks to that, and names in `READS_OTHER_SCOPES` the ones that look further: those are
never remembered). So what a catalog's checks say about a scope depends on its resources alone.
An entry, under a key made of the tool, the evaluating code and its data, the selected
controls' checks and the scope's resources, holds each check's outcome on each resource (or
that the check's `where` left it out); a scope with the same key replays them.

The resources' digest is cheap where it can be: a resource replayed untouched from the
resolved-module cache is fixed by that entry's key and its place in it (`Origins`); any other
is pickled (C-fast and exact: a tuple is not a list, an Unknown not a map; only hashed, never
loaded). A scope whose evidence can't be encoded exactly, or on which a check failed, is not
stored. When the cache holds no entry at all (a first scan, a CI job's new cache), nothing can
be found: the keys are then worked out only when the outcomes are stored, by the process that
evaluated the scope (a forked helper hands its keys back), not all before evaluating.

Entries are sealed like the other caches' (`parse.cache.SealedEntries`), with a key derived from
their own key, which digests the scope's content.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import orjson

from compliance import __version__, data_dir
from compliance.model import Control, Evidence, Resource, Status
from compliance.model.identity import identity
from compliance.parse.cache import SealedEntries, files_digest
from compliance.resolve.terraform.resolved_cache import (
    Origins,
    Unencodable,
    decode,
    encode,
)

# bumped when an entry's layout changes
REMEMBERED_FORMAT = 1
# the key of a scope worked out when its outcomes are stored (`Remembered.key_of`)
_LATER = ""
# what a check's `where` left out (an outcome's status is one of Status's values)
LEFT_OUT = "-"
_STATUSES = {status.value: status for status in Status}


# modules outside evaluate/ and model/ that evaluating imports (a test holds this to the
# imports): an edit to any of them in a development install is never answered from old entries
_ALSO_READ = ("resolve/graph.py", "processes/forked.py", "resolve/kubernetes/facts.py",
              "resolve/embedded/holders.py", "resolve/cloudformation/shape.py",
              "resolve/terraform/resolved_cache.py", "parse/terraform_shape.py",
              "parse/iam_policy.py", "parse/cache.py")


def code_files() -> list[Path]:
    """The source files whose code decides what a check says."""
    package = Path(__file__).parents[1]
    here = Path(__file__).parent
    return [*sorted(here.glob("*.py")), *sorted((here / "checks").glob("*.py")),
            *sorted((package / "model").glob("*.py")), *(package / name for name in _ALSO_READ)]


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """What evaluating reads besides the catalog: this package's code and checks, the model,
    the modules they import, and the data tables the checks read."""
    controls = data_dir("controls")
    return files_digest([*code_files(), *sorted(controls.glob("*.yaml")),
                         *sorted((controls / "data").glob("*"))])


def _controls_digest(controls: list[Control]) -> str:
    """What evaluating reads of the selected controls: their ids, categories (secrets are
    masked in evidence) and checks. (Titles and severities are taken from the control when a
    finding is replayed.)"""
    return hashlib.sha256(orjson.dumps(
        [[control.id, control.category,
          [[check.id, check.platform, check.resource_types, sorted(check.anchors),
            check.where, check.condition] for check in control.checks]]
         for control in controls])).hexdigest()


def stays_in_scope(check: Any) -> bool:
    """Whether `check` looks no further than its resource's scope: none of the named checks
    it calls is one of `READS_OTHER_SCOPES`."""
    found = _IN_SCOPE.get(identity(check))
    if found is None or found[0] is not check:
        from compliance.evaluate.checks import READS_OTHER_SCOPES

        names = _python_names(check.where) | _python_names(check.condition)
        found = _IN_SCOPE[identity(check)] = (check, not names & READS_OTHER_SCOPES)
    return found[1]


_IN_SCOPE: dict[int, tuple[Any, bool]] = {}


def _python_names(condition: Any) -> set[str]:
    if isinstance(condition, dict):
        names = {condition["python"]} if isinstance(condition.get("python"), str) else set()
        for value in condition.values():
            names |= _python_names(value)
        return names
    if isinstance(condition, list):
        return set().union(*map(_python_names, condition)) if condition else set()
    return set()


def _pickled(resource: Resource) -> bytes:
    """The resource's content, exactly, framed by its length: pickled without a memo, so that
    the bytes depend on the values alone, not on which objects happen to be shared. (Only ever
    hashed, never loaded; the set of derived names sorted, as its order varies by process.)"""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.fast = True
    loc = resource.location
    pickler.dump((resource.platform, resource.type, resource.name, resource.address,
                  resource.attributes, (loc.file, loc.start_line, loc.end_line), resource.lines,
                  resource.anchors, resource.scope, sorted(resource.derived)))
    data = out.getvalue()
    return len(data).to_bytes(8, "big") + data


class _Scope:
    """One scope's remembered outcomes (`known`: the entry's rows, when it was found) or those
    this scan works out (`fresh`), each for (place of the resource in the scope, control,
    check); an entry numbers its ids and texts (`strings`)."""

    __slots__ = ("name", "key", "known", "strings", "resources", "fresh", "storable")

    def __init__(self, name: str, resources: list[Resource], key: str | None,
                 known: list[list[Any]] | None = None, strings: list[str] = ()):
        # an entry writes each id and text once (`strings`), and refers to it by its number
        self.name, self.resources = name, resources
        self.key, self.known, self.strings = key, known, strings
        self.fresh: list[list[Any]] = []
        self.storable = key is not None and known is None


class Remembered:
    """The outcomes of the scan's scopes: those found in the cache, and those to store."""

    def __init__(self, directory: Path | None, resources: list[Resource],
                 controls: list[Control], origins: Origins | None = None):
        self.entries = SealedEntries(directory / "remembered" if directory else None,
                                     "remembered entry:", "compliance remembered outcomes key:")
        try:
            base: bytes | None = hashlib.sha256(orjson.dumps(
                [__version__, REMEMBERED_FORMAT, _code_digest(), _controls_digest(controls)]
            )).digest()
        except TypeError:  # a condition JSON can't hold (a user's control): nothing remembered
            base = None
        members: dict[str, list[Resource]] = {}
        for resource in resources:
            members.setdefault(resource.scope, []).append(resource)
        self._place: dict[int, tuple[_Scope, int]] = {}
        self.known_ids: set[int] = set()  # the resources of the scopes found in the cache
        self._known: list[_Scope] = []
        self._scopes: list[_Scope] = []
        self.hits = 0
        self.recalled = 0  # scopes stored by a helper meanwhile, and found
        self._base, self._origins = base, origins or Origins()
        # With no entry to find (the first scan, a CI job's new cache), a scope's key is
        # worked out only when its outcomes are stored, by the process that evaluated it (a
        # helper hands its keys back): not all here, before evaluating, in one process.
        later = base is not None and not self.entries.any()
        for scope_name, group in members.items():
            scope = _Scope(scope_name, group, _LATER) if later else \
                self._scope(base, scope_name, group, self._origins)
            self._scopes.append(scope)
            for place, resource in enumerate(group):
                self._place[identity(resource)] = (scope, place)
            if scope.known is not None:
                self.known_ids.update(map(identity, group))
                self._known.append(scope)
        self._resources = resources  # the identities above stay theirs for the whole scan

    def _scope(self, base: bytes | None, name: str, group: list[Resource],
               origins: Origins) -> _Scope:
        if base is None:
            return _Scope(name, group, None)
        scope = _Scope(name, group, _digest(base, name, group, origins))
        if scope.key is not None and self._load(scope):
            self.hits += 1
        return scope

    def key_of(self, scope: _Scope) -> str | None:
        """The scope's key, worked out now if it was left for later (None: it has none)."""
        if scope.key == _LATER and self._base is not None:
            scope.key = _digest(self._base, scope.name, scope.resources, self._origins)
            if scope.key is None:
                scope.storable = False
        return scope.key

    def _load(self, scope: _Scope) -> bool:
        """Whether the scope's entry was found (its outcomes are then `known`)."""
        entry = self.entries.get(scope.key)
        if entry is None:
            return False
        try:
            strings, rows = entry["strings"], entry["outcomes"]
            if not (isinstance(strings, list) and isinstance(rows, list)):
                raise TypeError("an entry of another layout")
        except (KeyError, TypeError):  # an entry of another layout: a miss
            return False
        scope.known, scope.strings, scope.storable = rows, strings, False
        return True

    def unanswered(self) -> list[_Scope]:
        """The scopes whose outcomes are to be worked out and stored, in order."""
        return [scope for scope in self._scopes if scope.storable]

    def recall(self, scope: _Scope, key: bytes = b"") -> bool:
        """Whether the entry of one of those scopes, stored meanwhile by another process (which
        handed back its `key`, when it worked it out), is there: its outcomes are then the
        caller's to replay (`replay([scope])`)."""
        if scope.key == _LATER and key:
            scope.key = key.hex()
        if not scope.storable or scope.key == _LATER or not self._load(scope):
            return False
        self.known_ids.update(map(identity, scope.resources))
        self.recalled += 1
        return True

    def replay(self, scopes: list[_Scope] | None = None,
               ) -> Iterator[tuple[str, str, Resource, Status, Evidence]]:
        """What the checks said last time about the resources of the scopes found in the
        cache at the start (or of `scopes`, recalled since): (control, check, resource, status,
        evidence), for every time a check's `where` did not leave the resource out. A scope's
        key digests its resources and the selected controls and their checks, so its entry
        holds exactly the visits an evaluation would make."""
        for scope in self._known if scopes is None else scopes:
            strings, resources = scope.strings, scope.resources
            for place, control, check, status, *evidence in scope.known:
                if status == LEFT_OUT:
                    continue
                attribute, observed, expected, line = evidence
                yield (strings[control], strings[check], resources[place], _STATUSES[status],
                       Evidence(strings[attribute], decode(observed), strings[expected], line))

    def note(self, resource: Resource, control: str, check: str,
             status: Status | None, evidence: Evidence | None = None) -> None:
        """What the check said about `resource` now (status None: its `where` left it out)."""
        scope, place = self._place[identity(resource)]
        if not scope.storable:
            return
        if status is None:
            scope.fresh.append([place, control, check, LEFT_OUT])
            return
        try:
            observed = encode(evidence.observed)
        except Unencodable:
            scope.storable = False
            return
        scope.fresh.append([place, control, check, status.value, evidence.attribute, observed,
                            evidence.expected, evidence.line])

    def failed(self, resource: Resource) -> None:
        """A check raised on `resource`: its scope is evaluated again next time."""
        self._place[identity(resource)][0].storable = False

    def unstored(self) -> int:
        """How many outcomes `store` has to write."""
        return sum(len(scope.fresh) for scope in self._scopes if scope.storable)

    def store(self) -> None:
        """Store what the checks said about every scope worked out now."""
        for scope in self._scopes:
            self.store_scope(scope)

    def store_scope(self, scope: _Scope) -> bytes | None:
        """Store what the checks said about the scope; its key, when it was stored."""
        if self.entries.directory is None or not scope.storable:
            return None
        key = self.key_of(scope)
        if key is None:
            return None
        # the ids and texts repeat from resource to resource: each is written once
        number: dict[str, int] = {}
        outcomes = []
        for place, control, check, status, *evidence in scope.fresh:
            ids = [number.setdefault(text, len(number)) for text in (control, check)]
            if evidence:
                attribute, observed, expected, line = evidence
                evidence = [number.setdefault(attribute, len(number)), observed,
                            number.setdefault(expected, len(number)), line]
            outcomes.append([place, *ids, status, *evidence])
        try:
            text = orjson.dumps({"strings": list(number), "outcomes": outcomes})
        except TypeError:
            return None
        self.entries.put(key, text)
        return bytes.fromhex(key)


def _digest(base: bytes, name: str, group: list[Resource], origins: Origins) -> str | None:
    """A scope's key: the hash of the tool and catalog (`base`), its name and its resources;
    None when a resource can't be digested exactly."""
    digest = hashlib.sha256(base + name.encode() + b"\0")
    try:
        for resource in group:
            origin = origins.of(resource)
            digest.update(orjson.dumps(origin) if origin else _pickled(resource))
    except (pickle.PicklingError, TypeError, RecursionError):
        return None
    return digest.hexdigest()
