resource "aws_lambda_function_url" "profile" {
  function_name      = "profile"
  authorization_type = "AWS_IAM"

  cors {
    allow_credentials = true
    allow_origins     = ["https://app.example.com"]
    allow_methods     = ["GET", "POST"]
    allow_headers     = ["content-type"]
  }
}

# not checked: no credentials
resource "aws_lambda_function_url" "status" {
  function_name      = "status"
  authorization_type = "AWS_IAM"

  cors {
    allow_origins = ["*"]
    allow_methods = ["GET"]
  }
}
