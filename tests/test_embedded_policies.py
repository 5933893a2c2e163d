"""IAM and resource policies held in other resources (`resolve/embedded/policies.py`): parsed
through the batch parser (cached, in workers when many) or read from what the resolver knows,
and attached as `iam_policy` / `inline_iam_policies` with lines inside the resource; what
can't be read is Unknown with the reason."""

from __future__ import annotations

import json
from pathlib import Path as FilePath

from compliance.model import Location, Resource, Unknown
from compliance.parse import batch
from compliance.parse.batch import text_key
from compliance.parse.cache import ParseCache
from compliance.resolve.embedded import policies

NOWHERE = FilePath("/nonexistent")
ADMIN = {"Effect": "Allow", "Action": "*", "Resource": "*"}


def find(resources, address):
    return next(r for r in resources if r.address == address)


def holder(policy, type_="aws_iam_policy", name="p", scope=".") -> Resource:
    return Resource("terraform", type_, name, f"{type_}.{name}", {"policy": policy},
                    Location("main.tf", 1, 9), scope=scope)


def test_a_heredoc_policy_is_parsed_with_its_lines(scan_files):
    resources = scan_files({"main.tf": """\
        resource "aws_iam_policy" "p" {
          name   = "p"
          policy = <<-EOT
            {
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": ["s3:GetObject"],
                  "Resource": "*"
                }
              ]
            }
          EOT
        }
        """})
    policy = find(resources, "aws_iam_policy.p")
    assert isinstance(policy.attributes["policy"], str)  # what was written stays
    assert "iam_policy" in policy.derived
    assert policy.attributes["iam_policy"] == {
        "at": "policy", "statements_at": "policy.Statement",
        "statements": [{"at": "policy.Statement[0]", "Effect": "Allow",
                        "Action": ["s3:GetObject"], "Resource": ["*"]}]}
    assert policy.lines["iam_policy"] == 3
    assert policy.lines["iam_policy.statements"] == 5
    assert policy.lines["iam_policy.statements[0]"] == 6
    assert policy.lines["iam_policy.statements[0].Action"] == 8


def test_jsonencode_is_read_at_its_keys_and_keeps_unknown_values_in_place(scan_files):
    resources = scan_files({"main.tf": """\
        resource "aws_s3_bucket" "b" {
          bucket = "b"
        }
        resource "aws_iam_role_policy" "p" {
          role = "r"
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect   = "Allow"
              Action   = ["s3:GetObject"]
              Resource = "${aws_s3_bucket.b.arn}/*"
            }]
          })
        }
        """})
    policy = find(resources, "aws_iam_role_policy.p")
    (statement,) = policy.attributes["iam_policy"]["statements"]
    assert statement["Action"] == ["s3:GetObject"]
    assert isinstance(statement["Resource"], Unknown)
    assert statement["Resource"].refs == ("aws_s3_bucket.b",)
    assert policy.lines["iam_policy"] == 6
    assert policy.lines["iam_policy.statements"] == 8


def test_a_policy_document_is_read_from_the_data_source_in_the_same_root_module(scan_files):
    document = """\
        data "aws_iam_policy_document" "d" {
          statement {
            actions   = ["%s"]
            resources = ["*"]
          }
        }
        """
    resources = scan_files({
        "a/main.tf": document % "*",
        "b/main.tf": document % "s3:GetObject" + """\
        resource "aws_iam_policy" "p" {
          policy = data.aws_iam_policy_document.d.json
        }
        """})
    own = next(r for r in resources if r.address == "data.aws_iam_policy_document.d"
               and r.scope.endswith("b"))
    assert own.attributes["iam_policy"]["document"] == "data.aws_iam_policy_document.d"
    assert own.attributes["iam_policy"]["statements"][0]["at"] == "statement[0]"
    assert own.lines["iam_policy.statements[0]"] == 2
    assert own.lines["iam_policy.statements[0].Action"] == 3  # its `actions`
    policy = find(resources, "aws_iam_policy.p")
    read = policy.attributes["iam_policy"]
    assert read["document"] == "data.aws_iam_policy_document.d"
    assert read["statements"] == [{"at": "policy", "Effect": "Allow", "Action": ["s3:GetObject"],
                                   "Resource": ["*"]}]
    # evidence stays inside the resource: every line is the attribute's
    assert {line for key, line in policy.lines.items() if key.startswith("iam_policy")} == {8}


def test_merged_policy_documents_are_read_as_the_provider_merges_them(scan_files):
    """Was read without them: the sources come first, a Sid of the document replaces the
    source's, the overrides come last; an unknown merged document makes the whole unknown."""
    resources = scan_files({"main.tf": """\
        data "aws_iam_policy_document" "base" {
          statement {
            sid       = "Read"
            actions   = ["s3:*"]
            resources = ["*"]
          }
          statement {
            actions   = ["logs:PutLogEvents"]
            resources = ["*"]
          }
        }
        data "aws_iam_policy_document" "app" {
          source_policy_documents   = [data.aws_iam_policy_document.base.json]
          override_policy_documents = [jsonencode({Statement = [
            {Effect = "Allow", Action = "*", Resource = "*"}]})]
          statement {
            sid       = "Read"
            actions   = ["s3:GetObject"]
            resources = ["*"]
          }
        }
        data "aws_iam_policy_document" "unknown" {
          source_policy_documents = [var.extra]
        }
        variable "extra" {}
        resource "aws_iam_policy" "p" {
          policy = data.aws_iam_policy_document.app.json
        }
        """})
    app = find(resources, "data.aws_iam_policy_document.app").attributes["iam_policy"]
    assert [(s["at"], s.get("Sid"), s["Action"]) for s in app["statements"]] == [
        ("statement[0]", "Read", ["s3:GetObject"]),  # replaced the source's Read
        ("source_policy_documents[0]", None, ["logs:PutLogEvents"]),
        ("override_policy_documents[0]", None, ["*"])]
    read = find(resources, "aws_iam_policy.p").attributes["iam_policy"]
    assert [s["Action"] for s in read["statements"]] == [s["Action"] for s in app["statements"]]
    unknown = find(resources, "data.aws_iam_policy_document.unknown").attributes["iam_policy"]
    assert isinstance(unknown["statements"], Unknown)
    assert "source_policy_documents" in unknown["statements"].reason


def test_a_policy_document_in_a_module_is_read_through_its_json(scan_files):
    resources = scan_files({
        "main.tf": """\
            module "app" {
              source = "./modules/app"
            }
            """,
        "modules/app/main.tf": """\
            data "aws_iam_policy_document" "trust" {
              count = 1
              statement {
                actions = ["sts:AssumeRole"]
                principals {
                  type        = "AWS"
                  identifiers = ["*"]
                }
              }
            }
            resource "aws_iam_role" "r" {
              name               = "r"
              assume_role_policy = data.aws_iam_policy_document.trust[0].json
            }
            """})
    role = find(resources, "module.app.aws_iam_role.r")
    trust = role.attributes["assume_role_iam_policy"]
    assert trust["document"] == "module.app.data.aws_iam_policy_document.trust[0]"
    assert trust["statements"][0]["Principal"] == {"AWS": ["*"]}


def test_a_heredoc_with_unknown_interpolations_is_read_with_them_unknown(scan_files):
    resources = scan_files({"main.tf": """\
        variable "bucket" {}
        resource "aws_iam_policy" "p" {
          policy = <<-EOT
            {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                            "Resource": "arn:aws:s3:::${var.bucket}/*"}]}
          EOT
        }
        """})
    (statement,) = find(resources, "aws_iam_policy.p").attributes["iam_policy"]["statements"]
    assert statement["Action"] == ["s3:GetObject"]
    assert isinstance(statement["Resource"][0], Unknown)


def test_what_cannot_be_read_is_unknown_with_the_reason(scan_files):
    resources = scan_files({"main.tf": """\
        variable "policy" {}
        resource "aws_iam_policy" "unset" {
          policy = var.policy
        }
        resource "aws_iam_policy" "broken" {
          policy = "{\\"Statement\\": ["
        }
        resource "aws_iam_policy" "list" {
          policy = jsonencode(["*"])
        }
        resource "aws_iam_policy" "elsewhere" {
          policy = data.aws_iam_policy_document.missing.json
        }
        """})
    reasons = {r.address: r.attributes["iam_policy"]["statements"].reason for r in resources
               if "iam_policy" in r.attributes}
    assert reasons == {
        "aws_iam_policy.unset": "var.policy has no value",
        "aws_iam_policy.broken": "the policy is not valid JSON (Expecting value)",
        "aws_iam_policy.list": "the policy is not a JSON object",
        "aws_iam_policy.elsewhere": find(resources, "aws_iam_policy.elsewhere")
        .attributes["policy"].reason}
    assert find(resources, "aws_iam_policy.broken").lines["iam_policy.statements"] == 6


def test_inline_policies_of_a_role(scan_files):
    resources = scan_files({"main.tf": """\
        resource "aws_iam_role" "r" {
          name = "r"
          inline_policy {
            name   = "one"
            policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sqs:*" }] })
          }
          inline_policy {
            name = "empty"
          }
          inline_policy {
            name   = "two"
            policy = jsonencode({ Statement = [{ Effect = "Deny", Action = "*", Resource = "*" }] })
          }
        }
        resource "aws_iam_role" "bare" {
          name = "bare"
        }
        """})
    role = find(resources, "aws_iam_role.r")
    inline = role.attributes["inline_iam_policies"]
    assert [policy["at"] for policy in inline] == ["inline_policy[0].policy",
                                                   "inline_policy[2].policy"]
    assert inline[1]["statements"][0]["at"] == "inline_policy[2].policy.Statement[0]"
    assert role.lines["inline_iam_policies[1]"] == 12
    assert "inline_iam_policies" not in find(resources, "aws_iam_role.bare").attributes


def test_an_openapi_body_policy_is_read_at_its_lines(scan_files):
    resources = scan_files({"main.tf": """\
        resource "aws_api_gateway_rest_api" "api" {
          name = "api"
          body = <<-EOT
            openapi: 3.0.1
            info: {title: api, version: "1"}
            x-amazon-apigateway-policy:
              Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Principal: "*"
                  Action: execute-api:Invoke
            paths: {}
          EOT
        }
        """})
    api = find(resources, "aws_api_gateway_rest_api.api:api")
    (statement,) = api.attributes["iam_policy"]["statements"]
    assert statement == {"at": "resource_policy.Statement[0]", "Effect": "Allow",
                         "Action": ["execute-api:Invoke"], "Principal": {"*": ["*"]}}
    assert api.lines["iam_policy.statements[0]"] == 9
    assert api.lines["iam_policy.statements[0].Action"] == 11


def test_every_text_is_parsed_once_in_one_batch_and_cached(tmp_path, monkeypatch):
    calls = []

    def recording(contents, cache, workers=None):
        contents = list(contents)
        calls.append([key for key, _ in contents])
        return batch.parse_many(contents, cache, workers)

    monkeypatch.setattr(policies, "parse_many", recording)
    text = json.dumps({"Statement": [ADMIN]})
    cache = ParseCache(tmp_path / "cache")
    resources = [holder(text, name="a"), holder(text, name="b"), holder("[", name="c"),
                 holder(Unknown("var.policy has no value"), name="d")]
    first = policies.embed_policies(resources, NOWHERE, cache)
    assert len(calls) == 1 and len(calls[0]) == 3 and len(set(calls[0])) == 2  # a and b alike
    # a small policy parses faster than a cache entry reads: it is not cached
    assert cache.get(*text_key("iam-policy", text)) is None
    assert policies.embed_policies(resources, NOWHERE, cache) == first
    large = json.dumps({"Statement": [{**ADMIN, "Sid": "x" * batch.UNCACHED_MAX_BYTES}]})
    policies.embed_policies([holder(large, name="e")], NOWHERE, cache)
    assert cache.get(*text_key("iam-policy", large)) is not None


def test_many_large_texts_are_parsed_in_worker_processes_with_the_same_result(process_pools):
    pools = process_pools
    padding = "x" * batch.UNCACHED_MAX_BYTES  # large enough to be worth a worker and the cache
    resources = [holder(json.dumps({"Statement": [{**ADMIN, "Sid": f"s{n}{padding}"}]}),
                        name=f"p{n}") for n in range(batch.PARALLEL_MIN_JOBS)]
    in_workers = policies.embed_policies(resources, NOWHERE, workers=2)
    assert pools == [{"max_workers": 2}]
    here = policies.embed_policies(resources, NOWHERE, workers=1)
    assert len(pools) == 1 and in_workers == here
    assert [r.attributes["iam_policy"]["statements"][0]["Sid"] for r in here] == \
        [f"s{n}{padding}" for n in range(batch.PARALLEL_MIN_JOBS)]


def test_small_texts_are_parsed_here_without_workers(process_pools):
    resources = [holder(json.dumps({"Statement": [{**ADMIN, "Sid": f"s{n}"}]}), name=f"p{n}")
                 for n in range(batch.PARALLEL_MIN_JOBS * 2)]
    policies.embed_policies(resources, NOWHERE, workers=2)
    assert process_pools == []


def test_pulumi_resources_of_terraform_types_hold_policies_too():
    resource = Resource("pulumi", "aws_iam_role_policy", "p", "aws_iam_role_policy.p",
                        {"policy": json.dumps({"Statement": ADMIN})}, Location("Pulumi.yaml", 1, 9))
    (embedded,) = policies.embed_policies([resource], NOWHERE)
    assert embedded.attributes["iam_policy"]["statements"][0]["Action"] == ["*"]


def test_documents_read_with_their_root_module_still_answer_an_openapi_resource_policy(
        monkeypatch):
    """A Terraform root module's documents and holders are read with the module (resolve/
    terraform/build.py), merged; reading the rest of the scan after, they are not read again,
    and a resource policy naming one through its `.json` in that root module still reads it."""
    document = Resource("terraform", "data.aws_iam_policy_document", "d",
                        "data.aws_iam_policy_document.d",
                        {"statement": [{"actions": ["execute-api:Invoke"], "resources": ["*"]}]},
                        Location("main.tf", 1, 6), scope="root")
    (read_with_module,) = policies.embed_policies([document], NOWHERE)
    merged = read_with_module.attributes["iam_policy"]
    assert "iam_policy" in read_with_module.derived
    api = Resource("openapi", "openapi_api", "api", "aws_api_gateway_rest_api.api:api",
                   {"resource_policy": Unknown("known after apply",
                                               ("data.aws_iam_policy_document.d",))},
                   Location("main.tf", 8, 20), scope="root")
    read = []
    own_policy = policies._own_policy
    monkeypatch.setattr(policies, "_own_policy", lambda resource: (
        read.append(resource.address), own_policy(resource))[1])
    after = policies.embed_policies([read_with_module, api], NOWHERE)
    assert after[0] is read_with_module  # not read again: the same resource
    policy = after[1].attributes["iam_policy"]
    assert policy["document"] == "data.aws_iam_policy_document.d"
    assert policy["statements"] == [{**s, "at": "resource_policy"} if isinstance(s, dict) else s
                                    for s in merged["statements"]]
    assert read == []  # its statement blocks are not read again (only where they are written)


def test_a_root_modules_policies_are_kept_with_it_and_not_read_again(scan_files, tmp_path,
                                                                      monkeypatch):
    """Replayed from the resolved-module cache, a root module's resources hold their policies
    already: the scan reads none of them again."""
    files = {"main.tf": """\
        resource "aws_iam_policy" "p" {
          policy = <<-EOT
            {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
          EOT
        }
        """}
    first = find(scan_files(files, cache_dir=tmp_path / "cache"), "aws_iam_policy.p")
    read = []
    policy_values = policies._policy_values
    monkeypatch.setattr(policies, "_policy_values", lambda resource, pattern: (
        read.append(resource.address), policy_values(resource, pattern))[1])
    again = find(scan_files(files, cache_dir=tmp_path / "cache"), "aws_iam_policy.p")
    assert read == []
    assert again.attributes["iam_policy"] == first.attributes["iam_policy"]
    assert again.lines == first.lines and again.derived == first.derived
    assert first.attributes["iam_policy"]["statements"][0]["Action"] == ["*"]
