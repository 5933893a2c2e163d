"""OpenAPI documents embedded in Terraform resources, read as OpenAPI resources.

Runs after Terraform resources are built and before controls run. These attributes carry an
OpenAPI document, written inline (a heredoc), as `jsonencode({...})`, or read with `file()`,
`filebase64()` or `templatefile()`:

    aws_api_gateway_rest_api.body, aws_apigatewayv2_api.body          the document's text
    google_endpoints_service.openapi_config                           the document's text
    google_api_gateway_api_config.openapi_documents[*].document[*].contents   base64 of it

Each document is given to the OpenAPI parser (`compliance.parse.openapi`); its operations
and API become `openapi_operation` / `openapi_api` resources at address
`<terraform address>:GET /orders` (and `<terraform address>:api`), in the Terraform
resource's scope, with three more attributes: `api_resource` (the Terraform address, e.g.
`aws_api_gateway_rest_api.orders`), `api_resource_type`, and `api_document` (the address of
the document's `openapi_api` resource). A Google API config with several documents names
each: `google_api_gateway_api_config.c[1]:GET /x`.

A value known only in part is still read when what is unknown are values inside it: a
`templatefile()` or heredoc whose interpolations (a Lambda's ARN) are unknown but whose
`%{if}`/`%{for}` are known, or a `jsonencode({...})` with unknown values. Those values are
template placeholders to the parser, so what they decide is unknown. A wholly unknown value
(from a data source, a variable with no value) produces nothing; so does a partly known one
that no longer parses once its unknown parts are written as placeholders.

Locations point where the document is written (see `embedded_lines`): the file read by
`file()`/`templatefile()` and its lines (aligned when interpolations added or removed lines);
for a heredoc, the `.tf` file from the line after `<<EOT`; for `jsonencode({...})`, the line
of the nearest object key written in the `.tf` file; otherwise the attribute's line.

The same file may also be found on its own (`openapi.yaml` next to the `.tf`): when at least
one embedding of it produced resources, its standalone resources and parse errors are dropped
(the embedded copy has its template variables resolved; its errors are reported at the same
file). A template file that no resource embeds stays a standalone document, its `${...}`
placeholders unknown. A document that can't be parsed is reported as a scan error with its
file and line; bad input never stops the scan.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field, replace
from pathlib import Path as FilePath
from typing import Any, Callable, Mapping

from compliance.model import (
    TERRAFORM_SHAPED,
    Location,
    Path,
    Resource,
    ScanError,
    Unknown,
    format_path,
    resource_from_json,
)
from compliance.parse.batch import Key, parse_many, text_key
from compliance.parse.cache import ParseCache
from compliance.resolve.embedded.holders import OPENAPI_EMBEDDINGS
from compliance.resolve.embedded.lines import (
    LineMap,
    aligned_map,
    heredoc_body,
    keyed_json,
    offset_map,
    read_lines,
    single_line_map,
    split_lines,
)
from compliance.resolve.terraform.origins import PartialText, TextOrigins, with_placeholders

OPENAPI = "openapi"
EMBEDDINGS = OPENAPI_EMBEDDINGS


@dataclass
class _Document:
    text: str
    partial: bool  # unknown values written as placeholders
    value: Any = None  # the object behind a jsonencode(), when known as one


@dataclass
class _Run:
    root: FilePath
    origins: TextOrigins
    cache: ParseCache
    contents: Mapping[str, bytes] | None = None  # the scanned files' bytes, by relpath
    resources: list[Resource] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    located: set[str] = field(default_factory=set)  # files whose embedding produced resources
    _texts: dict[str, list[str] | None] = field(default_factory=dict)

    def file_lines(self, relpath: str) -> list[str] | None:
        if relpath not in self._texts:
            self._texts[relpath] = read_lines(self.root, relpath, self.contents)
        return self._texts[relpath]


@dataclass
class _Placed:
    """An embedded document ready to be parsed: what it is and where its lines are."""

    resource: Resource
    path: Path
    base: str  # the address its resources are named under
    document: _Document
    text: str
    lines: LineMap
    key: Key


def embed_openapi(resources: list[Resource], errors: list[ScanError], root: FilePath,
                  origins: TextOrigins | None = None, cache: ParseCache | None = None,
                  workers: int | None = None, contents: Mapping[str, bytes] | None = None,
                  ) -> tuple[list[Resource], list[ScanError]]:
    """`resources` plus the OpenAPI resources of embedded documents, standalone copies of the
    same files dropped; `errors` plus the embedded documents' problems (see the module doc).
    `contents`: the bytes of the scanned files, by path relative to `root` (`read_lines`).

    Every document is found and placed first, then all are parsed in one batch (each
    distinct text once, from the parse cache or in worker processes when there are many),
    then their resources and problems are added in the order the documents were found."""
    run = _Run(root, origins or TextOrigins(), cache or ParseCache(None), contents)
    found: list[_Placed | list[ScanError]] = []
    for resource in resources:
        embedding = EMBEDDINGS.get(resource.type)
        if embedding is None or resource.platform not in TERRAFORM_SHAPED:
            continue
        documents = _document_values(resource, embedding[0])
        for position, (path, value) in enumerate(documents):
            base = resource.address if len(documents) == 1 else f"{resource.address}[{position}]"
            problems: list[ScanError] = []
            placed = _guarded(problems, resource, path, _placed, run, resource, path, value,
                              embedding[1], base, problems)
            found.append(placed if placed is not None else problems)
    parsed = parse_many([(p.key, p.text) for p in found if isinstance(p, _Placed)], run.cache,
                        workers)
    for placed in found:
        if isinstance(placed, _Placed):
            _guarded(run.errors, placed.resource, placed.path, _add, run, placed,
                     parsed[placed.key])
        else:
            run.errors += placed
    if not run.resources and not run.errors:
        return resources, errors
    kept = [r for r in resources if not _standalone_copy(r, run.located)]
    kept_errors = [e for e in errors if e.file not in run.located]
    return kept + run.resources, kept_errors + run.errors


def _guarded(errors: list[ScanError], resource: Resource, path: Path, step: Callable[..., Any],
             *args: Any) -> Any:
    """`step(*args)` for the document at `resource`'s `path`, or None with a scan error when
    it fails: one bad document must not end the scan."""
    try:
        return step(*args)
    except RecursionError:
        errors.append(ScanError(resource.location.file, resource.line_of(path),
                                f"{resource.address}: embedded document nests too deeply"))
    except Exception as exc:  # noqa: BLE001
        errors.append(ScanError(resource.location.file, resource.line_of(path),
                                f"{resource.address}: internal error while reading the "
                                f"embedded document: {type(exc).__name__}: {exc}"))
    return None


def _standalone_copy(resource: Resource, located: set[str]) -> bool:
    return (resource.platform == OPENAPI and resource.scope == resource.location.file
            and resource.location.file in located)


def _document_values(resource: Resource, pattern: tuple[str, ...]) -> list[tuple[Path, Any]]:
    found: list[tuple[Path, Any]] = []
    _collect(resource.attributes, pattern, (), found)
    return found


def _collect(value: Any, pattern: tuple[str, ...], path: Path, found: list[tuple[Path, Any]]) -> None:
    if not pattern:
        if value is not None:
            found.append((path, value))
        return
    step, rest = pattern[0], pattern[1:]
    if step == "*":
        if isinstance(value, list):
            for index, item in enumerate(value):
                _collect(item, rest, (*path, index), found)
    elif isinstance(value, dict) and step in value:
        _collect(value[step], rest, (*path, step), found)


# --- one document --------------------------------------------------------------------------


def _placed(run: _Run, resource: Resource, path: Path, value: Any, encoded: bool, base: str,
            problems: list[ScanError]) -> _Placed | None:
    """The document in `value`, placed; None (with a problem when there is one) when there is
    nothing to parse."""
    attribute_line = resource.line_of(path) or resource.location.start_line
    document = _document(value, encoded)
    if isinstance(document, str):  # a problem with the value itself
        problems.append(ScanError(resource.location.file, attribute_line,
                                  f"{_where(resource, path)}: {document}"))
        return None
    if document is None:
        return None
    text, lines = _place(run, resource, path, document, attribute_line)
    return _Placed(resource, path, base, document, text, lines, text_key(OPENAPI, text))


def _add(run: _Run, placed: _Placed, result: dict[str, Any]) -> None:
    """The resources and problems of a parsed document, where it is written."""
    lines, where = placed.lines, _where(placed.resource, placed.path)
    parsed = result.get("resources") or []
    if not parsed:
        if placed.document.partial:
            return  # the placeholders may be what broke it: nothing is known
        problems = result.get("errors") or [
            {"line": None, "message": "no OpenAPI document (openapi or swagger version) found"}]
    else:
        problems = result.get("errors") or []
    for problem in problems:
        line = lines(problem.get("line")) if problem.get("line") else lines.fallback
        run.errors.append(ScanError(lines.file, line, f"{where}: {problem.get('message')}"))
    for data in parsed:
        run.resources.append(_remapped(data, placed.resource, placed.base, lines))
    if parsed:
        run.located.add(lines.file)


def _where(resource: Resource, path: Path) -> str:
    return f"{resource.address}.{format_path(path)}"


def _document(value: Any, encoded: bool) -> _Document | str | None:
    """The document's text, a problem to report, or None when nothing can be read."""
    if isinstance(value, str):
        if not encoded:
            return _Document(value, False)
        try:
            return _Document(base64.b64decode(value, validate=True).decode("utf-8"), False)
        except (binascii.Error, ValueError):
            return "contents is not base64-encoded UTF-8 text"
    if isinstance(value, (dict, list)) and not encoded:  # written as an object (CloudFormation)
        shaped = with_placeholders(value)
        try:
            return _Document(json.dumps(shaped, ensure_ascii=True), shaped != value, shaped)
        except (TypeError, ValueError):
            return None
    if not isinstance(value, Unknown):
        return None
    partial = value.partial
    if isinstance(partial, PartialText) and partial.text and partial.base64 == encoded:
        return _Document(partial.text, True)
    if isinstance(partial, (dict, list)) and not encoded:  # jsonencode() with unknown values
        shaped = with_placeholders(partial)
        try:
            return _Document(json.dumps(shaped, ensure_ascii=True), True, shaped)
        except (TypeError, ValueError):
            return None
    return None


def _place(run: _Run, resource: Resource, path: Path, document: _Document,
           attribute_line: int) -> tuple[str, LineMap]:
    """The text to parse and where its lines are (see the module doc)."""
    text = document.text
    origin = run.origins.find(text)
    if origin is not None:
        source = run.file_lines(origin.file)
        if source is not None:
            if origin.template:
                return text, aligned_map(origin.file, text, source, 1)
            return text, offset_map(origin.file, len(split_lines(text)), 1)
    tf_file = resource.location.file
    heredoc = heredoc_body(run.file_lines(tf_file), attribute_line)
    if heredoc is not None:
        return text, aligned_map(tf_file, text, heredoc, attribute_line + 1)
    prefix = format_path(path)
    if any(key.startswith(prefix + ".") or key.startswith(prefix + "[") for key in resource.lines):
        value = document.value if document.value is not None else _json_value(text)
        if value is not None:
            rendered = keyed_json(value, lambda parts: resource.line_of((*path, *parts)),
                                  tf_file, attribute_line)
            if rendered is not None:
                return rendered
    return text, single_line_map(tf_file, attribute_line)


def _json_value(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _remapped(data: dict[str, Any], owner: Resource, base: str, lines: LineMap) -> Resource:
    resource = resource_from_json(data)
    _, _, local = resource.address.partition(":")
    remapped = {key: lines(line) for key, line in resource.lines.items()}
    start, end = lines(resource.location.start_line), lines(resource.location.end_line)
    if not lines.ordered:  # jsonencode() sorts keys: the resource ends at its last line
        end = max(end, *remapped.values()) if remapped else end
    attributes = {**resource.attributes, "api_resource": owner.address,
                  "api_resource_type": owner.type, "api_document": f"{base}:api"}
    return replace(resource, address=f"{base}:{local or resource.address}", scope=owner.scope,
                   lines=remapped, location=Location(lines.file, start, max(start, end)),
                   attributes=attributes)

