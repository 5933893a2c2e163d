"""Kong consumer credentials written in a decK file: recognising a literal secret (as opposed
to a vault reference or a decK environment placeholder) is the one Kong judgement the condition
language leaves to Python. The routes', services' and cors plugins' controls are declarative,
over the facts of the Kong view (compliance/resolve/kong/).
"""

from __future__ import annotations

import re
from typing import Any

from compliance.model import Outcome, Resource, Unknown
from compliance.parse.kong.entities import is_placeholder

# credential list -> the field holding its secret
_SECRET_FIELDS = {
    "keyauth_credentials": "key",
    "basicauth_credentials": "password",
    "jwt_secrets": "secret",
    "hmacauth_credentials": "secret",
    "oauth2_credentials": "client_secret",
}
_SYMMETRIC_JWT = re.compile(r"^HS\d+$", re.I)


def consumer_no_literal_credentials(resource: Resource, context: Any) -> Outcome:
    expected = ("credentials come from a vault reference or a decK environment placeholder, or "
                "are created outside the file")
    attributes = resource.attributes
    undecided = None
    for kind, field in _SECRET_FIELDS.items():
        if kind == "basicauth_credentials" and attributes.get("credentials_hashed") is True:
            continue  # with `_transform: false` the file holds password hashes
        credentials = attributes.get(kind)
        for index, credential in enumerate(credentials if isinstance(credentials, list) else []):
            if not isinstance(credential, dict):
                continue
            if kind == "jwt_secrets" and not _symmetric_jwt(credential.get("algorithm")):
                continue  # RS/ES/PS keys verify with the public key; `secret` is not used
            value = credential.get(field)
            path = (kind, index, field)
            if isinstance(value, str) and value:
                return Outcome.failed(path, value, expected)
            if isinstance(value, Unknown) and not is_placeholder(value):
                undecided = undecided or Outcome.unknown(path, value, expected)
    return undecided or Outcome.passed((), "no literal credential", expected)


def _symmetric_jwt(algorithm: Any) -> bool:
    return algorithm is None or (isinstance(algorithm, str) and bool(_SYMMETRIC_JWT.match(algorithm)))


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "kong_consumer_no_literal_credentials": consumer_no_literal_credentials,
}
