"""Credentials written in Terraform configuration as plain strings.

Three places are checked, by three controls:

- `variable` blocks: a credential as the literal `default` (`tf_variable_secret_default`);
- `provider` blocks: credential arguments with literal values (`tf_literal_credentials`);
- resources and data sources: credential arguments with literal values, and the values of
  arguments that hold nothing but a secret (`aws_secretsmanager_secret_version.secret_string`,
  a `SecureString` `aws_ssm_parameter`, ...) (`tf_literal_credentials`).

An argument *names a credential* when the last word of its name is `password`, `passwd`,
`pass`, `passphrase`, `secret`, `token` or `credential(s)`, or its last two words are `api
key`, `access key`, `secret key`, `private key`, `signing key`, `auth key` or `connection
string` (plurals too; a trailing `value`, `base`, `b64`, `base64`, `wo` or number is ignored).
So `db_password`, `auth_token`, `client_secret` and `STRIPE_SECRET_KEY` name credentials;
`password_length`, `secret_name`, `auth_token_update_strategy` and `token_url` do not.
Name/value pairs (`{name = "DB_PASSWORD", value = "..."}`, as in ECS container definitions or
CodeBuild environment variables) are judged by their `name`.

A value *is a credential in clear* when it is a non-empty string under such a name that is not
obviously something else (a file path, an ARN, a `$VAR` reference, a switch or a small number),
or when, whatever its name, it looks like one (`masking.looks_like_secret`: cloud access keys,
private key blocks, GitHub/Slack/Stripe tokens, JWTs) or is a URL with a password in it.

Literal or not: the resolver hands over values, not the expressions that produced them, so a
value that came from a variable's default looks the same as one written in the resource. A
value equal to a string default of a variable of the same module is therefore left to the
variable control and not reported again where it is used. Values that the resolver cannot know
(a variable without a default, `random_password`, a data source, a secret manager lookup) are
`Unknown` and are never reported: that is the right way to pass a credential. Values from a
`.tfvars` file, a `locals` block or a module argument are literals somewhere in the
configuration: they are reported where they are used.

A fourth check, `ecs_environment_credentials`, looks at where a credential goes rather than
where it comes from: a credential-named entry of an ECS container's plain `environment` (the
`containers` of the ECS view) is stored in the task definition in clear, whether it was written
literally or filled in at apply from a secret store. It fails on a literal credential and on a
value read from an attribute that holds a secret (`secret_string`, `random_password`'s
`result`, an SSM parameter's `value`, a `var.db_password`); a value read from an ARN, id or
name is a pointer, not the secret, and is not reported; any other value known only at apply
is unknown. In a CloudFormation template, a dynamic reference (`{{resolve:...}}`) is the
secret itself, and a resource's `Ref` a pointer.
"""

from __future__ import annotations

import json
import posixpath
import weakref
from typing import Any, Iterator

from compliance.model import Outcome, Path, Resource, Unknown, UnknownKind
from compliance.model.masking import (
    is_credential_value,
    looks_like_credential,
    named_credential_in_clear,
    names_credential,
)
from compliance.parse.terraform_shape import pascal_snake

# --- walking attributes ----------------------------------------------------------------------

Hit = tuple[Path, Any]  # where a credential in clear sits, and its value


def _walk(value: Any, path: Path, name: str | None) -> list[Hit]:
    """Credentials in clear inside `value`, found at `path` under the argument `name`, in
    order. (A list filled by plain recursion: this reads every attribute of every resource,
    where nested generators cost time at each level.)"""
    hits: list[Hit] = []
    _walk_into(value, path, name, hits)
    return hits


def _walk_into(value: Any, path: Path, name: str | None, hits: list[Hit]) -> None:
    if isinstance(value, Unknown) or value is None:
        return
    if isinstance(value, str):
        if _credential_text(value, name):
            hits.append((path, value))
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            _walk_into(item, path + (index,), name, hits)
        return
    if not isinstance(value, dict):
        return
    pair_name, pair_value_key = _pair(value)
    for key, item in value.items():
        inner_name = pair_name if key == pair_value_key else str(key)
        _walk_into(item, path + (key,), inner_name, hits)


def _credential_text(value: str, name: str | None) -> bool:
    """A credential in clear: a credential-like value under a credential's name, or a value
    that is one by its shape alone."""
    return (name is not None and named_credential_in_clear(name, value)) \
        or looks_like_credential(value)


def _pair(value: dict[str, Any]) -> tuple[Any, str | None]:
    """A name/value pair (`{name: DB_PASSWORD, value: ...}`, not a reference to a store): its
    name, and the key of the value that stands under that name; else (None, None)."""
    pair_name = value.get("name", value.get("Name"))
    pair_value_key = "value" if "value" in value else "Value" if "Value" in value else None
    if isinstance(pair_name, str) and pair_value_key is not None and \
            str(value.get("type", "")).upper() not in ("PARAMETER_STORE", "SECRETS_MANAGER"):
        return pair_name, pair_value_key
    return None, None


def _json_walk(text: Any, path: Path) -> Iterator[Hit]:
    """Credentials inside a JSON document held as a string (reported at the string)."""
    if not isinstance(text, str):
        return
    try:
        document = json.loads(text)
    except ValueError:
        return
    for _inner, value in _walk(document, (), None):
        yield path, value


# Arguments whose whole value is a secret, by resource type (a JSON object is looked into
# instead: a secret_string of {"host": ..., "port": ...} holds no credential).
_SECRET_VALUED: dict[str, tuple[str, ...]] = {
    "aws_secretsmanager_secret_version": ("secret_string", "secret_string_wo", "secret_binary"),
    "aws_api_gateway_api_key": ("value",),
    "azurerm_key_vault_secret": ("value", "value_wo"),
    "google_secret_manager_secret_version": ("secret_data", "secret_data_wo"),
    "vault_generic_secret": ("data_json",),
    "vault_kv_secret_v2": ("data_json",),
}
# JSON documents (strings) whose name/value pairs are worth reading.
_JSON_ARGUMENTS = frozenset({"container_definitions", "container_properties"})


def _whole_value_secret(value: Any, path: Path) -> Iterator[Hit]:
    if not isinstance(value, str) or not value.strip():
        return
    try:
        document = json.loads(value)
    except ValueError:
        document = None
    if isinstance(document, (dict, list)):
        yield from _json_walk(value, path)
    elif is_credential_value(value) or looks_like_credential(value):
        yield path, value


def _arguments(resource: Resource) -> dict[str, Any]:
    """The attributes written in the configuration: not those a view derived (an embedded
    policy parsed, an effective policy), which hold other resources' values or none at all."""
    if not resource.derived:
        return resource.attributes
    return {key: value for key, value in resource.attributes.items()
            if key not in resource.derived}


def _resource_hits(resource: Resource) -> Iterator[Hit]:
    attributes = _arguments(resource)
    special = set(_SECRET_VALUED.get(resource.type, ()))
    if resource.type == "aws_ssm_parameter" and str(attributes.get("type", "")) == "SecureString":
        special |= {"value", "value_wo"}
    for key, value in attributes.items():
        path: Path = (key,)
        if key in special:
            yield from _whole_value_secret(value, path)
        elif key in _JSON_ARGUMENTS and isinstance(value, str):
            yield from _json_walk(value, path)
        else:
            yield from _walk(value, path, key)


def _holds_credentials(resource: Resource) -> bool:
    """Whether the block has a credential argument at all (set or not, literal or not).

    That is `_has_credential_argument(arguments)` or any of `_resource_hits(resource)`,
    decided in one walk (two walked every attribute of every resource twice): with no
    whole-value secret argument on these types, a hit is one found by `_walk` under each
    argument, or inside a JSON argument's document."""
    if resource.type in _SECRET_VALUED or resource.type == "aws_ssm_parameter":
        return True
    arguments = _arguments(resource)
    pair_name = arguments.get("name")
    if isinstance(pair_name, str) and "value" in arguments and names_credential(pair_name):
        return True
    for key, value in arguments.items():
        if names_credential(str(key)):
            return True
        if key in _JSON_ARGUMENTS and isinstance(value, str):
            if any(True for _ in _json_walk(value, (key,))):
                return True
        elif _credential_in(value, key):
            return True
    return False


def _credential_in(value: Any, name: str | None) -> bool:
    """`_has_credential_argument(value) or bool(_walk(value, path, name))`, stopping at the
    first credential name or value."""
    if isinstance(value, Unknown) or value is None:
        return False
    if isinstance(value, str):
        return _credential_text(value, name)
    if isinstance(value, list):
        return any(_credential_in(item, name) for item in value)
    if not isinstance(value, dict):
        return False
    name_only = value.get("name")  # the pair as _has_credential_argument reads it
    if isinstance(name_only, str) and "value" in value and names_credential(name_only):
        return True
    pair_name, pair_value_key = _pair(value)  # and as _walk_into does
    for key, item in value.items():
        if names_credential(str(key)):
            return True
        if _credential_in(item, pair_name if key == pair_value_key else str(key)):
            return True
    return False


def _has_credential_argument(value: Any) -> bool:
    """Whether a key (or a name/value pair's name) anywhere in `value` names a credential."""
    if isinstance(value, dict):
        pair_name = value.get("name")
        if isinstance(pair_name, str) and "value" in value and names_credential(pair_name):
            return True
        for key, item in value.items():
            if names_credential(str(key)) or _has_credential_argument(item):
                return True
    elif isinstance(value, list):
        for item in value:
            if _has_credential_argument(item):
                return True
    return False


# --- literal or from a variable's default ----------------------------------------------------

_DEFAULTS: "weakref.WeakKeyDictionary[Any, dict[tuple[str, str, str], set[str]]]" = \
    weakref.WeakKeyDictionary()


def _module_prefix(resource: Resource) -> str:
    """"module.a." for module.a.aws_x.y, "" at the root (what a variable's address starts with)."""
    marker = f"{resource.type}.{resource.name}"
    if resource.type == "provider":
        marker = f"provider.{resource.name}"
    index = resource.address.rfind(marker)
    return resource.address[:index] if index > 0 else ""


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _variable_defaults(context: Any, resource: Resource) -> set[str]:
    """Every string in the defaults of the variables of the module `resource` belongs to.

    A module is known by its root module (scope), its address prefix and its folder: root
    modules in different folders share the empty prefix. (The scope keeps the check within it:
    a module folder called by two root modules declares the same defaults in each.)
    """
    index = getattr(context, "index", None)
    if index is None:
        return set()
    try:
        by_module = _DEFAULTS[index]
    except KeyError:
        by_module = {}
        for variable in index.by_type.get("variable", []):
            key = (variable.scope, variable.address[: variable.address.rfind("var.")],
                   posixpath.dirname(variable.location.file))
            by_module.setdefault(key, set()).update(
                s for s in _strings(variable.attributes.get("default")) if s)
        _DEFAULTS[index] = by_module
    return by_module.get((resource.scope, _module_prefix(resource),
                          posixpath.dirname(resource.location.file)), set())


# --- checks -----------------------------------------------------------------------------------

LITERAL_EXPECTED = ("credentials come from a variable without default, a secret store or a "
                    "generated value, not a literal string")


def tf_holds_credentials(resource: Resource, context: Any) -> Outcome:
    """For `where:`: passes on a block with a credential argument (or a credential-like value)."""
    if _holds_credentials(resource):
        return Outcome.passed((), None, "the block has credential arguments")
    return Outcome.failed((), None, "the block has credential arguments")


def tf_literal_credentials(resource: Resource, context: Any) -> Outcome:
    """Fails on a credential argument of a resource, data source or provider given literally."""
    from_variables = _variable_defaults(context, resource)
    for path, value in _resource_hits(resource):
        if isinstance(value, str) and value in from_variables:
            continue  # a variable's default: reported on the variable
        return Outcome.failed(path, value, LITERAL_EXPECTED)
    return Outcome.passed((), None, LITERAL_EXPECTED)


VARIABLE_EXPECTED = "no credential as the variable's default: leave it without default"


def _variable_hits(resource: Resource) -> Iterator[Hit]:
    default = resource.attributes.get("default")
    if named_credential_in_clear(resource.name, default):
        yield ("default",), default
    yield from _walk(default, ("default",), resource.name if isinstance(default, (dict, list))
                     else None)


def tf_variable_holds_credential(resource: Resource, context: Any) -> Outcome:
    """For `where:`: passes on a variable named as a credential, or with one in its default."""
    default = resource.attributes.get("default")
    if names_credential(resource.name) or _has_credential_argument(default) \
            or any(True for _ in _variable_hits(resource)):
        return Outcome.passed((), None, "the variable holds a credential")
    return Outcome.failed((), None, "the variable holds a credential")


def tf_variable_secret_default(resource: Resource, context: Any) -> Outcome:
    """Fails on a variable whose default is a credential in clear."""
    for path, value in _variable_hits(resource):
        return Outcome.failed(path, value, VARIABLE_EXPECTED)
    return Outcome.passed(("default",), resource.attributes.get("default"), VARIABLE_EXPECTED)


ECS_EXPECTED = ("credentials reach the container through `secrets` (valueFrom a Secrets Manager "
                "secret or SSM parameter), not plain `environment` values")

# the last attribute of an expression that yields the secret itself, beside credential names
_SECRET_ATTRIBUTES = frozenset({"secret_string", "secret_binary", "result", "value",
                                "plaintext", "secret_string_wo"})
# ... and those that yield a pointer to it
_POINTER_ATTRIBUTES = frozenset({"arn", "id", "name", "secret_id", "key_id", "version_id",
                                 "secret_arn", "path"})


_PLACEHOLDER = "template placeholder ${"


def _secret_expression(value: Unknown) -> bool | None:
    """Whether an apply-time value is a secret itself (True), a pointer to one (False), or
    can't be told (None), from the expression its reason starts with."""
    reason = value.reason
    if reason.startswith(_PLACEHOLDER) and reason.endswith("}"):  # `${var.x}` in a heredoc
        reason = reason[len(_PLACEHOLDER):-1]
    expression = reason.split(" ", 1)[0]
    return _attribute_verdict(expression.rstrip("]").rsplit(".", 1)[-1].split("[", 1)[0])


def _attribute_verdict(last: str) -> bool | None:
    if last in _POINTER_ATTRIBUTES:
        return False
    if last in _SECRET_ATTRIBUTES or names_credential(last):
        return True
    return None


def _cloudformation_secret(value: Unknown) -> bool | None:
    """The same for a template's value: a dynamic reference (`{{resolve:secretsmanager:...}}`)
    puts the secret itself into the task definition, a resource's `Ref` is its name, ID or
    ARN, and `Fn::GetAtt` is judged by the attribute's name (an SSM parameter's `Value`)."""
    if value.kind is UnknownKind.SECRET_REFERENCE:
        return True
    if not value.refs:
        return None  # a parameter without a value: can't tell what it holds
    if value.reason.startswith("Ref "):
        return False
    attribute, of, _ = value.reason.partition(" of ")
    if of and " " not in attribute:
        return _attribute_verdict(pascal_snake(attribute.rsplit(".", 1)[-1]))
    return None


def ecs_environment_credentials(resource: Resource, context: Any) -> Outcome:
    """Fails on a credential-named entry of an ECS container's `environment` (module doc)."""
    containers = resource.attributes.get("containers")
    if isinstance(containers, Unknown):
        return Outcome.unknown(("containers",), containers, ECS_EXPECTED)
    undecided: Outcome | None = None
    for i, container in enumerate(containers if isinstance(containers, list) else []):
        environment = container.get("environment") if isinstance(container, dict) else None
        if isinstance(environment, Unknown) and undecided is None:
            undecided = Outcome.unknown(("containers", i, "environment"), environment,
                                        ECS_EXPECTED)
        for j, entry in enumerate(environment if isinstance(environment, list) else []):
            if not isinstance(entry, dict) or not names_credential(entry.get("name")):
                continue
            value, at = entry.get("value"), ("containers", i, "environment", j, "value")
            if isinstance(value, Unknown):
                verdict = _cloudformation_secret(value) \
                    if resource.platform == "cloudformation" else _secret_expression(value)
                if verdict:
                    return Outcome.failed(at, value, ECS_EXPECTED)
                if verdict is None and undecided is None:
                    undecided = Outcome.unknown(at, value, ECS_EXPECTED)
            elif isinstance(value, str) and (named_credential_in_clear(entry.get("name"), value)
                                             or looks_like_credential(value)):
                return Outcome.failed(at, value, ECS_EXPECTED)
    return undecided or Outcome.passed(("containers",), None, ECS_EXPECTED)


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "ecs_environment_credentials": ecs_environment_credentials,
    "tf_holds_credentials": tf_holds_credentials,
    "tf_literal_credentials": tf_literal_credentials,
    "tf_variable_holds_credential": tf_variable_holds_credential,
    "tf_variable_secret_default": tf_variable_secret_default,
}
