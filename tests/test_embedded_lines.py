"""Where an embedded document's lines are in its file (`resolve/embedded/lines.py`): found in
the bytes the scan read and parsed, whatever the file's size or what it holds by the time the
document is placed."""

from __future__ import annotations

from pathlib import Path

from compliance.parse.regular_files import DEFAULT_CAP
from compliance.pipeline.scan import ScanOptions, run_scan
from compliance.resolve.embedded.lines import read_lines

HOLDERS = """\
resource "aws_iam_role_policy" "queue_writer" {
  role = "worker"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "Send",
    "Effect": "Allow",
    "Action": "sqs:SendMessage",
    "Resource": "arn:aws:sqs:eu-west-1:123456789012:jobs"
  }]
}
POLICY
}
resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
  body = <<-SPEC
    openapi: 3.0.1
    info: {title: orders, version: "2"}
    paths: {}
    x-amazon-apigateway-policy:
      Version: "2012-10-17"
      Statement:
        - Effect: Deny
          Principal: {AWS: "*"}
          Action: execute-api:Invoke
          Resource: "*"
  SPEC
}
resource "azurerm_api_management" "gateway" {
  name     = "orders-apim"
  sku_name = "Premium_1"
  policy {
    xml_content = <<XML
<policies>
  <inbound>
    <base />
    <cors><allowed-origins><origin>https://orders.example.com</origin></allowed-origins></cors>
  </inbound>
</policies>
XML
  }
}
"""


def _find(resources, address):
    return next(r for r in resources if r.address == address)


def test_documents_in_a_file_over_the_default_cap_are_placed_at_their_lines(tmp_path):
    """With --max-file-size raised, a heredoc in a file larger than the default 5 MiB cap
    was placed at its attribute's line: reading the file again for its lines hit the cap."""
    root = tmp_path / "src"
    root.mkdir()
    padding = "# " + "x" * 77 + "\n"
    text = HOLDERS + padding * (DEFAULT_CAP // len(padding) + 100)
    (root / "main.tf").write_text(text)
    result = run_scan([root], None, controls=[],
                      options=ScanOptions(max_file_size=2 * DEFAULT_CAP, workers=1))
    assert not result.errors, [str(e) for e in result.errors]
    policy = _find(result.resources, "aws_iam_role_policy.queue_writer")
    assert policy.lines["iam_policy.statements[0]"] == 6
    assert policy.lines["iam_policy.statements[0].Action"] == 9
    api = _find(result.resources, "aws_api_gateway_rest_api.orders:api")
    assert api.lines["iam_policy.statements[0]"] == 24
    assert api.lines["iam_policy.statements[0].Action"] == 26
    gateway = _find(result.resources, "azurerm_api_management.gateway")
    assert gateway.line_of(("policy_document", "cors", 0)) == 38


def test_lines_come_from_what_was_read_not_from_the_disk(tmp_path):
    (tmp_path / "main.tf").write_text("changed\nsince\nthe scan read it\n")
    assert read_lines(tmp_path, "main.tf", {"main.tf": b"\xef\xbb\xbfa\nb"}) == ["a", "b"]
    assert read_lines(tmp_path, "main.tf", {}) == ["changed", "since", "the scan read it", ""]
    assert read_lines(tmp_path, "gone.tf", {}) is None
    assert read_lines(Path("/nonexistent"), "main.tf") is None
