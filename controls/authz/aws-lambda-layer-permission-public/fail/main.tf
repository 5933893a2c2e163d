resource "aws_lambda_layer_version" "common" {
  layer_name          = "common"
  filename            = "common.zip"
  compatible_runtimes = ["python3.12"]
}

resource "aws_lambda_layer_version_permission" "everyone" {
  layer_name     = aws_lambda_layer_version.common.layer_arn
  version_number = aws_lambda_layer_version.common.version
  statement_id   = "everyone"
  action         = "lambda:GetLayerVersion"
  principal      = "*" # fail: layer-permission
}
