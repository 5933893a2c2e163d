resource "azurerm_kubernetes_cluster" "insightsonly" { # fail: cluster - container insights only
  name                = "aks-insightsonly"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "insightsonly"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }


  oms_agent {
    log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law-security"
  }
}

