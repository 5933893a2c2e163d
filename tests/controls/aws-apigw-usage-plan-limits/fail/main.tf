resource "aws_api_gateway_usage_plan" "partners" {
  name = "partners"

  api_stages {
    api_id = "a1b2c3d4e5"
    stage  = "prod"
  }
}
