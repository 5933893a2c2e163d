resource "aws_lambda_function" "webhook" {
  function_name = "webhook"
  role          = "arn:aws:iam::123456789012:role/webhook"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "webhook.zip"
}

resource "aws_lambda_function_url" "webhook" {
  function_name      = aws_lambda_function.webhook.function_name
  authorization_type = "NONE" # fail: function-url
}

variable "report_url_auth" {
  type    = string
  default = "NONE"
}

resource "aws_lambda_function_url" "reports" {
  function_name      = "reports"
  qualifier          = "live"
  authorization_type = var.report_url_auth # fail: function-url
}

variable "preview_url_auth" {
  type = string
}

resource "aws_lambda_function_url" "preview" {
  function_name      = "preview"
  authorization_type = var.preview_url_auth # unknown: function-url
}
