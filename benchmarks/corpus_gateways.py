"""The API-gateway part of the benchmark corpus: OpenAPI documents (with AWS extensions), Kong
decK files, Azure API Management policies, Gateway API and Istio manifests and Pulumi YAML
programs, with a mix of compliant and non-compliant settings.

Proportions follow what a platform monorepo holds per service: an OpenAPI document for most
services, an APIM policy for some, one decK file per environment, a Gateway API route for the
services behind the cluster's gateway, and a few Pulumi programs. A separate random stream
(seed + 1) keeps the Terraform and Kubernetes parts of the corpus byte-identical whatever the
number of gateway files.
"""

from __future__ import annotations

import random
import textwrap

# share of the gateway files per kind (they add up to 1)
PROPORTIONS = (("openapi", 0.40), ("apim", 0.25), ("gateway-api", 0.15), ("kong", 0.10),
               ("pulumi", 0.10))
VERBS = ("get", "post", "put", "delete", "patch")


def _fill(template: str, **values) -> str:
    text = textwrap.dedent(template).strip("\n") + "\n"
    for key, value in values.items():
        text = text.replace(f"@{key}@", str(value))
    return text


class _Dice:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def bad(self, p: float = 0.3) -> bool:
        return self.rng.random() < p

    def pick(self, *options):
        return self.rng.choice(options)


def openapi(d: _Dice, service: str, env: str) -> str:
    scheme = d.pick("jwt", "jwt", "cognito", "apikey")
    schemes = {
        "jwt": "    bearer:\n      type: http\n      scheme: bearer\n      bearerFormat: JWT\n",
        "cognito": ("    cognito:\n      type: apiKey\n      name: Authorization\n      in: header\n"
                    "      x-amazon-apigateway-authtype: cognito_user_pools\n"
                    "      x-amazon-apigateway-authorizer:\n        type: cognito_user_pools\n"
                    "        providerARNs:\n"
                    f"          - arn:aws:cognito-idp:eu-west-1:123456789012:userpool/{service}\n"),
        "apikey": ("    key:\n      type: apiKey\n      name: " + ("api_key\n      in: query\n"
                   if d.bad() else "x-api-key\n      in: header\n")),
    }[scheme]
    name = {"jwt": "bearer", "cognito": "cognito", "apikey": "key"}[scheme]
    paths = []
    for n in range(d.rng.randint(4, 10)):
        resource = f"/{service}/items" if n == 0 else f"/{service}/items/{{id}}/part{n}"
        operations = []
        for verb in d.rng.sample(VERBS, d.rng.randint(1, 3)):
            security = "" if d.bad(0.2) else f"      security:\n        - {name}: []\n"
            body = ""
            if verb in ("post", "put", "patch"):
                limit = "" if d.bad() else "                  maxLength: 256\n"
                body = ("      requestBody:\n        required: true\n        content:\n"
                        "          application/json:\n            schema:\n"
                        "              type: object\n"
                        f"              additionalProperties: {'true' if d.bad() else 'false'}\n"
                        "              properties:\n                name:\n"
                        f"                  type: string\n{limit}")
            operations.append(
                f"    {verb}:\n      operationId: {verb}{service.title()}{n}\n{security}{body}"
                "      responses:\n        '200':\n          description: ok\n"
                "      x-amazon-apigateway-integration:\n        type: aws_proxy\n"
                "        httpMethod: POST\n"
                f"        uri: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/"
                f"arn:aws:lambda:eu-west-1:123456789012:function:{service}-{env}/invocations\n")
        parameters = ("    parameters:\n      - name: id\n        in: path\n        required: true\n"
                      "        schema:\n          type: string\n          format: uuid\n"
                      if "{id}" in resource else "")
        paths.append(f"  {resource}:\n{parameters}" + "".join(operations))
    server = "http" if d.bad(0.15) else "https"
    validator = "" if d.bad() else "x-amazon-apigateway-request-validator: all\n"
    return (f"openapi: 3.0.3\ninfo:\n  title: {service} API ({env})\n  version: 1.4.0\n"
            f"servers:\n  - url: {server}://api.{env}.example.com/{service}\n{validator}"
            "x-amazon-apigateway-request-validators:\n  all:\n    validateRequestBody: true\n"
            "    validateRequestParameters: true\n"
            f"components:\n  securitySchemes:\n{schemes}paths:\n" + "".join(paths))


def apim(d: _Dice, service: str, env: str) -> str:
    jwt = "" if d.bad() else _fill("""
            <validate-jwt header-name="Authorization" failed-validation-httpcode="401" require-expiration-time="true">
              <openid-config url="https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration" />
              <audiences>
                <audience>api://@service@</audience>
              </audiences>
            </validate-jwt>
        """, service=service)
    limit = "" if d.bad() else (f'<rate-limit-by-key calls="{d.pick(100, 600, 1200)}" '
                                'renewal-period="60" '
                                'counter-key="@(context.Request.IpAddress)" />\n')
    origin = "*" if d.bad() else f"https://{service}.{env}.example.com"
    return _fill("""
        <policies>
          <inbound>
        @base@@jwt@@limit@    <cors allow-credentials="false">
              <allowed-origins>
                <origin>@origin@</origin>
              </allowed-origins>
              <allowed-methods>
                <method>GET</method>
                <method>POST</method>
              </allowed-methods>
            </cors>
            <set-backend-service base-url="https://@service@-@env@.internal.example.com" />
          </inbound>
          <backend>
            <base />
          </backend>
          <outbound>
            <base />
          </outbound>
          <on-error>
            <base />
          </on-error>
        </policies>
        """, base="" if d.bad(0.4) else "    <base />\n",
                 jwt=textwrap.indent(jwt, "    "), limit=("    " + limit) if limit else "",
                 origin=origin, service=service, env=env)


def gateway_api(d: _Dice, service: str, env: str) -> str:
    listener = ("    - name: http\n      protocol: HTTP\n      port: 80\n" if d.bad() else
                "    - name: https\n      protocol: HTTPS\n      port: 443\n      tls:\n"
                f"        mode: Terminate\n        certificateRefs:\n          - name: {service}-tls\n")
    mtls = "PERMISSIVE" if d.bad() else "STRICT"
    return _fill("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata:
          name: @service@
          namespace: @service@-@env@
        spec:
          gatewayClassName: istio
          listeners:
        @listener@---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: @service@
          namespace: @service@-@env@
        spec:
          parentRefs:
            - name: @service@
          hostnames:
            - @service@.@env@.example.com
          rules:
            - matches:
                - path:
                    type: PathPrefix
                    value: /@service@
              backendRefs:
                - name: @service@
                  port: 8080
        ---
        apiVersion: security.istio.io/v1beta1
        kind: PeerAuthentication
        metadata:
          name: @service@
          namespace: @service@-@env@
        spec:
          mtls:
            mode: @mtls@
        """, service=service, env=env, listener=listener, mtls=mtls)


def kong(d: _Dice, services: list[str], env: str) -> str:
    out = ['_format_version: "3.0"', "", "services:"]
    for service in services:
        scheme = "http" if d.bad(0.2) else "https"
        out += [f"  - name: {service}",
                f"    url: {scheme}://{service}.{service}-{env}.svc.cluster.local:8443",
                "    routes:",
                f"      - name: {service}-public",
                f"        paths: [/{service}]",
                f"        protocols: [{'http, https' if d.bad(0.2) else 'https'}]"]
        plugins = []
        if not d.bad():
            plugins.append(d.pick("key-auth", "jwt", "openid-connect"))
        if not d.bad():
            plugins.append("rate-limiting")
        if plugins:
            out.append("        plugins:")
        for plugin in plugins:
            out.append(f"          - name: {plugin}")
            if plugin == "rate-limiting":
                out += ["            config:", f"              minute: {d.pick(60, 600, 6000)}",
                        "              policy: local"]
    out += ["", "consumers:"]
    for n, service in enumerate(services[:4]):
        key = "".join(d.rng.choice("0123456789abcdef") for _ in range(32))
        out += [f"  - username: partner-{n}-{service}",
                "    keyauth_credentials:" if d.bad(0.5) else "    tags: [partner]"]
        if out[-1] == "    keyauth_credentials:":
            out.append(f"      - key: {key}")
    return "\n".join(out) + "\n"


def pulumi(d: _Dice, service: str, env: str) -> str:
    return _fill("""
        name: @service@-edge
        runtime: yaml
        resources:
          api:
            type: aws:apigateway:RestApi
            properties:
              name: @service@-@env@
              endpointConfiguration:
                types: REGIONAL
          list:
            type: aws:apigateway/method:Method
            properties:
              restApi: ${api.id}
              resourceId: ${api.rootResourceId}
              httpMethod: GET
              authorization: @authorization@
          access:
            type: aws:cloudwatch:LogGroup
            properties:
              name: /aws/apigateway/@service@-@env@
              retentionInDays: @retention@
        """, service=service, env=env, authorization=d.pick("NONE", "AWS_IAM", "COGNITO_USER_POOLS"),
                 retention=d.pick(7, 90, 365, 400))


def generate(count: int, services: list[str], environments: list[str],
             seed: int) -> dict[str, str]:
    """Relative path -> content of `count` gateway files."""
    dice = _Dice(random.Random(seed + 1))
    out: dict[str, str] = {}
    quota = {kind: max(1, round(count * share)) if count else 0 for kind, share in PROPORTIONS}
    pairs = [(service, env) for env in environments for service in services]
    for kind, n in quota.items():
        for i in range(n):
            service, env = pairs[i % len(pairs)]
            suffix = "" if i < len(pairs) else f"-{i // len(pairs)}"
            if kind == "openapi":
                out[f"apis/{service}/{env}{suffix}/openapi.yaml"] = openapi(dice, service, env)
            elif kind == "apim":
                out[f"apim/apis/{service}-{env}{suffix}/policy.xml"] = apim(dice, service, env)
            elif kind == "gateway-api":
                out[f"k8s/{service}/{env}/gateway{suffix}.yaml"] = gateway_api(dice, service, env)
            elif kind == "kong":
                env = environments[i % len(environments)]
                out[f"kong/{env}{'' if i < len(environments) else f'-{i}'}.yaml"] = \
                    kong(dice, dice.rng.sample(services, min(8, len(services))), env)
            else:
                out[f"pulumi/{service}-{env}{suffix}/Pulumi.yaml"] = pulumi(dice, service, env)
    return out
