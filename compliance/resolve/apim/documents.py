"""The policy document a resource holds: a standalone policy file, or the `policy_document`
that `resolve.embedded.apim` attached to a Terraform `azurerm_api_management*` resource (the
XML of `xml_content`, or of the service's `policy` block in azurerm 3.x, parsed like a file).

A document that can't be read has no attributes and says why (`unknown`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from compliance.model import Path, Resource, Unknown
from compliance.resolve.embedded.apim import DOCUMENT, HOLDERS


@dataclass(frozen=True)
class PolicyDoc:
    resource: Resource
    path: Path  # where the document (or what stands for it) is in the resource; () for a file
    attributes: dict[str, Any] | None  # the parsed document (see compliance.parse.apim)
    unknown: str | None = None  # why the document can't be read

    def label(self) -> str:
        if self.path:
            return self.resource.address
        return self.resource.location.file or self.resource.address

    def line(self, inner: Path = ()) -> int:
        """The file line of a path inside the document (an element, a section), as close as
        the resource knows it."""
        return self.resource.line_of(self.path + inner) or self.resource.location.start_line


def policy_document(resource: Resource) -> PolicyDoc | None:
    """The document `resource` holds; None when it holds none (a service without a `policy`
    block, or a resource that is not a policy)."""
    if resource.platform == "apim":
        return PolicyDoc(resource, (), resource.attributes) if resource.type == "apim_policy" else None
    if resource.type not in HOLDERS or DOCUMENT not in resource.attributes:
        return None
    document = resource.attributes[DOCUMENT]
    if isinstance(document, Unknown):
        return PolicyDoc(resource, (DOCUMENT,), None, document.reason)
    return PolicyDoc(resource, (DOCUMENT,), document)
