resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

resource "aws_lambda_function" "thumbnails" {
  function_name = "thumbnails"
  role          = "arn:aws:iam::123456789012:role/thumbnails-lambda"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "thumbnails.zip"
}

resource "aws_lambda_permission" "s3" {
  statement_id   = "AllowS3Invoke"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.thumbnails.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.uploads.arn
  source_account = "123456789012"
}

resource "aws_lambda_permission" "logs" {
  statement_id  = "AllowCloudWatchLogs"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.thumbnails.function_name
  principal     = "logs.eu-west-1.amazonaws.com"
  source_arn    = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/app:*"
}

# not checked: an account principal
resource "aws_lambda_permission" "partner" {
  statement_id  = "AllowPartnerAccount"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.thumbnails.function_name
  principal     = "210987654321"
}
