resource "aws_lambda_layer_version" "common" {
  layer_name          = "common"
  filename            = "common.zip"
  compatible_runtimes = ["python3.12"]
}

resource "aws_lambda_layer_version_permission" "organization" {
  layer_name      = aws_lambda_layer_version.common.layer_arn
  version_number  = aws_lambda_layer_version.common.version
  statement_id    = "organization"
  action          = "lambda:GetLayerVersion"
  principal       = "*"
  organization_id = "o-a1b2c3d4e5"
}

resource "aws_lambda_layer_version_permission" "partner" {
  layer_name     = aws_lambda_layer_version.common.layer_arn
  version_number = aws_lambda_layer_version.common.version
  statement_id   = "partner"
  action         = "lambda:GetLayerVersion"
  principal      = "210987654321"
}
