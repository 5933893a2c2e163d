"""Root modules resolved once: a warm scan replays what an unchanged root module gave.

Resolving a root module (its variables, locals, module calls, count/for_each, functions) is
most of a warm scan's work on a large configuration, and it gives the same answer for the same
inputs. An entry holds one root module's resources and everything its resolution said to the
rest of the scan (scan errors, notices about unscanned calls, where document texts came from,
what --download-modules should fetch), in order, so that replaying it is indistinguishable
from resolving again.

A root module's root key digests what its resolution starts from: the tool version, a digest of
the resolver's own code (an edited resolver in a development install is never answered from old
entries), the parser's key, the root folder (relative to the scan root) and its files' contents,
its variable files and the --var-file files, the installed-modules manifest and the downloads.
Under it is stored what the last resolution read besides: each module folder it looked up, and
each file read by `file()`, `templatefile()`, `filebase64()` or tested by `fileexists()` (names,
not contents). A warm scan looks at those now (the folder's files' content digests, or why there
is no module; the file read again and hashed) and derives from the root key and what they hold
the key of the results. A change to any of them finds no results: the root module is resolved
again and both entries written anew. A module called from several root modules is looked at for
each. Paths are recorded relative to the scan root, so the same tree scanned from elsewhere (a
diff's base revision, extracted into a new temporary folder each time) is answered too.

Entries are sealed (AES-GCM) like the parse cache's, each with a key derived from its own key:
the results can be found and unsealed only by whoever has every file the resolution read, which
already holds everything they do (a value read by `file()` from a file that is not in a public
repository stays as private as that file); the list of what was read needs the root module's
files.

Values are encoded so that they decode to exactly what was resolved (Unknowns with their
kind, refs and partial text, sets, tuples, maps with any keys); a value of any other type
leaves its root module uncached rather than approximated.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

from compliance import __version__
from compliance.model import Location, PartialText, Resource, Unknown, UnknownKind
from compliance.model.identity import identity
from compliance.parse.cache import ParseCache, SealedEntries, files_digest
from compliance.resolve.terraform.values import EvaluationError, SetValue

# bumped when an entry's layout changes (2: resources hold their embedded IAM policies)
RESOLVED_FORMAT = 2


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The resolver's source, the model it builds and the reader of the policies embedded in
    its resources (`build._collect_root`): a development install changes them without
    changing the version."""
    import compliance.model
    import compliance.parse.iam_policy
    import compliance.resolve.embedded

    folders = (Path(__file__).parent, Path(compliance.model.__file__).parent,
               Path(compliance.resolve.embedded.__file__).parent)
    return files_digest([*(path for folder in folders for path in sorted(folder.glob("*.py"))),
                         Path(compliance.parse.iam_policy.__file__)])


class Recorder:
    """What one root module's resolution looked at, and what it said, in order."""

    # a module folder's digest when a file of it has no known content
    UNKNOWN = "unknown"

    def __init__(self) -> None:
        self.modules: dict[str, str | None] = {}  # folder -> digest of its files, None: none
        self.absent: dict[str, str | None] = {}  # folder -> why no module is there
        self.files: dict[tuple[str, str, str], str] = {}  # (kind, working dir, path) -> seen
        self.events: list[list[Any]] = []  # ("error", ...), ("unscanned", ...), ...

    def read(self) -> dict[str, Any]:
        """Which folders and files were read (not what they hold), in a fixed order."""
        return {"modules": sorted(self.modules), "absent": sorted(self.absent),
                "files": sorted(list(where) for where in self.files)}

    def seen(self) -> list[Any] | None:
        """What those held, in the order of `read` (None: a folder of unknown content)."""
        if self.UNKNOWN in self.modules.values():
            return None
        return ([["module", folder, self.modules[folder]] for folder in sorted(self.modules)]
                + [["absent", folder, self.absent[folder]] for folder in sorted(self.absent)]
                + [["file", *where, self.files[where]] for where in sorted(self.files)])


def observe_read(data: Any) -> str:
    """What `FileAccess.read_bytes` gave, as compared on a warm run."""
    if isinstance(data, bytes):
        return "bytes:" + hashlib.sha256(data).hexdigest()
    return "unknown:" + repr(data)


class Unencodable(Exception):
    """A value this cache can't store exactly: its root module is not cached."""


_INFINITY = float("inf")
_TAG = "\x00"  # keys of the encoding start with it; a map with such keys is stored as pairs


def encode(value: Any, path: list[Any] | None = None,
           tagged: list[list[Any]] | None = None) -> Any:
    """`value` as JSON; with `path` (where `value` is) and `tagged`, the path of each value
    that is not plain JSON (an Unknown, a set...) is added to `tagged`, outermost only, so that
    decoding visits those alone."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        if value != value or value in (_INFINITY, -_INFINITY):
            raise Unencodable("a float JSON can't hold")  # orjson would write null
        return value
    if kind is dict and all(type(key) is str and not key.startswith(_TAG) for key in value):
        if path is None:
            return {key: encode(item) for key, item in value.items()}
        encoded = {}
        for key, item in value.items():
            path.append(key)
            encoded[key] = encode(item, path, tagged)
            path.pop()
        return encoded
    if kind is list:
        if path is None:
            return [encode(item) for item in value]
        items = []
        for index, item in enumerate(value):
            path.append(index)
            items.append(encode(item, path, tagged))
            path.pop()
        return items
    if path is not None and tagged is not None:
        tagged.append(list(path))
    return _encode_tagged(value, kind)


def _encode_tagged(value: Any, kind: type) -> dict[str, Any]:
    if kind is dict:
        return {"\x00d": [[encode(key), encode(item)] for key, item in value.items()]}
    if kind is SetValue:
        return {"\x00s": [encode(item) for item in value]}
    if kind is tuple:
        return {"\x00t": [encode(item) for item in value]}
    if kind is Unknown or kind is EvaluationError:
        return {"\x00u" if kind is Unknown else "\x00e":
                [value.reason, list(value.refs), encode(value.partial), value.kind.value]}
    if kind is PartialText:
        return {"\x00p": [value.reason, list(value.refs), encode(value.partial),
                          value.kind.value, value.text, value.base64, list(value.pieces)]}
    raise Unencodable(kind.__name__)


_KINDS = {kind.value: kind for kind in UnknownKind}  # a lookup, cheaper than UnknownKind(v)


def decode(value: Any) -> Any:
    kind = type(value)
    if kind is list:
        return [decode(item) for item in value]
    if kind is not dict:
        return value
    if len(value) == 1:
        key = next(iter(value))
        if key.startswith(_TAG):
            body = value[key]
            if key == "\x00d":
                return {decode(k): decode(v) for k, v in body}
            if key == "\x00s":
                return SetValue(decode(item) for item in body)
            if key == "\x00t":
                return tuple(decode(item) for item in body)
            if key == "\x00p":
                reason, refs, partial, unknown_kind, text, base64, pieces = body
                return PartialText(reason, tuple(refs), decode(partial),
                                   _KINDS[unknown_kind], text, base64, tuple(pieces))
            reason, refs, partial, unknown_kind = body
            cls = Unknown if key == "\x00u" else EvaluationError
            return cls(reason, tuple(refs), decode(partial), _KINDS[unknown_kind])
    return {key: decode(item) for key, item in value.items()}


def encode_resource(resource: Resource) -> list[Any]:
    loc = resource.location
    for anchors in resource.anchors.values():
        if type(anchors) is not list:
            raise Unencodable("anchors")
    tagged: list[list[Any]] = []
    attributes = encode(resource.attributes, [], tagged)
    return [resource.platform, resource.type, resource.name, resource.address, attributes,
            tagged, [loc.file, loc.start_line, loc.end_line], resource.lines, resource.anchors,
            resource.scope, sorted(resource.derived)]


def decode_resource(data: list[Any]) -> Resource:
    platform, type_, name, address, attributes, tagged, (file, start, end), lines, anchors, \
        scope, derived = data
    for path in tagged:  # the rest is plain JSON already
        if not path:
            attributes = decode(attributes)
            continue
        parent = attributes
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = decode(parent[path[-1]])
    return Resource(platform, type_, name, address, attributes, Location(file, start, end),
                    lines, anchors, scope, frozenset(derived))


def result_key(root: str, seen: list[Any]) -> str:
    """The key of a root module's results: its root key and what everything it read held."""
    return hashlib.sha256(root.encode() + b"\0" + orjson.dumps(seen)).hexdigest()


def root_key(parts: dict[str, Any]) -> str:
    """The key of a root module's entry, from what its resolution starts from."""
    from compliance.parse.cache import _key  # the parser's version, format, data, front end

    text = json.dumps({"version": __version__, "format": RESOLVED_FORMAT,
                       "code": _code_digest(), "parser": _key("terraform", ""), **parts},
                      sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class Origins:
    """Resources as the resolved-module cache gave them: each with its entry's key and its
    place in that entry (kept with the resource, so that an identity is never reused)."""

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[Resource, str, int]] = {}

    def note(self, resources: list[Resource], key: str) -> None:
        for position, resource in enumerate(resources):
            self._by_id[identity(resource)] = (resource, key, position)

    def of(self, resource: Resource) -> list[Any] | None:
        """[entry key, place] when `resource` is that entry's, untouched since."""
        found = self._by_id.get(identity(resource))
        return [found[1], found[2]] if found is not None and found[0] is resource else None


class ResolvedCache:
    """Root modules' entries under `<cache>/resolved/`; any failure only costs speed."""

    def __init__(self, directory: Path | None, origins: Origins | None = None):
        self.directory = directory / "resolved" if directory else None
        self.origins = origins if origins is not None else Origins()
        self.entries = SealedEntries(self.directory, "resolved entry:",
                                     "compliance resolved cache key:")

    @classmethod
    def beside(cls, parse_cache: ParseCache, origins: Origins | None = None) -> ResolvedCache:
        return cls(parse_cache.directory.parent if parse_cache.directory else None, origins)

    def get(self, key: str) -> dict[str, Any] | None:
        return self.entries.get(key)

    def put(self, key: str, entry: dict[str, Any]) -> None:
        if self.directory is None:
            return
        try:
            text = orjson.dumps(entry)
        except TypeError:  # an integer beyond 64 bits: resolved again next time
            return
        self.entries.put(key, text)
