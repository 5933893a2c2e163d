"""The control catalog and the framework files, compiled once and kept in the cache folder.

Reading 577 control files and 6 framework files with a YAML loader costs about a second on
every command, and the result is the same for the same bytes: so the loaded form (controls
and framework requirements, as plain JSON) is written once to `<cache>/compiled/`, under a key
that digests everything the load depends on: the tool version, this format, the schemas, the
attribute lists, the named Python checks, the type groups, the catalog's folder and every
file's name and bytes. A warm run reads the files (to hash them), not their YAML.

A compiled entry decides what every scan checks, so it is authenticated: an HMAC-SHA256 with a
key derived from that content key, as the parse cache derives its keys. An entry that was
edited, truncated or written for other bytes fails the check and is ignored (and rebuilt), so
a damaged cache can only cost time. (Like the parse cache, this guards against damage and
stale entries, not against someone who can write the cache folder and knows the scheme: such
a person can equally replace the tool.) The payload is JSON, never pickle. An entry is written
only after a load that passed every check, and only when its JSON reads back equal to what was
loaded (YAML can hold values JSON can't: a date, a set, a non-string key).

The command line turns this on with the user cache folder; library callers and tests load
from the files unless they enable it.
"""

from __future__ import annotations

import hashlib
import hmac
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import orjson

from compliance import __version__
from compliance.catalog.cache_folder import CacheFolder
from compliance.model import Check, Control, ControlLink, Framework, Requirement, Supports

FORMAT = "1"  # bump when the payload's shape changes
KEPT = 4  # entries of each kind kept (two installed versions, a catalog being edited)
_FOLDER = CacheFolder("compiled")


def enable(directory: Path | Callable[[], Path | None] | None) -> None:
    """Keep compiled entries under `directory`, or under the folder a function gives on first
    use (`CacheFolder`)."""
    _FOLDER.set(directory)


def enabled() -> bool:
    return _FOLDER.path() is not None


def directory() -> Path | None:
    """The folder compiled entries are kept in (None: they are not kept)."""
    return _FOLDER.path()


@contextmanager
def disabled() -> Iterator[None]:
    """Loads read every file while inside (to validate them all), then as before."""
    previous = _FOLDER.path()
    _FOLDER.keep(None)
    try:
        yield
    finally:
        _FOLDER.keep(previous)


def content_key(kind: str, parts: Iterable[bytes]) -> bytes:
    """The digest of what a compiled `kind` depends on (each part framed by its length, so
    no two sequences of parts give the same digest)."""
    digest = hashlib.sha256(f"compliance compiled {kind}:{__version__}:{FORMAT}".encode())
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.digest()


def _entry(kind: str, key: bytes) -> tuple[Path, bytes]:
    """The entry's file (named by a second hash, from which the key can't be recovered) and the
    key of its HMAC."""
    folder = _FOLDER.path()
    assert folder is not None
    name = hashlib.sha256(b"name:" + key).hexdigest()
    return folder / f"{kind}-{name}.json", hashlib.sha256(b"hmac:" + key).digest()


_TAG = 32  # bytes of HMAC-SHA256 before the JSON


def load(kind: str, key: bytes) -> Any | None:
    """The payload stored under `key`, or None (no cache, no entry, or one that fails its
    check)."""
    if _FOLDER.path() is None:
        return None
    path, secret = _entry(kind, key)
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    tag, body = blob[:_TAG], blob[_TAG:]
    if not hmac.compare_digest(tag, hmac.digest(secret, body, "sha256")):
        return None
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return None


def store(kind: str, key: bytes, payload: Any) -> None:
    """Remember `payload` under `key`, if it survives JSON exactly; any failure only costs
    time."""
    if _FOLDER.path() is None:
        return
    try:
        body = orjson.dumps(payload)
    except TypeError:  # a value JSON can't hold: not cached, loaded from the files each time
        return
    if orjson.loads(body) != payload:  # a date or NaN would come back as something else
        return
    path, secret = _entry(kind, key)
    from compliance.parse.cache import write_atomically

    write_atomically(path, hmac.digest(secret, body, "sha256") + body)
    _prune(kind, path)


def _prune(kind: str, written: Path) -> None:
    """Only the newest entries of a kind (each edit of a control makes a new one), and always
    the one just written."""
    folder = _FOLDER.path()
    assert folder is not None
    try:
        others = sorted((p for p in folder.glob(f"{kind}-*.json") if p != written),
                        key=lambda p: p.stat().st_mtime_ns)
        for old in others[:max(0, len(others) - (KEPT - 1))]:
            old.unlink()
    except OSError:
        pass


# The compiled form of the loaded types: plain JSON, each field by name.

def controls_to_json(controls: Iterable[Control]) -> list[dict[str, Any]]:
    return [{"id": c.id, "title": c.title, "category": c.category, "severity": c.severity,
             "description": c.description, "rationale": c.rationale,
             "remediation": c.remediation, "references": list(c.references),
             "source": c.source, "folder": c.folder, "origin": c.origin,
             "supports": [[s.framework, s.requirement, s.strength] for s in c.supports],
             "checks": [{"id": k.id, "platform": k.platform,
                         "resource_types": list(k.resource_types), "condition": k.condition,
                         "where": k.where, "anchors": sorted(k.anchors)} for k in c.checks]}
            for c in controls]


def controls_from_json(data: list[dict[str, Any]]) -> list[Control]:
    return [Control(id=c["id"], title=c["title"], category=c["category"],
                    severity=c["severity"], description=c["description"],
                    rationale=c["rationale"], remediation=c["remediation"],
                    references=tuple(c["references"]), source=c["source"],
                    folder=c["folder"], origin=c["origin"],
                    supports=tuple(Supports(*s) for s in c["supports"]),
                    checks=tuple(Check(id=k["id"], platform=k["platform"],
                                       resource_types=tuple(k["resource_types"]),
                                       condition=k["condition"], where=k["where"],
                                       anchors=frozenset(k["anchors"])) for k in c["checks"]))
            for c in data]


def frameworks_to_json(frameworks: Iterable[Framework]) -> list[dict[str, Any]]:
    return [{"id": f.id, "name": f.name, "edition": f.edition, "source": f.source,
             "disclaimer": f.disclaimer, "notes": f.notes, "file": f.file,
             "requirements": [{"id": r.id, "title": r.title, "notes": r.notes,
                               "controls": [[link.control, link.strength]
                                            for link in r.controls]}
                              for r in f.requirements]}
            for f in frameworks]


def frameworks_from_json(data: list[dict[str, Any]]) -> list[Framework]:
    # ~9,000 links, ~1,000 distinct (control, strength): each value is built once and shared
    # (a ControlLink is frozen and compared by value), a third of this function's time
    links: dict[tuple[str, str], ControlLink] = {}

    def link(control: str, strength: str) -> ControlLink:
        found = links.get((control, strength))
        if found is None:
            found = links[control, strength] = ControlLink(control, strength)
        return found

    return [Framework(id=f["id"], name=f["name"], edition=f["edition"], source=f["source"],
                      disclaimer=f["disclaimer"], notes=f["notes"], file=f["file"],
                      requirements=tuple(
                          Requirement(id=r["id"], title=r["title"], notes=r["notes"],
                                      controls=tuple(link(*pair) for pair in r["controls"]))
                          for r in f["requirements"]))
            for f in data]
