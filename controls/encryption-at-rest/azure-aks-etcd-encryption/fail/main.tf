resource "azurerm_kubernetes_cluster" "plain" { # fail: cluster
  name                = "aks-plain"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "plain"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }

}

