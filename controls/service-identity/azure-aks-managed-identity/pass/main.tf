resource "azurerm_kubernetes_cluster" "managed" {
  name                = "aks-managed"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "managed"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }

}

