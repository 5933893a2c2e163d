"""A whole scan replayed when nothing it read has changed (`ScanOptions.memo`).

While a scan runs, `recording()` notes every place it looked: each file it opened for reading,
each folder it listed, each path whose existence, kind or size it asked about, each symbolic
link it followed and each environment variable it read (an audit hook sees `open`,
`os.listdir` and `os.scandir`; `os.stat`, `os.lstat`, `os.readlink` and `os.environ`'s item
lookup are wrapped while the scan runs). A scan that started a program or opened a network
connection (Helm, Kustomize, Pulumi, git, a module download) depends on more than these, and is
not remembered. After the scan, each place gets a signature (a file's content digest, a
folder's names with their kinds and sizes, a path's kind, mode and size, a variable's value
digest), and the result is stored under a key made of everything else the scan depends on: the
tool and its code, the installed libraries, the catalog and the chosen controls and options,
the scanned paths, the working folder, the variables that change how Python reads text and
code, and the date. The places with their signatures are one entry under that key, and the
result another, named by its digest from the first: a scan with something changed reads only
the places.

The next scan with the same key signs the same places again; if every signature is the same,
it read the same bytes and would say the same things, so the stored result is returned. It
holds what the outputs that ask for it report (findings with their resources' names and
places, errors, waivers, counts); it does not hold the resources' attributes or the files'
contents, so a caller that shows excerpts (the table, HTML, evidence) never asks for it.

A file changed during the scan (modified less than `SETTLE_S` before the scan started, or
after) makes the scan not remembered: its signature might not be what the scan read.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import stat
import sys
import sysconfig
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import fields, is_dataclass, replace
from datetime import date
from pathlib import Path, PurePath
from typing import Any, Iterator

import orjson

from compliance import __version__, data_dir
from compliance.model import (
    Evidence,
    Finding,
    Location,
    Resource,
    ScanError,
    ScanResult,
    Status,
    Waiver,
    WaiverEntry,
)
from compliance.model.identity import identity
from compliance.parse.cache import SealedEntries
from compliance.parse.regular_files import NotRegular, open_regular
from compliance.resolve.terraform.resolved_cache import Unencodable, decode, encode

MEMO_FORMAT = 2  # 2: the places and the result in entries of their own
# a file modified this close to the scan's start may have been changed while it was read
# (file systems with coarse timestamps are the reason for a whole second)
SETTLE_S = 1.0
# audit events that make a scan depend on more than the files it read
_UNREPEATABLE = frozenset({
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
    "socket.connect", "socket.getaddrinfo", "socket.bind", "urllib.Request"})
_LISTING = frozenset({"os.listdir", "os.scandir"})
_READING = _LISTING | {"open"}
_IMPORTING = ("<frozen importlib", "<frozen zipimport")
_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


class Reads:
    """The places one scan looked (absolute paths), and what made it unrepeatable."""

    def __init__(self, ignored: list[Path]):
        self.files: set[str] = set()
        self.listed: set[str] = set()
        self.probed: set[str] = set()  # stat, lstat
        self.links: set[str] = set()  # readlink
        self.env: set[str] = set()  # environment variables read
        self.unrepeatable = ""
        # as the scan names them, and through any symbolic link
        self.ignored = tuple({os.path.join(way(folder), "") for folder in ignored
                              for way in (os.path.abspath, os.path.realpath)})

    def places(self) -> list[list[str]]:
        ignored = self.ignored
        return sorted([kind, path] for kind, paths in (
            ("file", self.files), ("listing", self.listed), ("stat", self.probed),
            ("link", self.links))
            for path in paths if not os.path.join(path, "").startswith(ignored)) + \
            sorted(["env", name] for name in self.env)


_recording: Reads | None = None
_hooked = False


def _absolute(path: Any) -> str | None:
    if isinstance(path, int):  # a file descriptor: what it refers to was opened (and noted)
        return None
    try:
        return os.path.abspath(os.fsdecode(path if path is not None else "."))
    except (TypeError, ValueError):
        return None


def _audit(event: str, args: tuple) -> None:
    reads = _recording
    if reads is None:
        return
    if event in _READING and sys._getframe(1).f_code.co_filename.startswith(_IMPORTING):
        return  # the import system finding a module (the key holds the code), not an input
    if event == "open":
        path, mode, flags = args
        writing = (any(c in mode for c in "wax+") if isinstance(mode, str)
                   else bool((flags or 0) & _WRITING))
        if not writing and (name := _absolute(path)) is not None:
            reads.files.add(name)
    elif event in _LISTING:
        if (name := _absolute(args[0] if args else None)) is not None:
            reads.listed.add(name)
    elif event in _UNREPEATABLE and not reads.unrepeatable:
        reads.unrepeatable = event


def _noting(function: Any, into: str) -> Any:
    def noted(path: Any, *args: Any, **kwargs: Any) -> Any:
        reads = _recording
        if reads is not None and kwargs.get("dir_fd") is None \
                and (name := _absolute(path)) is not None:
            getattr(reads, into).add(name)
        return function(path, *args, **kwargs)
    return noted


@contextmanager
def recording(*ignored: Path | None) -> Iterator[Reads]:
    """Note where the code run inside looks (not under the `ignored` folders: the cache, whose
    entries are made from what was read, and a fixed tree, named in the key instead)."""
    global _recording, _hooked
    if not _hooked:  # an audit hook can't be removed: one, idle outside a recording
        sys.addaudithook(_audit)
        _hooked = True
    reads = Reads([folder for folder in ignored if folder is not None])
    saved = os.stat, os.lstat, os.readlink
    os.stat, os.lstat = _noting(saved[0], "probed"), _noting(saved[1], "probed")
    os.readlink = _noting(saved[2], "links")
    environ = type(os.environ)
    reading = environ.__getitem__

    def read_variable(mapping: Any, name: Any) -> Any:  # get, getenv and `in` come here too
        if mapping is os.environ and isinstance(name, str):
            reads.env.add(name)
        return reading(mapping, name)

    environ.__getitem__ = read_variable
    _recording = reads
    try:
        yield reads
    finally:
        _recording = None
        os.stat, os.lstat, os.readlink = saved
        environ.__getitem__ = reading


def signature(kind: str, path: str) -> str:
    """What a place holds now, as far as a scan can tell."""
    if kind == "env":
        value = os.environ.get(path)
        return "unset" if value is None else hashlib.blake2b(
            value.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
    try:
        if kind == "file":
            return _content_signature(path)
        if kind == "listing":
            entries = []
            with os.scandir(path) as found:
                for entry in found:
                    if entry.is_symlink():
                        entries.append(f"{entry.name}\0l{os.readlink(entry.path)}")
                    elif entry.is_dir():
                        entries.append(f"{entry.name}\0d")
                    elif entry.is_file():
                        entries.append(f"{entry.name}\0f{entry.stat().st_size}")
                    else:
                        entries.append(f"{entry.name}\0o")
            # (a name of other bytes than UTF-8 is hashed as those bytes)
            return hashlib.blake2b("\n".join(sorted(entries)).encode("utf-8", "surrogateescape"),
                                   digest_size=16).hexdigest()
        if kind == "link":
            return os.readlink(path)
        found = os.lstat(path)
        if stat.S_ISLNK(found.st_mode):
            try:
                found = os.stat(path)
            except OSError:
                return "dangling"
        mode = found.st_mode
        size = found.st_size if stat.S_ISREG(mode) else 0
        return f"{stat.S_IFMT(mode)}:{stat.S_IMODE(mode)}:{size}"
    except OSError as exc:
        return f"error:{exc.errno}"


# a file's content is hashed this much at a time: memory stays bounded whatever its size
_CHUNK = 1 << 20


def _content_signature(path: str) -> str:
    """A file's content hash; for what is not a regular file (a FIFO, a device: a scan may
    have tried to open it, and refused it), its kind. Opened as the scan opens files
    (parse/regular_files.py): a FIFO named `x.tf` or a link to /dev/zero must not hang the
    memo or fill the memory."""
    try:
        stream = open_regular(path)
    except NotRegular:
        return f"special:{stat.S_IFMT(os.stat(path).st_mode)}"
    with stream:
        digest = hashlib.blake2b(digest_size=16)
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
        return digest.hexdigest()


def _changed_since(places: list[list[str]], moment: float) -> bool:
    """Whether a file or folder read was modified after `moment` (seconds since the epoch)."""
    for kind, path in places:
        if kind in ("file", "listing"):
            try:
                if os.stat(path).st_mtime > moment:
                    return True
            except OSError:
                pass
    return False


# --- the key -------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    """What orjson can't write itself, for a key (sets sorted: their order varies by process).
    Anything else is refused: its text might hold an address that differs every run."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, PurePath):
        return str(value)
    raise TypeError(f"not part of a key: {type(value).__name__}")


def _tree_signature(folder: Path, files: str = "*", deep: bool = True) -> list[Any]:
    """Names, sizes and modification times of the `files` in `folder` (`deep`: and under it,
    the package's data folder aside): the code and data of this install (an edit in a
    development install, an upgrade)."""
    found = []
    for parent, folders, names in os.walk(folder):
        folders[:] = sorted(f for f in folders if f not in ("__pycache__", "_data")) \
            if deep else []
        for name in sorted(fnmatch.filter(names, files)):
            try:
                info = os.stat(os.path.join(parent, name))
            except OSError:
                continue
            found.append([parent[len(str(folder)):], name, info.st_size, info.st_mtime_ns])
    return found


def _libraries() -> list[str]:
    """The installed distributions, with their versions (a parser's upgrade changes a scan)."""
    names = set()
    for key in ("purelib", "platlib"):
        try:
            names.update(n for n in os.listdir(sysconfig.get_paths()[key])
                         if n.endswith(".dist-info"))
        except OSError:
            pass
    return sorted(names)


def _ambient() -> list[list[str]]:
    """The environment variables that change how Python itself reads and runs (text encodings,
    the import path), which a scan does not read by name. Those it reads by name are places
    (a CI job's own variables, such as its run id, are neither: they don't stop a replay)."""
    return sorted([name, value] for name, value in os.environ.items()
                  if name in _AMBIENT or name.startswith(("LC_", "PYTHON")))


_AMBIENT = frozenset({"LANG", "LANGUAGE", "TZ"})


def _controls(catalog: Any, controls: list[Any]) -> Any:
    """The chosen controls: their ids when each is the catalog's own (its digest holds their
    content), else each one whole."""
    by_id = catalog.by_id
    if all(by_id.get(control.id) is control for control in controls):
        return [control.id for control in controls]
    return controls


def memo_key(paths: list[Path], catalog: Any, controls: list[Any], options: Any,
             today: date) -> str | None:
    """Everything a scan depends on besides the places it reads; None when some part can't be
    written down (the scan is then never replayed). The frameworks are not in it: a replay
    maps its findings to them again."""
    if catalog is None or not getattr(catalog, "digest", ""):
        return None
    package = Path(__file__).parents[1]
    try:
        parts = orjson.dumps([
            __version__, MEMO_FORMAT, sys.version, sys.executable, _libraries(),
            # the catalog's digest holds the controls; the checks' tables, the type tables
            # and the attribute lists are read beside them
            _tree_signature(package, "*.py"), _tree_signature(data_dir("controls") / "data"),
            _tree_signature(data_dir("controls"), "*.yaml", deep=False),
            _tree_signature(data_dir("attributes")), catalog.digest, catalog.type_groups,
            _controls(catalog, controls), _what_decides(options),
            [str(p.resolve()) for p in paths], os.getcwd(), _ambient(),
            today.isoformat()], default=_plain)
    except (TypeError, OSError, RecursionError):
        return None
    return hashlib.sha256(FixedTree.of(options).named(parts)).hexdigest()


def _what_decides(options: Any) -> Any:
    """The scan options, but for how many processes share the work (the result is the same
    for any number of them) and whether the result is stored."""
    if is_dataclass(options) and hasattr(options, "workers"):
        return replace(options, workers=None, memo_store=True)
    return options


class FixedTree:
    """A folder whose content can't change (a commit's tree, extracted for a diff's base):
    named in the key and the entry by `name` (the commit) instead of its path, which differs
    every time, and not signed (its content is the commit's)."""

    def __init__(self, folder: Path | None = None, name: str = ""):
        spellings = {os.fsencode(way(folder)) for way in (os.path.abspath, os.path.realpath)} \
            if folder is not None else set()
        # the longer first: one may hold the other
        self.spellings = sorted(spellings, key=len, reverse=True)
        self.folder = folder
        self.mark = f"<fixed tree {name}>".encode()  # no JSON escapes, no path can be it

    @classmethod
    def of(cls, options: Any) -> "FixedTree":
        found = getattr(options, "memo_tree", None)
        return cls(*found) if found else cls()

    def named(self, data: bytes) -> bytes:
        for spelling in self.spellings:
            data = data.replace(spelling, self.mark)
        return data

    def placed(self, data: bytes) -> bytes:
        return data.replace(self.mark, self.spellings[-1]) if self.spellings else data


# --- the stored result ---------------------------------------------------------------------

class NotKept(Sequence):
    """The resources or sources of a replayed scan: counted, not kept. A caller that needs
    them does not ask for a replay (`ScanOptions.memo`); one that does anyway is told so."""

    def __init__(self, count: int, what: str, why: str = ""):
        self.count, self.what = count, what
        self.why = why or (f"a scan replayed from the cache keeps no {what}: run it with "
                           "ScanOptions.memo off to read them")

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: Any) -> Any:
        raise RuntimeError(self.why)


def _waiver(waiver: Waiver | None) -> Any:
    if waiver is None:
        return None
    return [waiver.kind, waiver.control, waiver.reason, waiver.owner,
            waiver.expires.isoformat() if waiver.expires else None, waiver.file, waiver.line]


def _unwaiver(data: Any) -> Waiver | None:
    if data is None:
        return None
    kind, control, reason, owner, expires, file, line = data
    return Waiver(kind, control, reason, owner, date.fromisoformat(expires) if expires else None,
                  file, line)


_ENTRY_FIELDS = [f.name for f in fields(WaiverEntry) if f.name != "waiver"]


def encode_result(result: ScanResult) -> bytes:
    """What a replay needs of `result`; Unencodable when some evidence can't be kept exactly."""
    number: dict[Any, int] = {}

    def n(text: Any) -> int:
        return number.setdefault(text, len(number))

    resources: dict[int, int] = {}
    # a control's findings share their head: numbered once (in the order `n` would number
    # them finding by finding, so the strings come out the same)
    heads: dict[tuple[str, ...], tuple[int, ...]] = {}
    stubs = []
    findings = []
    for finding in result.findings:
        resource = finding.resource
        place = resources.get(identity(resource))
        if place is None:
            place = resources[identity(resource)] = len(stubs)
            loc = resource.location
            stubs.append([n(resource.platform), n(resource.type), resource.name,
                          resource.address, n(loc.file), loc.start_line, loc.end_line,
                          n(resource.scope)])
        head_key = (finding.control, finding.check, finding.title, finding.category,
                    finding.severity)
        head = heads.get(head_key)
        if head is None:
            head = heads[head_key] = tuple(n(text) for text in head_key)
        evidence = finding.evidence
        findings.append([place, *head, finding.status.value, n(evidence.attribute),
                         encode(evidence.observed), n(evidence.expected), evidence.line,
                         _waiver(finding.waiver)])
    return orjson.dumps({
        "root": str(result.root), "files": result.files_scanned,
        "resources": len(result.resources), "strings": list(number), "stubs": stubs,
        "findings": findings,
        "errors": [[e.file, e.line, e.message, e.unread, e.skipped] for e in result.errors],
        "waivers": [[_waiver(w.waiver), *(getattr(w, name) for name in _ENTRY_FIELDS)]
                    for w in result.waivers]})


def decode_result(data: dict[str, Any]) -> dict[str, Any]:
    """The parts of a ScanResult `encode_result` kept."""
    strings = data["strings"]
    stubs = [Resource(strings[platform], strings[kind], name, address, {},
                      Location(strings[file], start, end), scope=strings[scope])
             for platform, kind, name, address, file, start, end, scope in data["stubs"]]
    statuses = {status.value: status for status in Status}
    findings = [
        Finding(strings[control], strings[check], strings[title], strings[category],
                strings[severity], statuses[status], stubs[place],
                Evidence(strings[attribute], decode(observed), strings[expected], line),
                _unwaiver(waiver))
        for place, control, check, title, category, severity, status, attribute, observed,
        expected, line, waiver in data["findings"]]
    return {
        "root": Path(data["root"]), "files_scanned": data["files"],
        "resources": NotKept(data["resources"], "resources"),
        "sources": NotKept(data["files"], "file contents"),
        "findings": findings,
        "errors": [ScanError(*error) for error in data["errors"]],
        "waivers": [WaiverEntry(_unwaiver(waiver), **dict(zip(_ENTRY_FIELDS, rest)))
                    for waiver, *rest in data["waivers"]],
    }


class ScanMemo:
    """The stored results of whole scans, by key (under <cache>/memo/)."""

    def __init__(self, cache_dir: Path):
        self.entries = SealedEntries(cache_dir / "memo", "scan memo:",
                                     "compliance scan memo key:")

    def replay(self, key: str, fixed: FixedTree = FixedTree()) -> dict[str, Any] | None:
        """The stored result's parts when every place the scan read is as it was. The places
        are an entry of their own, naming the result's: a scan with something changed reads
        only them (the corpus's result is 3 MB sealed: 0.03-0.05 s to unseal and load, for
        nothing)."""
        text = self.entries.unsealed(key)
        if text is None:
            return None
        try:
            entry = orjson.loads(text)
            for kind, path, signed in entry["places"]:
                if signature(kind, path) != signed:
                    return None
            result = self.entries.unsealed(_result_key(key, entry["result"]))
            if result is None:  # pruned, or damaged: a miss
                return None
            # its paths in the folder a fixed tree is in this time (the places are outside it)
            return decode_result(orjson.loads(fixed.placed(result)))
        except (KeyError, TypeError, ValueError):  # an entry of another layout: a miss
            return None

    def store(self, key: str, reads: Reads, result: ScanResult, started: float,
              fixed: FixedTree = FixedTree()) -> bool:
        """Remember `result`, unless the scan did more than read files, or a file it read was
        changing meanwhile; whether it was stored."""
        if reads.unrepeatable:
            return False
        places = reads.places()
        if _changed_since(places, started - SETTLE_S):
            return False
        try:
            encoded = fixed.named(encode_result(result))
        except (Unencodable, TypeError):
            return False
        try:
            signed = orjson.dumps([[kind, path, signature(kind, path)] for kind, path in places])
        except TypeError:  # a path or link target of other bytes than UTF-8: not remembered
            return False
        digest = hashlib.sha256(encoded).hexdigest()
        # the result first: a concurrent scan that finds the places finds it too
        self.entries.put(_result_key(key, digest), encoded)
        self.entries.put(key, b'{"places":' + signed + b',"result":"' + digest.encode() + b'"}')
        return True


def _result_key(key: str, digest: str) -> str:
    """The entry of the result whose encoding has `digest`, stored under memo key `key`."""
    return f"{key}:result:{digest}"

