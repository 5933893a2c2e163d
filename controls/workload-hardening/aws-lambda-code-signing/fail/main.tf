resource "aws_lambda_function" "orders" { # fail: function
  function_name = "orders"
  role          = "arn:aws:iam::123456789012:role/orders-lambda"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "orders.zip"
}

resource "aws_lambda_code_signing_config" "warn_only" {
  allowed_publishers {
    signing_profile_version_arns = ["arn:aws:signer:eu-west-1:123456789012:/signing-profiles/lambda/abcdef1234"]
  }

  policies {
    untrusted_artifact_on_deployment = "Warn" # fail: signing-config
  }
}

resource "aws_lambda_code_signing_config" "default" { # fail: signing-config - Warn by default
  allowed_publishers {
    signing_profile_version_arns = ["arn:aws:signer:eu-west-1:123456789012:/signing-profiles/lambda/abcdef1234"]
  }
}
