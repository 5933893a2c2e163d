"""Parse results cached on disk by content hash, as JSON (never pickle: the cache directory is
writable by the user and must not become a way to run code).

Parse results hold the values a file sets, credentials included, so each entry is sealed
(AES-GCM) with a key derived from the hash of the content it was parsed from: reading an entry
takes the file it came from, which already holds everything the entry does. A cache copied off
a CI runner, or left in a shared home directory, shows no credential. The name of an entry is a
second hash, from which neither the content hash nor the key can be recovered.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import orjson

from compliance import __version__, data_dir
from compliance.parse import PARSER_FORMAT

# an entry's key is made from everything its plaintext depends on (for the parse cache: tool
# version, parser format, kind, content), so each key seals one plaintext only and a fixed
# nonce is safe
_NONCE = bytes(12)


def default_cache_dir() -> Path:
    configured = os.environ.get("COMPLIANCE_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("compliance"))


# Data files that parsers read and whose edits change parse results (Pulumi types become
# Terraform types through this table; a .tf.json body's nested blocks are told from its
# arguments by the attribute lists, whose manifest holds their digests): part of every key,
# so an edited table is never answered from entries made with the old one.
_PARSER_DATA = (("controls", "pulumi-types.yaml"), ("attributes", "sources.json"))


def files_digest(paths: Iterable[Path]) -> str:
    """A digest of files' names and contents, in the order given (a file that can't be read
    counts as missing): what a cache key holds of the code or data its entries depend on."""
    digest = hashlib.sha256()
    for path in paths:
        try:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError:
            digest.update(b"missing:" + path.name.encode() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _parser_data_digest() -> str:
    return files_digest(data_dir(folder) / name for folder, name in _PARSER_DATA)[:16]


# Kinds read by an HCL front end: which one made an entry is part of its key. The two give the
# same IR for files both find valid, but tree-sitter accepts a few that python-hcl2 rejects
# (`${ x ~}`), so switching front ends must not answer from the other's entries.
_HCL_KINDS = frozenset({"terraform", "terraform-vars"})


def _key(kind: str, digest: str) -> str:
    if kind in _HCL_KINDS:
        from compliance.parse.terraform_hcl import front_end_name

        kind = f"{kind}@{front_end_name()}"
    return f"{__version__}:{PARSER_FORMAT}:{_parser_data_digest()}:{kind}:{digest}"


class SealedEntries:
    """Cache entries in one directory, each sealed (AES-GCM) with a key derived from its own
    key and named by another hash of it (`name_label` and `key_label` keep the two apart, and
    one kind of entry from another): reading an entry takes what its key was made from. Any
    failure to read or write only costs speed."""

    def __init__(self, directory: Path | None, name_label: str, key_label: str):
        self.directory = directory
        self.name_label, self.key_label = name_label, key_label

    def path(self, key: str) -> Path:
        # one flat folder, no shard subfolders by name prefix: ext4 puts each new folder in
        # another block group, and a cold scan's ~590 shard folders made its ~1,850 entries
        # cost ~1.5 times the kernel time to create where the disk had recently deleted
        # files (docs/benchmarks.md, "Cache entries in one folder"); pruning still reads shards
        assert self.directory is not None
        name = hashlib.sha256(f"{self.name_label}{key}".encode()).hexdigest()
        return self.directory / f"{name}.sealed"

    def cipher(self, key: str):
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # only when caching

        return AESGCM(hashlib.sha256(f"{self.key_label}{key}".encode()).digest())

    def get(self, key: str) -> Any | None:
        text = self.unsealed(key)
        try:
            # an entry of another layout is a miss: made again (the caches that use this write
            # with orjson, which refuses what it could not read back as written)
            return orjson.loads(text) if text is not None else None
        except ValueError:
            return None

    def unsealed(self, key: str) -> bytes | None:
        """The entry's text, before it is parsed; None when it is missing or fails its seal."""
        if self.directory is None:
            return None
        from cryptography.exceptions import InvalidTag

        try:
            sealed = self.path(key).read_bytes()  # first: most misses are files not there
            return self.cipher(key).decrypt(_NONCE, sealed, None)
        except (OSError, ValueError, InvalidTag):
            return None

    def any(self) -> bool:
        """Whether the directory may hold an entry (a folder of them is there)."""
        if self.directory is None:
            return False
        try:
            with os.scandir(self.directory) as found:
                return next(found, None) is not None
        except OSError:
            return False

    def put(self, key: str, text: bytes) -> None:
        if self.directory is not None:
            write_authenticated(self.path(key), self.cipher(key).encrypt(_NONCE, text, None))


class ParseCache:
    """A directory of JSON files named by (tool version, parser format, kind, content hash).

    Any failure to read or write the cache only costs speed; it never fails a scan.
    """

    def __init__(self, directory: Path | None):
        self.directory = directory / "parse" if directory else None
        self.entries = SealedEntries(self.directory, "", "compliance parse cache key:")

    def get(self, kind: str, digest: str) -> dict[str, Any] | None:
        text = self.entries.unsealed(_key(kind, digest))
        if text is None:
            return None
        try:
            if text.startswith(_OUTLINED):
                outline, rest = text[len(_OUTLINED):].split(b"\n", 1)
                return Outlined(orjson.loads(outline), rest)
            if text.startswith(_EXACT):
                return json.loads(text[len(_EXACT):])
            return orjson.loads(text)
        except (ValueError, KeyError, TypeError):  # an entry of another layout: a miss
            return None

    def put(self, kind: str, digest: str, result: dict[str, Any],
            exact: bytes | None = None) -> None:
        """Store `result`; `exact` is its `exact_json`, when the caller has it already."""
        if self.directory is not None:
            self.put_text(kind, digest, entry_text(kind, result, exact))

    def put_text(self, kind: str, digest: str, text: bytes) -> None:
        """Store an entry's `entry_text`."""
        if self.directory is not None:
            self.entries.put(_key(kind, digest), text)


def entry_text(kind: str, result: dict[str, Any], exact: bytes | None = None) -> bytes:
    """What the cache stores of `result` (its `exact_json`, when the caller has it already)."""
    text = exact if exact is not None else exact_json(kind, result)
    if text is None:
        # json.dumps, not json.dump: only the former uses the C encoder
        text = json.dumps(result, separators=(",", ":")).encode()
        if _not_for_orjson(text):
            return _EXACT + text
    if kind in OUTLINED_KINDS and "blocks" in result:
        outline = {"errors": result["errors"], "modules": [
            block for block in result["blocks"] if block.get("type") == "module"]}
        return _OUTLINED + json.dumps(outline, separators=(",", ":")).encode() + b"\n" + text
    return text


# Kinds whose results hold no NaN or Infinity (both HCL front ends read a number out of range
# as invalid): orjson encodes them, four times as fast as the json module, and reads back
# exactly what it wrote. What it refuses (an integer past 64 bits, a lone surrogate, a key
# that is not a string) goes the json module's way.
FINITE_KINDS = frozenset({"terraform", "terraform-vars"})


def exact_json(kind: str, result: dict[str, Any]) -> bytes | None:
    """The result as orjson's JSON, which reads back exactly as it is, for the kinds that can
    hold nothing else; None for the others, or when orjson refuses it."""
    if kind not in FINITE_KINDS:
        return None
    try:
        return orjson.dumps(result)
    except TypeError:
        return None


# A Terraform file's entry leads with its outline: its parse errors and `module` blocks, all a
# scan needs of a file whose root module the resolved-module cache answers (the configuration
# finds its root modules by their calls). The blocks are read from the rest of the entry only
# when the file is resolved (`blocks_of`): most of a warm scan's files never are.
OUTLINED_KINDS = frozenset({"terraform"})
_OUTLINED = b"outlined\n"  # json.dumps writes no line break: the two parts split at the first
_EXACT = b"exact\n"
_DIGITS_AS_NINES = bytes.maketrans(b"012345678", b"999999999")


def _not_for_orjson(text: bytes) -> bool:
    """Whether `text` may hold what orjson does not read back as written: NaN or Infinity
    (refused) or an integer past 64 bits (read as a float). Such an entry (a word or 19 digits
    in a row, in a string or not) is read with the json module, exactly. (A translation and a
    substring search: a regular expression took a tenth of a second on the corpus.)"""
    return b"NaN" in text or b"Infinity" in text or \
        b"9999999999999999999" in text.translate(_DIGITS_AS_NINES)


class Outlined(dict):
    """A Terraform file's parse result from the cache: its "errors" (and no "resources") at
    once, its module blocks (`modules`), the rest of its blocks on first use (`blocks_of`)."""

    __slots__ = ("modules", "_rest")

    def __init__(self, outline: dict[str, Any], rest: bytes):
        super().__init__(resources=[], errors=outline["errors"])
        self.modules: list[dict[str, Any]] = outline["modules"]
        self._rest: bytes | None = rest

    def blocks(self) -> list[dict[str, Any]]:
        if self._rest is not None:
            self["blocks"] = orjson.loads(self._rest).get("blocks") or []
            self._rest = None
        return self["blocks"]


def blocks_of(result: dict[str, Any]) -> list[dict[str, Any]]:
    """A Terraform file's top-level blocks, from a parse or from the cache."""
    return result.blocks() if isinstance(result, Outlined) else result.get("blocks") or []


def module_blocks_of(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Its `module` blocks, in order, without reading the others from the cache."""
    if isinstance(result, Outlined):
        return result.modules
    return [block for block in result.get("blocks") or [] if block.get("type") == "module"]


def write_atomically(path: Path, data: bytes) -> None:
    """Write a cache entry so that concurrent scans never read half a file; a failure only
    costs speed."""
    import tempfile  # only when writing: a warm scan reads (start-up time)

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        pass


_WRITE_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
                | getattr(os, "O_BINARY", 0))


def write_authenticated(path: Path, data: bytes) -> None:
    """Write an entry that is authenticated when read (`SealedEntries`), in place: a temporary
    file renamed over it costs ten times the write on some file systems (0.4 ms against
    0.04 ms here), and a cold scan writes thousands. A half-written entry, seen by a concurrent
    scan or left by a crash, fails authentication and is a miss; two scans writing one entry
    write the same bytes. Never through a symlink. A failure only costs speed."""
    try:
        try:
            fd = os.open(path, _WRITE_FLAGS, 0o600)
        except FileNotFoundError:  # the entry's folder, made on its first entry
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, _WRITE_FLAGS, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError:
        pass
