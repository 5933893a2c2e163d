# aws_api_gateway_rest_api_policy, which CloudFormation has not: its policy is the Policy
# of AWS::ApiGateway::RestApi (main.cfn.yaml)
resource "aws_api_gateway_rest_api" "billing" {
  name = "billing"
  endpoint_configuration {
    types = ["PRIVATE"]
  }
}

data "aws_iam_policy_document" "billing" {
  statement {
    actions   = ["execute-api:Invoke"]
    resources = ["${aws_api_gateway_rest_api.billing.execution_arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:role/billing-client"]
    }
  }
}

resource "aws_api_gateway_rest_api_policy" "billing" {
  rest_api_id = aws_api_gateway_rest_api.billing.id
  policy      = data.aws_iam_policy_document.billing.json
}
