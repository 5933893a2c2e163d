# a classic rule group applied with its own actions (override_action NONE): the rules of
# CloudFormation's classic web ACLs have an Action only, so this has no CloudFormation twin

resource "aws_wafregional_web_acl" "regional" {
  name        = "regional"
  metric_name = "regional"

  default_action {
    type = "ALLOW"
  }

  rule {
    priority = 1
    rule_id  = "b1c2d3e4-5f6a-7b8c-9d0e-1f2a3b4c5d6e"
    type     = "GROUP"

    override_action {
      type = "NONE"
    }
  }
}
