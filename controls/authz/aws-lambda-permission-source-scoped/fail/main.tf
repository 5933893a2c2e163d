resource "aws_lambda_function" "thumbnails" {
  function_name = "thumbnails"
  role          = "arn:aws:iam::123456789012:role/thumbnails-lambda"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "thumbnails.zip"
}

resource "aws_lambda_permission" "s3" { # fail: permission - any bucket of any account
  statement_id  = "AllowS3Invoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.thumbnails.function_name
  principal     = "s3.amazonaws.com"
}
