"""Getting a module package onto disk, within a time and a size limit: HTTPS requests (plain
HTTP only to the loopback address, and only when a test asks for it), archives unpacked
safely (no path out of the folder, no links, no devices), git checkouts.

What a source names is go-getter's syntax, as Terraform reads it: `git::URL`, GitHub
shorthands, `https://.../x.zip` (or `?archive=zip`), each with an optional `//SUBDIR` and,
for git, `?ref=`.
"""

from __future__ import annotations

import io
import os
import posixpath
import shutil
import stat
import subprocess
import tarfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

# set to 1 by tests that serve a registry on 127.0.0.1: real registries are reached over HTTPS
LOOPBACK_HTTP_ENV = "COMPLIANCE_ALLOW_LOOPBACK_HTTP"
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_REDIRECTS = 5
_ARCHIVES = (".tar.gz", ".tgz", ".zip", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar")


class FetchError(Exception):
    """Why a package could not be had; the scan reports it and goes on."""


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 120.0  # per module package, everything included
    max_bytes: int = 100 * 1024 * 1024  # per package: downloaded, and unpacked


class Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def remaining(self) -> float:
        left = self.ends - time.monotonic()
        if left <= 0:
            raise FetchError(f"took longer than the time limit ({self.seconds:g} s)")
        return left


# --- what a source names ----------------------------------------------------------------


@dataclass(frozen=True)
class GetterSource:
    kind: str  # "git" | "http" (an archive over HTTP(S))
    url: str  # without the subdirectory and, for git, without ?ref=
    ref: str  # git: the ?ref= value ("" for the default branch)
    subdir: str  # the //SUBDIR part ("" for the package's root)


def getter_source(source: str) -> GetterSource:
    """Read a go-getter source; FetchError for kinds --download-modules does not fetch."""
    forced, _, rest = source.partition("::") if "::" in source.split("/", 1)[0] else ("", "",
                                                                                       source)
    if source.startswith("github.com/"):
        forced, rest = "git", "https://" + source
    elif source.startswith("git@"):
        host, _, path = source[4:].partition(":")
        forced, rest = "git", f"ssh://git@{host}/{path}"
    url, subdir = _split_subdir(rest)
    parsed = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parsed.query, keep_blank_values=True)
    if forced == "git" or (not forced and parsed.path.endswith(".git")):
        if source.startswith("github.com/") and not parsed.path.endswith(".git"):
            parsed = parsed._replace(path=parsed.path + ".git")
        ref = next((value for key, value in query if key == "ref"), "")
        rest_query = [(k, v) for k, v in query if k not in ("ref", "depth")]
        clean = parsed._replace(query=urllib.parse.urlencode(rest_query))
        return GetterSource("git", urllib.parse.urlunsplit(clean), ref, subdir)
    if forced in ("", "http", "https") and parsed.scheme in ("http", "https") and (
            parsed.path.endswith(_ARCHIVES) or any(k == "archive" for k, _ in query)):
        return GetterSource("http", url, "", subdir)
    kind = forced or parsed.scheme or "this kind of"
    raise FetchError(f"{kind} sources are not downloaded by --download-modules (registry, "
                     "git and HTTPS archive sources are)")


def _split_subdir(source: str) -> tuple[str, str]:
    """`https://x/repo.git//modules/a?ref=v1` -> (`https://x/repo.git?ref=v1`, `modules/a`)."""
    start = source.find("://")
    start = start + 3 if start >= 0 else 0
    cut = source.find("//", start)
    if cut < 0:
        return source, ""
    subdir, _, query = source[cut + 2:].partition("?")
    return source[:cut] + (f"?{query}" if query else ""), subdir.strip("/")


def safe_subdir(subdir: str) -> str:
    """A subdirectory that stays inside its package; FetchError otherwise."""
    if not subdir:
        return ""
    normal = posixpath.normpath(subdir)
    if normal.startswith(("/", "..")) or "\\" in subdir:
        raise FetchError(f"subdirectory {subdir!r} leaves the package")
    return "" if normal == "." else normal


# --- HTTP -----------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # followed by hand: see http_get
        return None


def check_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and parts.hostname in _LOOPBACK \
            and os.environ.get(LOOPBACK_HTTP_ENV) == "1":
        return
    raise FetchError(f"refusing {parts.scheme or 'a'} URL {redact(url)}: only https is used")


def redact(url: str) -> str:
    """The URL without credentials or query (a signed download URL holds a secret)."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


def http_get(url: str, deadline: Deadline, max_bytes: int,
             token: tuple[str, str] | None = None) -> tuple[int, dict[str, str], bytes, str]:
    """(status, headers, body, final URL) of a GET, redirects followed by hand (each hop
    checked; the token, (host, value), sent to its own host only). 4xx and 5xx are
    FetchErrors; the body is read no further than `max_bytes`."""
    for _ in range(MAX_REDIRECTS + 1):
        check_url(url)
        parts = urllib.parse.urlsplit(url)
        request = urllib.request.Request(url, headers={"User-Agent": "compliance"})
        if token is not None and parts.hostname == token[0]:
            request.add_header("Authorization", f"Bearer {token[1]}")
        handlers: list = [_NoRedirect()]
        if parts.hostname in _LOOPBACK:
            handlers.append(urllib.request.ProxyHandler({}))
        opener = urllib.request.build_opener(*handlers)
        try:
            response = opener.open(request, timeout=deadline.remaining())
        except urllib.error.HTTPError as error:
            location = error.headers.get("Location") if error.code in (301, 302, 303, 307,
                                                                        308) else None
            if location:
                url = urllib.parse.urljoin(url, location)
                continue
            raise FetchError(f"{redact(url)} answered {error.code} {error.reason}") from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            raise FetchError(f"{redact(url)} did not answer ({reason})") from None
        with response:
            body = _read_capped(response, max_bytes, deadline, url)
            return response.status, {k.lower(): v for k, v in response.headers.items()}, \
                body, url
    raise FetchError(f"{redact(url)}: more than {MAX_REDIRECTS} redirects")


def _read_capped(response, max_bytes: int, deadline: Deadline, url: str) -> bytes:
    chunks, size = [], 0
    while True:
        deadline.remaining()
        chunk = response.read(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{redact(url)} is larger than the size limit ({max_bytes:,} "
                             "bytes)")
        chunks.append(chunk)


def fetch_archive(source: GetterSource, dest: Path, limits: Limits, deadline: Deadline,
                  token: tuple[str, str] | None = None) -> None:
    _status, headers, body, final = http_get(source.url, deadline, limits.max_bytes, token)
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(source.url).query))
    kind = query.get("archive") or _archive_kind(urllib.parse.urlsplit(final).path, body)
    unpack(body, kind, dest, limits.max_bytes)


def _archive_kind(path: str, body: bytes) -> str:
    for suffix in _ARCHIVES:
        if path.endswith(suffix):
            return suffix.lstrip(".")
    if body.startswith(b"PK\x03\x04"):
        return "zip"
    return "tar.gz"


# --- archives -------------------------------------------------------------------------------


def unpack(data: bytes, kind: str, dest: Path, max_bytes: int) -> None:
    """Unpack into `dest` (made empty): regular files and folders only, every path inside
    `dest`, no more than `max_bytes` in all; FetchError for anything else."""
    dest.mkdir(parents=True, exist_ok=True)
    try:
        if kind == "zip":
            _unzip(data, dest, max_bytes)
        else:
            _untar(data, dest, max_bytes)
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError) as error:
        raise FetchError(f"not a readable {kind} archive ({error})") from None


def _target(dest: Path, name: str) -> Path | None:
    """Where an archive member goes, or None for a member that names the folder itself."""
    normal = posixpath.normpath(name.replace("\\", "/"))
    if normal in (".", ""):
        return None
    if normal.startswith(("/", "../")) or normal == ".." or ":" in normal.split("/")[0]:
        raise FetchError(f"archive member {name!r} points outside the module folder")
    return dest / normal


def _untar(data: bytes, dest: Path, max_bytes: int) -> None:
    total = 0
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
        for member in archive:
            target = _target(dest, member.name)
            if target is None:
                continue
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
            elif member.isfile():
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(member) as source, open(target, "wb") as out:
                    total += _copy_bounded(source, out, max_bytes - total)
            # links, devices and FIFOs are not unpacked: a module is text files


def _unzip(data: bytes, dest: Path, max_bytes: int) -> None:
    total = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            target = _target(dest, info.filename)
            if target is None:
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                continue  # a link: not unpacked
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as source, open(target, "wb") as out:
                total += _copy_bounded(source, out, max_bytes - total)


def _copy_bounded(source, out, budget: int) -> int:
    """Copy at most `budget` bytes (what a member says of its size is not trusted)."""
    written = 0
    while chunk := source.read(65536):
        written += len(chunk)
        if written > budget:
            raise FetchError("unpacks to more than the size limit")
        out.write(chunk)
    return written


# --- git ------------------------------------------------------------------------------------


def fetch_git(source: GetterSource, dest: Path, limits: Limits, deadline: Deadline) -> None:
    """Check out `source.ref` (or the default branch) into `dest`, without its history; links
    that lead out of the checkout are removed."""
    if not shutil.which("git"):
        raise FetchError("git is not installed")
    url = source.url
    scheme = urllib.parse.urlsplit(url).scheme
    if scheme == "http":
        check_url(url)
    elif scheme not in ("https", "ssh", "file"):
        raise FetchError(f"git over {scheme or 'this transport'} is not used")
    base = ["git", "-c", "protocol.ext.allow=never", "-c", "core.hooksPath=/dev/null",
            "-c", "advice.detachedHead=false"]
    shallow = ["clone", "--quiet", "--depth", "1"] + (["--branch", source.ref] if source.ref
                                                      else []) + ["--", url, str(dest)]
    if _git(base + shallow, deadline) != 0:
        shutil.rmtree(dest, ignore_errors=True)
        # a commit id, which --branch does not take: the whole history, then check it out
        if _git(base + ["clone", "--quiet", "--no-checkout", "--", url, str(dest)],
                deadline) != 0:
            raise FetchError(f"git clone of {redact(url)} failed")
        if _git(base + ["-C", str(dest), "checkout", "--quiet", source.ref or "HEAD", "--"],
                deadline) != 0:
            raise FetchError(f"{redact(url)} has no ref {source.ref!r}")
    shutil.rmtree(dest / ".git", ignore_errors=True)
    _drop_escaping_links(dest)
    size = sum(p.stat().st_size for p in dest.rglob("*") if p.is_file() and not p.is_symlink())
    if size > limits.max_bytes:
        raise FetchError(f"is larger than the size limit ({limits.max_bytes:,} bytes)")


def _git(command: list[str], deadline: Deadline) -> int:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true",
           "GIT_SSH_COMMAND": "ssh -o BatchMode=yes", "GIT_CONFIG_NOSYSTEM": "1"}
    try:
        return subprocess.run(command, capture_output=True, env=env, stdin=subprocess.DEVNULL,
                              timeout=deadline.remaining()).returncode
    except subprocess.TimeoutExpired:
        raise FetchError(f"git took longer than the time limit ({deadline.seconds:g} s)") \
            from None


def _drop_escaping_links(folder: Path) -> None:
    root = folder.resolve()
    for path in list(folder.rglob("*")):
        if path.is_symlink():
            try:
                inside = path.resolve(strict=True).is_relative_to(root)
            except (OSError, RuntimeError):
                inside = False
            if not inside:
                path.unlink()
