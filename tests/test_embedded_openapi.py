"""OpenAPI documents embedded in Terraform (`compliance/resolve/embedded/openapi.py`):
addresses, scope, the file and lines findings point at, standalone copies, values known only in
part, and parsing them all in one batch."""

from __future__ import annotations

import base64
from pathlib import Path

from compliance.model import Location, Resource, Unknown
from compliance.parse import batch, parse_source
from compliance.parse.batch import parse_many, text_key
from compliance.parse.cache import ParseCache
from compliance.pipeline.scan import ScanOptions, run_scan
from compliance.resolve.embedded import openapi as embedded

SPEC = """openapi: 3.0.1
info:
  title: Orders
  version: "1"
paths:
  /orders:
    get:
      security: []
      responses:
        "200":
          description: ok
"""


def scan(root: Path, files: dict[str, str]):
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return run_scan([root], catalog=None, controls=[], options=ScanOptions(cache_dir=None))


def openapi(result) -> dict[str, object]:
    return {r.address: r for r in result.resources if r.platform == "openapi"}


def line_of(text: str, needle: str, start: int = 1) -> int:
    """1-based line of the first line at or after `start` that contains `needle`."""
    for number, line in enumerate(text.splitlines(), 1):
        if number >= start and needle in line:
            return number
    raise AssertionError(needle)


def test_inline_heredoc_lines_point_into_the_tf_file(tmp_path):
    tf = ('resource "aws_api_gateway_rest_api" "orders" {\n'
          '  name = "orders"\n'
          '  body = <<-EOT\n'
          + "".join(f"    {line}\n" for line in SPEC.splitlines())
          + '  EOT\n}\n')
    result = scan(tmp_path, {"main.tf": tf})
    assert result.errors == []
    found = openapi(result)
    operation = found["aws_api_gateway_rest_api.orders:GET /orders"]
    assert operation.scope == "."
    assert operation.location.file == "main.tf"
    assert operation.lines["security"] == line_of(tf, "security: []")
    assert operation.location.start_line == line_of(tf, "get:")
    assert operation.attributes["api_resource"] == "aws_api_gateway_rest_api.orders"
    assert operation.attributes["api_resource_type"] == "aws_api_gateway_rest_api"
    api = found["aws_api_gateway_rest_api.orders:api"]
    assert api.lines["title"] == line_of(tf, "title: Orders")


def test_jsonencode_maps_lines_to_the_object_keys(tmp_path):
    tf = """resource "aws_apigatewayv2_api" "http" {
  name          = "http"
  protocol_type = "HTTP"
  body = jsonencode({
    openapi = "3.0.1"
    info    = { title = "Http", version = "1" }
    paths = {
      "/items" = {
        post = {
          security = []
          x-amazon-apigateway-integration = {
            type = "aws_proxy"
            uri  = "arn:aws:lambda:eu-west-1:123456789012:function:items"
          }
        }
      }
    }
  })
}
"""
    result = scan(tmp_path, {"main.tf": tf})
    assert result.errors == []
    operation = openapi(result)["aws_apigatewayv2_api.http:POST /items"]
    assert operation.location.file == "main.tf"
    assert operation.lines["security"] == line_of(tf, "security = []")
    assert operation.lines["integration.type"] == line_of(tf, 'type = "aws_proxy"')
    assert operation.location.start_line <= operation.lines["integration.uri"] <= operation.location.end_line


def test_jsonencode_with_values_known_after_apply(tmp_path):
    tf = """resource "aws_lambda_function" "items" {
  function_name = "items"
}
resource "aws_api_gateway_rest_api" "api" {
  name = "api"
  body = jsonencode({
    openapi = "3.0.1"
    info    = { title = "Api", version = "1" }
    paths = {
      "/items" = {
        get = {
          x-amazon-apigateway-integration = {
            type = "aws_proxy"
            uri  = aws_lambda_function.items.invoke_arn
          }
        }
      }
    }
  })
}
"""
    result = scan(tmp_path, {"main.tf": tf})
    assert result.errors == []
    operation = openapi(result)["aws_api_gateway_rest_api.api:GET /items"]
    assert isinstance(operation.attributes["integration"]["uri"], Unknown)
    assert operation.attributes["integration"]["type"] == "aws_proxy"
    assert operation.lines["integration.uri"] == line_of(tf, "uri  =")


def test_file_points_at_the_yaml_and_drops_the_standalone_copy(tmp_path):
    tf = """resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
  body = file("${path.module}/api/openapi.yaml")
}
"""
    result = scan(tmp_path, {"main.tf": tf, "api/openapi.yaml": SPEC})
    assert result.errors == []
    found = openapi(result)
    assert set(found) == {"aws_api_gateway_rest_api.orders:api",
                          "aws_api_gateway_rest_api.orders:GET /orders"}
    operation = found["aws_api_gateway_rest_api.orders:GET /orders"]
    assert operation.location.file == "api/openapi.yaml"
    assert operation.lines["security"] == line_of(SPEC, "security")
    assert operation.scope == "."


def test_a_document_nobody_embeds_stays_standalone(tmp_path):
    result = scan(tmp_path, {"main.tf": 'resource "aws_s3_bucket" "b" {}\n', "openapi.yaml": SPEC})
    assert set(openapi(result)) == {"orders:api", "orders:GET /orders"}


def test_templatefile_resolves_variables_and_keeps_lines(tmp_path):
    template = """openapi: 3.0.1
info:
  title: ${title}
  version: "1"
x-amazon-apigateway-policy: ${policy}
paths:
  /pay:
    post:
      security: []
      x-amazon-apigateway-integration:
        type: aws_proxy
        uri: ${lambda_arn}
"""
    tf = """resource "aws_lambda_function" "pay" {
  function_name = "pay"
}
resource "aws_api_gateway_rest_api" "pay" {
  name = "pay"
  body = templatefile("${path.module}/openapi.yaml.tpl", {
    title      = "Payments"
    lambda_arn = aws_lambda_function.pay.invoke_arn
    policy     = "\\n  Version: '2012-10-17'\\n  Statement: []"
  })
}
"""
    result = scan(tmp_path, {"main.tf": tf, "openapi.yaml.tpl": template})
    assert result.errors == []
    found = openapi(result)
    api = found["aws_api_gateway_rest_api.pay:api"]
    assert api.attributes["title"] == "Payments"
    assert api.attributes["resource_policy"] == {"Version": "2012-10-17", "Statement": []}
    operation = found["aws_api_gateway_rest_api.pay:POST /pay"]
    assert operation.location.file == "openapi.yaml.tpl"
    # the policy took three lines where the template has one: later lines still line up
    assert operation.lines["security"] == line_of(template, "security")
    assert operation.lines["integration.uri"] == line_of(template, "uri:")
    assert isinstance(operation.attributes["integration"]["uri"], Unknown)


def test_a_template_with_an_unknown_directive_produces_nothing(tmp_path):
    template = "openapi: 3.0.1\ninfo:\n  title: T\n  version: '1'\npaths:\n%{ if secure }\n  /a:\n    get: {}\n%{ endif }\n"
    tf = """variable "secure" {}
resource "aws_api_gateway_rest_api" "t" {
  name = "t"
  body = templatefile("api.tpl", { secure = var.secure })
}
"""
    result = scan(tmp_path, {"main.tf": tf, "api.tpl": template})
    assert result.errors == []
    assert openapi(result) == {}


def test_google_config_base64_contents(tmp_path):
    swagger = """swagger: "2.0"
info:
  title: Inventory
  version: "1"
x-google-backend:
  address: ${backend}
paths:
  /items:
    get:
      responses:
        200:
          description: ok
"""
    tf = """resource "google_cloud_run_v2_service" "inventory" {
  name = "inventory"
}
resource "google_api_gateway_api_config" "file" {
  api = "inventory"
  openapi_documents {
    document {
      path     = "spec.yaml"
      contents = filebase64("static.yaml")
    }
  }
}
resource "google_api_gateway_api_config" "templated" {
  api = "inventory"
  openapi_documents {
    document {
      path     = "spec.yaml"
      contents = base64encode(templatefile("spec.yaml.tpl", { backend = google_cloud_run_v2_service.inventory.uri }))
    }
  }
}
"""
    static = swagger.replace("${backend}", "https://inventory-abc-uc.a.run.app")
    result = scan(tmp_path, {"main.tf": tf, "static.yaml": static, "spec.yaml.tpl": swagger})
    assert result.errors == []
    found = openapi(result)
    from_file = found["google_api_gateway_api_config.file:GET /items"]
    assert from_file.location.file == "static.yaml"
    assert from_file.attributes["backend"] == {"address": "https://inventory-abc-uc.a.run.app"}
    templated = found["google_api_gateway_api_config.templated:GET /items"]
    assert templated.location.file == "spec.yaml.tpl"
    assert isinstance(templated.attributes["backend"]["address"], Unknown)
    assert templated.lines["backend.address"] == line_of(swagger, "address:")
    assert "inventory:GET /items" not in found  # the standalone static.yaml is dropped


def test_google_contents_that_is_not_base64_is_an_error(tmp_path):
    tf = """resource "google_api_gateway_api_config" "c" {
  api = "x"
  openapi_documents {
    document {
      path     = "spec.yaml"
      contents = "not base64!"
    }
  }
}
"""
    result = scan(tmp_path, {"main.tf": tf})
    assert [(e.file, e.line) for e in result.errors] == [("main.tf", 6)]
    assert "base64" in result.errors[0].message


def test_unknown_body_produces_nothing(tmp_path):
    tf = """data "aws_s3_object" "spec" {
  bucket = "specs"
  key    = "openapi.yaml"
}
resource "aws_api_gateway_rest_api" "api" {
  name = "api"
  body = data.aws_s3_object.spec.body
}
"""
    result = scan(tmp_path, {"main.tf": tf})
    assert result.errors == []
    assert openapi(result) == {}


def test_a_broken_document_is_an_error_at_its_line(tmp_path):
    broken = "openapi: 3.0.1\ninfo:\n  title: Broken\n  version: '1'\npaths:\n  /a:\n    get: [unclosed\n"
    tf = """resource "aws_api_gateway_rest_api" "inline" {
  name = "inline"
  body = <<EOT
""" + broken + """EOT
}
resource "aws_api_gateway_rest_api" "none" {
  name = "none"
  body = "{\\"hello\\": \\"world\\"}"
}
"""
    result = scan(tmp_path, {"main.tf": tf})
    errors = {(e.file, e.line): e.message for e in result.errors}
    assert all(file == "main.tf" for file, _ in errors)
    lines = sorted(line for _, line in errors)
    assert lines[0] >= line_of(tf, "get: [unclosed")  # the parser's line, in the .tf file
    assert any("no OpenAPI document" in message for message in errors.values())
    assert any(line == line_of(tf, 'body = "{') for _, line in errors)


def test_module_file_paths_and_addresses(tmp_path):
    module = """variable "spec" {}
resource "aws_api_gateway_rest_api" "api" {
  name = "api"
  body = file("${path.module}/${var.spec}")
}
"""
    root = """module "orders" {
  source = "./modules/api"
  spec   = "openapi.yaml"
}
"""
    result = scan(tmp_path, {"main.tf": root, "modules/api/main.tf": module,
                             "modules/api/openapi.yaml": SPEC})
    assert result.errors == []
    operation = openapi(result)["module.orders.aws_api_gateway_rest_api.api:GET /orders"]
    assert operation.location.file == "modules/api/openapi.yaml"


def test_heredoc_policy_with_unknown_values_stays_unknown(tmp_path):
    """A template's partial text must not make a policy look known to other checks."""
    tf = """resource "aws_s3_bucket" "b" {}
resource "aws_iam_policy" "p" {
  policy = <<EOT
{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "${aws_s3_bucket.b.arn}"}]}
EOT
}
"""
    result = scan(tmp_path, {"main.tf": tf})
    policy = next(r for r in result.resources if r.address == "aws_iam_policy.p").attributes["policy"]
    assert isinstance(policy, Unknown)
    assert isinstance(policy.partial, Unknown)  # judged unknown by whoever reads `partial`
    assert "aws_s3_bucket.b" in policy.refs


def test_inline_base64_heredoc(tmp_path):
    spec = SPEC.replace("Orders", "Inline")
    tf = ('resource "google_api_gateway_api_config" "c" {\n  api = "x"\n  openapi_documents {\n'
          '    document {\n      path     = "spec.yaml"\n      contents = base64encode(<<-EOT\n'
          + "".join(f"        {line}\n" for line in spec.splitlines())
          + '      EOT\n      )\n    }\n  }\n}\n')
    result = scan(tmp_path, {"main.tf": tf})
    assert result.errors == []
    operation = openapi(result)["google_api_gateway_api_config.c:GET /orders"]
    assert operation.lines["security"] == line_of(tf, "security: []")
    encoded = base64.b64encode(spec.encode()).decode()
    config = next(r for r in result.resources if r.address == "google_api_gateway_api_config.c")
    assert config.attributes["openapi_documents"][0]["document"][0]["contents"] == encoded


def test_google_contents_from_jsonencode_with_unknown_values(tmp_path):
    tf = """resource "google_cloud_run_v2_service" "api" {
  name = "api"
}
resource "google_api_gateway_api_config" "c" {
  api = "x"
  openapi_documents {
    document {
      path = "spec.json"
      contents = base64encode(jsonencode({
        swagger = "2.0"
        info    = { title = "Json", version = "1" }
        paths = {
          "/ping" = {
            get = {
              x-google-backend = { address = google_cloud_run_v2_service.api.uri }
              responses        = { "200" = { description = "ok" } }
            }
          }
        }
      }))
    }
  }
}
"""
    result = scan(tmp_path, {"main.tf": tf})
    assert result.errors == []
    operation = openapi(result)["google_api_gateway_api_config.c:GET /ping"]
    assert isinstance(operation.attributes["backend"]["address"], Unknown)
    assert operation.lines["backend.address"] == line_of(tf, "x-google-backend")
    assert operation.location.file == "main.tf"


# --- parsed in one batch -------------------------------------------------------------------


def rest_api(name: str, body: str) -> Resource:
    """A REST API whose body is known, but not where it is written (one line, main.tf:3)."""
    return Resource("terraform", "aws_api_gateway_rest_api", name,
                    f"aws_api_gateway_rest_api.{name}", {"name": name, "body": body},
                    Location("main.tf", 1, 5), lines={"body": 3}, scope=".")


def spec(title: str, paths: int = 1) -> str:
    operations = "".join(f"  /{title}/{n}:\n    get:\n      security: []\n" for n in range(paths))
    return f"openapi: 3.0.1\ninfo:\n  title: {title}\n  version: '1'\npaths:\n{operations}"


def test_every_embedded_document_is_parsed_in_one_batch(tmp_path, monkeypatch):
    calls = []

    def recording(contents, cache, workers=None):
        contents = list(contents)
        calls.append([key for key, _ in contents])
        return parse_many(contents, cache, workers)

    monkeypatch.setattr(embedded, "parse_many", recording)
    apis = [rest_api("a", spec("a")), rest_api("b", "swagger: [broken"), rest_api("c", spec("a")),
            rest_api("d", Unknown("var.body has no value"))]
    resources, errors = embedded.embed_openapi(apis, [], tmp_path)
    assert len(calls) == 1 and len(calls[0]) == 3 and len(set(calls[0])) == 2  # a and c are alike
    found = {r.address for r in resources if r.platform == "openapi"}
    assert {"aws_api_gateway_rest_api.a:GET /a/0", "aws_api_gateway_rest_api.c:GET /a/0"} <= found
    assert [(e.file, e.line) for e in errors] == [("main.tf", 3)]
    assert errors[0].message.startswith("aws_api_gateway_rest_api.b.body: ")


def test_problems_keep_the_order_documents_are_found_in(tmp_path):
    broken = base64.b64encode(b"swagger: [broken").decode()
    contents = [{"document": [{"contents": "not base64!"}]}, {"document": [{"contents": broken}]}]
    config = Resource("terraform", "google_api_gateway_api_config", "c",
                      "google_api_gateway_api_config.c", {"openapi_documents": contents},
                      Location("main.tf", 1, 9), scope=".")
    _, errors = embedded.embed_openapi([config], [], tmp_path)
    assert [e.message.split(": ", 1)[0] for e in errors] == [
        "google_api_gateway_api_config.c.openapi_documents[0].document[0].contents",
        "google_api_gateway_api_config.c.openapi_documents[1].document[0].contents"]
    assert "not base64-encoded" in errors[0].message


def test_embedded_documents_are_cached(tmp_path):
    cache = ParseCache(tmp_path / "cache")
    apis = [rest_api("a", spec("a"))]
    first = embedded.embed_openapi(apis, [], tmp_path, cache=cache)
    assert cache.get(*text_key("openapi", spec("a"))) is not None
    assert embedded.embed_openapi(apis, [], tmp_path, cache=cache) == first


def test_a_text_with_a_lone_surrogate_is_parsed_as_text(tmp_path):
    body = spec("a") + "x-note: '\ud800'\n"  # an HCL "\uD800" escape: not UTF-8 bytes
    _, errors = embedded.embed_openapi([rest_api("a", body)], [], tmp_path)
    assert errors and all("not valid UTF-8" not in e.message for e in errors)
    expected = parse_source("openapi", body)["errors"]
    assert [e.message for e in errors] == [
        f"aws_api_gateway_rest_api.a.body: {problem['message']}" for problem in expected]


def test_many_documents_are_parsed_in_worker_processes_with_the_same_result(tmp_path,
                                                                             process_pools):
    pools = process_pools
    apis = [rest_api(f"api{n}", spec(f"api{n}", paths=3)) for n in range(batch.PARALLEL_MIN_JOBS)]
    in_workers = embedded.embed_openapi(apis, [], tmp_path, workers=2)
    assert pools == [{"max_workers": 2}]
    here = embedded.embed_openapi(apis, [], tmp_path, workers=1)
    assert len(pools) == 1 and in_workers == here
    assert len([r for r in here[0] if r.type == "openapi_operation"]) == 3 * len(apis)
