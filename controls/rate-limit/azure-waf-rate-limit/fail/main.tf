resource "azurerm_cdn_frontdoor_firewall_policy" "no_limit" { # fail: frontdoor-policy
  name                = "wafnolimit"
  resource_group_name = "rg-edge"
  sku_name            = "Premium_AzureFrontDoor"
  mode                = "Prevention"

  managed_rule {
    type    = "Microsoft_DefaultRuleSet"
    version = "2.1"
    action  = "Block"
  }
}

resource "azurerm_frontdoor_firewall_policy" "log_only" {
  name                = "waflogonly"
  resource_group_name = "rg-edge"

  custom_rule {
    name                           = "ratelimit"
    enabled                        = true
    priority                       = 1
    rate_limit_duration_in_minutes = 1
    rate_limit_threshold           = 1000
    type                           = "RateLimitRule"
    action                         = "Log" # fail: frontdoor-policy

    match_condition {
      match_variable = "RequestUri"
      operator       = "BeginsWith"
      match_values   = ["/api/"]
    }
  }
}

resource "azurerm_web_application_firewall_policy" "no_limit" { # fail: appgw-policy
  name                = "waf-no-limit"
  resource_group_name = "rg-edge"
  location            = "westeurope"

  custom_rules {
    name      = "blockadmin"
    priority  = 1
    rule_type = "MatchRule"
    action    = "Block"

    match_conditions {
      match_variables {
        variable_name = "RequestUri"
      }
      operator     = "Contains"
      match_values = ["/admin"]
    }
  }

  managed_rules {
    managed_rule_set {
      version = "3.2"
    }
  }
}
