"""Walk the paths a user gave, skip what should be skipped, and classify files by content.

Classification looks at the extension first and then at the content, so a YAML file that is
not a Kubernetes manifest, or a JSON file that is not a Terraform plan, is ignored quietly.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from compliance.model import ScanError, SourceFile
from compliance.parse.regular_files import DEFAULT_CAP, NotRegular, TooLarge, read_regular

ALWAYS_SKIPPED_DIRS = frozenset({".git", ".terraform", "node_modules", ".hg", ".svn", "__pycache__"})
DEFAULT_MAX_FILE_SIZE = DEFAULT_CAP

# kinds of file the parsers understand
TERRAFORM = "terraform"
TERRAFORM_VARS = "terraform-vars"
TERRAFORM_JSON = "terraform-json"  # Terraform's JSON syntax, *.tf.json
TERRAFORM_PLAN = "terraform-plan"
KUBERNETES = "kubernetes"
OPENAPI = "openapi"
APIM = "apim"
KONG = "kong"
PULUMI_YAML = "pulumi-yaml"
# a Pulumi program in another language (Python, ...): its resources exist only when it runs
# (--pulumi-run, for Python); found so that a scan that does not run it says so
PULUMI_PROGRAM = "pulumi-program"
PULUMI_STATE = "pulumi-state"  # `pulumi stack export` or `pulumi preview --json`
CLOUDFORMATION = "cloudformation"  # CloudFormation or SAM template, YAML or JSON

_K8S_API_VERSION = re.compile(r'^\s*(-\s+)?"?apiVersion"?\s*:', re.M)
_K8S_KIND = re.compile(r'^\s*(-\s+)?"?kind"?\s*:', re.M)
# a top-level `openapi: 3.x` or `swagger: "2.0"` (at column 0 in YAML: the top level)
_YAML_OPENAPI = re.compile(r"""^(?:openapi|"openapi"|'openapi')[ \t]*:[ \t]*["']?3\.\d"""
                           r"""|^(?:swagger|"swagger"|'swagger')[ \t]*:[ \t]*["']?2\.0(?![.\d])""", re.M)
_JSON_OPENAPI = re.compile(r'"openapi"\s*:\s*"3\.\d|"swagger"\s*:\s*"2\.0"')
# an API Management policy (or policy fragment): the first element of the document; a DTD
# before it is allowed here so that the parser can refuse it with an error entry
_XML_APIM = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*"
                       r"(?:<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*)?(?:<!--.*?-->\s*)*"
                       r"<(?:policies|fragment)[\s/>]", re.S)
# a decK / Kong declarative file: `_format_version` at the top level (column 0 in YAML)
_YAML_KONG = re.compile(r"""^["']?_format_version["']?[ \t]*:""", re.M)
_JSON_KONG = re.compile(r'"_format_version"\s*:')
# ... or without it (decK and Kong accept that): a top-level list of Kong entities; the parser
# then makes sure the items look like Kong's (`kong.looks_like_deck`)
_KONG_LISTS = r"(?:services|routes|consumers|plugins|upstreams|certificates|consumer_groups)"
_YAML_KONG_LIST = re.compile(rf"""^["']?{_KONG_LISTS}["']?[ \t]*:[ \t]*"""
                             r"(?:\[|(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*[ \t]*-[ \t\n])", re.M)
_JSON_KONG_LIST = re.compile(rf'"{_KONG_LISTS}"\s*:\s*\[')
_JSON_K8S = re.compile(r'"apiVersion"\s*:.*"kind"\s*:|"kind"\s*:.*"apiVersion"\s*:', re.S)
# a Pulumi YAML program: `runtime: yaml` (or `runtime: {name: yaml}`) at the top level
_PULUMI_PROJECT = ("Pulumi.yaml", "Pulumi.yml")
_YAML_RUNTIME = re.compile(r"""^runtime[ \t]*:[ \t]*(?:\n[ \t]+name[ \t]*:[ \t]*)?["']?(\w+)""", re.M)
_YAML_PULUMI = re.compile(r"""^runtime[ \t]*:[ \t]*(?:["']?yaml["']?[ \t]*(?:#.*)?$|\n[ \t]+name[ \t]*:[ \t]*["']?yaml\b)""", re.M)
_YAML_TOP_RESOURCES = re.compile(r"^resources[ \t]*:", re.M)
_JSON_PULUMI = re.compile(r'"urn"\s*:\s*"urn:pulumi:')
# a CloudFormation template: its format version or SAM's transform at the top level, or a
# Resources map whose entries have an AWS:: type (column 0 in YAML: the top level)
_YAML_CFN_HEADER = re.compile(r"""^["']?(?:AWSTemplateFormatVersion["']?[ \t]*:"""
                              r"""|Transform["']?[ \t]*:[ \t]*["']?AWS::Serverless)""", re.M)
_YAML_CFN_RESOURCES = re.compile(r"""^["']?Resources["']?[ \t]*:""", re.M)
_YAML_CFN_TYPE = re.compile(r"""^[ \t]+["']?Type["']?[ \t]*:[ \t]*["']?(?:AWS|Alexa|Custom)::""",
                            re.M)
_JSON_CFN_HEADER = re.compile(r'"AWSTemplateFormatVersion"\s*:|"Transform"\s*:\s*"AWS::Serverless')
_JSON_CFN_RESOURCES = re.compile(r'"Resources"\s*:\s*\{')
_JSON_CFN_TYPE = re.compile(r'"Type"\s*:\s*"AWS::')


@dataclass
class Discovery:
    """The files found under the scanned paths, and the problems met finding them."""

    root: Path
    files: list[SourceFile]
    errors: list[ScanError]
    # the files called one of the names `discover` was asked to note, as `find_named` gives
    # them (the charts and overlays a scan renders: found in the same walk, not another)
    named: list[Path] = field(default_factory=list)


def _is_skipped(relpath: str, patterns: tuple[str, ...]) -> bool:
    parts = relpath.split("/")
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if fnmatch.fnmatch(relpath, pattern) or fnmatch.fnmatch(relpath, pattern + "/*"):
            return True
        if "/" not in pattern and any(fnmatch.fnmatch(part, pattern) for part in parts):
            return True
    return False


def read_by_name(name: str) -> bool:
    """Whether a file called `name` may be an input discovery reads (its content decides)."""
    return _kind_by_name(name) is not None


def _kind_by_name(name: str) -> str | None:
    if name.endswith(".tf"):
        return TERRAFORM
    if name.endswith(".tf.json"):
        return TERRAFORM_JSON
    if name.endswith((".tfvars", ".tfvars.json")):
        return TERRAFORM_VARS
    if name.endswith((".yaml", ".yml")):
        return "yaml"
    if name.endswith(".json") and not name.endswith(".tf.json"):
        return "json"
    if name.endswith(".xml"):
        return "xml"
    return None


def classify(name: str, data: bytes) -> str | None:
    """The parser kind for a file, or None when it is nothing we read."""
    kind = _kind_by_name(name)
    if kind in (TERRAFORM, TERRAFORM_VARS, TERRAFORM_JSON) or kind is None:
        return kind
    # line breaks as the patterns below expect them: a CRLF file is the same file
    head = data[:65536].decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    if kind == "xml":
        return APIM if _XML_APIM.match(head.removeprefix("\ufeff")) else None
    if kind == "json":
        if _JSON_CFN_HEADER.search(head) or (_JSON_CFN_RESOURCES.search(head)
                                             and _JSON_CFN_TYPE.search(head)):
            return CLOUDFORMATION
        if ('"deployment"' in head or '"steps"' in head) and _JSON_PULUMI.search(head):
            return PULUMI_STATE
        if '"format_version"' in head and '"planned_values"' in data.decode("utf-8", "replace"):
            return TERRAFORM_PLAN
        if _JSON_OPENAPI.search(head):
            return OPENAPI
        if _JSON_KONG.search(head):
            return KONG
        if _JSON_K8S.search(head):
            return KUBERNETES
        if head.lstrip("\ufeff \t\n").startswith("{") and _JSON_KONG_LIST.search(head):
            return KONG
        return None
    # before Kubernetes: an API's schemas may well have apiVersion and kind properties
    text = head.removeprefix("\ufeff")
    if _YAML_CFN_HEADER.search(text) or (_YAML_CFN_RESOURCES.search(text)
                                         and _YAML_CFN_TYPE.search(text)):
        return CLOUDFORMATION
    if text.lstrip().startswith("{") and (_JSON_CFN_HEADER.search(text) or (
            _JSON_CFN_RESOURCES.search(text) and _JSON_CFN_TYPE.search(text))):
        return CLOUDFORMATION
    if _YAML_OPENAPI.search(text) or (text.lstrip().startswith("{") and _JSON_OPENAPI.search(text)):
        return OPENAPI
    if _YAML_KONG.search(text) or (text.lstrip().startswith("{") and _JSON_KONG.search(text)):
        return KONG
    runtime = _YAML_RUNTIME.search(text) if name.rsplit("/", 1)[-1] in _PULUMI_PROJECT else None
    if runtime is not None and runtime.group(1) != "yaml":
        return PULUMI_PROGRAM
    if _YAML_PULUMI.search(text) or (name.rsplit("/", 1)[-1] == "Main.yaml"
                                     and _YAML_TOP_RESOURCES.search(text)):
        return PULUMI_YAML
    if _K8S_API_VERSION.search(head) and _K8S_KIND.search(head):
        return KUBERNETES
    if _YAML_KONG_LIST.search(text) or (text.lstrip().startswith("{")
                                        and _JSON_KONG_LIST.search(text)):
        return KONG
    return None


def pulumi_runtime(data: bytes) -> str:
    """The runtime a Pulumi project file declares (python, nodejs, go, ...)."""
    found = _YAML_RUNTIME.search(data.decode("utf-8", "replace"))
    return found.group(1) if found else "unknown"


def _worth_reporting(path: Path) -> bool:
    """Whether an over-size YAML, JSON or XML file looks like something we read (judged by its
    head): other large data files, such as a vendored 11 MB JSON dataset, are ignored quietly."""
    try:
        head = read_regular(path, 65536, head=True)
    except OSError:
        return True  # let the caller report it
    # a Terraform plan names planned_values after its header, possibly beyond the head
    return classify(path.name, head) is not None or b'"format_version"' in head


def read_source(path: Path, relpath: str, root: Path,
                max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> SourceFile | ScanError | None:
    """One file as a scan reads it: a SourceFile, a ScanError saying why it is not read, or
    None for a file that is nothing compliance reads. Never follows a link out of `root`."""
    if _kind_by_name(path.name) is None:
        return None
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # a loop, or a link to nothing
            return ScanError(relpath, None, "broken or looping symbolic link; not read")
        if not target.is_relative_to(root):  # never read outside the scanned tree
            return ScanError(relpath, None, "symbolic link to a file outside the scanned "
                                            "folder; not read")
    try:
        data = read_regular(path, max_file_size)
    except NotRegular:
        return ScanError(relpath, None, "not a regular file (a pipe, socket or device); not read")
    except TooLarge as exc:
        if _kind_by_name(path.name) in ("yaml", "json", "xml") and not _worth_reporting(path):
            return None
        return ScanError(relpath, None, f"file is larger than the size cap "
                                        f"({exc.size} > {max_file_size} bytes); not scanned")
    except OSError as exc:
        return ScanError(relpath, None, f"cannot read file: {exc.strerror or exc}")
    if b"\x00" in data[:8192]:
        if _kind_by_name(path.name) != "xml":  # UTF-16 or binary XML: quietly not a policy
            return ScanError(relpath, None, "binary file; not scanned")
        return None
    kind = classify(path.name, data)
    if kind is None:  # nor is an empty file: only Terraform's are named so, and valid
        return None
    return SourceFile(path, relpath, kind, data, hashlib.sha256(data).hexdigest())


def is_utf8_name(name: str) -> bool:
    """Whether a name read from the file system is text: a name of other bytes (an archive
    from another locale) comes as lone surrogates, which no report, fingerprint or cache
    entry can hold. Such a file or folder is named as not read rather than carried along."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_name(name: str) -> str:
    """A name that is not valid UTF-8, with its other bytes written as \\xNN."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def common_root(paths: list[Path]) -> Path:
    resolved = [p.resolve() for p in paths]
    dirs = [p if p.is_dir() else p.parent for p in resolved]
    return Path(os.path.commonpath([str(d) for d in dirs]))


def find_named(paths: list[Path], root: Path, names: tuple[str, ...],
               skip_patterns: tuple[str, ...] = (), own_dirs: tuple[Path, ...] = ()
               ) -> list[Path]:
    """Files called one of `names` under `paths` (a given file when it has such a name),
    in the folders a scan walks (skipped paths and `own_dirs` left out, as `discover`
    leaves them), in order."""
    own = {os.path.realpath(folder) for folder in own_dirs}
    found: dict[Path, None] = {}
    for given in paths:
        given = given.resolve()
        if given.is_file():
            candidates = [given] if given.name in names else []
        else:
            candidates = []
            for dirpath, dirnames, filenames in walk_tree(given):
                current = Path(dirpath)
                rel_dir = current.relative_to(root).as_posix() if current != root else ""
                dirnames[:] = _walked(dirpath, dirnames, rel_dir, skip_patterns, own)
                candidates += [current / n for n in sorted(filenames) if n in names]
        for path in candidates:
            rel = path.relative_to(root).as_posix() if path != root else path.name
            if not _is_skipped(rel, skip_patterns):
                found[path] = None
    return list(found)


def walk_tree(top: Path | str, on_error: Callable[[str, OSError], None] | None = None,
              ) -> Iterator[tuple[str, list[str], list[str]]]:
    """`os.walk(top, followlinks=False, onerror=...)`, top-down (the caller may prune the
    folder names it is given), without recursion: Python 3.11's os.walk recurses once per
    level, and a tree nested deeper than the interpreter's recursion limit (about a thousand
    folders) raised RecursionError out of the scan. `on_error(folder, error)` is told of a
    folder that can't be listed (which is then left out)."""
    stack = [os.fspath(top)]
    while stack:
        folder = stack.pop()
        try:
            entries = os.scandir(folder)
        except OSError as error:
            if on_error is not None:
                on_error(folder, error)
            continue
        folders: list[str] = []
        others: list[str] = []
        with entries:
            try:
                for entry in entries:
                    try:
                        is_folder = entry.is_dir()
                    except OSError:
                        is_folder = False
                    (folders if is_folder else others).append(entry.name)
            except OSError as error:  # as os.walk: a folder that fails while listed is left out
                if on_error is not None:
                    on_error(folder, error)
                continue
        yield folder, folders, others
        for name in reversed(folders):  # the first is walked next, as os.walk would
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                stack.append(path)


def _walked(dirpath: str, dirnames: list[str], rel_dir: str, skip_patterns: tuple[str, ...],
            own: set[str]) -> list[str]:
    """The subfolders of `dirpath` a scan goes into, in order: not the tools' folders, the
    skipped paths or the scan's own folders (`own`, real paths)."""
    return sorted(d for d in dirnames if d not in ALWAYS_SKIPPED_DIRS
                  and not _is_skipped(f"{rel_dir}/{d}".lstrip("/"), skip_patterns)
                  and not (own and os.path.join(dirpath, d) in own))


def discover(
    paths: list[Path],
    skip_patterns: tuple[str, ...] = (),
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    own_dirs: tuple[Path, ...] = (),
    on_file: Callable[[SourceFile], None] = lambda source: None,
    noted: tuple[str, ...] = (),
) -> Discovery:
    """The files a scan reads under `paths`. `own_dirs`: folders of the tool's own (its cache,
    which a CI job may well keep inside the repository), never walked: their entries are not
    the user's configuration, and some are binary. `on_file` is told of each file as it is
    read (the scan starts parsing while the rest is found). Files called one of `noted` are
    listed in `Discovery.named`, as `find_named(paths, ..., noted, ...)` would list them."""
    root = common_root(paths)
    own = {os.path.realpath(folder) for folder in own_dirs}
    found: dict[str, SourceFile] = {}
    errors: list[ScanError] = []
    named: dict[Path, None] = {}

    def unlisted(folder: str, error: OSError) -> None:
        # a folder left out quietly would make its files' findings vanish (a false green)
        relpath = Path(folder).relative_to(root).as_posix() if Path(folder) != root else "."
        errors.append(ScanError(relpath, None, f"cannot read folder: "
                                f"{error.strerror or error}; the files in it are not scanned"))

    def consider(path: Path) -> None:
        relpath = path.relative_to(root).as_posix() if path != root else path.name
        if _is_skipped(relpath, skip_patterns):
            return
        if not is_utf8_name(relpath):
            if _kind_by_name(path.name) is not None:
                errors.append(ScanError(shown_name(relpath), None,
                                        "the file's name is not valid UTF-8; not read"))
            return
        if path.name in noted:
            named[path] = None
        if relpath in found:
            return
        read = read_source(path, relpath, root, max_file_size)
        if isinstance(read, ScanError):
            errors.append(read)
        elif read is not None:
            found[relpath] = read
            on_file(read)

    for given in paths:
        given = given.resolve()
        if not given.exists():
            continue  # the CLI has already refused paths that do not exist
        if given.is_file():
            consider(given)
            continue
        for dirpath, dirnames, filenames in walk_tree(given, unlisted):
            current = Path(dirpath)
            rel_dir = current.relative_to(root).as_posix() if current != root else ""
            dirnames[:] = _walked(dirpath, dirnames, rel_dir, skip_patterns, own)
            for name in [d for d in dirnames if not is_utf8_name(d)]:
                dirnames.remove(name)
                errors.append(ScanError(shown_name(f"{rel_dir}/{name}".lstrip("/")), None,
                                        "the folder's name is not valid UTF-8; the files in "
                                        "it are not scanned"))
            for name in sorted(filenames):
                consider(current / name)

    files = sorted(found.values(), key=lambda f: f.relpath)
    return Discovery(root=root, files=files, errors=errors, named=list(named))
