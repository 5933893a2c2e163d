resource "aws_api_gateway_usage_plan" "partners" {
  name = "partners"

  api_stages {
    api_id = "a1b2c3d4e5"
    stage  = "prod"
  }

  throttle_settings {
    burst_limit = 20
    rate_limit  = 10
  }
}

resource "aws_api_gateway_usage_plan" "metered" {
  name = "metered"

  quota_settings {
    limit  = 10000
    period = "DAY"
  }
}

resource "aws_api_gateway_usage_plan" "per_method" {
  name = "per-method"

  api_stages {
    api_id = "a1b2c3d4e5"
    stage  = "prod"
    throttle {
      path        = "/orders/GET"
      burst_limit = 5
      rate_limit  = 2
    }
  }
}
