resource "aws_api_gateway_usage_plan" "partners" { # fail: usage-plan - neither throttle nor quota
  name = "partners"

  api_stages {
    api_id = "a1b2c3d4e5"
    stage  = "prod"
  }
}
