"""The Terraform HCL parser: blocks, lines and the expression IR it hands to the resolver."""

from __future__ import annotations

import json

from compliance.parse import parse_source
from compliance.parse.terraform_hcl import parse, parse_template, parse_vars

SOURCE = '''\
# a comment
resource "aws_security_group" "web" {
  name = "web"
  tags = {
    Name  = "web"
    Owner = var.owner
  }

  ingress {
    from_port = 443
  }
  ingress {
    from_port   = 80
    cidr_blocks = ["0.0.0.0/0"]
  }
  description = join(",", [
    "a",
    "b",
  ])
}

variable "owner" {}
'''


def only_attr(text: str, name: str = "x"):
    result = parse(f"locals {{\n  {name} = {text}\n}}\n")
    assert result["errors"] == []
    return result["blocks"][0]["attrs"][name]["expr"]


def test_blocks_and_attributes_carry_their_lines():
    result = parse(SOURCE)
    assert result["errors"] == [] and result["resources"] == []
    resource, variable = result["blocks"]
    assert (resource["type"], resource["labels"]) == ("resource", ["aws_security_group", "web"])
    assert (resource["line"], resource["end_line"]) == (2, 20)
    assert resource["attrs"]["name"]["line"] == 3
    assert (resource["attrs"]["tags"]["line"], resource["attrs"]["tags"]["end_line"]) == (4, 7)
    assert (resource["attrs"]["description"]["line"],
            resource["attrs"]["description"]["end_line"]) == (16, 19)
    first, second = resource["blocks"]
    assert (first["type"], first["line"], first["end_line"]) == ("ingress", 9, 11)
    assert second["attrs"]["cidr_blocks"]["line"] == 14
    assert (variable["labels"], variable["line"], variable["end_line"]) == (["owner"], 22, 22)


def test_object_keys_keep_their_lines():
    tags = parse(SOURCE)["blocks"][0]["attrs"]["tags"]["expr"]
    assert tags == ["object", [["Name", "web", 5], ["Owner", ["ref", "var", ["owner"]], 6]]]


def test_result_is_plain_json():
    result = parse(SOURCE)
    assert json.loads(json.dumps(result)) == result


def test_empty_and_comment_only_files():
    for text in ("", "\n\n", "# only a comment\n// another\n/* and\n a block */\n"):
        assert parse(text) == {"resources": [], "errors": [], "blocks": []}


def test_syntax_error_is_reported_with_its_line():
    result = parse('resource "a" "b" {\n  x = 1\n  y = @\n}\n')
    assert result["blocks"] == []
    assert len(result["errors"]) == 1
    error = result["errors"][0]
    assert error["line"] == 3
    assert error["message"].startswith("syntax error") and "Traceback" not in error["message"]


def test_unclosed_block_reports_a_line_inside_the_file():
    result = parse('resource "a" "b" {\n  x = 1\n')
    assert result["errors"][0]["line"] == 2
    assert "end of file" in result["errors"][0]["message"]


def test_parse_source_never_raises_on_garbage():
    result = parse_source("terraform", "}}}{{{ = = =")
    assert result["errors"] and result["errors"][0]["line"] == 1


def test_heredoc_is_a_string_without_markers():
    text = 'locals {\n  x = <<EOF\n{\n  "a": "b"\n}\nEOF\n  y = 2\n}\n'
    attrs = parse(text)["blocks"][0]["attrs"]
    assert attrs["x"]["expr"] == '{\n  "a": "b"\n}\n'
    assert (attrs["x"]["line"], attrs["x"]["end_line"]) == (2, 6)
    assert attrs["y"]["line"] == 7


def test_indented_heredoc_trims_common_indentation():
    text = 'locals {\n  x = <<-EOT\n    one\n      two\n    EOT\n}\n'
    assert parse(text)["blocks"][0]["attrs"]["x"]["expr"] == "one\n  two\n"


def test_heredoc_interpolations_are_parsed():
    text = 'locals {\n  x = <<EOF\narn: ${aws_s3_bucket.b.arn}/*\nname: ${upper(var.n)} $${literal}\nEOF\n}\n'
    expr = parse(text)["blocks"][0]["attrs"]["x"]["expr"]
    assert expr == ["tpl", ["arn: ", ["ref", "aws_s3_bucket", ["b", "arn"]], "/*\nname: ",
                            ["call", "upper", [["ref", "var", ["n"]]], False], " ${literal}\n"]]


def test_heredoc_backslashes_and_quotes_stay_literal():
    text = 'locals {\n  x = <<EOF\nsay "hi" \\n ${var.a}\nEOF\n}\n'
    expr = parse(text)["blocks"][0]["attrs"]["x"]["expr"]
    assert expr == ["tpl", ['say "hi" \\n ', ["ref", "var", ["a"]], "\n"]]


def test_template_directives_and_strip_markers():
    expr = parse_template("%{ for s in list ~}\n- ${s}\n%{ endfor ~}\n%{ if x }yes%{ else }no%{ endif }")
    assert expr == ["tpl", [["%for", None, "s", ["ref", "list", []], ["- ", ["ref", "s", []], "\n"]],
                            ["%if", ["ref", "x", []], ["yes"], ["no"]]]]


def test_unbalanced_template_is_invalid_not_an_exception():
    assert parse_template("a ${oops")[0] == "invalid"


def test_quoted_string_escapes_are_decoded():
    assert only_attr(r'"a\"b\n\t\u00e9 $${x} %%{y}"') == 'a"b\n\té ${x} %{y}'


def test_references_with_index_and_splat():
    assert only_attr("aws_instance.web[0].id") == ["ref", "aws_instance", ["web", ["index", 0], "id"]]
    assert only_attr('data.aws_iam_policy_document.p["k"].json') == [
        "ref", "data", ["aws_iam_policy_document", "p", ["index", "k"], "json"]]
    assert only_attr("aws_subnet.s[*].id") == ["ref", "aws_subnet", ["s", ["splat", ["id"]]]]
    assert only_attr("module.m.out") == ["ref", "module", ["m", "out"]]


def test_operators_keep_precedence():
    assert only_attr("1 + 2 * 3") == ["op", "+", 1, ["op", "*", 2, 3]]
    assert only_attr("!a && b || c") == ["op", "||", ["op", "&&", ["not", ["ref", "a", []]],
                                                      ["ref", "b", []]], ["ref", "c", []]]
    assert only_attr("-x") == ["neg", ["ref", "x", []]]
    assert only_attr("-5") == -5


def test_conditional_for_and_calls():
    assert only_attr("a ? 1 : 2") == ["cond", ["ref", "a", []], 1, 2]
    assert only_attr("[for k, v in m : v if v]") == [
        "for", "k", "v", ["ref", "m", []], ["ref", "v", []], ["ref", "v", []]]
    assert only_attr("{for s in l : s => 1...}") == [
        "forobj", None, "s", ["ref", "l", []], ["ref", "s", []], 1, None, True]
    assert only_attr("f(1, [2]...)") == ["call", "f", [1, ["tuple", [2]]], True]


def test_object_key_forms():
    expr = only_attr('{ plain = 1, "quoted.key" = 2, (var.k) = 3 }')
    assert [key for key, _value, _line in expr[1]] == ["plain", "quoted.key", ["ref", "var", ["k"]]]


def test_parse_vars_hcl_and_json():
    result = parse_vars('region = "eu-west-1"\nports  = [80, 443]\n')
    assert result["errors"] == []
    assert result["vars"]["region"] == {"line": 1, "end_line": 1, "expr": "eu-west-1"}
    assert result["vars"]["ports"]["expr"] == ["tuple", [80, 443]]
    result = parse_vars('{\n  "region": "eu-west-1",\n  "tags": {"a": "${x}"}\n}\n')
    assert result["errors"] == []
    assert result["vars"]["region"]["line"] == 2
    # JSON values are literal: "${x}" is not a template there
    assert result["vars"]["tags"]["expr"] == ["object", [["a", "${x}", 3]]]  # with its line


def test_parse_vars_reports_blocks_and_bad_json():
    result = parse_vars('a = 1\nthing {\n}\n')
    assert [e["line"] for e in result["errors"]] == [2]
    result = parse_vars('{\n "a": \n}')
    assert result["vars"] == {} and result["errors"][0]["line"] == 3
