"""Which Terraform resources hold an embedded document: the tables of the readers (openapi.py,
apim.py), kept apart so that the scan can tell whether it needs a reader at all
(deferred.py)."""

from __future__ import annotations

from compliance.model import Path

# --- OpenAPI documents (openapi.py) ---------------------------------------------------------

_CONTENTS = ("openapi_documents", "*", "document", "*", "contents")
# Terraform type -> (path to the document attribute, is it base64-encoded)
OPENAPI_EMBEDDINGS: dict[str, tuple[tuple[str, ...], bool]] = {
    "aws_api_gateway_rest_api": (("body",), False),
    "aws_apigatewayv2_api": (("body",), False),
    "google_endpoints_service": (("openapi_config",), False),
    "google_api_gateway_api_config": (_CONTENTS, True),
}

# --- API Management policy XML (apim.py) ----------------------------------------------------

APIM_DOCUMENT = "policy_document"
APIM_SERVICE = "azurerm_api_management"
# Terraform type -> the path of the block holding xml_content / xml_link
APIM_HOLDERS: dict[str, Path] = {
    "azurerm_api_management_policy": (),
    "azurerm_api_management_product_policy": (),
    "azurerm_api_management_api_policy": (),
    "azurerm_api_management_api_operation_policy": (),
    APIM_SERVICE: ("policy", 0),  # azurerm 3.x
}

