resource "azurerm_cdn_frontdoor_profile" "edge" {
  name                = "afd-edge"
  resource_group_name = "rg-edge"
  sku_name            = "Premium_AzureFrontDoor"
}

resource "azurerm_monitor_diagnostic_setting" "edge" {
  name                       = "afd-edge"
  target_resource_id         = azurerm_cdn_frontdoor_profile.edge.id
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law-security"

  enabled_log {
    category_group = "allLogs"
  }
}

resource "azurerm_cdn_frontdoor_profile" "legacy" {
  name                = "afd-legacy"
  resource_group_name = "rg-edge"
  sku_name            = "Standard_AzureFrontDoor"
}

# azurerm 3.x form
resource "azurerm_monitor_diagnostic_setting" "legacy" {
  name               = "afd-legacy"
  target_resource_id = azurerm_cdn_frontdoor_profile.legacy.id
  storage_account_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.Storage/storageAccounts/stlogs"

  log {
    category = "FrontDoorAccessLog"
    enabled  = true
  }

  log {
    category = "FrontDoorWebApplicationFirewallLog"
  }
}

resource "azurerm_application_gateway" "app" {
  name                = "agw-app"
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
}

resource "azurerm_monitor_diagnostic_setting" "app" {
  name                       = "agw-app"
  target_resource_id         = azurerm_application_gateway.app.id
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law-security"

  enabled_log {
    category = "ApplicationGatewayAccessLog"
  }

  enabled_log {
    category = "ApplicationGatewayFirewallLog"
  }
}
