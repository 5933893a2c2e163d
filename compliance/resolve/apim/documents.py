"""The policy document a resource holds: a standalone policy file, or the XML of a Terraform
`azurerm_api_management*` resource (`xml_content`, or the `policy` block of the service in
azurerm 3.x), read with the same parser as standalone files.

A document that can't be read is `unknown` with the reason: the XML is an unresolved value
(a variable, `templatefile` of something unknown), comes from `xml_link` (fetched by Azure at
apply time), or is not valid XML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compliance.model import Path, Resource, Unknown, format_path
from compliance.parse.apim import read_policy

# Terraform resource type -> scope level of the policy it holds
TERRAFORM_POLICY_TYPES = {
    "azurerm_api_management_policy": "global",
    "azurerm_api_management": "global",  # its `policy` block (azurerm 3.x)
    "azurerm_api_management_product_policy": "product",
    "azurerm_api_management_api_policy": "api",
    "azurerm_api_management_api_operation_policy": "operation",
}


@dataclass
class PolicyDoc:
    resource: Resource
    attr_path: Path  # where the XML is in the resource; () for a standalone file
    attributes: dict[str, Any] | None  # the parsed document (see parsers.apim_policy)
    unknown: str | None = None  # why the document can't be read
    xml_lines: int = 0  # line count of embedded XML
    lines: dict[str, int] = field(default_factory=dict)  # attribute path -> line in the XML
    _heredoc: bool | None = field(default=None, repr=False)

    @property
    def embedded(self) -> bool:
        return bool(self.attr_path)

    def label(self) -> str:
        if self.embedded:
            return self.resource.address
        return self.resource.location.file or self.resource.address

    def line(self, xml_line: int | None) -> int:
        """The file line of a line of the document, as close as it can be known: inside a
        heredoc the XML's own lines are the file's, offset by the attribute's line; for XML
        from `file()` or any other expression, the attribute's line."""
        if not self.embedded:
            return xml_line or self.resource.location.start_line
        attr_line = self.resource.line_of(self.attr_path) or self.resource.location.start_line
        if xml_line and self._is_heredoc(attr_line):
            return attr_line + xml_line
        return attr_line

    def _is_heredoc(self, attr_line: int) -> bool:
        """Whether the XML is written as a heredoc right below the attribute: its closing
        marker fits in the resource and no other attribute lies in between."""
        if self._heredoc is None:
            closing = attr_line + self.xml_lines + 1
            own = format_path(self.attr_path)
            others = [line for path, line in self.resource.lines.items()
                      if path != own and not path.startswith((own + ".", own + "["))]
            self._heredoc = (self.xml_lines > 0 and closing <= self.resource.location.end_line
                             and not any(attr_line < line <= closing for line in others))
        return self._heredoc


def policy_document(resource: Resource, cache: dict[int, PolicyDoc | None] | None = None,
                    ) -> PolicyDoc | None:
    """The document `resource` holds; None when it holds none (a service without a `policy`
    block, or a resource that is not a policy)."""
    if cache is not None and id(resource) in cache:
        return cache[id(resource)]
    document = _read(resource)
    if cache is not None:
        cache[id(resource)] = document
    return document


def _read(resource: Resource) -> PolicyDoc | None:
    if resource.platform == "apim":
        if resource.type != "apim_policy":
            return None
        return PolicyDoc(resource, (), resource.attributes, lines=resource.lines)
    if resource.type not in TERRAFORM_POLICY_TYPES:
        return None
    holder: Any = resource.attributes
    prefix: Path = ()
    if resource.type == "azurerm_api_management":
        blocks = holder.get("policy")
        if isinstance(blocks, Unknown):
            return PolicyDoc(resource, ("policy",), None, f"policy block is {blocks}")
        if not blocks:
            return None
        holder, prefix = blocks[0], ("policy", 0)
        if not isinstance(holder, dict):
            return PolicyDoc(resource, prefix, None, "policy block is unknown")
    xml = holder.get("xml_content")
    link = holder.get("xml_link")
    if isinstance(xml, str):
        return _parse(resource, prefix + ("xml_content",), xml)
    if isinstance(xml, Unknown):
        return PolicyDoc(resource, prefix + ("xml_content",), None, f"xml_content is {xml}")
    if link is not None:
        return PolicyDoc(resource, prefix + ("xml_link",), None,
                         f"the policy is fetched from xml_link {link} when applied")
    return PolicyDoc(resource, prefix or ("xml_content",), None, "no xml_content is set")


def _parse(resource: Resource, path: Path, xml: str) -> PolicyDoc:
    document = read_policy(xml)
    lines = xml.count("\n")
    attributes = document["attributes"]
    if attributes is None or document["kind"] != "policy":
        error = document["errors"][0] if document["errors"] else {"line": None,
                                                                  "message": "not a <policies> document"}
        where = f" (line {error['line']} of the XML)" if error.get("line") else ""
        return PolicyDoc(resource, path, None, f"{error['message']}{where}", lines)
    return PolicyDoc(resource, path, attributes, None, lines, document["lines"])


def synthetic_resource(document: PolicyDoc) -> Resource:
    """The document as an `apim_policy` resource, for conditions written for standalone files."""
    source = document.resource
    lines = {key: document.line(line) for key, line in document.lines.items()}
    return Resource(platform="apim", type="apim_policy", name=source.name, address=source.address,
                    attributes=document.attributes or {}, location=source.location, lines=lines,
                    scope=source.scope)

