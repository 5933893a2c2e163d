data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "resize_images" {
  name               = "resize-images"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_iam_role" "capture_payment" {
  name               = "capture-payment"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
}

resource "aws_lambda_function" "resize_images" {
  function_name = "resize-images"
  role          = aws_iam_role.resize_images.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "resize.zip"
}

resource "aws_lambda_function" "capture_payment" {
  function_name = "capture-payment"
  role          = aws_iam_role.capture_payment.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "payments.zip"
}
