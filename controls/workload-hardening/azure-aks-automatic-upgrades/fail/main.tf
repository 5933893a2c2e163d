resource "azurerm_kubernetes_cluster" "manual" { # fail: cluster
  name                = "aks-manual"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "manual"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }

}

resource "azurerm_kubernetes_cluster" "off" {
  name                = "aks-off"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "off"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }

  automatic_upgrade_channel = "none" # fail: cluster
}

