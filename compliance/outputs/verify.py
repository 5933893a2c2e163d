"""Check an evidence pack against its manifest, without trusting it: member names are checked
before anything is read, sizes are capped (declared and actually read), and nothing is ever
written to disk. Every problem is named; the pack verifies only when there is none.

The members are covered by the SHA-256 sums of the manifest, and the manifest by the zip
comment (and the signature). The bytes around them (headers, central directory, anything
before or after) are covered by `_layout_problems`: the pack must be exactly the zip that
`write_zip` makes of those members at the manifest's time, byte for byte.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from compliance.model import DOWNLOADED_PREFIX
from compliance.outputs.pack import (
    FILE_MODE,
    MANIFEST,
    PACK_FORMAT,
    SIGNATURE,
    PackError,
    check_signature,
    manifest_comment,
)

MAX_MEMBERS = 64
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members above RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_SOURCE_BYTES = 64 * 1024 * 1024
_CHUNK = 64 * 1024


@dataclass
class Verification:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checked_members: int = 0
    checked_sources: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def unsafe_name(name: str) -> str | None:
    """Why a member name is not a clean relative path, or None."""
    if not name:
        return "an empty name"
    if "\\" in name:
        return "a backslash in the name"
    if "\0" in name or any(ord(c) < 32 for c in name):
        return "a control character in the name"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "an absolute path"
    parts = name.split("/")
    if any(part == ".." for part in parts):
        return "a '..' path component"
    if any(part in ("", ".") for part in parts):
        return "an empty or '.' path component"
    return None


class _TooLarge(Exception):
    pass


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    out = bytearray()
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            out += chunk
            if len(out) > cap:
                raise _TooLarge
    return bytes(out)


def _canonical(data: bytes, archive: zipfile.ZipFile, created: datetime) -> bytes | None:
    """The zip `write_zip` makes of this pack's members (their compressed bytes as they are) at
    `created`; None when a member's bytes can't be located in `data`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as copy:
        copy.comment = archive.comment
        for info in archive.infolist():
            start = info.header_offset
            if start < 0 or start + 30 > len(data) or data[start:start + 4] != b"PK\x03\x04":
                return None
            name_length, extra_length = struct.unpack("<HH", data[start + 26:start + 30])
            begin = start + 30 + name_length + extra_length
            raw = data[begin:begin + info.compress_size]
            if len(raw) != info.compress_size:
                return None
            member = zipfile.ZipInfo(info.filename, created.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = FILE_MODE
            member.create_system = 3
            member.CRC, member.compress_size, member.file_size = (info.CRC, info.compress_size,
                                                                  info.file_size)
            member.header_offset = copy.fp.tell()
            copy.fp.write(member.FileHeader() + raw)
            copy.filelist.append(member)
            copy.NameToInfo[member.filename] = member
            copy.start_dir = copy.fp.tell()
    return out.getvalue()


def _layout_problems(path: Path, archive: zipfile.ZipFile, manifest: dict) -> list[str]:
    """Whether anything outside the members differs from the canonical pack: bytes before or
    after the zip, headers, the central directory, timestamps, attributes."""
    try:
        created = datetime.fromisoformat(str(manifest.get("created", "")).replace("Z", "+00:00"))
        data = path.read_bytes()
        canonical = _canonical(data, archive, created)
    except (ValueError, OSError, OverflowError, struct.error) as exc:
        return [f"the zip's layout can't be checked: {exc}"]
    if canonical == data:
        return []
    if canonical is not None and data.endswith(canonical):
        return [f"{len(data) - len(canonical)} bytes before the zip are not part of the pack"]
    if canonical is not None and data.startswith(canonical):
        return [f"{len(data) - len(canonical)} bytes after the zip are not part of the pack"]
    return ["the zip's headers or central directory differ from the pack as written (a "
            "changed byte outside the members, or a zip made by another tool)"]


def verify_pack(path: Path, source: Path | None = None, public_key: bytes | None = None
                ) -> Verification:
    """The pack checked as a whole; any zip it cannot read completely is a problem, never an
    exception."""
    try:
        return _verify(path, source, public_key)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError,
            ValueError, OverflowError, EOFError, UnicodeError, struct.error, zlib.error,
            KeyError, IndexError, TypeError) as exc:
        result = Verification()
        result.problems.append(f"the pack can't be read completely: {type(exc).__name__}: {exc}")
        return result


def _verify(path: Path, source: Path | None, public_key: bytes | None) -> Verification:
    result = Verification()
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise PackError(f"{path} is not a zip file ({exc}): not an evidence pack") from None
    except OSError as exc:
        raise PackError(f"cannot read {path}: {exc.strerror or exc}") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            result.problems.append(f"too many members ({len(infos)}; at most {MAX_MEMBERS})")
            return result
        names = [info.filename for info in infos]
        seen: set[str] = set()
        hostile = False
        for info in infos:
            why = unsafe_name(info.filename)
            if why:
                result.problems.append(f"unsafe member name {info.filename!r}: {why}")
                hostile = True
            if info.filename in seen:
                result.problems.append(f"duplicate member {info.filename!r}")
                hostile = True
            seen.add(info.filename)
            if info.is_dir() or (info.external_attr >> 16) & 0o170000 not in (0, 0o100000):
                result.problems.append(f"member {info.filename!r} is not a regular file")
                hostile = True
            if info.file_size > MAX_MEMBER_BYTES or (
                    info.file_size > RATIO_FLOOR
                    and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
                result.problems.append(f"member {info.filename!r} is too large or too "
                                       f"compressed ({info.file_size} bytes from "
                                       f"{info.compress_size}): a zip bomb?")
                hostile = True
        if sum(info.file_size for info in infos) > MAX_TOTAL_BYTES:
            result.problems.append("the members add up to more than "
                                   f"{MAX_TOTAL_BYTES // (1024 * 1024)} MiB: a zip bomb?")
            hostile = True
        if hostile:
            return result

        contents: dict[str, bytes] = {}
        for info in infos:
            try:
                data = _read_capped(archive, info, min(info.file_size, MAX_MEMBER_BYTES))
            except _TooLarge:
                result.problems.append(f"member {info.filename!r} holds more than it declares: "
                                       "a zip bomb?")
                return result
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
                # a CRC mismatch is how zipfile reports a changed byte in compressed data
                result.problems.append(f"member {info.filename!r} is damaged: {exc}")
                continue
            contents[info.filename] = data

        manifest_bytes = contents.get(MANIFEST)
        if manifest_bytes is None:
            if MANIFEST not in names:
                result.problems.append(f"missing member {MANIFEST!r}")
            return result
        if archive.comment != manifest_comment(manifest_bytes):
            result.problems.append(
                f"altered member {MANIFEST!r}: its SHA-256 differs from the one in the zip "
                "comment" if archive.comment.startswith(PACK_FORMAT.encode())
                else "the zip comment with the manifest's SHA-256 is missing")
        try:
            manifest = json.loads(manifest_bytes)
            listed = manifest["members"]
            if manifest.get("format") != PACK_FORMAT or not isinstance(listed, dict):
                raise ValueError("not an evidence pack manifest")
        except (ValueError, KeyError, TypeError) as exc:
            result.problems.append(f"member {MANIFEST!r} is not a valid manifest: {exc}")
            return result

        for name, digest in listed.items():
            if name not in names:
                result.problems.append(f"missing member {name!r}")
            elif name in contents:
                result.checked_members += 1
                if hashlib.sha256(contents[name]).hexdigest() != digest:
                    result.problems.append(f"altered member {name!r}: its SHA-256 differs "
                                           f"from the one listed in {MANIFEST!r}")
        for name in names:
            if name not in listed and name not in (MANIFEST, SIGNATURE):
                result.problems.append(f"added member {name!r}: not in the manifest")
        result.problems += _layout_problems(path, archive, manifest)

        signature = contents.get(SIGNATURE)
        if public_key is not None:
            if signature is None:
                result.problems.append(f"the pack is not signed ({SIGNATURE!r} is missing)")
            elif not check_signature(manifest_bytes, signature, public_key):
                result.problems.append(f"the signature of {MANIFEST!r} does not match the "
                                       "public key: the manifest was changed or signed by "
                                       "another key")
            else:
                result.notes.append("signature: valid")
        elif signature is not None:
            result.notes.append("signed, but the signature was not checked (give --public-key)")

    if source is not None:
        _check_sources(manifest.get("sources") or {}, source, result)
    return result


def _check_sources(sources: dict, root: Path, result: Verification) -> None:
    root_resolved = root.resolve()
    for relpath, digest in sorted(sources.items()):
        if isinstance(relpath, str) and relpath.startswith(DOWNLOADED_PREFIX):
            continue  # a module --download-modules fetched: not part of the source tree
        if not isinstance(relpath, str) or unsafe_name(relpath):
            result.problems.append(f"source {relpath!r}: unsafe path in the manifest")
            continue
        path = root / relpath
        try:
            path.resolve().relative_to(root_resolved)
        except ValueError:
            result.problems.append(f"source {relpath!r}: outside {root}")
            continue
        if not path.is_file():
            result.problems.append(f"missing source file {relpath!r}")
            continue
        if path.stat().st_size > MAX_SOURCE_BYTES:
            result.problems.append(f"changed source file {relpath!r}: now too large")
            continue
        result.checked_sources += 1
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            result.problems.append(f"changed source file {relpath!r}: its SHA-256 differs from "
                                   "what was scanned")


__all__ = ["Verification", "verify_pack", "unsafe_name", "PackError"]
