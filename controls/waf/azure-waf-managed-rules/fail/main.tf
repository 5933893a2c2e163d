resource "azurerm_web_application_firewall_policy" "old_crs" {
  name                = "waf-old-crs"
  resource_group_name = "rg-edge"
  location            = "westeurope"

  managed_rules {
    managed_rule_set {
      type    = "OWASP"
      version = "3.0" # fail: appgw-policy
    }
  }
}

resource "azurerm_web_application_firewall_policy" "bots_only" {
  name                = "waf-bots-only"
  resource_group_name = "rg-edge"
  location            = "westeurope"

  managed_rules {
    managed_rule_set {
      type    = "Microsoft_BotManagerRuleSet" # fail: appgw-policy
      version = "1.0"
    }
  }
}

resource "azurerm_cdn_frontdoor_firewall_policy" "custom_only" { # fail: frontdoor-premium
  name                = "wafcustomonly"
  resource_group_name = "rg-edge"
  sku_name            = "Premium_AzureFrontDoor"
  mode                = "Prevention"

  custom_rule {
    name     = "blockadmin"
    enabled  = true
    priority = 1
    type     = "MatchRule"
    action   = "Block"

    match_condition {
      match_variable = "RequestUri"
      operator       = "Contains"
      match_values   = ["/admin"]
    }
  }
}

resource "azurerm_cdn_frontdoor_firewall_policy" "log_only" {
  name                = "waflogonly"
  resource_group_name = "rg-edge"
  sku_name            = "Premium_AzureFrontDoor"
  mode                = "Prevention"

  managed_rule {
    type    = "Microsoft_DefaultRuleSet"
    version = "2.1"
    action  = "Log" # fail: frontdoor-premium
  }
}

resource "azurerm_frontdoor_firewall_policy" "classic" { # fail: frontdoor-classic
  name                = "wafclassic"
  resource_group_name = "rg-edge"
}

resource "azurerm_application_gateway" "inline" {
  name                = "agw-inline"
  resource_group_name = "rg-edge"
  location            = "westeurope"

  gateway_ip_configuration {
    name      = "gateway"
    subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-edge/providers/Microsoft.Network/virtualNetworks/vnet-edge/subnets/agw"
  }

  frontend_port {
    name = "http"
    port = 80
  }

  frontend_ip_configuration {
    name                 = "public"
    public_ip_address_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-edge/providers/Microsoft.Network/publicIPAddresses/pip-agw"
  }

  backend_address_pool {
    name  = "app"
    fqdns = ["app.internal.contoso.example"]
  }

  backend_http_settings {
    name                  = "app"
    cookie_based_affinity = "Disabled"
    port                  = 80
    protocol              = "Http"
    request_timeout       = 30
  }

  request_routing_rule {
    name                       = "app"
    priority                   = 100
    rule_type                  = "Basic"
    http_listener_name         = "http"
    backend_address_pool_name  = "app"
    backend_http_settings_name = "app"
  }

  sku {
    name     = "WAF_v2"
    tier     = "WAF_v2"
    capacity = 2
  }

  http_listener {
    name                           = "http"
    frontend_ip_configuration_name = "public"
    frontend_port_name             = "http"
    protocol                       = "Http"
  }

  waf_configuration {
    enabled          = true
    firewall_mode    = "Prevention"
    rule_set_type    = "OWASP"
    rule_set_version = "2.2.9" # fail: appgw-inline
  }
}
