resource "azurerm_cdn_frontdoor_profile" "edge" { # fail: gateway
  name                = "afd-edge"
  resource_group_name = "rg-edge"
  sku_name            = "Premium_AzureFrontDoor"
}

resource "azurerm_cdn_frontdoor_profile" "metrics" { # fail: gateway - metrics only
  name                = "afd-metrics"
  resource_group_name = "rg-edge"
  sku_name            = "Standard_AzureFrontDoor"
}

resource "azurerm_monitor_diagnostic_setting" "metrics" {
  name                       = "afd-metrics"
  target_resource_id         = azurerm_cdn_frontdoor_profile.metrics.id
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law-security"

  enabled_metric {
    category = "AllMetrics"
  }
}

resource "azurerm_cdn_frontdoor_profile" "disabled" { # fail: gateway - azurerm 3.x log block turned off
  name                = "afd-disabled"
  resource_group_name = "rg-edge"
  sku_name            = "Standard_AzureFrontDoor"
}

resource "azurerm_monitor_diagnostic_setting" "disabled" {
  name                       = "afd-disabled"
  target_resource_id         = azurerm_cdn_frontdoor_profile.disabled.id
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law-security"

  log {
    category = "FrontDoorAccessLog"
    enabled  = false
  }
}
