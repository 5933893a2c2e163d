# a fixed list of regions
resource "aws_config_configuration_aggregator" "organization" { # fail: aggregator
  name = "organization"

  organization_aggregation_source {
    regions  = ["eu-west-1", "us-east-1"]
    role_arn = "arn:aws:iam::123456789012:role/config-aggregator"
  }
}

variable "aggregate_all_regions" {
  type = bool
}

resource "aws_config_configuration_aggregator" "accounts" {
  name = "accounts"

  account_aggregation_source {
    account_ids = ["111122223333"]
    all_regions = var.aggregate_all_regions # unknown: aggregator
  }
}
