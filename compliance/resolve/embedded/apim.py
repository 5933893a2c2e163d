"""API Management policy XML held in Terraform resources, parsed like a policy file and attached
to the resource that holds it.

Runs after Terraform resources are built and before the views. The XML is in `xml_content`
of `azurerm_api_management_policy`, `_product_policy`, `_api_policy` and
`_api_operation_policy`, and in `policy[0].xml_content` of `azurerm_api_management` (azurerm
3.x). Every distinct text goes through the batch parser (`parse.batch.parse_many`: cached by
content, in worker processes when there are many), with the policy file parser
(`compliance.parse.apim`). The holding resource gets one more attribute:

    policy_document   what the parser gives a standalone policy file (sections, elements,
                      convenience lists, `document_sha256`: see `compliance.parse.apim`), or
                      Unknown with the reason it can't be read: the XML is an unresolved value
                      (a variable without a value), comes from `xml_link` (fetched by Azure when
                      applied), is missing, or is not a valid `<policies>` document (the
                      parser's first error, with its line in the XML). A service without a
                      `policy` block gets none.

Lines: `policy_document` is at the line of the attribute holding the XML, and every path
inside it (`policy_document.inbound[2]`, `policy_document.cors[0].allowed_origins`) at the
line the element is written on when the XML is a heredoc in the resource (aligned with the
text when interpolations add or remove lines), else (`file()`, `templatefile()`, a local) at
the attribute's line: evidence stays inside the resource.

A standalone policy file whose text is also the XML of such a resource (read with `file()`)
stays a resource of its own, with one more attribute:

    embedded_in       the addresses of the Terraform resources holding the same document
                      (same `document_sha256`), which speak for it
"""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Any, Mapping

from compliance.model import Path, Resource, Unknown, UnknownKind, resource_from_json
from compliance.parse.batch import content_key, parse_many
from compliance.parse.cache import ParseCache
from compliance.resolve.embedded.holders import APIM_DOCUMENT, APIM_HOLDERS, APIM_SERVICE
from compliance.resolve.embedded.lines import (
    LineMap,
    aligned_map,
    heredoc_body,
    read_lines,
    single_line_map,
)

APIM = "apim"
DOCUMENT = APIM_DOCUMENT
EMBEDDED_IN = "embedded_in"
SERVICE = APIM_SERVICE
HOLDERS = APIM_HOLDERS


def embed_apim_policies(resources: list[Resource], root: FilePath, cache: ParseCache | None = None,
                        workers: int | None = None, contents: Mapping[str, bytes] | None = None,
                        ) -> list[Resource]:
    """`resources` with the policy XML of Terraform resources parsed and attached (see the
    module doc); `contents`: the scanned files' bytes by relpath (`read_lines`)."""
    found: dict[int, tuple[Path, str | Unknown]] = {}
    for index, resource in enumerate(resources):
        if resource.platform == "terraform" and resource.type in HOLDERS:
            xml = _policy_xml(resource)
            if xml is not None:
                found[index] = xml
    if not found:
        return resources
    texts = {index: xml.encode("utf-8", "surrogatepass") for index, (_, xml) in found.items()
             if isinstance(xml, str)}
    parsed = parse_many(((content_key(APIM, data), data) for data in texts.values()),
                        cache or ParseCache(None), workers)
    files: dict[str, list[str] | None] = {}
    result = list(resources)
    holders: dict[str, list[str]] = {}
    for index, (path, xml) in found.items():
        resource = resources[index]
        if isinstance(xml, Unknown):
            result[index] = _attached(resource, path, xml, {})
            continue
        document, lines = _document(parsed[content_key(APIM, texts[index])])
        if isinstance(document, dict):
            holders.setdefault(document.get("document_sha256"), []).append(resource.address)
            lines = _file_lines(resource, path, xml, lines, root, files, contents)
        result[index] = _attached(resource, path, document, lines)
    return [_mark_copy(resource, holders) for resource in result]


def _policy_xml(resource: Resource) -> tuple[Path, str | Unknown] | None:
    """Where the XML is and its text, or an Unknown saying why it can't be read; None for a
    service without a policy block."""
    holder: Any = resource.attributes
    prefix = HOLDERS[resource.type]
    if prefix:
        blocks = holder.get(prefix[0])
        if isinstance(blocks, Unknown):
            return prefix[:1], Unknown(f"policy block is {blocks}", kind=blocks.kind)
        if not blocks:
            return None
        holder = blocks[0]
        if not isinstance(holder, dict):
            return prefix, Unknown("policy block is unknown")
    xml, link = holder.get("xml_content"), holder.get("xml_link")
    if isinstance(xml, (str, Unknown)):
        if isinstance(xml, Unknown):
            xml = Unknown(f"xml_content is {xml}", kind=xml.kind)
        return prefix + ("xml_content",), xml
    if link is not None:
        return prefix + ("xml_link",), Unknown(
            f"the policy is fetched from xml_link {link} when applied", kind=UnknownKind.NOT_READ)
    return prefix + ("xml_content",), Unknown("no xml_content is set", kind=UnknownKind.NO_VALUE)


def _document(result: dict[str, Any]) -> tuple[dict[str, Any] | Unknown, dict[str, int]]:
    """The parsed policy's attributes and lines (by XML line), or why there are none."""
    for data in result.get("resources") or []:
        resource = resource_from_json(data)
        if resource.type == "apim_policy":
            return resource.attributes, resource.lines
    errors = result.get("errors") or [{"line": None, "message": "not a <policies> document"}]
    error = errors[0]
    where = f" (line {error['line']} of the XML)" if error.get("line") else ""
    return Unknown(f"{error['message']}{where}"), {}


def _file_lines(resource: Resource, path: Path, xml: str, lines: dict[str, int],
                root: FilePath, files: dict[str, list[str] | None],
                contents: Mapping[str, bytes] | None) -> dict[str, int]:
    """The document's lines (by XML line) as lines of the resource's file."""
    file = resource.location.file
    attribute_line = resource.line_of(path) or resource.location.start_line
    if file not in files:
        files[file] = read_lines(root, file, contents)
    body = heredoc_body(files[file], attribute_line)
    text = xml[:-1] if xml.endswith("\n") else xml  # a heredoc's text ends with its last line
    where: LineMap = (aligned_map(file, text, body, attribute_line + 1) if body is not None
                      else single_line_map(file, attribute_line))
    return {key: where(line) for key, line in lines.items()}


def _attached(resource: Resource, path: Path, document: dict[str, Any] | Unknown,
              lines: dict[str, int]) -> Resource:
    attribute_line = resource.line_of(path) or resource.location.start_line
    added = {DOCUMENT: attribute_line}
    added.update({f"{DOCUMENT}.{key}": line for key, line in lines.items()})
    return resource.with_facts({DOCUMENT: document}, added)


def _mark_copy(resource: Resource, holders: dict[str, list[str]]) -> Resource:
    """A standalone policy file holding the XML of a Terraform resource says so."""
    if resource.platform != APIM or resource.type != "apim_policy":
        return resource
    addresses = holders.get(resource.attributes.get("document_sha256"))
    if not addresses:
        return resource
    return resource.with_facts({EMBEDDED_IN: addresses})

