"""Local module calls: instances, addresses, arguments, outputs, nesting and their failures."""

from __future__ import annotations

import json
from pathlib import Path

from compliance.model import Unknown
from compliance.parse.terraform_hcl import parse, parse_vars
from compliance.resolve.terraform import build_resources


def build(root: Path, files: dict[str, str]):
    parsed = []
    for relpath, text in sorted(files.items()):
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        result = parse(text) if relpath.endswith(".tf") else parse_vars(text)
        parsed.append((relpath, json.loads(json.dumps(result))))
    return build_resources(parsed, root, [])


def by_address(resources):
    return {r.address: r for r in resources}


API_MODULE = '''\
variable "name" {}
variable "stage" {
  default = "prod"
}

resource "aws_api_gateway_rest_api" "api" {
  name = "${var.name}-api"
}

resource "aws_api_gateway_stage" "stage" {
  stage_name  = var.stage
  rest_api_id = aws_api_gateway_rest_api.api.id
}

output "stage_arn" {
  value = aws_api_gateway_stage.stage.arn
}

output "api_name" {
  value = aws_api_gateway_rest_api.api.name
}

output "label" {
  value = upper(var.name)
}
'''


def test_module_instances_get_arguments_addresses_and_their_files(tmp_path):
    files = {
        "main.tf": 'module "public" {\n  source = "./modules/api"\n  name = "pub"\n}\n'
                   'module "internal" {\n  source = "./modules/api/"\n  name = "int"\n'
                   '  stage = "dev"\n}\n',
        "modules/api/main.tf": API_MODULE,
    }
    resources, errors = build(tmp_path, files)
    assert errors == []
    found = by_address(resources)
    public = found["module.public.aws_api_gateway_rest_api.api"]
    assert public.attributes["name"] == "pub-api"
    assert (public.location.file, public.location.start_line) == ("modules/api/main.tf", 6)
    assert found["module.public.aws_api_gateway_stage.stage"].attributes["stage_name"] == "prod"
    assert found["module.internal.aws_api_gateway_rest_api.api"].attributes["name"] == "int-api"
    assert found["module.internal.aws_api_gateway_stage.stage"].attributes["stage_name"] == "dev"
    # the called directory is not also evaluated as a root module of its own
    assert "aws_api_gateway_rest_api.api" not in found
    # references inside a module carry the module's prefix
    stage = found["module.public.aws_api_gateway_stage.stage"]
    assert stage.attributes["rest_api_id"].refs == ("module.public.aws_api_gateway_rest_api.api",)


def test_module_outputs_resolve_or_carry_refs(tmp_path):
    files = {
        "main.tf": 'module "api" {\n  source = "./modules/api"\n  name = "x"\n}\n'
                   'resource "aws_wafv2_web_acl_association" "a" {\n'
                   '  resource_arn = module.api.stage_arn\n  label = module.api.label\n}\n',
        "modules/api/main.tf": API_MODULE,
    }
    resources, errors = build(tmp_path, files)
    assert errors == []
    attributes = by_address(resources)["aws_wafv2_web_acl_association.a"].attributes
    assert attributes["label"] == "X"
    assert isinstance(attributes["resource_arn"], Unknown)
    assert attributes["resource_arn"].refs == ("module.api.aws_api_gateway_stage.stage",)


def test_nested_modules(tmp_path):
    files = {
        "main.tf": 'module "outer" {\n  source = "./outer"\n  prefix = "p"\n}\n'
                   'resource "t" "top" {\n  v = module.outer.inner_value\n}\n',
        "outer/main.tf": 'variable "prefix" {}\nmodule "inner" {\n  source = "../inner"\n'
                         '  value = "${var.prefix}-in"\n}\noutput "inner_value" {\n'
                         '  value = module.inner.value\n}\n',
        "inner/main.tf": 'variable "value" {}\nresource "t" "leaf" {\n  v = var.value\n}\n'
                         'output "value" {\n  value = var.value\n}\n',
    }
    resources, errors = build(tmp_path, files)
    assert errors == []
    found = by_address(resources)
    assert found["module.outer.module.inner.t.leaf"].attributes == {"v": "p-in"}
    assert found["module.outer.module.inner.t.leaf"].location.file == "inner/main.tf"
    assert found["t.top"].attributes == {"v": "p-in"}
    assert not any(address.startswith("t.leaf") for address in found)


def test_module_count_and_for_each(tmp_path):
    files = {
        "main.tf": 'module "c" {\n  source = "./m"\n  count = 2\n  n = "c${count.index}"\n}\n'
                   'module "e" {\n  source = "./m"\n  for_each = toset(["x"])\n  n = each.key\n}\n'
                   'module "off" {\n  source = "./m"\n  count = 0\n  n = "never"\n}\n'
                   'resource "t" "r" {\n  first = module.c[0].n\n  x = module.e["x"].n\n'
                   '  all = module.c[*].n\n}\n',
        "m/main.tf": 'variable "n" {}\nresource "t" "r" {\n  n = var.n\n}\noutput "n" {\n'
                     '  value = var.n\n}\n',
    }
    resources, errors = build(tmp_path, files)
    assert errors == []
    found = by_address(resources)
    assert found["module.c[0].t.r"].attributes == {"n": "c0"}
    assert found["module.c[1].t.r"].attributes == {"n": "c1"}
    assert found['module.e["x"].t.r'].attributes == {"n": "x"}
    assert not any(address.startswith("module.off") for address in found)
    assert found["t.r"].attributes == {"first": "c0", "x": "x", "all": ["c0", "c1"]}


def test_module_call_cycle_is_reported_not_followed(tmp_path):
    files = {
        "a/main.tf": 'module "b" {\n  source = "../b"\n}\nresource "t" "a" {}\n',
        "b/main.tf": 'module "a" {\n  source = "../a"\n}\nresource "t" "b" {}\n',
    }
    resources, errors = build(tmp_path, files)
    assert any("cycle" in e.message for e in errors)
    assert {r.address for r in resources} == {"t.a", "module.b.t.b"}


def test_missing_local_module_directory_is_an_error(tmp_path):
    files = {"main.tf": 'module "gone" {\n  source = "./nowhere"\n}\n'
                        'resource "t" "r" {\n  v = module.gone.out\n}\n'}
    resources, errors = build(tmp_path, files)
    assert [(e.file, e.line) for e in errors] == [("main.tf", 2)]
    assert "does not exist" in errors[0].message
    value = by_address(resources)["t.r"].attributes["v"]
    assert isinstance(value, Unknown) and value.refs == ("module.gone",)


def test_registry_module_outputs_are_unknown(tmp_path):
    files = {"main.tf": 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n'
                        '  version = "5.0.0"\n}\nresource "t" "r" {\n  v = module.vpc.vpc_id\n}\n'}
    resources, errors = build(tmp_path, files)
    # not installed: one notice naming the call, its source and version, and what to do
    assert [(e.file, e.line, e.skipped) for e in errors] == [("main.tf", 2, "module")]
    assert "module.vpc (terraform-aws-modules/vpc/aws version '5.0.0')" in errors[0].message
    assert "terraform init" in errors[0].message and "--download-modules" in errors[0].message
    value = by_address(resources)["t.r"].attributes["v"]
    assert isinstance(value, Unknown) and value.refs == ("module.vpc",)


def test_a_remote_call_reached_through_several_module_paths_is_one_notice(tmp_path):
    files = {"main.tf": 'module "a" {\n  source = "./wrap"\n}\nmodule "b" {\n'
                        '  source = "./wrap"\n}\n',
             "wrap/main.tf": 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n'}
    _resources, errors = build(tmp_path, files)
    assert [(e.file, e.line, e.skipped) for e in errors] == [("wrap/main.tf", 2, "module")]
    assert errors[0].message.startswith("module.a.module.vpc (terraform-aws-modules/vpc/aws) "
                                        "is not scanned")


def test_a_remote_call_reached_from_several_roots_is_one_notice_naming_them(tmp_path):
    call = 'module "base" {\n  source = "../../modules/base"\n}\n'
    files = {"envs/dev/main.tf": call, "envs/prod/main.tf": call,
             "modules/base/main.tf": 'module "net" {\n  source = "acme/net/google"\n}\n'}
    _resources, errors = build(tmp_path, files)
    assert [(e.file, e.line, e.skipped) for e in errors] == [("modules/base/main.tf", 2,
                                                              "module")]
    assert "run `terraform init` in envs/dev, envs/prod, then scan again" in errors[0].message


def test_module_variable_without_argument_or_default_is_unknown(tmp_path):
    files = {"main.tf": 'module "m" {\n  source = "./m"\n}\n',
             "m/main.tf": 'variable "x" {}\nresource "t" "r" {\n  v = var.x\n}\n'}
    resources, _ = build(tmp_path, files)
    assert by_address(resources)["module.m.t.r"].attributes["v"] == Unknown("var.x has no value")


def test_tfvars_apply_to_root_modules_only(tmp_path):
    files = {"main.tf": 'variable "x" {\n  default = "d"\n}\nmodule "m" {\n  source = "./m"\n}\n'
                        'resource "t" "r" {\n  v = var.x\n}\n',
             "terraform.tfvars": 'x = "root"\n',
             "m/main.tf": 'variable "x" {\n  default = "module-default"\n}\n'
                          'resource "t" "r" {\n  v = var.x\n}\n'}
    found = by_address(build(tmp_path, files)[0])
    assert found["t.r"].attributes["v"] == "root"
    assert found["module.m.t.r"].attributes["v"] == "module-default"


def test_module_with_unknown_count_is_one_instance(tmp_path):
    files = {"main.tf": 'module "m" {\n  source = "./m"\n  count = length(data.x.y.ids)\n'
                        '  n = "fixed"\n}\nresource "t" "r" {\n  one = module.m[0].n\n'
                        '  all = module.m[*].n\n}\n',
             "m/main.tf": 'variable "n" {}\nresource "t" "r" {\n  n = var.n\n}\noutput "n" {\n'
                          '  value = var.n\n}\n'}
    resources, errors = build(tmp_path, files)
    assert errors == []
    found = by_address(resources)
    assert found["module.m.t.r"].attributes == {"n": "fixed"}
    assert found["t.r"].attributes["one"] == "fixed"
    assert isinstance(found["t.r"].attributes["all"], Unknown)
    assert found["t.r"].attributes["all"].refs == ("module.m",)


def test_each_root_module_is_its_own_scope(tmp_path):
    stage = 'resource "aws_api_gateway_stage" "api" {\n  stage_name = "x"\n}\n'
    files = {"envs/prod/main.tf": stage, "envs/staging/main.tf": stage}
    resources, errors = build(tmp_path, files)
    assert not errors
    assert sorted(r.scope for r in resources) == ["envs/prod", "envs/staging"]


def test_jsonencode_with_unknown_leaves_keeps_the_known_shape(tmp_path):
    files = {"main.tf": 'resource "t" "r" {\n  v = jsonencode({ a = "x", b = aws_s3_bucket.b.arn })\n}\n'}
    value = by_address(build(tmp_path, files)[0])["t.r"].attributes["v"]
    assert isinstance(value, Unknown) and value.refs == ("aws_s3_bucket.b",)
    assert value.partial["a"] == "x" and isinstance(value.partial["b"], Unknown)


def test_unknown_partial_survives_the_json_form():
    from compliance.model import value_from_json, value_to_json

    value = Unknown("r", ("a.b",), {"k": [1, Unknown("inner")]})
    assert value_from_json(json.loads(json.dumps(value_to_json(value)))).partial == value.partial


def test_json_tfvars_files_are_read_in_a_scan(tmp_path):
    from compliance.catalog.controls import load_catalog
    from compliance.pipeline.scan import ScanOptions, run_scan

    (tmp_path / "main.tf").write_text('variable "rotate" {\n  default = false\n}\n'
                                      'resource "aws_kms_key" "k" {\n  enable_key_rotation = var.rotate\n}\n')
    (tmp_path / "terraform.tfvars.json").write_text('{"rotate": true}')
    result = run_scan([tmp_path], load_catalog(), options=ScanOptions())
    key = next(r for r in result.resources if r.address == "aws_kms_key.k")
    assert key.attributes["enable_key_rotation"] is True


def test_optional_object_attributes_take_their_defaults(tmp_path):
    resources, _ = build(tmp_path, {
        "main.tf": '''
module "m" {
  source     = "./m"
  encryption = { key_arn = "arn:aws:kms:eu-west-1:123456789012:key/k" }
  groups     = { a = {}, b = { hop_limit = 2, tokens = null } }
}
''',
        "m/main.tf": '''
variable "encryption" {
  type = object({
    key_arn   = optional(string)
    resources = optional(list(string), ["secrets"])
  })
  default = {}
}
variable "groups" {
  type = map(object({
    hop_limit = optional(number, 1)
    tokens    = optional(string, "required")
  }))
}
variable "count_text" {
  type    = number
  default = "3"
}
resource "aws_kms_alias" "x" {
  name = join(",", var.encryption.resources)
  tags = { key = var.encryption.key_arn, n = var.count_text }
}
resource "aws_launch_template" "t" {
  for_each = var.groups
  metadata_options {
    http_tokens                 = each.value.tokens
    http_put_response_hop_limit = each.value.hop_limit
  }
}
'''})
    found = by_address(resources)
    alias = found["module.m.aws_kms_alias.x"].attributes
    assert alias["name"] == "secrets" and alias["tags"]["n"] == 3
    options = {key: found[f'module.m.aws_launch_template.t["{key}"]'].attributes[
        "metadata_options"][0] for key in ("a", "b")}
    assert options["a"] == {"http_tokens": "required", "http_put_response_hop_limit": 1}
    assert options["b"] == {"http_tokens": "required", "http_put_response_hop_limit": 2}


def test_a_null_argument_of_a_non_nullable_variable_takes_its_default(tmp_path):
    module = ('variable "x" {\n  default = "d"\n  nullable = false\n}\n'
              'variable "y" {\n  default = "d"\n}\n'
              'resource "t" "r" {\n  x = var.x\n  y = var.y\n}\n')
    files = {"main.tf": 'module "m" {\n  source = "./m"\n  x = null\n  y = null\n}\n',
             "m/main.tf": module}
    resources, _ = build(tmp_path, files)
    attributes = by_address(resources)["module.m.t.r"].attributes
    assert attributes["x"] == "d"
    assert attributes.get("y") is None  # nullable (the default): null stays null
