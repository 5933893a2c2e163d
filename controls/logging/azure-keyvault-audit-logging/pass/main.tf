resource "azurerm_key_vault" "audited" {
  name                = "kv-audited"
  location            = "westeurope"
  resource_group_name = "rg-security"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
}

resource "azurerm_monitor_diagnostic_setting" "audited" {
  name                       = "kv-audit"
  target_resource_id         = azurerm_key_vault.audited.id
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law-security"

  enabled_log {
    category_group = "audit"
  }
}
