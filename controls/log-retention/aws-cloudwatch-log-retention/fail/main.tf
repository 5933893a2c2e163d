# retention_in_days left out: logs never expire
resource "aws_cloudwatch_log_group" "api_access" { # fail: log-group
  name = "/aws/apigateway/shop-access"
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/shop"
  retention_in_days = 0 # fail: log-group
}

resource "aws_cloudwatch_log_group" "lambda" {
  name              = "/aws/lambda/orders"
  retention_in_days = 30 # fail: log-group
}

variable "audit_retention" {
  type    = number
  default = 180
}

resource "aws_cloudwatch_log_group" "audit" {
  name              = "/acme/audit"
  retention_in_days = var.audit_retention # fail: log-group
}

variable "vpc_flow_retention" {
  type = number
}

resource "aws_cloudwatch_log_group" "vpc_flow" {
  name              = "/acme/vpc-flow"
  retention_in_days = var.vpc_flow_retention # unknown: log-group
}
