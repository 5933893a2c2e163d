resource "aws_lambda_function_url" "profile" {
  function_name      = "profile"
  authorization_type = "AWS_IAM"

  cors {
    allow_credentials = true
    allow_origins     = ["*"] # fail: function-url
    allow_methods     = ["GET", "POST"]
    allow_headers     = ["content-type"]
  }
}
