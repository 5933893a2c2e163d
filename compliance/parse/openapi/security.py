"""Effective security of an OpenAPI operation: requirements expanded with their schemes.

`security` is a list of alternatives (any one requirement suffices); a requirement lists
schemes that must all be satisfied. So an empty requirement `{}` lets anonymous callers in,
and an API key is required only when every alternative includes one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compliance.model import Unknown
from compliance.parse.openapi.refs import RefResolver, Resolved, place_lines
from compliance.parse.templates import undecided_name
from compliance.parse.yaml_nodes import Problem, child_path

DEFINED, UNDEFINED, UNDECIDED = "defined", "undefined", "undecided"

# apiKey schemes that AWS turns into an authorizer (Lambda, Cognito, SigV4), not an API key
AWS_AUTHORIZER_KEYS = ("x-amazon-apigateway-authtype", "x-amazon-apigateway-authorizer")


@dataclass
class EffectiveSecurity:
    requirements: list[dict[str, Any]] | Unknown
    source: str  # "operation" | "document" | "none"
    authenticated: bool | Unknown
    api_key_required: bool | Unknown
    lines: dict[str, int] = field(default_factory=dict)  # relative to the requirement list


class SecuritySchemes:
    """The document's security schemes (securityDefinitions or components.securitySchemes),
    each resolved once."""

    def __init__(self, resolver: RefResolver, raw: Any, at: str):
        self.resolver = resolver
        self.raw = raw
        self.at = at
        self._resolved: dict[str, tuple[Resolved, str]] = {}

    def all(self) -> Resolved:
        if self.raw is None:
            return Resolved({})
        return self.resolver.resolve(self.raw, self.at)

    def lookup(self, name: str) -> tuple[Resolved, str]:
        """The resolved definition of a scheme and whether it is defined."""
        found = self._resolved.get(name)
        if found is None:
            found = self._resolved[name] = self._lookup(name)
        return found

    def _lookup(self, name: str) -> tuple[Resolved, str]:
        if isinstance(self.raw, Unknown):
            return Resolved(self.raw), UNDECIDED
        defined = self.raw if isinstance(self.raw, dict) else {}
        undecided = undecided_name(name, defined, "security scheme")
        if undecided is not None:
            return Resolved(undecided), UNDECIDED
        if name not in defined:
            return Resolved(Unknown(f"security scheme {name!r} is not defined")), UNDEFINED
        resolved = self.resolver.resolve(self.raw[name], child_path(self.at, name))
        return resolved, DEFINED if isinstance(resolved.value, dict) else UNDECIDED


def effective_security(operation: dict[str, Any], operation_at: str, document: dict[str, Any],
                       schemes: SecuritySchemes, problems: list[Problem]) -> EffectiveSecurity:
    """The operation's own `security` if it has one (`[]` included), else the document's."""
    if operation.get("security") is not None:
        return expand_security(operation["security"], child_path(operation_at, "security"),
                               "operation", schemes, problems)
    return document_security(document, schemes, problems)


def document_security(document: dict[str, Any], schemes: SecuritySchemes,
                      problems: list[Problem]) -> EffectiveSecurity:
    if document.get("security") is None:
        return EffectiveSecurity([], "none", False, False)
    return expand_security(document["security"], "security", "document", schemes, problems)


def expand_security(raw: Any, at: str, source: str, schemes: SecuritySchemes,
                    problems: list[Problem]) -> EffectiveSecurity:
    doc_lines = schemes.resolver.doc_lines
    lines: dict[str, int] = {}
    _set_line(lines, "", doc_lines.get(at))
    if isinstance(raw, Unknown):
        return EffectiveSecurity(raw, source, raw, raw, lines)
    if not isinstance(raw, list):
        problems.append(Problem(doc_lines.get(at), "security is not a list of requirements"))
        invalid = Unknown("security is not a list")
        return EffectiveSecurity(invalid, source, invalid, invalid, lines)
    requirements: list[Any] = []
    auth_verdicts: list[bool | Unknown] = []
    key_verdicts: list[bool | Unknown] = []
    for index, requirement in enumerate(raw):
        requirement_at = f"{at}[{index}]"
        _set_line(lines, f"[{index}]", doc_lines.get(requirement_at))
        if not isinstance(requirement, dict):
            if not isinstance(requirement, Unknown):
                problems.append(Problem(doc_lines.get(requirement_at),
                                        "security requirement is not a mapping"))
                requirement = Unknown("security requirement is not a mapping")
            requirements.append(requirement)
            auth_verdicts.append(requirement)
            key_verdicts.append(requirement)
            continue
        expanded, statuses = [], []
        for position, (name, scopes) in enumerate(requirement.items()):
            name_line = doc_lines.get(child_path(requirement_at, name))
            definition, status = schemes.lookup(name)
            if status == UNDEFINED:
                problems.append(Problem(name_line, f"security scheme {name!r} is not defined"))
            prefix = f"[{index}].schemes[{position}]"
            for suffix in ("", ".name", ".scopes"):
                _set_line(lines, prefix + suffix, name_line)
            place_lines(lines, prefix + ".definition", definition.lines)
            expanded.append({"name": name, "scopes": scopes, "definition": definition.value})
            statuses.append(status)
        _set_line(lines, f"[{index}].schemes", doc_lines.get(requirement_at))
        requirements.append({"schemes": expanded})
        auth_verdicts.append(_authenticates(expanded, statuses))
        key_verdicts.append(_has_api_key(expanded, statuses))
    return EffectiveSecurity(requirements, source, _every(auth_verdicts), _every(key_verdicts), lines)


def _authenticates(schemes: list[dict[str, Any]], statuses: list[str]) -> bool | Unknown:
    """A requirement authenticates when one of its schemes is defined."""
    if DEFINED in statuses:
        return True
    for scheme, status in zip(schemes, statuses):
        if status == UNDECIDED:
            definition = scheme["definition"]
            return definition if isinstance(definition, Unknown) else Unknown(
                f"security scheme {scheme['name']!r} is not a mapping")
    return False  # `{}`, or only schemes the document does not define


def _has_api_key(schemes: list[dict[str, Any]], statuses: list[str]) -> bool | Unknown:
    undecided: Unknown | None = None
    for scheme, status in zip(schemes, statuses):
        definition = scheme["definition"]
        if status == UNDECIDED:
            undecided = definition if isinstance(definition, Unknown) else Unknown(
                f"security scheme {scheme['name']!r} is not a mapping")
        elif status == DEFINED:
            scheme_type = definition.get("type")
            if isinstance(scheme_type, Unknown):
                undecided = scheme_type
            elif scheme_type == "apiKey" and not any(key in definition for key in AWS_AUTHORIZER_KEYS):
                return True
    return undecided if undecided is not None else False


def _every(verdicts: list[bool | Unknown]) -> bool | Unknown:
    """All true -> true; any false -> false; otherwise the first unknown. None at all: false."""
    if not verdicts or False in verdicts:
        return False
    for verdict in verdicts:
        if isinstance(verdict, Unknown):
            return verdict
    return True


def _set_line(lines: dict[str, int], path: str, line: int | None) -> None:
    if line is not None:
        lines[path] = line
