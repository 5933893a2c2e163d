resource "aws_api_gateway_rest_api" "partners" {
  name = "partners"
}

resource "aws_api_gateway_deployment" "partners" {
  rest_api_id = aws_api_gateway_rest_api.partners.id
}

resource "aws_api_gateway_stage" "partners_prod" {
  rest_api_id   = aws_api_gateway_rest_api.partners.id
  deployment_id = aws_api_gateway_deployment.partners.id
  stage_name    = "prod"
}

# only prod got the association
resource "aws_api_gateway_stage" "partners_sandbox" { # fail: rest-stage
  rest_api_id   = aws_api_gateway_rest_api.partners.id
  deployment_id = aws_api_gateway_deployment.partners.id
  stage_name    = "sandbox"
}

resource "aws_wafv2_web_acl_association" "partners_prod" {
  resource_arn = aws_api_gateway_stage.partners_prod.arn
  web_acl_arn  = aws_wafv2_web_acl.main.arn
}
