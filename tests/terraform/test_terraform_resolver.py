"""Resolving a scan's Terraform files into resources: variables, locals, expressions,
count/for_each, dynamic blocks and references."""

from __future__ import annotations

import json
from pathlib import Path

from compliance.model import Unknown
from compliance.parse.terraform_hcl import parse, parse_vars
from compliance.resolve.terraform import build_resources


def build(root: Path, files: dict[str, str], var_files: list[tuple[str, str]] = ()):
    """Write the files, parse them (through a JSON round trip, as the cache does) and build."""
    parsed = []
    for relpath, text in sorted(files.items()):
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        if relpath.endswith(".tf"):
            parsed.append((relpath, json.loads(json.dumps(parse(text)))))
        else:
            parsed.append((relpath, json.loads(json.dumps(parse_vars(text)))))
    extra = [(name, parse_vars(text)) for name, text in var_files]
    return build_resources(parsed, root, extra)


def by_address(resources):
    return {r.address: r for r in resources}


def attrs_of(tmp_path, files, address, var_files=()):
    resources, errors = build(tmp_path, files, var_files)
    assert errors == []
    return by_address(resources)[address].attributes


# --- variables ---------------------------------------------------------------------------

VARIABLE = 'variable "env" {\n  default = "dev"\n}\nresource "t" "r" {\n  name = "app-${var.env}"\n}\n'


def test_variable_default(tmp_path):
    assert attrs_of(tmp_path, {"main.tf": VARIABLE}, "t.r") == {"name": "app-dev"}


def test_terraform_tfvars_overrides_default(tmp_path):
    files = {"main.tf": VARIABLE, "terraform.tfvars": 'env = "prod"\n'}
    assert attrs_of(tmp_path, files, "t.r")["name"] == "app-prod"


def test_auto_tfvars_in_lexical_order_after_terraform_tfvars(tmp_path):
    files = {"main.tf": VARIABLE, "terraform.tfvars": 'env = "base"\n',
             "b.auto.tfvars": 'env = "b"\n', "a.auto.tfvars": 'env = "a"\n'}
    assert attrs_of(tmp_path, files, "t.r")["name"] == "app-b"


def test_other_tfvars_files_are_not_loaded(tmp_path):
    files = {"main.tf": VARIABLE, "prod.tfvars": 'env = "prod"\n'}
    assert attrs_of(tmp_path, files, "t.r")["name"] == "app-dev"


def test_var_files_win_in_order(tmp_path):
    files = {"main.tf": VARIABLE, "z.auto.tfvars": 'env = "auto"\n'}
    var_files = [("one.tfvars", 'env = "one"\n'), ("two.tfvars", 'env = "two"\n')]
    assert attrs_of(tmp_path, files, "t.r", var_files)["name"] == "app-two"
    assert attrs_of(tmp_path, files, "t.r", var_files[:1])["name"] == "app-one"


def test_variable_without_value_is_unknown(tmp_path):
    files = {"main.tf": 'variable "x" {}\nresource "t" "r" {\n  a = var.x\n  b = "p-${var.x}"\n}\n'}
    attributes = attrs_of(tmp_path, files, "t.r")
    assert attributes["a"] == Unknown("var.x has no value")
    assert attributes["b"] == Unknown("var.x has no value")


def test_variable_value_converted_to_its_primitive_type(tmp_path):
    files = {"main.tf": 'variable "n" {\n  type = number\n}\nresource "t" "r" {\n  count = var.n\n}\n',
             "terraform.tfvars": 'n = "2"\n'}
    resources, _ = build(tmp_path, files)
    assert sorted(r.address for r in resources if r.type == "t") == ["t.r[0]", "t.r[1]"]


def test_tfvars_parse_error_is_a_scan_error(tmp_path):
    _resources, errors = build(tmp_path, {"main.tf": VARIABLE, "terraform.tfvars": "env = \n"})
    assert [(e.file, e.line) for e in errors] == [("terraform.tfvars", 1)]


def test_variable_blocks_are_resources_with_their_default(tmp_path):
    files = {"main.tf": 'variable "password" {\n  type      = string\n  default   = "hunter2"\n'
                        '  sensitive = true\n}\n'}
    resource = by_address(build(tmp_path, files)[0])["var.password"]
    assert resource.type == "variable" and resource.name == "password"
    assert resource.attributes == {"type": "string", "default": "hunter2", "sensitive": True}
    assert resource.lines["default"] == 3


# --- locals and expressions --------------------------------------------------------------


def test_locals_resolve_in_any_order(tmp_path):
    files = {"a.tf": 'resource "t" "r" {\n  name = local.full\n}\n',
             "b.tf": 'locals {\n  full = "${local.prefix}-${local.suffix}"\n  prefix = "acme"\n}\n'
                     'locals {\n  suffix = upper("x")\n}\n'}
    assert attrs_of(tmp_path, files, "t.r") == {"name": "acme-X"}


def test_local_cycle_is_unknown_and_reported(tmp_path):
    files = {"main.tf": 'locals {\n  a = local.b\n  b = "${local.a}x"\n}\n'
                        'resource "t" "r" {\n  v = local.a\n  w = 1\n}\n'}
    resources, errors = build(tmp_path, files)
    attributes = by_address(resources)["t.r"].attributes
    assert isinstance(attributes["v"], Unknown) and "cycle" in attributes["v"].reason
    assert attributes["w"] == 1
    assert len(errors) == 1 and errors[0].file == "main.tf" and errors[0].line in (2, 3)
    assert "cycle" in errors[0].message


def test_interpolation_of_numbers_and_bools(tmp_path):
    files = {"main.tf": 'locals {\n  n = 3\n  f = 1.5\n  b = true\n}\n'
                        'resource "t" "r" {\n  s = "${local.n}/${local.f}/${local.b}"\n'
                        '  raw = "${local.n}"\n}\n'}
    assert attrs_of(tmp_path, files, "t.r") == {"s": "3/1.5/true", "raw": 3}


def test_jsonencode_of_a_literal_object(tmp_path):
    files = {"main.tf": 'resource "t" "r" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n'
                        '    Statement = [{ Effect = "Allow", Action = ["s3:*"], Resource = "*" }]\n'
                        '  })\n}\n'}
    policy = attrs_of(tmp_path, files, "t.r")["policy"]
    assert policy == ('{"Statement":[{"Action":["s3:*"],"Effect":"Allow","Resource":"*"}],'
                      '"Version":"2012-10-17"}')


def test_jsonencode_with_an_unknown_value_keeps_refs(tmp_path):
    files = {"main.tf": 'resource "t" "r" {\n  policy = jsonencode({ Resource = aws_s3_bucket.b.arn })\n}\n'}
    policy = attrs_of(tmp_path, files, "t.r")["policy"]
    assert isinstance(policy, Unknown) and policy.refs == ("aws_s3_bucket.b",)


def test_heredoc_json_policy_with_interpolation(tmp_path):
    files = {"main.tf": 'variable "bucket" {\n  default = "logs"\n}\n'
                        'resource "t" "r" {\n  policy = <<-POLICY\n    {\n'
                        '      "Resource": "arn:aws:s3:::${var.bucket}/*"\n    }\n  POLICY\n}\n'}
    policy = attrs_of(tmp_path, files, "t.r")["policy"]
    assert json.loads(policy) == {"Resource": "arn:aws:s3:::logs/*"}


def test_conditionals(tmp_path):
    files = {"main.tf": 'variable "env" {\n  default = "prod"\n}\nvariable "u" {}\n'
                        'resource "t" "r" {\n  a = var.env == "prod" ? "strict" : "lax"\n'
                        '  b = var.u ? "same" : "same"\n  c = var.u ? 1 : 2\n}\n'}
    attributes = attrs_of(tmp_path, files, "t.r")
    assert attributes["a"] == "strict"
    assert attributes["b"] == "same"  # the unknown condition does not matter
    assert attributes["c"] == Unknown("var.u has no value")


def test_for_expressions_over_known_collections(tmp_path):
    files = {"main.tf": 'locals {\n  ports = [80, 443, 8080]\n  m = { b = 2, a = 1 }\n}\n'
                        'resource "t" "r" {\n  low = [for p in local.ports : p if p < 1000]\n'
                        '  keys = [for k, v in local.m : "${k}=${v}"]\n'
                        '  inv = { for k, v in local.m : v => k }\n}\n'}
    attributes = attrs_of(tmp_path, files, "t.r")
    assert attributes["low"] == [80, 443]
    assert attributes["keys"] == ["a=1", "b=2"]
    assert attributes["inv"] == {"1": "a", "2": "b"}


def test_path_module_and_workspace(tmp_path):
    files = {"main.tf": 'module "m" {\n  source = "./mod"\n}\nresource "t" "r" {\n'
                        '  p = path.module\n  w = terraform.workspace\n}\n',
             "mod/main.tf": 'resource "t" "inner" {\n  p = "${path.module}/policy.json"\n}\n'}
    resources, errors = build(tmp_path, files)
    assert errors == []
    found = by_address(resources)
    assert found["t.r"].attributes["p"] == "."
    assert isinstance(found["t.r"].attributes["w"], Unknown)
    assert found["module.m.t.inner"].attributes["p"] == "mod/policy.json"


# --- references --------------------------------------------------------------------------


def test_resource_references_are_unknown_with_refs(tmp_path):
    files = {"main.tf": 'resource "aws_wafv2_web_acl_association" "a" {\n'
                        '  resource_arn = aws_api_gateway_stage.prod.arn\n'
                        '  indexed      = aws_instance.web[0].id\n'
                        '  splat        = aws_subnet.s[*].id\n'
                        '  data         = data.aws_iam_policy_document.p.json\n'
                        '  both         = "${aws_a.x.id}-${data.t.n.id}"\n}\n'}
    attributes = attrs_of(tmp_path, files, "aws_wafv2_web_acl_association.a")
    assert attributes["resource_arn"].refs == ("aws_api_gateway_stage.prod",)
    assert attributes["indexed"].refs == ("aws_instance.web",)
    assert attributes["splat"].refs == ("aws_subnet.s",)
    assert attributes["data"].refs == ("data.aws_iam_policy_document.p",)
    assert set(attributes["both"].refs) == {"aws_a.x", "data.t.n"}


def test_unsupported_function_is_unknown_with_argument_refs(tmp_path):
    files = {"main.tf": 'resource "t" "r" {\n  a = frobnicate("x", aws_s3_bucket.b.id)\n'
                        '  b = timestamp()\n}\n'}
    attributes = attrs_of(tmp_path, files, "t.r")
    assert isinstance(attributes["a"], Unknown) and "frobnicate" in attributes["a"].reason
    assert attributes["a"].refs == ("aws_s3_bucket.b",)
    assert isinstance(attributes["b"], Unknown)


# --- resources: blocks, count, for_each, dynamic -----------------------------------------


def test_nested_blocks_lines_and_meta_arguments(tmp_path):
    files = {"main.tf": 'resource "aws_security_group" "sg" {\n  name = "sg"\n  depends_on = [x.y]\n'
                        '  provider = aws.east\n  tags = {\n    Name = "sg"\n  }\n'
                        '  ingress {\n    from_port = 443\n  }\n'
                        '  ingress {\n    from_port = 80\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n'
                        '  lifecycle {\n    prevent_destroy = true\n  }\n}\n'}
    resources, errors = build(tmp_path, files)
    assert errors == []
    sg = by_address(resources)["aws_security_group.sg"]
    assert sg.type == "aws_security_group" and sg.name == "sg"
    assert sg.attributes == {"name": "sg", "tags": {"Name": "sg"},
                             "ingress": [{"from_port": 443},
                                         {"from_port": 80, "cidr_blocks": ["0.0.0.0/0"]}]}
    assert (sg.location.file, sg.location.start_line, sg.location.end_line) == ("main.tf", 1, 18)
    assert sg.lines["name"] == 2 and sg.lines["tags"] == 5 and sg.lines["tags.Name"] == 6
    assert sg.lines["ingress[0]"] == 8 and sg.lines["ingress[1]"] == 11
    assert sg.lines["ingress[1].cidr_blocks"] == 13
    assert sg.line_of(("ingress", 1, "cidr_blocks", 0)) == 13


def test_count_zero_removes_the_resource(tmp_path):
    files = {"main.tf": 'variable "enabled" {\n  default = false\n}\n'
                        'resource "t" "off" {\n  count = var.enabled ? 1 : 0\n}\n'
                        'resource "t" "empty" {\n  for_each = {}\n}\n'}
    resources, errors = build(tmp_path, files)
    assert errors == [] and [r.type for r in resources] == ["variable"]


def test_count_expands_with_index(tmp_path):
    files = {"main.tf": 'resource "t" "r" {\n  count = 2\n  name = "n-${count.index}"\n}\n'}
    resources, _ = build(tmp_path, files)
    assert {r.address: r.attributes for r in resources} == {
        "t.r[0]": {"name": "n-0"}, "t.r[1]": {"name": "n-1"}}
    assert all(r.name == "r" for r in resources)


def test_unknown_count_keeps_one_resource_with_unknown_index(tmp_path):
    files = {"main.tf": 'resource "t" "r" {\n  count = length(data.x.y.ids)\n  i = count.index\n'
                        '  k = "fixed"\n}\n'}
    resources, _ = build(tmp_path, files)
    (resource,) = resources
    assert resource.address == "t.r" and resource.attributes["k"] == "fixed"
    assert isinstance(resource.attributes["i"], Unknown)
    assert resource.attributes["i"].refs == ("data.x.y",)


def test_for_each_over_map_and_set(tmp_path):
    files = {"main.tf": 'resource "t" "m" {\n  for_each = { prod = 10, dev = 1 }\n'
                        '  name = each.key\n  rate = each.value\n}\n'
                        'resource "t" "s" {\n  for_each = toset(["b", "a", "b"])\n'
                        '  name = "${each.key}/${each.value}"\n}\n'}
    resources, _ = build(tmp_path, files)
    assert {r.address: r.attributes for r in resources} == {
        't.m["dev"]': {"name": "dev", "rate": 1}, 't.m["prod"]': {"name": "prod", "rate": 10},
        't.s["a"]': {"name": "a/a"}, 't.s["b"]': {"name": "b/b"}}


def test_dynamic_blocks_expand_with_their_iterator(tmp_path):
    files = {"main.tf": 'locals {\n  rules = { https = 443, http = 80 }\n}\n'
                        'resource "aws_security_group" "sg" {\n  ingress {\n    from_port = 22\n  }\n'
                        '  dynamic "ingress" {\n    for_each = local.rules\n    iterator = rule\n'
                        '    content {\n      description = rule.key\n      from_port = rule.value\n'
                        '    }\n  }\n}\n'}
    resources, _ = build(tmp_path, files)
    sg = by_address(resources)["aws_security_group.sg"]
    assert sg.attributes["ingress"] == [{"from_port": 22},
                                        {"description": "http", "from_port": 80},
                                        {"description": "https", "from_port": 443}]
    assert sg.lines["ingress[0]"] == 5 and sg.lines["ingress[2].from_port"] == 13


def test_dynamic_block_with_unknown_for_each_is_unknown(tmp_path):
    files = {"main.tf": 'resource "aws_security_group" "sg" {\n  dynamic "ingress" {\n'
                        '    for_each = data.x.rules.list\n    content {\n'
                        '      from_port = ingress.value\n    }\n  }\n}\n'}
    sg = by_address(build(tmp_path, files)[0])["aws_security_group.sg"]
    assert isinstance(sg.attributes["ingress"], Unknown)
    assert sg.attributes["ingress"].refs == ("data.x.rules",)
    assert sg.lines["ingress"] == 2


def test_data_sources_providers_and_outputs(tmp_path):
    files = {"main.tf": 'data "aws_caller_identity" "me" {}\n'
                        'provider "aws" {\n  region = "eu-west-1"\n}\n'
                        'provider "aws" {\n  alias  = "us"\n  region = "us-east-1"\n}\n'
                        'output "id" {\n  value = data.aws_caller_identity.me.account_id\n}\n'}
    found = by_address(build(tmp_path, files)[0])
    assert found["data.aws_caller_identity.me"].type == "data.aws_caller_identity"
    assert found["provider.aws"].attributes == {"region": "eu-west-1"}
    assert found["provider.aws.us"].attributes["region"] == "us-east-1"
    assert found["output.id"].attributes["value"].refs == ("data.aws_caller_identity.me",)


# --- functions reading files -------------------------------------------------------------


def test_file_and_templatefile_inside_root(tmp_path):
    files = {"envs/prod/main.tf": 'resource "t" "r" {\n  raw = file("${path.module}/policy.json")\n'
                                  '  tpl = templatefile("${path.module}/p.tpl", { name = "api", '
                                  'ids = ["a", "b"], on = true })\n'
                                  '  has = fileexists("policy.json")\n  missing = file("nope.txt")\n}\n',
             "envs/prod/policy.json": '{"Effect": "Deny"}',
             "envs/prod/p.tpl": "name=${name}\n%{ for i in ids ~}\n- ${i}\n%{ endfor ~}\n"
                                "%{ if on }enabled%{ else }disabled%{ endif }"}
    attributes = attrs_of(tmp_path, files, "t.r")
    assert attributes["raw"] == '{"Effect": "Deny"}'
    assert attributes["tpl"] == "name=api\n- a\n- b\nenabled"
    assert attributes["has"] is True
    assert isinstance(attributes["missing"], Unknown)


def test_file_outside_root_is_unknown(tmp_path):
    (tmp_path / "secret.txt").write_text("top secret")
    root = tmp_path / "scan"
    root.mkdir()
    attributes = attrs_of(root, {"main.tf": 'resource "t" "r" {\n  a = file("../secret.txt")\n'
                                            '  b = file("/etc/hostname")\n}\n'}, "t.r")
    assert isinstance(attributes["a"], Unknown) and "outside" in attributes["a"].reason
    assert isinstance(attributes["b"], Unknown)


def test_templatefile_with_unknown_variable_is_unknown(tmp_path):
    files = {"main.tf": 'resource "t" "r" {\n  a = templatefile("t.tpl", { arn = aws_x.y.arn })\n}\n',
             "t.tpl": "arn=${arn}"}
    value = attrs_of(tmp_path, files, "t.r")["a"]
    assert isinstance(value, Unknown) and value.refs == ("aws_x.y",)


def test_unknown_for_each_binds_each_to_unknowns_with_refs(tmp_path):
    files = {"main.tf": 'resource "t" "r" {\n  for_each = data.x.y.names\n  name = each.key\n}\n'}
    (resource,) = build(tmp_path, files)[0]
    assert resource.address == "t.r"
    assert isinstance(resource.attributes["name"], Unknown)
    assert resource.attributes["name"].refs == ("data.x.y",)


def test_instances_of_other_resources_are_followed(tmp_path):
    files = {"main.tf": 'resource "aws_api_gateway_stage" "s" {\n  for_each = toset(["dev", "prod"])\n'
                        '  stage_name = each.key\n}\n'
                        'resource "aws_api_gateway_method_settings" "m" {\n'
                        '  for_each   = aws_api_gateway_stage.s\n  stage_name = each.value.stage_name\n'
                        '  key        = each.key\n}\n'
                        'resource "aws_subnet" "a" {\n  count = 3\n}\n'
                        'resource "t" "r" {\n  n = length(aws_subnet.a)\n  first = aws_subnet.a[0].id\n'
                        '  out_of_range = aws_subnet.a[7].id\n}\n'}
    resources, errors = build(tmp_path, files)
    assert errors == []
    found = by_address(resources)
    settings = found['aws_api_gateway_method_settings.m["prod"]']
    assert settings.attributes["key"] == "prod"
    assert settings.attributes["stage_name"].refs == ("aws_api_gateway_stage.s",)
    assert found["t.r"].attributes["n"] == 3
    assert found["t.r"].attributes["first"].refs == ("aws_subnet.a",)
    assert "out of range" in found["t.r"].attributes["out_of_range"].reason


def test_dynamic_block_over_an_empty_collection_adds_nothing(tmp_path):
    files = {"main.tf": 'resource "t" "r" {\n  dynamic "logging" {\n    for_each = []\n'
                        '    content {\n      level = "INFO"\n    }\n  }\n}\n'}
    assert attrs_of(tmp_path, files, "t.r") == {}


def test_a_value_nested_too_deeply_is_unknown_and_the_rest_kept(tmp_path):
    deep = "[" * 3000 + "]" * 3000
    files = {"main.tf": f'resource "t" "ok" {{\n  a = 1\n}}\nlocals {{\n  x = {deep}\n}}\n'
                        f'resource "t" "deep" {{\n  a = 1\n  b = {deep}\n  c = local.x\n}}\n'}
    result = parse(files["main.tf"])
    assert [e["line"] for e in result["errors"]] == [5, 9]  # the attributes' own lines
    assert all("nested too deeply" in e["message"] for e in result["errors"])
    resources, _ = build(tmp_path, files)
    assert by_address(resources)["t.ok"].attributes == {"a": 1}
    kept = by_address(resources)["t.deep"].attributes  # the resource is judged, not dropped
    assert kept["a"] == 1 and isinstance(kept["b"], Unknown) and isinstance(kept["c"], Unknown)


def test_a_value_nested_deeply_through_references_is_unknown(tmp_path):
    chain = "\n".join(f"  c{i} = [local.c{i - 1}]" for i in range(1, 1500))
    files = {"main.tf": f'locals {{\n  c0 = 1\n{chain}\n}}\n'
                        'resource "t" "r" {\n  a = 1\n  b = local.c1499\n  c = local.c3\n}\n'}
    resources, errors = build(tmp_path, files)
    attributes = by_address(resources)["t.r"].attributes
    assert attributes["a"] == 1 and attributes["c"] == [[[1]]]
    assert isinstance(attributes["b"], Unknown) and attributes["b"].kind.value == "limit"
    assert [(e.line, e.message.split(":")[0]) for e in errors] == [(1505, "b")]


def test_strings_doubled_through_locals_stop_at_a_limit(tmp_path):
    chain = "\n".join(f'  s{i + 1} = "${{local.s{i}}}${{local.s{i}}}"' for i in range(40))
    files = {"main.tf": f'locals {{\n  s0 = "xxxxxxxx"\n{chain}\n}}\n'
                        'resource "t" "r" {\n  v = local.s40\n  w = length(local.s3)\n}\n'}
    attributes = attrs_of(tmp_path, files, "t.r")
    assert isinstance(attributes["v"], Unknown) and "too long" in attributes["v"].reason
    assert attributes["w"] == 64
