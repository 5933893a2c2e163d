"""Pulumi resources onto the resource model.

Resources of Terraform-based providers (aws, azure, gcp) are normalized onto Terraform type
names and snake_case attributes through the table in controls/pulumi-types.yaml, so the
catalog's Terraform checks apply to them unchanged (the engine lets `platform: terraform`
checks run on `platform: pulumi` resources). Other providers (aws-native, azure-native, ...)
keep their own type tokens and property names.

Pulumi's special values (an object with the signature key) are handled here too: secrets and
unknown values (computed at deployment) become `Unknown`. A secret in a stack export or a
preview is encrypted state, not a credential written in the source: it is never shown, and
the literal-secret controls do not report it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


from compliance import data_yaml
from compliance.model import Unknown, UnknownKind
from compliance.parse.terraform_shape import (
    MAP_ATTRIBUTES,
    lower_camel_snake,
    reshape,
    snake_keys,
)

SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
PREVIEW_SECRET = "[secret]"
SECRET_REASON = "secret value, encrypted in the stack"

TERRAFORM_BASED = frozenset({"aws", "azure", "gcp"})
# Types that are not resources a control looks at
SKIPPED_TYPE_PREFIXES = ("pulumi:pulumi:Stack", "pulumi:providers:")

# Map-valued attributes: their keys are the user's and are kept as written (Pulumi's
# `environment` holds its `variables` already in Terraform's spelling)
_MAP_ATTRIBUTES = MAP_ATTRIBUTES | {"environment"}


def snake(name: str) -> str:
    return lower_camel_snake(name)


def long_token(token: str) -> str:
    """`aws:s3:Bucket` -> `aws:s3/bucket:Bucket`; long tokens are returned unchanged."""
    parts = token.split(":")
    if len(parts) == 3 and "/" not in parts[1] and parts[2]:
        return f"{parts[0]}:{parts[1]}/{parts[2][0].lower()}{parts[2][1:]}:{parts[2]}"
    return token


@lru_cache(maxsize=1)
def type_table() -> dict[str, dict[str, Any]]:
    return data_yaml("controls", "pulumi-types.yaml")["types"]


def special(value: Any, unknown_reason: str = "known after deployment") -> Any:
    """Decode Pulumi's special values in `value`: secrets and unknowns `Unknown`, integral
    floats as ints. Other values are returned as they are."""
    if isinstance(value, dict):
        sig = value.get(SIG_KEY)
        if sig == SECRET_SIG:
            return Unknown(SECRET_REASON, kind=UnknownKind.SECRET_REFERENCE)
        if sig is not None:
            return Unknown(unknown_reason, kind=UnknownKind.APPLY_TIME)
        return {k: special(v, unknown_reason) for k, v in value.items()}
    if isinstance(value, list):
        return [special(v, unknown_reason) for v in value]
    if value == UNKNOWN_VALUE:
        return Unknown(unknown_reason, kind=UnknownKind.APPLY_TIME)
    if value == PREVIEW_SECRET:
        return Unknown(SECRET_REASON, kind=UnknownKind.SECRET_REFERENCE)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def normalize(token: str, properties: dict[str, Any]) -> tuple[str, dict[str, Any], str]:
    """(resource type, attributes, how it was mapped) of a Pulumi resource.

    `properties` must already be free of special values (see `special`). The third item is
    "terraform" (mapped through the table), "native" (kept as it is) or "unmapped" (a
    Terraform-based type the table does not list: kept under its token, snake_case)."""
    token = long_token(token)
    entry = type_table().get(token)
    if entry is not None:
        return entry["type"], reshape(properties, entry, snake, _MAP_ATTRIBUTES), "terraform"
    if token.split(":", 1)[0] in TERRAFORM_BASED:
        return token, snake_keys(properties, {}, snake, _MAP_ATTRIBUTES), "unmapped"
    return token, properties, "native"


def is_skipped_type(token: str) -> bool:
    return token.startswith(SKIPPED_TYPE_PREFIXES)


def name_from_urn(urn: str) -> str:
    return urn.rsplit("::", 1)[-1]
