"""AWS SAM (`Transform: AWS::Serverless-2016-10-31`) into the CloudFormation resources it
creates, before values are resolved, so the same mapping and controls apply.

What is expanded, as SAM does it: `Globals` (Function, Api, HttpApi, SimpleTable) merged into
each resource (the resource's own properties win; lists are joined); `AWS::Serverless::Function`
into a Lambda function, its `FunctionUrlConfig` into a function URL, and each event of type
`Api` / `HttpApi` into an API Gateway method / route whose authorization is the event's `Auth`
(else the API's `DefaultAuthorizer`, else NONE), on the API it names or on the implicit API SAM
creates (`ServerlessRestApi`, stage Prod; `ServerlessHttpApi`, stage $default);
`AWS::Serverless::Api` into a REST API, its stage, its authorizers and its custom domain;
`AWS::Serverless::HttpApi` likewise into an HTTP API; `AWS::Serverless::SimpleTable` into a
DynamoDB table; `AWS::Serverless::StateMachine` into a Step Functions state machine.
`DefinitionBody` becomes the API's `Body`; `DefinitionUri` naming a local file is read as that
body, its lines in that file (an S3 location is not read: a notice says so).

A function without a `Role` gets the execution role SAM makes from its `Policies`
(compliance/resolve/cloudformation/sam_role.py; SAM's policy templates stay unknown). Not
expanded: event sources other than APIs. Each generated resource keeps the lines of the SAM
properties it came from.
"""

from __future__ import annotations

import copy
from pathlib import Path as FilePath
from typing import Any, Callable

from compliance.model import Path, ScanError
from compliance.parse.regular_files import read_regular
from compliance.resolve.cloudformation.sam_role import execution_role, role_id
from compliance.resolve.terraform.origins import TextOrigin, TextOrigins

TRANSFORM = "AWS::Serverless-2016-10-31"
IMPLICIT_REST_API = "ServerlessRestApi"
IMPLICIT_HTTP_API = "ServerlessHttpApi"
_GLOBALS = {"AWS::Serverless::Function": "Function", "AWS::Serverless::Api": "Api",
            "AWS::Serverless::HttpApi": "HttpApi", "AWS::Serverless::SimpleTable": "SimpleTable"}
# properties a function keeps under the same name
_FUNCTION_KEPT = ("FunctionName", "Runtime", "Handler", "Role", "KmsKeyArn", "MemorySize",
                  "Timeout", "ReservedConcurrentExecutions", "Environment", "VpcConfig",
                  "CodeSigningConfigArn", "Architectures", "Layers", "PackageType",
                  "Description", "Tags")
_STAGE_KEPT = ("AccessLogSetting", "MethodSettings", "TracingEnabled", "CacheClusterEnabled",
               "Variables", "CanarySetting")
_HTTP_STAGE_KEPT = ("AccessLogSettings", "DefaultRouteSettings", "RouteSettings",
                    "StageVariables")


def is_sam(template: dict[str, Any]) -> bool:
    """SAM's transform declared, or SAM resources without it (CloudFormation would refuse the
    template; SAM's tools and checkov read it as SAM, and so do we)."""
    transform = template.get("Transform")
    names = transform if isinstance(transform, list) else [transform]
    resources = template.get("Resources") or {}
    return TRANSFORM in names or any(
        isinstance(body, dict) and str(body.get("Type", "")).startswith("AWS::Serverless::")
        for body in resources.values())


class Expansion:
    """One template's SAM resources replaced by what they create; `lines` (by path in the
    template) and `ends` (by logical ID) follow."""

    def __init__(self, template: dict[str, Any], lines: dict[Path, int], ends: dict[str, int],
                 file: str, root: FilePath, origins: TextOrigins, errors: list[ScanError]):
        self.template, self.lines, self.ends = template, lines, ends
        self.file, self.root, self.origins, self.errors = file, root, origins, errors
        self.source = dict(template.get("Resources") or {})
        self.resources: dict[str, Any] = {}
        self.aliases: dict[str, str] = {}  # "Api.Stage" -> the stage's logical ID
        self.globals = template.get("Globals") if isinstance(template.get("Globals"), dict) \
            else {}

    # --- lines --------------------------------------------------------------------------

    def _line(self, path: Path) -> int | None:
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None

    def _carry(self, source: Path, target: Path) -> None:
        """Lines under `source` also under `target` (a value copied there)."""
        for path, line in list(self.lines.items()):
            if path[:len(source)] == source:
                self.lines.setdefault((*target, *path[len(source):]), line)

    def _emit(self, logical_id: str, cfn_type: str, properties: dict[str, Any],
              at: Path, extra: dict[str, Any] | None = None) -> None:
        """A generated resource written at `at` in the template (where its lines point)."""
        if logical_id in self.source or logical_id in self.resources:
            return  # a resource the template declares itself wins (SAM's own rule)
        self.resources[logical_id] = {"Type": cfn_type, "Properties": properties,
                                      **(extra or {})}
        line = self._line(at)
        if line is not None:
            self.lines[("Resources", logical_id)] = line
        owner = next((p for p in at[1:2] if isinstance(p, str)), None)
        if owner is not None and owner in self.ends:
            self.ends.setdefault(logical_id, self.ends[owner])

    def _property(self, logical_id: str, target_id: str, source: str, target: Path,
                  value: Any) -> Any:
        self._carry(("Resources", logical_id, "Properties", source),
                    ("Resources", target_id, "Properties", *target))
        return value

    # --- expansion ----------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        for logical_id, body in self.source.items():
            if not isinstance(body, dict):
                continue
            kind = body.get("Type")
            if kind in _GLOBALS:
                self._apply_globals(logical_id, body, _GLOBALS[kind])
        for logical_id, body in list(self.source.items()):
            kind = body.get("Type") if isinstance(body, dict) else None
            handler = _HANDLERS.get(kind) if isinstance(kind, str) else None
            if handler is None:
                self.resources[logical_id] = body
                continue
            handler(self, logical_id, body)
        template = dict(self.template)
        template["Resources"] = self.resources
        return template

    def _apply_globals(self, logical_id: str, body: dict[str, Any], section: str) -> None:
        defaults = self.globals.get(section)
        if not isinstance(defaults, dict):
            return
        properties = body.setdefault("Properties", {})
        if not isinstance(properties, dict):
            return
        for key, value in defaults.items():
            if key not in properties:
                properties[key] = copy.deepcopy(value)
                self._carry(("Globals", section, key),
                            ("Resources", logical_id, "Properties", key))
            elif isinstance(value, dict) and isinstance(properties[key], dict):
                merged = copy.deepcopy(value)
                merged.update(properties[key])
                properties[key] = merged
                self._carry(("Globals", section, key),
                            ("Resources", logical_id, "Properties", key))
            elif isinstance(value, list) and isinstance(properties[key], list):
                properties[key] = [*copy.deepcopy(value), *properties[key]]

    def _props(self, body: dict[str, Any]) -> dict[str, Any]:
        properties = body.get("Properties")
        return properties if isinstance(properties, dict) else {}

    def _extra(self, body: dict[str, Any]) -> dict[str, Any]:
        return {key: body[key] for key in ("Condition", "DependsOn") if key in body}

    # --- functions ----------------------------------------------------------------------

    def function(self, logical_id: str, body: dict[str, Any]) -> None:
        props = self._props(body)
        at = ("Resources", logical_id)
        out: dict[str, Any] = {}
        for key in _FUNCTION_KEPT:
            if key in props:
                out[key] = self._property(logical_id, logical_id, key, (key,), props[key])
        if "Tracing" in props:
            self._carry((*at, "Properties", "Tracing"), (*at, "Properties", "TracingConfig"))
            out["TracingConfig"] = {"Mode": self._property(logical_id, logical_id, "Tracing",
                                                           ("TracingConfig", "Mode"),
                                                           props["Tracing"])}
        queue = props.get("DeadLetterQueue")
        if isinstance(queue, dict) and "TargetArn" in queue:
            out["DeadLetterConfig"] = {"TargetArn": queue["TargetArn"]}
            self._carry(("Resources", logical_id, "Properties", "DeadLetterQueue"),
                        ("Resources", logical_id, "Properties", "DeadLetterConfig"))
        if "Role" not in props:
            self._execution_role(logical_id, body, props)
            out["Role"] = {"Fn::GetAtt": [role_id(logical_id), "Arn"]}
        self.resources[logical_id] = {**body, "Type": "AWS::Lambda::Function",
                                      "Properties": out}
        url = props.get("FunctionUrlConfig")
        if isinstance(url, dict):
            url_id = f"{logical_id}Url"
            url_props = {"TargetFunctionArn": {"Ref": logical_id}}
            for key in ("AuthType", "Cors", "InvokeMode"):
                if key in url:
                    url_props[key] = url[key]
                    self._carry((*at, "Properties", "FunctionUrlConfig", key),
                                ("Resources", url_id, "Properties", key))
            self._emit(url_id, "AWS::Lambda::Url", url_props,
                       (*at, "Properties", "FunctionUrlConfig"), self._extra(body))
        events = props.get("Events")
        if isinstance(events, dict):
            for name, event in events.items():
                if isinstance(event, dict):
                    self._event(logical_id, body, name, event)

    def _execution_role(self, logical_id: str, body: dict[str, Any],
                        props: dict[str, Any]) -> None:
        role, moved = execution_role(logical_id, props)
        at = ("Resources", logical_id, "Properties")
        for source, target in moved:
            self._carry((*at, *source), ("Resources", role_id(logical_id), "Properties", *target))
        where = (*at, "Policies") if "Policies" in props else ("Resources", logical_id)
        self._emit(role_id(logical_id), "AWS::IAM::Role", role, where, self._extra(body))

    def _event(self, function_id: str, body: dict[str, Any], name: str,
               event: dict[str, Any]) -> None:
        kind = event.get("Type")
        props = event.get("Properties") if isinstance(event.get("Properties"), dict) else {}
        at = ("Resources", function_id, "Properties", "Events", name)
        auth = props.get("Auth") if isinstance(props.get("Auth"), dict) else {}
        auth_at = (*at, "Properties", "Auth", "Authorizer") if "Authorizer" in auth else at
        if kind == "Api":
            api = props.get("RestApiId")
            api_id = _ref_target(api) or IMPLICIT_REST_API
            if api is None:
                self._implicit_api(IMPLICIT_REST_API, "AWS::Serverless::Api", at)
            method = str(props.get("Method", "ANY")).upper()
            authorization, authorizer = self._authorization(api_id, auth, "UserPoolArn",
                                                              "COGNITO_USER_POOLS")
            method_id = f"{function_id}{name}Method"
            method_props: dict[str, Any] = {
                "RestApiId": {"Ref": api_id}, "HttpMethod": method,
                "ResourceId": props.get("Path", "/"), "AuthorizationType": authorization,
                "Integration": {"Type": "AWS_PROXY",
                                "Uri": {"Fn::GetAtt": [function_id, "Arn"]}}}
            if authorizer:
                method_props["AuthorizerId"] = {"Ref": authorizer}
            if auth.get("ApiKeyRequired") is not None:
                method_props["ApiKeyRequired"] = auth["ApiKeyRequired"]
            self._emit(method_id, "AWS::ApiGateway::Method", method_props, at,
                       self._extra(body))
            self.lines[("Resources", method_id, "Properties", "AuthorizationType")] = \
                self._line(auth_at) or self._line(at)
        elif kind == "HttpApi":
            api = props.get("ApiId")
            api_id = _ref_target(api) or IMPLICIT_HTTP_API
            if api is None:
                self._implicit_api(IMPLICIT_HTTP_API, "AWS::Serverless::HttpApi", at)
            method, path = props.get("Method"), props.get("Path")
            route_key = "$default" if method is None and path is None else \
                f"{str(method or 'ANY').upper()} {path or '/'}"
            authorization, authorizer = self._authorization(api_id, auth, "JwtConfiguration",
                                                              "JWT")
            route_id = f"{function_id}{name}Route"
            route_props: dict[str, Any] = {
                "ApiId": {"Ref": api_id}, "RouteKey": route_key,
                "AuthorizationType": authorization,
                "Target": {"Fn::Sub": f"integrations/${{{function_id}}}"}}
            if authorizer:
                route_props["AuthorizerId"] = {"Ref": authorizer}
            scopes = auth.get("AuthorizationScopes")
            if scopes is not None:
                route_props["AuthorizationScopes"] = scopes
            self._emit(route_id, "AWS::ApiGatewayV2::Route", route_props, at, self._extra(body))
            self.lines[("Resources", route_id, "Properties", "AuthorizationType")] = \
                self._line(auth_at) or self._line(at)

    def _api_auth(self, api_id: str) -> dict[str, Any]:
        api = self.source.get(api_id)
        props = self._props(api) if isinstance(api, dict) else {}
        auth = props.get("Auth")
        return auth if isinstance(auth, dict) else {}

    def _authorization(self, api_id: str, auth: dict[str, Any], marker: str,
                       named: str) -> tuple[Any, str | None]:
        """(authorization type, authorizer logical ID) of an event: its own `Auth.Authorizer`,
        else the API's default; `named` for an authorizer whose definition has `marker`
        (UserPoolArn, JwtConfiguration), CUSTOM (a Lambda authorizer) otherwise."""
        api_auth = self._api_auth(api_id)
        name = auth.get("Authorizer", api_auth.get("DefaultAuthorizer"))
        if name is None or name == "NONE":
            return "NONE", None
        if name == "AWS_IAM" or not isinstance(name, str):
            return name, None
        authorizer = (api_auth.get("Authorizers") or {}).get(name)
        kind = named if isinstance(authorizer, dict) and marker in authorizer else "CUSTOM"
        return kind, f"{api_id}{name}Authorizer"

    def _implicit_api(self, api_id: str, kind: str, at: Path) -> None:
        if api_id in self.source or api_id in self.resources:
            return
        section = _GLOBALS[kind]
        body: dict[str, Any] = {"Type": kind, "Properties": {}}
        self.source[api_id] = body
        self._carry(at, ("Resources", api_id))
        self._apply_globals(api_id, body, section)
        if kind == "AWS::Serverless::Api":
            body["Properties"].setdefault("StageName", "Prod")
            self.rest_api(api_id, body)
        else:
            self.http_api(api_id, body)

    # --- APIs ---------------------------------------------------------------------------

    def _body(self, logical_id: str, props: dict[str, Any]) -> Any:
        if "DefinitionBody" in props:
            self._carry(("Resources", logical_id, "Properties", "DefinitionBody"),
                        ("Resources", logical_id, "Properties", "Body"))
            return props["DefinitionBody"]
        uri = props.get("DefinitionUri")
        if isinstance(uri, str) and "://" not in uri:
            return self._local_document(logical_id, uri)
        if uri is not None:
            self.errors.append(ScanError(
                self.file, self._line(("Resources", logical_id, "Properties", "DefinitionUri")),
                f"{logical_id}: DefinitionUri is not a local file; its OpenAPI document is not "
                "read", unread=False))
        return None

    def _local_document(self, logical_id: str, uri: str) -> str | None:
        line = self._line(("Resources", logical_id, "Properties", "DefinitionUri"))
        folder = (self.root / self.file).parent
        target = (folder / uri).resolve()
        if not target.is_relative_to(self.root.resolve()):
            self.errors.append(ScanError(self.file, line, f"{logical_id}: DefinitionUri {uri} "
                                         "is outside the scanned folder; not read"))
            return None
        try:
            text = read_regular(target).decode("utf-8")
        except (OSError, UnicodeDecodeError) as problem:
            reason = getattr(problem, "strerror", None) or problem
            self.errors.append(ScanError(self.file, line, f"{logical_id}: DefinitionUri {uri} "
                                         f"can't be read: {reason}"))
            return None
        self.origins.note(text, TextOrigin(target.relative_to(self.root.resolve()).as_posix(),
                                           template=False))
        return text

    def rest_api(self, logical_id: str, body: dict[str, Any]) -> None:
        props = self._props(body)
        at = ("Resources", logical_id)
        api: dict[str, Any] = {}
        for key in ("Name", "DisableExecuteApiEndpoint", "MinimumCompressionSize",
                    "BinaryMediaTypes", "ApiKeySourceType", "Tags"):
            if key in props:
                api[key] = props[key]
        document = self._body(logical_id, props)
        if document is not None:
            api["Body"] = document
        endpoint = props.get("EndpointConfiguration")
        if isinstance(endpoint, str):
            api["EndpointConfiguration"] = {"Types": [endpoint]}
        elif isinstance(endpoint, dict):
            api["EndpointConfiguration"] = {"Types": [endpoint.get("Type")],
                                            **({"VpcEndpointIds": endpoint["VpcEndpointIds"]}
                                               if "VpcEndpointIds" in endpoint else {})}
            self._carry((*at, "Properties", "EndpointConfiguration", "Type"),
                        (*at, "Properties", "EndpointConfiguration", "Types"))
        auth = props.get("Auth") if isinstance(props.get("Auth"), dict) else {}
        if "ResourcePolicy" in auth:
            pass  # SAM writes it into the body as x-amazon-apigateway-policy; not modelled
        self.resources[logical_id] = {**body, "Type": "AWS::ApiGateway::RestApi",
                                      "Properties": api}
        stage_name = props.get("StageName")
        stage_id = f"{logical_id}{_id_part(stage_name)}Stage"
        stage: dict[str, Any] = {"RestApiId": {"Ref": logical_id}, "StageName": stage_name}
        for key in _STAGE_KEPT:
            if key in props:
                stage[key] = self._property(logical_id, stage_id, key, (key,), props[key])
        self._carry((*at, "Properties", "StageName"), ("Resources", stage_id, "Properties"))
        self._emit(stage_id, "AWS::ApiGateway::Stage", stage,
                   (*at, "Properties", "StageName") if "StageName" in props else at,
                   self._extra(body))
        self.aliases[f"{logical_id}.Stage"] = stage_id
        for name, authorizer in (auth.get("Authorizers") or {}).items():
            if not isinstance(authorizer, dict):
                continue
            authorizer_id = f"{logical_id}{name}Authorizer"
            kind = "COGNITO_USER_POOLS" if "UserPoolArn" in authorizer else \
                ("REQUEST" if "Identity" in authorizer and "Header" not in
                 (authorizer.get("Identity") or {}) else "TOKEN")
            pools = authorizer.get("UserPoolArn")
            self._emit(authorizer_id, "AWS::ApiGateway::Authorizer", {
                "RestApiId": {"Ref": logical_id}, "Name": name, "Type": kind,
                **({"ProviderARNs": pools if isinstance(pools, list) else [pools]}
                   if pools is not None else {}),
                **({"AuthorizerUri": authorizer["FunctionArn"]}
                   if "FunctionArn" in authorizer else {})},
                (*at, "Properties", "Auth", "Authorizers", name), self._extra(body))
        self._domain(logical_id, props, body, "AWS::ApiGateway::DomainName")

    def http_api(self, logical_id: str, body: dict[str, Any]) -> None:
        props = self._props(body)
        at = ("Resources", logical_id)
        api: dict[str, Any] = {"ProtocolType": "HTTP"}
        for key in ("Name", "DisableExecuteApiEndpoint", "Tags", "Description"):
            if key in props:
                api[key] = props[key]
        cors = props.get("CorsConfiguration")
        if isinstance(cors, dict):
            api["CorsConfiguration"] = cors
        elif cors is True:
            api["CorsConfiguration"] = {"AllowOrigins": ["*"]}
        document = self._body(logical_id, props)
        if document is not None:
            api["Body"] = document
        self.resources[logical_id] = {**body, "Type": "AWS::ApiGatewayV2::Api",
                                      "Properties": api}
        stage_name = props.get("StageName", "$default")
        stage_id = f"{logical_id}ApiGatewayDefaultStage" if stage_name == "$default" \
            else f"{logical_id}{_id_part(stage_name)}Stage"
        stage: dict[str, Any] = {"ApiId": {"Ref": logical_id}, "StageName": stage_name,
                                 "AutoDeploy": True}
        for key in _HTTP_STAGE_KEPT:
            if key in props:
                stage[key] = self._property(logical_id, stage_id, key, (key,), props[key])
        self._emit(stage_id, "AWS::ApiGatewayV2::Stage", stage, at, self._extra(body))
        self.aliases[f"{logical_id}.Stage"] = stage_id
        auth = props.get("Auth") if isinstance(props.get("Auth"), dict) else {}
        for name, authorizer in (auth.get("Authorizers") or {}).items():
            if not isinstance(authorizer, dict):
                continue
            authorizer_id = f"{logical_id}{name}Authorizer"
            where = (*at, "Properties", "Auth", "Authorizers", name)
            out: dict[str, Any] = {"ApiId": {"Ref": logical_id}, "Name": name}
            jwt = authorizer.get("JwtConfiguration")
            if isinstance(jwt, dict):
                out["AuthorizerType"] = "JWT"
                out["JwtConfiguration"] = {"Issuer": jwt.get("issuer", jwt.get("Issuer")),
                                           "Audience": jwt.get("audience", jwt.get("Audience"))}
            else:
                out["AuthorizerType"] = "REQUEST"
                if "FunctionArn" in authorizer:
                    out["AuthorizerUri"] = authorizer["FunctionArn"]
            self._emit(authorizer_id, "AWS::ApiGatewayV2::Authorizer", out, where,
                       self._extra(body))
        self._domain(logical_id, props, body, "AWS::ApiGatewayV2::DomainName")

    def _domain(self, logical_id: str, props: dict[str, Any], body: dict[str, Any],
                kind: str) -> None:
        domain = props.get("Domain")
        if not isinstance(domain, dict):
            return
        where = ("Resources", logical_id, "Properties", "Domain")
        domain_id = f"{logical_id}DomainName"
        out: dict[str, Any] = {"DomainName": domain.get("DomainName")}
        if kind == "AWS::ApiGateway::DomainName":
            for key in ("SecurityPolicy", "MutualTlsAuthentication"):
                if key in domain:
                    out[key] = domain[key]
            endpoint = domain.get("EndpointConfiguration")
            if isinstance(endpoint, str):
                out["EndpointConfiguration"] = {"Types": [endpoint]}
        else:
            configuration = {"CertificateArn": domain.get("CertificateArn"),
                             "EndpointType": domain.get("EndpointConfiguration", "REGIONAL")}
            if "SecurityPolicy" in domain:
                configuration["SecurityPolicy"] = domain["SecurityPolicy"]
            out["DomainNameConfigurations"] = [configuration]
            if "MutualTlsAuthentication" in domain:
                out["MutualTlsAuthentication"] = domain["MutualTlsAuthentication"]
            self._carry((*where, "SecurityPolicy"),
                        ("Resources", domain_id, "Properties", "DomainNameConfigurations", 0,
                         "SecurityPolicy"))
        self._carry(where, ("Resources", domain_id, "Properties"))
        self._emit(domain_id, kind, out, where, self._extra(body))

    # --- tables and state machines --------------------------------------------------------

    def simple_table(self, logical_id: str, body: dict[str, Any]) -> None:
        props = self._props(body)
        out: dict[str, Any] = {}
        for key in ("TableName", "SSESpecification", "Tags", "ProvisionedThroughput"):
            if key in props:
                out[key] = props[key]
        self.resources[logical_id] = {**body, "Type": "AWS::DynamoDB::Table", "Properties": out}

    def state_machine(self, logical_id: str, body: dict[str, Any]) -> None:
        props = self._props(body)
        renamed = {"Name": "StateMachineName", "Logging": "LoggingConfiguration",
                   "Tracing": "TracingConfiguration", "Role": "RoleArn",
                   "Type": "StateMachineType", "Tags": "Tags"}
        out = {}
        for key, name in renamed.items():
            if key in props:
                out[name] = self._property(logical_id, logical_id, key, (name,), props[key])
        self.resources[logical_id] = {**body, "Type": "AWS::StepFunctions::StateMachine",
                                      "Properties": out}


def _id_part(value: Any) -> str:
    """A stage name as SAM puts it in a logical ID (nothing when it is an expression)."""
    return "".join(c for c in value if c.isalnum()) if isinstance(value, str) else ""


def _ref_target(value: Any) -> str | None:
    if isinstance(value, dict) and isinstance(value.get("Ref"), str):
        return value["Ref"]
    return None


_HANDLERS: dict[str, Callable[[Expansion, str, dict[str, Any]], None]] = {
    "AWS::Serverless::Function": Expansion.function,
    "AWS::Serverless::Api": Expansion.rest_api,
    "AWS::Serverless::HttpApi": Expansion.http_api,
    "AWS::Serverless::SimpleTable": Expansion.simple_table,
    "AWS::Serverless::StateMachine": Expansion.state_machine,
}
