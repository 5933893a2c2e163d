resource "azurerm_kubernetes_cluster" "shared" {
  name                = "aks-shared"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "shared"

  default_node_pool { # fail: cluster
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }

}

