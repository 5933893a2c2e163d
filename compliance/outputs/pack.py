"""Evidence packs: one reproducible zip with the index for auditors, the JSON and SARIF
reports, an OSCAL assessment-results document and a manifest of SHA-256 digests (optionally
signed with Ed25519). `compliance.verify` checks a pack against its manifest.

Reproducible: members are written in a fixed order, with the scan's timestamp as their date,
fixed permissions and a fixed compression level, so the same tree, catalog and timestamp give
the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from compliance import __version__
from compliance.model import Catalog, GitInfo, ScanResult

if TYPE_CHECKING:
    from compliance.outputs.pdf import LayoutAhead

PACK_FORMAT = "compliance-evidence-pack"
PACK_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
INDEX_HTML = "index.html"
INDEX_PDF = "index.pdf"
REPORT_JSON = "report.json"
REPORT_SARIF = "report.sarif"
OSCAL = "oscal/assessment-results.json"
MEMBER_ORDER = (INDEX_HTML, INDEX_PDF, REPORT_JSON, REPORT_SARIF, OSCAL, MANIFEST, SIGNATURE)
ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=timezone.utc)  # the earliest time a zip can hold
FILE_MODE = 0o100644 << 16  # a regular file, rw-r--r--
COMPRESS_LEVEL = 9


class PackError(Exception):
    pass


def parse_timestamp(text: str | None) -> datetime:
    """`--timestamp` (seconds since the epoch, or ISO 8601), else SOURCE_DATE_EPOCH, else now;
    whole seconds, UTC."""
    source = text if text not in (None, "") else os.environ.get("SOURCE_DATE_EPOCH") or None
    if source is None:
        moment = datetime.now(timezone.utc)
    elif source.strip().lstrip("-").isdigit():
        moment = datetime.fromtimestamp(int(source), timezone.utc)
    else:
        try:
            moment = datetime.fromisoformat(source.strip().replace("Z", "+00:00"))
        except ValueError:
            raise PackError(f"not a timestamp: {source!r} (seconds since 1970 or ISO 8601)") \
                from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(timezone.utc).replace(microsecond=0)
    if moment < ZIP_EPOCH:
        raise PackError("a timestamp before 1980 cannot be stored in a zip")
    return moment


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Pack:
    members: dict[str, bytes]  # name -> content, in MEMBER_ORDER
    manifest: dict


def pin(result: ScanResult, timestamp: datetime) -> ScanResult:
    """The scan as of `timestamp`, with no measured duration (it would differ on every run)."""
    return replace(result, started_at=timestamp, duration_s=0.0)


def _framework_names(result: ScanResult) -> list[str]:
    return [f.name if (f.edition or "") in f.name else f"{f.name} ({f.edition})"
            for f in result.frameworks]


def build_pack(result: ScanResult, catalog: Catalog, git: GitInfo, timestamp: datetime,
               pdf: bool = False, sign_key: bytes | None = None,
               layout: LayoutAhead | None = None) -> Pack:
    """The pack's members and manifest; with `pdf`, index.pdf too (laid out by `layout`, a
    `pdf.LayoutAhead`, when given)."""
    from compliance.outputs import evidence, json_report, oscal, sarif

    result = pin(result, timestamp)
    scope = git.to_dict()
    # named as the history names it: the origin URL (without credentials), else the folder
    scope["repository"] = git.remote or scope["repository"] or result.root.name
    scanned_at = timestamp.strftime("%Y-%m-%d %H:%M:%S UTC")
    view = evidence.ScopeView(
        repository=scope["repository"], commit=git.commit, branch=git.branch, remote=git.remote,
        dirty={True: "changed: the scanned files differ from the commit (modified or untracked "
                     "files)",
               False: "clean: the scanned files are those of the commit",
               None: "unknown (not a git repository)"}[git.dirty],
        scanned_at=scanned_at, tool_version=__version__, catalog_version=__version__,
        catalog_digest=catalog.digest, frameworks=_framework_names(result),
        files=result.files_scanned)
    index = evidence.render_index(result, view)
    members: dict[str, bytes] = {INDEX_HTML: index.encode()}
    pdf_made = pdf_later(index, timestamp, layout) if pdf else None
    # made while `layout`'s helper lays the PDF out
    reports = {REPORT_JSON: json_report.render(result).encode(),
               REPORT_SARIF: sarif.render(result).encode(),
               OSCAL: oscal.render(result, scope, timestamp).encode()}
    if pdf_made is not None:
        members[INDEX_PDF] = pdf_made()
    members.update(reports)
    manifest = {
        "format": PACK_FORMAT,
        "format_version": PACK_VERSION,
        "created": timestamp.isoformat().replace("+00:00", "Z"),
        "tool": {"name": "compliance", "version": __version__},
        "catalog": {"version": __version__, "sha256": catalog.digest,
                    "controls": len(catalog.controls)},
        "frameworks": [{"id": f.id, "name": f.name, "edition": f.edition}
                       for f in result.frameworks],
        "scope": scope,
        "sources": {s.relpath: s.digest for s in sorted(result.sources, key=lambda s: s.relpath)},
        "members": {name: sha256(data) for name, data in members.items()},
    }
    members[MANIFEST] = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
    if sign_key is not None:
        members[SIGNATURE] = sign(members[MANIFEST], sign_key)
    return Pack(members, manifest)


def pdf_later(html: str, timestamp: datetime, layout: LayoutAhead | None = None
              ) -> Callable[[], bytes]:
    """index.pdf (`outputs/pdf.py`), begun now by `layout` (a `pdf.LayoutAhead`) when given;
    its bytes once the callable returned is called."""
    from compliance.outputs.pdf import PdfError
    from compliance.outputs.pdf import pdf_later as begun

    made = begun(html, timestamp, layout)

    def pdf() -> bytes:
        try:
            return made()
        except PdfError as exc:
            raise PackError(str(exc)) from None

    return pdf


def manifest_comment(manifest: bytes) -> bytes:
    """The zip comment: the manifest's own SHA-256, so that a changed byte of the manifest is
    named as such (a forger can rewrite both: signing is what protects against that)."""
    return f"{PACK_FORMAT} manifest.json sha256={sha256(manifest)}".encode()


def write_zip(members: dict[str, bytes], timestamp: datetime) -> bytes:
    date_time = timestamp.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if MANIFEST in members:
            archive.comment = manifest_comment(members[MANIFEST])
        for name in sorted(members, key=MEMBER_ORDER.index):
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = FILE_MODE
            info.create_system = 3  # unix, whatever the machine
            archive.writestr(info, members[name], compress_type=zipfile.ZIP_DEFLATED,
                             compresslevel=COMPRESS_LEVEL)
    return buffer.getvalue()


# --- signing --------------------------------------------------------------------------------


def load_private_key(data: bytes):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    try:
        key = load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise PackError(f"not an unencrypted PEM private key: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise PackError("the signing key is not an Ed25519 key")
    return key


def load_public_key(data: bytes):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    try:
        key = load_pem_public_key(data)
    except (ValueError, TypeError) as exc:
        raise PackError(f"not a PEM public key: {exc}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise PackError("the public key is not an Ed25519 key")
    return key


def sign(manifest: bytes, private_key_pem: bytes) -> bytes:
    """The Ed25519 signature of the manifest's bytes, base64, one line (Ed25519 signatures are
    deterministic: the pack stays reproducible)."""
    import base64

    return base64.b64encode(load_private_key(private_key_pem).sign(manifest)) + b"\n"


def check_signature(manifest: bytes, signature: bytes, public_key_pem: bytes) -> bool:
    import base64
    import binascii

    from cryptography.exceptions import InvalidSignature

    key = load_public_key(public_key_pem)
    try:
        key.verify(base64.b64decode(signature.strip(), validate=True), manifest)
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def write_pack(path: Path, data: bytes) -> None:
    path.write_bytes(data)
