"""A template's values as CloudFormation resolves them before deploying, statically.

Known before deploy: parameter values (the scan's `--cfn-parameters`, else the template's
`Default`), `Mappings` (`Fn::FindInMap`), `Conditions` built from them, and the functions
over known values (`Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::If`,
`Fn::Base64`, `Fn::Length`, `Fn::ToJsonString`). Unknown until deploy: pseudo parameters
(`AWS::Region`, `AWS::AccountId`, ...), a resource's `Ref` and `Fn::GetAtt` (an `Unknown` whose
`refs` name the resource's address, so the reference graph still connects the two), imported
values, SSM parameter types and dynamic references (`{{resolve:...}}`). A string built from
known and unknown parts is unknown, its `partial` a `PartialText` with a placeholder for each
unknown part and its known stretches, as for Terraform templates, so an OpenAPI body written
with `Fn::Sub` is read and `arn:aws:iam::${AWS::AccountId}:root` is known not to be `*`.

A condition that can't be known stays unknown: `Fn::If` on it is unknown, and a resource
under it is kept (it may be created). A resource whose condition is known false is not
created and is dropped.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from compliance.model import Unknown, UnknownKind, has_unknown
from compliance.model.values import joined_pieces
from compliance.resolve.terraform.origins import PartialText, placeholder

NO_VALUE = object()  # AWS::NoValue: the property is left out
PSEUDO_PARAMETERS = frozenset({
    "AWS::AccountId", "AWS::NotificationARNs", "AWS::Partition", "AWS::Region",
    "AWS::StackId", "AWS::StackName", "AWS::URLSuffix",
})
_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")
# a stage's ARN written with the API's ID and the stage's name as text
_STAGE_ARN = re.compile(r"/restapis/\$\{([A-Za-z0-9]+)\}/stages/([A-Za-z0-9_-]+)$")
_DYNAMIC_REFERENCE = re.compile(r"\{\{resolve:(ssm|ssm-secure|secretsmanager):")
_MAX_DEPTH = 60


def pseudo_parameter(name: str) -> Unknown:
    """What `Ref AWS::Region` (and the other pseudo parameters) resolve to."""
    return Unknown(f"{name}, known at deploy", kind=UnknownKind.APPLY_TIME)


@dataclass
class Problem:
    path: tuple[str | int, ...]  # where in the template, for its line
    message: str


@dataclass
class Values:
    """Evaluates one template's expressions. `address(logical_id)` gives the address a
    resource is known by (its Terraform type and logical ID)."""

    template: dict[str, Any]
    parameters: dict[str, Any]  # the scan's values, by parameter name
    address: Callable[[str], str]
    aliases: dict[str, str] = field(default_factory=dict)  # "Api.Stage" -> a logical ID (SAM)
    problems: list[Problem] = field(default_factory=list)
    _conditions: dict[str, Any] = field(default_factory=dict)
    _evaluating: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.resources = self.template.get("Resources") or {}
        self.mappings = self.template.get("Mappings") or {}
        declared = self.template.get("Parameters") or {}
        self.parameter_values = {name: self._parameter(name, spec)
                                 for name, spec in declared.items() if isinstance(spec, dict)}

    # --- parameters and conditions ------------------------------------------------------

    def _parameter(self, name: str, spec: dict[str, Any]) -> Any:
        kind = str(spec.get("Type", "String"))
        if kind.startswith("AWS::SSM::Parameter::Value"):
            return Unknown(f"parameter {name}, read from SSM at deploy",
                           kind=UnknownKind.APPLY_TIME)
        if name in self.parameters:
            value = self.parameters[name]
        elif "Default" in spec:
            value = spec["Default"]
        else:
            return Unknown(f"parameter {name} has no default and no value was given",
                           kind=UnknownKind.NO_VALUE)
        if (kind == "CommaDelimitedList" or kind.startswith("List<")) and isinstance(value, str):
            return [item.strip() for item in value.split(",")]
        if kind == "Number" and isinstance(value, str):
            try:  # a parameters file gives every value as text
                return float(value) if "." in value else int(value)
            except ValueError:
                return value
        return value

    def condition(self, name: Any, path: tuple[str | int, ...]) -> bool | Unknown:
        """A named condition: True, False or Unknown."""
        if not isinstance(name, str):
            return Unknown("a condition that is not a name")
        if name in self._conditions:
            return self._conditions[name]
        declared = self.template.get("Conditions") or {}
        if name not in declared:
            self.problems.append(Problem(path, f"condition {name} is not declared in "
                                               "Conditions"))
            return Unknown(f"undeclared condition {name}")
        if name in self._evaluating:
            self.problems.append(Problem(("Conditions", name),
                                         f"condition {name} refers to itself"))
            return Unknown(f"circular condition {name}", kind=UnknownKind.CYCLE)
        self._evaluating.add(name)
        value = self._truth(declared[name], ("Conditions", name), 0)
        self._evaluating.discard(name)
        self._conditions[name] = value
        return value

    def _truth(self, expression: Any, path: tuple[str | int, ...], depth: int) -> bool | Unknown:
        if isinstance(expression, dict) and len(expression) == 1:
            (function, argument), = expression.items()
            here = (*path, function)
            if function == "Condition":
                return self.condition(argument, here)
            if function in ("Fn::And", "Fn::Or") and isinstance(argument, list):
                values = [self._truth(a, (*here, i), depth + 1) for i, a in enumerate(argument)]
                decisive = function == "Fn::Or"  # the value that settles it alone
                if any(v is decisive for v in values):
                    return decisive
                unknown = next((v for v in values if isinstance(v, Unknown)), None)
                return unknown if unknown is not None else not decisive
            if function == "Fn::Not" and isinstance(argument, list) and len(argument) == 1:
                value = self._truth(argument[0], (*here, 0), depth + 1)
                return value if isinstance(value, Unknown) else not value
            if function == "Fn::Equals" and isinstance(argument, list) and len(argument) == 2:
                left = self.evaluate(argument[0], (*here, 0), depth + 1)
                right = self.evaluate(argument[1], (*here, 1), depth + 1)
                if has_unknown(left) or has_unknown(right):
                    return Unknown("a condition on a value known at deploy",
                                   _refs(left) + _refs(right))
                return _comparable(left) == _comparable(right)
        if isinstance(expression, bool):
            return expression
        self.problems.append(Problem(path, "not a condition function (Fn::Equals, Fn::And, "
                                           "Fn::Or, Fn::Not, Condition)"))
        return Unknown("a condition that is not understood")

    # --- values -------------------------------------------------------------------------

    def evaluate(self, value: Any, path: tuple[str | int, ...], depth: int = 0) -> Any:
        if depth > _MAX_DEPTH:
            return Unknown("expression too deep", kind=UnknownKind.LIMIT)
        if isinstance(value, str):
            if _DYNAMIC_REFERENCE.search(value):
                return Unknown("a dynamic reference, resolved at deploy",
                               kind=UnknownKind.SECRET_REFERENCE)
            return value
        if isinstance(value, list):
            items = [self.evaluate(item, (*path, i), depth + 1) for i, item in enumerate(value)]
            return [item for item in items if item is not NO_VALUE]
        if isinstance(value, dict):
            if len(value) == 1:
                (key, argument), = value.items()
                if key == "Ref" or key.startswith("Fn::"):
                    return self._function(key, argument, (*path, key), depth)
            out = {}
            for key, item in value.items():
                evaluated = self.evaluate(item, (*path, key), depth + 1)
                if evaluated is not NO_VALUE:
                    out[key] = evaluated
            return out
        return value

    def _function(self, name: str, argument: Any, path: tuple[str | int, ...],
                  depth: int) -> Any:
        if name == "Ref":
            return self.ref(argument, path)
        if name == "Fn::GetAtt":
            target = argument.split(".", 1) if isinstance(argument, str) else argument
            if isinstance(target, list) and target and isinstance(target[0], str):
                return self._resource_value(target[0], ".".join(map(str, target[1:])), path)
            return Unknown("Fn::GetAtt of something that is not a resource attribute")
        if name == "Fn::If":
            if not (isinstance(argument, list) and len(argument) == 3):
                return self._malformed(name, path)
            truth = self.condition(argument[0], (*path, 0))
            if isinstance(truth, Unknown):
                branches = [self.evaluate(argument[i], (*path, i), depth + 1) for i in (1, 2)]
                if branches[0] == branches[1]:
                    return branches[0]
                return Unknown(f"Fn::If on {truth.reason}",
                               _refs(branches[0]) + _refs(branches[1]) + truth.refs)
            return self.evaluate(argument[1 if truth else 2], (*path, 1 if truth else 2),
                                 depth + 1)
        if name in ("Fn::ImportValue", "Fn::GetAZs", "Fn::Cidr"):
            return Unknown(f"{name}, known at deploy", kind=UnknownKind.APPLY_TIME)
        if name == "Fn::Transform":
            return Unknown("a macro (Fn::Transform), run by CloudFormation",
                           kind=UnknownKind.NOT_READ)
        if name in ("Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not"):
            return self._truth({name: argument}, path[:-1], depth + 1)
        evaluated = self.evaluate(argument, path, depth + 1)
        handler = _FUNCTIONS.get(name)
        if handler is None:
            self.problems.append(Problem(path, f"unknown intrinsic function {name}"))
            return Unknown(f"unknown function {name}")
        if name == "Fn::Sub":
            return self._sub(evaluated, path)
        if name == "Fn::FindInMap":
            return self._find_in_map(evaluated, path)
        if has_unknown(evaluated):
            return _partial(name, evaluated)
        try:
            result = handler(evaluated)
        except (TypeError, ValueError, IndexError, KeyError, AttributeError):
            return self._malformed(name, path)
        return result

    def _malformed(self, name: str, path: tuple[str | int, ...]) -> Unknown:
        self.problems.append(Problem(path, f"{name} with arguments it does not take"))
        return Unknown(f"malformed {name}")

    def ref(self, name: Any, path: tuple[str | int, ...]) -> Any:
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in PSEUDO_PARAMETERS:
            return pseudo_parameter(name)
        if isinstance(name, str) and name in self.parameter_values:
            return self.parameter_values[name]
        if isinstance(name, str) and name in self.resources:
            return self._resource_value(name, "", path)
        if isinstance(name, str) and name in self.aliases:  # SAM's `!Ref MyApi.Stage`
            return self._resource_value(self.aliases[name], "", path)
        self.problems.append(Problem(path, f"Ref to {name!r}, which is neither a parameter nor "
                                           "a resource of the template"))
        return Unknown(f"Ref to undeclared {name}")

    def _resource_value(self, name: str, attribute: str, path: tuple[str | int, ...]) -> Any:
        if name not in self.resources:
            self.problems.append(Problem(path, f"Fn::GetAtt of {name!r}, which is not a "
                                               "resource of the template"))
            return Unknown(f"attribute of undeclared {name}")
        what = f"{attribute} of {name}" if attribute else f"Ref {name}"
        target = self.aliases.get(f"{name}.{attribute}", name)
        return Unknown(what, (self.address(target),), kind=UnknownKind.APPLY_TIME)

    def _sub(self, argument: Any, path: tuple[str | int, ...]) -> Any:
        if isinstance(argument, Unknown):
            return argument  # a dynamic reference ({{resolve:...}}) written with Fn::Sub
        if isinstance(argument, str):
            text, variables = argument, {}
        elif isinstance(argument, list) and len(argument) == 2 and isinstance(argument[1], dict):
            text, variables = argument
        else:
            return self._malformed("Fn::Sub", path)
        if isinstance(text, Unknown):
            return text
        if not isinstance(text, str):
            return self._malformed("Fn::Sub", path)
        pieces: list[str] = []
        stretches: list[str | None] = []  # the known text, None for each unknown part
        unknowns: list[Unknown] = []
        position = 0
        for match in _SUB_VARIABLE.finditer(text):
            pieces.append(text[position:match.start()])
            stretches.append(text[position:match.start()])
            position = match.end()
            name = match.group(1).strip()
            if name.startswith("!"):  # ${!Literal} is written as ${Literal}
                pieces.append("${" + name[1:] + "}")
                stretches.append(pieces[-1])
                continue
            if name in variables:
                value = variables[name]
            elif "." in name and name.split(".", 1)[0] in self.resources:
                value = self._resource_value(*name.split(".", 1), path)
            else:
                value = self.ref(name, path)
            if isinstance(value, Unknown):
                unknowns.append(value)
                pieces.append(placeholder(name))
                stretches.append(None)
            elif isinstance(value, (dict, list)) or value is NO_VALUE:
                return self._malformed("Fn::Sub", path)
            else:
                pieces.append(_text(value))
                stretches.append(pieces[-1])
        pieces.append(text[position:])
        stretches.append(text[position:])
        joined = "".join(pieces)
        if not unknowns:
            return joined
        refs = tuple(dict.fromkeys([*(r for u in unknowns for r in u.refs),
                                    *self._stages_named(text)]))
        return _known_in_part(f"Fn::Sub with {unknowns[0].reason}", refs, joined,
                              unknowns[0].kind, stretches)

    def _stages_named(self, text: str) -> list[str]:
        """The stages an ARN `.../restapis/${Api}/stages/prod` names by their written name: it
        refers to them as surely as `${ProdStage}` would (a WAF association's resource)."""
        found = _STAGE_ARN.search(text)
        if found is None:
            return []
        api, name = found.groups()
        stages = []
        for logical_id, body in self.resources.items():
            properties = body.get("Properties") if isinstance(body, dict) else None
            if isinstance(properties, dict) and body.get("Type") == "AWS::ApiGateway::Stage" \
                    and properties.get("RestApiId") == {"Ref": api} \
                    and properties.get("StageName") == name:
                stages.append(self.address(logical_id))
        return stages

    def _find_in_map(self, argument: Any, path: tuple[str | int, ...]) -> Any:
        if not isinstance(argument, list) or len(argument) not in (3, 4):
            return self._malformed("Fn::FindInMap", path)
        keys, default = argument[:3], argument[3] if len(argument) == 4 else None
        if has_unknown(keys):
            return Unknown("Fn::FindInMap with keys known at deploy", _refs(keys))
        current: Any = self.mappings
        for key in keys:
            if not isinstance(current, dict) or _text(key) not in current:
                if isinstance(default, dict) and "DefaultValue" in default:
                    return default["DefaultValue"]
                self.problems.append(Problem(path, "Fn::FindInMap: no entry "
                                                   + "/".join(_text(k) for k in keys)))
                return Unknown("Fn::FindInMap of a missing entry")
            current = current[_text(key)]
        return current


def _known_in_part(reason: str, refs: tuple[str, ...], text: str, kind: Any,
                   stretches: list[str | None]) -> Unknown:
    """A text with placeholders for its unknown parts, and its known stretches (`pieces`:
    what a check can still tell of it, `arn:aws:iam::` and `:root` around an account ID), as
    Terraform's templates are."""
    partial = PartialText(reason, refs, text=text, pieces=joined_pieces(stretches))
    return Unknown(reason, refs, partial=partial, kind=kind)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _comparable(value: Any) -> Any:
    return _text(value) if isinstance(value, (bool, int, float)) else value


def _refs(value: Any) -> tuple[str, ...]:
    found: list[str] = []
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, Unknown):
            found += current.refs
        elif isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return tuple(dict.fromkeys(found))


def _join(argument: list[Any]) -> str:
    delimiter, items = argument
    if not isinstance(delimiter, str) or not isinstance(items, list):
        raise TypeError
    return delimiter.join(_text(item) for item in items)


def _select(argument: list[Any]) -> Any:
    index, items = argument
    if not isinstance(items, list):
        raise TypeError
    return items[int(index)]


def _split(argument: list[Any]) -> list[str]:
    delimiter, text = argument
    return text.split(delimiter)


def _partial(name: str, argument: Any) -> Unknown:
    """A function over unknown values: a joined text keeps its known parts."""
    refs = _refs(argument)
    if name == "Fn::Join" and isinstance(argument, list) and len(argument) == 2 \
            and isinstance(argument[0], str) and isinstance(argument[1], list):
        items = [item for item in argument[1] if not isinstance(item, (dict, list))]
        text = argument[0].join(placeholder(item.reason) if isinstance(item, Unknown)
                                else _text(item) for item in items)
        first = next(item for item in argument[1] if isinstance(item, Unknown)) \
            if any(isinstance(item, Unknown) for item in argument[1]) else Unknown(name)
        stretches: list[str | None] = []
        for index, item in enumerate(items):
            stretches += [argument[0]] if index else []
            stretches.append(None if isinstance(item, Unknown) else _text(item))
        if len(items) < len(argument[1]):  # a nested list or object: not a known text
            stretches = []
        return _known_in_part(f"Fn::Join with {first.reason}", refs, text, first.kind,
                              stretches)
    if name == "Fn::Select" and isinstance(argument, list) and len(argument) == 2 \
            and isinstance(argument[1], list) and isinstance(argument[0], int) \
            and 0 <= argument[0] < len(argument[1]):
        return argument[1][argument[0]]
    return Unknown(f"{name} of values known at deploy", refs)


_FUNCTIONS: dict[str, Callable[[Any], Any]] = {
    "Fn::Join": _join,
    "Fn::Select": _select,
    "Fn::Split": _split,
    "Fn::Base64": lambda text: base64.b64encode(_text(text).encode()).decode(),
    "Fn::Length": lambda items: len(items),
    "Fn::ToJsonString": lambda value: json.dumps(value, separators=(",", ":")),
    "Fn::Sub": lambda argument: argument,  # handled by Values._sub
    "Fn::FindInMap": lambda argument: argument,  # handled by Values._find_in_map
}
