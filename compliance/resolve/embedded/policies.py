"""IAM and resource-policy documents held in other resources, read into the statements they
grant and attached to the resource that holds them.

A Terraform root module's resources are read with the module (`resolve/terraform/build.py`,
and kept with it in the resolved-module cache); the rest after the build and after OpenAPI
documents are embedded, before the views: what holds its derived attribute already is not
read again (a document still answers the policies of its root module that name it).
Where the policies are:

    aws_iam_policy, aws_iam_role_policy,         `policy`: JSON text (a heredoc, `file()`,
    aws_iam_user_policy, aws_iam_group_policy,    `jsonencode(...)`) or
    aws_api_gateway_rest_api,                     `data.aws_iam_policy_document.x.json`
    aws_api_gateway_rest_api_policy,
    aws_s3_bucket (its legacy `policy`),          resource policies, the same
    aws_s3_bucket_policy, aws_kms_key,
    aws_kms_key_policy, aws_sqs_queue,
    aws_sqs_queue_policy, aws_sns_topic,
    aws_sns_topic_policy,
    aws_secretsmanager_secret,
    aws_secretsmanager_secret_policy,
    aws_efs_file_system_policy,
    aws_ecr_repository_policy
    aws_cloudwatch_log_destination_policy         `access_policy`, the same
    aws_elasticsearch_domain(_policy),            `access_policies`, the same
    aws_opensearch_domain(_policy)
    aws_iam_role                                  `inline_policy[*].policy`, the same; and
                                                  its trust policy, `assume_role_policy`
    data.aws_iam_policy_document                  its `statement` blocks
    openapi_api                                   `resource_policy`, the document's
                                                  `x-amazon-apigateway-policy`

Every distinct known text goes through the batch parser (`parse.batch.parse_many`: cached by
content, in worker processes when there are many) with the policy parser
(`compliance.parse.iam_policy`, which also gives the normal form of a statement). What is
read instead of parsed:

- a policy that is `data.aws_iam_policy_document.x.json`: the statement blocks of that data
  source in the same scope (root modules in different folders may use the same addresses),
  with the documents its `source_policy_documents` / `override_policy_documents` (and
  `source_json` / `override_json`) name merged in as the provider merges them (sources, its
  own statements, overrides; a Sid replaces an earlier statement with the same Sid): other
  policy documents through their `json`, or JSON texts; the statements are Unknown when one
  of them is;
- a `jsonencode(...)` whose object holds values known only after apply: its known parts,
  the unknown ones staying Unknown where they are;
- a heredoc or `templatefile()` known except for some interpolations: its text, each
  unknown interpolation a template placeholder (an Unknown) once parsed;
- an already structured value (the YAML of an OpenAPI document): as it is.

The holding resource gets one more attribute (`inline_iam_policies` on `aws_iam_role`: one
per inline policy, or Unknown when the blocks are; and `assume_role_iam_policy`, its trust
policy, in the same form as `iam_policy`):

    iam_policy
        at              where the policy is written (`policy`, `inline_policy[1].policy`,
                        `resource_policy`; `statement` for a policy document's blocks)
        document        the address of the data.aws_iam_policy_document it is read from
                        (a policy document's own address on that document); absent otherwise
        statements      the normalized statements (see `compliance.parse.iam_policy`), each
                        with `at`, where it is written in this resource (`policy.Statement[1]`,
                        `statement[0]`; `policy` for one read from a policy document); or
                        Unknown with the reason: the value is unresolved (a variable without
                        a value, a document that is not in the scan), or is not a policy (not
                        valid JSON, not an object, a shape AWS refuses)
        statements_at   where the list of statements is written (`policy.Statement`)

Lines: `iam_policy` is at the line of the attribute holding the policy; `.statements[i]` and
its elements (`.statements[i].Action`) at the lines they are written on when that is inside
the resource: a heredoc's text (aligned with it when interpolations add or remove lines),
the object of a `jsonencode()` (its nearest located key), an OpenAPI document, a policy
document's blocks. Otherwise (a `file()`, a policy document read through `.json`) every line
is the attribute's: evidence stays inside the resource.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import Any, Callable, Mapping

from compliance.model import (
    TERRAFORM_SHAPED,
    Path,
    Resource,
    Unknown,
    format_path,
    parse_path,
    value_from_json,
)
from compliance.model.values import join_path, path_prefixes
from compliance.parse.batch import Key, parse_many, text_key
from compliance.parse.cache import ParseCache
from compliance.parse.iam_policy import (
    BLOCK_NAMES,
    NotAPolicy,
    statements_of,
    statements_of_blocks,
)
from compliance.parse.templates import mark_placeholders
from compliance.resolve.embedded.lines import aligned_map, heredoc_body, read_lines
from compliance.resolve.graph import base_address
from compliance.resolve.terraform.origins import PartialText

POLICY = "iam-policy"  # the parser kind
ATTRIBUTE = "iam_policy"
INLINE_ATTRIBUTE = "inline_iam_policies"
TRUST_ATTRIBUTE = "assume_role_iam_policy"
DOCUMENT = "data.aws_iam_policy_document"
_DOCUMENT_ADDRESS = re.compile(r"^(module\.[^.]+(\[[^\]]*\])?\.)*data\.aws_iam_policy_document\.")
# Terraform type -> the policies it holds: (the attribute they are attached as, where they
# are written; "*": every item of a list). Pulumi resources of Terraform-based providers
# carry the same types (compliance/parse/pulumi)
_POLICY: tuple[tuple[str, Path], ...] = ((ATTRIBUTE, ("policy",)),)
_ACCESS_POLICIES: tuple[tuple[str, Path], ...] = ((ATTRIBUTE, ("access_policies",)),)
_TERRAFORM_HOLDERS: dict[str, tuple[tuple[str, Path], ...]] = {
    **dict.fromkeys(("aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy",
                     "aws_iam_group_policy", "aws_api_gateway_rest_api",
                     "aws_api_gateway_rest_api_policy"), _POLICY),
    "aws_iam_role": ((INLINE_ATTRIBUTE, ("inline_policy", "*", "policy")),
                     (TRUST_ATTRIBUTE, ("assume_role_policy",))),
    # resource policies of data stores
    **dict.fromkeys(("aws_s3_bucket", "aws_s3_bucket_policy", "aws_kms_key",
                     "aws_kms_key_policy", "aws_sqs_queue", "aws_sqs_queue_policy",
                     "aws_sns_topic", "aws_sns_topic_policy", "aws_secretsmanager_secret",
                     "aws_secretsmanager_secret_policy", "aws_efs_file_system_policy",
                     "aws_ecr_repository_policy"),
                    _POLICY),
    **dict.fromkeys(("aws_elasticsearch_domain", "aws_elasticsearch_domain_policy",
                     "aws_opensearch_domain", "aws_opensearch_domain_policy"),
                    _ACCESS_POLICIES),
    "aws_cloudwatch_log_destination_policy": ((ATTRIBUTE, ("access_policy",)),),
}
HOLDERS: dict[tuple[str, str], tuple[tuple[str, Path], ...]] = {
    **{(platform, type_): held for type_, held in _TERRAFORM_HOLDERS.items()
       for platform in TERRAFORM_SHAPED},
    ("openapi", "openapi_api"): ((ATTRIBUTE, ("resource_policy",)),),
}
# the types of the resources embed_policies reads: policy documents and the holders
_TYPES_READ = frozenset({DOCUMENT, *(type_ for _platform, type_ in HOLDERS)})

LineOf = Callable[[Path], int]  # a path of the holding resource -> its line
Read = tuple[dict[str, Any], LineOf]  # a policy object, and where its parts are written


@dataclass
class _Found:
    """One policy value of a resource, and the text to parse when there is one."""

    resource: Resource
    path: Path
    value: Any
    text: str | None = None
    partial: bool = False  # the text has placeholders for unknown interpolations


def embed_policies(resources: list[Resource], root: FilePath, cache: ParseCache | None = None,
                   workers: int | None = None, contents: Mapping[str, bytes] | None = None,
                   ) -> list[Resource]:
    """`resources` with the statements of the policies they hold attached (see the module
    doc); `contents`: the scanned files' bytes by relpath (`read_lines`)."""
    reader = _Reader(root, contents)
    own: dict[int, Read] = {}
    found: dict[tuple[int, str, Path], list[_Found] | Unknown] = {}
    for index, resource in enumerate(resources):
        if resource.type not in _TYPES_READ:  # most of a scan's resources
            continue
        # what was read already (a Terraform root module's, with the module: its documents
        # merged) is not read again; its documents still answer OpenAPI resource policies
        if resource.platform == "terraform" and resource.type == DOCUMENT:
            key = (resource.scope, base_address(resource.address))
            if ATTRIBUTE in resource.derived:
                read = (resource.attributes[ATTRIBUTE], _own_lines(resource))
            else:
                read = own[index] = _own_policy(resource)
            reader.documents.setdefault(key, []).append(read)
            reader.document_resources[key] = resource
        for attribute, pattern in HOLDERS.get((resource.platform, resource.type), ()):
            if attribute not in resource.derived:
                found[(index, attribute, pattern)] = _policy_values(resource, pattern)
    texts = [item.text for items in found.values() if isinstance(items, list)
             for item in items if item.text is not None]
    reader.parsed = parse_many(((text_key(POLICY, text), text) for text in texts),
                               cache or ParseCache(None), workers)
    merged = {index: (_merged(resources[index], policy, reader), line_of)
              for index, (policy, line_of) in own.items()}
    for index, read in merged.items():  # a policy read through `.json` gets the merged one
        key = (resources[index].scope, base_address(resources[index].address))
        reader.documents[key] = [read if item is own[index] else item
                                 for item in reader.documents[key]]
    own = merged
    result = list(resources)
    for index, (policy, line_of) in own.items():
        result[index] = resources[index].with_facts({ATTRIBUTE: policy},
                                                    _lines_of(ATTRIBUTE, policy, line_of))
    for (index, attribute, pattern), items in found.items():
        result[index] = _attached(result[index], attribute, pattern, items, reader)
    return result


def _attached(resource: Resource, attribute: str, pattern: Path,
              items: list[_Found] | Unknown, reader: "_Reader") -> Resource:
    """`resource` with the policy written at `pattern` as `attribute` (`iam_policy`); for
    the policies of a list of blocks (`inline_iam_policies`), a list of them."""
    if not items:  # no policy written (an Unknown is never empty: `not` is False for it)
        return resource
    lines = {attribute: resource.line_of(pattern[:1]) or resource.location.start_line}
    if isinstance(items, Unknown):  # the blocks holding the policies are unknown
        return resource.with_facts({attribute: items}, lines)
    if "*" not in pattern:
        policy, line_of = reader.read(items[0])
        return resource.with_facts({attribute: policy}, _lines_of(attribute, policy, line_of))
    policies = []
    for position, item in enumerate(items):
        policy, line_of = reader.read(item)
        policies.append(policy)
        lines.update(_lines_of(f"{attribute}[{position}]", policy, line_of))
    return resource.with_facts({attribute: policies}, lines)


# --- finding the policies ------------------------------------------------------------------


def _policy_values(resource: Resource, pattern: Path) -> list[_Found] | Unknown:
    """The policy values a resource holds at `pattern` (in order), or Unknown when a list on
    the way to them is."""
    found: list[_Found] = []
    stack: list[tuple[Any, Path, Path]] = [(resource.attributes, (), pattern)]
    while stack:
        value, path, rest = stack.pop()
        if not rest:
            if value is not None:
                found.append(_classified(resource, path, value))
        elif isinstance(value, Unknown):
            return value
        elif rest[0] == "*" and isinstance(value, list):
            stack.extend((item, (*path, i), rest[1:])
                         for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, dict) and rest[0] in value:
            stack.append((value[rest[0]], (*path, rest[0]), rest[1:]))
    return found


def _classified(resource: Resource, path: Path, value: Any) -> _Found:
    if isinstance(value, str):
        return _Found(resource, path, value, text=value)
    partial = value.partial if isinstance(value, Unknown) else None
    if (isinstance(partial, PartialText) and partial.text and not partial.base64
            and not _document_ref(value)):
        return _Found(resource, path, value, text=partial.text, partial=True)
    return _Found(resource, path, value)


def _document_ref(value: Unknown) -> str | None:
    """The data.aws_iam_policy_document an unresolved policy is the `json` of, if exactly one
    (in the root module or, as `module.x.data.aws_iam_policy_document.y`, in a module)."""
    if len(value.refs) == 1 and _DOCUMENT_ADDRESS.match(value.refs[0]):
        return base_address(value.refs[0])
    return None


# --- reading one policy --------------------------------------------------------------------
#
# A LineOf takes a path of the holding resource, with the normal form's element names
# (`policy.Statement[1].Action`, `statement[0].Action`).


def _own_policy(document: Resource) -> Read:
    """A policy document's statement blocks, where they are written."""
    policy = {"at": "statement", "document": document.address,
              "statements": statements_of_blocks(document.attributes.get("statement")),
              "statements_at": "statement"}
    return policy, _own_lines(document)


def _own_lines(document: Resource) -> LineOf:
    """Where a policy document's statements are written: a statement's element at the block
    argument it comes from."""
    def line_of(path: Path) -> int:
        written = path[:2] + tuple(BLOCK_NAMES.get(str(part), part) for part in path[2:3])
        return document.line_of(written) or document.location.start_line

    return line_of


# a policy document's arguments that merge other documents in, in the order they apply: the
# sources before its own statements, the overrides after (deprecated single-text forms too)
_MERGED_IN = (("source_policy_documents", "source"), ("source_json", "source"),
              ("override_policy_documents", "override"), ("override_json", "override"))


def _merged(document: Resource, policy: dict[str, Any], reader: "_Reader",
            seen: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A policy document's policy with the documents its `source_policy_documents` and
    `override_policy_documents` name merged in as the AWS provider merges them: sources first,
    then its own statements, then the overrides; a statement with a Sid replaces an earlier
    one with the same Sid. Unknown when a merged document is."""
    own = policy["statements"]
    sources: list[Any] = []
    overrides: list[Any] = []
    for name, role in _MERGED_IN:
        value = document.attributes.get(name)
        items = value if isinstance(value, list) else [] if value is None else [value]
        if isinstance(value, Unknown):
            return {**policy, "statements": Unknown(f"{name} is not known: {value.reason}",
                                                    value.refs, kind=value.kind)}
        for position, item in enumerate(items):
            at = format_path((name, position) if isinstance(value, list) else (name,))
            statements = _merged_statements(document, item, at, reader, seen)
            if isinstance(statements, Unknown):
                return {**policy, "statements": statements}
            (sources if role == "source" else overrides).extend(statements)
    if not sources and not overrides or isinstance(own, Unknown):
        return policy
    statements = list(sources)
    for statement in [*own, *overrides]:
        _put_by_sid(statements, statement)
    return {**policy, "statements": statements}


def _merged_statements(document: Resource, item: Any, at: str, reader: "_Reader",
                       seen: frozenset[str]) -> list[Any] | Unknown:
    """The statements of one merged-in document: another policy document's (through its
    `json`) or a JSON text's, each located at the argument that names it."""
    if isinstance(item, Unknown):
        address = _document_ref(item)
        found = reader.documents.get((document.scope, address), []) if address else []
        if len(found) != 1 or address in seen:
            return Unknown(f"{at} is not known: {item.reason}", item.refs, kind=item.kind)
        other = found[0][0]
        merged = _merged(_by_address(reader, document.scope, address), other, reader,
                         seen | {document.address})
        statements = merged["statements"]
    else:
        try:
            statements, _ = statements_of(json.loads(item) if isinstance(item, str) else item)
        except (ValueError, NotAPolicy) as problem:
            return Unknown(f"{at} is not a policy: {problem}")
    if isinstance(statements, Unknown):
        return statements
    return [{**s, "at": at} if isinstance(s, dict) else s for s in statements]


def _by_address(reader: "_Reader", scope: str, address: str) -> Resource:
    return reader.document_resources[(scope, address)]


def _put_by_sid(statements: list[Any], statement: Any) -> None:
    sid = statement.get("Sid") if isinstance(statement, dict) else None
    if sid:
        for index, earlier in enumerate(statements):
            if isinstance(earlier, dict) and earlier.get("Sid") == sid:
                statements[index] = statement
                return
    statements.append(statement)


@dataclass
class _Reader:
    """What reading a policy value needs: the policy documents by (scope, address), the parsed
    texts, and the files heredocs are written in."""

    root: FilePath
    contents: Mapping[str, bytes] | None  # the scanned files' bytes, by relpath
    documents: dict[tuple[str, str], list[Read]] = field(default_factory=dict)
    document_resources: dict[tuple[str, str], Resource] = field(default_factory=dict)
    parsed: dict[Key, dict[str, Any]] = field(default_factory=dict)
    files: dict[str, list[str] | None] = field(default_factory=dict)

    def read(self, item: _Found) -> Read:
        """The policy object of one value (see the module doc) and where its parts are."""
        resource, path, value = item.resource, item.path, item.value
        attribute_line = resource.line_of(path) or resource.location.start_line
        address = _document_ref(value) if isinstance(value, Unknown) else None
        documents = self.documents.get((resource.scope, address), []) if address else []
        if len(documents) == 1:  # read through `.json`: every statement is at the attribute
            return _through(documents[0][0], path), lambda _: attribute_line
        if item.text is not None:
            result = self.parsed[text_key(POLICY, item.text)]
            read = result.get("policy")
            if read is None:  # a partial text that no longer parses: nothing is known
                error = (result.get("errors") or [{"message": "not a policy"}])[0]["message"]
                return (_policy(path, value if item.partial else Unknown(error), ""),
                        lambda _: attribute_line)
            statements = value_from_json(read["statements"])
            if item.partial:  # the placeholders of unknown interpolations are unknown
                statements = mark_placeholders(statements)
            return (_policy(path, statements, read["statements_at"]),
                    self._text_lines(resource, path, item.text, read["lines"]))
        if isinstance(value, Unknown) and value.partial is not None:
            value = value.partial  # jsonencode() of an object with unknown values
        try:
            statements, statements_at = statements_of(value)
        except NotAPolicy as problem:
            statements, statements_at = Unknown(str(problem)), ""
        return _policy(path, statements, statements_at), _KeyedLines(resource)

    def _text_lines(self, resource: Resource, path: Path, text: str,
                    lines: dict[str, int]) -> LineOf:
        """Lines of a parsed text: the keys of a jsonencode() the resolver located, else where
        a heredoc in the resource writes them, else the attribute's line."""
        attribute_line = resource.line_of(path) or resource.location.start_line
        prefix = format_path(path)
        if any(key.startswith((prefix + ".", prefix + "[")) for key in resource.lines):
            return _KeyedLines(resource)
        file = resource.location.file
        if file not in self.files:
            self.files[file] = read_lines(self.root, file, self.contents)
        body = heredoc_body(self.files[file], attribute_line)
        if body is None:
            return lambda _: attribute_line
        where = aligned_map(file, text[:-1] if text.endswith("\n") else text, body,
                            attribute_line + 1)

        def line_of(full: Path) -> int:
            inner = full[len(path):]
            for end in range(len(inner), 0, -1):
                line = lines.get(format_path(inner[:end]))
                if line is not None:
                    return where(line)
            return attribute_line

        return line_of


def _through(document: dict[str, Any], path: Path) -> dict[str, Any]:
    """A policy document's statements as the policy at `path` reads them (its `json`)."""
    at = format_path(path)
    statements = document["statements"]
    if isinstance(statements, list):
        statements = [{**s, "at": at} if isinstance(s, dict) else s for s in statements]
    return {"at": at, "document": document["document"], "statements": statements,
            "statements_at": at}


def _policy(path: Path, statements: list[Any] | Unknown, statements_at: str) -> dict[str, Any]:
    """The policy object at `path`, its statements' `at` made paths of the holding resource."""
    def located(relative: str) -> str:
        return format_path((*path, *parse_path(relative)))

    if isinstance(statements, list):
        statements = [{**s, "at": located(s["at"])} if isinstance(s, dict) else s
                      for s in statements]
    return {"at": format_path(path), "statements": statements,
            "statements_at": located(statements_at)}


# --- lines ---------------------------------------------------------------------------------


class _KeyedLines:
    """Lines of a structured value: its nearest located key (a jsonencode() object, an OpenAPI
    document)."""

    __slots__ = ("resource",)

    def __init__(self, resource: Resource):
        self.resource = resource

    def __call__(self, path: Path) -> int:
        return self.resource.line_of(path) or self.resource.location.start_line

    def of_elements(self, at: Path, elements: list[str]) -> list[int]:
        """`[self((*at, element)) for element in elements]`, the path of `at` written once:
        a statement's elements are each looked up under it."""
        resource = self.resource
        prefixes = path_prefixes(at)
        found = resource.line_of_prefixes(prefixes)
        base, lines = prefixes[-1] if prefixes else "", resource.lines
        result = []
        for element in elements:
            line = lines.get(join_path(base, element))
            line = found if line is None else line
            result.append(line or resource.location.start_line)
        return result


def _lines_of(name: str, policy: dict[str, Any], line_of: LineOf) -> dict[str, int]:
    """The lines of the derived attribute `name` holding `policy`."""
    lines = {name: line_of(parse_path(policy["at"])),
             f"{name}.statements": line_of(parse_path(policy["statements_at"]))}
    statements = policy["statements"]
    for index, statement in enumerate(statements if isinstance(statements, list) else []):
        if not isinstance(statement, dict):
            continue
        at, key = parse_path(statement["at"]), f"{name}.statements[{index}]"
        lines[key] = line_of(at)
        elements = [element for element in statement if element != "at"]
        found = line_of.of_elements(at, elements) if isinstance(line_of, _KeyedLines) else \
            [line_of((*at, element)) for element in elements]
        lines.update(zip((f"{key}.{element}" for element in elements), found))
    return lines
