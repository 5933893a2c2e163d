resource "azurerm_cdn_frontdoor_firewall_policy" "api" {
  name                = "wafapi"
  resource_group_name = "rg-edge"
  sku_name            = "Premium_AzureFrontDoor"
  mode                = "Prevention"

  custom_rule {
    name                           = "ratelimitapi"
    enabled                        = true
    priority                       = 1
    rate_limit_duration_in_minutes = 1
    rate_limit_threshold           = 1000
    type                           = "RateLimitRule"
    action                         = "Block"

    match_condition {
      match_variable = "RequestUri"
      operator       = "BeginsWith"
      match_values   = ["/api/"]
    }
  }
}

resource "azurerm_web_application_firewall_policy" "api" {
  name                = "waf-api"
  resource_group_name = "rg-edge"
  location            = "westeurope"

  custom_rules {
    name                 = "ratelimitclients"
    priority             = 1
    rule_type            = "RateLimitRule"
    rate_limit_duration  = "OneMin"
    rate_limit_threshold = 1000
    group_rate_limit_by  = "ClientAddr"
    action               = "Block"

    match_conditions {
      match_variables {
        variable_name = "RequestUri"
      }
      operator     = "BeginsWith"
      match_values = ["/api/"]
    }
  }

  managed_rules {
    managed_rule_set {
      version = "3.2"
    }
  }
}
