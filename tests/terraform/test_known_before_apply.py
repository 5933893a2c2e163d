"""What Terraform knows before apply: the known parts of a string with an unknown segment,
and the comparisons and checks those parts decide (issue 14, item 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compliance.evaluate.checks import iam
from compliance.evaluate.evaluator import Evaluator
from compliance.evaluate.run import ScanContext
from compliance.model import Status, Unknown, known_pieces, may_be
from compliance.parse.terraform_hcl import parse
from compliance.resolve.terraform import build_resources

PASS, FAIL, UNKNOWN = Status.PASS, Status.FAIL, Status.UNKNOWN


def build(root: Path, files: dict[str, str]):
    parsed = []
    for relpath, text in sorted(files.items()):
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text)
        parsed.append((relpath, json.loads(json.dumps(parse(text)))))
    resources, errors = build_resources(parsed, root, [])
    assert errors == []
    return {r.address: r for r in resources}


PARTITION = '''
data "aws_partition" "current" {}
locals {
  prefix   = "arn:${data.aws_partition.current.partition}:iam::aws:policy"
  policies = {
    admin   = "${local.prefix}/AdministratorAccess"
    cluster = "${local.prefix}/AmazonEKSClusterPolicy"
  }
}
resource "aws_iam_role_policy_attachment" "this" {
  for_each   = local.policies
  role       = "r"
  policy_arn = each.value
}
resource "aws_iam_role_policy_attachment" "unnamed" {
  role       = "r"
  policy_arn = "${local.prefix}/${data.aws_partition.current.dns_suffix}"
}
resource "aws_s3_bucket" "b" {
  bucket = "logs-${data.aws_partition.current.partition}-${var.env}.example"
}
variable "env" {}
'''


def test_a_template_keeps_its_known_pieces_through_locals(tmp_path):
    found = build(tmp_path, {"main.tf": PARTITION})
    arn = found['aws_iam_role_policy_attachment.this["cluster"]'].attributes["policy_arn"]
    assert isinstance(arn, Unknown)
    assert arn.refs == ("data.aws_partition.current",)  # references still connect resources
    assert known_pieces(arn) == ("arn:", None, ":iam::aws:policy/AmazonEKSClusterPolicy")
    bucket = found["aws_s3_bucket.b"].attributes["bucket"]
    assert known_pieces(bucket) == ("logs-", None, "-", None, ".example")


def test_a_template_whose_directive_is_unknown_has_no_known_pieces(tmp_path):
    found = build(tmp_path, {"main.tf": '''
variable "on" {}
resource "aws_s3_bucket" "b" {
  bucket = "logs-%{if var.on}a%{else}b%{endif}"
}
'''})
    assert known_pieces(found["aws_s3_bucket.b"].attributes["bucket"]) is None


def _attachment_status(resource, name):
    return iam.iam_no_managed_policy(resource, ScanContext([resource]), name=name).status


def test_a_partition_arn_is_judged_by_its_known_policy_name(tmp_path):
    """Was unknown before: the partition is read from the provider."""
    found = build(tmp_path, {"main.tf": PARTITION})
    admin = found['aws_iam_role_policy_attachment.this["admin"]']
    cluster = found['aws_iam_role_policy_attachment.this["cluster"]']
    unnamed = found["aws_iam_role_policy_attachment.unnamed"]
    assert _attachment_status(admin, "AdministratorAccess") is FAIL
    assert _attachment_status(cluster, "AdministratorAccess") is PASS
    assert _attachment_status(cluster, "IAMFullAccess") is PASS
    assert _attachment_status(unnamed, "AdministratorAccess") is UNKNOWN


@pytest.mark.parametrize("pieces, text, possible", [
    (("arn:", None, ":iam::aws:policy/X"), "arn:aws:iam::aws:policy/X", True),
    (("arn:", None, ":iam::aws:policy/X"), "arn:aws:iam::aws:policy/Y", False),
    (("arn:", None, ":iam::aws:policy/X"), "arn:iam::aws:policy/X", False),  # overlap
    (("a", None, "b", None, "c"), "aXbYc", True),
    (("a", None, "b", None, "c"), "abc", True),  # unknown parts may be empty
    (("a", None, "b", None, "c"), "aXc", False),
    ((None, "-prod"), "orders-prod", True),
    ((None, "-prod"), "orders-dev", False),
])
def test_may_be(pieces, text, possible):
    assert may_be(pieces, text) is possible


def _bucket_condition(tmp_path, condition):
    found = build(tmp_path, {"main.tf": PARTITION})
    bucket = found["aws_s3_bucket.b"]
    return Evaluator(ScanContext([bucket]), {}).evaluate(condition, bucket).status


@pytest.mark.parametrize("condition, status", [
    ({"path": "bucket", "equals": "public"}, FAIL),  # was unknown
    ({"path": "bucket", "equals": "logs-aws-prod.example"}, UNKNOWN),
    ({"path": "bucket", "not_equals": "public"}, PASS),
    ({"path": "bucket", "in": ["a", "b"]}, FAIL),
    ({"path": "bucket", "not_in": ["a", "logs-aws-dev.example"]}, UNKNOWN),
    ({"path": "bucket", "matches": "^logs-"}, PASS),
    ({"path": "bucket", "matches": "^public-"}, FAIL),
    ({"path": "bucket", "matches": "\\.example$"}, PASS),
    ({"path": "bucket", "matches": "\\.org$"}, FAIL),
    ({"path": "bucket", "matches": "^LOGS", "ignore_case": True}, PASS),
    ({"path": "bucket", "matches": "^logs-[a-z]+"}, UNKNOWN),  # a real expression: not read
    ({"path": "bucket", "matches": "prod"}, UNKNOWN),  # may be in an unknown part
    ({"path": "bucket", "contains": "example"}, PASS),
    ({"path": "bucket", "contains": "prod"}, UNKNOWN),
])
def test_comparisons_the_known_pieces_decide(tmp_path, condition, status):
    assert _bucket_condition(tmp_path, condition) is status


def test_for_each_over_a_map_with_known_keys_and_unknown_values(tmp_path):
    """Was one instance standing for all: `var.groups != null` compared a map holding unknown
    values with null, which Terraform decides (a map that is there is not null)."""
    found = build(tmp_path, {
        "main.tf": '''
data "aws_ami" "a" {}
module "groups" {
  source = "./groups"
  groups = {
    blue  = { ami = data.aws_ami.a.id, hop_limit = 2 }
    green = { ami = data.aws_ami.a.id }
  }
}
''',
        "groups/main.tf": '''
variable "groups" {
  type = map(object({
    ami       = string
    hop_limit = optional(number, 1)
  }))
  default = null
}
resource "aws_launch_template" "t" {
  for_each = var.groups != null ? var.groups : {}
  image_id = each.value.ami
  metadata_options {
    http_put_response_hop_limit = each.value.hop_limit
  }
}
'''})
    blue = found['module.groups.aws_launch_template.t["blue"]'].attributes
    green = found['module.groups.aws_launch_template.t["green"]'].attributes
    assert blue["metadata_options"] == [{"http_put_response_hop_limit": 2}]
    assert green["metadata_options"] == [{"http_put_response_hop_limit": 1}]  # the default
    assert isinstance(blue["image_id"], Unknown)  # each.value's unknown parts stay unknown


@pytest.mark.parametrize("expression, expected", [
    ('{ a = data.x.y.id } == null', False),
    ('null != { a = data.x.y.id }', True),
    ('{ a = data.x.y.id } == { b = 1 }', False),
    ('[data.x.y.id] == [1, 2]', False),
    ('{ a = data.x.y.id } == { a = 1 }', None),
    ('data.x.y.id == null', None),
    ('"arn:${data.x.y.id}:iam" == "arn:aws:s3"', False),
    ('"arn:${data.x.y.id}:iam" != ""', True),
    ('"arn:${data.x.y.id}:iam" == "arn:aws:iam"', None),
])
def test_equality_of_values_with_unknown_parts(tmp_path, expression, expected):
    found = build(tmp_path, {"main.tf": f'resource "t" "r" {{\n  v = {expression}\n}}\n'})
    value = found["t.r"].attributes["v"]
    assert (value if expected is not None else isinstance(value, Unknown)) is (
        expected if expected is not None else True)


def test_optional_attributes_of_object_variables_take_their_defaults(tmp_path):
    found = build(tmp_path, {
        "main.tf": '''
module "m" {
  source = "./m"
  settings = {
    logging = { retention = 7 }
  }
}
''',
        "m/main.tf": '''
variable "settings" {
  type = object({
    kms_key = optional(string)
    logging = optional(object({
      enabled   = optional(bool, true)
      retention = optional(number, 30)
    }), {})
    metadata = optional(object({
      http_tokens = optional(string, "required")
    }), {})
  })
}
resource "aws_cloudwatch_log_group" "g" {
  kms_key_id        = var.settings.kms_key
  retention_in_days = var.settings.logging.retention
  skip_destroy      = var.settings.logging.enabled
  name              = var.settings.metadata.http_tokens
}
'''})
    group = found["module.m.aws_cloudwatch_log_group.g"].attributes
    assert group["kms_key_id"] is None  # optional(type) without a default is null
    assert group["retention_in_days"] == 7  # given
    assert group["skip_destroy"] is True  # a nested default inside a given object
    assert group["name"] == "required"  # a default object, its own defaults filled in


def test_literal_arguments_of_other_resources_are_read_through_references(tmp_path):
    """Was unknown: `aws_eks_cluster.this[0].kubernetes_network_config[0].ip_family` is
    what the configuration sets; computed attributes (`arn`) stay unknown, and the value
    keeps its reference, so the graph still connects the resources."""
    found = build(tmp_path, {"main.tf": '''
resource "aws_eks_cluster" "this" {
  count = 1
  name  = "prod"
  kubernetes_network_config {
    ip_family = "ipv4"
  }
}
resource "aws_iam_policy" "p" {
  name = "AdministratorAccess"
}
locals {
  family = aws_eks_cluster.this[0].kubernetes_network_config[0].ip_family
}
resource "aws_iam_role_policy_attachment" "cni" {
  for_each   = { for k, v in { ipv4 = "a", ipv6 = "b" } : k => v if k == local.family }
  role       = aws_eks_cluster.this[0].name
  policy_arn = aws_iam_policy.p.arn
}
'''})
    attachment = found['aws_iam_role_policy_attachment.cni["ipv4"]']  # one instance, by key
    assert 'aws_iam_role_policy_attachment.cni["ipv6"]' not in found
    role = attachment.attributes["role"]
    assert isinstance(role, Unknown) and role.refs == ("aws_eks_cluster.this",)
    assert known_pieces(role) == ("prod",)
    assert known_pieces(attachment.attributes["policy_arn"]) is None  # computed: unknown
    condition = {"path": "role", "equals": "prod"}
    assert Evaluator(ScanContext([attachment]), {}).evaluate(condition, attachment).status \
        is PASS


def test_a_rule_open_to_a_configured_vpc_cidr_is_not_open_to_the_world(tmp_path):
    """Was unknown: `aws_vpc.web.cidr_block` is the string the configuration sets."""
    from compliance.evaluate.checks import network

    found = build(tmp_path, {"main.tf": '''
resource "aws_vpc" "web" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_vpc" "computed" {
  ipv4_ipam_pool_id = "pool"
}
resource "aws_security_group_rule" "ssh" {
  for_each    = { vpc = aws_vpc.web.cidr_block, unset = aws_vpc.computed.cidr_block }
  type        = "ingress"
  from_port   = 22
  to_port     = 22
  protocol    = "tcp"
  cidr_blocks = [each.value]
}
'''})
    statuses = {}
    for name in ("vpc", "unset"):
        rule = found[f'aws_security_group_rule.ssh["{name}"]']
        statuses[name] = network.CHECKS["security_group_admin_ports_open"](
            rule, ScanContext([rule]), ports=[22]).status
    assert statuses == {"vpc": PASS, "unset": UNKNOWN}


def test_a_resource_referred_to_is_evaluated_once(tmp_path, monkeypatch):
    """Its attributes serve its own resource and the references to its arguments alike
    (`ModuleInstance.resource_body`), whichever comes first."""
    from compliance.resolve.terraform import module_instance, resources

    evaluated = []
    original = module_instance.block_attributes

    def counted(block, *args, **kwargs):
        evaluated.append(tuple(block["labels"]))
        return original(block, *args, **kwargs)

    monkeypatch.setattr(module_instance, "block_attributes", counted)
    monkeypatch.setattr(resources, "block_attributes", counted)
    found = build(tmp_path, {"main.tf": '''
resource "aws_s3_bucket" "after" {
  bucket = "copy-of-${aws_s3_bucket.logs[1].bucket}"
}
resource "aws_s3_bucket" "logs" {
  count  = 2
  bucket = "logs-${count.index}"
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_s3_bucket" "before" {
  bucket = "copy-of-${aws_s3_bucket.logs[0].bucket}"
}
'''})
    assert sorted(evaluated) == sorted([("aws_s3_bucket", "after"), ("aws_s3_bucket", "logs"),
                                        ("aws_s3_bucket", "logs"), ("aws_s3_bucket", "before")])
    assert known_pieces(found["aws_s3_bucket.after"].attributes["bucket"]) == ("copy-of-logs-1",)
    assert known_pieces(found["aws_s3_bucket.before"].attributes["bucket"]) == ("copy-of-logs-0",)
    assert found["aws_s3_bucket.logs[1]"].attributes == {"bucket": "logs-1"}
    assert found["aws_s3_bucket.logs[1]"].lines == {"bucket": 7}


def test_a_second_declaration_of_an_address_keeps_its_own_attributes(tmp_path):
    """Terraform rejects it; the scan reads both as written (the shared attributes are the
    first's, which references see)."""
    parsed = [("main.tf", parse('''
resource "aws_s3_bucket" "b" {
  bucket = "first"
}
resource "aws_s3_bucket" "b" {
  bucket = "second"
}
'''))]
    resources, _errors = build_resources(parsed, tmp_path, [])
    assert [r.attributes["bucket"] for r in resources] == ["first", "second"]
