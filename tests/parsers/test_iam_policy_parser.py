"""The IAM policy parser (`parse/iam_policy.py`): JSON text, structured values and policy
document blocks -> statements in one normal form, with lines; errors for what isn't a policy."""

from __future__ import annotations

import json

import pytest

from compliance.model import Unknown
from compliance.parse import parse_source
from compliance.parse.iam_policy import (
    NotAPolicy,
    parse,
    statements_of,
    statements_of_blocks,
)

TEXT = """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Read",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": ["arn:aws:s3:::b/*"]
    },
    {"Effect": "Deny", "NotAction": "s3:*", "NotResource": "*",
     "Principal": "*", "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}}
  ]
}"""


def test_statements_are_normalized_with_every_list_element_a_list():
    policy = parse(TEXT)["policy"]
    assert policy["statements"] == [
        {"at": "Statement[0]", "Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject"],
         "Resource": ["arn:aws:s3:::b/*"]},
        {"at": "Statement[1]", "Effect": "Deny", "NotAction": ["s3:*"], "NotResource": ["*"],
         "Principal": {"*": ["*"]},
         "Condition": {"StringNotEquals": {"aws:SourceVpce": ["vpce-1"]}}}]
    assert policy["statements_at"] == "Statement"


def test_lines_of_statements_and_their_elements():
    lines = parse(TEXT)["policy"]["lines"]
    assert lines["Statement"] == 3
    assert lines["Statement[0]"] == 4 and lines["Statement[0].Action"] == 7
    assert lines["Statement[1]"] == 10 and lines["Statement[1].Principal"] == 11


def test_the_result_is_plain_json_through_the_registered_kind():
    result = parse_source("iam-policy", TEXT)
    assert json.loads(json.dumps(result)) == result
    assert result["resources"] == [] and result["errors"] == []


def test_a_single_statement_object_is_read_like_a_list():
    policy = parse('{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}')["policy"]
    assert policy["statements"] == [{"at": "Statement", "Effect": "Allow", "Action": ["*"],
                                     "Resource": ["*"]}]


@pytest.mark.parametrize("text", ["", "  \n", '{"Version": "2012-10-17"}',
                                  '{"Statement": []}', '{"Statement": null}'])
def test_blank_text_and_documents_without_statements_grant_nothing(text):
    result = parse(text)
    assert result["errors"] == [] and result["policy"]["statements"] == []


def test_principals_are_mappings_of_lists_and_null_elements_are_not_written():
    policy = parse(json.dumps({"Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:root", "Service": ["a", "b"]},
         "Action": None, "Sid": None},
        {"Effect": "Allow", "NotPrincipal": None}]}))["policy"]
    first, second = policy["statements"]
    assert first == {"at": "Statement[0]", "Effect": "Allow",
                     "Principal": {"AWS": ["arn:aws:iam::1:root"], "Service": ["a", "b"]}}
    assert second["NotPrincipal"] == {}  # written, naming no principal


@pytest.mark.parametrize("text, message, line", [
    ('{"Statement": [', "the policy is not valid JSON (Expecting value)", 1),
    ('{\n"Statement": [\n}', "the policy is not valid JSON (Expecting value)", 3),
    ('["*"]', "the policy is not a JSON object", None),
    ('{"Statement": "everything"}', "Statement is neither an object nor a list", 1),
    ('{"Statement": [\n  {"Effect": "Allow"},\n  "s3:*"\n]}', "Statement[1] is not an object", 3),
    ('{"Statement": [{\n"Principal": "arn:aws:iam::1:root"}]}',
     'Statement[0].Principal is neither "*" nor an object', 2),
    ('{"Statement": [{"Condition": "aws:SourceVpce"}]}',
     "Statement[0].Condition is not an object", 1),
    ('{"Statement": [{\n"Condition": {"Bool": true}}]}',
     "Statement[0].Condition.Bool is not an object", 2),  # the line of the nearest key
])
def test_text_that_is_not_a_policy_is_an_error_with_its_line(text, message, line):
    result = parse(text)
    assert result["policy"] is None
    assert result["errors"] == [{"line": line, "message": message}]


def test_structured_values_keep_their_unknowns_where_they_stand():
    action = Unknown("var.action has no value")
    statement = Unknown("local.extra is known only after apply")
    statements, at = statements_of({"Statement": [
        {"Effect": "Allow", "Action": [action, "s3:GetObject"], "Resource": action,
         "Condition": {"StringEquals": action}},
        statement]})
    assert at == "Statement"
    assert statements[0]["Action"] == [action, "s3:GetObject"]
    assert statements[0]["Resource"] is action  # a whole element stays one Unknown
    assert statements[0]["Condition"] == {"StringEquals": action}
    assert statements[1] is statement
    assert statements_of({"Statement": statement}) == (statement, "Statement")
    assert statements_of(statement) == (statement, "")
    with pytest.raises(NotAPolicy):
        statements_of([{"Effect": "Allow"}])


def test_policy_document_blocks_take_the_same_normal_form():
    actions = Unknown("var.actions has no value")
    statements = statements_of_blocks([
        {"sid": "Admin", "actions": ["*"], "resources": ["*"]},
        {"effect": "Deny", "not_actions": actions, "principals": [
            {"type": "AWS", "identifiers": ["arn:aws:iam::1:root"]},
            {"type": "*", "identifiers": ["*"]}],
         "condition": [{"test": "StringEquals", "variable": "aws:SourceVpc", "values": ["vpc-1"]},
                       {"test": "StringEquals", "variable": "aws:SourceVpce", "values": "vpce-1"}]},
        {"actions": ["s3:GetObject"], "principals": []},
    ])
    assert statements[0] == {"at": "statement[0]", "Sid": "Admin", "Effect": "Allow",
                             "Action": ["*"], "Resource": ["*"]}  # effect defaults to Allow
    assert statements[1] == {
        "at": "statement[1]", "Effect": "Deny", "NotAction": actions,
        "Principal": {"AWS": ["arn:aws:iam::1:root"], "*": ["*"]},
        "Condition": {"StringEquals": {"aws:SourceVpc": ["vpc-1"], "aws:SourceVpce": ["vpce-1"]}}}
    assert "Principal" not in statements[2]  # no principals block


def test_policy_document_blocks_that_cannot_be_read_are_unknown():
    kind = Unknown("var.kind has no value")
    block = Unknown("dynamic statement")
    statements = statements_of_blocks([
        block, "junk",
        {"actions": ["*"], "principals": [{"type": kind, "identifiers": ["*"]}]},
        {"actions": ["*"], "principals": ["junk"]},
        {"actions": ["*"], "condition": [{"test": kind, "variable": "aws:SourceVpc"}]}])
    assert statements[0] is block
    assert statements[1] == Unknown("a statement block that can't be read")
    assert statements[2]["Principal"] is kind
    assert statements[3]["Principal"] == Unknown("a principals block that can't be read")
    assert statements[4]["Condition"] == Unknown("a condition with an unknown test or variable")
    assert statements_of_blocks(block) is block
    assert statements_of_blocks(None) == []


def test_principal_identifiers_that_cannot_be_resolved_are_one_unknown_principal():
    missing = Unknown("var.missing is not declared")
    (statement,) = statements_of_blocks([{"actions": ["s3:GetObject"], "principals": [
        {"type": "Service", "identifiers": missing},
        {"type": "Service", "identifiers": ["lambda.amazonaws.com"]}]}])
    assert statement["Principal"] == {"Service": [missing, "lambda.amazonaws.com"]}
