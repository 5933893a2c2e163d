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

  role_based_access_control_enabled = false # fail: cluster
}

resource "azurerm_kubernetes_cluster" "legacy" {
  name                = "aks-legacy"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "legacy"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }


  role_based_access_control {
    enabled = false # fail: cluster
  }
}

