terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}

locals {
  name = "orders-${var.environment}"
  tags = {
    service     = "orders"
    environment = var.environment
  }
}

module "partner_api" {
  source         = "./modules/http-api"
  name           = "${local.name}-partners"
  log_group_arn  = aws_cloudwatch_log_group.api_access.arn
  throttle_rate  = var.partner_rate_limit
  lambda_arn     = aws_lambda_function.orders.invoke_arn
}
