"""Terraform's JSON syntax (`*.tf.json`): the same blocks as HCL, with lines (issue 14, item 6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compliance.parse.discover import TERRAFORM_JSON, TERRAFORM_VARS, classify
from compliance.parse.terraform_hcl import parse as parse_hcl
from compliance.parse.terraform_hcl import parse_vars
from compliance.parse.terraform_json import parse
from compliance.pipeline.scan import ScanOptions, run_scan

HCL = '''\
variable "env" {
  type    = string
  default = "dev"
}

locals {
  name = "app-${var.env}"
}

resource "aws_s3_bucket" "b" {
  bucket = local.name
  tags = {
    Env = var.env
  }
  versioning {
    enabled = false
  }
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256"
      }
    }
  }
}

resource "aws_security_group" "sg" {
  name = "web"
  dynamic "ingress" {
    for_each = [22, 443]
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}

resource "aws_kms_key" "k" {
  count               = 2
  enable_key_rotation = count.index == 0
}
'''

JSON = '''\
{
  "//": "the same configuration as main.tf",
  "variable": {
    "env": {
      "type": "string",
      "default": "dev"
    }
  },
  "locals": {
    "name": "app-${var.env}"
  },
  "resource": {
    "aws_s3_bucket": {
      "b": {
        "bucket": "${local.name}",
        "tags": {
          "Env": "${var.env}"
        },
        "versioning": {
          "enabled": false
        },
        "server_side_encryption_configuration": {
          "rule": {
            "apply_server_side_encryption_by_default": {
              "sse_algorithm": "AES256"
            }
          }
        }
      }
    },
    "aws_security_group": {
      "sg": {
        "name": "web",
        "dynamic": {
          "ingress": {
            "for_each": "${[22, 443]}",
            "content": {
              "from_port": "${ingress.value}",
              "to_port": "${ingress.value}",
              "protocol": "tcp",
              "cidr_blocks": ["0.0.0.0/0"]
            }
          }
        }
      }
    },
    "aws_kms_key": [
      {"k": {"count": 2, "enable_key_rotation": "${count.index == 0}"}}
    ]
  }
}
'''


def test_tf_json_files_are_terraform():
    assert classify("main.tf.json", b"{}") == TERRAFORM_JSON
    assert classify("terraform.tfvars.json", b"{}") == TERRAFORM_VARS


def test_blocks_labels_and_lines():
    result = parse(JSON)
    assert result["errors"] == []
    blocks = {(b["type"], *b["labels"]): b for b in result["blocks"]}
    assert set(blocks) == {("variable", "env"), ("locals",), ("resource", "aws_s3_bucket", "b"),
                           ("resource", "aws_security_group", "sg"),
                           ("resource", "aws_kms_key", "k")}
    bucket = blocks[("resource", "aws_s3_bucket", "b")]
    assert (bucket["line"], bucket["end_line"]) == (14, 29)
    assert bucket["attrs"]["bucket"] == {"line": 15, "end_line": 15,
                                         "expr": ["tpl", [["ref", "local", ["name"]]]]}
    # a map argument stays an argument (free keys in the type's schema) ...
    assert bucket["attrs"]["tags"]["expr"] == ["object", [
        ["Env", ["tpl", [["ref", "var", ["env"]]]], 17]]]
    # ... and nested blocks are blocks, at any depth, with their lines
    versioning, encryption = bucket["blocks"]
    assert (versioning["type"], versioning["line"]) == ("versioning", 19)
    rule = encryption["blocks"][0]
    assert rule["blocks"][0]["attrs"]["sse_algorithm"]["line"] == 25
    variable = blocks[("variable", "env")]
    assert variable["attrs"]["type"]["expr"] == ["ref", "string", []]  # an expression
    dynamic = blocks[("resource", "aws_security_group", "sg")]["blocks"][0]
    assert (dynamic["type"], dynamic["labels"], dynamic["blocks"][0]["type"]) == \
        ("dynamic", ["ingress"], "content")


def test_expression_strings_and_literals():
    result = parse(json.dumps({"resource": {"t": {"r": {
        "depends_on": ["aws_kms_key.k"], "provider": "aws.west", "n": 3, "f": 1.5,
        "on": True, "off": None, "escaped": "$${not} %%{here}",
        "lifecycle": {"ignore_changes": ["tags"]}}}}}))
    attrs = result["blocks"][0]["attrs"]
    assert attrs["depends_on"]["expr"] == ["tuple", [["ref", "aws_kms_key", ["k"]]]]
    assert attrs["provider"]["expr"] == ["ref", "aws", ["west"]]
    assert [attrs[k]["expr"] for k in ("n", "f", "on", "off")] == [3, 1.5, True, None]
    assert attrs["escaped"]["expr"] == parse_hcl('x = "$${not} %%{here}"\n'.replace(
        "x =", 'resource "t" "r" {\n  escaped =') + "}\n")["blocks"][0]["attrs"]["escaped"]["expr"]
    lifecycle = result["blocks"][0]["blocks"][0]
    assert lifecycle["attrs"]["ignore_changes"]["expr"] == ["tuple", [["ref", "tags", []]]]


@pytest.mark.parametrize("text, line, message", [
    ('{\n  "resource": {\n    "t": {"r": {"a": }}\n  }\n}\n', 3, "invalid JSON"),
    ('{"resource": {}}\n{}', 2, "extra data"),
    ('[1]', 1, "must hold an object"),
    ('{\n  "resources": {}\n}', 2, "unknown block type"),
])
def test_bad_files_are_errors_with_lines(text, line, message):
    errors = parse(text)["errors"]
    assert len(errors) == 1 and errors[0]["line"] == line and message in errors[0]["message"]


def test_json_variable_files_have_lines_for_every_key():
    result = parse_vars('{\n  "region": "eu-west-1",\n  "tags": {\n    "a": "${x}"\n  }\n}\n')
    assert result["vars"]["region"]["line"] == 2
    assert result["vars"]["tags"] == {"line": 3, "end_line": 5,
                                      "expr": ["object", [["a", "${x}", 4]]]}  # literal


def _findings(root: Path):
    from compliance.catalog.controls import load_catalog

    result = run_scan([root], load_catalog(), options=ScanOptions(cache_dir=None))
    assert result.errors == []
    return result.findings


def _lines_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_same_configuration_in_hcl_and_json_gives_the_same_findings(tmp_path):
    (tmp_path / "hcl").mkdir()
    (tmp_path / "json").mkdir()
    (tmp_path / "hcl" / "main.tf").write_text(HCL)
    (tmp_path / "json" / "main.tf.json").write_text(JSON)
    from_hcl = _findings(tmp_path / "hcl")
    from_json = _findings(tmp_path / "json")

    def judged(findings):
        return sorted((f.control, f.check, f.status.value, f.resource.address,
                       f.evidence.attribute) for f in findings)

    assert judged(from_hcl) == judged(from_json)
    assert {f.status.value for f in from_json} >= {"pass", "fail"}
    assert {f.resource.location.file for f in from_json} == {"main.tf.json"}
    # the deciding lines point into each file
    expected = {("aws-s3-kms-encryption", "sse_algorithm"), ("aws-sg-admin-ports-open",
                "cidr_blocks"), ("aws-kms-key-rotation", "enable_key_rotation"),
                ("aws-s3-versioning", "bucket")}
    for findings, text, quote in ((from_json, JSON, '"'), (from_hcl, HCL, "")):
        lines = {f.control: f.evidence.line for f in findings if f.status.value == "fail"}
        for control, key in expected:
            needle = f'{quote}{key}{quote}' if key != "bucket" else (
                '"b": {' if quote else 'resource "aws_s3_bucket" "b"')
            assert lines[control] == _lines_of(text, needle), (control, text[:10])
    failing = [f for f in from_json if f.status.value == "fail"]
    assert any(f.resource.address == "aws_kms_key.k[1]" for f in failing)  # count expanded
    assert any(f.resource.type == "aws_security_group" for f in failing)  # dynamic expanded
