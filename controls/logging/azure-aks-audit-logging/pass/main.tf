resource "azurerm_kubernetes_cluster" "audited" {
  name                = "aks-audited"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "audited"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }

}

resource "azurerm_monitor_diagnostic_setting" "audited" {
  name                       = "aks-audit"
  target_resource_id         = azurerm_kubernetes_cluster.audited.id
  log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law-security"

  enabled_log {
    category = "kube-audit-admin"
  }

  enabled_log {
    category = "kube-apiserver"
  }
}
