resource "aws_sqs_queue" "thumbnails_dlq" {
  name = "thumbnails-dlq"
}

resource "aws_lambda_function" "thumbnails" {
  function_name = "thumbnails"
  role          = "arn:aws:iam::123456789012:role/thumbnails-lambda"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "thumbnails.zip"

  dead_letter_config {
    target_arn = aws_sqs_queue.thumbnails_dlq.arn
  }
}

resource "aws_lambda_permission" "uploads" {
  statement_id   = "AllowS3Invoke"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.thumbnails.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::acme-uploads"
  source_account = "123456789012"
}

resource "aws_cloudwatch_event_rule" "nightly" {
  name                = "nightly-report"
  schedule_expression = "cron(0 2 * * ? *)"
}

resource "aws_lambda_function" "report" {
  function_name = "report"
  role          = "arn:aws:iam::123456789012:role/report-lambda"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "report.zip"
}

resource "aws_lambda_permission" "nightly" {
  statement_id  = "AllowEventBridge"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.report.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.nightly.arn
}

resource "aws_sns_topic" "report_failures" {
  name = "report-failures"
}

resource "aws_lambda_function_event_invoke_config" "report" {
  function_name                = aws_lambda_function.report.function_name
  maximum_retry_attempts       = 2
  maximum_event_age_in_seconds = 3600

  destination_config {
    on_failure {
      destination = aws_sns_topic.report_failures.arn
    }
  }
}

# not checked: called synchronously by API Gateway
resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = "arn:aws:iam::123456789012:role/orders-lambda"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "orders.zip"
}

resource "aws_lambda_permission" "orders_api" {
  statement_id  = "AllowAPIGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.orders.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*/*/orders"
}
