resource "aws_signer_signing_profile" "lambda" {
  platform_id = "AWSLambda-SHA384-ECDSA"
  name_prefix = "lambda"
}

resource "aws_lambda_code_signing_config" "enforce" {
  allowed_publishers {
    signing_profile_version_arns = [aws_signer_signing_profile.lambda.version_arn]
  }

  policies {
    untrusted_artifact_on_deployment = "Enforce"
  }
}

resource "aws_lambda_function" "orders" {
  function_name           = "orders"
  role                    = "arn:aws:iam::123456789012:role/orders-lambda"
  runtime                 = "python3.12"
  handler                 = "app.handler"
  s3_bucket               = "acme-signed-artifacts"
  s3_key                  = "orders/orders-signed.zip"
  code_signing_config_arn = aws_lambda_code_signing_config.enforce.arn
}

# not checked: a container image
resource "aws_lambda_function" "reports" {
  function_name = "reports"
  role          = "arn:aws:iam::123456789012:role/reports-lambda"
  package_type  = "Image"
  image_uri     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/reports@sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
}
