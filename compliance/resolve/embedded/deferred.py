"""The scan's entry points to the readers of embedded documents, which import a reader only
when the scan holds a resource it reads: most scans hold none, and the readers (with their
line alignment) cost start-up time. On resources that hold no document a reader changes
nothing, so skipping it is exact."""

from __future__ import annotations

from typing import Any

from compliance.model import TERRAFORM_SHAPED, Resource, ScanError
from compliance.resolve.embedded.holders import APIM_HOLDERS, OPENAPI_EMBEDDINGS


def embed_openapi(resources: list[Resource], errors: list[ScanError], *args: Any,
                  **kwargs: Any) -> tuple[list[Resource], list[ScanError]]:
    """openapi.embed_openapi, imported only when a resource may hold a document."""
    if not any(r.type in OPENAPI_EMBEDDINGS and r.platform in TERRAFORM_SHAPED
               for r in resources):
        return resources, errors
    from compliance.resolve.embedded.openapi import embed_openapi as embed

    return embed(resources, errors, *args, **kwargs)


def embed_apim_policies(resources: list[Resource], *args: Any, **kwargs: Any
                        ) -> list[Resource]:
    """apim.embed_apim_policies, imported only when a resource may hold policy XML."""
    if not any(r.platform == "terraform" and r.type in APIM_HOLDERS for r in resources):
        return resources
    from compliance.resolve.embedded.apim import embed_apim_policies as embed

    return embed(resources, *args, **kwargs)
